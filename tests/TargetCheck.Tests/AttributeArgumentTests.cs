using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// Attribute usages whose arguments MetadataProcessor cannot encode (enum values, typed arrays,
    /// object-typed values) are rejected where they are written, when MetadataProcessor carries the
    /// attribute to the device (types, methods, non-constant fields). The rest pass.
    /// </summary>
    public class AttributeArgumentTests
    {
        private const string Decls =
            "enum Mode { Off, On }\n" +                                                                  // 1
            "class TagAttribute : System.Attribute\n" +                                                  // 2
            "{\n" +                                                                                      // 3
            "    public TagAttribute() { }\n" +                                                          // 4
            "    public TagAttribute(Mode m) { }\n" +                                                    // 5
            "    public TagAttribute(int[] a) { }\n" +                                                   // 6
            "    public TagAttribute(object o) { }\n" +                                                  // 7
            "    public TagAttribute(params object[] a) { }\n" +                                         // 8
            "    public TagAttribute(string s, int i, bool b, char c, double d, System.Type t) { }\n" +  // 9
            "    public TagAttribute(long l, Mode m = Mode.On) { }\n" +                                  // 10
            "    public Mode Kind { get; set; }\n" +                                                     // 11
            "    public string[] Names;\n" +                                                             // 12
            "    public int Number;\n" +                                                                 // 13
            "}\n";                                                                                       // 14

        private static CompiledDevice Planted(string rest) => Fixture.CompileDevice(Decls + rest);

        private static void RejectedAt(CompiledDevice built, int line, string what)
        {
            Finding f = built.Findings.FirstOrDefault(x => x.Code == AttributeLint.Code && x.File == "Planted.cs" && x.Line == line && x.Message.Contains(what));
            Assert.True(f != null, "expected NF0006 at Planted.cs line " + line + " naming '" + what + "'; got:\n" + string.Join("\n", built.Findings));
        }

        [Fact]
        public void Enum_argument_on_a_type_is_rejected()
        {
            var built = Planted("[Tag(Mode.On)]\nclass A { }\n");
            Assert.NotNull(built.Image);
            RejectedAt(built, 15, "enum value");
        }

        [Fact]
        public void Typed_array_argument_on_a_method_is_rejected()
        {
            var built = Planted("class A\n{\n    [Tag(new int[] { 1, 2 })]\n    void M() { }\n}\n");
            RejectedAt(built, 17, "typed array int[]");
        }

        [Fact]
        public void Enum_and_typed_array_named_arguments_on_a_field_are_rejected()
        {
            var built = Planted("class A\n{\n    [Tag(Kind = Mode.Off)]\n    int f;\n    [Tag(Names = new[] { \"a\" })]\n    int g;\n}\n");
            RejectedAt(built, 17, "enum value");
            RejectedAt(built, 19, "typed array string[]");
        }

        [Fact]
        public void Enum_inside_object_array_and_object_typed_argument_are_rejected()
        {
            var built = Planted("[Tag(\"a\", Mode.On)]\nclass A { }\n[Tag((object)5)]\nclass B { }\n");
            RejectedAt(built, 15, "inside object[]");
            RejectedAt(built, 17, "object-typed");
        }

        [Fact]
        public void An_enum_default_of_an_omitted_optional_parameter_is_rejected()
        {
            var built = Planted("[Tag(5L)]\nclass A { }\n");
            RejectedAt(built, 15, "enum value");
        }

        [Fact]
        public void Backing_field_target_is_carried_and_rejected()
        {
            var built = Planted("class A\n{\n    [field: Tag(Mode.On)]\n    int P { get; set; }\n}\n");
            RejectedAt(built, 17, "enum value");
        }

        [Fact]
        public void Encodable_arguments_pass()
        {
            var built = Planted("[Tag(\"s\", 1, true, 'c', 2.5, typeof(string))]\nclass A\n{\n    [Tag(1, \"x\", typeof(A), null)]\n    void M() { }\n" +
                                "    [Tag(Number = 3)]\n    int f;\n    [Tag]\n    int P { get; set; }\n}\n");
            Assert.True(built.Success, string.Join("\n", built.Findings));
        }

        [Fact]
        public void Attributes_MetadataProcessor_does_not_carry_or_skips_pass()
        {
            // Parameters, return values, properties, constant fields, enum members and the assembly are not
            // written by MetadataProcessor; DebuggerBrowsable is skipped whole; MethodImpl is a flag, not an
            // attribute; auto-properties make the compiler add CompilerGenerated and DebuggerBrowsable(Never).
            var built = Fixture.CompileDevice("[assembly: Tag(Mode.On)]\n" + Decls + "class A\n{\n    [return: Tag(Mode.On)]\n    int M([Tag(Mode.On)] int x) { return x; }\n" +
                                "    [Tag(Mode.On)]\n    int P { get; set; }\n    [Tag(Mode.On)]\n    const int C = 1;\n" +
                                "    [System.Diagnostics.DebuggerBrowsable(System.Diagnostics.DebuggerBrowsableState.Never)]\n    int hidden;\n" +
                                "    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Synchronized)]\n    void Locked() { }\n}\n" +
                                "enum E { [Tag(Mode.On)] X }\n");
            Assert.True(built.Success, string.Join("\n", built.Findings));
        }
    
        /// <summary>
        /// The README's claim about compiler-emitted attributes, checked on the real device projects: every
        /// custom attribute MetadataProcessor would write (on a type, method or non-constant field, not of a
        /// skipped type) has a constructor whose parameters it can encode, and no named arguments that it
        /// cannot — whether written in source or added by the compiler.
        /// </summary>
        [Theory]
        [MemberData(nameof(TreeTests.DeviceProjects), MemberType = typeof(TreeTests))]
        public void Every_attribute_MetadataProcessor_writes_in_the_device_projects_is_encodable(string project)
        {
            CompiledDevice built = Fixture.Check.Build(DeviceProject.Load(Path.Combine(Fixture.Root, project)));
            Assert.NotNull(built.Image);
            var encodable = new HashSet<string> { "System.Boolean", "System.Char", "System.SByte", "System.Byte", "System.Int16", "System.UInt16",
                "System.Int32", "System.UInt32", "System.Int64", "System.UInt64", "System.Single", "System.Double", "System.String", "System.Type", "System.Object[]" };
            var bad = new List<string>();
            using var pe = new PEReader(ImmutableArray.Create(built.Image));
            MetadataReader md = pe.GetMetadataReader();
            var names = new MetadataApi.SignatureNames(md);
            foreach (CustomAttributeHandle h in md.CustomAttributes)
            {
                CustomAttribute a = md.GetCustomAttribute(h);
                if (a.Parent.Kind != HandleKind.TypeDefinition && a.Parent.Kind != HandleKind.MethodDefinition && a.Parent.Kind != HandleKind.FieldDefinition) continue;
                if (a.Parent.Kind == HandleKind.FieldDefinition && (md.GetFieldDefinition((FieldDefinitionHandle)a.Parent).Attributes & FieldAttributes.Literal) != 0) continue;
                MethodSignature<string> sig;
                string type;
                if (a.Constructor.Kind == HandleKind.MemberReference)
                {
                    MemberReference r = md.GetMemberReference((MemberReferenceHandle)a.Constructor);
                    type = names.Type(r.Parent);
                    sig = r.DecodeMethodSignature(names, null);
                }
                else
                {
                    MethodDefinition d = md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor);
                    type = names.TypeDefName(d.GetDeclaringType());
                    sig = d.DecodeSignature(names, null);
                }
                if (AttributeLint.SkippedByMetadataProcessor.Contains(type)) continue;
                foreach (string p in sig.ParameterTypes.Where(p => !encodable.Contains(p))) bad.Add(type + "(" + p + ")");
                CustomAttributeValue<string> value = a.DecodeValue(new ArgumentTypes(names));
                foreach (CustomAttributeNamedArgument<string> n in value.NamedArguments.Where(n => !encodable.Contains(n.Type)))
                    bad.Add(type + "(" + n.Name + " = " + n.Type + ")");
            }
            Assert.True(bad.Count == 0, string.Join("\n", bad.Distinct()));
        }
    
        /// <summary>Names argument types for DecodeValue; an enum (named by reference) is read as int and flagged by its name.</summary>
        private sealed class ArgumentTypes : ICustomAttributeTypeProvider<string>
        {
            private readonly MetadataApi.SignatureNames _names;
            public ArgumentTypes(MetadataApi.SignatureNames names) { _names = names; }
            public string GetPrimitiveType(PrimitiveTypeCode c) => _names.GetPrimitiveType(c);
            public string GetSystemType() => "System.Type";
            public string GetSZArrayType(string e) => e + "[]";
            public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle h, byte k) => _names.GetTypeFromDefinition(r, h, k);
            public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle h, byte k) => _names.GetTypeFromReference(r, h, k);
            public string GetTypeFromSerializedName(string name) => name;
            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
            public bool IsSystemType(string type) => type == "System.Type";
        }
    }
}
