using System;
using System.Collections.Generic;
using System.Diagnostics;
using Phone.Crypto;
using Phone.Crypto.Native;
using Phone.Host.Tests.LibSrtp;
using Phone.Srtp;

namespace Phone.Benchmarks
{
    /// <summary>
    /// The SRTP comparison of <see cref="SrtpG711Benchmarks"/> measured interleaved: one G.711 packet (12 + 160
    /// bytes, AES_CM_128_HMAC_SHA1_80) protected, unprotected, and both, by libsrtp2 with OpenSSL (the
    /// reference; Debian's NSS libsrtp2 when PHONE_LIBSRTP_OPENSSL names none), Debian's libsrtp2, and our
    /// SRTP core with the managed and the native kernel. Each round times a chunk of operations of every
    /// implementation back to back, in an order that rotates from round to round, and divides each time
    /// by the reference's time in the same round. On a shared host the load moves within seconds: the rows
    /// of a BenchmarkDotNet run, measured minutes apart, each see a different load, while the times of one
    /// round, milliseconds apart, see the same one, so the ratio cancels it. Reported per operation and
    /// implementation: the median time of a chunk, the median ratio with its quartiles, and the bytes
    /// allocated per operation over all rounds.
    /// </summary>
    public static class SrtpInterleaved
    {
        private const int PacketLength = 172;
        private const int Stride = 172 + 144; // room for libsrtp's trailer

        /// <summary>One implementation: a protect stream, an unprotect stream with its sender, a round-trip pair.</summary>
        private abstract class Subject
        {
            public readonly string Name;
            private readonly byte[] _packet;
            private readonly byte[] _rt;
            private readonly byte[] _batch;
            private readonly int[] _lengths;
            private ushort _seq, _rxSeq, _rtSeq;
            public readonly Dictionary<string, List<double>> Times = new();
            public readonly Dictionary<string, long> Allocated = new();

            protected Subject(string name, byte[] plain, int chunk)
            {
                Name = name;
                _packet = (byte[])plain.Clone();
                _rt = (byte[])plain.Clone();
                _rt[11] ^= 0x01; // each stream has its own SSRC
                _batch = new byte[chunk * Stride];
                _lengths = new int[chunk];
            }

            protected abstract int Protect(byte[] buf, int off, int length);
            protected abstract int ProtectForUnprotect(byte[] buf, int off, int length);
            protected abstract bool Unprotect(byte[] buf, int off, int length);
            protected abstract int RoundTripProtect(byte[] buf, int length);
            protected abstract bool RoundTripUnprotect(byte[] buf, int length);

            public double Time(string operation, int chunk)
            {
                if (operation == "unprotect")
                {
                    // Fresh authentic packets, protected outside the measured time (the replay window refuses repeats).
                    for (int i = 0; i < chunk; i++)
                    {
                        int off = i * Stride;
                        Array.Copy(_packet, 0, _batch, off, PacketLength);
                        _batch[off + 11] ^= 0x02;
                        SetSeq(_batch, off, _rxSeq++);
                        _lengths[i] = ProtectForUnprotect(_batch, off, PacketLength);
                    }
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread();
                long start = Stopwatch.GetTimestamp();
                int failures = 0;
                switch (operation)
                {
                    case "protect":
                        for (int i = 0; i < chunk; i++)
                        {
                            SetSeq(_packet, 0, _seq++);
                            Protect(_packet, 0, PacketLength);
                        }

                        break;
                    case "unprotect":
                        for (int i = 0; i < chunk; i++)
                        {
                            failures += Unprotect(_batch, i * Stride, _lengths[i]) ? 0 : 1;
                        }

                        break;
                    default:
                        for (int i = 0; i < chunk; i++)
                        {
                            SetSeq(_rt, 0, _rtSeq++);
                            int length = RoundTripProtect(_rt, PacketLength);
                            failures += RoundTripUnprotect(_rt, length) ? 0 : 1;
                        }

                        break;
                }

                long elapsed = Stopwatch.GetTimestamp() - start;
                Allocated[operation] = Allocated.GetValueOrDefault(operation) + GC.GetAllocatedBytesForCurrentThread() - allocated;
                if (failures != 0)
                {
                    throw new InvalidOperationException(Name + ": " + failures + " packets failed to unprotect");
                }

                double ns = elapsed * 1e9 / Stopwatch.Frequency / chunk;
                if (!Times.TryGetValue(operation, out List<double> list))
                {
                    Times[operation] = list = new List<double>();
                }

                list.Add(ns);
                return ns;
            }
        }

