using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Phone.TargetCheck
{
    /// <summary>One row of an interop assembly's method_lookup[]: a method definition, native or not.</summary>
    public sealed class NativeEntry
    {
        public int Index;
        /// <summary>The managed method, e.g. Phone.Crypto.Native.NativeMethods::AesCtrXor.</summary>
        public string Managed;
        /// <summary>The C++ handler, Library_&lt;Asm&gt;_&lt;Class&gt;::&lt;Method&gt;___..., or null for a NULL row.</summary>
        public string Native;
        public string CText => Native ?? "NULL";
    }

    /// <summary>What the firmware's CLR_RT_NativeAssemblyData of an assembly must contain.</summary>
    public sealed class NativeLayout
    {
        public string AssemblyName;
        /// <summary>Types in MetadataProcessor's TypeDef order after minimization (Cecil-style full names).</summary>
        public List<string> Types = new List<string>();
        public List<NativeEntry> Entries = new List<NativeEntry>();
        public uint Checksum;
        /// <summary>[assembly: AssemblyNativeVersion], or null when the assembly has none.</summary>
        public Version NativeVersion;
        public bool HasNatives => Entries.Any(e => e.Native != null);
        /// <summary>The name used in C identifiers: the assembly name with '.' replaced by '_'.</summary>
        public string SafeName => AssemblyName.Replace('.', '_');

        /// <summary>method_lookup[] and the assembly descriptor as C text, in the shape MetadataProcessor writes them.</summary>
        public string ToC()
        {
            var sb = new StringBuilder();
            sb.Append("static const CLR_RT_MethodHandler method_lookup[] =\n{\n");
            foreach (NativeEntry e in Entries) sb.Append("    ").Append(e.CText).Append(",\n");
            sb.Append("};\n\n");
            sb.Append("const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_").Append(SafeName).Append(" =\n{\n");
            sb.Append("    \"").Append(AssemblyName).Append("\",\n");
            sb.Append("    0x").Append(Checksum.ToString("X8")).Append(",\n");
            sb.Append("    method_lookup,\n");
            Version v = NativeVersion ?? new Version(0, 0, 0, 0);
            sb.Append("    { ").Append(v.Major).Append(", ").Append(v.Minor).Append(", ").Append(Math.Max(0, v.Build)).Append(", ").Append(Math.Max(0, v.Revision)).Append(" }\n");
            sb.Append("};\n");
            return sb.ToString();
        }

        /// <summary>The layout as a readable listing: index, C entry, managed method.</summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.Append("method_lookup of ").Append(AssemblyName).Append(": ").Append(Entries.Count).Append(" entries, checksum 0x")
              .Append(Checksum.ToString("X8")).Append(", native version ").Append(NativeVersion?.ToString() ?? "(none)").Append('\n');
            foreach (NativeEntry e in Entries)
                sb.Append("  ").Append(e.Index.ToString().PadLeft(3)).Append("  ").Append(e.Native ?? "NULL").Append(e.Native == null ? "   // " + e.Managed : "").Append('\n');
            return sb.ToString();
        }
    }

    /// <summary>
    /// Predicts what nanoFramework's MetadataProcessor (MDP, 3.x "main" line) writes into an interop
    /// assembly's native stubs: the method_lookup[] table the nanoCLR indexes by MethodDef row, and the
    /// native checksum it compares before binding. Both follow from the compiled assembly alone:
    /// <list type="number">
    /// <item>TypeDef order: every type but &lt;Module&gt;, sorted by full name (nested "Outer/Inner"), each
    /// visited after its declaring type, the interfaces it implements from this assembly, and the types
    /// (element types stripped) in the signatures of the methods its method bodies call — a depth-first
    /// walk that emits each type once.</item>
    /// <item>MethodDef order: per type, virtual methods, then other instance methods, then static ones,
    /// each group in metadata order.</item>
    /// <item>Excluded types (ThisAssembly, RefSafetyRulesAttribute, AccessedThroughPropertyAttribute and
    /// types marked [ExcludeType]) are dropped from the image; their methods have no rows.</item>
    /// <item>A row is native when its type is a class or struct (not delegate, interface or enum) and the
    /// method has no body and is not abstract; its C name is
    /// Library_&lt;Asm&gt;_&lt;Namespace_Class&gt;::&lt;Name&gt;___[STATIC__]&lt;Ret&gt;__&lt;Param&gt;...</item>
    /// <item>Checksum: an MSB-first CRC-32 (poly 0x04C11DB7, no inversion) chained over, per method of
    /// each stub type, "NULL" or the assembly, class and method names; the running value reads as 0
    /// until the first native method is counted, so NULLs before it do not count.</item>
    /// </list>
    /// Sorting caveat: MDP sorts with the current culture's comparer (Windows, en-US). We use the
    /// invariant culture (ICU), which agrees for identifiers; names with '&lt;', '_', '`' or '/' against
    /// letters are where the two collations could disagree.
    /// </summary>
    public static class NativeTable
    {
        /// <summary>nanoCLR data type names of the types MDP treats as primitive in native method names.</summary>
        private static readonly Dictionary<string, string> Primitive = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["System.Void"] = "VOID", ["System.SByte"] = "I1", ["System.Int16"] = "I2", ["System.Int32"] = "I4", ["System.Int64"] = "I8",
            ["System.Byte"] = "U1", ["System.UInt16"] = "U2", ["System.UInt32"] = "U4", ["System.UInt64"] = "U8",
            ["System.Single"] = "R4", ["System.Double"] = "R8", ["System.Char"] = "CHAR", ["System.String"] = "STRING",
            ["System.Boolean"] = "BOOLEAN", ["System.Object"] = "OBJECT", ["System.IntPtr"] = "I4", ["System.UIntPtr"] = "U4",
            ["System.WeakReference"] = "WEAKCLASS",
        };

        /// <summary>
        /// MDP orders types with the culture-sensitive default comparer; the invariant culture is our best
        /// match. In globalization-invariant mode .NET compares ordinally, which orders "AB" before "Aa"
        /// unlike Windows: <see cref="CultureSorting"/> says whether the comparison is linguistic here.
        /// </summary>
        public static readonly StringComparer NameOrder = StringComparer.InvariantCulture;
        public static bool CultureSorting => NameOrder.Compare("a", "B") < 0;

        // ---- checksum -------------------------------------------------------------------------

        private static readonly uint[] CrcTable = BuildCrcTable();

        private static uint[] BuildCrcTable()
        {
            var t = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i << 24;
                for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
                t[i] = c;
            }
            return t;
        }

        /// <summary>MSB-first CRC-32, polynomial 0x04C11DB7, no initial or final inversion (not zlib's CRC-32).</summary>
        public static uint Crc32(byte[] data, uint seed)
        {
            uint c = seed;
            foreach (byte b in data) c = CrcTable[((c >> 24) ^ b) & 0xFF] ^ (c << 8);
            return c;
        }

        /// <summary>
        /// The native checksum over the stub types' methods in order: each item is null for a method with
        /// IL (hashed as "NULL"), or the (class, method) names of a native one.
        /// </summary>
        public static uint Checksum(string assemblyName, IEnumerable<(string cls, string method)?> methods)
        {
            uint crc = 0;
            int natives = 0;
            uint Current() => natives > 0 ? crc : 0; // MDP's quirk: the seed reads 0 until a native method was counted
            foreach ((string cls, string method)? m in methods)
            {
                if (m == null)
                {
                    crc = Crc32(Encoding.ASCII.GetBytes("NULL"), Current());
                    continue;
                }
                crc = Crc32(Encoding.ASCII.GetBytes(assemblyName), Current());
                crc = Crc32(Encoding.ASCII.GetBytes(m.Value.cls), Current());
                crc = Crc32(Encoding.ASCII.GetBytes(m.Value.method), Current());
                natives++;
            }
            return Current();
        }

        // ---- metadata model ---------------------------------------------------------------------

        private sealed class TypeInfo
        {
            public TypeDefinitionHandle Handle;
            public string Namespace, Name, FullName;
            public TypeInfo Declaring;
            public bool IsInterface, IsEnum, IsValueType, IsDelegate, ExcludeTypeAttribute;
            public List<MethodDefinitionHandle> Methods = new List<MethodDefinitionHandle>();
            public bool IncludeInStub => !IsDelegate && !IsEnum && !IsInterface;
        }

        /// <summary>A type as it appears in a signature, with what Cecil's FullName and Resolve() would give.</summary>
        private sealed class Sig
        {
            public string Kind; // named, szarray, array, byref, pointer, generic, genericparam, modified, other
            public string FullName;
            public Sig Element;
            public TypeDefinitionHandle Definition; // for named types of this assembly
        }

        private sealed class SigProvider : ISignatureTypeProvider<Sig, object>
        {
            public Sig GetPrimitiveType(PrimitiveTypeCode code) => new Sig { Kind = "named", FullName = "System." + code };
            public Sig GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle h, byte kind) => new Sig { Kind = "named", FullName = FullNameOf(r, h), Definition = h };
            public Sig GetTypeFromReference(MetadataReader r, TypeReferenceHandle h, byte kind)
            {
                TypeReference tr = r.GetTypeReference(h);
                var s = new Sig { Kind = "named", FullName = FullNameOf(r, h) };
                if (tr.ResolutionScope.Kind == HandleKind.ModuleDefinition)
                    foreach (TypeDefinitionHandle th in r.TypeDefinitions)
                        if (FullNameOf(r, th) == s.FullName) s.Definition = th;
                return s;
            }
            public Sig GetTypeFromSpecification(MetadataReader r, object ctx, TypeSpecificationHandle h, byte kind) => r.GetTypeSpecification(h).DecodeSignature(this, ctx);
            public Sig GetSZArrayType(Sig e) => new Sig { Kind = "szarray", FullName = e.FullName + "[]", Element = e };
            public Sig GetArrayType(Sig e, ArrayShape shape) => new Sig { Kind = "array", FullName = e.FullName + "[" + new string(',', shape.Rank - 1) + "]", Element = e };
            public Sig GetByReferenceType(Sig e) => new Sig { Kind = "byref", FullName = e.FullName + "&", Element = e };
            public Sig GetPointerType(Sig e) => new Sig { Kind = "pointer", FullName = e.FullName + "*", Element = e };
            public Sig GetPinnedType(Sig e) => e;
            public Sig GetGenericInstantiation(Sig g, ImmutableArray<Sig> args) => new Sig { Kind = "generic", FullName = g.FullName + "<" + string.Join(",", args.Select(a => a.FullName)) + ">", Element = g };
            public Sig GetGenericTypeParameter(object ctx, int i) => new Sig { Kind = "genericparam", FullName = "!" + i };
            public Sig GetGenericMethodParameter(object ctx, int i) => new Sig { Kind = "genericparam", FullName = "!!" + i };
            public Sig GetModifiedType(Sig modifier, Sig unmodified, bool required) =>
                new Sig { Kind = "modified", FullName = unmodified.FullName + (required ? " modreq(" : " modopt(") + modifier.FullName + ")", Element = unmodified };
            public Sig GetFunctionPointerType(MethodSignature<Sig> s) => new Sig { Kind = "other", FullName = "method" };
        }

        private static string FullNameOf(MetadataReader r, TypeDefinitionHandle h)
        {
            TypeDefinition td = r.GetTypeDefinition(h);
            string name = r.GetString(td.Name);
            TypeDefinitionHandle outer = td.GetDeclaringType();
            if (!outer.IsNil) return FullNameOf(r, outer) + "/" + name;
            string ns = r.GetString(td.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private static string FullNameOf(MetadataReader r, TypeReferenceHandle h)
        {
            TypeReference tr = r.GetTypeReference(h);
            string name = r.GetString(tr.Name);
            if (tr.ResolutionScope.Kind == HandleKind.TypeReference) return FullNameOf(r, (TypeReferenceHandle)tr.ResolutionScope) + "/" + name;
            string ns = r.GetString(tr.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private static string BaseTypeName(MetadataReader r, EntityHandle h) =>
            h.IsNil ? null : h.Kind == HandleKind.TypeReference ? FullNameOf(r, (TypeReferenceHandle)h)
                : h.Kind == HandleKind.TypeDefinition ? FullNameOf(r, (TypeDefinitionHandle)h) : null;

        private static string AttributeTypeName(MetadataReader r, CustomAttribute a)
        {
            EntityHandle ctor = a.Constructor;
            EntityHandle parent = ctor.Kind == HandleKind.MemberReference ? r.GetMemberReference((MemberReferenceHandle)ctor).Parent
                : ctor.Kind == HandleKind.MethodDefinition ? r.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType() : default;
            return BaseTypeName(r, parent);
        }

        // ---- layout -----------------------------------------------------------------------------

        /// <summary>Computes the method_lookup layout and native checksum of a compiled assembly image.</summary>
        public static NativeLayout Compute(byte[] image)
        {
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader r = pe.GetMetadataReader();
            var layout = new NativeLayout { AssemblyName = r.GetString(r.GetAssemblyDefinition().Name), NativeVersion = NativeVersionOf(r) };
            var provider = new SigProvider();

            var types = new Dictionary<TypeDefinitionHandle, TypeInfo>();
            foreach (TypeDefinitionHandle h in r.TypeDefinitions)
            {
                TypeDefinition td = r.GetTypeDefinition(h);
                string baseName = BaseTypeName(r, td.BaseType);
                var t = new TypeInfo
                {
                    Handle = h, Namespace = r.GetString(td.Namespace), Name = r.GetString(td.Name), FullName = FullNameOf(r, h),
                    IsInterface = (td.Attributes & TypeAttributes.Interface) != 0,
                };
                t.IsEnum = baseName == "System.Enum";
                t.IsValueType = t.IsEnum || baseName == "System.ValueType" && t.FullName != "System.Enum";
                t.IsDelegate = baseName == "System.MulticastDelegate" || baseName == "System.Delegate" && t.FullName != "System.MulticastDelegate";
                t.ExcludeTypeAttribute = td.GetCustomAttributes().Any(a => AttributeTypeName(r, r.GetCustomAttribute(a)) == "System.Runtime.CompilerServices.ExcludeTypeAttribute");
                t.Methods.AddRange(td.GetMethods());
                types[h] = t;
            }
            foreach (TypeInfo t in types.Values)
            {
                TypeDefinitionHandle outer = r.GetTypeDefinition(t.Handle).GetDeclaringType();
                if (!outer.IsNil) t.Declaring = types[outer];
            }

            // 1. TypeDef order (before minimization: excluded types still take part in the walk).
            var order = new List<TypeInfo>();
            var processed = new HashSet<string>(StringComparer.Ordinal);
            void Visit(IEnumerable<TypeInfo> list)
            {
                foreach (TypeInfo t in list)
                {
                    if (processed.Contains(t.FullName)) continue;
                    if (t.Declaring != null) Visit(new[] { t.Declaring });
                    Visit(InterfacesInModule(r, t, types));
                    if (processed.Add(t.FullName))
                    {
                        Visit(CalledSignatureTypes(pe, r, t, types, provider));
                        order.Add(t);
                    }
                }
            }
            Visit(types.Values.Where(t => t.FullName != "<Module>").OrderBy(t => t.FullName, NameOrder).ToList());

            var excluded = new HashSet<string>(MetadataProcessorLists.DefaultExcludedTypes, StringComparer.Ordinal);
            foreach (TypeInfo t in order.Where(t => t.ExcludeTypeAttribute)) excluded.Add(t.FullName);
            bool IsToExclude(TypeInfo t) => excluded.Contains(t.FullName) || excluded.Contains(t.Name) || t.Declaring != null && excluded.Contains(t.Declaring.FullName);

            // 2. Checksum, over the order before minimization.
            var crcItems = new List<(string, string)?>();
            foreach (TypeInfo t in order)
            {
                if (!t.IncludeInStub || excluded.Contains(t.FullName) || t.Declaring != null && excluded.Contains(t.Declaring.FullName)) continue;
                foreach (MethodDefinitionHandle m in OrderedMethods(r, t))
                    crcItems.Add(IsNative(r, m) ? (ClassName(t), MethodName(r, m, provider)) : ((string, string)?)null);
            }
            layout.Checksum = Checksum(layout.AssemblyName, crcItems);

            // 3. method_lookup, over the types minimization keeps.
            // (MDP would re-add an excluded type that a kept member references; not modelled.)
            foreach (TypeInfo t in order.Where(t => !IsToExclude(t)))
            {
                layout.Types.Add(t.FullName);
                bool stub = t.IncludeInStub && !MetadataProcessorLists.IgnoredAttributes.Contains(t.FullName);
                foreach (MethodDefinitionHandle m in OrderedMethods(r, t))
                {
                    string managed = t.FullName + "::" + r.GetString(r.GetMethodDefinition(m).Name);
                    string native = stub && IsNative(r, m) ? "Library_" + layout.SafeName + "_" + ClassName(t) + "::" + MethodName(r, m, provider) : null;
                    layout.Entries.Add(new NativeEntry { Index = layout.Entries.Count, Managed = managed, Native = native });
                }
            }
            return layout;
        }

        private static Version NativeVersionOf(MetadataReader r)
        {
            foreach (CustomAttributeHandle h in r.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute a = r.GetCustomAttribute(h);
                string type = AttributeTypeName(r, a);
                if (type == null || !type.EndsWith(".AssemblyNativeVersionAttribute", StringComparison.Ordinal)) continue;
                BlobReader b = r.GetBlobReader(a.Value);
                if (b.ReadUInt16() != 1) continue;
                return Version.TryParse(b.ReadSerializedString(), out Version v) ? v : null;
            }
            return null;
        }

        private static IEnumerable<TypeInfo> InterfacesInModule(MetadataReader r, TypeInfo t, Dictionary<TypeDefinitionHandle, TypeInfo> types)
        {
            foreach (InterfaceImplementationHandle ih in r.GetTypeDefinition(t.Handle).GetInterfaceImplementations())
            {
                EntityHandle it = r.GetInterfaceImplementation(ih).Interface;
                TypeDefinitionHandle def = it.Kind == HandleKind.TypeDefinition ? (TypeDefinitionHandle)it
                    : it.Kind == HandleKind.TypeSpecification ? Resolve(r.GetTypeSpecification((TypeSpecificationHandle)it).DecodeSignature(new SigProvider(), null))
                    : default;
                if (!def.IsNil) yield return types[def];
            }
        }

        /// <summary>Cecil's Resolve(): strip arrays, by-refs, pointers, modifiers and instantiations; a definition of this module or nil.</summary>
        private static TypeDefinitionHandle Resolve(Sig s)
        {
            while (s.Element != null) s = s.Element;
            return s.Definition;
        }

        /// <summary>Types of this assembly named by the return and parameter types of every method the type's bodies call.</summary>
        private static IEnumerable<TypeInfo> CalledSignatureTypes(PEReader pe, MetadataReader r, TypeInfo t, Dictionary<TypeDefinitionHandle, TypeInfo> types, SigProvider provider)
        {
            var result = new List<TypeInfo>();
            foreach (MethodDefinitionHandle mh in t.Methods)
            {
                MethodDefinition md = r.GetMethodDefinition(mh);
                if (md.RelativeVirtualAddress == 0) continue;
                byte[] il = pe.GetMethodBody(md.RelativeVirtualAddress).GetILBytes();
                IlLint.WalkIl(il, (offset, op, token) =>
                {
                    if (op.OperandType != OperandType.InlineMethod && op.OperandType != OperandType.InlineTok) return;
                    MethodSignature<Sig>? sig = MethodSignatureOf(r, MetadataTokens.EntityHandle(token), provider);
                    if (sig == null) return;
                    var named = new List<Sig>();
                    if (sig.Value.ReturnType.FullName != "System.Void") named.Add(sig.Value.ReturnType);
                    named.AddRange(sig.Value.ParameterTypes);
                    foreach (Sig s in named)
                    {
                        TypeDefinitionHandle def = Resolve(s);
                        if (!def.IsNil) result.Add(types[def]);
                    }
                });
            }
            return result;
        }

        private static MethodSignature<Sig>? MethodSignatureOf(MetadataReader r, EntityHandle h, SigProvider provider)
        {
            switch (h.Kind)
            {
                case HandleKind.MethodDefinition:
                    return r.GetMethodDefinition((MethodDefinitionHandle)h).DecodeSignature(provider, null);
                case HandleKind.MemberReference:
                    MemberReference mr = r.GetMemberReference((MemberReferenceHandle)h);
                    return mr.GetKind() == MemberReferenceKind.Method ? mr.DecodeMethodSignature(provider, null) : (MethodSignature<Sig>?)null;
                case HandleKind.MethodSpecification:
                    return MethodSignatureOf(r, r.GetMethodSpecification((MethodSpecificationHandle)h).Method, provider);
                default:
                    return null;
            }
        }

        /// <summary>MDP's method order within a type: virtual, then other instance, then static; metadata order within each.</summary>
        private static IEnumerable<MethodDefinitionHandle> OrderedMethods(MetadataReader r, TypeInfo t)
        {
            MethodAttributes A(MethodDefinitionHandle m) => r.GetMethodDefinition(m).Attributes;
            return t.Methods.Where(m => (A(m) & MethodAttributes.Virtual) != 0)
                .Concat(t.Methods.Where(m => (A(m) & (MethodAttributes.Virtual | MethodAttributes.Static)) == 0))
                .Concat(t.Methods.Where(m => (A(m) & MethodAttributes.Virtual) == 0 && (A(m) & MethodAttributes.Static) != 0));
        }

        /// <summary>No IL (RVA 0: extern, InternalCall) and not abstract.</summary>
        private static bool IsNative(MetadataReader r, MethodDefinitionHandle h)
        {
            MethodDefinition md = r.GetMethodDefinition(h);
            return md.RelativeVirtualAddress == 0 && (md.Attributes & MethodAttributes.Abstract) == 0;
        }

        /// <summary>Declaring types' class names, namespace and name joined by '_', dots to '_', leading '_' trimmed.</summary>
        private static string ClassName(TypeInfo t) =>
            t == null ? "" : string.Join("_", ClassName(t.Declaring), t.Declaring == null ? t.Namespace : "", t.Name).Replace(".", "_").TrimStart('_');

        /// <summary>Name, ___STATIC__ or ___, then return and parameter types joined by "__".</summary>
        private static string MethodName(MetadataReader r, MethodDefinitionHandle h, SigProvider provider)
        {
            MethodDefinition md = r.GetMethodDefinition(h);
            MethodSignature<Sig> sig = md.DecodeSignature(provider, null);
            bool isStatic = (md.Attributes & MethodAttributes.Static) != 0;
            string name = r.GetString(md.Name) + (isStatic ? "___STATIC__" : "___") +
                          string.Join("__", new[] { sig.ReturnType }.Concat(sig.ParameterTypes).Select(ParameterType));
            return name.Replace(".", "_").Replace("/", "");
        }

        private static string ParameterType(Sig s)
        {
            if (s.Kind == "szarray" || s.Kind == "array") return "SZARRAY_" + ParameterType(s.Element);
            if (s.Kind == "byref")
                return "BYREF_" + (s.Element.Kind == "szarray" || s.Element.Kind == "array" ? "SZARRAY_" + ParameterType(s.Element.Element) : ClrTypeName(s.Element));
            return ClrTypeName(s);
        }

        private static string ClrTypeName(Sig s)
        {
            if (Primitive.TryGetValue(s.FullName, out string p)) return p;
            if (s.Kind == "genericparam") return "GENERICTYPE";
            return s.FullName.Replace(".", "");
        }

        // ---- the C side -----------------------------------------------------------------------

        /// <summary>The table as written in a C/C++ file.</summary>
        public sealed class CTable
        {
            public List<(string text, int line)> Entries = new List<(string, int)>();
            public int LookupLine;
            public string Name; public int NameLine;
            public string ChecksumText; public uint? Checksum; public int ChecksumLine;
            public string VersionText; public int VersionLine;
            public int DescriptorLine;
        }

        /// <summary>Reads method_lookup[] and the CLR_RT_NativeAssemblyData initializer from C/C++ source.</summary>
        public static CTable ParseC(string text)
        {
            var t = new CTable();
            string code = StripComments(text);
            int Line(int pos) => 1 + code.Take(pos).Count(c => c == '\n');

            Match m = Regex.Match(code, @"\bmethod_lookup\s*\[\s*\]\s*=\s*\{");
            if (m.Success)
            {
                t.LookupLine = Line(m.Index);
                int end = code.IndexOf('}', m.Index + m.Length);
                if (end < 0) end = code.Length;
                int start = m.Index + m.Length;
                string body = code.Substring(start, end - start);
                int pos = 0;
                foreach (string part in body.Split(','))
                {
                    string entry = Regex.Replace(part, @"\s+", "");
                    if (entry.Length > 0)
                    {
                        int lead = part.Length - part.TrimStart().Length;
                        t.Entries.Add((entry, Line(start + pos + lead)));
                    }
                    pos += part.Length + 1;
                }
            }

            Match d = Regex.Match(code, @"\bCLR_RT_NativeAssemblyData\s+\w+\s*=\s*\{");
            if (d.Success)
            {
                t.DescriptorLine = Line(d.Index);
                int p = d.Index + d.Length;
                Match name = Regex.Match(code.Substring(p), @"^\s*""([^""]*)""\s*,");
                if (name.Success)
                {
                    t.Name = name.Groups[1].Value;
                    t.NameLine = Line(p + name.Groups[1].Index);
                    p += name.Length;
                    Match crc = Regex.Match(code.Substring(p), @"^\s*([^,\s]+)\s*,");
                    if (crc.Success)
                    {
                        t.ChecksumText = crc.Groups[1].Value;
                        t.ChecksumLine = Line(p + crc.Groups[1].Index);
                        t.Checksum = ParseInteger(t.ChecksumText);
                        p += crc.Length;
                        Match ver = Regex.Match(code.Substring(p), @"^\s*\w+\s*,\s*\{([^}]*)\}");
                        if (ver.Success)
                        {
                            t.VersionText = Regex.Replace(ver.Groups[1].Value, @"\s+", "");
                            t.VersionLine = Line(p + ver.Groups[1].Index);
                        }
                    }
                }
            }
            return t;
        }

        private static uint? ParseInteger(string s)
        {
            s = s.TrimEnd('u', 'U', 'l', 'L');
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return uint.TryParse(s.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint h) ? h : (uint?)null;
            return uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint v) ? v : (uint?)null;
        }

        /// <summary>Comments replaced by spaces, newlines kept, so positions and lines stay put.</summary>
        private static string StripComments(string text)
        {
            var sb = new StringBuilder(text);
            for (int i = 0; i < sb.Length - 1; i++)
            {
                if (sb[i] == '"')
                {
                    for (i++; i < sb.Length && sb[i] != '"' && sb[i] != '\n'; i++) if (sb[i] == '\\') i++;
                    continue;
                }
                if (sb[i] == '/' && sb[i + 1] == '/')
                    for (; i < sb.Length && sb[i] != '\n'; i++) sb[i] = ' ';
                else if (sb[i] == '/' && sb[i + 1] == '*')
                {
                    int j = i;
                    for (; j < sb.Length && !(sb[j] == '*' && j + 1 < sb.Length && sb[j + 1] == '/'); j++) if (sb[j] != '\n') sb[j] = ' ';
                    for (int k = j; k < Math.Min(j + 2, sb.Length); k++) sb[k] = ' ';
                    i = j + 1;
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// Native handlers of the layout that the C++ sources beside the table do not declare
        /// (NANOCLR_NATIVE_DECLARE in a struct Library_..., in a .h) or define (Library_...::Method( in a .cpp).
        /// </summary>
        public static List<Finding> CheckHandlers(NativeLayout layout, string tableFile, string cDisplay)
        {
            var findings = new List<Finding>();
            string dir = Path.GetDirectoryName(tableFile);
            string Squash(string ext) => string.Concat(Directory.GetFiles(dir, "*." + ext).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => Regex.Replace(StripComments(File.ReadAllText(f)), @"\s+", "")));
            string headers = Squash("h"), sources = Squash("cpp");
            foreach (NativeEntry e in layout.Entries.Where(e => e.Native != null))
            {
                int sep = e.Native.IndexOf("::", StringComparison.Ordinal);
                string cls = e.Native.Substring(0, sep), method = e.Native.Substring(sep + 2);
                int structAt = headers.IndexOf("struct" + cls + "{", StringComparison.Ordinal);
                int declAt = headers.IndexOf("NANOCLR_NATIVE_DECLARE(" + method + ");", StringComparison.Ordinal);
                if (structAt < 0 || declAt < structAt || headers.IndexOf("};", structAt, StringComparison.Ordinal) < declAt)
                    findings.Add(new Finding { File = cDisplay, Line = 1, Code = "NF0011", Message = "no header in " + Path.GetFileName(dir) + "/ declares NANOCLR_NATIVE_DECLARE(" + method + ") in struct " + cls + " (" + e.Managed + ")" });
                if (!sources.Contains("HRESULT" + e.Native + "(", StringComparison.Ordinal))
                    findings.Add(new Finding { File = cDisplay, Line = 1, Code = "NF0011", Message = "no .cpp in " + Path.GetFileName(dir) + "/ defines HRESULT " + e.Native + "(CLR_RT_StackFrame &) (" + e.Managed + ")" });
            }
            return findings;
        }

        private static bool IsNullEntry(string s) => s == "NULL" || s == "nullptr" || s == "0";

        /// <summary>Differences between a C table and the computed layout, as findings in the C file.</summary>
        public static List<Finding> Compare(NativeLayout layout, string cText, string cDisplay)
        {
            var findings = new List<Finding>();
            void Add(int line, string msg) => findings.Add(new Finding { File = cDisplay, Line = Math.Max(1, line), Code = "NF0011", Message = msg });
            CTable c = ParseC(cText);
            string regen = " (regenerate with: dotnet run --project tools/TargetCheck -- --native-table <the .nfproj>)";
            if (c.LookupLine == 0) { Add(1, "no method_lookup[] table found; " + layout.AssemblyName + " needs " + layout.Entries.Count + " entries" + regen); return findings; }
            if (c.Entries.Count != layout.Entries.Count)
                Add(c.LookupLine, "method_lookup has " + c.Entries.Count + " entries; MetadataProcessor lays out " + layout.Entries.Count + " method definitions of " + layout.AssemblyName + regen);
            for (int i = 0; i < Math.Min(c.Entries.Count, layout.Entries.Count); i++)
            {
                NativeEntry want = layout.Entries[i];
                string got = c.Entries[i].text;
                bool ok = want.Native == null ? IsNullEntry(got) : got == want.Native;
                if (!ok)
                    Add(c.Entries[i].line, "method_lookup[" + i + "] is " + got + "; expected " + want.CText + " (" + want.Managed + ")");
            }
            if (c.DescriptorLine == 0) { Add(c.LookupLine, "no CLR_RT_NativeAssemblyData initializer found"); return findings; }
            if (c.Name != layout.AssemblyName)
                Add(c.NameLine > 0 ? c.NameLine : c.DescriptorLine, "assembly name is \"" + c.Name + "\"; expected \"" + layout.AssemblyName + "\"");
            if (c.Checksum != layout.Checksum)
                Add(c.ChecksumLine > 0 ? c.ChecksumLine : c.DescriptorLine, "native checksum is " + (c.ChecksumText ?? "missing") + "; MetadataProcessor computes 0x" + layout.Checksum.ToString("X8") +
                    " for " + layout.AssemblyName + " (the nanoCLR refuses to bind on a mismatch)" + regen);
            if (layout.NativeVersion != null)
            {
                Version v = layout.NativeVersion;
                string want = v.Major + "," + v.Minor + "," + Math.Max(0, v.Build) + "," + Math.Max(0, v.Revision);
                if (c.VersionText != want)
                    Add(c.VersionLine > 0 ? c.VersionLine : c.DescriptorLine, "native version is { " + (c.VersionText ?? "missing") + " }; [assembly: AssemblyNativeVersion] says " + v);
            }
            return findings;
        }
    }
}
