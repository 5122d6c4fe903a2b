using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// Each IL opcode nanoCLR does not execute is rejected by the IL lint at its source line.
    /// Typed references and varargs come from C# (__makeref, __refvalue, __reftype, __arglist) compiled
    /// against the host runtime, since the device mscorlib lacks TypedReference and ArgIterator (so the
    /// device compile already fails there, and the lint is the second line); cpblk and initblk come from
    /// stackalloc initializers. C# never writes jmp or ckfinite: those (and again cpblk, initblk and
    /// localloc, independent of what Roslyn chooses) are patched by hand into a compiled method body in
    /// place of a marker constant, keeping the PDB's sequence points.
    /// </summary>
    public class UnsupportedOpcodeTests
    {
        private static (byte[] image, byte[] pdb) HostCompile(string source)
        {
            var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("Planted",
                new[] { CSharpSyntaxTree.ParseText(source, path: "Planted.cs", encoding: System.Text.Encoding.UTF8) }, tpa,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, optimizationLevel: OptimizationLevel.Debug, deterministic: true));
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            EmitResult r = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            Assert.True(r.Success, string.Join("\n", r.Diagnostics));
            return (pe.ToArray(), pdb.ToArray());
        }

        private static void Rejected(List<Finding> findings, int line, string opcode)
        {
            Finding f = findings.FirstOrDefault(x => x.File == "Planted.cs" && x.Line == line && x.Message.Contains("IL opcode " + opcode + " "));
            Assert.True(f != null, "expected " + opcode + " at Planted.cs line " + line + "; got:\n" + string.Join("\n", findings));
            Assert.Equal(IlLint.Code, f.Code);
        }

        [Theory]
        [InlineData("int r = 1;\n        System.TypedReference t = __makeref(r);", "mkrefany")]
        [InlineData("int r = 1;\n        System.TypedReference t = __makeref(r);\n        int v = __refvalue(t, int);", "refanyval")]
        [InlineData("int r = 1;\n        System.TypedReference t = __makeref(r);\n        System.Type k = __reftype(t);", "refanytype")]
        public void Typed_reference_opcodes_are_rejected(string body, string opcode)
        {
            string src = "class A\n{\n    void M()\n    {\n        " + body + "\n    }\n}\n";
            int line = 5 + body.Count(c => c == '\n');
            var (image, pdb) = HostCompile(src);
            Rejected(IlLint.Check(image, pdb), line, opcode);
            Assert.False(Fixture.CompileDevice(src).Success); // the device mscorlib has no TypedReference either
        }

        [Fact]
        public void Arglist_is_rejected()
        {
            string src = "class A\n{\n    static int V(__arglist)\n    {\n        var it = new System.ArgIterator(__arglist);\n        return it.GetRemainingCount();\n    }\n}\n";
            var (image, pdb) = HostCompile(src);
            Rejected(IlLint.Check(image, pdb), 5, "arglist");
            Assert.False(Fixture.CompileDevice(src).Success);
        }

        [Fact]
        public void Calli_through_a_function_pointer_is_rejected()
        {
            string src = "unsafe class A\n{\n    static int One() => 1;\n    static int M()\n    {\n        delegate*<int> f = &One;\n        return f();\n    }\n}\n";
            var built = Fixture.CompileDevice(src, allowUnsafe: true);
            Assert.NotNull(built.Image);
            Rejected(built.Findings, 7, "calli");
        }

        [Theory]
        [InlineData("byte* p = stackalloc byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };", "cpblk")]   // copied from a data blob
        [InlineData("byte* p = stackalloc byte[] { 7, 7, 7, 7 };", "initblk")]             // one repeated byte
        public void Block_opcodes_cSharp_writes_for_stackalloc_initializers_are_rejected(string statement, string opcode)
        {
            string src = "unsafe class A\n{\n    static int M()\n    {\n        " + statement + "\n        return p[0];\n    }\n}\n";
            var built = Fixture.CompileDevice(src, allowUnsafe: true);
            Assert.NotNull(built.Image);
            Rejected(built.Findings, 5, opcode);
        }

        // The marker `int x = 0x7A5A5A01;` compiles (Debug) to ldc.i4 0x7A5A5A01 — 20 01 5A 5A 7A — on line 5;
        // those five bytes are replaced by the opcode under test padded with nop (00).
        [Theory]
        [InlineData(new byte[] { 0xFE, 0x17, 0, 0, 0 }, "cpblk")]
        [InlineData(new byte[] { 0xFE, 0x18, 0, 0, 0 }, "initblk")]
        [InlineData(new byte[] { 0xC3, 0, 0, 0, 0 }, "ckfinite")]
        [InlineData(new byte[] { 0x27, 0x01, 0x00, 0x00, 0x06 }, "jmp")]        // jmp to MethodDef 0x06000001
        [InlineData(new byte[] { 0xFE, 0x0F, 0, 0, 0 }, "localloc")]
        public void Opcodes_cSharp_does_not_write_are_rejected_when_patched_into_a_method(byte[] patch, string opcode)
        {
            string src = "class A\n{\n    void M()\n    {\n        int x = 0x7A5A5A01;\n        x++;\n    }\n}\n";
            CompiledDevice built = Fixture.CompileDevice(src);
            Assert.True(built.Success, string.Join("\n", built.Findings));
            byte[] image = (byte[])built.Image.Clone();
            byte[] marker = { 0x20, 0x01, 0x5A, 0x5A, 0x7A };
            int at = IndexOf(image, marker);
            Assert.True(at >= 0 && IndexOf(image, marker, at + 1) < 0, "marker must occur exactly once");
            Array.Copy(patch, 0, image, at, patch.Length);
            List<Finding> findings = IlLint.Check(image, built.Pdb, built.Compilation);
            Rejected(findings, 5, opcode);
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int from = 0)
        {
            for (int i = from; i <= haystack.Length - needle.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }
}
