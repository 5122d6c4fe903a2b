using Phone.Config;
using Phone.Device.Storage;
using Phone.Sdes;
using Phone.Crypto;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// When and what to fetch for provisioning.url, sans-I/O: <see cref="Poll"/> returns the URL when a fetch
    /// is due, the caller performs the HTTPS GET (with the nf.config CA) and reports either the body
    /// (<see cref="OnFetched"/>) or any failure (<see cref="OnFetchFailed"/>: DNS, TLS, non-200, timeout).
    /// A fetched file is applied only when it validates and its SHA-256 differs from the configuration in use.
    /// Schedule: first check within <see cref="MaxStartDelayMs"/> of boot, then every interval plus up to
    /// 10 % random delay so a building of phones does not fetch in the same second; after failures the wait
    /// doubles from <see cref="FirstRetryMs"/> up to the interval, with "equal jitter" (half fixed, half
    /// random), the scheme RFC 5626 §4.5 uses for SIP flow recovery.
    /// {mac} in the URL is the MAC as 12 lower-case hex digits without separators (e.g. 246f28a1b2c3),
    /// the most common convention of provisioning servers for file names.
    /// </summary>
    public sealed class ProvisioningPull
    {
        /// <summary>The placeholder nf.config allows in provisioning.url.</summary>
        public const string MacPlaceholder = "{mac}";

        /// <summary>First retry after a failure.</summary>
        public const int FirstRetryMs = 60000;

        /// <summary>The first check after boot happens at a random time within this window.</summary>
        public const int MaxStartDelayMs = 60000;

        readonly ConfigStore _store;
        readonly IEntropySource _entropy;
        readonly string _url;
        readonly long _intervalMs;
        long _nextMs;
        int _failures;
        bool _inFlight;
        ConfigError[] _lastErrors = new ConfigError[0];

        /// <param name="urlTemplate">provisioning.url; null disables pulling.</param>
        /// <param name="intervalSeconds">provisioning.interval.</param>
        /// <param name="mac">The station MAC (6 bytes).</param>
        public ProvisioningPull(ConfigStore store, IEntropySource entropy, string urlTemplate, int intervalSeconds, byte[] mac, long nowMs)
        {
            _store = store;
            _entropy = entropy;
            _url = urlTemplate == null ? null : ExpandUrl(urlTemplate, mac);
            _intervalMs = (intervalSeconds < 1 ? 1 : intervalSeconds) * 1000L;
            _nextMs = nowMs + Random(MaxStartDelayMs);
        }

        /// <summary>The expanded URL, or null when provisioning is off.</summary>
        public string Url { get { return _url; } }

        /// <summary>Clock value at which the next fetch is due (the caller may sleep until then).</summary>
        public long NextFetchMs { get { return _nextMs; } }

        /// <summary>Failed fetches in a row.</summary>
        public int ConsecutiveFailures { get { return _failures; } }

        /// <summary>Parser errors of the last rejected file, for the display; empty otherwise.</summary>
        public ConfigError[] LastErrors { get { return _lastErrors; } }

        /// <summary>Replaces every {mac} with the lower-case hex MAC without separators.</summary>
        public static string ExpandUrl(string template, byte[] mac)
        {
            if (template == null)
            {
                return null;
            }

            string hex = mac == null ? string.Empty : Phone.Crypto.HexText.ToLower(mac, 0, mac.Length);
            string result = template;
            int at = result.IndexOf(MacPlaceholder);
            while (at >= 0)
            {
                result = result.Substring(0, at) + hex + result.Substring(at + MacPlaceholder.Length);
                at = result.IndexOf(MacPlaceholder, at + hex.Length);
            }

            return result;
        }

        /// <summary>The URL to fetch now, or null when nothing is due, provisioning is off or a fetch is in flight.</summary>
        public string Poll(long nowMs)
        {
            if (_url == null || _inFlight || nowMs < _nextMs)
            {
                return null;
            }

            _inFlight = true;
            return _url;
        }

        /// <summary>The fetch failed before a body arrived: retry with backoff.</summary>
        public void OnFetchFailed(long nowMs)
        {
            _inFlight = false;
            Failed(nowMs);
        }

        /// <summary>The body of a 200 answer. Applies it when it validates and differs from the configuration in use.</summary>
        public PullOutcome OnFetched(byte[] data, int offset, int count, long nowMs)
        {
            _inFlight = false;
            _lastErrors = new ConfigError[0];
            if (data == null || offset < 0 || count < 0 || offset > data.Length - count || count > ConfigParser.MaxFileBytes)
            {
                Failed(nowMs);
                return PullOutcome.TooLarge;
            }

            byte[] digest = ConfigStore.ComputeDigest(data, offset, count);
            if (SameDigest(digest, _store.Digest))
            {
                Succeeded(nowMs);
                return PullOutcome.Unchanged;
            }

            ConfigUpdateResult result = _store.Update(data, offset, count);
            switch (result.Status)
            {
                case ConfigUpdateStatus.Applied:
                    Succeeded(nowMs);
                    return PullOutcome.Applied;
                case ConfigUpdateStatus.Unchanged:
                    Succeeded(nowMs);
                    return PullOutcome.Unchanged;
                case ConfigUpdateStatus.Invalid:
                    _lastErrors = result.Errors;
                    Failed(nowMs);
                    return PullOutcome.Invalid;
                case ConfigUpdateStatus.Downgrade:
                    // A replayed older file (the server's, or an attacker's who got hold of one): never applied by a pull.
                    _lastErrors = result.Errors;
                    Failed(nowMs);
                    return PullOutcome.Downgrade;
                default:
                    Failed(nowMs);
                    return PullOutcome.StorageFailed;
            }
        }

        void Succeeded(long nowMs)
        {
            _failures = 0;
            _nextMs = nowMs + _intervalMs + Random(_intervalMs / 10);
        }

        void Failed(long nowMs)
        {
            _failures++;
            long wait = FirstRetryMs;
            for (int i = 1; i < _failures && wait < _intervalMs; i++)
            {
                wait *= 2;
            }

            if (wait > _intervalMs)
            {
                wait = _intervalMs;
            }

            _nextMs = nowMs + wait / 2 + Random(wait / 2);
        }

        /// <summary>Uniform-enough value in [0, bound] from 4 entropy bytes (bound far below 2^32, so the modulo bias is negligible).</summary>
        long Random(long bound)
        {
            if (bound <= 0)
            {
                return 0;
            }

            byte[] b = new byte[4];
            _entropy.GetBytes(b, 0, 4);
            long r = ((long)b[0] << 24) | ((long)b[1] << 16) | ((long)b[2] << 8) | b[3];
            return r % (bound + 1);
        }

        static bool SameDigest(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }

            return true;
        }
    }
}
