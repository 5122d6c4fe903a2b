using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Reads the public surface of a compiled assembly with System.Reflection.Metadata and writes it
    /// in the API lists' line format, so a compiled reference assembly can be compared member by
    /// member with the list it was written from.
    /// </summary>
    public static class MetadataApi
    {
        public sealed class Member
        {
            public char Kind;
            public string Key;
            public bool IsStatic;
            public string Value;   // normalised constant value, or null
            public string TypeKind;
            /// <summary>For types: sealed, static, abstract (classes), readonly, ref (structs); for fields: readonly; for methods, properties and events: abstract, virtual, override.</summary>
            public HashSet<string> Modifiers = new HashSet<string>(StringComparer.Ordinal);
            public override string ToString() => Kind + " " + Key + (IsStatic ? " static" : "") + (Value != null ? " = " + Value : "");
        }

        public static List<Member> Read(byte[] image)
        {
            var result = new List<Member>();
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            var names = new SignatureNames(md);
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition td = md.GetTypeDefinition(th);
                if (!IsVisible(md, td)) continue;
                string typeName = names.TypeDefName(th);
                string kind = TypeKind(md, td);
                result.Add(new Member { Kind = 'T', Key = typeName, TypeKind = kind, Modifiers = TypeModifiers(md, td, kind) });

                var accessors = new HashSet<MethodDefinitionHandle>();
                foreach (PropertyDefinitionHandle ph in td.GetProperties())
                {
                    PropertyDefinition p = md.GetPropertyDefinition(ph);
                    PropertyAccessors acc = p.GetAccessors();
                    var parts = new[] { acc.Getter, acc.Setter }.Where(h => !h.IsNil).ToList();
                    foreach (var h in parts) accessors.Add(h);
                    if (!parts.Any(h => IsVisible(md.GetMethodDefinition(h).Attributes))) continue;
                    MethodSignature<string> sig = p.DecodeSignature(names, null);
                    string ps = sig.ParameterTypes.Length > 0 ? "(" + string.Join(",", sig.ParameterTypes) + ")" : "";
                    bool isStatic = !sig.Header.IsInstance;
                    result.Add(new Member { Kind = 'P', Key = typeName + "." + md.GetString(p.Name) + ps + ":" + sig.ReturnType, IsStatic = isStatic,
                                            Modifiers = Overriding(md.GetMethodDefinition(parts[0]).Attributes) });
                }
                foreach (EventDefinitionHandle eh in td.GetEvents())
                {
                    EventDefinition e = md.GetEventDefinition(eh);
                    EventAccessors acc = e.GetAccessors();
                    foreach (var h in new[] { acc.Adder, acc.Remover, acc.Raiser }.Where(h => !h.IsNil)) accessors.Add(h);
                    if (!IsVisible(md.GetMethodDefinition(acc.Adder).Attributes)) continue;
                    bool isStatic = (md.GetMethodDefinition(acc.Adder).Attributes & MethodAttributes.Static) != 0;
                    result.Add(new Member { Kind = 'E', Key = typeName + "." + md.GetString(e.Name) + ":" + names.Type(e.Type), IsStatic = isStatic,
                                            Modifiers = Overriding(md.GetMethodDefinition(acc.Adder).Attributes) });
                }
                foreach (MethodDefinitionHandle mh in td.GetMethods())
                {
                    if (accessors.Contains(mh)) continue;
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    if (!IsVisible(m.Attributes)) continue;
                    string name = md.GetString(m.Name);
                    if (name == ".cctor") continue;
                    MethodSignature<string> sig = m.DecodeSignature(names, null);
                    int arity = m.GetGenericParameters().Count;
                    string ps = "(" + string.Join(",", sig.ParameterTypes) + ")";
                    bool isStatic = (m.Attributes & MethodAttributes.Static) != 0;
                    if (name == ".ctor") result.Add(new Member { Kind = 'C', Key = typeName + "..ctor" + ps, IsStatic = false });
                    else result.Add(new Member { Kind = 'M', Key = typeName + "." + name + (arity > 0 ? "`" + arity : "") + ps + ":" + sig.ReturnType, IsStatic = isStatic,
                                                 Modifiers = Overriding(m.Attributes) });
                }
                foreach (FieldDefinitionHandle fh in td.GetFields())
                {
                    FieldDefinition f = md.GetFieldDefinition(fh);
                    if (!IsVisible(f.Attributes) || (f.Attributes & FieldAttributes.RTSpecialName) != 0) continue;
                    string value = null;
                    if ((f.Attributes & FieldAttributes.Literal) != 0 && !f.GetDefaultValue().IsNil)
                        value = ConstantText(md, md.GetConstant(f.GetDefaultValue()));
                    result.Add(new Member
                    {
                        Kind = 'F',
                        Key = typeName + "." + md.GetString(f.Name) + ":" + f.DecodeSignature(names, null),
                        IsStatic = (f.Attributes & FieldAttributes.Static) != 0,
                        Value = value,
                        Modifiers = (f.Attributes & FieldAttributes.InitOnly) != 0 ? new HashSet<string> { "readonly" } : new HashSet<string>(),
                    });
                }
            }
            return result;
        }

        public const string ExcludeTypeAttribute = "System.Runtime.CompilerServices.ExcludeTypeAttribute";

        /// <summary>Types (lists' notation) an assembly marks [ExcludeType]: nanoFramework's metadata processor leaves them out of the device image.</summary>
        public static List<string> ExcludedTypes(byte[] image)
        {
            var result = new List<string>();
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            var names = new SignatureNames(md);
            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition td = md.GetTypeDefinition(th);
                if (td.GetCustomAttributes().Any(h => AttributeTypeName(md, md.GetCustomAttribute(h)) == ExcludeTypeAttribute))
                    result.Add(names.TypeDefName(th));
            }
            return result;
        }

        /// <summary>
        /// abstract, virtual (a new virtual slot) or override (a virtual reusing its base's slot) as C# declares a
        /// method; a sealed or interface-implementing non-virtual method (virtual final in metadata) has none.
        /// </summary>
        public static HashSet<string> Overriding(MethodAttributes a)
        {
            var mods = new HashSet<string>(StringComparer.Ordinal);
            if ((a & MethodAttributes.Abstract) != 0) mods.Add("abstract");
            else if ((a & MethodAttributes.Virtual) != 0 && (a & MethodAttributes.Final) == 0)
                mods.Add((a & MethodAttributes.NewSlot) != 0 ? "virtual" : "override");
            return mods;
        }

        /// <summary>The modifiers C# writes on a type declaration, as metadata records them.</summary>
        private static HashSet<string> TypeModifiers(MetadataReader md, TypeDefinition td, string kind)
        {
            var mods = new HashSet<string>(StringComparer.Ordinal);
            bool isAbstract = (td.Attributes & TypeAttributes.Abstract) != 0, isSealed = (td.Attributes & TypeAttributes.Sealed) != 0;
            if (kind == "class")
            {
                if (isAbstract && isSealed) mods.Add("static");
                else if (isAbstract) mods.Add("abstract");
                else if (isSealed) mods.Add("sealed");
            }
            else if (kind == "struct")
            {
                foreach (CustomAttributeHandle h in td.GetCustomAttributes())
                {
                    string attr = AttributeTypeName(md, md.GetCustomAttribute(h));
                    if (attr == "System.Runtime.CompilerServices.IsReadOnlyAttribute") mods.Add("readonly");
                    if (attr == "System.Runtime.CompilerServices.IsByRefLikeAttribute") mods.Add("ref");
                }
            }
            return mods;
        }

        /// <summary>The full name of a custom attribute's type.</summary>
        public static string AttributeTypeName(MetadataReader md, CustomAttribute a)
        {
            EntityHandle parent = a.Constructor.Kind switch
            {
                HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent,
                HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor).GetDeclaringType(),
                _ => default,
            };
            return parent.IsNil ? null : BaseName(md, parent);
        }

        private static bool IsVisible(MetadataReader md, TypeDefinition td)
        {
            TypeAttributes vis = td.Attributes & TypeAttributes.VisibilityMask;
            if (vis == TypeAttributes.Public) return true;
            if (vis == TypeAttributes.NestedPublic || vis == TypeAttributes.NestedFamily || vis == TypeAttributes.NestedFamORAssem)
                return IsVisible(md, md.GetTypeDefinition(td.GetDeclaringType()));
            return false;
        }

        private static bool IsVisible(MethodAttributes a)
        {
            MethodAttributes acc = a & MethodAttributes.MemberAccessMask;
            return acc == MethodAttributes.Public || acc == MethodAttributes.Family || acc == MethodAttributes.FamORAssem;
        }

        private static bool IsVisible(FieldAttributes a)
        {
            FieldAttributes acc = a & FieldAttributes.FieldAccessMask;
            return acc == FieldAttributes.Public || acc == FieldAttributes.Family || acc == FieldAttributes.FamORAssem;
        }

        private static string TypeKind(MetadataReader md, TypeDefinition td)
        {
            if ((td.Attributes & TypeAttributes.Interface) != 0) return "interface";
            string self = md.GetString(td.Namespace) + "." + md.GetString(td.Name);
            if (self == "System.Enum" || self == "System.ValueType") return "class";
            string baseName = BaseName(md, td.BaseType);
            if (baseName == "System.Enum") return "enum";
            if (baseName == "System.MulticastDelegate") return "delegate";
            if (baseName == "System.ValueType") return "struct";
            return "class";
        }

        private static string BaseName(MetadataReader md, EntityHandle h)
        {
            if (h.IsNil) return null;
            if (h.Kind == HandleKind.TypeReference)
            {
                TypeReference r = md.GetTypeReference((TypeReferenceHandle)h);
                return md.GetString(r.Namespace) + "." + md.GetString(r.Name);
            }
            if (h.Kind == HandleKind.TypeDefinition)
            {
                TypeDefinition d = md.GetTypeDefinition((TypeDefinitionHandle)h);
                return md.GetString(d.Namespace) + "." + md.GetString(d.Name);
            }
            return null;
        }

        /// <summary>A constant in the lists' notation, so values compare as text.</summary>
        public static string ConstantText(MetadataReader md, Constant c)
        {
            BlobReader r = md.GetBlobReader(c.Value);
            switch (c.TypeCode)
            {
                case ConstantTypeCode.Boolean: return r.ReadBoolean() ? "True" : "False";
                case ConstantTypeCode.Char: return "(char)" + (int)r.ReadChar();
                case ConstantTypeCode.SByte: return r.ReadSByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Byte: return r.ReadByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int16: return r.ReadInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt16: return r.ReadUInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int32: return r.ReadInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt32: return r.ReadUInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int64: return r.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt64: return r.ReadUInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Single: return r.ReadSingle().ToString("R", CultureInfo.InvariantCulture);
                case ConstantTypeCode.Double: return r.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
                case ConstantTypeCode.String: return "\"" + r.ReadUTF16(r.Length) + "\"";
                case ConstantTypeCode.NullReference: return "null";
                default: return "?";
            }
        }

        /// <summary>Type names as the lists write them: System.Int32, X[], X&amp;, !0, !!0, A.B for nested.</summary>
        public sealed class SignatureNames : ISignatureTypeProvider<string, object>
        {
            private readonly MetadataReader _md;
            public SignatureNames(MetadataReader md) { _md = md; }

            public string Type(EntityHandle h) => h.Kind switch
            {
                HandleKind.TypeDefinition => TypeDefName((TypeDefinitionHandle)h),
                HandleKind.TypeReference => GetTypeFromReference(_md, (TypeReferenceHandle)h, 0),
                HandleKind.TypeSpecification => GetTypeFromSpecification(_md, null, (TypeSpecificationHandle)h, 0),
                _ => "?",
            };

            public string TypeDefName(TypeDefinitionHandle h)
            {
                TypeDefinition d = _md.GetTypeDefinition(h);
                string name = _md.GetString(d.Name);
                TypeDefinitionHandle outer = d.GetDeclaringType();
                if (!outer.IsNil) return TypeDefName(outer) + "." + name;
                string ns = _md.GetString(d.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }

            public string GetPrimitiveType(PrimitiveTypeCode c) => c switch
            {
                PrimitiveTypeCode.Boolean => "System.Boolean", PrimitiveTypeCode.Byte => "System.Byte", PrimitiveTypeCode.SByte => "System.SByte",
                PrimitiveTypeCode.Char => "System.Char", PrimitiveTypeCode.Int16 => "System.Int16", PrimitiveTypeCode.UInt16 => "System.UInt16",
                PrimitiveTypeCode.Int32 => "System.Int32", PrimitiveTypeCode.UInt32 => "System.UInt32", PrimitiveTypeCode.Int64 => "System.Int64",
                PrimitiveTypeCode.UInt64 => "System.UInt64", PrimitiveTypeCode.Single => "System.Single", PrimitiveTypeCode.Double => "System.Double",
                PrimitiveTypeCode.IntPtr => "System.IntPtr", PrimitiveTypeCode.UIntPtr => "System.UIntPtr", PrimitiveTypeCode.Object => "System.Object",
                PrimitiveTypeCode.String => "System.String", PrimitiveTypeCode.TypedReference => "System.TypedReference", PrimitiveTypeCode.Void => "System.Void",
                _ => c.ToString(),
            };
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => TypeDefName(handle);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                TypeReference r = reader.GetTypeReference(handle);
                string name = reader.GetString(r.Name);
                if (r.ResolutionScope.Kind == HandleKind.TypeReference)
                    return GetTypeFromReference(reader, (TypeReferenceHandle)r.ResolutionScope, 0) + "." + name;
                string ns = reader.GetString(r.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }
            public string GetTypeFromSpecification(MetadataReader reader, object ctx, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, ctx);
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
            public string GetByReferenceType(string elementType) => elementType + "&";
            public string GetPointerType(string elementType) => elementType + "*";
            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
            public string GetGenericTypeParameter(object ctx, int index) => "!" + index;
            public string GetGenericMethodParameter(object ctx, int index) => "!!" + index;
            public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
            public string GetPinnedType(string elementType) => elementType;
        }
    }
}
