using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Phone.TargetCheck
{
    /// <summary>
    /// What MetadataProcessor (the nanoFramework toolchain step that turns a compiled .dll into the .pe the device
    /// loads) will write for one assembly, estimated from the IL image: the size of each table that has a 16-bit
    /// limit and the row counts whose indexes are packed into 16-bit tokens. Limits.md beside this file lists each
    /// limit, where it comes from and how each figure is computed; the byte-code and string figures were checked
    /// against the real MetadataProcessor byte for byte.
    /// </summary>
    public sealed class TableEstimate
    {
        /// <summary>Byte code: MetadataProcessor throws "Byte code table overflow" past this (16-bit method offsets).</summary>
        public const int ByteCodeLimit = 65535;

        /// <summary>Strings: "String table overflow" past this (16-bit string ids).</summary>
        public const int StringsLimit = 65535;

        /// <summary>Signatures: 16-bit offsets; MetadataProcessor does not check, a later signature's id wraps.</summary>
        public const int SignaturesLimit = 65535;

        /// <summary>TypeDef, TypeRef and TypeSpec indexes: 14 bits in a type token (two tag bits).</summary>
        public const int TypeRowsLimit = 16384;

        /// <summary>MethodDef, MethodRef, FieldDef and FieldRef indexes: 15 bits in a token (one tag bit).</summary>
        public const int MemberRowsLimit = 32768;

        /// <summary>Per type: virtual, instance and static methods, static and instance fields are counted in a byte.</summary>
        public const int PerTypeLimit = 255;

        /// <summary>Per method: arguments, locals, switch targets and exception handlers are counted in a byte.</summary>
        public const int PerMethodLimit = 255;

        /// <summary>The share of any limit an assembly may use: the rest is room to grow.</summary>
        public const double Headroom = 0.75;

        public string Assembly;
        public string Configuration;
        public int ByteCode;
        public int Strings;
        public int StringCount;

        /// <summary>The strings the assembly stores, in ordinal order (for diagnostics and tests).</summary>
        public List<string> StoredStrings = new List<string>();
        public int Signatures;
        public int TypeDefs, TypeRefs, TypeSpecs, MethodDefs, MethodRefs, FieldDefs, FieldRefs;

        /// <summary>Per-type and per-method counts above their one-byte limits: "what (count)".</summary>
        public List<string> ByteCounts = new List<string>();

        /// <summary>Each limited figure with its limit, in the order the report prints them.</summary>
        public IEnumerable<(string name, int value, int limit)> Figures()
        {
            yield return ("byte code", ByteCode, ByteCodeLimit);
            yield return ("strings", Strings, StringsLimit);
            yield return ("signatures", Signatures, SignaturesLimit);
            yield return ("TypeDef rows", TypeDefs, TypeRowsLimit);
            yield return ("TypeRef rows", TypeRefs, TypeRowsLimit);
            yield return ("TypeSpec rows", TypeSpecs, TypeRowsLimit);
            yield return ("MethodDef rows", MethodDefs, MemberRowsLimit);
            yield return ("MethodRef rows", MethodRefs, MemberRowsLimit);
            yield return ("FieldDef rows", FieldDefs, MemberRowsLimit);
            yield return ("FieldRef rows", FieldRefs, MemberRowsLimit);
        }

        /// <summary>Figures above the headroom share of their limit, and every one-byte count over 255.</summary>
        public List<string> Problems()
        {
            var problems = new List<string>();
            foreach (var (name, value, limit) in Figures())
                if (value > limit * Headroom)
                    problems.Add(name + " " + value + " B/rows is " + Percent(value, limit) + " of MetadataProcessor's limit " + limit +
                                 " (at most " + (int)(Headroom * 100) + " % allowed: split the assembly)");
            foreach (string c in ByteCounts) problems.Add(c + " exceeds the one-byte count of the .pe format (" + PerTypeLimit + ")");
            return problems;
        }

        public static string Percent(int value, int limit) => (100.0 * value / limit).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";

        // ------------------------------------------------------------------------------------------ estimation

        private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null))
            .ToDictionary(o => o.Value, o => o.OperandType);

        /// <summary>
        /// Type references that leave no row: the attribute types MetadataProcessor ignores, and the enums only their
        /// arguments name (AttributeUsage's AttributeTargets, Debuggable's DebuggingModes).
        /// </summary>
        private static readonly HashSet<string> IgnoredAttributes = new HashSet<string>(MetadataProcessorLists.IgnoredAttributes, StringComparer.Ordinal)
        {
            "System.AttributeTargets", "System.Diagnostics.DebuggableAttribute/DebuggingModes",
        };

        private static HashSet<string> _builtin;

        /// <summary>The nanoCLR's built-in strings (Limits/builtin-strings.txt), which no assembly stores.</summary>
        public static HashSet<string> BuiltinStrings
        {
            get
            {
                if (_builtin == null)
                {
                    string path = Path.Combine(AppContext.BaseDirectory, "Limits", "builtin-strings.txt");
                    _builtin = new HashSet<string>(File.ReadAllLines(path).Where(l => !l.StartsWith("#", StringComparison.Ordinal)), StringComparer.Ordinal);
                }
                return _builtin;
            }
        }

        public static TableEstimate Of(string assembly, string configuration, byte[] image)
        {
            var e = new TableEstimate { Assembly = assembly, Configuration = configuration };
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            var strings = new HashSet<string>(StringComparer.Ordinal);
            void Add(string s) { if (!string.IsNullOrEmpty(s) && !BuiltinStrings.Contains(s)) strings.Add(s); }
            var blobs = new HashSet<string>(StringComparer.Ordinal);
            void Blob(BlobHandle h) { if (!h.IsNil) blobs.Add(Convert.ToBase64String(md.GetBlobBytes(h))); }

            // Type references: those named only by assembly- or module-level attributes, or by attributes
            // MetadataProcessor ignores, leave no row.
            var attributeOnly = new HashSet<EntityHandle>();
            foreach (CustomAttributeHandle ch in md.GetCustomAttributes(EntityHandle.AssemblyDefinition).Concat(md.GetCustomAttributes(EntityHandle.ModuleDefinition)))
                attributeOnly.Add(AttributeType(md, md.GetCustomAttribute(ch)));
            var keptRefs = new HashSet<TypeReferenceHandle>();
            foreach (TypeReferenceHandle th in md.TypeReferences)
            {
                if (attributeOnly.Contains(th) || IgnoredAttributes.Contains(FullName(md, th))) continue;
                keptRefs.Add(th);
                TypeReference tr = md.GetTypeReference(th);
                Add(md.GetString(tr.Namespace));
                Add(md.GetString(tr.Name));
                if (tr.ResolutionScope.Kind == HandleKind.AssemblyReference)
                    Add(md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)tr.ResolutionScope).Name));
            }
            e.TypeRefs = keptRefs.Count;
            foreach (MemberReferenceHandle mh in md.MemberReferences)
            {
                MemberReference mr = md.GetMemberReference(mh);
                if (mr.Parent.Kind == HandleKind.TypeReference && !keptRefs.Contains((TypeReferenceHandle)mr.Parent)) continue;
                Add(md.GetString(mr.Name));
                Blob(mr.Signature);
                if (mr.GetKind() == MemberReferenceKind.Field) e.FieldRefs++; else e.MethodRefs++;
            }
            e.TypeSpecs = md.GetTableRowCount(TableIndex.TypeSpec);
            for (int i = 1; i <= e.TypeSpecs; i++) Blob(md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(i)).Signature);

            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition t = md.GetTypeDefinition(th);
                if (IsExcluded(md, th)) continue;
                e.TypeDefs++;
                string typeName = FullName(md, th);
                if (!t.GetDeclaringType().IsNil) Add(md.GetString(t.Name)); else { Add(md.GetString(t.Namespace)); Add(md.GetString(t.Name)); }
                if (t.GetInterfaceImplementations().Count > 0) blobs.Add("interfaces " + typeName);

                int staticFields = 0, instanceFields = 0;
                foreach (FieldDefinitionHandle fh in t.GetFields())
                {
                    FieldDefinition f = md.GetFieldDefinition(fh);
                    if ((f.Attributes & FieldAttributes.Literal) != 0) continue; // constants and enum members are not rows
                    e.FieldDefs++;
                    Add(md.GetString(f.Name));
                    Blob(f.Signature);
                    if ((f.Attributes & FieldAttributes.Static) != 0) staticFields++; else instanceFields++;
                    if ((f.Attributes & FieldAttributes.HasFieldRVA) != 0)
                        blobs.Add("rva " + typeName + "." + md.GetString(f.Name) + " " + FieldDataSize(md, f));
                    Attributes(md, f.GetCustomAttributes(), Add, Blob);
                }
                if (staticFields > PerTypeLimit) e.ByteCounts.Add(typeName + ": static fields (" + staticFields + ")");
                if (instanceFields > PerTypeLimit) e.ByteCounts.Add(typeName + ": instance fields (" + instanceFields + ")");

                int virtuals = 0, instances = 0, statics = 0;
                foreach (MethodDefinitionHandle mh in t.GetMethods())
                {
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    e.MethodDefs++;
                    string name = md.GetString(m.Name);
                    Add(name);
                    Blob(m.Signature);
                    if ((m.Attributes & MethodAttributes.Static) != 0) statics++;
                    else if ((m.Attributes & MethodAttributes.Virtual) != 0) virtuals++;
                    else instances++;
                    int args = m.GetParameters().Count;
                    if (args > PerMethodLimit) e.ByteCounts.Add(typeName + "." + name + ": arguments (" + args + ")");
                    Attributes(md, m.GetCustomAttributes(), Add, Blob);
                    if (m.RelativeVirtualAddress == 0) continue;
                    MethodBodyBlock body = pe.GetMethodBody(m.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        BlobHandle locals = md.GetStandaloneSignature(body.LocalSignature).Signature;
                        Blob(locals);
                        BlobReader lr = md.GetBlobReader(locals);
                        lr.ReadByte();
                        int count = lr.ReadCompressedInteger();
                        if (count > PerMethodLimit) e.ByteCounts.Add(typeName + "." + name + ": locals (" + count + ")");
                    }
                    e.ByteCode += ByteCodeSize(md, body, typeName + "." + name, Add, e.ByteCounts);
                }
                if (virtuals > PerTypeLimit) e.ByteCounts.Add(typeName + ": virtual methods (" + virtuals + ")");
                if (instances > PerTypeLimit) e.ByteCounts.Add(typeName + ": instance methods (" + instances + ")");
                if (statics > PerTypeLimit) e.ByteCounts.Add(typeName + ": static methods (" + statics + ")");
                Attributes(md, t.GetCustomAttributes(), Add, Blob);
            }
            Add(md.GetString(md.GetAssemblyDefinition().Name));

            e.StringCount = strings.Count + 1;
            e.StoredStrings = strings.OrderBy(x => x, StringComparer.Ordinal).ToList();
            e.Strings = 1 + strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
            e.Signatures = blobs.Sum(b => b.StartsWith("interfaces ", StringComparison.Ordinal) ? 8
                : b.StartsWith("rva ", StringComparison.Ordinal) ? int.Parse(b.Substring(b.LastIndexOf(' ') + 1)) + 2
                : Convert.FromBase64String(b).Length + 1);
            return e;
        }

        /// <summary>
        /// The method's size in the .pe byte-code table: its IL with every metadata token and every long branch
        /// offset cut from 4 bytes to 2, a switch's count to 1 byte and each target to 2, and the exception
        /// handler table appended (a count byte and 12 bytes a handler).
        /// </summary>
        private static int ByteCodeSize(MetadataReader md, MethodBodyBlock body, string method, Action<string> addString, List<string> byteCounts)
        {
            BlobReader il = body.GetILReader();
            int size = il.Length;
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xFE) code = (short)(0xFE00 | il.ReadByte());
                switch (Operands[code])
                {
                    case OperandType.InlineString:
                        addString(md.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF)));
                        size -= 2;
                        break;
                    case OperandType.InlineMethod: case OperandType.InlineField: case OperandType.InlineType:
                    case OperandType.InlineBrTarget:
                        il.ReadInt32(); size -= 2; break;
                    case OperandType.InlineSwitch:
                        int n = il.ReadInt32();
                        for (int i = 0; i < n; i++) il.ReadInt32();
                        if (n > PerMethodLimit) byteCounts.Add(method + ": switch targets (" + n + ")");
                        size -= 3 + 2 * n;
                        break;
                    case OperandType.InlineSig: il.ReadInt32(); size -= 4; break;
                    case OperandType.InlineTok: case OperandType.InlineI: case OperandType.ShortInlineR: il.ReadInt32(); break;
                    case OperandType.InlineI8: case OperandType.InlineR: il.ReadInt64(); break;
                    case OperandType.InlineVar: il.ReadInt16(); break;
                    case OperandType.ShortInlineBrTarget: case OperandType.ShortInlineI: case OperandType.ShortInlineVar: il.ReadByte(); break;
                }
            }
            int handlers = body.ExceptionRegions.Length;
            if (handlers > PerMethodLimit) byteCounts.Add(method + ": exception handlers (" + handlers + ")");
            return handlers > 0 ? size + 12 * handlers + 1 : size;
        }

        /// <summary>String and Type arguments and named-argument names of the attributes MetadataProcessor writes.</summary>
        private static void Attributes(MetadataReader md, CustomAttributeHandleCollection handles, Action<string> addString, Action<BlobHandle> blob)
        {
            foreach (CustomAttributeHandle h in handles)
            {
                CustomAttribute a = md.GetCustomAttribute(h);
                EntityHandle type = AttributeType(md, a);
                string name = type.Kind == HandleKind.TypeReference ? FullName(md, (TypeReferenceHandle)type)
                            : type.Kind == HandleKind.TypeDefinition ? FullName(md, (TypeDefinitionHandle)type) : "";
                if (IgnoredAttributes.Contains(name)) continue;
                if (type.Kind == HandleKind.TypeDefinition && IsExcluded(md, (TypeDefinitionHandle)type)) continue;
                blob(a.Value);
                CustomAttributeValue<string> value;
                try { value = a.DecodeValue(new AttributeTypes()); }
                catch (Exception) { continue; } // an enum of another assembly: its value is dropped anyway
                foreach (var arg in value.FixedArguments) AttributeValue(arg.Type, arg.Value, addString);
                foreach (var arg in value.NamedArguments) { addString(arg.Name); AttributeValue(arg.Type, arg.Value, addString); }
            }
        }

        private static void AttributeValue(string type, object value, Action<string> addString)
        {
            if (value is string s) addString(s);
            else if (value is ImmutableArray<CustomAttributeTypedArgument<string>> items && type == "System.Object[]")
                foreach (var item in items) AttributeValue(item.Type, item.Value, addString);
        }

        private static int FieldDataSize(MetadataReader md, FieldDefinition f)
        {
            // The initial data of a static array (array initializers): its size is the size of the field's value type,
            // a <PrivateImplementationDetails> struct of exactly that length.
            BlobReader sig = md.GetBlobReader(f.Signature);
            sig.ReadSignatureHeader();
            SignatureTypeCode code = sig.ReadSignatureTypeCode();
            if (code == SignatureTypeCode.TypeHandle)
            {
                EntityHandle h = sig.ReadTypeHandle();
                if (h.Kind == HandleKind.TypeDefinition)
                {
                    TypeLayout layout = md.GetTypeDefinition((TypeDefinitionHandle)h).GetLayout();
                    if (layout.Size > 0) return layout.Size;
                }
            }
            return 8;
        }

        private static EntityHandle AttributeType(MetadataReader md, CustomAttribute a)
        {
            if (a.Constructor.Kind == HandleKind.MemberReference) return md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent;
            return md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor).GetDeclaringType();
        }

        private static bool IsExcluded(MetadataReader md, TypeDefinitionHandle th)
        {
            TypeDefinition t = md.GetTypeDefinition(th);
            string full = FullName(md, th);
            if (full == "<Module>" || MetadataProcessorLists.DefaultExcludedTypes.Contains(full) ||
                MetadataProcessorLists.DefaultExcludedTypes.Contains(md.GetString(t.Name))) return true;
            if (!t.GetDeclaringType().IsNil && IsExcluded(md, t.GetDeclaringType())) return true;
            foreach (CustomAttributeHandle h in t.GetCustomAttributes())
            {
                EntityHandle type = AttributeType(md, md.GetCustomAttribute(h));
                string name = type.Kind == HandleKind.TypeReference ? FullName(md, (TypeReferenceHandle)type)
                            : type.Kind == HandleKind.TypeDefinition ? FullName(md, (TypeDefinitionHandle)type) : "";
                if (name == "System.Runtime.CompilerServices.ExcludeTypeAttribute") return true;
            }
            return false;
        }

        public static string FullName(MetadataReader md, TypeDefinitionHandle th)
        {
            TypeDefinition t = md.GetTypeDefinition(th);
            if (!t.GetDeclaringType().IsNil) return FullName(md, t.GetDeclaringType()) + "/" + md.GetString(t.Name);
            string ns = md.GetString(t.Namespace);
            return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
        }

        public static string FullName(MetadataReader md, TypeReferenceHandle th)
        {
            TypeReference t = md.GetTypeReference(th);
            if (t.ResolutionScope.Kind == HandleKind.TypeReference) return FullName(md, (TypeReferenceHandle)t.ResolutionScope) + "/" + md.GetString(t.Name);
            string ns = md.GetString(t.Namespace);
            return ns.Length == 0 ? md.GetString(t.Name) : ns + "." + md.GetString(t.Name);
        }

        /// <summary>Decodes attribute blobs into type names; an enum from another assembly cannot be sized and throws.</summary>
        private sealed class AttributeTypes : ICustomAttributeTypeProvider<string>
        {
            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;
            public string GetSystemType() => "System.Type";
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
            public string GetTypeFromSerializedName(string name) => name;
            public PrimitiveTypeCode GetUnderlyingEnumType(string type) => throw new NotSupportedException("enum " + type);
            public bool IsSystemType(string type) => type == "System.Type";
        }
    }
}
