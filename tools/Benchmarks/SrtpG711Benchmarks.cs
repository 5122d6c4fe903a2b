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
    /// AES_CM_128_HMAC_SHA1_80 so an 80-bit tag), protected and unprotected by our SRTP core with
    /// each kernel and by libsrtp2 as the baseline.
    /// Protect re-protects one buffer with a rising sequence number (content does not matter to the
    /// cost). Unprotect needs a fresh authentic packet per operation (the replay window refuses
    /// repeats), so an iteration setup protects a batch outside the measured time and the benchmark
    /// unprotects the whole batch (OperationsPerInvoke = Batch).
    /// </summary>
    [MemoryDiagnoser]
    [GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
    [CategoriesColumn]
    public class SrtpG711Benchmarks
    {
        private const int PacketLength = 172;
        private const int Batch = 20_000;
        private const int Stride = 172 + 144; // room for libsrtp's trailer

        private SrtpSession _managedTx, _managedRx, _nativeTx, _nativeRx;
        private LibSrtpSession _libTx, _libRx;
        private readonly byte[] _packet = new byte[Stride];
        private readonly byte[] _batch = new byte[Batch * Stride];
        private readonly int[] _batchLength = new int[Batch];
        private ushort _seqManaged, _seqNative, _seqLib;
        private ushort _rxSeqManaged, _rxSeqNative, _rxSeqLib;

        [GlobalSetup]
        public void Setup()
        {
            byte[] key = new byte[16], salt = new byte[14], keyAndSalt = new byte[30];
            new Random(1).NextBytes(key);
            new Random(2).NextBytes(salt);
            key.CopyTo(keyAndSalt, 0);
            salt.CopyTo(keyAndSalt, 16);
            _managedTx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new ManagedCryptoKernel());
            _managedRx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new ManagedCryptoKernel());
            _nativeTx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new NativeCryptoKernel());
            _nativeRx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new NativeCryptoKernel());
            _libTx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: true);
            _libRx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound: false);
            _packet[0] = 0x80;
            _packet[1] = 0x00; // PT 0 = PCMU
            _packet[8] = 0xca; _packet[9] = 0xfe; _packet[10] = 0xba; _packet[11] = 0xbe;
            new Random(3).NextBytes(_packet.AsSpan(12, 160));

            // Sanity check before measuring: all three produce the same packet.
            byte[] a = (byte[])_packet.Clone(), b = (byte[])_packet.Clone(), c = (byte[])_packet.Clone();
            Check(_managedTx.Protect(a, 0, PacketLength, out int la) == SrtpStatus.Ok);
            Check(_nativeTx.Protect(b, 0, PacketLength, out int lb) == SrtpStatus.Ok);
            Check(_libTx.Protect(c, 0, PacketLength, out int lc) == LibSrtpStatus.Ok);
            Check(la == 182 && lb == la && lc == la && a.AsSpan(0, la).SequenceEqual(c.AsSpan(0, lc)) && b.AsSpan(0, lb).SequenceEqual(c.AsSpan(0, lc)));
            _seqManaged = _seqNative = _seqLib = 1;
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _libTx.Dispose();
            _libRx.Dispose();
        }

        [Benchmark(Baseline = true), BenchmarkCategory("Protect")]
        public int Protect_LibSrtp()
        {
            SetSeq(_packet, _seqLib++);
            _libTx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Managed()
        {
            SetSeq(_packet, _seqManaged++);
            _managedTx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        [Benchmark, BenchmarkCategory("Protect")]
        public int Protect_Native()
        {
            SetSeq(_packet, _seqNative++);
            _nativeTx.Protect(_packet, 0, PacketLength, out int len);
            return len;
        }

        [IterationSetup(Target = nameof(Unprotect_LibSrtp))]
        public void FillLibSrtp() => Fill((buf, off) => { _libTx.Protect(buf, off, PacketLength, out int l); return l; }, ref _rxSeqLib);

        [IterationSetup(Target = nameof(Unprotect_Managed))]
        public void FillManaged() => Fill((buf, off) => { _managedTx.Protect(buf, off, PacketLength, out int l); return l; }, ref _rxSeqManaged);

        [IterationSetup(Target = nameof(Unprotect_Native))]
        public void FillNative() => Fill((buf, off) => { _nativeTx.Protect(buf, off, PacketLength, out int l); return l; }, ref _rxSeqNative);

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
        public int Unprotect_Managed()
        {
            int failures = 0;
            for (int i = 0; i < Batch; i++)
            {
                failures += _managedRx.Unprotect(_batch, i * Stride, _batchLength[i], out _) == SrtpStatus.Ok ? 0 : 1;
            }

            return Checked(failures);
        }

        [Benchmark(OperationsPerInvoke = Batch), BenchmarkCategory("Unprotect")]
        public int Unprotect_Native()
        {
            int failures = 0;
            for (int i = 0; i < Batch; i++)
            {
                failures += _nativeRx.Unprotect(_batch, i * Stride, _batchLength[i], out _) == SrtpStatus.Ok ? 0 : 1;
            }

            return Checked(failures);
        }

        // The unprotect senders are separate streams (their own SSRC) from the protect benchmarks'.
        private void Fill(Func<byte[], int, int> protect, ref ushort seq)
        {
            for (int i = 0; i < Batch; i++)
            {
                int off = i * Stride;
                Array.Copy(_packet, 0, _batch, off, PacketLength);
                _batch[off + 11] = 0xef;
                SetSeq(_batch, off, seq++);
                _batchLength[i] = protect(_batch, off);
            }
        }

        private static void SetSeq(byte[] packet, ushort seq) => SetSeq(packet, 0, seq);

        private static void SetSeq(byte[] packet, int off, ushort seq)
        {
            packet[off + 2] = (byte)(seq >> 8);
            packet[off + 3] = (byte)seq;
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
