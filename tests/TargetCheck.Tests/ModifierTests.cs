using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// Device code compiles against the real nanoFramework mscorlib and against reference assemblies that
    /// carry the packages' real modifiers, attributes, parameter names and defaults: what the device
    /// toolchain refuses is refused here, and the conformance check notices a modifier that differs from
    /// the list.
    /// </summary>
    public class ModifierTests
    {
        private static CompiledDevice Compile(string source, params string[] assemblies)
        {
            var refs = Fixture.Check.References.Closure(new[] { "mscorlib" }.Concat(assemblies)).Select(Fixture.Check.References.Image);
            return DeviceCompiler.Compile("Planted", new[] { ("Planted.cs", source) }, refs);
        }

        private static ApiList Altered(string assembly, string key, System.Func<string, string> change)
        {
            ApiList list = Fixture.Check.References.Index.Lists[assembly];
            var altered = new ApiList(list.Assembly);
            int hits = 0;
            foreach (ApiEntry e in list.Entries)
            {
                if (e.Kind == 'T' && e.Key == key)
                {
                    hits++;
                    string mods = string.Join(" ", new[] { e.TypeKind }.Concat(e.Modifiers));
                    altered.Entries.Add(ApiList.Parse("T " + e.Key + " | " + change(mods), assembly, e.Line));
                }
                else altered.Entries.Add(e);
            }
            Assert.Equal(1, hits);
            return altered;
        }

        [Fact]
        public void Mscorlib_is_the_real_package_assembly()
        {
            byte[] image = Fixture.Check.References.Image("mscorlib");
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            Assert.Equal("mscorlib", md.GetString(md.GetAssemblyDefinition().Name));
            // The generated one had an internal constructor-chaining helper; the real one has no such type.
            Assert.DoesNotContain(md.TypeDefinitions, h => md.GetString(md.GetTypeDefinition(h).Name) == "__ReferenceOnly");
            Assert.Equal(199, MetadataApi.Read(image).Count(m => m.Kind == 'T'));
            Assert.Empty(Fixture.Check.CheckConformance("mscorlib"));
        }

        [Fact]
        public void A_wrong_modifier_in_the_mscorlib_list_fails_conformance_against_the_real_dll()
        {
            // System.String is sealed in the real mscorlib.dll; a list claiming otherwise is caught.
            ApiList list = Altered("mscorlib", "System.String", m => m.Replace(" sealed", ""));
            var problems = ApiConformance.Compare(list, Fixture.Check.References.Image("mscorlib"));
            Assert.Contains(problems, p => p.Contains("modifiers differ: T System.String is sealed"));
            // And a modifier the real type lacks: System.Exception is not sealed.
            list = Altered("mscorlib", "System.Exception", m => m + " sealed");
            problems = ApiConformance.Compare(list, Fixture.Check.References.Image("mscorlib"));
            Assert.Contains(problems, p => p.Contains("modifiers differ: T System.Exception is (none), list says sealed"));
        }

        [Theory]
        [InlineData("System.Device.Gpio", "System.Device.Gpio.GpioController", "sealed", "static")]
        [InlineData("System.Device.Gpio", "System.Device.Gpio.PinValue", "readonly", "")]
        [InlineData("System.IO.Streams", "System.IO.Stream", "abstract", "sealed")]
        [InlineData("nanoFramework.Runtime.Events", "nanoFramework.Runtime.Events.CustomEvent", "static", "abstract")]
        public void A_planted_wrong_modifier_fails_conformance_of_a_generated_assembly(string assembly, string type, string real, string planted)
        {
            ApiList list = Altered(assembly, type, m => (" " + m + " ").Replace(" " + real + " ", " " + planted + " ").Trim());
            var problems = ApiConformance.Compare(list, Fixture.Check.References.Image(assembly));
            Assert.Contains(problems, p => p.Contains("modifiers differ: T " + type + " is " + real));
        }

        [Theory]
        [InlineData("mscorlib", "M System.Object.ToString():System.String | virtual", "", "is virtual, list says (none)")]
        [InlineData("mscorlib", "M System.Exception.ToString():System.String | override", "virtual", "is override, list says virtual")]
        [InlineData("System.IO.Streams", "M System.IO.Stream.Read(System.Byte[],System.Int32,System.Int32):System.Int32 | abstract", "virtual", "is abstract, list says virtual")]
        public void A_planted_wrong_member_modifier_fails_conformance(string assembly, string line, string planted, string expected)
        {
            ApiList list = Fixture.Check.References.Index.Lists[assembly];
            ApiEntry real = ApiList.Parse(line, assembly, 0);
            Assert.Contains(list.Entries, e => e.Kind == real.Kind && e.Key == real.Key && e.Modifiers.SetEquals(real.Modifiers));
            var altered = new ApiList(assembly);
            foreach (ApiEntry e in list.Entries)
                altered.Entries.Add(e.Kind == real.Kind && e.Key == real.Key ? ApiList.Parse(real.Kind + " " + real.Key + (planted.Length > 0 ? " | " + planted : ""), assembly, e.Line) : e);
            var problems = ApiConformance.Compare(altered, Fixture.Check.References.Image(assembly));
            Assert.Contains(problems, p => p.Contains("modifiers differ: " + real.Kind + " " + real.Key + " " + expected));
        }

        [Fact]
        public void Sealed_static_and_abstract_types_are_refused_as_the_device_compiler_refuses_them()
        {
            string src = "class A : System.Threading.Thread { }\n" +                  // sealed in the real mscorlib
                         "class B : System.Device.Gpio.GpioController { }\n" +        // sealed in System.Device.Gpio
                         "class C\n{\n    void M()\n    {\n" +
                         "        var s = new System.IO.Stream();\n" +                 // abstract
                         "        System.Math m = null;\n" +                            // static class
                         "    }\n}\n";
            CompiledDevice built = Compile(src, "System.Device.Gpio", "System.IO.Streams", "System.Math");
            Assert.Contains(built.Findings, f => f.Line == 1 && f.Code == "CS0509");
            Assert.Contains(built.Findings, f => f.Line == 2 && f.Code == "CS0509");
            Assert.Contains(built.Findings, f => f.Line == 7 && f.Code == "CS0144");
            Assert.Contains(built.Findings, f => f.Line == 8 && f.Code == "CS0723");
        }

        [Fact]
        public void Real_parameter_names_and_defaults_are_declared()
        {
            string src = "using System.Device.Gpio;\nclass A\n{\n    void M(GpioController c)\n    {\n" +
                         "        c.OpenPin(pinNumber: 4, mode: PinMode.Output);\n" +
                         "        var b = new Iot.Device.Button.GpioButton(buttonPin: 5);\n" +
                         "        nanoFramework.TestFramework.Assert.AreEqual(1, 1);\n" +
                         "    }\n}\n";
            CompiledDevice built = Compile(src, "System.Device.Gpio", "Iot.Device.Button", "nanoFramework.TestFramework");
            Assert.True(built.Success, string.Join("\n", built.Findings));
            // A parameter name the package does not use is refused.
            built = Compile("class A\n{\n    void M(System.Device.Gpio.GpioController c)\n    {\n        c.OpenPin(pin: 4);\n    }\n}\n", "System.Device.Gpio");
            Assert.Contains(built.Findings, f => f.Line == 5 && f.Code == "CS1739");
            // The default of GpioButton's pinMode is InputPullUp (not 0): the call site carries the real value.
            string source = Fixture.Check.References.SourceOf("Iot.Device.Button");
            Assert.Contains("pinMode = global::System.Device.Gpio.PinMode.InputPullUp", source);
        }

        [Fact]
        public void Conditional_methods_of_the_real_mscorlib_vanish_from_device_code()
        {
            // Debug.Assert is [Conditional("DEBUG")] in nanoFramework's mscorlib: without DEBUG no call is emitted.
            CompiledDevice built = Compile("class A\n{\n    void M()\n    {\n        System.Diagnostics.Debug.Assert(false);\n    }\n}\n");
            Assert.True(built.Success, string.Join("\n", built.Findings));
            using var pe = new PEReader(ImmutableArray.Create(built.Image));
            MetadataReader md = pe.GetMetadataReader();
            Assert.DoesNotContain(md.MemberReferences, h => md.GetString(md.GetMemberReference(h).Name) == "Assert");
        }

        [Fact]
        public void A_type_the_real_mscorlib_excludes_is_a_finding_with_file_and_line()
        {
            string src = "[System.Flags]\nenum E { A = 1 }\nclass A\n{\n    [System.Obsolete(\"old\")]\n    object M()\n    {\n" +
                         "        return System.DBNull.Value;\n" +
                         "    }\n    System.AttributeTargets t;\n}\n";
            CompiledDevice built = Compile(src);
            Assert.NotNull(built.Image);
            Finding f = built.Findings.FirstOrDefault(x => x.File == "Planted.cs" && x.Line == 8 && x.Message.Contains("System.DBNull") && x.Message.Contains("ExcludeType"));
            Assert.True(f != null, string.Join("\n", built.Findings));
            Assert.Contains(built.Findings, x => x.Message.Contains("System.AttributeTargets") && x.Message.Contains("field 'A.t'"));
            // Used as attributes ([Flags], [Obsolete]) the excluded types are fine: only those two findings.
            Assert.DoesNotContain(built.Findings, x => x.Message.Contains("FlagsAttribute") || x.Message.Contains("ObsoleteAttribute"));
        }

        [Fact]
        public void The_real_mscorlib_marks_types_excluded()
        {
            List<string> excluded = MetadataApi.ExcludedTypes(Fixture.Check.References.Image("mscorlib"));
            Assert.Contains("System.DBNull", excluded);
            Assert.Contains("System.FlagsAttribute", excluded);
            Assert.DoesNotContain("System.String", excluded);
        }
    }
}
