using System;

namespace Phone.Media
{
    /// <summary>
    /// Packet-loss concealment for 8 kHz speech in the spirit of ITU-T G.711 Appendix I: during an
    /// erasure the last pitch period of the history is repeated; after 10 ms the output is attenuated
    /// linearly (20 % per 10 ms, App. I §I.2.4) so it reaches silence at 60 ms; when real speech
    /// returns, the synthetic signal is overlap-added into it (App. I §I.2.6: ¼ pitch period plus
    /// 4 ms per 10 ms of erasure, at most 10 ms).
    /// </summary>
    /// <remarks>
    /// Simplifications against App. I, so that the phone adds no algorithmic delay and stays cheap on
    /// an IL interpreter: (1) no 3.75 ms output delay, hence no overlap-add at the start of an erasure —
    /// repetition starts one detected pitch period back, which continues the waveform in phase;
    /// (2) one pitch period is repeated for the whole erasure (App. I widens to 2 and 3 periods after
    /// 10 and 20 ms); (3) the pitch search (lags 40..120 samples, 66–200 Hz) is a normalized
    /// autocorrelation over the last 20 ms, coarse on every second sample and lag, refined ±1 at full
    /// rate. It runs once per erasure. All buffers are allocated in the constructor.
    /// </remarks>
    public sealed class PacketLossConcealer
    {
        public const int PitchMin = 40;
        public const int PitchMax = 120;
        private const int CorrelationLength = 160;
        private const int HistoryLength = PitchMax * 3 + PitchMax / 4; // App. I HISTORYLEN: 390
        private const int AttenuationStart = 80;                      // 10 ms
        private const int SilenceAfter = 480;                         // 60 ms
        private const int MaxEndOverlap = 80;                         // 10 ms

        private readonly short[] _history = new short[HistoryLength];
        private readonly short[] _tail = new short[MaxEndOverlap];
        private readonly short[] _cycle = new short[PitchMax];
        private int _erased;      // samples synthesized in the current erasure; 0 when none
        private int _period;
        private int _phase;       // position in the repeated period

        /// <summary>Pitch period (samples) chosen for the current or last erasure.</summary>
        public int PitchPeriod { get { return _period; } }

        /// <summary>True while an erasure is in progress (since the last real frame).</summary>
        public bool InErasure { get { return _erased > 0; } }

        /// <summary>True once the current erasure has faded to silence (60 ms).</summary>
        public bool Faded { get { return _erased >= SilenceAfter; } }

        /// <summary>Forgets history (new stream).</summary>
        public void Reset()
        {
            Array.Clear(_history, 0, HistoryLength);
            _erased = 0;
            _period = 0;
            _phase = 0;
        }

        /// <summary>
        /// A real frame is about to be played: if it ends an erasure, the synthetic signal is
        /// overlap-added into its start (modifying <paramref name="pcm"/>); then it enters the history.
        /// </summary>
        public void RealFrame(short[] pcm, int offset, int count)
        {
            if (_erased > 0)
            {
                if (_erased < SilenceAfter)
                {
                    int overlap = _period / 4 + 32 * ((_erased + 79) / 80);
                    if (overlap > MaxEndOverlap)
                    {
                        overlap = MaxEndOverlap;
                    }

                    if (overlap > count)
                    {
                        overlap = count;
                    }

                    Synthesize(_tail, 0, overlap);
                    for (int i = 0; i < overlap; i++)
                    {
                        // linear cross-fade: synthetic out, real in
                        pcm[offset + i] = (short)((_tail[i] * (overlap - i) + pcm[offset + i] * i) / overlap);
                    }
                }

                _erased = 0;
            }

            AddHistory(pcm, offset, count);
        }

        /// <summary>Writes <paramref name="count"/> concealment samples for a missing frame.</summary>
        public void Conceal(short[] pcm, int offset, int count)
        {
            if (_erased == 0)
            {
                _period = FindPitch();
                _phase = 0;
                Array.Copy(_history, HistoryLength - _period, _cycle, 0, _period); // the last pitch period
            }

            Synthesize(pcm, offset, count);
            AddHistory(pcm, offset, count);
        }

        private void Synthesize(short[] pcm, int offset, int count)
        {
            int period = _period;
            short[] cycle = _cycle;
            for (int i = 0; i < count; i++)
            {
                int t = _erased + i;
                int v;
                if (t >= SilenceAfter)
                {
                    v = 0;
                }
                else
                {
                    v = cycle[(_phase + i) % period];
                    if (t >= AttenuationStart)
                    {
                        // 20 % per 10 ms after the first 10 ms: gain (Q15) reaches 0 at 60 ms.
                        int gain = 32768 - (t - AttenuationStart) * 82;
                        v = gain <= 0 ? 0 : (v * gain) >> 15;
                    }
                }

                pcm[offset + i] = (short)v;
            }

            _phase = (_phase + count) % period;
            _erased += count;
        }

        private void AddHistory(short[] pcm, int offset, int count)
        {
            if (count >= HistoryLength)
            {
                Array.Copy(pcm, offset + count - HistoryLength, _history, 0, HistoryLength);
                return;
            }

            Array.Copy(_history, count, _history, 0, HistoryLength - count);
            Array.Copy(pcm, offset, _history, HistoryLength - count, count);
        }

        private int FindPitch()
        {
            short[] h = _history;
            int end = HistoryLength;
            int best = PitchMin;
            long bestScore = -1;
            // Coarse: every second lag, every second sample (samples scaled down to keep sums in int range).
            for (int lag = PitchMin; lag <= PitchMax; lag += 2)
            {
                long score = Score(h, end, lag, 2);
                if (score > bestScore)
                {
                    bestScore = score;
                    best = lag;
                }
            }

            int coarse = best;
            bestScore = -1;
            for (int lag = coarse - 1; lag <= coarse + 1; lag++)
            {
                if (lag < PitchMin || lag > PitchMax)
                {
                    continue;
                }

                long score = Score(h, end, lag, 1);
                if (score > bestScore)
                {
                    bestScore = score;
                    best = lag;
                }
            }

            return best;
        }

        private static long Score(short[] h, int end, int lag, int step)
        {
            long c = 0;
            long e = 1;
            for (int n = end - CorrelationLength; n < end; n += step)
            {
                int x = h[n] >> 4;
                int y = h[n - lag] >> 4;
                c += x * y;
                e += y * y;
            }

            return c <= 0 ? 0 : (c * c) / e;
        }
    }
}
