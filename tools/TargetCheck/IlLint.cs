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
using Microsoft.CodeAnalysis;

namespace Phone.TargetCheck
{
    /// <summary>
    /// Rejects what compiles but nanoFramework 1.x cannot run, by reading the compiled IL:
    /// generic type and method definitions and instantiations, Nullable&lt;T&gt;, pointer and
    /// function-pointer types, multidimensional arrays, opcodes nanoCLR does not execute
    /// (<c>localloc</c>, <c>calli</c>, <c>mkrefany</c>, <c>refanyval</c>, <c>refanytype</c>, <c>arglist</c>,
    /// <c>cpblk</c>, <c>initblk</c>, <c>jmp</c>, <c>ckfinite</c>), pinned locals (<c>fixed</c>), async state machines,
    /// and any use outside custom attributes of a type its assembly marks <c>[ExcludeType]</c> (nanoFramework's
    /// <c>System.Runtime.CompilerServices.ExcludeTypeAttribute</c>: the metadata processor leaves such types out
    /// of the device image, so code naming them compiles but cannot load). Each finding is placed at the source
    /// line through the portable PDB (sequence points), or the declaring symbol's location.
    /// </summary>
    public static class IlLint
    {
        public const string Code = "NF0001";

        /// <summary>
        /// Opcodes nanoCLR does not execute (measured on the device), with the construct that emits each.
        /// The interpreter has no handler for them, so a method containing one fails when it runs.
        /// </summary>
        private static readonly Dictionary<short, string> UnsupportedOpcodes = new Dictionary<short, string>
        {
            [OpCodes.Localloc.Value] = "stackalloc",
            [OpCodes.Calli.Value] = "function pointer call",
            [OpCodes.Mkrefany.Value] = "__makeref, typed reference",
            [OpCodes.Refanyval.Value] = "__refvalue, typed reference",
            [OpCodes.Refanytype.Value] = "__reftype, typed reference",
            [OpCodes.Arglist.Value] = "__arglist, varargs",
            [OpCodes.Cpblk.Value] = "block copy, e.g. a stackalloc initializer",
            [OpCodes.Initblk.Value] = "block init, e.g. a stackalloc initializer",
            [OpCodes.Jmp.Value] = "jump to another method, not written by C#",
            [OpCodes.Ckfinite.Value] = "finite-number check, not written by C#",
        };

