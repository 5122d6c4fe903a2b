using System.Linq;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// nanoFramework strings end at U+0000, so device code may not state a string or char constant
    /// containing it, in any of the forms C# has. Each planted form is rejected at its line.
    /// </summary>
    public class NulConstantTests
    {
        private static void RejectedAt(CompiledDevice built, int line, string what)
        {
            Finding f = built.Findings.FirstOrDefault(x => x.Code == SourceLint.NulCode && x.File == "Planted.cs" && x.Line == line && x.Message.Contains(what));
            Assert.True(f != null, "expected NF0005 at Planted.cs line " + line + " naming '" + what + "'; got:\n" + string.Join("\n", built.Findings));
            Assert.Contains("U+0000", f.Message);
        }

        private static CompiledDevice InMethod(string statement) =>
            Fixture.CompileDevice("class A\n{\n    object M(int n)\n    {\n        " + statement + "\n    }\n}\n");

        [Theory]
        [InlineData("return \"A:\\0 B\";", "string literal")]
        [InlineData("return \"A:\\u0000 B\";", "string literal")]
        [InlineData("return \"A:\\x0 B\";", "string literal")]
        [InlineData("return \"A:\\U00000000\";", "string literal")]
        [InlineData("return @\"A:\u0000 B\";", "string literal")]          // a raw NUL character inside a verbatim string
        [InlineData("return $\"{n}\\0\";", "interpolated string text")]
        [InlineData("return $@\"{n}\u0000\";", "interpolated string text")]
        [InlineData("return \"\"\"A:\u0000 B\"\"\";", "string literal")]    // raw string literal
        [InlineData("return $\"\"\"{n}\u0000\"\"\";", "interpolated string text")]
        [InlineData("return '\\0';", "char literal")]
        [InlineData("return '\\u0000';", "char literal")]
        [InlineData("return new string(new[] { 'x', '\\0', 'y' });", "char literal")]
        public void Nul_in_a_literal_is_rejected(string statement, string what)
        {
            RejectedAt(InMethod(statement), 5, what);
        }

        [Fact]
        public void Multi_line_raw_string_with_nul_is_rejected_at_its_start()
        {
            var built = InMethod("return \"\"\"\n            first\n            A:\u0000\n            \"\"\";");
            RejectedAt(built, 5, "string literal");
        }

        [Fact]
        public void Const_string_and_char_fields_are_rejected_at_their_literal()
        {
            var built = Fixture.CompileDevice("class A\n{\n    const string Sep = \"a\\0\";\n    const char End = '\\0';\n    string M() { return Sep + End; }\n}\n");
            RejectedAt(built, 3, "string literal");
            RejectedAt(built, 4, "char literal");
        }

        [Fact]
        public void A_referenced_constant_containing_nul_is_rejected_where_it_is_used()
        {
            CompiledDevice lib = DeviceCompiler.Compile("Lib", new[] { ("Lib.cs", "public static class K\n{\n    public const string Nul = \"\\0\";\n}\n") },
                Fixture.Check.References.Closure(new[] { "mscorlib" }).Select(Fixture.Check.References.Image));
            Assert.NotNull(lib.Image);
            var refs = Fixture.Check.References.Closure(new[] { "mscorlib" }).Select(Fixture.Check.References.Image).Concat(new[] { lib.Image });
            CompiledDevice built = DeviceCompiler.Compile("Planted", new[] { ("Planted.cs", "class A\n{\n    string M()\n    {\n        return \"x\" + K.Nul;\n    }\n}\n") }, refs);
            RejectedAt(built, 5, "K.Nul");
        }

        [Fact]
        public void Numbers_bytes_and_digit_zero_pass()
        {
            var built = Fixture.CompileDevice("class A\n{\n    static readonly byte[] Z = new byte[] { 0x41, 0, 0x42 };\n" +
                                              "    bool M(char c, int b) { return c == (char)0 || b == 0 || c == '0' || \"0\".Length == 1 || Z[1] == 0; }\n}\n");
            Assert.True(built.Success, string.Join("\n", built.Findings));
        }
    }
}
