using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Phone.TargetCheck
{
    /// <summary>A problem with a place: what the check prints and what its tests assert on.</summary>
    public sealed class Finding
    {
        public string File;
        public int Line;
        public int Column;
        public string Code;
        public string Message;
        public override string ToString() =>
            (File ?? "?") + "(" + Line + (Column > 0 ? "," + Column : "") + "): error " + Code + ": " + Message;
    }

    public sealed class CompiledDevice
    {
        public string AssemblyName;
        public byte[] Image;
        public byte[] Pdb;
        public CSharpCompilation Compilation;
        public List<Finding> Findings = new List<Finding>();
        public bool Success => Image != null && Findings.Count == 0;
    }

    /// <summary>
    /// Compiles device sources the way the nanoFramework toolchain does: no standard library, only
    /// the reference assemblies of the packages the project names, NANOFRAMEWORK_1_0 defined,
    /// unsafe code not allowed, at the project's C# version (9.0 unless it says otherwise, as in the
    /// nanoFramework project system). Then the IL lint rejects what compiles but the device cannot run.
    /// </summary>
    public static class DeviceCompiler
    {
        public static CompiledDevice Compile(string assemblyName, IEnumerable<(string path, string text)> sources,
                                             IEnumerable<byte[]> references, IEnumerable<string> defines = null, bool executable = false,
                                             bool allowUnsafe = false, string displayRoot = null, string langVersion = DeviceProject.DefaultLangVersion)
        {
            List<byte[]> referenceImages = references.ToList();
            if (!LanguageVersionFacts.TryParse(langVersion, out LanguageVersion language))
                return new CompiledDevice { AssemblyName = assemblyName, Findings = { new Finding { Code = "NF0007", Message = "unknown LangVersion '" + langVersion + "'" } } };
            var parse = new CSharpParseOptions(language,
                preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" }.Concat(defines ?? Enumerable.Empty<string>()));
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.text, parse, path: s.path, encoding: System.Text.Encoding.UTF8)).ToList();
            var options = new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: allowUnsafe, deterministic: true,
                optimizationLevel: OptimizationLevel.Debug);
            CSharpCompilation compilation = CSharpCompilation.Create(assemblyName, trees,
                referenceImages.Select(r => (MetadataReference)MetadataReference.CreateFromImage(r)), options);

            var result = new CompiledDevice { AssemblyName = assemblyName, Compilation = compilation };
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult emit = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            foreach (Diagnostic d in emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                result.Findings.Add(FromDiagnostic(d, displayRoot));
            result.Findings.AddRange(SourceLint.NulConstants(compilation, displayRoot));
            if (!emit.Success) return result;
            result.Image = pe.ToArray();
            result.Pdb = pdb.ToArray();
            var excluded = new HashSet<string>(referenceImages.SelectMany(MetadataApi.ExcludedTypes), StringComparer.Ordinal);
            result.Findings.AddRange(IlLint.Check(result.Image, result.Pdb, compilation, displayRoot, excluded));
            result.Findings.AddRange(AttributeLint.Check(result.Image, compilation, displayRoot));
            return result;
        }

        private static Finding FromDiagnostic(Diagnostic d, string root)
        {
            var f = new Finding { Code = d.Id, Message = Explain(d) };
            if (d.Location.IsInSource)
            {
                FileLinePositionSpan span = d.Location.GetLineSpan();
                f.File = Display(span.Path, root);
                f.Line = span.StartLinePosition.Line + 1;
                f.Column = span.StartLinePosition.Character + 1;
                string code = d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan);
                if (code.Length > 0 && code.Length <= 80) f.Message += " [at '" + code + "']";
            }
            return f;
        }

        /// <summary>Compiler errors against the device API say why in device terms.</summary>
        private static string Explain(Diagnostic d)
        {
            string msg = d.GetMessage();
            switch (d.Id)
            {
                case "CS0246": case "CS0234": case "CS0400":
                    return msg + " — not in the nanoFramework API this project references";
                case "CS0117": case "CS1061": case "CS0103":
                    return msg + " — the nanoFramework API lacks this member";
                case "CS0518": case "CS0656":
                    return msg + " — the construct needs a type or member nanoFramework 1.x does not have";
                case "CS0227": case "CS0214":
                    return msg + " — unsafe code, pointers and stackalloc do not run on nanoFramework";
                default:
                    return msg;
            }
        }

        public static string Display(string path, string root)
        {
            if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(root)) return path;
            string rel = Path.GetRelativePath(root, path);
            return rel.StartsWith("..", StringComparison.Ordinal) ? path : rel;
        }
    }
}
