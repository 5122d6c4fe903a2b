using System;
using Phone.Crypto;

namespace Phone.Rtp
{
    /// <summary>
    /// When to send the next RTCP report (RFC 3550 §6.3.1, §6.2), on the caller's millisecond clock.
    /// A two-party call is far below the 5 % RTCP bandwidth share, so the deterministic interval Td is
    /// the minimum Tmin (5 s by default; §6.3.1 halves it before the first report). The interval
    /// actually used is Td × random[0.5, 1.5] / (e − 3/2 = 1.21828), the §6.3.1 randomization and
    /// compensation: mean ≈ 4.1 s for Tmin = 5 s. Allocates nothing after construction.
    /// </summary>
    public sealed class RtcpScheduler
    {
        private readonly IEntropySource _entropy;
        private readonly byte[] _random = new byte[2];
        private readonly int _minIntervalMs;
        private long _nextMs;
        private bool _started;

        public RtcpScheduler(IEntropySource entropy, int minIntervalMs)
        {
            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }

            if (minIntervalMs < 100)
            {
                throw new ArgumentOutOfRangeException("minIntervalMs");
            }

            _entropy = entropy;
            _minIntervalMs = minIntervalMs;
        }

        /// <summary>Time (caller's clock) the next report is due; valid after <see cref="Start"/>.</summary>
        public long NextReportMs { get { return _nextMs; } }

        /// <summary>Starts the schedule at session start: the first report is due after Tmin/2 randomized (§6.3.1 "initial").</summary>
        public void Start(long nowMs)
        {
            _started = true;
            _nextMs = nowMs + Randomized(_minIntervalMs / 2);
        }

        /// <summary>True when a report is due at <paramref name="nowMs"/>.</summary>
        public bool IsDue(long nowMs)
        {
            return _started && nowMs >= _nextMs;
        }

        /// <summary>A report was sent at <paramref name="nowMs"/>: schedules the next one.</summary>
        public void Sent(long nowMs)
        {
            _started = true;
            _nextMs = nowMs + Randomized(_minIntervalMs);
        }

        private long Randomized(int td)
        {
            _entropy.GetBytes(_random, 0, 2);
            int r = (_random[0] << 8) | _random[1]; // uniform 0..65535
            // T = Td * (0.5 + r/65536), then / 1.21828 (§6.3.1); in integers: Td * (32768 + r) / 65536 * 100000 / 121828.
            long t = (long)td * (32768 + r) / 65536;
            return t * 100000 / 121828;
        }
    }
}
