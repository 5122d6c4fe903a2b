using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phone.Crypto.Native;
using Phone.Host.Tests.LibSrtp;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Benchmarks
{
    /// <summary>
    /// One G.711 packet per operation (12-byte RTP header + 160-byte payload = 20 ms of audio,
    /// AES_CM_128_HMAC_SHA1_80 so an 80-bit tag), protected, unprotected, and both (round trip), by
    /// our SRTP core with each kernel and by libsrtp2 as the baseline (Debian's, NSS backend), and, when
    /// PHONE_LIBSRTP_OPENSSL names one, by a libsrtp2 built with OpenSSL (<see cref="LibSrtpOpenSsl"/>; its rows are
    /// left out without it). "Before" rows run the previous
    /// per-packet path (two kernel calls per packet, see <see cref="BeforeKernels"/>); the others the
    /// one-call transform.
    /// Protect re-protects one buffer with a rising sequence number (content does not matter to the
    /// cost). Unprotect needs a fresh authentic packet per operation (the replay window refuses
    /// repeats), so an iteration setup protects a batch outside the measured time and the benchmark
    /// unprotects the whole batch (OperationsPerInvoke = Batch). The round trip protects a packet
    /// with the sender and unprotects it with the receiver, which restores the plaintext in place.
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class SrtpG711Benchmarks
    {
        private const int PacketLength = G711SrtpPacket.Length;
        private const int Batch = 20_000;
        private const int Stride = G711SrtpPacket.Stride;

        private sealed class Ours
        {
            public SrtpSession Tx, Rx, RtTx, RtRx;
            public ushort Seq, RxSeq, RtSeq;
        }

        private Ours _managed, _managedBefore, _native, _nativeBefore;
        private LibSrtpSession _libTx, _libRx, _libRtTx, _libRtRx;
        private ushort _seqLib, _rxSeqLib, _rtSeqLib;
        private LibSrtpOpenSsl _osslTx, _osslRx, _osslRtTx, _osslRtRx;
        private ushort _seqOssl, _rxSeqOssl, _rtSeqOssl;
        private readonly byte[] _packet = new byte[Stride];
        private readonly byte[] _rt = new byte[Stride];
        private readonly byte[] _batch = new byte[Batch * Stride];
        private readonly int[] _batchLength = new int[Batch];
        private byte[] _key, _salt;

        [GlobalSetup]
        public void Setup()
        {
            byte[] keyAndSalt = G711SrtpPacket.KeyAndSalt();
            _key = G711SrtpPacket.Key();
            _salt = G711SrtpPacket.Salt();
            _managed = Make(new ManagedCryptoKernel());
            _managedBefore = Make(new BeforeKernels.Managed());
            _native = Make(new NativeCryptoKernel());
            _nativeBefore = Make(new BeforeKernels.Native());
            _libTx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: true);
            _libRx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: false);
            _libRtTx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: true);
            _libRtRx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: false);
            Array.Copy(G711SrtpPacket.Plain(), _packet, Stride);
            Array.Copy(_packet, _rt, Stride);
            _rt[11] = 0x01; // the round trips are a stream of their own

            // Sanity check before measuring: every implementation produces libsrtp's packet.
            byte[] want = (byte[])_packet.Clone();
            Check(_libTx.Protect(want, 0, PacketLength, out int lw) == LibSrtpStatus.Ok && lw == 182);
            foreach (Ours o in new[] { _managed, _managedBefore, _native, _nativeBefore })
            {
                byte[] p = (byte[])_packet.Clone();
                Check(o.Tx.Protect(p, 0, PacketLength, out int l) == SrtpStatus.Ok && l == lw && p.AsSpan(0, l).SequenceEqual(want.AsSpan(0, lw)));
                o.Seq = 1;
            }

            _seqLib = 1;

            if (LibSrtpOpenSsl.Load())
            {
                _osslTx = new LibSrtpOpenSsl(keyAndSalt, outbound: true);
                _osslRx = new LibSrtpOpenSsl(keyAndSalt, outbound: false);
                _osslRtTx = new LibSrtpOpenSsl(keyAndSalt, outbound: true);
                _osslRtRx = new LibSrtpOpenSsl(keyAndSalt, outbound: false);
                byte[] p = (byte[])_packet.Clone();
                Check(_osslTx.Protect(p, 0, PacketLength, out int l) == 0 && l == lw && p.AsSpan(0, l).SequenceEqual(want.AsSpan(0, lw)));
                _seqOssl = 1;
            }
        }

        private Ours Make(ICryptoKernel kernel) => new Ours
        {
            Tx = Session(kernel), Rx = Session(kernel), RtTx = Session(kernel), RtRx = Session(kernel),
        };

        private SrtpSession Session(ICryptoKernel kernel) =>
            new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, _key, _salt), kernel);

        [GlobalCleanup]
        public void Cleanup()
        {
            _libTx.Dispose();
            _libRx.Dispose();
            _libRtTx.Dispose();
            _libRtRx.Dispose();
            _osslTx?.Dispose();
            _osslRx?.Dispose();
            _osslRtTx?.Dispose();
            _osslRtRx?.Dispose();
        }

        // ---- protect ----

        [Benchmark(Baseline = true), BenchmarkCategory("Protect")]
        public int Protect_LibSrtp()
        {
            G711SrtpPacket.SetSeq(_packet, 0, _seqLib++);
            _libTx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_LibSrtpOpenSsl()
        {
            G711SrtpPacket.SetSeq(_packet, 0, _seqOssl++);
            _osslTx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Managed_Before() => Protect(_managedBefore);

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Managed() => Protect(_managed);

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Native_Before() => Protect(_nativeBefore);

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Native() => Protect(_native);

        private int Protect(Ours o)
        {
            G711SrtpPacket.SetSeq(_packet, 0, o.Seq++);
            o.Tx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        // ---- unprotect ----

        [IterationSetup(Target = nameof(Unprotect_LibSrtp))]
        public void FillLibSrtp() => Fill((buf, off) => { _libTx.Protect(buf, off, PacketLength, out int l); return l; }, ref _rxSeqLib);

        [IterationSetup(Target = nameof(Unprotect_LibSrtpOpenSsl))]
        public void FillLibSrtpOpenSsl() => Fill((buf, off) => { _osslTx.Protect(buf, off, PacketLength, out int l); return l; }, ref _rxSeqOssl);

        [IterationSetup(Target = nameof(Unprotect_Managed_Before))]
        public void FillManagedBefore() => Fill(_managedBefore);

        [IterationSetup(Target = nameof(Unprotect_Managed))]
        public void FillManaged() => Fill(_managed);

        [IterationSetup(Target = nameof(Unprotect_Native_Before))]
        public void FillNativeBefore() => Fill(_nativeBefore);

        [IterationSetup(Target = nameof(Unprotect_Native))]
        public void FillNative() => Fill(_native);

        [Benchmark(Baseline = true, OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_LibSrtp()
        {
            int failures = 0;
            for (int i = 0; i < Batch; i++)
            {
                failures += _libRx.Unprotect(_batch, i * Stride, _batchLength[i], out _) == LibSrtpStatus.Ok ? 0 : 1;
            }

            return Checked(failures);
        }

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_LibSrtpOpenSsl()
        {
            int failures = 0;
            for (int i = 0; i < Batch; i++)
            {
                failures += _osslRx.Unprotect(_batch, i * Stride, _batchLength[i], out _) == 0 ? 0 : 1;
            }

            return Checked(failures);
        }

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_Managed_Before() => Unprotect(_managedBefore);

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_Managed() => Unprotect(_managed);

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_Native_Before() => Unprotect(_nativeBefore);

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_Native() => Unprotect(_native);

        private int Unprotect(Ours o)
        {
            int failures = 0;
            for (int i = 0; i < Batch; i++)
            {
                failures += o.Rx.Unprotect(_batch, i * Stride, _batchLength[i], out _) == SrtpStatus.Ok ? 0 : 1;
            }

            return Checked(failures);
        }

        // ---- protect + unprotect ----

        [Benchmark(Baseline = true), BenchmarkCategory("RoundTrip")]
        public int RoundTrip_LibSrtp()
        {
            G711SrtpPacket.SetSeq(_rt, 0, _rtSeqLib++);
            _libRtTx.Protect(_rt, 0, PacketLength, out int len);
            return _libRtRx.Unprotect(_rt, 0, len, out _) == LibSrtpStatus.Ok ? len : Checked(1);
        }

        [Benchmark, BenchmarkCategory("RoundTrip")]
        public int RoundTrip_LibSrtpOpenSsl()
        {
            G711SrtpPacket.SetSeq(_rt, 0, _rtSeqOssl++);
            _osslRtTx.Protect(_rt, 0, PacketLength, out int len);
            return _osslRtRx.Unprotect(_rt, 0, len, out _) == 0 ? len : Checked(1);
        }

        [Benchmark, BenchmarkCategory("RoundTrip")]
        public int RoundTrip_Managed_Before() => RoundTrip(_managedBefore);

        [Benchmark, BenchmarkCategory("RoundTrip")]
        public int RoundTrip_Managed() => RoundTrip(_managed);

        [Benchmark, BenchmarkCategory("RoundTrip")]
        public int RoundTrip_Native_Before() => RoundTrip(_nativeBefore);

        [Benchmark, BenchmarkCategory("RoundTrip")]
        public int RoundTrip_Native() => RoundTrip(_native);

        private int RoundTrip(Ours o)
        {
            G711SrtpPacket.SetSeq(_rt, 0, o.RtSeq++);
            o.RtTx.Protect(_rt, 0, PacketLength, out int len);
            return o.RtRx.Unprotect(_rt, 0, len, out _) == SrtpStatus.Ok ? len : Checked(1);
        }

        private void Fill(Ours o) => Fill((buf, off) => { o.Tx.Protect(buf, off, PacketLength, out int l); return l; }, ref o.RxSeq);

        // The unprotect senders are separate streams (their own SSRC) from the protect benchmarks'.
        private void Fill(Func<byte[], int, int> protect, ref ushort seq)
        {
            for (int i = 0; i < Batch; i++)
            {
                int off = i * Stride;
                Array.Copy(_packet, 0, _batch, off, PacketLength);
                _batch[off + 11] = 0xef;
                G711SrtpPacket.SetSeq(_batch, off, seq++);
                _batchLength[i] = protect(_batch, off);
            }
        }

        private static int Checked(int failures)
        {
            if (failures != 0)
            {
                throw new InvalidOperationException(failures + " packets failed to unprotect");
            }

            return failures;
        }

        private static void Check(bool ok)
        {
            if (!ok)
            {
                throw new InvalidOperationException("implementations disagree before measuring");
            }
        }
    }
}
