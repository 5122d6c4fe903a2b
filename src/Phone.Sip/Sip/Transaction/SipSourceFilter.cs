using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// Who may start server transactions (security finding 2): the listed sources (registrar, outbound proxy), the
    /// AcceptFromAny switch, a token bucket per unlisted source address, a bound on the server transactions one
    /// unlisted address holds, and server slots reserved for listed sources. Fixed tables; no allocation. The
    /// settings and counters are SipTransactionLayer's public members of the same names.
    /// </summary>
    internal sealed class SipSourceFilter
    {
        private readonly SipTransaction[] _pool;
        private readonly int _clients;
        private readonly string[] _allowHost = new string[SipTransactionLayer.MaxAllowedSources];
        private readonly int[] _allowPort = new int[SipTransactionLayer.MaxAllowedSources];
        private int _allowCount;
        private readonly string[] _rateHost = new string[SipTransactionLayer.RateSlots];
        private readonly long[] _rateAt = new long[SipTransactionLayer.RateSlots];
        private readonly int[] _rateMilli = new int[SipTransactionLayer.RateSlots];
        private bool _listed;

        public bool AcceptFromAny = true;
        public int ReservedServerSlots;
        public int MaxServerPerSource;
        public int SourceBurst;
        public int SourceRatePerSecond;
        public int ForeignRequests;
        public int RateLimited;

        /// <summary>pool holds clients client slots first, then the server slots this filter guards.</summary>
        public SipSourceFilter(SipTransaction[] pool, int clients)
        {
            _pool = pool;
            _clients = clients;
        }

        public int AllowedCount
        {
            get { return _allowCount; }
        }

        public bool Allow(string host, int port)
        {
            if (host == null || host.Length == 0)
            {
                return false;
            }

            host = host.ToLower();
            for (int i = 0; i < _allowCount; i++)
            {
                if (_allowHost[i] == host && _allowPort[i] == port)
                {
                    return true;
                }
            }

            if (_allowCount == SipTransactionLayer.MaxAllowedSources)
            {
                return false;
            }

            _allowHost[_allowCount] = host;
            _allowPort[_allowCount] = port;
            _allowCount++;
            return true;
        }

        public void NoteResolved(string host, string address)
        {
            int n = _allowCount;
            for (int i = 0; i < n && host != null && address != null; i++)
            {
                if (SameText(_allowHost[i], host))
                {
                    Allow(address, _allowPort[i]);
                }
            }
        }

        public bool Accepts(string host)
        {
            for (int i = 0; i < _allowCount; i++)
            {
                if (_allowHost[i] == host)
                {
                    return true;
                }
            }

            return AcceptFromAny;
        }

        public void UsePhoneLimits(bool acceptFromAny)
        {
            int quarter = (_pool.Length - _clients) / 4;
            AcceptFromAny = acceptFromAny;
            ReservedServerSlots = quarter < 2 ? 2 : quarter;
            MaxServerPerSource = quarter < 1 ? 1 : quarter;
            SourceBurst = 8;
            SourceRatePerSecond = 2;
        }

        /// <summary>
        /// A request may go on when its source is listed, or AcceptFromAny / TLS lets strangers in and (for work
        /// that may start a transaction) the source's token bucket has a token. Remembers whether it was listed
        /// for ServerSlot. Counts ForeignRequests and RateLimited.
        /// </summary>
        public bool Admit(SipSource s, bool work, long nowMs)
        {
            _listed = false;
            string host = s.Host;
            for (int i = 0; i < _allowCount; i++)
            {
                if (_allowHost[i] == host && (_allowPort[i] == 0 || s.IsReliable || _allowPort[i] == s.Port))
                {
                    _listed = true;
                    return true;
                }
            }

            if (!AcceptFromAny && s.Transport != SipTransportKind.Tls)
            {
                ForeignRequests++;
                return false;
            }

            if (work && SourceBurst > 0 && !TakeToken(host, nowMs))
            {
                RateLimited++;
                return false;
            }

            return true;
        }

        /// <summary>
        /// A free server slot for the request just admitted, or null: the server pool is full, or (unlisted
        /// sources) only the reserved slots are left. refused (counted in RateLimited) when the unlisted source
        /// already holds MaxServerPerSource transactions.
        /// </summary>
        public SipTransaction ServerSlot(SipSource s, out bool refused)
        {
            refused = false;
            SipTransaction free = null;
            int used = 0;
            int mine = 0;
            for (int i = _clients; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (!t.InUse)
                {
                    if (free == null) free = t;
                }
                else
                {
                    used++;
                    if (t.RemoteHost == s.Host) mine++;
                }
            }

            if (free == null || _listed)
            {
                return free;
            }

            if (MaxServerPerSource > 0 && mine >= MaxServerPerSource)
            {
                refused = true;
                RateLimited++;
                return null;
            }

            return used < _pool.Length - _clients - ReservedServerSlots ? free : null;
        }

        /// <summary>Token bucket of host (milli-tokens), in a fixed table; a new host replaces the least recently seen.</summary>
        private bool TakeToken(string host, long nowMs)
        {
            int slot = -1;
            int oldest = 0;
            for (int i = 0; i < SipTransactionLayer.RateSlots; i++)
            {
                if (_rateHost[i] == host)
                {
                    slot = i;
                    break;
                }

                if (_rateHost[oldest] != null && (_rateHost[i] == null || _rateAt[i] < _rateAt[oldest]))
                {
                    oldest = i;
                }
            }

            long cap = 1000L * SourceBurst;
            long tokens;
            if (slot < 0)
            {
                slot = oldest;
                _rateHost[slot] = host;
                tokens = cap;
            }
            else
            {
                long elapsed = nowMs - _rateAt[slot];
                tokens = _rateMilli[slot] + (elapsed > 0 ? elapsed * SourceRatePerSecond : 0);
                if (tokens > cap)
                {
                    tokens = cap;
                }
            }

            _rateAt[slot] = nowMs;
            bool ok = tokens >= 1000;
            _rateMilli[slot] = (int)(ok ? tokens - 1000 : tokens);
            return ok;
        }

        private static bool SameText(string a, string b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i];
                char y = b[i];
                if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
                if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
                if (x != y)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