        private sealed class Ours : Subject
        {
            private readonly SrtpSession _tx, _uTx, _uRx, _rtTx, _rtRx;

            public Ours(string name, ICryptoKernel kernel, byte[] key, byte[] salt, byte[] plain, int chunk) : base(name, plain, chunk)
            {
                SrtpSession Make() => new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), kernel);
                _tx = Make();
                _uTx = Make();
                _uRx = Make();
                _rtTx = Make();
                _rtRx = Make();
            }

            protected override int Protect(byte[] buf, int off, int length) => Len(_tx.Protect(buf, off, length, out int l), l);
            protected override int ProtectForUnprotect(byte[] buf, int off, int length) => Len(_uTx.Protect(buf, off, length, out int l), l);
            protected override bool Unprotect(byte[] buf, int off, int length) => _uRx.Unprotect(buf, off, length, out _) == SrtpStatus.Ok;
            protected override int RoundTripProtect(byte[] buf, int length) => Len(_rtTx.Protect(buf, 0, length, out int l), l);
            protected override bool RoundTripUnprotect(byte[] buf, int length) => _rtRx.Unprotect(buf, 0, length, out _) == SrtpStatus.Ok;

            private static int Len(SrtpStatus status, int length) =>
                status == SrtpStatus.Ok ? length : throw new InvalidOperationException("protect: " + status);
        }

        private sealed class Debian : Subject
        {
            private readonly LibSrtpSession _tx, _uTx, _uRx, _rtTx, _rtRx;

            public Debian(byte[] keyAndSalt, byte[] plain, int chunk) : base("libsrtp2, NSS", plain, chunk)
            {
                LibSrtpSession Make(bool outbound) => new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound);
                _tx = Make(true);
                _uTx = Make(true);
                _uRx = Make(false);
                _rtTx = Make(true);
                _rtRx = Make(false);
            }

            protected override int Protect(byte[] buf, int off, int length) => Len(_tx.Protect(buf, off, length, out int l), l);
            protected override int ProtectForUnprotect(byte[] buf, int off, int length) => Len(_uTx.Protect(buf, off, length, out int l), l);
            protected override bool Unprotect(byte[] buf, int off, int length) => _uRx.Unprotect(buf, off, length, out _) == LibSrtpStatus.Ok;
            protected override int RoundTripProtect(byte[] buf, int length) => Len(_rtTx.Protect(buf, 0, length, out int l), l);
            protected override bool RoundTripUnprotect(byte[] buf, int length) => _rtRx.Unprotect(buf, 0, length, out _) == LibSrtpStatus.Ok;

