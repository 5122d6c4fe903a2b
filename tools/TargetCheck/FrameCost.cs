using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace Phone.TargetCheck
{
    /// <summary>
    /// The device's interpreted work per 20 ms frame, read from the IL of the Release device build: from each
    /// entry point of the media path (capture → encode → SRTP protect → send; receive → SRTP unprotect → jitter
    /// buffer; playout → decode → I2S bytes), every call into our assemblies is followed, calls to the kernel
    /// interfaces count as native calls (their device implementation is one native call) and are not entered, and
    /// calls into the nanoFramework assemblies count as framework calls. Every loop (a backward branch) met on the
    /// way is reported; a loop whose body reads or writes 8- or 16-bit array elements (ldelem/stelem .i1/.u1/.i2/.u2,
    /// or ldelema of such an element)
    /// is a per-element loop — its trip count follows a sample or byte count — and must not be on the per-frame
    /// path, except the listed conditional ones (loss concealment, RTCP, …), each with the condition under which it
    /// runs. The figures are static: every branch is taken and every loop body counted once, so "call sites" is an
    /// upper bound of the managed calls of one frame apart from loop repetitions.
    /// </summary>
    public static class FrameCost
    {
        public const string Code = "NF0012";

        /// <summary>One path of a frame: a name and the method it starts at.</summary>
        public sealed class Entry
        {
            public string Name;
            public string Type;
            public string Method;
        }

        /// <summary>What is modelled: entry points, the interfaces whose calls are native, allowed per-element loops.</summary>
        public sealed class Model
        {
            public List<Entry> Entries = new List<Entry>();
            public HashSet<string> KernelInterfaces = new HashSet<string>(StringComparer.Ordinal);

            /// <summary>Method (Type::Name) → the condition under which its per-element loops run (not every frame).</summary>
            public Dictionary<string, string> Conditional = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        /// <summary>The phone's device media path (src/Phone.App/Media/MediaEngine.cs).</summary>
        public static Model Device()
        {
            var m = new Model();
            m.Entries.Add(new Entry { Name = "capture", Type = "Phone.App.Media.MediaEngine", Method = "CaptureFrame" });
            m.Entries.Add(new Entry { Name = "receive", Type = "Phone.App.Media.MediaEngine", Method = "ReceiveAll" });
            m.Entries.Add(new Entry { Name = "playout", Type = "Phone.App.Media.MediaEngine", Method = "PlayFrame" });
            foreach (string k in new[] { "Phone.Crypto.ICryptoKernel", "Phone.Crypto.ISrtpTransform", "Phone.Crypto.IAesCtr", "Phone.Crypto.IHmacSha1", "Phone.Audio.IAudioKernel" })
                m.KernelInterfaces.Add(k);
            m.Conditional["Phone.Media.PacketLossConcealer::RealFrame"] = "the first real frame after a loss (cross-fade of up to 80 samples)";
            m.Conditional["Phone.Media.PacketLossConcealer::Synthesize"] = "a lost frame (G.711 Appendix I concealment)";
            m.Conditional["Phone.Media.PacketLossConcealer::Score"] = "the first lost frame of a gap (pitch search)";
            m.Conditional["Phone.Media.JitterBuffer::MeanMagnitude"] = "a playout-delay change pending (choosing a quiet frame to drop or repeat)";
            m.Conditional["Phone.Crypto.ConstantTime::BytesEqual"] = "a stream keyed with an MKI (1-4 bytes compared; SDES offers none by default)";
            m.Conditional["Phone.Media.MediaSession::LooksPlainRtcp"] = "a packet on the RTCP port (every few seconds), per RTCP packet of a compound";
            m.Conditional["Phone.Rtp.RtcpCompoundReader::Read"] = "an RTCP compound (every few seconds), per RTCP packet";
            m.Conditional["Phone.Rtp.RtcpCompoundReader::ReadReport"] = "an RTCP compound (every few seconds), per report block";
            m.Conditional["Phone.Rtp.RtcpCompoundReader::ReadSdes"] = "an RTCP compound (every few seconds), per SDES item";
            m.Conditional["Phone.App.Media.MediaEngine::KeepDigits"] = "a DTMF digit the peer sent (RFC 4733), once per digit";
            return m;
        }

        /// <summary>One loop: where it is and whether its body touches 8/16-bit array elements.</summary>
        public sealed class Loop
        {
            public string Method;
            public string File;
            public int Line;
            public bool PerElement;
            public string Condition;
        }

        /// <summary>The figures of one entry point.</summary>
        public sealed class PathCost
        {
            public string Name;
            public string Start;
            public int Methods;
            public int CallSites;
            public int KernelCalls;
            public int FrameworkCalls;
            public int UnresolvedVirtualCalls;
            public List<Loop> Loops = new List<Loop>();
            public List<string> KernelMethods = new List<string>();
        }

        public sealed class Result
        {
            public List<PathCost> Paths = new List<PathCost>();
            public List<Finding> Findings = new List<Finding>();
        }

        /// <summary>One assembly to walk: its Release image and portable PDB.</summary>
        public sealed class Assembly
        {
            public string Name;
            public byte[] Image;
            public byte[] Pdb;
        }

        /// <summary>The Release build of a compiled device project, with its portable PDB (line numbers of the loops).</summary>
        public static Assembly Release(CompiledDevice built)
        {
            var compilation = built.Compilation.WithOptions(built.Compilation.Options.WithOptimizationLevel(OptimizationLevel.Release));
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
            return result.Success ? new Assembly { Name = built.AssemblyName, Image = pe.ToArray(), Pdb = pdb.ToArray() } : null;
        }

        // ------------------------------------------------------------------ metadata index

        private sealed class Method
        {
            public string Key;          // Type::Name(params)
            public string Display;      // Type::Name
            public string Type;
            public string Name;
            public bool Abstract;
            public byte[] Il;
            public Module Module;
            public MethodDefinitionHandle Handle;
        }

        private sealed class Module : IDisposable
        {
            public string Name;
            public PEReader Pe;
            public MetadataReader Md;
            public MetadataReaderProvider PdbProvider;
            public MetadataReader Pdb;
            public MetadataApi.SignatureNames Names;
            public void Dispose() { PdbProvider?.Dispose(); Pe.Dispose(); }
        }

        private sealed class TypeInfo
        {
            public string Name;
            public string Base;
            public List<string> Interfaces = new List<string>();
            public bool IsInterface;
        }

        private sealed class Index
        {
            public Dictionary<string, Method> Methods = new Dictionary<string, Method>(StringComparer.Ordinal);
            public Dictionary<string, TypeInfo> Types = new Dictionary<string, TypeInfo>(StringComparer.Ordinal);
            public HashSet<string> Assemblies = new HashSet<string>(StringComparer.Ordinal);
        }

        private static string Params(MethodSignature<string> sig) => "(" + string.Join(",", sig.ParameterTypes) + ")";

        private static Index Load(List<Module> modules)
        {
            var index = new Index();
            foreach (Module mod in modules)
            {
                MetadataReader md = mod.Md;
                index.Assemblies.Add(mod.Name);
                foreach (TypeDefinitionHandle th in md.TypeDefinitions)
                {
                    TypeDefinition td = md.GetTypeDefinition(th);
                    string type = mod.Names.TypeDefName(th);
                    var info = new TypeInfo { Name = type, IsInterface = (td.Attributes & System.Reflection.TypeAttributes.Interface) != 0 };
                    if (!td.BaseType.IsNil) info.Base = mod.Names.Type(td.BaseType);
                    foreach (InterfaceImplementationHandle ih in td.GetInterfaceImplementations())
                        info.Interfaces.Add(mod.Names.Type(md.GetInterfaceImplementation(ih).Interface));
                    index.Types[type] = info;
                    foreach (MethodDefinitionHandle mh in td.GetMethods())
                    {
                        MethodDefinition def = md.GetMethodDefinition(mh);
                        string name = md.GetString(def.Name);
                        MethodSignature<string> sig = def.DecodeSignature(mod.Names, null);
                        var m = new Method
                        {
                            Type = type, Name = name, Display = type + "::" + name, Key = type + "::" + name + Params(sig),
                            Abstract = (def.Attributes & System.Reflection.MethodAttributes.Abstract) != 0,
                            Module = mod, Handle = mh,
                        };
                        if (def.RelativeVirtualAddress != 0)
                        {
                            MethodBodyBlock body = mod.Pe.GetMethodBody(def.RelativeVirtualAddress);
                            m.Il = body.GetILBytes();
                        }
                        index.Methods[m.Key] = m;
                    }
                }
            }
            return index;
        }

        /// <summary>Declaring type and key of a call's target (MethodDef or MemberRef), or null for anything else.</summary>
        private static (string type, string key)? Target(Module mod, int token)
        {
            EntityHandle h = MetadataTokens.EntityHandle(token);
            MetadataReader md = mod.Md;
            switch (h.Kind)
            {
                case HandleKind.MethodDefinition:
                {
                    MethodDefinition def = md.GetMethodDefinition((MethodDefinitionHandle)h);
                    string type = mod.Names.TypeDefName(def.GetDeclaringType());
                    return (type, type + "::" + md.GetString(def.Name) + Params(def.DecodeSignature(mod.Names, null)));
                }
                case HandleKind.MemberReference:
                {
                    MemberReference r = md.GetMemberReference((MemberReferenceHandle)h);
                    if (r.GetKind() != MemberReferenceKind.Method) return null;
                    string type = mod.Names.Type(r.Parent);
                    return (type, type + "::" + md.GetString(r.Name) + Params(r.DecodeMethodSignature(mod.Names, null)));
                }
                default:
                    return null; // MethodSpec: generic instantiations do not exist on the device
            }
        }

        // ------------------------------------------------------------------ the walk

        /// <summary>Walks every entry point of the model over the given assemblies.</summary>
        public static Result Measure(IEnumerable<Assembly> assemblies, Model model, string displayRoot = null)
        {
            var modules = assemblies.Select(a =>
            {
                var pe = new PEReader(ImmutableArray.Create(a.Image));
                MetadataReader md = pe.GetMetadataReader();
                var provider = a.Pdb == null ? null : MetadataReaderProvider.FromPortablePdbImage(ImmutableArray.Create(a.Pdb));
                return new Module { Name = a.Name, Pe = pe, Md = md, PdbProvider = provider, Pdb = provider?.GetMetadataReader(), Names = new MetadataApi.SignatureNames(md) };
            }).ToList();
            try
            {
                Index index = Load(modules);
                var result = new Result();
                var conditionalSeen = new HashSet<string>(StringComparer.Ordinal);
                foreach (Entry e in model.Entries)
                {
                    Method start = index.Methods.Values.FirstOrDefault(m => m.Type == e.Type && m.Name == e.Method && m.Il != null);
                    if (start == null)
                    {
                        result.Findings.Add(new Finding { File = e.Type, Line = 1, Code = Code, Message = "frame-cost entry point " + e.Type + "::" + e.Method + " (" + e.Name + ") not found in the device build" });
                        continue;
                    }
                    var cost = new PathCost { Name = e.Name, Start = start.Display };
                    var walker = new Walker(index, model, cost, displayRoot);
                    walker.Visit(start);
                    cost.Methods = walker.Visited.Count;
                    cost.KernelMethods = walker.Kernel.OrderBy(s => s, StringComparer.Ordinal).ToList();
                    foreach (Loop loop in cost.Loops.Where(l => l.PerElement))
                    {
                        if (loop.Condition != null)
                        {
                            conditionalSeen.Add(loop.Method);
                            continue;
                        }
                        result.Findings.Add(new Finding
                        {
                            File = loop.File ?? loop.Method, Line = loop.Line, Code = Code,
                            Message = "per-sample/per-byte managed loop in " + loop.Method + " on the device's per-frame " + e.Name
                                + " path (from " + start.Display + "): make it one IAudioKernel/ICryptoKernel call per frame, or list the condition it runs under in FrameCost.Device()",
                        });
                    }
                    result.Paths.Add(cost);
                }
                foreach (string stale in model.Conditional.Keys.Where(k => !conditionalSeen.Contains(k)).OrderBy(k => k, StringComparer.Ordinal))
                {
                    result.Findings.Add(new Finding { File = "tools/TargetCheck/FrameCost.cs", Line = 1, Code = Code, Message = "FrameCost.Device() lists " + stale + " as a conditional per-element loop, but no such loop is on the path any more: remove the entry" });
                }
                return result;
            }
            finally
            {
                foreach (Module m in modules) m.Dispose();
            }
        }

        private sealed class Walker
        {
            private readonly Index _index;
            private readonly Model _model;
            private readonly PathCost _cost;
            private readonly string _root;
            public readonly HashSet<string> Visited = new HashSet<string>(StringComparer.Ordinal);
            public readonly HashSet<string> Kernel = new HashSet<string>(StringComparer.Ordinal);

            public Walker(Index index, Model model, PathCost cost, string root)
            {
                _index = index; _model = model; _cost = cost; _root = root;
            }

            /// <summary>Counts m's call sites and loops, then its callees' (each method's body once per path, so recursion stops).</summary>
            public void Visit(Method m)
            {
                if (m.Il == null || !Visited.Add(m.Key)) return;
                var callees = new List<Method>();
                var branches = new List<(int at, int target)>();
                var narrow = new List<int>();
                IlLint.WalkIl(m.Il, (offset, op, token) =>
                {
                    if (op.FlowControl == FlowControl.Branch || op.FlowControl == FlowControl.Cond_Branch)
                    {
                        if (op.OperandType == OperandType.ShortInlineBrTarget || op.OperandType == OperandType.InlineBrTarget)
                        {
                            int size = op.Size + (op.OperandType == OperandType.ShortInlineBrTarget ? 1 : 4);
                            int delta = op.OperandType == OperandType.ShortInlineBrTarget ? (sbyte)m.Il[offset + op.Size] : BitConverter.ToInt32(m.Il, offset + op.Size);
                            int target = offset + size + delta;
                            if (target <= offset) branches.Add((offset, target));
                        }
                    }
                    if (IsNarrowElementAccess(op) || (op == OpCodes.Ldelema && IsNarrowType(m.Module, token))) narrow.Add(offset);
                    if (op == OpCodes.Call || op == OpCodes.Callvirt || op == OpCodes.Newobj)
                        Call(m, op, token, callees);
                });
                foreach ((int at, int target) in branches)
                {
                    bool perElement = narrow.Any(o => o >= target && o <= at);
                    (string file, int line) = Where(m, target);
                    string condition = null;
                    if (perElement) _model.Conditional.TryGetValue(m.Display, out condition);
                    _cost.Loops.Add(new Loop { Method = m.Display, File = file, Line = line, PerElement = perElement, Condition = condition });
                }
                foreach (Method c in callees) Visit(c);
            }

            private void Call(Method caller, OpCode op, int token, List<Method> callees)
            {
                (string type, string key)? t = Target(caller.Module, token);
                if (t == null) return;
                (string type, string key) = t.Value;
                if (_model.KernelInterfaces.Contains(type))
                {
                    _cost.KernelCalls++;
                    Kernel.Add(key.Substring(0, key.IndexOf('(')));
                    return;
                }
                if (!_index.Methods.TryGetValue(key, out Method target))
                {
                    _cost.FrameworkCalls++;
                    return;
                }
                _cost.CallSites++;
                if (op == OpCodes.Callvirt && (target.Abstract || target.Il == null))
                {
                    List<Method> impls = Implementations(target);
                    if (impls.Count == 0) _cost.UnresolvedVirtualCalls++;
                    callees.AddRange(impls);
                    return;
                }
                callees.Add(target);
            }

            /// <summary>Bodies an interface or abstract method may dispatch to among our types.</summary>
            private List<Method> Implementations(Method m)
            {
                string suffix = m.Key.Substring(m.Type.Length); // ::Name(params)
                var found = new List<Method>();
                foreach (TypeInfo t in _index.Types.Values)
                {
                    if (t.IsInterface || !DerivesFrom(t, m.Type)) continue;
                    if (_index.Methods.TryGetValue(t.Name + suffix, out Method impl) && impl.Il != null) found.Add(impl);
                }
                return found;
            }

            private bool DerivesFrom(TypeInfo t, string type)
            {
                for (TypeInfo cur = t; cur != null; cur = cur.Base != null && _index.Types.TryGetValue(cur.Base, out TypeInfo b) ? b : null)
                {
                    if (cur.Base == type || cur.Interfaces.Contains(type)) return true;
                }
                return false;
            }

            private (string, int) Where(Method m, int offset)
            {
                if (m.Module.Pdb == null) return (null, 0);
                MethodDebugInformation info = m.Module.Pdb.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(MetadataTokens.GetRowNumber(m.Handle)));
                if (info.SequencePointsBlob.IsNil) return (null, 0);
                string file = null; int line = 0;
                foreach (SequencePoint sp in info.GetSequencePoints())
                {
                    if (sp.IsHidden) continue;
                    if (file != null && sp.Offset > offset) break;
                    file = m.Module.Pdb.GetString(m.Module.Pdb.GetDocument(sp.Document).Name);
                    line = sp.StartLine;
                }
                return (file == null ? null : DeviceCompiler.Display(file, _root), line);
            }
        }

        /// <summary>The address of an 8- or 16-bit element (ldelema, e.g. <c>pcm[i] &gt;&gt;= 1</c>).</summary>
        private static bool IsNarrowType(Module mod, int token)
        {
            string type = mod.Names.Type(MetadataTokens.EntityHandle(token));
            return type == "System.Byte" || type == "System.SByte" || type == "System.Int16" || type == "System.UInt16";
        }

        /// <summary>Reads or writes of 8- and 16-bit array elements: samples (short[]) and bytes (byte[]).</summary>
        private static bool IsNarrowElementAccess(OpCode op) =>
            op == OpCodes.Ldelem_I1 || op == OpCodes.Ldelem_U1 || op == OpCodes.Ldelem_I2 || op == OpCodes.Ldelem_U2
            || op == OpCodes.Stelem_I1 || op == OpCodes.Stelem_I2;

        // ------------------------------------------------------------------ report

        public static string Report(Result r)
        {
            var sb = new StringBuilder();
            sb.AppendLine("Device frame cost (static IL walk of the Release device build; every branch taken, each loop body once;");
            sb.AppendLine("kernel-interface calls are one native call each on the device):");
            sb.AppendLine(string.Format("  {0,-8} {1,-42} {2,8} {3,10} {4,8} {5,10} {6,14} {7,18}", "path", "from", "methods", "call sites", "kernel", "framework", "loops bounded", "per-element (cond.)"));
            foreach (PathCost p in r.Paths)
            {
                int bounded = p.Loops.Count(l => !l.PerElement);
                int perElement = p.Loops.Count(l => l.PerElement && l.Condition == null);
                int conditional = p.Loops.Count(l => l.PerElement && l.Condition != null);
                sb.AppendLine(string.Format("  {0,-8} {1,-42} {2,8} {3,10} {4,8} {5,10} {6,14} {7,18}", p.Name, p.Start, p.Methods, p.CallSites, p.KernelCalls, p.FrameworkCalls, bounded, perElement + " (" + conditional + ")"));
            }
            foreach (PathCost p in r.Paths)
            {
                sb.AppendLine("  " + p.Name + ": kernel calls " + string.Join(", ", p.KernelMethods.Select(k => k.Substring(k.LastIndexOf('.') + 1))));
                foreach (Loop l in p.Loops.Where(l => l.PerElement))
                    sb.AppendLine("    per-element loop " + l.Method + " (" + l.File + ":" + l.Line + ")" + (l.Condition != null ? ": only on " + l.Condition : ": EVERY FRAME"));
                if (p.UnresolvedVirtualCalls > 0) sb.AppendLine("    " + p.UnresolvedVirtualCalls + " virtual call site(s) with no implementation among the walked assemblies");
            }
            return sb.ToString().TrimEnd();
        }
    }
}
