using Phone.Sip.Transport;
using Phone.Crypto;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The transaction layer of RFC 3261 §17 over the sans-I/O SipTransport: a fixed pool of client and server
    /// transactions (INVITE and non-INVITE), their timers A–K (plus RFC 6026 L and M) on a virtual clock,
    /// response and request matching (§17.1.3, §17.2.3), retransmission absorption, 100 Trying after 200 ms
    /// (§17.2.1), the ACK for non-2xx (§17.1.1.3) and transport errors (§17.1.4, §17.2.4). Drive it with
    /// AdvanceTo(nowMs) at NextDeadlineMs; it never reads a clock and never throws on bad input.
    /// </summary>
    public sealed class SipTransactionLayer : ISipTransportSink
    {
        private readonly SipTransport _transport;
        private readonly IEntropySource _entropy;
        private readonly SipTimerSettings _timers;
        private readonly SipTransaction[] _pool;
        private readonly SipMessage _scratch = new SipMessage();
        private readonly SipVia _via = new SipVia();
        private readonly SipCSeq _cseq = new SipCSeq();
        private readonly SipNameAddr _addr = new SipNameAddr();
        private readonly SipMessageWriter _writer = new SipMessageWriter();
        private readonly byte[] _work = new byte[SipLimits.MaxMessageSize];

        /// <summary>Requests and responses from addresses we name (registrar, outbound proxy): bound of that table.</summary>
        public const int MaxAllowedSources = 8;

        /// <summary>Sources whose token buckets are kept at once (the least recently seen is replaced).</summary>
        public const int RateSlots = 16;

        private readonly int _clients;
        private readonly string[] _allowHost = new string[MaxAllowedSources];
        private readonly int[] _allowPort = new int[MaxAllowedSources];
        private int _allowCount;
        private readonly string[] _rateHost = new string[RateSlots];
        private readonly long[] _rateAt = new long[RateSlots];
        private readonly int[] _rateMilli = new int[RateSlots];
        private bool _listed;

        /// <summary>A pool of maxTransactions client and as many server transactions.</summary>
        public SipTransactionLayer(SipTransport transport, IEntropySource entropy, SipTimerSettings timers, int maxTransactions)
            : this(transport, entropy, timers, maxTransactions, maxTransactions)
        {
        }

        /// <summary>
        /// Separate pools: requests we receive never take a slot our own requests (REGISTER, INVITE, BYE) need, and
        /// the other way round.
        /// </summary>
        public SipTransactionLayer(SipTransport transport, IEntropySource entropy, SipTimerSettings timers, int maxClientTransactions,
            int maxServerTransactions)
        {
            _transport = transport;
            _entropy = entropy;
            _timers = timers == null ? new SipTimerSettings() : timers;
            _clients = maxClientTransactions < 1 ? 1 : maxClientTransactions;
            int maxTransactions = _clients + (maxServerTransactions < 1 ? 1 : maxServerTransactions);
            _pool = new SipTransaction[maxTransactions];
            for (int i = 0; i < maxTransactions; i++)
            {
                _pool[i] = new SipTransaction();
                _pool[i].Reset();
                _pool[i].State = SipTransactionState.Terminated;
            }

            if (_transport != null)
            {
                _transport.Sink = this;
            }

            LocalHost = "0.0.0.0";
            CheckSentBy = true;
            AcceptFromAny = true;
        }

        public SipTransport Transport
        {
            get { return _transport; }
        }

        public SipTimerSettings Timers
        {
            get { return _timers; }
        }

        /// <summary>The transaction user; SipRequestPolicy in front of the phone's call/registration logic.</summary>
        public ISipTransactionUser User { get; set; }

        /// <summary>sent-by host of our Via (RFC 3261 §18.1.1); the adapter sets the interface address.</summary>
        public string LocalHost { get; set; }

        /// <summary>sent-by port of our Via; 0 leaves it out (default port of the transport).</summary>
        public int LocalPort { get; set; }

        /// <summary>
        /// RFC 3261 §18.1.2: discard a response whose top Via sent-by is not the LocalHost (and LocalPort, when
        /// set) we put in requests. On by default.
        /// </summary>
        public bool CheckSentBy { get; set; }

        /// <summary>Responses discarded because their top Via sent-by was not ours (§18.1.2).</summary>
        public int ForeignResponses { get; private set; }

        /// <summary>Both pools: client slots come first (TransactionAt 0 … MaxClientTransactions-1), server slots after.</summary>
        public int MaxTransactions
        {
            get { return _pool.Length; }
        }

        public int MaxClientTransactions
        {
            get { return _clients; }
        }

        public int MaxServerTransactions
        {
            get { return _pool.Length - _clients; }
        }

        // ---------------------------------------------------------------- who may send us requests

        /// <summary>
        /// Take requests over UDP and TCP from any address (true, the layer's default), or only from the sources
        /// named with AllowSource (the phone sets it from sip.accept_from_any, default false). Requests over TLS are
        /// never filtered: they come on our verified flow to the registrar or on a TLS listener opened on purpose.
        /// A refused request is dropped unanswered (answering a stranger is reflection and fingerprinting) and counted
        /// in ForeignRequests.
        /// </summary>
        public bool AcceptFromAny { get; set; }

        /// <summary>
        /// Names a source we take requests from (the registrar, the outbound proxy): a host as the adapter reports it
        /// (an IPv4 address for datagrams, the connection's host for streams) and a port, 0 for any. Streams match on
        /// the host alone (their source cannot be forged). Returns false when the table (MaxAllowedSources) is full.
        /// Listed sources are not rate limited and may use ReservedServerSlots.
        /// </summary>
        public bool AllowSource(string host, int port)
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

            if (_allowCount == MaxAllowedSources)
            {
                return false;
            }

            _allowHost[_allowCount] = host;
            _allowPort[_allowCount] = port;
            _allowCount++;
            return true;
        }

        /// <summary>
        /// The adapter resolved host (a name given in Connect / SendTo) to address: when host is a listed source,
        /// address is listed too, with the same port (datagrams come from the address, not the name).
        /// </summary>
        public void NoteResolved(string host, string address)
        {
            int n = _allowCount;
            for (int i = 0; i < n && host != null && address != null; i++)
            {
                if (SameText(_allowHost[i], host))
                {
                    AllowSource(address, _allowPort[i]);
                }
            }
        }

        /// <summary>True when requests from host (any port, as for streams) would be taken: AcceptFromAny or listed.</summary>
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

        /// <summary>Listed sources (diagnostics).</summary>
        public int AllowedSourceCount
        {
            get { return _allowCount; }
        }

        /// <summary>
        /// Server slots kept for listed sources: requests from other addresses find the server pool full this much
        /// earlier, so a flood from strangers never takes the slot a BYE or re-INVITE from our proxy needs. Default 0.
        /// </summary>
        public int ReservedServerSlots { get; set; }

        /// <summary>Server transactions one unlisted source address may hold at once (0: no bound, the default).</summary>
        public int MaxServerPerSource { get; set; }

        /// <summary>
        /// Token bucket per unlisted source address (all its ports): SourceBurst requests at once, refilled at
        /// SourceRatePerSecond. 0 (the default) switches the rate limit off. A request over the rate is dropped.
        /// </summary>
        public int SourceBurst { get; set; }

        public int SourceRatePerSecond { get; set; }

        /// <summary>
        /// The phone's limits (PhoneCore, the host endpoint): AcceptFromAny as nf.config sip.accept_from_any says; a
        /// quarter of the server pool (at least 2) kept for listed sources; an unlisted address holds at most a quarter
        /// of it, and starts at most 8 requests at once and 2 per second after.
        /// </summary>
        public void UsePhoneLimits(bool acceptFromAny)
        {
            int quarter = MaxServerTransactions / 4;
            AcceptFromAny = acceptFromAny;
            ReservedServerSlots = quarter < 2 ? 2 : quarter;
            MaxServerPerSource = quarter < 1 ? 1 : quarter;
            SourceBurst = 8;
            SourceRatePerSecond = 2;
        }

        /// <summary>Requests dropped because their source is not listed and AcceptFromAny is false.</summary>
        public int ForeignRequests { get; private set; }

        /// <summary>Requests dropped because their source was over its rate or held MaxServerPerSource transactions.</summary>
        public int RateLimited { get; private set; }

        /// <summary>Transactions not yet terminated.</summary>
        public int ActiveCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _pool.Length; i++)
                {
                    if (_pool[i].InUse) n++;
                }

                return n;
            }
        }

        /// <summary>Responses that matched no client transaction (RFC 3261 §18.1.2: discarded).</summary>
        public int StrayResponses { get; private set; }

        /// <summary>Retransmitted requests absorbed by a server transaction (§17.2.1, §17.2.2).</summary>
        public int AbsorbedRequests { get; private set; }

        /// <summary>Requests refused with 503 because every transaction slot was busy.</summary>
        public int TableFullRejects { get; private set; }

        /// <summary>Slot i of the pool (diagnostics).</summary>
        public SipTransaction TransactionAt(int i)
        {
            return i >= 0 && i < _pool.Length ? _pool[i] : null;
        }

        /// <summary>A fresh RFC 3261 branch (z9hG4bK + 64 random bits, §8.1.1.7).</summary>
        public string NewBranch()
        {
            return SipBranch.New(_entropy);
        }

        /// <summary>A fresh tag (§19.3).</summary>
        public string NewTag()
        {
            return SipBranch.NewTag(_entropy);
        }

        /// <summary>
        /// The value of our Via for a request: "SIP/2.0/TLS host:port;rport;branch=…". rport asks the server to
        /// tell us the source port it saw (RFC 3581 §3).
        /// </summary>
        public string ViaValue(SipTransportKind transport, string branch)
        {
            string t = transport == SipTransportKind.Udp ? "UDP" : (transport == SipTransportKind.Tcp ? "TCP" : "TLS");
            string hostPort = LocalPort > 0 ? LocalHost + ":" + LocalPort.ToString() : LocalHost;
            return "SIP/2.0/" + t + " " + hostPort + ";rport;branch=" + branch;
        }

        // ---------------------------------------------------------------- client side

        /// <summary>
        /// Starts a client transaction for request[offset..offset+count) (a complete request with our Via and a
        /// z9hG4bK branch on top; not ACK) to host:port over transport. For Tcp/Tls the connection keyed by
        /// (transport, host, port, serverName) is reused or opened; the request leaves when it is open. There is
        /// never a fallback to another transport.
        /// </summary>
        public SipTransactionStatus SendRequest(byte[] request, int offset, int count, SipTransportKind transport, string host,
            int port, string serverName, long nowMs, out SipTransaction tx)
        {
            tx = null;
            if (request == null || offset < 0 || count <= 0 || offset + count > request.Length || host == null || port <= 0 ||
                port > 65535 || _transport == null)
            {
                return SipTransactionStatus.BadArgument;
            }

            if (SipParser.Parse(request, offset, count, false, _scratch) != SipError.Ok || !_scratch.IsRequest ||
                _scratch.IsMethod("ACK") || _scratch.GetVia(0, _via) != SipError.Ok || !SipBranch.IsRfc3261(_via.Branch) ||
                _scratch.GetCSeq(_cseq) != SipError.Ok)
            {
                return SipTransactionStatus.BadMessage;
            }

            SipTransaction t = null;
            for (int i = 0; i < _clients && t == null; i++)
            {
                if (!_pool[i].InUse)
                {
                    t = _pool[i];
                }
            }

            if (t == null)
            {
                return SipTransactionStatus.TableFull;
            }

            int connectionId = 0;
            if (transport != SipTransportKind.Udp)
            {
                SipTransportStatus ts;
                connectionId = _transport.Acquire(transport, host, port, serverName, nowMs, out ts);
                if (connectionId == 0)
                {
                    return ts == SipTransportStatus.ConnectionTableFull ? SipTransactionStatus.ConnectionTableFull
                        : (ts == SipTransportStatus.BadArgument ? SipTransactionStatus.BadArgument : SipTransactionStatus.TransportError);
                }
            }

            Begin(t);
            bool invite = _scratch.IsMethod("INVITE");
            t.Kind = invite ? SipTransactionKind.InviteClient : SipTransactionKind.NonInviteClient;
            t.State = invite ? SipTransactionState.Calling : SipTransactionState.Trying;
            t.Branch = _via.Branch;
            t.Method = _scratch.Method;
            t.CSeqNumber = _cseq.Number;
            t.Transport = transport;
            t.ConnectionId = connectionId;
            t.RemoteHost = host;
            t.RemotePort = port;
            t.Request = Copy(request, offset, count);

            // RFC 3261 §17.1.1.2 (timers A, B) and §17.1.2.2 (timers E, F): retransmit only on unreliable transports.
            if (transport == SipTransportKind.Udp)
            {
                t.RetransmitIntervalMs = _timers.T1;
                t.RetransmitAt = nowMs + _timers.T1;
            }

            t.TimeoutAt = nowMs + _timers.SixtyFourT1;
            tx = t;

            if (transport == SipTransportKind.Udp || _transport.IsOpen(connectionId))
            {
                SendRequestBytes(t);
            }
            else
            {
                t.WaitingForConnection = true;
            }

            return SipTransactionStatus.Ok;
        }

        /// <summary>
        /// Sends bytes outside any transaction (the ACK for a 2xx, RFC 3261 §13.2.2.4 / §17.1.1.3): UDP to
        /// host:port, or over the open connection keyed by (transport, host, port, serverName).
        /// </summary>
        public SipTransactionStatus SendDirect(byte[] data, int offset, int count, SipTransportKind transport, string host, int port,
            string serverName, long nowMs)
        {
            if (data == null || offset < 0 || count <= 0 || offset + count > data.Length || _transport == null)
            {
                return SipTransactionStatus.BadArgument;
            }

            byte[] copy = Copy(data, offset, count);
            if (transport == SipTransportKind.Udp)
            {
                return Map(_transport.SendTo(host, port, copy, 0, copy.Length));
            }

            SipTransportStatus ts;
            int id = _transport.Acquire(transport, host, port, serverName, nowMs, out ts);
            if (id == 0)
            {
                return ts == SipTransportStatus.ConnectionTableFull ? SipTransactionStatus.ConnectionTableFull : SipTransactionStatus.TransportError;
            }

            return Map(_transport.Send(id, copy, 0, copy.Length));
        }

        // ---------------------------------------------------------------- server side

        /// <summary>
        /// Sends response[offset..offset+count) for a server transaction and moves its state machine
        /// (RFC 3261 §17.2.1, §17.2.2). Over UDP the response goes to the request's source address and, with
        /// rport, its source port (RFC 3581 §4; RFC 3261 §18.2.2); over streams on the request's connection.
        /// </summary>
        public SipTransactionStatus SendResponse(SipTransaction tx, byte[] response, int offset, int count, long nowMs)
        {
            if (tx == null || !tx.InUse || tx.IsClient || response == null || offset < 0 || count <= 0 ||
                offset + count > response.Length)
            {
                return SipTransactionStatus.BadArgument;
            }

            if (SipParser.ParseHead(response, offset, count, _scratch) != SipError.Ok || _scratch.IsRequest)
            {
                return SipTransactionStatus.BadMessage;
            }

            int code = _scratch.StatusCode;
            string toTag = null;
            if (_scratch.GetTo(_addr) == SipError.Ok)
            {
                toTag = _addr.Tag;
            }

            SipTransactionState s = tx.State;
            bool provisional = code < 200;
            if (tx.Kind == SipTransactionKind.InviteServer)
            {
                if (!(s == SipTransactionState.Proceeding || (s == SipTransactionState.Accepted && code >= 200 && code < 300)))
                {
                    return SipTransactionStatus.WrongState;
                }
            }
            else if (s != SipTransactionState.Trying && s != SipTransactionState.Proceeding)
            {
                return SipTransactionStatus.WrongState;
            }

            tx.LastResponse = Copy(response, offset, count);
            tx.LastStatusCode = code;
            tx.TryingAt = SipTransaction.Off;
            SipTransactionStatus sent = SendLastResponse(tx);

            if (tx.Kind == SipTransactionKind.InviteServer)
            {
                if (provisional)
                {
                    // §17.2.1: stays in Proceeding.
                }
                else if (code < 300)
                {
                    // RFC 6026 §7.1: Accepted, timer L = 64·T1; the TU retransmits the 2xx.
                    if (s != SipTransactionState.Accepted)
                    {
                        tx.State = SipTransactionState.Accepted;
                        tx.EndAt = nowMs + _timers.SixtyFourT1;
                    }
                }
                else
                {
                    // §17.2.1: Completed; timer G (unreliable) from T1, timer H = 64·T1.
                    tx.State = SipTransactionState.Completed;
                    tx.ResponseToTag = toTag;
                    if (!tx.IsReliable)
                    {
                        tx.RetransmitIntervalMs = _timers.T1;
                        tx.RetransmitAt = nowMs + _timers.T1;
                    }

                    tx.TimeoutAt = nowMs + _timers.SixtyFourT1;
                }
            }
            else if (provisional)
            {
                tx.State = SipTransactionState.Proceeding;
            }
            else
            {
                // §17.2.2: Completed; timer J = 64·T1 unreliable, 0 reliable.
                tx.State = SipTransactionState.Completed;
                if (tx.IsReliable)
                {
                    Terminate(tx);
                }
                else
                {
                    tx.EndAt = nowMs + _timers.SixtyFourT1;
                }
            }

            if (sent != SipTransactionStatus.Ok && tx.InUse && tx.IsReliable)
            {
                // §17.2.4: the connection is gone; the transaction fails.
                Terminate(tx);
            }

            return sent;
        }

        /// <summary>
        /// Sends a response to a request outside any transaction (stateless, RFC 3261 §8.2.7 / §18.2.2): on the
        /// request's connection, or by UDP to its source address (source port with rport, else sent-by port or 5060).
        /// </summary>
        public SipTransactionStatus SendStatelessResponse(SipMessage request, SipSource source, byte[] response, int offset, int count)
        {
            if (request == null || source == null || response == null || offset < 0 || count <= 0 || offset + count > response.Length ||
                _transport == null)
            {
                return SipTransactionStatus.BadArgument;
            }

            byte[] copy = Copy(response, offset, count);
            if (source.IsReliable)
            {
                return Map(_transport.Send(source.ConnectionId, copy, 0, copy.Length));
            }

            int port = ResponsePort(request, source);
            return Map(_transport.SendTo(source.Host, port, copy, 0, copy.Length));
        }

        // ---------------------------------------------------------------- clock

        /// <summary>The earliest timer of any transaction or of the transport; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = _transport == null ? SipTransaction.Off : _transport.NextDeadlineMs;
                for (int i = 0; i < _pool.Length; i++)
                {
                    long d = _pool[i].NextDeadlineMs;
                    if (d < next)
                    {
                        next = d;
                    }
                }

                return next;
            }
        }

        /// <summary>Fires every timer due at or before nowMs, in time order per transaction, then the transport's keep-alive.</summary>
        public void AdvanceTo(long nowMs)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                int gen = t.Generation;
                while (t.InUse && t.Generation == gen)
                {
                    long d = t.NextDeadlineMs;
                    if (d > nowMs)
                    {
                        break;
                    }

                    Fire(t, d);
                }
            }

            if (_transport != null)
            {
                _transport.AdvanceTo(nowMs);
            }
        }

        private void Fire(SipTransaction t, long at)
        {
            if (t.TryingAt == at)
            {
                // §17.2.1: the TU did not answer within 200 ms; send 100 Trying.
                t.TryingAt = SipTransaction.Off;
                if (t.State == SipTransactionState.Proceeding && t.LastResponse == null && t.Trying != null)
                {
                    t.LastResponse = t.Trying;
                    t.LastStatusCode = 100;
                    SendLastResponse(t);
                }

                return;
            }

            if (t.RetransmitAt == at)
            {
                t.Retransmissions++;
                switch (t.Kind)
                {
                    case SipTransactionKind.InviteClient:
                        // Timer A: retransmit, double without bound (§17.1.1.2).
                        SendRequestBytes(t);
                        t.RetransmitIntervalMs = 2 * t.RetransmitIntervalMs;
                        break;
                    case SipTransactionKind.NonInviteClient:
                        // Timer E: doubles up to T2 in Trying; T2 in Proceeding (§17.1.2.2).
                        SendRequestBytes(t);
                        t.RetransmitIntervalMs = t.State == SipTransactionState.Proceeding ? _timers.T2 : Min(2 * t.RetransmitIntervalMs, _timers.T2);
                        break;
                    default:
                        // Timer G: resend the final response, doubling up to T2 (§17.2.1).
                        SendLastResponse(t);
                        t.RetransmitIntervalMs = Min(2 * t.RetransmitIntervalMs, _timers.T2);
                        break;
                }

                t.RetransmitAt = at + t.RetransmitIntervalMs;
                return;
            }

            if (t.TimeoutAt == at)
            {
                // Timers B, F (no final response) and H (no ACK): the transaction times out.
                Terminate(t);
                if (User != null)
                {
                    User.OnTimeout(t, at);
                }

                return;
            }

            // Timers D, K, I, J, L, M: the wait for retransmissions is over.
            Terminate(t);
        }

        // ---------------------------------------------------------------- transport sink

        public void OnMessage(SipMessage message, SipSource source, long nowMs)
        {
            if (message.GetVia(0, _via) != SipError.Ok || message.GetCSeq(_cseq) != SipError.Ok)
            {
                return;
            }

            if (message.IsRequest)
            {
                OnRequest(message, source, nowMs);
            }
            else
            {
                OnResponse(message, nowMs);
            }
        }

        public void OnMalformed(SipMessage head, SipError error, SipSource source, long nowMs)
        {
            if ((head != null && !head.IsRequest) || !Admit(source, true, nowMs))
            {
                // A malformed response is discarded (RFC 3261 §18.1.2 / §8.1.3.1); a stranger's request too.
                return;
            }

            if (User != null)
            {
                User.OnMalformedRequest(head, error, source, nowMs);
            }
        }

        public void OnConnectionOpen(int connectionId, long nowMs)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (t.InUse && t.WaitingForConnection && t.ConnectionId == connectionId)
                {
                    t.WaitingForConnection = false;
                    SendRequestBytes(t);
                }
            }
        }

        public void OnConnectionFailed(int connectionId, long nowMs)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (t.InUse && t.ConnectionId == connectionId && t.IsReliable)
                {
                    TransportError(t, nowMs);
                }
            }

            if (User != null)
            {
                User.OnFlowFailed(connectionId, nowMs);
            }
        }

        public void OnDatagramFailed(string host, int port, long nowMs)
        {
            for (int i = 0; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (!t.InUse || t.IsReliable)
                {
                    continue;
                }

                bool hit = t.IsClient ? (t.RemoteHost == host && t.RemotePort == port) : (t.ResponseHost == host && t.ResponsePort == port);
                if (hit)
                {
                    TransportError(t, nowMs);
                }
            }
        }

        // ---------------------------------------------------------------- receiving

        private void OnResponse(SipMessage m, long nowMs)
        {
            // RFC 3261 §18.1.2: a response whose sent-by is not ours is silently discarded.
            if (CheckSentBy && !SentByIsOurs())
            {
                ForeignResponses++;
                return;
            }

            // RFC 3261 §17.1.3: branch of the top Via and the CSeq method.
            SipTransaction t = null;
            string branch = _via.Branch;
            for (int i = 0; i < _pool.Length && branch != null; i++)
            {
                SipTransaction c = _pool[i];
                if (c.InUse && c.IsClient && c.Branch == branch && c.Method == _cseq.Method)
                {
                    t = c;
                    break;
                }
            }

            if (t == null)
            {
                StrayResponses++;
                return;
            }

            int code = m.StatusCode;
            SipTransactionState s = t.State;
            bool deliver = false;
            t.LastStatusCode = code;
            if (t.Kind == SipTransactionKind.InviteClient)
            {
                if (s == SipTransactionState.Calling || s == SipTransactionState.Proceeding)
                {
                    deliver = true;
                    t.RetransmitAt = SipTransaction.Off;
                    t.TimeoutAt = SipTransaction.Off;
                    if (code < 200)
                    {
                        t.State = SipTransactionState.Proceeding;
                    }
                    else if (code < 300)
                    {
                        // RFC 6026 §7.2: Accepted, timer M = 64·T1; 2xx retransmissions go to the TU.
                        t.State = SipTransactionState.Accepted;
                        t.EndAt = nowMs + _timers.SixtyFourT1;
                    }
                    else
                    {
                        // §17.1.1.2/§17.1.1.3: ACK the non-2xx, Completed, timer D.
                        t.Ack = BuildAck(t, m);
                        SendAck(t);
                        t.State = SipTransactionState.Completed;
                        t.EndAt = nowMs + (t.IsReliable ? 0 : _timers.UnreliableTimerDMs);
                    }
                }
                else if (s == SipTransactionState.Completed && code >= 300)
                {
                    // §17.1.1.2: a retransmitted final response is ACKed again, not passed up.
                    SendAck(t);
                }
                else if (s == SipTransactionState.Accepted && code >= 200 && code < 300)
                {
                    deliver = true;
                }
            }
            else if (s == SipTransactionState.Trying || s == SipTransactionState.Proceeding)
            {
                deliver = true;
                if (code < 200)
                {
                    t.State = SipTransactionState.Proceeding;
                }
                else
                {
                    // §17.1.2.2: Completed, timer K = T4 unreliable, 0 reliable.
                    t.State = SipTransactionState.Completed;
                    t.RetransmitAt = SipTransaction.Off;
                    t.TimeoutAt = SipTransaction.Off;
                    t.EndAt = nowMs + (t.IsReliable ? 0 : _timers.T4);
                }
            }

            int gen = t.Generation;
            if (deliver && User != null)
            {
                User.OnResponse(t, m, nowMs);
            }

            if (t.InUse && t.Generation == gen && t.EndAt <= nowMs)
            {
                Terminate(t);
            }
        }

        private void OnRequest(SipMessage m, SipSource source, long nowMs)
        {
            bool ack = m.IsMethod("ACK");
            if (!Admit(source, !ack, nowMs))
            {
                return;
            }

            string method = m.Method;
            SipTransaction t = FindServer(m, ack ? "INVITE" : method, ack);
            if (ack)
            {
                if (t == null)
                {
                    // The ACK for a 2xx is its own transaction-less request (§17.2.3, §13.3.1.4).
                    if (User != null)
                    {
                        User.OnRequest(null, m, source, nowMs);
                    }

                    return;
                }

                if (t.State == SipTransactionState.Completed)
                {
                    // §17.2.1: Confirmed; stop G and H; timer I = T4 unreliable, 0 reliable.
                    t.State = SipTransactionState.Confirmed;
                    t.RetransmitAt = SipTransaction.Off;
                    t.TimeoutAt = SipTransaction.Off;
                    if (t.IsReliable)
                    {
                        Terminate(t);
                    }
                    else
                    {
                        t.EndAt = nowMs + _timers.T4;
                    }
                }
                else if (t.State == SipTransactionState.Accepted)
                {
                    // RFC 6026 §7.1: the ACK for the 2xx is passed to the TU.
                    if (User != null)
                    {
                        User.OnRequest(t, m, source, nowMs);
                    }
                }
                else
                {
                    AbsorbedRequests++;
                }

                return;
            }

            if (t != null)
            {
                // A retransmission: §17.2.1 / §17.2.2 resend the last response; RFC 6026 Accepted absorbs.
                AbsorbedRequests++;
                if (t.LastResponse != null && (t.State == SipTransactionState.Proceeding || t.State == SipTransactionState.Completed))
                {
                    SendLastResponse(t);
                }

                return;
            }

            bool perSource;
            t = ServerSlot(source, out perSource);
            if (perSource)
            {
                RateLimited++;
                return;
            }

            if (t == null)
            {
                // RFC 3261 §21.5.4: busy for now, come back later. Bounded by the source's rate.
                TableFullRejects++;
                RejectBusy(m, source);
                return;
            }

            Begin(t);
            bool invite = m.IsMethod("INVITE");
            t.Kind = invite ? SipTransactionKind.InviteServer : SipTransactionKind.NonInviteServer;
            t.State = invite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
            t.Method = method;
            t.Transport = source.Transport;
            t.ConnectionId = source.ConnectionId;
            t.RemoteHost = source.Host;
            t.RemotePort = source.Port;
            t.ResponseHost = source.Host;
            t.ResponsePort = ResponsePort(m, source);
            Remember(t, m);
            if (invite)
            {
                t.Trying = BuildTrying(m);
                t.TryingAt = nowMs + _timers.TryingDelayMs;
            }
            else if (m.IsMethod("CANCEL"))
            {
                // §9.2: the CANCEL matches the INVITE it cancels by the same rules, method aside.
                t.CancelTarget = FindServer(m, "INVITE", false);
            }

            if (User != null)
            {
                User.OnRequest(t, m, source, nowMs);
            }
        }

        private bool SentByIsOurs()
        {
            string host = _via.Host;
            if (host == null || LocalHost == null || host.ToLower() != LocalHost.ToLower())
            {
                return false;
            }

            return LocalPort <= 0 || _via.Port == LocalPort;
        }

        /// <summary>RFC 3261 §17.2.3: the server transaction a request belongs to, or null.</summary>
        private SipTransaction FindServer(SipMessage m, string method, bool ack)
        {
            if (m.GetVia(0, _via) != SipError.Ok)
            {
                return null;
            }

            string branch = _via.Branch;
            if (SipBranch.IsRfc3261(branch))
            {
                string host = _via.Host == null ? null : _via.Host.ToLower();
                int port = _via.Port;
                for (int i = 0; i < _pool.Length; i++)
                {
                    SipTransaction t = _pool[i];
                    if (t.InUse && !t.IsClient && t.Branch == branch && t.SentByHost == host && t.SentByPort == port && t.Method == method)
                    {
                        return t;
                    }
                }

                return null;
            }

            // RFC 2543 fallback: Request-URI, From tag, Call-ID, CSeq, top Via, and To tag (for ACK: the tag we sent).
            string uri = m.RequestUri;
            string callId = m.CallId;
            string fromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
            string toTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
            string topVia = TopVia(m);
            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            for (int i = 0; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (!t.InUse || t.IsClient || t.Branch != null || t.Method != method)
                {
                    continue;
                }

                if (t.RequestUri != uri || t.CallId != callId || t.FromTag != fromTag || t.CSeqNumber != cseq || t.TopVia != topVia)
                {
                    continue;
                }

                string expectTo = ack ? (t.ToTag != null ? t.ToTag : t.ResponseToTag) : t.ToTag;
                if (expectTo == toTag)
                {
                    return t;
                }
            }

            return null;
        }

        private void Remember(SipTransaction t, SipMessage m)
        {
            m.GetVia(0, _via);
            t.Branch = SipBranch.IsRfc3261(_via.Branch) ? _via.Branch : null;
            t.SentByHost = _via.Host == null ? null : _via.Host.ToLower();
            t.SentByPort = _via.Port;
            t.CSeqNumber = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            if (t.Branch == null)
            {
                t.RequestUri = m.RequestUri;
                t.CallId = m.CallId;
                t.FromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
                t.ToTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
                t.TopVia = TopVia(m);
            }
        }

        private static string TopVia(SipMessage m)
        {
            int s;
            int e;
            if (m.GetElement(SipHeader.Via, 0, out s, out e) != SipError.Ok)
            {
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(m.Buffer, s, e - s);
        }

        /// <summary>RFC 3581 §4 with rport: the source port; else RFC 3261 §18.2.2: sent-by port or 5060.</summary>
        private int ResponsePort(SipMessage m, SipSource source)
        {
            if (m.GetVia(0, _via) != SipError.Ok)
            {
                return source.Port;
            }

            if (_via.HasRport && source.Port > 0)
            {
                return source.Port;
            }

            return _via.Port > 0 ? _via.Port : 5060;
        }

        // ---------------------------------------------------------------- building messages

        /// <summary>100 Trying (§8.2.6.1): no To tag added, Timestamp copied.</summary>
        private byte[] BuildTrying(SipMessage m)
        {
            _writer.Begin(_work, 0, _work.Length);
            if (SipResponseBuilder.Start(_writer, m, 100, "Trying", null, _addr) != SipError.Ok || _writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return null;
            }

            return Copy(_work, 0, _writer.Length);
        }

        /// <summary>503 when no transaction slot is free (RFC 3261 §21.5.4), sent statelessly; never for ACK.</summary>
        private void RejectBusy(SipMessage m, SipSource source)
        {
            _writer.Begin(_work, 0, _work.Length);
            if (SipResponseBuilder.Start(_writer, m, 503, "Service Unavailable", NewTag(), _addr) != SipError.Ok ||
                _writer.AddHeader("Retry-After", "5") != SipError.Ok || _writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return;
            }

            SendStatelessResponse(m, source, _work, 0, _writer.Length);
        }

        /// <summary>
        /// RFC 3261 §17.1.1.3: the ACK for a non-2xx has the Request-URI, Call-ID, From, CSeq number and top Via
        /// of the request, the To of the response, the request's Route headers, and CSeq method ACK.
        /// </summary>
        private byte[] BuildAck(SipTransaction t, SipMessage response)
        {
            int toAt = response.FindHeader(SipHeader.To, 0);
            string to = toAt >= 0 ? response.HeaderValue(toAt) : null;
            SipMessage r = _scratch;
            if (SipParser.Parse(t.Request, 0, t.Request.Length, false, r) != SipError.Ok)
            {
                return null;
            }

            _writer.Begin(_work, 0, _work.Length);
            _writer.StartRequest("ACK", r.RequestUri);
            int s;
            int e;
            if (r.GetElement(SipHeader.Via, 0, out s, out e) == SipError.Ok)
            {
                _writer.AddHeader(SipHeader.Via, System.Text.Encoding.UTF8.GetString(r.Buffer, s, e - s));
            }

            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < r.HeaderCount; i++)
            {
                if (r.HeaderId(i) == SipHeader.Route)
                {
                    _writer.CopyHeader(r, i);
                }
            }

            int at = r.FindHeader(SipHeader.From, 0);
            if (at >= 0)
            {
                _writer.CopyHeader(r, at);
            }

            if (to != null)
            {
                _writer.AddHeader(SipHeader.To, to);
            }

            at = r.FindHeader(SipHeader.CallId, 0);
            if (at >= 0)
            {
                _writer.CopyHeader(r, at);
            }

            _writer.AddHeader(SipHeader.CSeq, t.CSeqNumber.ToString() + " ACK");
            if (_writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return null;
            }

            return Copy(_work, 0, _writer.Length);
        }

        // ---------------------------------------------------------------- sending

        private void SendRequestBytes(SipTransaction t)
        {
            Transmit(t, t.Request);
        }

        private void SendAck(SipTransaction t)
        {
            if (t.Ack != null)
            {
                Transmit(t, t.Ack);
            }
        }

        private SipTransactionStatus SendLastResponse(SipTransaction t)
        {
            if (t.LastResponse == null)
            {
                return SipTransactionStatus.Ok;
            }

            if (t.IsReliable)
            {
                return Map(_transport.Send(t.ConnectionId, t.LastResponse, 0, t.LastResponse.Length));
            }

            return Map(_transport.SendTo(t.ResponseHost, t.ResponsePort, t.LastResponse, 0, t.LastResponse.Length));
        }

        private void Transmit(SipTransaction t, byte[] data)
        {
            if (data == null || _transport == null)
            {
                return;
            }

            if (t.Transport == SipTransportKind.Udp)
            {
                _transport.SendTo(t.RemoteHost, t.RemotePort, data, 0, data.Length);
            }
            else
            {
                _transport.Send(t.ConnectionId, data, 0, data.Length);
            }
        }

        // ---------------------------------------------------------------- pool

        private void TransportError(SipTransaction t, long nowMs)
        {
            // §17.1.4 / §17.2.4: inform the TU unless the transaction had already finished its work.
            bool quiet = (t.IsClient && (t.State == SipTransactionState.Completed || t.State == SipTransactionState.Accepted)) ||
                         t.State == SipTransactionState.Confirmed;
            Terminate(t);
            if (!quiet && User != null)
            {
                User.OnTransportError(t, nowMs);
            }
        }

        /// <summary>
        /// A request may go on when its source is listed, or AcceptFromAny / TLS lets strangers in and (for work
        /// that may start a transaction) the source's token bucket has a token. Sets _listed. No allocation.
        /// </summary>
        private bool Admit(SipSource s, bool work, long nowMs)
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

        /// <summary>Token bucket of host (milli-tokens), in a fixed table; a new host replaces the least recently seen.</summary>
        private bool TakeToken(string host, long nowMs)
        {
            int slot = -1;
            int oldest = 0;
            for (int i = 0; i < RateSlots; i++)
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

        /// <summary>
        /// A free server slot for a new request, or null: the server pool is full, or (unlisted sources) only the
        /// reserved slots are left; perSource when the unlisted source already holds MaxServerPerSource.
        /// </summary>
        private SipTransaction ServerSlot(SipSource s, out bool perSource)
        {
            perSource = false;
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
                perSource = true;
                return null;
            }

            return used < _pool.Length - _clients - ReservedServerSlots ? free : null;
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

        private static void Begin(SipTransaction t)
        {
            int gen = t.Generation + 1;
            t.Reset();
            t.Generation = gen;
            t.InUse = true;
        }

        private static void Terminate(SipTransaction t)
        {
            t.State = SipTransactionState.Terminated;
            t.InUse = false;
            t.RetransmitAt = SipTransaction.Off;
            t.TimeoutAt = SipTransaction.Off;
            t.EndAt = SipTransaction.Off;
            t.TryingAt = SipTransaction.Off;
            t.Request = null;
            t.Ack = null;
            t.LastResponse = null;
            t.Trying = null;
        }

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }

        private static byte[] Copy(byte[] data, int offset, int count)
        {
            byte[] c = new byte[count];
            System.Array.Copy(data, offset, c, 0, count);
            return c;
        }

        private static SipTransactionStatus Map(SipTransportStatus s)
        {
            switch (s)
            {
                case SipTransportStatus.Ok:
                    return SipTransactionStatus.Ok;
                case SipTransportStatus.BadArgument:
                    return SipTransactionStatus.BadArgument;
                default:
                    return SipTransactionStatus.TransportError;
            }
        }
    }
}
