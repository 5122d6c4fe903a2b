using Phone.Crypto;

namespace Phone.Sip.Dns
{
    /// <summary>
    /// RFC 3263 §4 for the phone's server: from a host name, the configured transport and an optional explicit port
    /// to an ordered list of (IPv4 address, port) targets, through NAPTR (RFC 3403), SRV (RFC 2782) and A queries,
    /// and the next target when one fails (§4.3). Sans-I/O: it writes query datagrams (<see cref="TakeQuery"/>),
    /// takes the responses and the time, and says when it wants the time again (retransmission, RFC 1035 §4.2.1);
    /// the caller owns the socket and the DNS server's address. One lookup at a time; the list lives for the
    /// smallest TTL of the records it came from.
    /// </summary>
    public sealed class SipServerLocator
    {
        public const int MaxTargets = 8;

        /// <summary>
        /// The shortest life of a list, in seconds, whatever the TTLs say: a TTL of 0 (dnsmasq's default for its
        /// configured records) would otherwise restart the lookup at the first target while failover is under way.
        /// </summary>
        public const int MinLifetimeSeconds = 30;

        /// <summary>SRV targets whose addresses are looked up (RFC 3263 §4.3 tries them in order).</summary>
        public const int MaxSrvTargets = 4;

        private const int StageNaptr = 0;
        private const int StageSrv = 1;
        private const int StageSrvAddress = 2;
        private const int StageAddress = 3;

        private readonly IEntropySource _entropy;
        private readonly DnsAnswer _answer = new DnsAnswer();
        private readonly byte[] _query = new byte[DnsMessage.MaxQueryBytes];
        private readonly DnsRecord[] _srv = new DnsRecord[DnsAnswer.MaxRecords];
        private readonly string[] _addresses = new string[MaxTargets];
        private readonly int[] _ports = new int[MaxTargets];

        private SipTransportKind _transport;
        private string _host;
        private int _port;
        private int _stage;
        private int _queryId;
        private string _queryName;
        private int _queryType;
        private int _queryLength;
        private bool _queryDue;
        private int _tries;
        private long _deadline = long.MaxValue;
        private int _srvCount;
        private int _srvIndex;
        private int _count;
        private int _current;
        private int _ttl;
        private long _expiresAt;

        public SipServerLocator(IEntropySource entropy)
        {
            _entropy = entropy;
            for (int i = 0; i < _srv.Length; i++)
            {
                _srv[i] = new DnsRecord();
            }

            RetransmitMs = 1000;
            Tries = 3;
        }

        /// <summary>Wait for the first answer; each retransmission waits twice as long as the one before.</summary>
        public long RetransmitMs { get; set; }

        /// <summary>Transmissions of one query before its lookup counts as failed.</summary>
        public int Tries { get; set; }

        public SipLocatorState State { get; private set; }

        /// <summary>Why the last lookup or target failed; null when none did.</summary>
        public string LastError { get; private set; }

        /// <summary>Responses that were not for our query or broke the format (ignored; the query stays open).</summary>
        public int IgnoredResponses { get; private set; }

        public int TargetCount
        {
            get { return _count; }
        }

        /// <summary>The current target's IPv4 address (Ready only).</summary>
        public string Address
        {
            get { return State == SipLocatorState.Ready ? _addresses[_current] : null; }
        }

        /// <summary>The current target's port (Ready only).</summary>
        public int Port
        {
            get { return State == SipLocatorState.Ready ? _ports[_current] : 0; }
        }

        /// <summary>When the time should be given again (AdvanceTo); long.MaxValue when nothing waits.</summary>
        public long NextDeadlineMs
        {
            get { return State == SipLocatorState.Resolving ? _deadline : long.MaxValue; }
        }

        /// <summary>True while the list is Ready and its TTL has not run out.</summary>
        public bool IsFresh(long nowMs)
        {
            return State == SipLocatorState.Ready && nowMs < _expiresAt;
        }

        /// <summary>
        /// Starts over for host. port &gt; 0 is an explicit port: no NAPTR or SRV, only the address (RFC 3263 §4.2);
        /// a numeric IPv4 host needs no lookup at all. Without a port the defaults are 5061 for TLS, else 5060.
        /// </summary>
        public void Start(string host, int port, SipTransportKind transport, long nowMs)
        {
            _host = host;
            _port = port;
            _transport = transport;
            _count = 0;
            _current = 0;
            _srvCount = 0;
            _ttl = int.MaxValue;
            LastError = null;
            if (IsIPv4Literal(host))
            {
                AddTarget(host, port > 0 ? port : DefaultPort());
                Finish(nowMs);
                return;
            }

            if (port > 0)
            {
                Ask(StageAddress, host, DnsRecord.TypeA, nowMs);
                return;
            }

            // RFC 3263 §4.1: NAPTR first; the transport is fixed by nf.config, so only its service is taken.
            Ask(StageNaptr, host, DnsRecord.TypeNaptr, nowMs);
        }

