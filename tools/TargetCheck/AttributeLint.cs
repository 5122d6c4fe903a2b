using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Rejects attribute usages in device code whose arguments MetadataProcessor cannot encode.
    ///
    /// What MetadataProcessor does (nanoTablesContext, nanoAttributesTable, nanoSignaturesTable):
    /// it writes custom attributes only of type, method and field definitions (not of constant fields,
    /// parameters, return values, properties, events, generic parameters, the assembly or the module),
    /// skips a fixed list of attribute types whole (debugger, compile-time and intellisense ones), and
    /// encodes an argument only when its declared type is a primitive (bool, char, integers, float,
    /// double), string, System.Type or object[] (whose elements must be those again). An enum-typed
    /// value or a typed array (int[], string[], an enum array) is dropped silently — the blob then lacks
    /// that argument and the device reads garbage or nothing — and an object-typed argument makes it
    /// fail. So: every attribute written in the device sources that MetadataProcessor carries to the
    /// device must have only encodable arguments, including optional constructor parameters left at
    /// their (encoded) default.
    ///
    /// Attributes the compiler adds by itself (CompilerGenerated, IteratorStateMachine, Nullable,
    /// RefSafetyRules, DebuggerBrowsable(Never) on backing fields, AttributeUsage on embedded types, …)
    /// have no source usage and are not checked: they are either not written (module level, skipped
    /// types) or carry only encodable values, and no device code reads them at run time, so a dropped
    /// value there changes nothing the phone does.
    /// </summary>
    public static class AttributeLint
    {
        public const string Code = "NF0006";

        /// <summary>Attribute types MetadataProcessor leaves out whole (nanoTablesContext.IgnoringAttributes).</summary>
        public static HashSet<string> SkippedByMetadataProcessor => MetadataProcessorLists.IgnoredAttributes;

        public static IEnumerable<Finding> Check(byte[] image, Compilation compilation, string displayRoot)
        {
            HashSet<string> written = WrittenAttributeNames(image);
            foreach (var (owner, attribute) in SourceAttributes(compilation))
            {
                if (attribute.AttributeClass == null || attribute.AttributeConstructor == null) continue; // a compiler error already
                string className = FullName(attribute.AttributeClass);
                if (SkippedByMetadataProcessor.Contains(className)) continue;
                if (!CarriedToDevice(owner)) continue;
                // Pseudo-attributes (MethodImpl, StructLayout, NonSerialized, …) become metadata flags, not
                // custom attributes: only what the compiler wrote into the table reaches MetadataProcessor.
                if (!written.Contains(attribute.AttributeClass.MetadataName)) continue;
                foreach (string problem in Problems(attribute))
                {
                    FileLinePositionSpan span = attribute.ApplicationSyntaxReference.GetSyntax().GetLocation().GetLineSpan();
                    yield return new Finding
                    {
                        File = DeviceCompiler.Display(span.Path, displayRoot),
                        Line = span.StartLinePosition.Line + 1,
                        Column = span.StartLinePosition.Character + 1,
                        Code = Code,
                        Message = "[" + attribute.AttributeClass.Name + "] on '" + owner.ToDisplayString() + "': " + problem +
                                  " — MetadataProcessor encodes attribute arguments only of primitive types, string, System.Type and object[]",
                    };
                }
            }
        }

        /// <summary>What MetadataProcessor writes attributes for: types, methods and non-constant fields.</summary>
        private static bool CarriedToDevice(ISymbol owner) => owner switch
        {
            INamedTypeSymbol _ => true,
            IMethodSymbol _ => true,
            IFieldSymbol f => !f.IsConst,
            _ => false,
        };

        private static IEnumerable<string> Problems(AttributeData a)
        {
            ImmutableArray<IParameterSymbol> ps = a.AttributeConstructor.Parameters;
            for (int i = 0; i < a.ConstructorArguments.Length && i < ps.Length; i++)
                foreach (string p in ValueProblems(ps[i].Type, a.ConstructorArguments[i]))
                    yield return p + " for parameter '" + ps[i].Name + "'";
            foreach (KeyValuePair<string, TypedConstant> named in a.NamedArguments)
            {
                ITypeSymbol type = NamedMemberType(a.AttributeClass, named.Key);
                if (type == null) continue;
                foreach (string p in ValueProblems(type, named.Value)) yield return p + " for '" + named.Key + "'";
            }
        }

        private static IEnumerable<string> ValueProblems(ITypeSymbol declared, TypedConstant value)
        {
            if (declared.TypeKind == TypeKind.Enum)
            {
                yield return "enum value " + Show(value) + " of type " + declared.ToDisplayString() + " is dropped silently";
                yield break;
            }
            if (IsEncodableScalar(declared)) yield break;
            if (declared is IArrayTypeSymbol array)
            {
                if (array.Rank == 1 && array.ElementType.SpecialType == SpecialType.System_Object)
                {
                    if (value.IsNull) { yield return "a null object[] cannot be encoded"; yield break; }
                    foreach (TypedConstant e in value.Values)
                    {
                        if (e.IsNull || e.Kind == TypedConstantKind.Type || (e.Type != null && IsEncodableScalar(e.Type))) continue;
                        if (e.Kind == TypedConstantKind.Enum) yield return "enum value " + Show(e) + " inside object[] is dropped silently";
                        else if (e.Kind == TypedConstantKind.Array) yield return "array " + e.Type?.ToDisplayString() + " inside object[] cannot be encoded";
                        else yield return "value of type " + e.Type?.ToDisplayString() + " inside object[] cannot be encoded";
                    }
                    yield break;
                }
                yield return "typed array " + declared.ToDisplayString() + " is dropped silently (only object[] is encoded)";
                yield break;
            }
            if (declared.SpecialType == SpecialType.System_Object)
            {
                yield return "object-typed argument " + Show(value) + " cannot be encoded";
                yield break;
            }
            yield return "argument of type " + declared.ToDisplayString() + " cannot be encoded";
        }

        private static bool IsEncodableScalar(ITypeSymbol t)
        {
            switch (t.SpecialType)
            {
                case SpecialType.System_Boolean: case SpecialType.System_Char:
                case SpecialType.System_SByte: case SpecialType.System_Byte:
                case SpecialType.System_Int16: case SpecialType.System_UInt16:
                case SpecialType.System_Int32: case SpecialType.System_UInt32:
                case SpecialType.System_Int64: case SpecialType.System_UInt64:
                case SpecialType.System_Single: case SpecialType.System_Double:
                case SpecialType.System_String:
                    return true;
            }
            return FullName(t) == "System.Type";
        }

        private static string Show(TypedConstant c)
        {
            try { return c.ToCSharpString(); } catch (InvalidOperationException) { return "?"; }
        }

        private static ITypeSymbol NamedMemberType(INamedTypeSymbol type, string name)
        {
            for (INamedTypeSymbol t = type; t != null; t = t.BaseType)
                foreach (ISymbol m in t.GetMembers(name))
                {
                    if (m is IPropertySymbol p) return p.Type;
                    if (m is IFieldSymbol f) return f.Type;
                }
            return null;
        }

        private static string FullName(ITypeSymbol t)
        {
            string ns = t.ContainingNamespace == null || t.ContainingNamespace.IsGlobalNamespace ? "" : t.ContainingNamespace.ToDisplayString() + ".";
            string outer = "";
            for (INamedTypeSymbol c = t.ContainingType; c != null; c = c.ContainingType) outer = c.MetadataName + "+" + outer;
            return ns + outer + t.MetadataName;
        }

        /// <summary>Each attribute written in source, with the symbol it lands on.</summary>
        private static IEnumerable<(ISymbol, AttributeData)> SourceAttributes(Compilation compilation)
        {
            var owners = new List<ISymbol>();
            void AddType(INamedTypeSymbol t)
            {
                if (!t.Locations.Any(l => l.IsInSource)) return;
                owners.Add(t);
                owners.AddRange(t.TypeParameters);
                foreach (ISymbol m in t.GetMembers())
                {
                    if (m is INamedTypeSymbol nested) { AddType(nested); continue; }
                    owners.Add(m);
                    if (m is IMethodSymbol method) { owners.AddRange(method.Parameters); owners.AddRange(method.TypeParameters); }
                    if (m is IPropertySymbol prop) owners.AddRange(prop.Parameters);
                }
            }
            foreach (INamedTypeSymbol t in AllTypes(compilation.Assembly.GlobalNamespace)) AddType(t);

            // Local functions and lambdas are methods too, but no type lists them.
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel model = null;
                foreach (SyntaxNode n in tree.GetRoot().DescendantNodes())
                {
                    if (n is LocalFunctionStatementSyntax lf && lf.AttributeLists.Count > 0 || n is ParenthesizedLambdaExpressionSyntax pl && pl.AttributeLists.Count > 0)
                    {
                        model ??= compilation.GetSemanticModel(tree);
                        ISymbol s = n is LocalFunctionStatementSyntax ? model.GetDeclaredSymbol(n) : model.GetSymbolInfo(n).Symbol;
                        if (s is IMethodSymbol m) { owners.Add(m); owners.AddRange(m.Parameters); }
                    }
                }
            }

            owners.Add(compilation.Assembly);
            owners.Add(compilation.Assembly.Modules.First());
            var seen = new HashSet<AttributeData>();
            foreach (ISymbol owner in owners)
            {
                foreach (AttributeData a in owner.GetAttributes())
                    if (a.ApplicationSyntaxReference != null && seen.Add(a)) yield return (owner, a);
                // [return: …] attributes belong to the return parameter: MetadataProcessor does not carry them.
            }
        }

        private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
        {
            foreach (INamedTypeSymbol t in ns.GetTypeMembers()) yield return t;
            foreach (INamespaceSymbol child in ns.GetNamespaceMembers())
                foreach (INamedTypeSymbol t in AllTypes(child)) yield return t;
        }

        /// <summary>Simple names of the attribute types the compiler wrote on type, method and non-constant field definitions.</summary>
        private static HashSet<string> WrittenAttributeNames(byte[] image)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            foreach (CustomAttributeHandle h in md.CustomAttributes)
            {
                CustomAttribute a = md.GetCustomAttribute(h);
                EntityHandle parent = a.Parent;
                if (parent.Kind == HandleKind.FieldDefinition && (md.GetFieldDefinition((FieldDefinitionHandle)parent).Attributes & FieldAttributes.Literal) != 0) continue;
                if (parent.Kind != HandleKind.TypeDefinition && parent.Kind != HandleKind.MethodDefinition && parent.Kind != HandleKind.FieldDefinition) continue;
                EntityHandle type = a.Constructor.Kind == HandleKind.MemberReference
                    ? md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent
                    : a.Constructor.Kind == HandleKind.MethodDefinition ? md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor).GetDeclaringType() : default;
                if (type.Kind == HandleKind.TypeReference) names.Add(md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Name));
                else if (type.Kind == HandleKind.TypeDefinition) names.Add(md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Name));
            }
            return names;
        }
    }
}
