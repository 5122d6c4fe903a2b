namespace Phone.Device.Provisioning
{
    /// <summary>
    /// Limits credential guessing on the provisioning endpoint per source address, with a global budget on top.
    /// <para>
    /// Per source: <see cref="FailuresPerLockout"/> wrong credentials in a row lock that source out for
    /// <see cref="FirstLockoutMs"/>, doubling with each further lock-out of the same source up to
    /// <see cref="MaxLockoutMs"/>; a success from the source forgets it. Up to <see cref="MaxSources"/> sources are
    /// remembered; a new one when the table is full replaces the one seen least recently.
    /// </para>
    /// <para>
    /// Global: every wrong credential, from any source, spends one token of a bucket of
    /// <see cref="GlobalBurst"/> that refills one token per <see cref="GlobalRefillMs"/>. With the bucket empty no
    /// credential is checked (429 for everybody) until a token is back. Many addresses (or an attacker cycling
    /// through more than MaxSources of them to get evicted) therefore get at most GlobalBurst + 60 guesses per hour
    /// together — a 6-digit code lasts about a year on average — while a single host, held back by its own
    /// exponential lock-out, can no longer keep the admin out: the admin's own address is never locked by
    /// another's failures, only briefly delayed while the shared bucket is empty.
    /// </para>
    /// Sans-I/O and bounded: MaxSources entries, no allocation after construction besides the source strings.
    /// </summary>
    public sealed class GuessLimiter
    {
        /// <summary>Wrong credentials in a row from one source before it is locked out.</summary>
        public const int FailuresPerLockout = 5;

        /// <summary>First lock-out of a source.</summary>
        public const long FirstLockoutMs = 60000;

        /// <summary>Longest lock-out of a source (reached at the 7th lock-out in a row).</summary>
        public const long MaxLockoutMs = 3600000;

        /// <summary>Sources remembered; the least recently seen one is evicted for a new one.</summary>
        public const int MaxSources = 16;

        /// <summary>Wrong credentials all sources together may spend at once.</summary>
        public const int GlobalBurst = 10;

        /// <summary>One more global guess per minute: at most 60 per hour after the burst.</summary>
        public const long GlobalRefillMs = 60000;

        readonly string[] _source = new string[MaxSources];
        readonly int[] _failures = new int[MaxSources];
        readonly int[] _lockouts = new int[MaxSources];
        readonly long[] _lockedUntil = new long[MaxSources];
        readonly long[] _seen = new long[MaxSources];
        int _tokens = GlobalBurst;
        long _refillFrom;
        bool _started;

        /// <summary>Wrong credentials in a row from the source (0 when unknown).</summary>
        public int FailuresOf(string source)
        {
            int i = Find(Key(source));
            return i < 0 ? 0 : _failures[i];
        }

        /// <summary>Tokens left in the global bucket at nowMs.</summary>
        public int GlobalTokens(long nowMs)
        {
            Refill(nowMs);
            return _tokens;
        }

        /// <summary>
        /// 0 when the source may try credentials now; otherwise the milliseconds until it may (its own lock-out,
        /// or the next global token).
        /// </summary>
        public long WaitMs(string source, long nowMs)
        {
            int i = Find(Key(source));
            if (i >= 0 && _lockedUntil[i] > nowMs)
            {
                return _lockedUntil[i] - nowMs;
            }

            Refill(nowMs);
            if (_tokens > 0)
            {
                return 0;
            }

            long next = _refillFrom + GlobalRefillMs - nowMs;
            return next < 1 ? 1 : next;
        }

        /// <summary>A wrong credential from the source: counts it, spends a global token, may lock the source out.</summary>
        public void Failed(string source, long nowMs)
        {
            Refill(nowMs);
            if (_tokens > 0)
            {
                if (_tokens == GlobalBurst)
                {
                    // The refill clock starts with the first token spent from a full bucket.
                    _refillFrom = nowMs;
                }

                _tokens--;
            }

            int i = Slot(Key(source), nowMs);
            _seen[i] = nowMs;
            _failures[i]++;
            if (_failures[i] >= FailuresPerLockout)
            {
                _failures[i] = 0;
                long wait = FirstLockoutMs;
                for (int k = 0; k < _lockouts[i] && wait < MaxLockoutMs; k++)
                {
                    wait *= 2;
                }

                if (wait > MaxLockoutMs)
                {
                    wait = MaxLockoutMs;
                }

                _lockouts[i]++;
                _lockedUntil[i] = nowMs + wait;
            }
        }

        /// <summary>Right credentials from the source: its failures and lock-out history are forgotten.</summary>
        public void Succeeded(string source)
        {
            int i = Find(Key(source));
            if (i >= 0)
            {
                _source[i] = null;
                _failures[i] = 0;
                _lockouts[i] = 0;
                _lockedUntil[i] = 0;
            }
        }

        void Refill(long nowMs)
        {
            if (!_started)
            {
                _started = true;
                _refillFrom = nowMs;
            }

            if (_tokens >= GlobalBurst)
            {
                _refillFrom = nowMs;
                return;
            }

            long gained = (nowMs - _refillFrom) / GlobalRefillMs;
            if (gained <= 0)
            {
                return;
            }

            if (gained >= GlobalBurst - _tokens)
            {
                _tokens = GlobalBurst;
                _refillFrom = nowMs;
            }
            else
            {
                _tokens += (int)gained;
                _refillFrom += gained * GlobalRefillMs;
            }
        }

        static string Key(string source)
        {
            return source == null ? string.Empty : source;
        }

        int Find(string source)
        {
            for (int i = 0; i < MaxSources; i++)
            {
                if (_source[i] != null && _source[i] == source)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The source's entry, or a free one, or the least recently seen one (evicted).</summary>
        int Slot(string source, long nowMs)
        {
            int i = Find(source);
            if (i >= 0)
            {
                return i;
            }

            int victim = 0;
            for (int k = 0; k < MaxSources; k++)
            {
                if (_source[k] == null)
                {
                    victim = k;
                    break;
                }

                if (_seen[k] < _seen[victim])
                {
                    victim = k;
                }
            }

            _source[victim] = source;
            _failures[victim] = 0;
            _lockouts[victim] = 0;
            _lockedUntil[victim] = 0;
            _seen[victim] = nowMs;
            return victim;
        }
    }
}