        /// <summary>
        /// The query to send now, in <see cref="QueryBuffer"/>: its length, or 0 when none is due. Each transmission
        /// (the first and every retransmission) is handed out once.
        /// </summary>
        public int TakeQuery()
        {
            if (!_queryDue || State != SipLocatorState.Resolving)
            {
                return 0;
            }

            _queryDue = false;
            return _queryLength;
        }

        public byte[] QueryBuffer
        {
            get { return _query; }
        }

        /// <summary>A datagram from the DNS server. Only the response to the outstanding query moves the lookup on.</summary>
        public void OnResponse(byte[] data, int offset, int count, long nowMs)
        {
            if (State != SipLocatorState.Resolving)
            {
                return;
            }

            DnsStatus status = DnsMessage.Parse(data, offset, count, _queryId, _queryName, _queryType, _answer);
            if (status == DnsStatus.Foreign || status == DnsStatus.Malformed)
            {
                IgnoredResponses++;
                return;
            }

            if (status == DnsStatus.Ok || status == DnsStatus.NameError)
            {
                Answered(nowMs);
            }
            else
            {
                Unanswered(status == DnsStatus.Truncated ? "truncated answer" : "server failure", nowMs);
            }
        }

        /// <summary>Retransmits a query that got no answer in time, and gives it up after <see cref="Tries"/>.</summary>
        public void AdvanceTo(long nowMs)
        {
            if (State != SipLocatorState.Resolving || nowMs < _deadline)
            {
                return;
            }

            if (_tries < Tries)
            {
                Transmit(nowMs);
                return;
            }

            Unanswered("no answer", nowMs);
        }

        /// <summary>
        /// The current target failed (RFC 3263 §4.3: connection refused, transport error, timeout or 503): the next
        /// one becomes current. False, with state Failed, when none is left; Start begins the lookup again.
        /// </summary>
        public bool Failover(string reason)
        {
            if (State != SipLocatorState.Ready)
            {
                return false;
            }

            LastError = reason;
            if (_current + 1 < _count)
            {
                _current++;
                return true;
            }

            State = SipLocatorState.Failed;
            LastError = "every server of " + _host + " failed" + (reason == null ? "" : ": " + reason);
            return false;
        }

        private void Answered(long nowMs)
        {
            if (_stage == StageNaptr)
            {
                string srvName = BestNaptr();
                Ask(StageSrv, srvName != null ? srvName : SrvPrefix() + _host, DnsRecord.TypeSrv, nowMs);
                return;
            }

            if (_stage == StageSrv)
            {
                if (_answer.Count == 0)
                {
                    // RFC 3263 §4.2: no SRV records, so the A record of the host with the transport's default port.
                    Ask(StageAddress, _host, DnsRecord.TypeA, nowMs);
                    return;
                }

                _srvCount = 0;
                for (int i = 0; i < _answer.Count; i++)
                {
                    DnsRecord a = _answer[i];
                    DnsRecord s = _srv[_srvCount++];
                    s.Priority = a.Priority;
                    s.Weight = a.Weight;
                    s.Port = a.Port;
                    s.Target = a.Target;
                    KeepTtl(a.Ttl);
                }

                _srvCount = SrvOrder.Sort(_srv, _srvCount, _entropy);
                if (_srvCount == 0)
                {
                    Fail("no SIP service at " + _host); // RFC 2782: the only target is "."
                    return;
                }

                _srvIndex = 0;
                AskSrvAddress(nowMs);
                return;
            }

            int port = _stage == StageSrvAddress ? _srv[_srvIndex].Port : (_port > 0 ? _port : DefaultPort());
            for (int i = 0; i < _answer.Count; i++)
            {
                KeepTtl(_answer[i].Ttl);
                AddTarget(_answer[i].Address, port);
            }

            NextAddress(nowMs);
        }

        private void Unanswered(string why, long nowMs)
        {
            if (_stage == StageNaptr)
            {
                // NAPTR only refines the choice; without it the well-known SRV name is asked (RFC 3263 §4.1).
                Ask(StageSrv, SrvPrefix() + _host, DnsRecord.TypeSrv, nowMs);
                return;
            }

            if (_stage == StageSrvAddress)
            {
                NextAddress(nowMs);
                return;
            }

            Fail("DNS " + why + " for " + _queryName);
        }

