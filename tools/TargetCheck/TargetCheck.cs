using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Checks every device-side project of a solution against the nanoFramework 1.x API:
    /// the reference assemblies conform to the API lists, each .nfproj compiles against exactly the
    /// packages it references, and the IL lint finds nothing the device cannot run.
    /// </summary>
    public sealed class TargetCheck
    {
        /// <summary>References that carry no API to compile against (the test launcher executable).</summary>
        private static readonly HashSet<string> NoApi = new HashSet<string>(StringComparer.Ordinal) { "nanoFramework.UnitTestLauncher" };

        public ReferenceAssemblies References { get; }
        public string Root { get; }
        private readonly Dictionary<string, CompiledDevice> _built = new Dictionary<string, CompiledDevice>(StringComparer.Ordinal);

        public TargetCheck(string root, string apiDirectory)
        {
            Root = root;
            References = new ReferenceAssemblies(apiDirectory, Path.Combine(AppContext.BaseDirectory, "Shapes"));
        }

        public static string FindRoot(string start)
        {
            for (string dir = Path.GetFullPath(start); dir != null; dir = Path.GetDirectoryName(dir))
                if (File.Exists(Path.Combine(dir, "Phone.sln"))) return dir;
            return null;
        }

        public static string DefaultApiDirectory(string root) =>
            Environment.GetEnvironmentVariable("PHONE_NF_API_DIR") ?? Path.Combine(root, "tools", "TargetCheck", "Api");

        /// <summary>Reference-assembly conformance: problems per assembly (empty when all match).</summary>
        public List<string> CheckConformance(string assembly)
        {
            byte[] image = References.Image(assembly);
            return ApiConformance.Compare(References.Index.Lists[assembly], image, key => IsDelegatePart(key));
        }

        // A delegate's constructor, Invoke, BeginInvoke and EndInvoke come from its declaration; the
        // generator writes the declaration from Invoke and the compiler emits the rest.
        private bool IsDelegatePart(string key)
        {
            foreach (ApiEntry t in References.Index.Lists.Values.SelectMany(l => l.Types).Where(t => t.TypeKind == "delegate"))
                if (key.StartsWith(t.TypeName + ".", StringComparison.Ordinal) && key.IndexOf('.', t.TypeName.Length + 1) < 0 || key.StartsWith(t.TypeName + "..ctor", StringComparison.Ordinal))
                    return true;
            return false;
        }

        public CompiledDevice Build(DeviceProject project)
        {
            if (_built.TryGetValue(project.Path, out CompiledDevice done)) return done;
            return _built[project.Path] = Compile(project, null);
        }

        /// <summary>
        /// Compiles a project as <see cref="Build"/> does, with the text of some of its source files replaced
        /// (path → text; tests plant code into a real project this way). Not cached.
        /// </summary>
        public CompiledDevice Compile(DeviceProject project, IReadOnlyDictionary<string, string> replaced)
        {
            var refs = new List<byte[]>();
            var findings = new List<Finding>();
            // A reference is checked against the list of its assembly name, or else of its package (HintPath).
            var apiNames = project.References.Where(r => !NoApi.Contains(r))
                .Select(r => !References.Has(r) && project.ReferencePackages.TryGetValue(r, out string package) && References.Has(package) ? package : r)
                .ToList();
            foreach (string r in apiNames.Where(r => !References.Has(r)))
                findings.Add(new Finding { File = DeviceCompiler.Display(project.Path, Root), Line = 1, Code = "NF0002", Message = "reference '" + r + "' has no API list in " + References.ApiDirectory + ": cannot check it" });
            foreach (string asm in References.Closure(apiNames.Where(References.Has))) refs.Add(References.Image(asm));
            foreach (string pr in project.ProjectReferences)
            {
                CompiledDevice dep = Build(DeviceProject.Load(pr));
                if (dep.Image != null) refs.Add(dep.Image);
                else findings.Add(new Finding { File = DeviceCompiler.Display(project.Path, Root), Line = 1, Code = "NF0003", Message = "referenced project " + Path.GetFileName(pr) + " does not build" });
            }
            var missing = project.Sources.Where(s => !File.Exists(s)).ToList();
            foreach (string m in missing)
                findings.Add(new Finding { File = DeviceCompiler.Display(project.Path, Root), Line = 1, Code = "NF0004", Message = "Compile item not found: " + DeviceCompiler.Display(m, Root) });
            var sources = project.Sources.Where(File.Exists)
                .Select(s => (s, replaced != null && replaced.TryGetValue(s, out string text) ? text : File.ReadAllText(s)));
            CompiledDevice built = DeviceCompiler.Compile(project.AssemblyName, sources, refs, project.Defines, project.IsExecutable, displayRoot: Root, langVersion: project.LangVersion);
            built.Findings.InsertRange(0, findings);
            return built;
        }

        /// <summary>
        /// MetadataProcessor's per-assembly limits (Limits/Limits.md), estimated for the Debug and the Release build
        /// of the project: a finding for every figure above TableEstimate.Headroom of its limit.
        /// </summary>
        public List<Finding> CheckLimits(string assemblyName, string projectPath, CompiledDevice built, List<TableEstimate> estimates)
        {
            var findings = new List<Finding>();
            foreach (string configuration in new[] { "Debug", "Release" })
            {
                byte[] image = configuration == "Debug" ? built.Image : ReleaseImage(built);
                if (image == null) continue;
                TableEstimate e = TableEstimate.Of(assemblyName, configuration, image);
                estimates?.Add(e);
                foreach (string problem in e.Problems())
                    findings.Add(new Finding { File = DeviceCompiler.Display(projectPath, Root), Line = 1, Code = "NF0100", Message = assemblyName + " (" + configuration + "): " + problem });
            }
            return findings;
        }

        /// <summary>The same compilation with the optimizer on, as a Release build of the .nfproj compiles it.</summary>
        public static byte[] ReleaseImage(CompiledDevice built)
        {
            var compilation = built.Compilation.WithOptions(built.Compilation.Options.WithOptimizationLevel(Microsoft.CodeAnalysis.OptimizationLevel.Release));
            using var pe = new MemoryStream();
            return compilation.Emit(pe).Success ? pe.ToArray() : null;
        }

        /// <summary>One row per assembly and configuration: each limited figure and its share of the limit.</summary>
        public static string LimitsReport(List<TableEstimate> estimates)
        {
            var sb = new System.Text.StringBuilder();
            sb.AppendLine("MetadataProcessor limits (estimated; fail above " + (int)(TableEstimate.Headroom * 100) + " %; Limits/Limits.md):");
            sb.AppendLine(string.Format("  {0,-22} {1,-7} {2,16} {3,16} {4,16} {5,18} {6,18}", "assembly", "config", "byte code", "strings", "signatures", "types (max %)", "members (max %)"));
            foreach (TableEstimate e in estimates)
            {
                int typeMax = Math.Max(e.TypeDefs, Math.Max(e.TypeRefs, e.TypeSpecs));
                int memberMax = Math.Max(Math.Max(e.MethodDefs, e.MethodRefs), Math.Max(e.FieldDefs, e.FieldRefs));
                sb.AppendLine(string.Format("  {0,-22} {1,-7} {2,16} {3,16} {4,16} {5,18} {6,18}", e.Assembly, e.Configuration,
                    Cell(e.ByteCode, TableEstimate.ByteCodeLimit), Cell(e.Strings, TableEstimate.StringsLimit), Cell(e.Signatures, TableEstimate.SignaturesLimit),
                    Cell(typeMax, TableEstimate.TypeRowsLimit), Cell(memberMax, TableEstimate.MemberRowsLimit)));
            }
            return sb.ToString().TrimEnd();
        }

        private static string Cell(int value, int limit) => value + " " + TableEstimate.Percent(value, limit).Replace(" ", "");

        /// <summary>
        /// For a device project with native (InternalCall) methods: the method_lookup layout and checksum
        /// MetadataProcessor will produce, and findings where the firmware's C table (NativeMethodTable in the
        /// .nfproj) differs. Null layout when the project does not build or has no native methods and declares no table.
        /// </summary>
        public (NativeLayout layout, List<Finding> findings) CheckNativeTable(DeviceProject project)
        {
            var findings = new List<Finding>();
            CompiledDevice built = Build(project);
            if (built.Image == null) return (null, findings);
            NativeLayout layout = NativeTable.Compute(built.Image);
            string nfproj = DeviceCompiler.Display(project.Path, Root);
            if (!layout.HasNatives && project.NativeMethodTable == null) return (null, findings);
            if (project.NativeMethodTable == null)
            {
                findings.Add(new Finding { File = nfproj, Line = 1, Code = "NF0010", Message = layout.AssemblyName + " has native methods but the project names no <NativeMethodTable> (the firmware's C file with method_lookup[]): its table cannot be checked" });
                return (layout, findings);
            }
            string c = project.NativeMethodTable;
            if (!File.Exists(c))
            {
                findings.Add(new Finding { File = nfproj, Line = 1, Code = "NF0010", Message = "NativeMethodTable " + DeviceCompiler.Display(c, Root) + " not found" });
                return (layout, findings);
            }
            if (layout.NativeVersion == null)
                findings.Add(new Finding { File = nfproj, Line = 1, Code = "NF0010", Message = layout.AssemblyName + " has native methods but no [assembly: AssemblyNativeVersion]: MetadataProcessor refuses to write its stubs" });
            findings.AddRange(NativeTable.Compare(layout, File.ReadAllText(c), DeviceCompiler.Display(c, Root)));
            findings.AddRange(NativeTable.CheckHandlers(layout, c, DeviceCompiler.Display(c, Root)));
            return (layout, findings);
        }

        /// <summary>
        /// The device frame cost (FrameCost) of the project among <paramref name="projects"/> that holds the model's entry
        /// points, walked over that project and every device project it references; null when none holds them.
        /// </summary>
        public FrameCost.Result CheckFrameCost(IEnumerable<DeviceProject> projects, FrameCost.Model model)
        {
            string entryType = model.Entries[0].Type;
            foreach (DeviceProject p in projects)
            {
                CompiledDevice built = Build(p);
                if (built.Compilation == null || built.Compilation.Assembly.GetTypeByMetadataName(entryType) == null) continue;
                return CheckFrameCost(p, built, model);
            }
            return null;
        }

        /// <summary>The frame cost of <paramref name="built"/> (a build of <paramref name="project"/>) and the device projects it references.</summary>
        public FrameCost.Result CheckFrameCost(DeviceProject project, CompiledDevice built, FrameCost.Model model)
        {
            var assemblies = new List<FrameCost.Assembly>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { project.Path };
            FrameCost.Assembly top = built.Compilation == null ? null : FrameCost.Release(built);
            if (top != null) assemblies.Add(top);
            void Add(string path)
            {
                if (!seen.Add(path)) return;
                DeviceProject d = DeviceProject.Load(path);
                CompiledDevice b = Build(d);
                FrameCost.Assembly a = b.Compilation == null ? null : FrameCost.Release(b);
                if (a != null) assemblies.Add(a);
                foreach (string r in d.ProjectReferences) Add(r);
            }
            foreach (string r in project.ProjectReferences) Add(r);
            return FrameCost.Measure(assemblies, model, Root);
        }

        public static int Main(string[] args)
        {
            string root = FindRoot(Directory.GetCurrentDirectory()) ?? FindRoot(AppContext.BaseDirectory);
            string api = null;
            var projects = new List<string>();
            bool allLists = false;
            string emit = null;
            string nativeTable = null;
            bool frameCostOnly = false;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--api": api = args[++i]; break;
                    case "--root": root = Path.GetFullPath(args[++i]); break;
                    case "--project": projects.Add(Path.GetFullPath(args[++i])); break;
                    case "--all-lists": allLists = true; break;
                    case "--emit": emit = Path.GetFullPath(args[++i]); break;
                    case "--native-table": nativeTable = Path.GetFullPath(args[++i]); break;
                    case "--frame-cost": frameCostOnly = true; break;
                    case "-h": case "--help":
                        Console.WriteLine("usage: TargetCheck [--root DIR] [--api DIR] [--project X.nfproj]... [--all-lists] [--emit DIR]");
                        Console.WriteLine("       TargetCheck --native-table X.nfproj");
                        Console.WriteLine("       TargetCheck --frame-cost");
                        Console.WriteLine("Compiles every .nfproj of Phone.sln against reference assemblies of the nanoFramework API lists,");
                        Console.WriteLine("checks those assemblies member by member against the lists, lints the IL, and checks the firmware's");
                        Console.WriteLine("native method tables against the layout MetadataProcessor gives each interop assembly.");
                        Console.WriteLine("--native-table prints that C table (method_lookup[] and CLR_RT_NativeAssemblyData) for one project.");
                        Console.WriteLine("--frame-cost prints only the device frame cost: managed calls and loops per 20 ms frame of the media path.");
                        return 0;
                    default: Console.Error.WriteLine("unknown argument " + args[i]); return 2;
                }
            }
            if (root == null) { Console.Error.WriteLine("Phone.sln not found; pass --root"); return 2; }
            api ??= DefaultApiDirectory(root);
            bool wholeSolution = projects.Count == 0;
            if (wholeSolution) projects = DeviceProject.FromSolution(Path.Combine(root, "Phone.sln"));

            TargetCheck check;
            try { check = new TargetCheck(root, api); }
            catch (Exception ex) { Console.Error.WriteLine("target check: " + ex.Message); return 2; }

            if (nativeTable != null)
            {
                DeviceProject p = DeviceProject.Load(nativeTable);
                CompiledDevice built = check.Build(p);
                if (built.Image == null)
                {
                    foreach (Finding f in built.Findings) Console.Error.WriteLine(f.ToString());
                    return 1;
                }
                NativeLayout layout = NativeTable.Compute(built.Image);
                Console.Write(layout.ToC());
                if (!NativeTable.CultureSorting) Console.Error.WriteLine("warning: .NET runs without culture data here (invariant globalization); type order is ordinal, MetadataProcessor's is not");
                return 0;
            }

            int errors = 0;
            var loaded = projects.Select(DeviceProject.Load).ToList();
            if (frameCostOnly)
            {
                FrameCost.Result only = check.CheckFrameCost(loaded, FrameCost.Device());
                if (only == null) { Console.Error.WriteLine("no project holds " + FrameCost.Device().Entries[0].Type); return 2; }
                Console.WriteLine(FrameCost.Report(only));
                foreach (Finding f in only.Findings) Console.WriteLine(f.ToString());
                return only.Findings.Count == 0 ? 0 : 1;
            }
            var used = check.References.Closure(loaded.SelectMany(p => p.References).Where(check.References.Has).Distinct());
            var lists = allLists ? check.References.Closure(check.References.Available) : used;
            Console.WriteLine("nanoFramework API lists: " + api);
            foreach (string asm in lists)
            {
                List<string> problems;
                try { problems = check.CheckConformance(asm); }
                catch (Exception ex) { problems = new List<string> { ex.Message }; }
                Console.WriteLine((problems.Count == 0 ? "  ok    " : "  FAIL  ") + "reference " + asm + (problems.Count == 0 ? " matches its list" : ": " + problems.Count + " problem(s)"));
                foreach (string p in problems.Take(50)) Console.WriteLine("        " + p);
                errors += problems.Count;
                if (emit != null && problems.Count == 0)
                {
                    Directory.CreateDirectory(emit);
                    File.WriteAllBytes(Path.Combine(emit, asm + ".dll"), check.References.Image(asm));
                }
            }
            var estimates = new List<TableEstimate>();
            foreach (DeviceProject p in loaded)
            {
                CompiledDevice built = check.Build(p);
                string name = DeviceCompiler.Display(p.Path, root);
                List<Finding> limits = built.Image == null ? new List<Finding>() : check.CheckLimits(Path.GetFileNameWithoutExtension(p.Path), p.Path, built, estimates);
                Console.WriteLine((built.Success && limits.Count == 0 ? "  ok    " : "  FAIL  ") + name + " (" + p.Sources.Count + " files; " + string.Join(", ", p.References) + ")");
                foreach (Finding f in built.Findings.Concat(limits)) Console.WriteLine(f.ToString());
                errors += built.Findings.Count + limits.Count;
                (NativeLayout layout, List<Finding> native) = check.CheckNativeTable(p);
                if (layout != null)
                {
                    string table = p.NativeMethodTable == null ? "(no NativeMethodTable)" : DeviceCompiler.Display(p.NativeMethodTable, root);
                    Console.WriteLine((native.Count == 0 ? "  ok    " : "  FAIL  ") + table + " for " + layout.AssemblyName);
                    foreach (string line in layout.Describe().TrimEnd().Split('\n')) Console.WriteLine("        " + line);
                    if (!NativeTable.CultureSorting) Console.WriteLine("        warning: no culture data (invariant globalization): types sorted ordinally, MetadataProcessor sorts by culture");
                }
                foreach (Finding f in native) Console.WriteLine(f.ToString());
                errors += native.Count;
            }
            FrameCost.Result frame = check.CheckFrameCost(loaded, FrameCost.Device());
            if (frame != null)
            {
                Console.WriteLine();
                Console.WriteLine(FrameCost.Report(frame));
                foreach (Finding f in frame.Findings) Console.WriteLine(f.ToString());
                errors += frame.Findings.Count;
            }
            else if (wholeSolution)
            {
                // The media engine moved or was renamed: the frame-cost check must follow it, not vanish.
                Console.WriteLine("Phone.sln(1): error " + FrameCost.Code + ": no device project holds " + FrameCost.Device().Entries[0].Type + ", the device frame cost's entry point: update FrameCost.Device()");
                errors++;
            }
            Console.WriteLine();
            Console.WriteLine(LimitsReport(estimates));
            Console.WriteLine(errors == 0 ? "target check passed" : "target check FAILED: " + errors + " problem(s)");
            return errors == 0 ? 0 : 1;
        }
    }
}
