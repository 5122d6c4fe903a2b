namespace Phone.Sip.Dns
{
    /// <summary>
    /// The records of one response that answer the question (of its type, under the asked name or the name its
    /// CNAME chain leads to). A fixed table reused for every response: at most <see cref="MaxRecords"/> are kept.
    /// </summary>
    public sealed class DnsAnswer
    {
        public const int MaxRecords = 16;

        private readonly DnsRecord[] _records = new DnsRecord[MaxRecords];

        public DnsAnswer()
        {
            for (int i = 0; i < MaxRecords; i++)
            {
                _records[i] = new DnsRecord();
            }
        }

        /// <summary>Records kept; the response may have held more (they are dropped, not an error).</summary>
        public int Count { get; private set; }

        public DnsRecord this[int index]
        {
            get { return _records[index]; }
        }

        internal void Clear()
        {
            Count = 0;
        }

        /// <summary>The next free record, cleared; null when the table is full.</summary>
        internal DnsRecord Add(int type, int ttl)
        {
            if (Count == MaxRecords)
            {
                return null;
            }

            DnsRecord r = _records[Count++];
            r.Type = type;
            r.Ttl = ttl;
            r.Address = null;
            r.Priority = 0;
            r.Weight = 0;
            r.Port = 0;
            r.Target = null;
            r.Order = 0;
            r.Preference = 0;
            r.Flags = null;
            r.Services = null;
            r.Replacement = null;
            return r;
        }
    }
}
