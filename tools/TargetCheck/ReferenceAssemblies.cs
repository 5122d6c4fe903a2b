using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Phone.TargetCheck
{
    /// <summary>
    /// The assemblies device code compiles against: the real nanoFramework mscorlib.dll (from the pinned
    /// nanoFramework.CoreLibrary NuGet package), and compile-only reference assemblies generated from the
    /// API lists of the other packages, each compiled against the real mscorlib and the assemblies its
    /// signatures name. Built on demand and cached per run.
    /// </summary>
    public sealed class ReferenceAssemblies
    {
        private readonly TypeIndex _index;
        private readonly Shapes _shapes;
        private readonly Dictionary<string, byte[]> _images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sources = new Dictionary<string, string>(StringComparer.Ordinal);

        public string ApiDirectory { get; }

        /// <summary>The real mscorlib.dll of nanoFramework.CoreLibrary (copied beside this tool at build time).</summary>
        public string MscorlibPath { get; }

        /// <summary>Where the build copies the package's lib/mscorlib.dll; PHONE_NF_MSCORLIB overrides it.</summary>
        public static string DefaultMscorlibPath =>
            Environment.GetEnvironmentVariable("PHONE_NF_MSCORLIB") ?? Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll");

        public ReferenceAssemblies(string apiDirectory, string shapesDirectory, string mscorlibPath = null)
        {
            ApiDirectory = apiDirectory;
            MscorlibPath = mscorlibPath ?? DefaultMscorlibPath;
            if (!File.Exists(MscorlibPath))
                throw new FileNotFoundException("the real nanoFramework mscorlib.dll was not found at " + MscorlibPath
                    + " (it comes from the nanoFramework.CoreLibrary package: dotnet restore, then build tools/TargetCheck)");
            if (!Directory.Exists(apiDirectory))
                throw new DirectoryNotFoundException("nanoFramework API lists not found at " + apiDirectory + " (set PHONE_NF_API_DIR)");
            var lists = Directory.GetFiles(apiDirectory, "*.txt").OrderBy(f => f, StringComparer.Ordinal).Select(ApiList.Load).ToList();
            _index = new TypeIndex(lists);
            _shapes = new Shapes(name => _index.Type(name)?.TypeKind == "class");
            if (Directory.Exists(shapesDirectory))
            {
                foreach (string f in Directory.GetFiles(shapesDirectory, "*.shape").OrderBy(f => f, StringComparer.Ordinal)) _shapes.Load(f);
            }
        }

        public TypeIndex Index => _index;
        public IEnumerable<string> Available => _index.Assemblies;
        public bool Has(string assembly) => _index.Lists.ContainsKey(assembly);

        public string SourceOf(string assembly)
        {
            if (!_sources.TryGetValue(assembly, out string src))
                _sources[assembly] = src = new ReferenceSourceWriter(_index.Lists[assembly], _index, _shapes).Write();
            return src;
        }

        /// <summary>The assembly and, transitively, everything it references, in dependency order.</summary>
        public List<string> Closure(IEnumerable<string> assemblies)
        {
            var order = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Visit(string a)
            {
                if (!seen.Add(a)) return;
                foreach (string d in Dependencies(a)) Visit(d);
                order.Add(a);
            }
            foreach (string a in assemblies) Visit(a);
            return order;
        }

        private IEnumerable<string> Dependencies(string assembly) => assembly == "mscorlib" ? Enumerable.Empty<string>() :
            _index.DependenciesOf(assembly, _shapes_BaseNames(assembly)).Where(d => d != assembly).OrderBy(d => d, StringComparer.Ordinal);

        private IEnumerable<string> _shapes_BaseNames(string assembly) =>
            _index.Lists[assembly].Types.SelectMany(t => _shapes.BasesOf(t.TypeName));

        public byte[] Image(string assembly)
        {
            if (_images.TryGetValue(assembly, out byte[] image)) return image;
            if (!Has(assembly)) throw new InvalidOperationException("No API list for assembly '" + assembly + "' in " + ApiDirectory);
            if (assembly == "mscorlib") return _images[assembly] = File.ReadAllBytes(MscorlibPath);
            var refs = new List<MetadataReference>();
            foreach (string dep in Closure(Dependencies(assembly)))
                refs.Add(MetadataReference.CreateFromImage(Image(dep)));
            SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceOf(assembly), new CSharpParseOptions(LanguageVersion.CSharp10), path: assembly + ".ref.cs");
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable,
                                                       allowUnsafe: false, deterministic: true);
            CSharpCompilation compilation = CSharpCompilation.Create(assembly, new[] { tree }, refs, options);
            using var pe = new MemoryStream();
            var result = compilation.Emit(pe);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(40).Select(d => d.ToString());
                throw new InvalidOperationException("Reference assembly " + assembly + " does not compile (a generator or shape defect):\n  " + string.Join("\n  ", errors));
            }
            return _images[assembly] = pe.ToArray();
        }
    }
}
