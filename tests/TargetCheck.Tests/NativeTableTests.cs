using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// The target check predicts MetadataProcessor's native method table (method_lookup[] and checksum)
    /// of an interop assembly and rejects a firmware table that differs. Expected layouts below were
    /// measured with the real MetadataProcessor (metadata-processor main @4541b46) on the same assemblies,
    /// except Phone.Crypto.Native 1.2 (the SRTP transform natives, 31 entries, 0x28C33B0B), 1.3 (+ G711Encode/Decode, 35 entries, 0x63549DD3), 1.4 (+ I2sCapture/I2sPlayback, 39 entries, 0x19B9FC8C), 1.5 (+ MixClip, 41 entries, 0x238B0292), 1.6 (+ ComfortNoise, 43 entries, 0xF81AA1A3) and 1.7 (+ MeasureLevel, 45 entries, 0x93B8304D), which are the
    /// model's predictions: no MetadataProcessor run here; cross-check on Windows (docs/native-kernel.md).
    /// </summary>
    public class NativeTableTests
    {
        private const string CryptoProject = "src/Phone.Crypto.Native/Phone.Crypto.Native.nfproj";
        private const string Natives = "Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods::";
        private static readonly string[] CryptoNatives =
        {
            Natives + "AesCtrXor___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4",
            Natives + "HmacSha1___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4",
            Natives + "DecimateI2s32___STATIC__I4__SZARRAY_I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__SZARRAY_I2__I4__I4",
            Natives + "G711Encode___STATIC__I4__I4__SZARRAY_I2__I4__SZARRAY_U1__I4__I4",
            Natives + "G711Decode___STATIC__I4__I4__SZARRAY_U1__I4__SZARRAY_I2__I4__I4",
            Natives + "I2sCapture___STATIC__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I4__SZARRAY_I2__I4",
            Natives + "I2sPlayback___STATIC__I4__SZARRAY_I2__I4__I4__I4__I4__SZARRAY_U1__I4",
            Natives + "MixClip___STATIC__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__SZARRAY_I2__I4__I4",
            Natives + "ComfortNoise___STATIC__I4__SZARRAY_I4__SZARRAY_I2__I4__I4__I4",
            Natives + "MeasureLevel___STATIC__I4__SZARRAY_I2__I4__I4",
            Natives + "SrtpOpen___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__I4__SZARRAY_U1__I4__I4",
            Natives + "SrtpClose___STATIC__I4__I4",
            Natives + "SrtpProtect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4",
            Natives + "SrtpUnprotect___STATIC__I4__I4__SZARRAY_U1__I4__I4__I4__I4__I4__I8__I4__I4__I4",
        };

        // NULL rows before the first native (the wrappers sorted before NativeMethods) and after the last
        // (NativeSrtpTransform, sorted after it).
        private const int FirstNative = 24;
        private const int Entries = 45;
        private const uint CryptoChecksum = 0x93B8304Du;

        private static NativeLayout CryptoLayout()
        {
            CompiledDevice built = Fixture.Check.Build(DeviceProject.Load(Path.Combine(Fixture.Root, CryptoProject)));
            Assert.True(built.Success, string.Join("\n", built.Findings));
            return NativeTable.Compute(built.Image);
        }

        [Fact]
        public void Checksum_of_the_known_names_is_MetadataProcessors()
        {
            // Only the methods from the first native one on count; the NULLs before it are forgotten.
            var items = new List<(string, string)?>();
            for (int i = 0; i < FirstNative; i++) items.Add(null);
            items.AddRange(CryptoNatives.Select(n => ((string, string)?)("Phone_Crypto_Native_NativeMethods", n.Substring(Natives.Length))));
            for (int i = FirstNative + CryptoNatives.Length; i < Entries; i++) items.Add(null);
            Assert.Equal(CryptoChecksum, NativeTable.Checksum("Phone.Crypto.Native", items));
            Assert.Equal(CryptoChecksum, NativeTable.Checksum("Phone.Crypto.Native", items.Skip(FirstNative)));
            // The version measured with MetadataProcessor: the three natives of 1.1, nothing after them.
            Assert.Equal(0xF86F0811u, NativeTable.Checksum("Phone.Crypto.Native", items.Skip(FirstNative).Take(3)));
            Assert.Equal(0u, NativeTable.Checksum("Phone.Crypto.Native", new (string, string)?[] { null, null }));
        }

        [Fact]
        public void Crc32_is_the_msb_first_variant_without_inversion()
        {
            // CRC-32/MPEG-2 without its initial 0xFFFFFFFF: the check value of "123456789" from seed 0.
            Assert.Equal(0x89A1897Fu, NativeTable.Crc32(Encoding.ASCII.GetBytes("123456789"), 0));
            Assert.Equal(0x0376E6E7u, NativeTable.Crc32(Encoding.ASCII.GetBytes("123456789"), 0xFFFFFFFF));
        }

        [Fact]
        public void Phone_Crypto_Native_layout_is_the_measured_one()
        {
            NativeLayout layout = CryptoLayout();
            Assert.Equal(Entries, layout.Entries.Count);
            Assert.All(layout.Entries.Take(FirstNative), e => Assert.Null(e.Native));
            Assert.Equal(CryptoNatives, layout.Entries.Skip(FirstNative).Take(CryptoNatives.Length).Select(e => e.Native));
            Assert.All(layout.Entries.Skip(FirstNative + CryptoNatives.Length), e => Assert.Null(e.Native));
            Assert.Equal(CryptoChecksum, layout.Checksum);
            Assert.Equal(new Version(1, 7, 0, 0), layout.NativeVersion);
            Assert.Equal(new[] { "Phone.Crypto.Native.NativeAesCtr", "Phone.Crypto.Native.NativeAudioKernel", "Phone.Crypto.Native.NativeCryptoKernel",
                                 "Phone.Crypto.Native.NativeHmacSha1", "Phone.Crypto.Native.NativeMethods", "Phone.Crypto.Native.NativeSrtpTransform" }, layout.Types);
        }

        [Fact]
        public void The_firmware_table_matches_and_the_printed_C_is_what_it_holds()
        {
            DeviceProject p = DeviceProject.Load(Path.Combine(Fixture.Root, CryptoProject));
            (NativeLayout layout, List<Finding> findings) = Fixture.Check.CheckNativeTable(p);
            Assert.Empty(findings);
            Assert.Contains(layout.ToC().Replace("\r\n", "\n"), File.ReadAllText(p.NativeMethodTable).Replace("\r\n", "\n"));
        }

        // ---- a planted interop assembly whose source order MetadataProcessor changes --------------------

        private const string PlantedSource = @"using System;
using System.Runtime.CompilerServices;
[assembly: System.Reflection.AssemblyNativeVersion(""2.3.0.0"")]
namespace System.Runtime.CompilerServices
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class ExcludeTypeAttribute : Attribute { }
}
namespace Planted
{
    public class Alpha
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Native1(byte[] a, ref int b, string s);
        public int Run() { return Zulu.Make(new Yankee()).Count(); }
        public virtual void V() { }
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern void InstanceNative(bool x, object o, long[] arr, ref byte[] buf);
    }
    public class aardvark
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Dig();
    }
    public class Bravo : IKilo
    {
        public void K() { }
    }
    public class Charlie
    {
        public class Delta
        {
            [MethodImpl(MethodImplOptions.InternalCall)]
            public static extern double Nested(Charlie c, Golf g);
        }
    }
    public enum Echo { One, Two }
    public delegate void Foxtrot(int x);
    public struct Golf
    {
        public int Value;
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern char Get(Echo e);
    }
    [ExcludeType]
    public class Hidden
    {
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern void Gone();
    }
    public interface IKilo { void K(); }
    public abstract class Lima { public abstract void A(); }
    public class Xray { public int Count() { return 0; } }
    public class Yankee { }
    public class Zulu { public static Xray Make(Yankee y) { return new Xray(); } }
}
";

        private static CompiledDevice PlantedInterop()
        {
            var refs = Fixture.Check.References.Closure(new[] { "mscorlib" }).Select(Fixture.Check.References.Image);
            CompiledDevice built = DeviceCompiler.Compile("Planted.Interop", new[] { ("Planted.cs", PlantedSource) }, refs);
            Assert.True(built.Success, string.Join("\n", built.Findings));
            return built;
        }

        [Fact]
        public void Planted_interop_assembly_gets_MetadataProcessors_order_names_and_checksum()
        {
            NativeLayout layout = NativeTable.Compute(PlantedInterop().Image);
            string lib = "Library_Planted_Interop_";
            // Measured with MetadataProcessor: run-mdp.sh on this assembly compiled the same way.
            var expected = new[]
            {
                ("Planted.aardvark::.ctor", (string)null),
                ("Planted.aardvark::Dig", lib + "Planted_aardvark::Dig___STATIC__VOID"),
                ("Planted.Xray::Count", null),
                ("Planted.Xray::.ctor", null),
                ("Planted.Yankee::.ctor", null),
                ("Planted.Alpha::V", null),
                ("Planted.Alpha::Run", null),
                ("Planted.Alpha::InstanceNative", lib + "Planted_Alpha::InstanceNative___VOID__BOOLEAN__OBJECT__SZARRAY_I8__BYREF_SZARRAY_U1"),
                ("Planted.Alpha::.ctor", null),
                ("Planted.Alpha::Native1", lib + "Planted_Alpha::Native1___STATIC__I4__SZARRAY_U1__BYREF_I4__STRING"),
                ("Planted.IKilo::K", null),
                ("Planted.Bravo::K", null),
                ("Planted.Bravo::.ctor", null),
                ("Planted.Charlie::.ctor", null),
                ("Planted.Charlie/Delta::.ctor", null),
                ("Planted.Charlie/Delta::Nested", lib + "Planted_Charlie__Delta::Nested___STATIC__R8__PlantedCharlie__PlantedGolf"),
                ("Planted.Foxtrot::Invoke", null),
                ("Planted.Foxtrot::BeginInvoke", null),
                ("Planted.Foxtrot::EndInvoke", null),
                ("Planted.Foxtrot::.ctor", null),
                ("Planted.Golf::Get", lib + "Planted_Golf::Get___CHAR__PlantedEcho"),
                ("Planted.Lima::A", null),
                ("Planted.Lima::.ctor", null),
                ("Planted.Zulu::.ctor", null),
                ("Planted.Zulu::Make", null),
                ("System.Runtime.CompilerServices.ExcludeTypeAttribute::.ctor", null),
            };
            Assert.Equal(expected.Select(e => e.Item1 + " -> " + (e.Item2 ?? "NULL")), layout.Entries.Select(e => e.Managed + " -> " + e.CText));
            Assert.DoesNotContain(layout.Types, t => t == "Planted.Hidden");
            Assert.Equal(0x8989C9D9u, layout.Checksum); // NULLs between natives count, the [ExcludeType] type's native does not
            Assert.Equal(new Version(2, 3, 0, 0), layout.NativeVersion);
        }

        [Fact]
        public void CSharp_11_or_later_would_shift_the_natives_by_one()
        {
            // Why every .nfproj pins C# 9.0: later versions embed Microsoft.CodeAnalysis.EmbeddedAttribute
            // (kept by MetadataProcessor, sorted first) and RefSafetyRulesAttribute (dropped).
            DeviceProject p = DeviceProject.Load(Path.Combine(Fixture.Root, CryptoProject));
            var refs = Fixture.Check.References.Closure(new[] { "mscorlib" }).Select(Fixture.Check.References.Image).ToList();
            refs.Add(Fixture.Check.Build(DeviceProject.Load(p.ProjectReferences.Single())).Image);
            CompiledDevice latest = DeviceCompiler.Compile(p.AssemblyName, p.Sources.Select(f => (f, File.ReadAllText(f))), refs, langVersion: "latest");
            Assert.True(latest.Success, string.Join("\n", latest.Findings));
            NativeLayout layout = NativeTable.Compute(latest.Image);
            Assert.Equal(Entries + 1, layout.Entries.Count);
            Assert.Equal("Microsoft.CodeAnalysis.EmbeddedAttribute::.ctor", layout.Entries[0].Managed);
            Assert.Equal(CryptoNatives, layout.Entries.Skip(FirstNative + 1).Take(CryptoNatives.Length).Select(e => e.Native));
            Assert.Equal(CryptoChecksum, layout.Checksum); // unchanged: NULLs before the first native do not count
            Assert.DoesNotContain(layout.Types, t => t.Contains("RefSafetyRules"));
        }

        [Fact]
        public void An_interop_project_without_a_table_is_reported()
        {
            string dir = Path.Combine(Path.GetTempPath(), "tc-interop-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                File.WriteAllText(Path.Combine(dir, "N.cs"), "using System.Runtime.CompilerServices;\n[assembly: System.Reflection.AssemblyNativeVersion(\"1.0.0.0\")]\n" +
                    "class N\n{\n    [MethodImpl(MethodImplOptions.InternalCall)]\n    static extern void X();\n}\n");
                string proj = Path.Combine(dir, "N.nfproj");
                File.WriteAllText(proj, "<Project><PropertyGroup><AssemblyName>N</AssemblyName></PropertyGroup><ItemGroup><Compile Include=\"N.cs\" />" +
                    "<Reference Include=\"mscorlib\" /></ItemGroup></Project>");
                (NativeLayout layout, List<Finding> findings) = Fixture.Check.CheckNativeTable(DeviceProject.Load(proj));
                Assert.NotNull(layout);
                Assert.Contains(findings, f => f.Code == "NF0010" && f.Message.Contains("NativeMethodTable"));

                File.WriteAllText(proj, File.ReadAllText(proj).Replace("<AssemblyName>", "<NativeMethodTable>N.cpp</NativeMethodTable><AssemblyName>"));
                File.WriteAllText(Path.Combine(dir, "N.cpp"), "static const CLR_RT_MethodHandler method_lookup[] =\n{\n    NULL,\n    Library_N_N::X___STATIC__VOID,\n};\n" +
                    "const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_N =\n{\n    \"N\",\n    0x12345678,\n    method_lookup,\n    { 1, 0, 0, 0 }\n};\n");
                (layout, findings) = Fixture.Check.CheckNativeTable(DeviceProject.Load(proj));
                Finding crc = Assert.Single(findings, f => f.Message.Contains("checksum"));
                Assert.Equal(9, crc.Line);
                Assert.EndsWith("N.cpp", crc.File);
                Assert.Contains(findings, f => f.Message.Contains("NANOCLR_NATIVE_DECLARE(X___STATIC__VOID)"));
                Assert.Equal(2, layout.Entries.Count);
            }
            finally { Directory.Delete(dir, true); }
        }

        // ---- the check rejects a wrong table ------------------------------------------------------------

        private static string CorrectC(NativeLayout layout) => "#include \"x.h\"\n\n// clang-format off\n\n" + layout.ToC() + "\n// clang-format on\n";

        private static int LineOf(string text, string needle) => 1 + text.Substring(0, text.IndexOf(needle, StringComparison.Ordinal)).Count(c => c == '\n');

        [Fact]
        public void A_correct_table_passes()
        {
            NativeLayout layout = CryptoLayout();
            Assert.Empty(NativeTable.Compare(layout, CorrectC(layout), "t.cpp"));
        }

        [Fact]
        public void A_wrong_entry_is_reported_at_its_line()
        {
            NativeLayout layout = CryptoLayout();
            string c = CorrectC(layout);
            int first = c.IndexOf(CryptoNatives[0], StringComparison.Ordinal);
            string wrong = c.Substring(0, first) + CryptoNatives[1] + c.Substring(first + CryptoNatives[0].Length);
            // Now the AesCtrXor entry names HmacSha1: the device would run HMAC for AesCtrXor.
            List<Finding> findings = NativeTable.Compare(layout, wrong, "t.cpp");
            Finding f = Assert.Single(findings);
            Assert.Equal("NF0011", f.Code);
            Assert.Equal(LineOf(c, CryptoNatives[0]), f.Line);
            Assert.Contains("method_lookup[" + FirstNative + "]", f.Message);
            Assert.Contains("AesCtrXor", f.Message);
            Assert.StartsWith("t.cpp(" + f.Line + "): error NF0011", f.ToString());
        }

        [Fact]
        public void A_missing_entry_is_reported()
        {
            NativeLayout layout = CryptoLayout();
            string c = CorrectC(layout);
            int at = c.IndexOf("    NULL,\n", StringComparison.Ordinal);
            string shorter = c.Remove(at, "    NULL,\n".Length);
            List<Finding> findings = NativeTable.Compare(layout, shorter, "t.cpp");
            Assert.Contains(findings, f => f.Message.Contains("has " + (Entries - 1) + " entries") && f.Message.Contains(Entries.ToString()));
            Assert.Contains(findings, f => f.Message.Contains("method_lookup[" + (FirstNative - 1) + "]")); // everything shifts up by one
        }

        [Fact]
        public void A_wrong_checksum_is_reported_at_its_line()
        {
            NativeLayout layout = CryptoLayout();
            string c = CorrectC(layout);
            string wrong = c.Replace("0x93B8304D", "0x00000000");
            Finding f = Assert.Single(NativeTable.Compare(layout, wrong, "t.cpp"));
            Assert.Equal(LineOf(c, "0x93B8304D"), f.Line);
            Assert.Contains("0x93B8304D", f.Message);
        }

        [Fact]
        public void A_wrong_native_version_is_reported()
        {
            NativeLayout layout = CryptoLayout();
            string wrong = CorrectC(layout).Replace("{ 1, 7, 0, 0 }", "{ 1, 6, 0, 0 }");
            Finding f = Assert.Single(NativeTable.Compare(layout, wrong, "t.cpp"));
            Assert.Contains("1.7.0.0", f.Message);
        }

        [Fact]
        public void Comments_and_nullptr_are_accepted()
        {
            NativeLayout layout = CryptoLayout();
            string c = CorrectC(layout).Replace("    NULL,\n", "    nullptr, /* managed */ // still managed\n");
            Assert.Empty(NativeTable.Compare(layout, c, "t.cpp"));
        }

        [Fact]
        public void Handlers_missing_from_header_or_source_are_reported()
        {
            NativeLayout layout = CryptoLayout();
            string dir = Path.Combine(Path.GetTempPath(), "tc-native-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string table = Path.Combine(dir, "Phone_Crypto_Native.cpp");
                File.WriteAllText(table, CorrectC(layout));
                File.WriteAllText(Path.Combine(dir, "x.h"), "struct Library_Phone_Crypto_Native_Phone_Crypto_Native_NativeMethods\n{\n    NANOCLR_NATIVE_DECLARE(" +
                    CryptoNatives[0].Substring(Natives.Length) + ");\n};\n");
                File.WriteAllText(Path.Combine(dir, "impl.cpp"), "HRESULT " + CryptoNatives[0] + "(CLR_RT_StackFrame &stack) { }\n");
                List<Finding> findings = NativeTable.CheckHandlers(layout, table, "t.cpp");
                Assert.Equal(2 * (CryptoNatives.Length - 1), findings.Count); // all but AesCtrXor: neither declared nor defined
                Assert.DoesNotContain(findings, f => f.Message.Contains("AesCtrXor"));
                Assert.Contains(findings, f => f.Message.Contains("NANOCLR_NATIVE_DECLARE(HmacSha1___STATIC__"));
                Assert.Contains(findings, f => f.Message.Contains("defines HRESULT " + CryptoNatives[2]));
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Sorting_is_linguistic_as_on_Windows()
        {
            // MetadataProcessor sorts type names with the culture's comparer: "aardvark" before "Alpha",
            // where an ordinal sort would put every upper-case name first.
            Assert.True(NativeTable.CultureSorting, "no culture data: install ICU (libicu) for the target check");
            Assert.True(NativeTable.NameOrder.Compare("Planted.aardvark", "Planted.Alpha") < 0);
        }
    }
}