        /// <summary>After the addresses of one SRV target: the next target, or the end of the lookup.</summary>
        private void NextAddress(long nowMs)
        {
            if (_stage == StageSrvAddress && ++_srvIndex < _srvCount && _srvIndex < MaxSrvTargets && _count < MaxTargets)
            {
                AskSrvAddress(nowMs);
                return;
            }

            if (_count == 0)
            {
                Fail("no address for " + _host);
                return;
            }

            Finish(nowMs);
        }

        private void AskSrvAddress(long nowMs)
        {
            string target = _srv[_srvIndex].Target;
            if (IsIPv4Literal(target))
            {
                AddTarget(target, _srv[_srvIndex].Port);
                NextAddress(nowMs);
                return;
            }

            Ask(StageSrvAddress, target, DnsRecord.TypeA, nowMs);
        }

        /// <summary>
        /// RFC 3263 §4.1: among NAPTR records with flag "s" and the service of our transport (SIPS+D2T for TLS,
        /// SIP+D2T for TCP, SIP+D2U for UDP), the lowest order, then the lowest preference; its replacement names
        /// the SRV records. Null when none fits.
        /// </summary>
        private string BestNaptr()
        {
            string service = _transport == SipTransportKind.Tls ? "SIPS+D2T" : (_transport == SipTransportKind.Tcp ? "SIP+D2T" : "SIP+D2U");
            DnsRecord best = null;
            for (int i = 0; i < _answer.Count; i++)
            {
                DnsRecord r = _answer[i];
                if (DnsMessage.SameName(r.Flags, "s") && DnsMessage.SameName(r.Services, service) && r.Replacement != "." &&
                    (best == null || r.Order < best.Order || (r.Order == best.Order && r.Preference < best.Preference)))
                {
                    best = r;
                }
            }

            if (best == null)
            {
                return null;
            }

            KeepTtl(best.Ttl);
            return best.Replacement;
        }

        /// <summary>RFC 3263 §4.1 / RFC 3261 §19.1.2: the SRV names of the transports.</summary>
        private string SrvPrefix()
        {
            return _transport == SipTransportKind.Tls ? "_sips._tcp." : (_transport == SipTransportKind.Tcp ? "_sip._tcp." : "_sip._udp.");
        }

        private int DefaultPort()
        {
            return _transport == SipTransportKind.Tls ? SipSettings.DefaultTlsPort : SipSettings.DefaultPort;
        }

        private void Ask(int stage, string name, int type, long nowMs)
        {
            _stage = stage;
            byte[] id = new byte[2];
            _entropy.GetBytes(id, 0, 2); // RFC 5452 §4.3: an unpredictable ID
            _queryId = (id[0] << 8) | id[1];
            _queryName = name;
            _queryType = type;
            _queryLength = DnsMessage.EncodeQuery(_queryId, name, type, _query);
            if (_queryLength < 0)
            {
                if (stage == StageSrvAddress)
                {
                    NextAddress(nowMs);
                    return;
                }

                Fail("not a host name: " + name);
                return;
            }

            State = SipLocatorState.Resolving;
            _tries = 0;
            Transmit(nowMs);
        }

        private void Transmit(long nowMs)
        {
            _deadline = nowMs + (RetransmitMs << _tries);
            _tries++;
            _queryDue = true;
        }

        private void AddTarget(string address, int port)
        {
            if (_count < MaxTargets && address != null)
            {
                _addresses[_count] = address;
                _ports[_count] = port;
                _count++;
            }
        }

        private void KeepTtl(int ttl)
        {
            if (ttl < _ttl)
            {
                _ttl = ttl;
            }
        }

        private void Finish(long nowMs)
        {
            _current = 0;
            _expiresAt = _ttl == int.MaxValue ? long.MaxValue : nowMs + (long)(_ttl < MinLifetimeSeconds ? MinLifetimeSeconds : _ttl) * 1000;
            State = SipLocatorState.Ready;
        }

        private void Fail(string reason)
        {
            LastError = reason;
            State = SipLocatorState.Failed;
        }

        /// <summary>Four dot-separated decimal numbers 0..255 (IPAddress.Parse on the device would accept less).</summary>
        public static bool IsIPv4Literal(string s)
        {
            if (s == null)
            {
                return false;
            }

            int parts = 0;
            int value = -1;
            for (int i = 0; i <= s.Length; i++)
            {
                char c = i < s.Length ? s[i] : '.';
                if (c == '.')
                {
                    if (value < 0)
                    {
                        return false;
                    }

                    parts++;
                    value = -1;
                }
                else if (c >= '0' && c <= '9')
                {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > 255)
                    {
                        return false;
                    }
                }
                else
                {
                    return false;
                }
            }

            return parts == 4;
        }
    }
}
