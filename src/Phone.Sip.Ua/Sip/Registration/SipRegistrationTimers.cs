namespace Phone.Sip.Registration
{
    /// <summary>
    /// Timing of SipRegistration. Refresh: at the smaller of granted−granted/10 and granted−RefreshMarginMs, but
    /// never before half the granted time (RFC 3261 §10.2.4 leaves the margin to the UA). Failure backoff follows
    /// RFC 5626 §4.5: W = min(MaxBackoffMs, base · 2^consecutive-failures), waited for a random
    /// JitterMinPercent..JitterMaxPercent of W, with base AllFailedBaseMs when every flow failed and SomeOkBaseMs
    /// when another flow is still registered. Tests shorten these.
    /// </summary>
    public sealed class SipRegistrationTimers
    {
        public SipRegistrationTimers()
        {
            AllFailedBaseMs = 30000;
            SomeOkBaseMs = 90000;
            MaxBackoffMs = 1800000;
            JitterMinPercent = 50;
            JitterMaxPercent = 100;
            RefreshMarginMs = 30000;
            MaxIntervalRetries = 3;
        }

        /// <summary>RFC 5626 §4.5 base-time when all flows failed: 30 s.</summary>
        public long AllFailedBaseMs { get; set; }

        /// <summary>RFC 5626 §4.5 base-time when some flows are OK: 90 s.</summary>
        public long SomeOkBaseMs { get; set; }

        /// <summary>RFC 5626 §4.5 max-time: 1800 s.</summary>
        public long MaxBackoffMs { get; set; }

        /// <summary>Lower bound of the random wait, in percent of W (RFC 5626 §4.5: 50).</summary>
        public int JitterMinPercent { get; set; }

        /// <summary>Upper bound of the random wait, in percent of W (RFC 5626 §4.5: 100).</summary>
        public int JitterMaxPercent { get; set; }

        /// <summary>Refresh at least this long before the binding expires (30 s).</summary>
        public long RefreshMarginMs { get; set; }

        /// <summary>How many 423 Interval Too Brief answers in a row are followed before giving up (RFC 3261 §10.2.8).</summary>
        public int MaxIntervalRetries { get; set; }

        /// <summary>Milliseconds after a 2xx granting grantedSeconds at which the refresh is sent.</summary>
        public long RefreshDelayMs(int grantedSeconds)
        {
            long g = grantedSeconds < 1 ? 1000 : (long)grantedSeconds * 1000;
            long a = g - g / 10;
            long b = g - RefreshMarginMs;
            long d = a < b ? a : b;
            long half = g / 2;
            return d < half ? half : d;
        }

        /// <summary>
        /// RFC 5626 §4.5 upper bound W for the given number of consecutive failures (1 for the first failure):
        /// min(max-time, base-time · 2^failures).
        /// </summary>
        public long BackoffCeilingMs(int consecutiveFailures, bool someFlowsOk)
        {
            long w = someFlowsOk ? SomeOkBaseMs : AllFailedBaseMs;
            int n = consecutiveFailures < 0 ? 0 : consecutiveFailures;
            for (int i = 0; i < n && w < MaxBackoffMs; i++)
            {
                w = w * 2;
            }

            return w > MaxBackoffMs ? MaxBackoffMs : w;
        }

        /// <summary>The wait for a random fraction r (0..65535) of the jitter range: W·(min + (max−min)·r/65535)/100.</summary>
        public long BackoffMs(int consecutiveFailures, bool someFlowsOk, int random16)
        {
            long w = BackoffCeilingMs(consecutiveFailures, someFlowsOk);
            int lo = JitterMinPercent;
            int hi = JitterMaxPercent < lo ? lo : JitterMaxPercent;
            long r = random16 < 0 ? 0 : (random16 > 65535 ? 65535 : random16);
            long permille = lo * 1000L + ((hi - lo) * 1000L * r) / 65535;
            return w * permille / 100000;
        }
    }
}
