using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace Phone.TargetCheck
{
    /// <summary>What the target check needs from a classic nanoFramework project (.nfproj).</summary>
    public sealed class DeviceProject
    {
        public string Path { get; private set; }
        public string Directory => System.IO.Path.GetDirectoryName(Path);
        public string AssemblyName { get; private set; }
        public bool IsExecutable { get; private set; }
        /// <summary>Source files, full paths, in project order.</summary>
        public List<string> Sources { get; } = new List<string>();
        /// <summary>Referenced nanoFramework assemblies by name (Reference Include), e.g. mscorlib.</summary>
        public List<string> References { get; } = new List<string>();
        /// <summary>
        /// The NuGet package of each reference, from its HintPath (packages\&lt;id&gt;.&lt;version&gt;\lib\...). API lists are
        /// named after packages, and a package's assembly may be named otherwise (nanoFramework.System.Threading
        /// ships System.Threading.dll, referenced as Include="System.Threading").
        /// </summary>
        public Dictionary<string, string> ReferencePackages { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Referenced device projects, full paths.</summary>
        public List<string> ProjectReferences { get; } = new List<string>();
        public List<string> Defines { get; } = new List<string>();
        /// <summary>
        /// The C# version the project builds with: its LangVersion, or 9.0 when it sets none, because the
        /// nanoFramework project system's NFProjectSystem.Default.props sets 9.0 and every .nfproj imports it first.
        /// </summary>
        public string LangVersion { get; private set; } = DefaultLangVersion;
        public const string DefaultLangVersion = "9.0";
        /// <summary>
        /// For an interop assembly: the C++ file holding its method_lookup[] and CLR_RT_NativeAssemblyData
        /// (property NativeMethodTable, relative to the project; the nanoFramework build ignores it), full path.
        /// </summary>
        public string NativeMethodTable { get; private set; }

        public static DeviceProject Load(string path)
        {
            XDocument doc = XDocument.Load(path);
            var p = new DeviceProject { Path = System.IO.Path.GetFullPath(path) };
            string dir = p.Directory;
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "AssemblyName")) p.AssemblyName = e.Value.Trim();
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "LangVersion")) p.LangVersion = e.Value.Trim();
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "NativeMethodTable")) p.NativeMethodTable = Full(dir, e.Value.Trim());
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "OutputType")) p.IsExecutable = e.Value.Trim() == "Exe";
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "DefineConstants"))
                p.Defines.AddRange(e.Value.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => !s.StartsWith("$")));
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "Compile"))
                p.Sources.Add(Full(dir, (string)e.Attribute("Include")));
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "Reference"))
            {
                string name = ((string)e.Attribute("Include")).Split(',')[0].Trim();
                p.References.Add(name);
                string package = PackageOf(e.Elements().Where(h => h.Name.LocalName == "HintPath").Select(h => h.Value).FirstOrDefault());
                if (package != null) p.ReferencePackages[name] = package;
            }
            foreach (XElement e in doc.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
                p.ProjectReferences.Add(Full(dir, (string)e.Attribute("Include")));
            p.AssemblyName ??= System.IO.Path.GetFileNameWithoutExtension(path);
            return p;
        }

        /// <summary>The package id in a HintPath such as ..\..\packages\nanoFramework.System.Threading.1.1.52\lib\System.Threading.dll.</summary>
        public static string PackageOf(string hintPath)
        {
            if (string.IsNullOrEmpty(hintPath)) return null;
            string[] parts = hintPath.Replace('/', '\\').Split('\\');
            int i = Array.FindLastIndex(parts, x => string.Equals(x, "packages", StringComparison.OrdinalIgnoreCase));
            if (i < 0 || i + 1 >= parts.Length) return null;
            System.Text.RegularExpressions.Match m = System.Text.RegularExpressions.Regex.Match(parts[i + 1], @"^(.+?)\.\d+\.\d+\.\d+([.-].*)?$");
            return m.Success ? m.Groups[1].Value : null;
        }

        /// <summary>Project files use Windows separators; resolve them on any OS.</summary>
        public static string Full(string dir, string include) =>
            System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, include.Replace('\\', System.IO.Path.DirectorySeparatorChar)));

        /// <summary>The .nfproj files a solution lists, in solution order.</summary>
        public static List<string> FromSolution(string slnPath)
        {
            string root = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(slnPath));
            var result = new List<string>();
            foreach (string line in File.ReadAllLines(slnPath))
            {
                if (!line.StartsWith("Project(", StringComparison.Ordinal)) continue;
                string[] parts = line.Split('"');
                if (parts.Length > 5 && parts[5].EndsWith(".nfproj", StringComparison.OrdinalIgnoreCase)) result.Add(Full(root, parts[5]));
            }
            return result;
        }
    }
}
