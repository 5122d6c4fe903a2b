using System;
using Phone.Config;
using Phone.Media;
using Phone.Srtp;
using Phone.Audio;
using Phone.Crypto;
using Phone.Sdp;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// Two MediaSessions (A and B, SDES offer/answer, SRTP with the managed kernel) through a simulated
    /// network on a 1 ms clock: every datagram, RTP and RTCP, is lost with a fixed probability or
    /// delayed by a base delay plus a uniform random jitter (seeded), which reorders packets when the
    /// jitter exceeds the packet interval (or, with <see cref="Reorder"/> off, keeps FIFO order). A's
    /// audio clock can run fast or slow against B's (<see cref="DriftPpm"/>). A sends a continuous
    /// 1 kHz sine, B a 440 Hz one. Everything is allocated in the constructor; <see cref="Run"/>
    /// allocates nothing, so it can be measured with GC.GetAllocatedBytesForCurrentThread.
    /// </summary>
    internal sealed class MediaCallSimulation
    {
        public const int ToneA = 1000;
        public const int ToneB = 440;

        public int LossPercent;
        public int BaseDelayMs = 30;
        public int JitterMs;
        public bool Reorder = true;
        public int DriftPpm;
        public long DtmfAtMs = -1;

        public readonly MediaSession A, B;
        public readonly MediaCallSetup Setup;
        public readonly int Ptime, Spf;

        // Results, A → B direction (what B plays).
        public short[] PlayedB;
        public int PlayedFramesB, SentA, LostInNetwork, RealFramesB, StartedAtFrame = -1;
        public long DelaySum, DepthSum, DepthSamples;
        public int MaxDepthMs;
        public int RoundTripA, RoundTripB;
        public readonly int[] Delays;
        public int DelayCount;

        private readonly Random _net;
        private readonly short[] _micA, _micB, _speakerA, _speakerB;
        private readonly short[] _sineA, _sineB;
        private readonly byte[] _wire = new byte[MediaSession.MaxDatagramLength];
        private readonly byte[][] _flight = new byte[128][];
        private readonly int[] _flightLength = new int[128];
        private readonly long[] _flightAt = new long[128];
        private readonly bool[] _flightToB = new bool[128];
        private long _lastToA, _lastToB;
        private uint _ts0A;
        private int _durationMs;

        public MediaCallSimulation(int seed, int durationMs, AudioCodec codec = AudioCodec.Pcmu, int ptime = 20, int minDepthMs = 40, int maxDepthMs = 200)
        {
            Ptime = ptime;
            Spf = ptime * 8;
            _durationMs = durationMs;
            _net = new Random(seed);
            Setup = new MediaCallSetup(codec, ptime, SrtpMode.Mandatory, SrtpSuite.AesCm128HmacSha1_80, seed);
            A = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(seed + 10), minDepthMs, maxDepthMs);
            B = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(seed + 20), minDepthMs, maxDepthMs);
            _micA = new short[Spf];
            _micB = new short[Spf];
            _speakerA = new short[Spf];
            _speakerB = new short[Spf];
            // Exactly periodic tables (1 kHz: 8 samples; 440 Hz: 200 samples = 11 periods), -6 dBFS.
            _sineA = Sine(ToneA, 8);
            _sineB = Sine(ToneB, 200);
            for (int i = 0; i < _flight.Length; i++) _flight[i] = new byte[MediaSession.MaxDatagramLength];
            int frames = durationMs / ptime + 2;
            PlayedB = new short[frames * Spf];
            Delays = new int[frames];
        }

        private static short[] Sine(int hz, int length)
        {
            var s = new short[length];
            for (int i = 0; i < length; i++) s[i] = (short)Math.Round(16384 * Math.Sin(2 * Math.PI * hz * i / 8000.0));
            return s;
        }

        /// <summary>The whole call: <see cref="Begin"/>, <see cref="RunMedia"/>.</summary>
        public void Run()
        {
            Begin();
            RunMedia();
        }

        /// <summary>Starts both sessions at time 0 (creating the SRTP contexts: the only allocation of a call).</summary>
        public void Begin()
        {
            if (A.Start(Setup.MediaA, 0) != MediaStatus.Ok || B.Start(Setup.MediaB, 0) != MediaStatus.Ok)
            {
                throw new InvalidOperationException("start");
            }

            _ts0A = A.NextTimestamp;
        }

        /// <summary>The media path from time 0 to the duration, then both sessions stop and A's BYE reaches B. Allocates nothing.</summary>
        public void RunMedia()
        {
            long nextA = 0, nextB = 0;
            int frameA = 0, sampleB = 0;
            for (long now = 0; now < _durationMs; now++)
            {
                Deliver(now);
                if (now == DtmfAtMs) A.SendDtmf('5', 100, now);
                if (now == nextA)
                {
                    // A's audio clock: frame k starts at k × ptime × (1 + drift).
                    for (int i = 0; i < Spf; i++) _micA[i] = _sineA[(int)((A.NextTimestamp - _ts0A + (uint)i) & 7)];
                    int n = A.Capture(_micA, 0, now, _wire, 0);
                    if (n > 0) { SentA++; Send(n, now, true); }
                    A.Playout(_speakerA, 0, now);
                    frameA++;
                    nextA = (long)frameA * Ptime * (1_000_000 + DriftPpm) / 1_000_000;
                }

                if (now == nextB)
                {
                    for (int i = 0; i < Spf; i++) _micB[i] = _sineB[(sampleB + i) % 200];
                    sampleB = (sampleB + Spf) % 200;
                    int n = B.Capture(_micB, 0, now, _wire, 0);
                    if (n > 0) Send(n, now, false);
                    Play(now);
                    nextB += Ptime;
                }

                int r = A.PollRtcp(now, _wire, 0);
                if (r > 0) Send(r, now, true);
                r = B.PollRtcp(now, _wire, 0);
                if (r > 0) Send(r, now, false);
            }

            RoundTripA = A.Statistics.RoundTripMs;
            RoundTripB = B.Statistics.RoundTripMs;
            A.Stop(_durationMs);
            // The BYE goes straight to B (no network delay), so B's RTT from it is one-way: read RTTs before.
            int bye = A.PollRtcp(_durationMs, _wire, 0);
            B.Receive(_wire, 0, bye, _durationMs);
            B.Stop(_durationMs);
        }

        private void Play(long now)
        {
            int before = B.JitterBuffer.CurrentDepthMs;
            bool playing = B.JitterBuffer.Playing;
            PlayoutKind kind = B.Playout(PlayedB, PlayedFramesB * Spf, now);
            PlayedFramesB++;
            if (B.JitterBuffer.Playing && StartedAtFrame < 0) StartedAtFrame = PlayedFramesB - 1;
            if (playing)
            {
                DepthSum += before;
                DepthSamples++;
                if (before > MaxDepthMs) MaxDepthMs = before;
            }

            if (kind == PlayoutKind.Real)
            {
                // The frame with timestamp ts was captured by A at frame index k = (ts − ts0) / spf.
                long k = (uint)(B.JitterBuffer.LastPlayedTimestamp - _ts0A) / (uint)Spf;
                long sentAt = k * Ptime * (1_000_000 + DriftPpm) / 1_000_000;
                int delay = (int)(now - sentAt);
                DelaySum += delay;
                RealFramesB++;
                if (DelayCount < Delays.Length) Delays[DelayCount++] = delay;
            }
        }

        private void Send(int n, long now, bool toB)
        {
            if (_net.Next(100) < LossPercent)
            {
                LostInNetwork += toB ? 1 : 0;
                return;
            }

            long at = now + BaseDelayMs + (JitterMs > 0 ? _net.Next(JitterMs + 1) : 0);
            if (!Reorder)
            {
                // FIFO: a packet never overtakes the one sent before it in the same direction.
                if (toB) { if (at < _lastToB) at = _lastToB; _lastToB = at; }
                else { if (at < _lastToA) at = _lastToA; _lastToA = at; }
            }

            for (int i = 0; i < _flight.Length; i++)
            {
                if (_flightLength[i] == 0)
                {
                    Array.Copy(_wire, 0, _flight[i], 0, n);
                    _flightLength[i] = n;
                    _flightAt[i] = at;
                    _flightToB[i] = toB;
                    return;
                }
            }

            throw new InvalidOperationException("network pool full");
        }

        private void Deliver(long now)
        {
            for (int i = 0; i < _flight.Length; i++)
            {
                int n = _flightLength[i];
                if (n == 0 || _flightAt[i] > now) continue;
                _flightLength[i] = 0;
                (_flightToB[i] ? B : A).Receive(_flight[i], 0, n, now);
            }
        }

        /// <summary>Frames B played since playout began, of which concealed or silent (missing at playout time).</summary>
        public int FramesSinceStart => StartedAtFrame < 0 ? 0 : PlayedFramesB - StartedAtFrame;

        public double ConcealmentPercent => FramesSinceStart == 0 ? 0 : 100.0 * B.JitterBuffer.Lost / FramesSinceStart;

        public double MeanDelayMs => RealFramesB == 0 ? 0 : (double)DelaySum / RealFramesB;

        public int PercentileDelayMs(double p)
        {
            if (DelayCount == 0) return 0;
            int[] copy = new int[DelayCount];
            Array.Copy(Delays, copy, DelayCount);
            Array.Sort(copy);
            return copy[Math.Min(DelayCount - 1, (int)Math.Ceiling(p * DelayCount) - 1)];
        }

        public double MeanDepthMs => DepthSamples == 0 ? 0 : (double)DepthSum / DepthSamples;

        /// <summary>B's played output from <paramref name="fromSecond"/> on, for the tone check.</summary>
        public short[] PlayedFrom(int fromSecond)
        {
            int start = fromSecond * 8000;
            int length = PlayedFramesB * Spf - start;
            short[] s = new short[Math.Max(0, length)];
            Array.Copy(PlayedB, start, s, 0, s.Length);
            return s;
        }
    }
}