            private static int Len(LibSrtpStatus status, int length) =>
                status == LibSrtpStatus.Ok ? length : throw new InvalidOperationException("libsrtp2 protect: " + status);
        }

        private sealed class OpenSsl : Subject
        {
            private readonly LibSrtpOpenSsl _tx, _uTx, _uRx, _rtTx, _rtRx;

            public OpenSsl(byte[] keyAndSalt, byte[] plain, int chunk) : base("libsrtp2, OpenSSL", plain, chunk)
            {
                LibSrtpOpenSsl Make(bool outbound) => new LibSrtpOpenSsl(keyAndSalt, outbound);
                _tx = Make(true);
                _uTx = Make(true);
                _uRx = Make(false);
                _rtTx = Make(true);
                _rtRx = Make(false);
            }

            protected override int Protect(byte[] buf, int off, int length) => Len(_tx.Protect(buf, off, length, out int l), l);
            protected override int ProtectForUnprotect(byte[] buf, int off, int length) => Len(_uTx.Protect(buf, off, length, out int l), l);
            protected override bool Unprotect(byte[] buf, int off, int length) => _uRx.Unprotect(buf, off, length, out _) == 0;
            protected override int RoundTripProtect(byte[] buf, int length) => Len(_rtTx.Protect(buf, 0, length, out int l), l);
            protected override bool RoundTripUnprotect(byte[] buf, int length) => _rtRx.Unprotect(buf, 0, length, out _) == 0;

            private static int Len(int status, int length) =>
                status == 0 ? length : throw new InvalidOperationException("libsrtp2 (OpenSSL) protect: " + status);
        }

        private static readonly string[] Operations = { "protect", "unprotect", "protect + unprotect" };

        /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="chunk"/> operations per implementation and operation, prints the table; 0 when every packet verified.</summary>
        public static int Run(int rounds, int chunk)
        {
            byte[] key = new byte[16];
            byte[] salt = new byte[14];
            new Random(1).NextBytes(key);
            new Random(2).NextBytes(salt);
            byte[] keyAndSalt = new byte[30];
            key.CopyTo(keyAndSalt, 0);
            salt.CopyTo(keyAndSalt, 16);
            byte[] plain = new byte[Stride];
            plain[0] = 0x80; // V=2, PT 0 = PCMU
            plain[8] = 0xca; plain[9] = 0xfe; plain[10] = 0xba; plain[11] = 0xbe;
            new Random(3).NextBytes(plain.AsSpan(12, 160));

            // Debian's libsrtp2 first: the OpenSSL build has the same soname and is loaded beside it, by path.
            var subjects = new List<Subject> { new Debian(keyAndSalt, plain, chunk) };
            if (LibSrtpOpenSsl.Load())
            {
                subjects.Insert(0, new OpenSsl(keyAndSalt, plain, chunk));
            }

            subjects.Add(new Ours("managed", new ManagedCryptoKernel(), key, salt, plain, chunk));
            subjects.Add(new Ours("native", new NativeCryptoKernel(), key, salt, plain, chunk));
            Subject reference = subjects[0];

            // Warm-up, two seconds at most: every path reaches its final JIT tier before anything is recorded.
            var warm = Stopwatch.StartNew();
            do
            {
                foreach (string op in Operations)
                {
                    foreach (Subject s in subjects)
                    {
                        s.Time(op, chunk);
                    }
                }
            }
            while (warm.ElapsedMilliseconds < 2000 && rounds > 2);

            foreach (Subject s in subjects)
            {
                s.Times.Clear();
                s.Allocated.Clear();
            }

            var ratios = new Dictionary<(string, string), List<double>>();
            for (int round = 0; round < rounds; round++)
            {
                foreach (string op in Operations)
                {
                    var times = new double[subjects.Count];
                    for (int k = 0; k < subjects.Count; k++)
                    {
                        int j = (k + round) % subjects.Count; // rotate who goes first
                        times[j] = subjects[j].Time(op, chunk);
                    }

                    for (int j = 0; j < subjects.Count; j++)
                    {
                        var key2 = (op, subjects[j].Name);
                        if (!ratios.TryGetValue(key2, out List<double> list))
                        {
                            ratios[key2] = list = new List<double>();
                        }

                        list.Add(times[j] / times[0]);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"SRTP, interleaved: G.711 packet (12 + 160 bytes), AES_CM_128_HMAC_SHA1_80; {rounds} rounds of {chunk} operations per implementation and operation; ratio to {reference.Name} in the same round");
            Console.WriteLine();
            Console.WriteLine("| operation | implementation | median time | ratio: median (p25 - p75) | allocated |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
            foreach (string op in Operations)
            {
                foreach (Subject s in subjects)
                {
                    List<double> r = ratios[(op, s.Name)];
                    Console.WriteLine($"| {op} | {s.Name} | {Median(s.Times[op]):F0} ns | {Median(r):F2} ({Quantile(r, 0.25):F2} - {Quantile(r, 0.75):F2}) | {(double)s.Allocated[op] / ((long)rounds * chunk):F1} B/op |");
                }
            }

            return 0;
        }

        private static double Median(List<double> values) => Quantile(values, 0.5);

        private static double Quantile(List<double> values, double q)
        {
            var sorted = new List<double>(values);
            sorted.Sort();
            double pos = q * (sorted.Count - 1);
            int lo = (int)Math.Floor(pos);
            int hi = Math.Min(lo + 1, sorted.Count - 1);
            return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }

        private static void SetSeq(byte[] packet, int off, ushort seq)
        {
            packet[off + 2] = (byte)(seq >> 8);
            packet[off + 3] = (byte)seq;
        }
    }
}
