using Phone.Sip.Transport;
using Phone.Crypto;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The transaction layer of RFC 3261 §17 over the sans-I/O SipTransport: a fixed pool of client and server
    /// transactions and the routing between the transport and the TU. The parts: SipClientTransactions (§17.1,
    /// timers A, B, D, E, F, K, RFC 6026 M), SipServerTransactions (§17.2, 100 Trying, timers G, H, I, J, RFC 6026
    /// L), SipTransactionMatcher (§17.1.3, §17.2.3), SipSourceFilter (who may start server transactions); each
    /// transaction's armed SipTimer sits in its SipTimerTable. Drive it with AdvanceTo(nowMs) at NextDeadlineMs;
    /// it never reads a clock and never throws on bad input.
    /// </summary>
    public sealed class SipTransactionLayer : ISipTransportSink
    {
        /// <summary>Requests and responses from addresses we name (registrar, outbound proxy): bound of that table.</summary>
        public const int MaxAllowedSources = 8;

        /// <summary>Sources whose token buckets are kept at once (the least recently seen is replaced).</summary>
        public const int RateSlots = 16;

        // Shared by the parts, one call at a time: the pool (client slots first) and the working objects of a message.
        internal readonly SipTransaction[] Pool;
        internal readonly SipMessage Scratch = new SipMessage();
        internal readonly SipVia Via = new SipVia();
        internal readonly SipCSeq CSeq = new SipCSeq();
        internal readonly SipNameAddr Addr = new SipNameAddr();
        internal readonly SipMessageWriter Writer = new SipMessageWriter();
        internal readonly byte[] Work = new byte[SipLimits.MaxMessageSize];

        private readonly SipTransport _transport;
        private readonly IEntropySource _entropy;
        private readonly SipTimerSettings _timers;
        private readonly int _clients;
        private readonly SipTransactionMatcher _matcher;
        private readonly SipClientTransactions _client;
        private readonly SipServerTransactions _server;
        private readonly SipSourceFilter _sources;

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
            Pool = new SipTransaction[maxTransactions];
            for (int i = 0; i < maxTransactions; i++)
            {
                Pool[i] = new SipTransaction();
                Pool[i].Reset();
                Pool[i].State = SipTransactionState.Terminated;
            }

            _matcher = new SipTransactionMatcher(Pool, _clients, Via, CSeq, Addr);
            _client = new SipClientTransactions(this);
            _server = new SipServerTransactions(this, _matcher);
            _sources = new SipSourceFilter(Pool, _clients);
            if (_transport != null)
            {
                _transport.Sink = this;
            }

            LocalHost = "0.0.0.0";
            CheckSentBy = true;
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
            get { return Pool.Length; }
        }

        public int MaxClientTransactions
        {
            get { return _clients; }
        }

        public int MaxServerTransactions
        {
            get { return Pool.Length - _clients; }
        }

        // ---------------------------------------------------------------- who may send us requests (SipSourceFilter)

        /// <summary>
        /// Take requests over UDP and TCP from any address (true, the layer's default), or only from the sources
        /// named with AllowSource (the phone sets it from sip.accept_from_any, default false). Requests over TLS are
        /// never filtered: they come on our verified flow to the registrar or on a TLS listener opened on purpose.
        /// A refused request is dropped unanswered (answering a stranger is reflection and fingerprinting) and counted
        /// in ForeignRequests.
        /// </summary>
        public bool AcceptFromAny
        {
            get { return _sources.AcceptFromAny; }
            set { _sources.AcceptFromAny = value; }
        }

        /// <summary>
        /// Names a source we take requests from (the registrar, the outbound proxy): a host as the adapter reports it
        /// (an IPv4 address for datagrams, the connection's host for streams) and a port, 0 for any. Streams match on
        /// the host alone (their source cannot be forged). Returns false when the table (MaxAllowedSources) is full.
        /// Listed sources are not rate limited and may use ReservedServerSlots.
        /// </summary>
        public bool AllowSource(string host, int port)
        {
            return _sources.Allow(host, port);
        }

        /// <summary>
        /// The adapter resolved host (a name given in Connect / SendTo) to address: when host is a listed source,
        /// address is listed too, with the same port (datagrams come from the address, not the name).
        /// </summary>
        public void NoteResolved(string host, string address)
        {
            _sources.NoteResolved(host, address);
        }

        /// <summary>True when requests from host (any port, as for streams) would be taken: AcceptFromAny or listed.</summary>
        public bool Accepts(string host)
        {
            return _sources.Accepts(host);
        }

        /// <summary>Listed sources (diagnostics).</summary>
        public int AllowedSourceCount
        {
            get { return _sources.AllowedCount; }
        }

        /// <summary>
        /// Server slots kept for listed sources: requests from other addresses find the server pool full this much
        /// earlier, so a flood from strangers never takes the slot a BYE or re-INVITE from our proxy needs. Default 0.
        /// </summary>
        public int ReservedServerSlots
        {
            get { return _sources.ReservedServerSlots; }
            set { _sources.ReservedServerSlots = value; }
        }

        /// <summary>Server transactions one unlisted source address may hold at once (0: no bound, the default).</summary>
        public int MaxServerPerSource
        {
            get { return _sources.MaxServerPerSource; }
            set { _sources.MaxServerPerSource = value; }
        }

        /// <summary>
        /// Token bucket per unlisted source address (all its ports): SourceBurst requests at once, refilled at
        /// SourceRatePerSecond. 0 (the default) switches the rate limit off. A request over the rate is dropped.
        /// </summary>
        public int SourceBurst
        {
            get { return _sources.SourceBurst; }
            set { _sources.SourceBurst = value; }
        }

        public int SourceRatePerSecond
        {
            get { return _sources.SourceRatePerSecond; }
            set { _sources.SourceRatePerSecond = value; }
        }

        /// <summary>
        /// The phone's limits (PhoneCore, the host endpoint): AcceptFromAny as nf.config sip.accept_from_any says; a
        /// quarter of the server pool (at least 2) kept for listed sources; an unlisted address holds at most a quarter
        /// of it, and starts at most 8 requests at once and 2 per second after.
        /// </summary>
        public void UsePhoneLimits(bool acceptFromAny)
        {
            _sources.UsePhoneLimits(acceptFromAny);
        }

        /// <summary>Requests dropped because their source is not listed and AcceptFromAny is false.</summary>
        public int ForeignRequests
        {
            get { return _sources.ForeignRequests; }
        }

        /// <summary>Requests dropped because their source was over its rate or held MaxServerPerSource transactions.</summary>
        public int RateLimited
        {
            get { return _sources.RateLimited; }
        }

        // ---------------------------------------------------------------- diagnostics

        /// <summary>Transactions not yet terminated.</summary>
        public int ActiveCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < Pool.Length; i++)
                {
                    if (Pool[i].InUse) n++;
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
            return i >= 0 && i < Pool.Length ? Pool[i] : null;
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

        // ---------------------------------------------------------------- from the TU

        /// <summary>
        /// Starts a client transaction (SipClientTransactions) for request[offset..offset+count) (a complete request
        /// with our Via and a z9hG4bK branch on top; not ACK) to host:port over transport. For Tcp/Tls the
        /// connection keyed by (transport, host, port, serverName) is reused or opened; the request leaves when it
        /// is open. There is never a fallback to another transport.
        /// </summary>
        public SipTransactionStatus SendRequest(byte[] request, int offset, int count, SipTransportKind transport, string host,
            int port, string serverName, long nowMs, out SipTransaction tx)
        {
            return _client.Start(request, offset, count, transport, host, port, serverName, nowMs, out tx);
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

        /// <summary>
        /// Sends response[offset..offset+count) for a server transaction and moves its state machine
        /// (SipServerTransactions; RFC 3261 §17.2.1, §17.2.2). Over UDP the response goes to the request's source
        /// address and, with rport, its source port (RFC 3581 §4; RFC 3261 §18.2.2); over streams on the
        /// request's connection.
        /// </summary>
        public SipTransactionStatus SendResponse(SipTransaction tx, byte[] response, int offset, int count, long nowMs)
        {
            return _server.Respond(tx, response, offset, count, nowMs);
        }

        /// <summary>
        /// Sends a response to a request outside any transaction (stateless, RFC 3261 §8.2.7 / §18.2.2): on the
        /// request's connection, or by UDP to its source address (source port with rport, else sent-by port or 5060).
        /// </summary>
        public SipTransactionStatus SendStatelessResponse(SipMessage request, SipSource source, byte[] response, int offset, int count)
        {
            return _server.RespondStateless(request, source, response, offset, count);
        }

        // ---------------------------------------------------------------- clock

        /// <summary>The earliest timer of any transaction or of the transport; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = _transport == null ? SipTimerTable.Off : _transport.NextDeadlineMs;
                for (int i = 0; i < Pool.Length; i++)
                {
                    long d = Pool[i].NextDeadlineMs;
                    if (d < next)
                    {
                        next = d;
                    }
                }

                return next;
            }
        }

        /// <summary>
        /// Fires every timer due at or before nowMs, in time order per transaction, then the transport's
        /// keep-alive. A timer fires at its own deadline, so a retransmission timer re-armed from it keeps exact
        /// multiples however late this call comes.
        /// </summary>
        public void AdvanceTo(long nowMs)
        {
            for (int i = 0; i < Pool.Length; i++)
            {
                SipTransaction t = Pool[i];
                int gen = t.Generation;
                while (t.InUse && t.Generation == gen)
                {
                    long d = t.NextDeadlineMs;
                    if (d > nowMs)
                    {
                        break;
                    }

                    SipTimer timer = t.Timers.NextTimer;
                    t.Timers.Stop(timer);
                    if (t.IsClient)
                    {
                        _client.Fire(t, timer, d);
                    }
                    else
                    {
                        _server.Fire(t, timer, d);
                    }
                }
            }

            if (_transport != null)
            {
                _transport.AdvanceTo(nowMs);
            }
        }

        // ---------------------------------------------------------------- from the transport

        public void OnMessage(SipMessage message, SipSource source, long nowMs)
        {
            if (message.GetVia(0, Via) != SipError.Ok || message.GetCSeq(CSeq) != SipError.Ok)
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
            if ((head != null && !head.IsRequest) || !_sources.Admit(source, true, nowMs))
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
            for (int i = 0; i < _clients; i++)
            {
                SipTransaction t = Pool[i];
                if (t.InUse && t.WaitingForConnection && t.ConnectionId == connectionId)
                {
                    t.WaitingForConnection = false;
                    _client.Transmit(t, t.Request);
                }
            }
        }

        public void OnConnectionFailed(int connectionId, long nowMs)
        {
            for (int i = 0; i < Pool.Length; i++)
            {
                SipTransaction t = Pool[i];
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
            for (int i = 0; i < Pool.Length; i++)
            {
                SipTransaction t = Pool[i];
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

        /// <summary>A response (top Via and CSeq read into Via, CSeq): to the client transaction it matches.</summary>
        private void OnResponse(SipMessage m, long nowMs)
        {
            // RFC 3261 §18.1.2: a response whose sent-by is not ours is silently discarded.
            if (CheckSentBy && !_matcher.SentByIs(LocalHost, LocalPort))
            {
                ForeignResponses++;
                return;
            }

            SipTransaction t = _matcher.MatchResponse(Via.Branch, CSeq.Method);
            if (t == null)
            {
                StrayResponses++;
                return;
            }

            _client.Receive(t, m, nowMs);
        }

        /// <summary>A request: past the source filter, to the server transaction it matches or a new one.</summary>
        private void OnRequest(SipMessage m, SipSource source, long nowMs)
        {
            bool ack = m.IsMethod("ACK");
            if (!_sources.Admit(source, !ack, nowMs))
            {
                return;
            }

            SipTransaction t = _matcher.MatchRequest(m, ack ? "INVITE" : m.Method, ack);
            if (ack)
            {
                if (t == null)
                {
                    // The ACK for a 2xx is its own transaction-less request (§17.2.3, §13.3.1.4).
                    if (User != null)
                    {
                        User.OnRequest(null, m, source, nowMs);
                    }
                }
                else if (!_server.OnAck(t, m, source, nowMs))
                {
                    AbsorbedRequests++;
                }

                return;
            }

            if (t != null)
            {
                AbsorbedRequests++;
                _server.OnRetransmission(t);
                return;
            }

            bool refused;
            t = _sources.ServerSlot(source, out refused);
            if (refused)
            {
                return;
            }

            if (t == null)
            {
                // RFC 3261 §21.5.4: busy for now, come back later. Bounded by the source's rate.
                TableFullRejects++;
                _server.RejectBusy(m, source);
                return;
            }

            _server.Start(t, m, source, nowMs);
            if (User != null)
            {
                User.OnRequest(t, m, source, nowMs);
            }
        }

        private void TransportError(SipTransaction t, long nowMs)
        {
            // §17.1.4 / §17.2.4: inform the TU unless the transaction had already finished its work.
            bool quiet = (t.IsClient && (t.State == SipTransactionState.Completed || t.State == SipTransactionState.Accepted)) ||
                         t.State == SipTransactionState.Confirmed;
            t.Terminate();
            if (!quiet && User != null)
            {
                User.OnTransportError(t, nowMs);
            }
        }

        internal static byte[] Copy(byte[] data, int offset, int count)
        {
            byte[] c = new byte[count];
            System.Array.Copy(data, offset, c, 0, count);
            return c;
        }

        internal static SipTransactionStatus Map(SipTransportStatus s)
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
