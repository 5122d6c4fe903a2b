using System;

namespace Phone.Device.Recovery
{
    /// <summary>
    /// Exponential backoff with jitter and a cap, for one kind of link (Wi-Fi association, the TLS connection
    /// to the SIP server, registration). After the n-th failure in a row (n = 1, 2, ...) the nominal wait is
    /// min(cap, base x 2^(n-1)); the actual wait is drawn uniformly from [nominal x (100 - jitter%) / 100, nominal],
    /// so a building full of phones that lost the same access point do not all come back in the same
    /// millisecond (the "thundering herd" RFC 5626 §4.5 spreads with the same kind of randomisation). A success
    /// resets the sequence. Sans-I/O: times come in, nothing is read from a clock.
    /// </summary>
    public sealed class ReconnectPolicy
    {
        /// <summary>Value of <see cref="RetryAtMs"/> when no retry is scheduled.</summary>
        public const long NoRetry = long.MaxValue;

        private readonly Random random;
        private long retryAt = NoRetry;
        private int failures;
        private int lastDelay;

        /// <param name="baseMs">Nominal wait after the first failure (at least 1).</param>
        /// <param name="capMs">Largest nominal wait (at least baseMs).</param>
        /// <param name="jitterPercent">0..100: how much of the nominal wait may be taken off at random.</param>
        /// <param name="random">Source of the jitter; null makes one.</param>
        public ReconnectPolicy(int baseMs, int capMs, int jitterPercent, Random random)
        {
            BaseMs = baseMs < 1 ? 1 : baseMs;
            CapMs = capMs < BaseMs ? BaseMs : capMs;
            JitterPercent = jitterPercent < 0 ? 0 : jitterPercent > 100 ? 100 : jitterPercent;
            this.random = random ?? new Random();
        }

        /// <summary>Wi-Fi: 1 s doubling to 60 s (an access point reboot takes about a minute).</summary>
        public static ReconnectPolicy ForWifi(Random random)
        {
            return new ReconnectPolicy(1000, 60000, 25, random);
        }

        /// <summary>TLS connect to the SIP server: 2 s doubling to 120 s.</summary>
        public static ReconnectPolicy ForTls(Random random)
        {
            return new ReconnectPolicy(2000, 120000, 25, random);
        }

        /// <summary>Registration refused or timed out: 4 s doubling to 120 s.</summary>
        public static ReconnectPolicy ForRegistration(Random random)
        {
            return new ReconnectPolicy(4000, 120000, 25, random);
        }

        public int BaseMs { get; private set; }
        public int CapMs { get; private set; }
        public int JitterPercent { get; private set; }

        /// <summary>Failures since the last success.</summary>
        public int Failures
        {
            get { return failures; }
        }

        /// <summary>When to try again, or <see cref="NoRetry"/>.</summary>
        public long RetryAtMs
        {
            get { return retryAt; }
        }

        /// <summary>The wait chosen at the last failure.</summary>
        public int LastDelayMs
        {
            get { return lastDelay; }
        }

        /// <summary>Nominal (unjittered) wait after failures failures in a row.</summary>
        public int NominalDelayMs(int failureCount)
        {
            if (failureCount < 1) return 0;
            long d = BaseMs;
            for (int i = 1; i < failureCount && d < CapMs; i++) d *= 2;
            return d > CapMs ? CapMs : (int)d;
        }

        /// <summary>Records a failure at nowMs; returns the wait before the next try and schedules it.</summary>
        public int Failed(long nowMs)
        {
            if (failures < int.MaxValue) failures++;
            int nominal = NominalDelayMs(failures);
            int spread = (int)((long)nominal * JitterPercent / 100);
            int delay = nominal - (spread > 0 ? random.Next(spread + 1) : 0);
            if (delay < 1) delay = 1;
            lastDelay = delay;
            retryAt = nowMs + delay;
            return delay;
        }

        /// <summary>The link is up: the next failure starts again from the base wait.</summary>
        public void Succeeded()
        {
            failures = 0;
            lastDelay = 0;
            retryAt = NoRetry;
        }

        /// <summary>Forgets a scheduled retry (the attempt was started) without resetting the failure count.</summary>
        public void ClearRetry()
        {
            retryAt = NoRetry;
        }

        public bool IsDue(long nowMs)
        {
            return retryAt != NoRetry && nowMs >= retryAt;
        }

        /// <summary>Whole seconds until the retry, rounded up (what a countdown shows); 0 when due or none.</summary>
        public int SecondsUntilRetry(long nowMs)
        {
            if (retryAt == NoRetry || nowMs >= retryAt) return 0;
            return (int)((retryAt - nowMs + 999) / 1000);
        }
    }
}
