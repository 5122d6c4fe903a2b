using System.Linq;
using System.Text;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// The check fails an assembly that MetadataProcessor could not build, or could build with less than a quarter of
    /// room to grow: planted assemblies over each kind of limit are reported, and small ones are not.
    /// </summary>
    public class LimitsTests
    {
        private static System.Collections.Generic.List<Finding> Limits(CompiledDevice built)
        {
            Assert.True(built.Image != null, string.Join("\n", built.Findings));
            return Fixture.Check.CheckLimits("Planted", "Planted.nfproj", built, null);
        }

        [Fact]
        public void An_assembly_with_too_much_byte_code_fails_in_Debug_and_Release()
        {
            // 7,000 statements of about 8 bytes of byte code each: ~56 KB, over 75 % of 64 KiB but under the limit
            // itself, so the headroom rule is what catches it.
            var sb = new StringBuilder("class Big\n{\n    static int x;\n");
            for (int m = 0; m < 7; m++)
            {
                sb.Append("    static void M" + m + "()\n    {\n");
                for (int i = 0; i < 1000; i++) sb.Append("        x = x * 3 + " + (i + 1000) + ";\n");
                sb.Append("    }\n");
            }
            sb.Append("}\n");
            var findings = Limits(Fixture.CompileDevice(sb.ToString()));
            Assert.Contains(findings, f => f.Code == "NF0100" && f.Message.Contains("(Debug): byte code"));
            Assert.Contains(findings, f => f.Code == "NF0100" && f.Message.Contains("(Release): byte code"));
            Assert.DoesNotContain(findings, f => f.Message.Contains("strings"));
        }

        [Fact]
        public void An_assembly_with_too_many_strings_fails()
        {
            // 1,700 distinct literals of 32 characters: ~56 KB of string table, little byte code.
            var sb = new StringBuilder("class Words\n{\n    static string[] All = new string[]\n    {\n");
            for (int i = 0; i < 1700; i++) sb.Append("        \"phone-string-literal-number-" + i.ToString("D5") + "\",\n");
            sb.Append("    };\n}\n");
            var findings = Limits(Fixture.CompileDevice(sb.ToString()));
            Assert.Contains(findings, f => f.Code == "NF0100" && f.Message.Contains("(Debug): strings"));
            Assert.DoesNotContain(findings, f => f.Message.Contains("byte code"));
        }

        [Fact]
        public void Long_member_names_count_in_the_string_table()
        {
            // Names, not literals: 600 methods with 90-character names.
            var sb = new StringBuilder("class Names\n{\n");
            for (int i = 0; i < 600; i++) sb.Append("    static void " + new string('N', 84) + i.ToString("D4") + "() { }\n");
            sb.Append("}\n");
            TableEstimate e = TableEstimate.Of("Planted", "Debug", Fixture.CompileDevice(sb.ToString()).Image);
            Assert.InRange(e.Strings, 600 * 89, 600 * 89 + 200);
        }

        [Fact]
        public void More_than_255_static_methods_in_one_type_fail()
        {
            var sb = new StringBuilder("class Many\n{\n");
            for (int i = 0; i < 256; i++) sb.Append("    static int M" + i + "() { return " + i + "; }\n");
            sb.Append("}\n");
            var findings = Limits(Fixture.CompileDevice(sb.ToString()));
            Assert.Contains(findings, f => f.Message.Contains("Many: static methods (256)"));
        }

        [Fact]
        public void Built_in_strings_are_not_counted()
        {
            // ".ctor", "Dispose" and "value" are in the device's own string table.
            TableEstimate e = TableEstimate.Of("Planted", "Debug", Fixture.CompileDevice("class C\n{\n    public void Dispose() { }\n}\n").Image);
            Assert.Contains("C", e.StoredStrings);
            Assert.Contains("Planted", e.StoredStrings);
            Assert.DoesNotContain(".ctor", e.StoredStrings);
            Assert.DoesNotContain("Dispose", e.StoredStrings);
            Assert.DoesNotContain("System", e.StoredStrings);
        }

        [Fact]
        public void A_small_assembly_passes()
        {
            Assert.Empty(Limits(Fixture.CompileDevice("class Small\n{\n    static int F(int a) { return a + 1; }\n}\n")));
        }
    }
}
