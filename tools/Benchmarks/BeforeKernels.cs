using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Phone.Crypto;

namespace Phone.Benchmarks
{
    /// <summary>
    /// The per-packet path before the one-call transform, for before/after figures in one run: the
    /// SRTP core drives the block-level contexts through <see cref="ComposedSrtpTransform"/> (IV,
    /// one AES-CTR call, ROC word, one HMAC call, tag copy / managed tag compare — what SrtpSession
    /// did itself), over
    /// <list type="bullet">
    /// <item>"native before": the stateless pc_net_aes_ctr_xor / pc_net_hmac_sha1 of libphonecrypto
    /// built from an earlier commit (<c>--before &lt;commit&gt;</c>: key expanded per call, md HMAC
    /// re-hashing both pads, byte-wise XOR), or, without that option, of today's library (the
    /// two-call path with today's C);</item>
    /// <item>"managed before": the managed block contexts, i.e. the same C# the managed kernel ran.</item>
    /// </list>
    /// </summary>
    public static class BeforeKernels
    {
        public const string Library = "phonecrypto_before";
        public static string Description = "two-call path over today's libphonecrypto (no --before given)";

        /// <summary>
        /// Extracts native/phone_crypto at <paramref name="commit"/> with git archive into a temporary
        /// directory, builds it with its own Makefile and maps <see cref="Library"/> to the result.
        /// Without a commit, maps it to today's libphonecrypto.so.
        /// </summary>
        public static void Prepare(string commit)
        {
            string path = Path.Combine(AppContext.BaseDirectory, "libphonecrypto.so");
            if (commit != null)
            {
                string dir = Path.Combine(Path.GetTempPath(), "phonecrypto-before-" + commit);
                Directory.CreateDirectory(dir);
                Run("bash", "-c", $"git archive {commit} native/phone_crypto | tar -x -C '{dir}' && make -s -C '{dir}/native/phone_crypto'");
                path = Path.Combine(dir, "native/phone_crypto/build/libphonecrypto.so");
                Description = "libphonecrypto built from commit " + commit + " (two native calls per packet)";
            }

            IntPtr handle = NativeLibrary.Load(path);
            NativeLibrary.SetDllImportResolver(typeof(BeforeKernels).Assembly,
                (name, asm, search) => name == Library ? handle : IntPtr.Zero);
        }

        private static void Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardError = true };
            foreach (string a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using Process p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException("building the 'before' library failed: " + err);
            }
        }

        [DllImport(Library, EntryPoint = "pc_net_aes_ctr_xor", ExactSpelling = true)]
        private static extern int AesCtrXor(byte[] key, int keyOffset, int keyLength, byte[] iv, int ivOffset,
            [In, Out] byte[] data, int offset, int length);

        [DllImport(Library, EntryPoint = "pc_net_hmac_sha1", ExactSpelling = true)]
        private static extern int HmacSha1(byte[] key, int keyOffset, int keyLength, byte[] a, int aOffset, int aLength,
            byte[] b, int bOffset, int bLength, [In, Out] byte[] tag, int tagOffset);

        /// <summary>Managed kernel whose transform is the composed two-call path.</summary>
        public sealed class Managed : ICryptoKernel
        {
            public string Name => "managed-before";
            public IAesCtr CreateAesCtr() => new ManagedAesCtr();
            public IHmacSha1 CreateHmacSha1() => new ManagedHmacSha1();
            public ISrtpTransform CreateSrtpTransform() => new ComposedSrtpTransform(CreateAesCtr(), CreateHmacSha1());
        }

        /// <summary>Native kernel as it was: raw keys passed on every call, two calls per packet.</summary>
        public sealed class Native : ICryptoKernel
        {
            public string Name => "native-before";
            public IAesCtr CreateAesCtr() => new Aes();
            public IHmacSha1 CreateHmacSha1() => new Hmac();
            public ISrtpTransform CreateSrtpTransform() => new ComposedSrtpTransform(CreateAesCtr(), CreateHmacSha1());
        }

        private sealed class Aes : IAesCtr
        {
            private readonly byte[] _key = new byte[32];
            private int _length;

            public bool SetKey(byte[] key, int offset, int length)
            {
                if (key == null || (length != 16 && length != 32)) return false;
                Array.Copy(key, offset, _key, 0, length);
                _length = length;
                return true;
            }

            public void Xor(byte[] iv, int ivOffset, byte[] data, int offset, int length)
            {
                if (length > 0 && AesCtrXor(_key, 0, _length, iv, ivOffset, data, offset, length) != 0)
                    throw new InvalidOperationException("AES-CTR failed");
            }

            public void Clear() { Array.Clear(_key); _length = 0; }
        }

        private sealed class Hmac : IHmacSha1
        {
            private readonly byte[] _key = new byte[64];
            private int _length;

            public bool SetKey(byte[] key, int offset, int length)
            {
                if (key == null || length < 0 || length > 64) return false;
                Array.Copy(key, offset, _key, 0, length);
                _length = length;
                return true;
            }

            public void Compute(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset)
            {
                if (HmacSha1(_key, 0, _length, a, aOffset, aLength, b, bOffset, bLength, tag, tagOffset) != 0)
                    throw new InvalidOperationException("HMAC failed");
            }

            public void Clear() { Array.Clear(_key); _length = 0; }
        }
    }
}