        private static readonly Dictionary<short, OpCode> OpCodesByValue =
            typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)).ToDictionary(o => o.Value);

        public static List<Finding> Check(byte[] image, byte[] pdb, Compilation compilation = null, string displayRoot = null,
                                          ISet<string> excludedTypes = null)
        {
            var findings = new List<Finding>();
            var seen = new HashSet<string>();
            using var pe = new PEReader(ImmutableArray.Create(image));
            MetadataReader md = pe.GetMetadataReader();
            using MetadataReaderProvider pdbProvider = pdb == null ? null : MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(pdb));
            MetadataReader pdbReader = pdbProvider?.GetMetadataReader();
            var shapes = new ShapeProvider(md, excludedTypes);

            void Report(string file, int line, string message)
            {
                string text = DeviceCompiler.Display(file, displayRoot);
                if (seen.Add(text + "|" + line + "|" + message))
                    findings.Add(new Finding { File = text, Line = line, Code = Code, Message = message });
            }

            foreach (TypeDefinitionHandle th in md.TypeDefinitions)
            {
                TypeDefinition td = md.GetTypeDefinition(th);
                string typeName = shapes.TypeDefName(th);
                if (typeName == "<Module>") continue;
                (string tFile, int tLine) = TypeLocation(compilation, md, td, th, pdbReader);
                if (td.GetGenericParameters().Count > 0)
                    Report(tFile, tLine, "generic type definition '" + typeName + "' — nanoFramework 1.x has no generics");
                foreach (InterfaceImplementationHandle ih in td.GetInterfaceImplementations())
                {
                    EntityHandle itf = md.GetInterfaceImplementation(ih).Interface;
                    foreach (string p in shapes.Problems(itf)) Report(tFile, tLine, p + " in the interfaces of '" + typeName + "'");
                    if (shapes.Name(itf) == "System.Runtime.CompilerServices.IAsyncStateMachine")
                        Report(tFile, tLine, "async method state machine '" + typeName + "' — async/await does not run on nanoFramework");
                }
                if (!td.BaseType.IsNil)
                    foreach (string p in shapes.Problems(td.BaseType)) Report(tFile, tLine, p + " as the base of '" + typeName + "'");

                foreach (FieldDefinitionHandle fh in td.GetFields())
                {
                    FieldDefinition f = md.GetFieldDefinition(fh);
                    foreach (string p in shapes.SignatureProblems(f.DecodeSignature(shapes, null)))
                        Report(tFile, tLine, p + " in field '" + typeName + "." + md.GetString(f.Name) + "'");
                }

                foreach (MethodDefinitionHandle mh in td.GetMethods())
                {
                    MethodDefinition m = md.GetMethodDefinition(mh);
                    string methodName = typeName + "." + md.GetString(m.Name);
                    SequencePointCollection? points = null;
                    if (pdbReader != null)
                    {
                        MethodDebugInformation info = pdbReader.GetMethodDebugInformation(mh.ToDebugInformationHandle());
                        if (!info.SequencePointsBlob.IsNil) points = info.GetSequencePoints();
                    }
                    (string mFile, int mLine) = points.HasValue ? At(pdbReader, points.Value, 0) : (tFile, tLine);
                    if (mFile == null) { mFile = tFile; mLine = tLine; }

                    if (m.GetGenericParameters().Count > 0)
                        Report(mFile, mLine, "generic method definition '" + methodName + "' — nanoFramework 1.x has no generics");
                    foreach (CustomAttributeHandle ch in m.GetCustomAttributes())
                    {
                        string attr = shapes.AttributeTypeName(md.GetCustomAttribute(ch));
                        if (attr == "System.Runtime.CompilerServices.AsyncStateMachineAttribute")
                            Report(mFile, mLine, "async method '" + methodName + "' — async/await does not run on nanoFramework");
                    }
                    foreach (string p in shapes.SignatureProblems(m.DecodeSignature(shapes, null)))
                        Report(mFile, mLine, p + " in the signature of '" + methodName + "'");

                    if (m.RelativeVirtualAddress == 0) continue;
                    MethodBodyBlock body = pe.GetMethodBody(m.RelativeVirtualAddress);
                    // A local's type is reported where the local is first stored (its declaration line).
                    var localProblems = new Dictionary<int, List<string>>();
                    if (!body.LocalSignature.IsNil)
                    {
                        StandaloneSignature locals = md.GetStandaloneSignature(body.LocalSignature);
                        ImmutableArray<string> types = locals.DecodeLocalSignature(shapes, null);
                        for (int li = 0; li < types.Length; li++)
                        {
                            var ps = shapes.TypeProblems(types[li]).ToList();
                            if (ps.Count > 0) localProblems[li] = ps;
                        }
                    }
                    WalkIl(body.GetILBytes(), (offset, op, token) =>
                    {
                        (string f, int l) = points.HasValue ? At(pdbReader, points.Value, offset) : (mFile, mLine);
                        if (f == null) { f = mFile; l = mLine; }
                        int local = LocalIndex(op, token);
                        if (local >= 0 && localProblems.TryGetValue(local, out List<string> lp))
                        {
                            foreach (string p in lp) Report(f, l, p + " in a local variable of '" + methodName + "'");
                            localProblems.Remove(local);
                            return;
                        }
                        if (UnsupportedOpcodes.TryGetValue(op.Value, out string what))
                        {
                            Report(f, l, "IL opcode " + op.Name + " (" + what + ") in '" + methodName + "' — nanoCLR does not execute it");
                            return;
                        }
                        if (token == 0 || local >= 0) return;
                        EntityHandle h;
                        try { h = MetadataTokens.EntityHandle(token); } catch (ArgumentException) { return; }
                        foreach (string p in shapes.Problems(h)) Report(f, l, p + " used in '" + methodName + "'");
                    });
                    foreach (List<string> unused in localProblems.Values)
                        foreach (string p in unused) Report(mFile, mLine, p + " in a local variable of '" + methodName + "'");
                }
            }
            return findings;
        }

        /// <summary>The local variable an instruction stores to or takes the address of; -1 otherwise.</summary>
        private static int LocalIndex(OpCode op, int operand)
        {
            if (op == OpCodes.Stloc_0) return 0;
            if (op == OpCodes.Stloc_1) return 1;
            if (op == OpCodes.Stloc_2) return 2;
            if (op == OpCodes.Stloc_3) return 3;
            if (op == OpCodes.Stloc_S || op == OpCodes.Stloc || op == OpCodes.Ldloca_S || op == OpCodes.Ldloca) return operand;
            return -1;
        }

        private static (string, int) TypeLocation(Compilation compilation, MetadataReader md, TypeDefinition td, TypeDefinitionHandle th, MetadataReader pdb)
        {
            if (compilation != null)
            {
                string metadataName = md.GetString(td.Name);
                string ns = md.GetString(td.Namespace);
                TypeDefinitionHandle outer = td.GetDeclaringType();
                ISymbol symbol = null;
                if (outer.IsNil) symbol = compilation.GetTypeByMetadataName(ns.Length > 0 ? ns + "." + metadataName : metadataName);
                if (symbol != null && symbol.Locations.Length > 0 && symbol.Locations[0].IsInSource)
                {
                    FileLinePositionSpan span = symbol.Locations[0].GetLineSpan();
                    return (span.Path, span.StartLinePosition.Line + 1);
                }
            }
            // Nested or compiler-generated types: the first line of any of their methods.
            if (pdb != null)
            {
                foreach (MethodDefinitionHandle mh in td.GetMethods())
                {
                    MethodDebugInformation info = pdb.GetMethodDebugInformation(mh.ToDebugInformationHandle());
                    if (info.SequencePointsBlob.IsNil) continue;
                    (string f, int l) = At(pdb, info.GetSequencePoints(), 0);
                    if (f != null) return (f, l);
                }
                if (!td.GetDeclaringType().IsNil)
                    return TypeLocation(compilation, md, md.GetTypeDefinition(td.GetDeclaringType()), td.GetDeclaringType(), pdb);
            }
            return (null, 0);
        }

        /// <summary>The source line of the last visible sequence point at or before an IL offset.</summary>
        private static (string, int) At(MetadataReader pdb, SequencePointCollection points, int offset)
        {
            string file = null; int line = 0;
            foreach (SequencePoint sp in points)
            {
                if (sp.IsHidden) continue;
                if (file != null && sp.Offset > offset) break;
                file = pdb.GetString(pdb.GetDocument(sp.Document).Name);
                line = sp.StartLine;
            }
            return (file, line);
        }

        internal static void WalkIl(byte[] il, Action<int, OpCode, int> visit)
        {
            int i = 0;
            while (i < il.Length)
            {
                int start = i;
                short value = il[i++];
                if (value == 0xFE && i < il.Length) value = unchecked((short)(0xFE00 | il[i++]));
                if (!OpCodesByValue.TryGetValue(value, out OpCode op)) return; // malformed IL: stop, the compiler made it
                int token = 0;
                switch (op.OperandType)
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget: case OperandType.ShortInlineI: i += 1; break;
                    case OperandType.ShortInlineVar: token = il[i]; i += 1; break;
                    case OperandType.InlineVar: token = BitConverter.ToUInt16(il, i); i += 2; break;
                    case OperandType.InlineI8: case OperandType.InlineR: i += 8; break;
                    case OperandType.InlineSwitch:
                        int n = BitConverter.ToInt32(il, i);
                        i += 4 + 4 * n;
                        break;
                    case OperandType.InlineField: case OperandType.InlineMethod: case OperandType.InlineTok: case OperandType.InlineType:
                        token = BitConverter.ToInt32(il, i);
                        i += 4;
                        break;
                    default: i += 4; break; // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                }
                visit(start, op, token);
            }
        }

        /// <summary>Names types in signatures and collects what the device cannot run.</summary>
        private sealed class ShapeProvider : ISignatureTypeProvider<string, object>
        {
            private const string Bad = "\u0001";  // marks a problem inside a type name; split out by TypeProblems
            private readonly MetadataReader _md;
            private readonly MetadataApi.SignatureNames _names;
            private readonly ISet<string> _excluded;
            public ShapeProvider(MetadataReader md, ISet<string> excluded)
            {
                _md = md; _names = new MetadataApi.SignatureNames(md);
                _excluded = excluded ?? new HashSet<string>();
            }

            public string TypeDefName(TypeDefinitionHandle h) => _names.TypeDefName(h);

            public string Name(EntityHandle h)
            {
                switch (h.Kind)
                {
                    case HandleKind.TypeDefinition: return _names.TypeDefName((TypeDefinitionHandle)h);
                    case HandleKind.TypeReference: return _names.GetTypeFromReference(_md, (TypeReferenceHandle)h, 0);
                    case HandleKind.TypeSpecification: return Clean(_md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(this, null));
                    default: return null;
                }
            }

            private static string Clean(string s) => s == null ? null : string.Concat(s.Split(Bad[0]).Where((_, i) => i % 2 == 0));

            public string AttributeTypeName(CustomAttribute a)
            {
                EntityHandle ctor = a.Constructor;
                if (ctor.Kind == HandleKind.MemberReference) return Name(_md.GetMemberReference((MemberReferenceHandle)ctor).Parent);
                if (ctor.Kind == HandleKind.MethodDefinition) return Name(_md.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType());
                return null;
            }

            /// <summary>Problems named inside a decoded type string.</summary>
            public IEnumerable<string> TypeProblems(string decoded)
            {
                if (decoded == null) yield break;
                string[] parts = decoded.Split(Bad[0]);
                var seen = new HashSet<string>();
                for (int i = 1; i < parts.Length; i += 2) if (seen.Add(parts[i])) yield return parts[i];
            }

            public IEnumerable<string> SignatureProblems(string decoded) => TypeProblems(decoded);

            public IEnumerable<string> SignatureProblems(MethodSignature<string> sig) =>
                new[] { sig.ReturnType }.Concat(sig.ParameterTypes).SelectMany(TypeProblems).Distinct();

            /// <summary>Problems of a metadata entity an instruction refers to.</summary>
            public IEnumerable<string> Problems(EntityHandle h)
            {
                switch (h.Kind)
                {
                    case HandleKind.TypeReference:
                    case HandleKind.TypeDefinition:
                        return NameProblems(Name(h));
                    case HandleKind.TypeSpecification:
                        return TypeProblems(_md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(this, null));
                    case HandleKind.MethodSpecification:
                    {
                        MethodSpecification spec = _md.GetMethodSpecification((MethodSpecificationHandle)h);
                        var args = spec.DecodeSignature(this, null);
                        var list = new List<string> { "generic method instantiation " + MemberName(spec.Method) + "<" + string.Join(",", args.Select(Clean)) + "> — nanoFramework 1.x has no generics" };
                        list.AddRange(Problems(spec.Method));
                        return list;
                    }
                    case HandleKind.MemberReference:
                    {
                        MemberReference r = _md.GetMemberReference((MemberReferenceHandle)h);
                        var list = new List<string>(Problems(r.Parent));
                        string memberName = _md.GetString(r.Name);
                        if (memberName == "BeginInvoke" || memberName == "EndInvoke")
                            list.Add("asynchronous delegate call '" + Name(r.Parent) + "." + memberName + "' — not supported by nanoFramework");
                        if (r.GetKind() == MemberReferenceKind.Method) list.AddRange(SignatureProblems(r.DecodeMethodSignature(this, null)));
                        else list.AddRange(TypeProblems(r.DecodeFieldSignature(this, null)));
                        return list;
                    }
                    case HandleKind.MethodDefinition:
                        return SignatureProblems(_md.GetMethodDefinition((MethodDefinitionHandle)h).DecodeSignature(this, null));
                    case HandleKind.FieldDefinition:
                        return TypeProblems(_md.GetFieldDefinition((FieldDefinitionHandle)h).DecodeSignature(this, null));
                    default:
                        return Enumerable.Empty<string>();
                }
            }

            private string MemberName(EntityHandle h)
            {
                if (h.Kind == HandleKind.MemberReference)
                {
                    MemberReference r = _md.GetMemberReference((MemberReferenceHandle)h);
                    return Name(r.Parent) + "." + _md.GetString(r.Name);
                }
                if (h.Kind == HandleKind.MethodDefinition)
                {
                    MethodDefinition m = _md.GetMethodDefinition((MethodDefinitionHandle)h);
                    return Name(m.GetDeclaringType()) + "." + _md.GetString(m.Name);
                }
                return "?";
            }

            private IEnumerable<string> NameProblems(string name)
            {
                if (name == null) yield break;
                if (_excluded.Contains(name))
                    yield return "'" + name + "' is marked [ExcludeType] in its nanoFramework assembly — it is not in the device image; use it only as an attribute";
                if (name.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal) || name == "System.Runtime.CompilerServices.IAsyncStateMachine")
                    yield return "'" + name + "' — async/await and Task do not exist on nanoFramework";
                if (name == "System.Nullable`1")
                    yield return "Nullable<T> ('int?') — nanoFramework 1.x has no generics";
            }

            private static string Mark(string problem) => Bad + problem + Bad;

            public string GetPrimitiveType(PrimitiveTypeCode c) => _namesStatic.GetPrimitiveType(c);
            private static readonly MetadataApi.SignatureNames _namesStatic = new MetadataApi.SignatureNames(null);
            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte kind) => _names.TypeDefName(handle);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte kind)
            {
                string name = _names.GetTypeFromReference(reader, handle, kind);
                return name + string.Concat(NameProblems(name).Select(Mark));
            }
            public string GetTypeFromSpecification(MetadataReader reader, object ctx, TypeSpecificationHandle handle, byte kind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, ctx);
            public string GetSZArrayType(string e) => e + "[]";
            public string GetArrayType(string e, ArrayShape shape) =>
                Clean(e) + "[" + new string(',', shape.Rank - 1) + "]" + Mark("multidimensional array '" + Clean(e) + "[" + new string(',', shape.Rank - 1) + "]' — use a jagged array (T[][]) on nanoFramework") + ExtractMarks(e);
            public string GetByReferenceType(string e) => e + "&";
            public string GetPointerType(string e) => Clean(e) + "*" + Mark("pointer type '" + Clean(e) + "*' — unsafe code does not run on nanoFramework") + ExtractMarks(e);
            public string GetFunctionPointerType(MethodSignature<string> s) => "method*" + Mark("function pointer — not supported by nanoFramework");
            public string GetGenericInstantiation(string g, ImmutableArray<string> args)
            {
                string shown = Clean(g) + "<" + string.Join(",", args.Select(Clean)) + ">";
                string problem = Clean(g) == "System.Nullable`1"
                    ? "Nullable<T> ('" + Clean(args[0]) + "?') — nanoFramework 1.x has no generics"
                    : "generic instantiation '" + shown + "' — nanoFramework 1.x has no generics";
                return shown + Mark(problem) + ExtractMarks(g) + string.Concat(args.Select(ExtractMarks));
            }
            public string GetGenericTypeParameter(object ctx, int index) => "!" + index;
            public string GetGenericMethodParameter(object ctx, int index) => "!!" + index;
            public string GetModifiedType(string modifier, string unmodified, bool isRequired) => unmodified;
            public string GetPinnedType(string e) => e + Mark("pinned local ('fixed') — unsafe code does not run on nanoFramework");

            private static string ExtractMarks(string s)
            {
                string[] parts = s.Split(Bad[0]);
                return string.Concat(parts.Where((_, i) => i % 2 == 1).Select(Mark));
            }
        }
    }
}
