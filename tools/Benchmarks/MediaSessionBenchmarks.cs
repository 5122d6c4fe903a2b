using System;
using BenchmarkDotNet.Attributes;
using Phone.Config;
using Phone.Crypto.Native;
using Phone.Media;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Benchmarks
{
    /// <summary>
    /// Per-frame cost of a full-duplex call through MediaSession: one operation is one 20 ms frame in
    /// both directions — A captures (G.711 encode, RTP, SRTP protect), B receives (demux, SRTP
    /// unprotect, jitter buffer), the same from B to A, both play a frame (decode or concealment) and
    /// both poll RTCP. Plain RTP (SDP negotiated without SRTP) is the baseline; SRTP runs with the
    /// managed kernel (what the emulator and a stock firmware run) and the native one. Sessions come
    /// from a real SDES offer/answer. Allocation per operation is reported by [MemoryDiagnoser].
    /// </summary>
    [MemoryDiagnoser]
    public class MediaSessionBenchmarks
    {
        private sealed class SeededEntropy : IEntropySource
        {
            private readonly Random _random;
            public SeededEntropy(int seed) { _random = new Random(seed); }
            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = (byte)_random.Next(256);
            }
        }

        private sealed class Pair
        {
            public MediaSession A, B;
            public long Now;
        }

        private Pair _plain, _managed, _native;
        private readonly short[] _micA = new short[160], _micB = new short[160], _speaker = new short[160];
        private readonly byte[] _wire = new byte[MediaSession.MaxDatagramLength];

        [GlobalSetup]
        public void Setup()
        {
            _plain = Make(SrtpMode.Off, new ManagedCryptoKernel());
            _managed = Make(SrtpMode.Mandatory, new ManagedCryptoKernel());
            _native = Make(SrtpMode.Mandatory, new NativeCryptoKernel());
            for (int i = 0; i < 160; i++)
            {
                _micA[i] = (short)(12000 * Math.Sin(2 * Math.PI * 1000 * i / 8000.0));
                _micB[i] = (short)(12000 * Math.Sin(2 * Math.PI * 400 * i / 8000.0));
            }

            // Sanity before measuring: audio flows both ways and SRTP authenticates.
            foreach (Pair p in new[] { _plain, _managed, _native })
            {
                for (int i = 0; i < 50; i++) Frame(p);
                if (p.B.Statistics.PacketsReceived != 50 || p.A.Statistics.PacketsReceived != 50 || p.B.Statistics.AuthenticationFailures != 0)
                {
                    throw new InvalidOperationException("media does not flow");
                }
            }
        }

        private static Pair Make(SrtpMode mode, ICryptoKernel kernel)
        {
            var audio = new AudioSettings();
            var srtp = new SrtpSettings { Mode = mode };
            var negA = new SdpOfferAnswer(srtp, audio, new SeededEntropy(1), "192.0.2.1", 40000, "1", 1);
            var negB = new SdpOfferAnswer(srtp, audio, new SeededEntropy(2), "192.0.2.2", 50000, "2", 1);
            SdpNegotiationResult offer = negA.CreateOffer(SdpDirection.SendRecv, true);
            SdpNegotiationResult answer = negB.Answer(offer.Text, SdpDirection.SendRecv, true);
            SdpNegotiationResult accepted = negA.AcceptAnswer(answer.Text);
            var p = new Pair
            {
                A = new MediaSession(kernel, new SeededEntropy(3), 40, 200),
                B = new MediaSession(kernel, new SeededEntropy(4), 40, 200),
            };
            if (p.A.Start(accepted, 0) != MediaStatus.Ok || p.B.Start(answer, 0) != MediaStatus.Ok)
            {
                throw new InvalidOperationException("start");
            }

            return p;
        }

        private void Frame(Pair p)
        {
            long now = p.Now;
            int n = p.A.Capture(_micA, 0, now, _wire, 0);
            p.B.Receive(_wire, 0, n, now);
            n = p.B.Capture(_micB, 0, now, _wire, 0);
            p.A.Receive(_wire, 0, n, now);
            p.A.Playout(_speaker, 0, now);
            p.B.Playout(_speaker, 0, now);
            n = p.A.PollRtcp(now, _wire, 0);
            if (n > 0) p.B.Receive(_wire, 0, n, now);
            n = p.B.PollRtcp(now, _wire, 0);
            if (n > 0) p.A.Receive(_wire, 0, n, now);
            p.Now = now + 20;
        }

        [Benchmark(Baseline = true, Description = "plain RTP, full-duplex frame")]
        public void PlainRtp() => Frame(_plain);

        [Benchmark(Description = "SRTP managed kernel, full-duplex frame")]
        public void SrtpManaged() => Frame(_managed);

        [Benchmark(Description = "SRTP native kernel, full-duplex frame")]
        public void SrtpNative() => Frame(_native);
    }
}
