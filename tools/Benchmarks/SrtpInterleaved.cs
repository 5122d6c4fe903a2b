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
        private const int PacketLength = G711SrtpPacket.Length;
        private const int Stride = G711SrtpPacket.Stride;

        /// <summary>One SRTP session of an implementation, sending (Protect) or receiving (Unprotect).</summary>
        private interface ISession
        {
            /// <summary>Protects in place; the protected length (throws on a refusal: the benchmark would be void).</summary>
            int Protect(byte[] buf, int off, int length);

            bool Unprotect(byte[] buf, int off, int length);
        }

        private sealed class Ours : ISession
        {
            private readonly SrtpSession _s;

            public Ours(ICryptoKernel kernel, byte[] key, byte[] salt) =>
                _s = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), kernel);

            public int Protect(byte[] buf, int off, int length) =>
                _s.Protect(buf, off, length, out int l) == SrtpStatus.Ok ? l : throw new InvalidOperationException("protect refused");

            public bool Unprotect(byte[] buf, int off, int length) => _s.Unprotect(buf, off, length, out _) == SrtpStatus.Ok;
        }

        private sealed class Debian : ISession
        {
            private readonly LibSrtpSession _s;

            public Debian(byte[] keyAndSalt, bool outbound) =>
                _s = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, keyAndSalt, outbound);

            public int Protect(byte[] buf, int off, int length) =>
                _s.Protect(buf, off, length, out int l) == LibSrtpStatus.Ok ? l : throw new InvalidOperationException("libsrtp2 protect refused");

            public bool Unprotect(byte[] buf, int off, int length) => _s.Unprotect(buf, off, length, out _) == LibSrtpStatus.Ok;
        }

        private sealed class OpenSsl : ISession
        {
            private readonly LibSrtpOpenSsl _s;

            public OpenSsl(byte[] keyAndSalt, bool outbound) => _s = new LibSrtpOpenSsl(keyAndSalt, outbound);

            public int Protect(byte[] buf, int off, int length) =>
                _s.Protect(buf, off, length, out int l) == 0 ? l : throw new InvalidOperationException("libsrtp2 (OpenSSL) protect refused");

            public bool Unprotect(byte[] buf, int off, int length) => _s.Unprotect(buf, off, length, out _) == 0;
        }

        /// <summary>One implementation: a protect stream, an unprotect stream with its sender, a round-trip pair.</summary>
        private sealed class Subject
        {
            public readonly string Name;
            public readonly Dictionary<string, List<double>> Times = new();
            public readonly Dictionary<string, long> Allocated = new();
            private readonly ISession _tx, _uTx, _uRx, _rtTx, _rtRx;
            private readonly byte[] _packet;
            private readonly byte[] _rt;
            private readonly byte[] _batch;
            private readonly int[] _lengths;
            private ushort _seq, _rxSeq, _rtSeq;

            /// <param name="session">A new session of the implementation: sending for true, receiving for false.</param>
            public Subject(string name, Func<bool, ISession> session, byte[] plain, int chunk)
            {
                Name = name;
                _tx = session(true);
                _uTx = session(true);
                _uRx = session(false);
                _rtTx = session(true);
                _rtRx = session(false);
                _packet = (byte[])plain.Clone();
                _rt = (byte[])plain.Clone();
                _rt[11] ^= 0x01; // each stream has its own SSRC
                _batch = new byte[chunk * Stride];
                _lengths = new int[chunk];
            }

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
                        G711SrtpPacket.SetSeq(_batch, off, _rxSeq++);
                        _lengths[i] = _uTx.Protect(_batch, off, PacketLength);
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
                            G711SrtpPacket.SetSeq(_packet, 0, _seq++);
                            _tx.Protect(_packet, 0, PacketLength);
                        }

                        break;
                    case "unprotect":
                        for (int i = 0; i < chunk; i++)
                        {
                            failures += _uRx.Unprotect(_batch, i * Stride, _lengths[i]) ? 0 : 1;
                        }

                        break;
                    default:
                        for (int i = 0; i < chunk; i++)
                        {
                            G711SrtpPacket.SetSeq(_rt, 0, _rtSeq++);
                            int length = _rtTx.Protect(_rt, 0, PacketLength);
                            failures += _rtRx.Unprotect(_rt, 0, length) ? 0 : 1;
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

        private static readonly string[] Operations = { "protect", "unprotect", "protect + unprotect" };

        /// <summary>Runs <paramref name="rounds"/> rounds of <paramref name="chunk"/> operations per implementation and operation, prints the table; 0 when every packet verified.</summary>
        public static int Run(int rounds, int chunk)
        {
            byte[] key = G711SrtpPacket.Key();
            byte[] salt = G711SrtpPacket.Salt();
            byte[] keyAndSalt = G711SrtpPacket.KeyAndSalt();
            byte[] plain = G711SrtpPacket.Plain();

            // Debian's libsrtp2 first: the OpenSSL build has the same soname and is loaded beside it, by path.
            var subjects = new List<Subject> { new Subject("libsrtp2, NSS", outbound => new Debian(keyAndSalt, outbound), plain, chunk) };
            if (LibSrtpOpenSsl.Load())
            {
                subjects.Insert(0, new Subject("libsrtp2, OpenSSL", outbound => new OpenSsl(keyAndSalt, outbound), plain, chunk));
            }

            var managed = new ManagedCryptoKernel();
            var native = new NativeCryptoKernel();
            subjects.Add(new Subject("managed", _ => new Ours(managed, key, salt), plain, chunk));
            subjects.Add(new Subject("native", _ => new Ours(native, key, salt), plain, chunk));
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
    }
}
