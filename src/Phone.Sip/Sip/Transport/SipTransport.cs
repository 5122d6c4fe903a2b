namespace Phone.Sip.Transport
{
    /// <summary>
    /// The sans-I/O transport layer (RFC 3261 §18): a fixed table of stream connections, one framer each, UDP
    /// datagram parsing, CRLF keep-alive (RFC 5626 §4.4.1), the answers to STUN keep-alives (§4.4.2) and
    /// rport/received learning (RFC 3581 §4).
    /// Network effects are emitted as TransportActions in Actions; the adapter reports what happened through the
    /// On* methods. The adapter resolves host names itself (A record) before Connect and SendTo; a failed
    /// resolution is reported as OnConnectFailed or OnSendToFailed. No clock is read: every call carries nowMs.
    /// </summary>
    public sealed class SipTransport
    {
        /// <summary>RFC 5626 §4.4.1: CRLFCRLF ping on a stream flow.</summary>
        private static readonly byte[] Ping = new byte[] { 13, 10, 13, 10 };
        private static readonly byte[] Pong = new byte[] { 13, 10 };

        private readonly byte[] _stunRequest = new byte[StunMessage.HeaderLength];
        private readonly byte[] _stunTransaction = new byte[StunMessage.TransactionIdLength];
        private bool _stunPending;
        private readonly SipConnection[] _connections;
        private readonly TransportActionQueue _actions;
        private readonly SipMessage _rx = new SipMessage();
        private readonly SipVia _via = new SipVia();
        private readonly SipSource _source = new SipSource();
        private int _nextId = 1;

        public SipTransport(int maxConnections, int actionCapacity)
        {
            if (maxConnections < 1)
            {
                maxConnections = 1;
            }

            _connections = new SipConnection[maxConnections];
            for (int i = 0; i < maxConnections; i++)
            {
                _connections[i] = new SipConnection();
                _connections[i].Clear();
            }

            _actions = new TransportActionQueue(actionCapacity);
            KeepAliveIntervalMs = 120000;
            PongTimeoutMs = 10000;
            PublicPort = -1;
        }

        /// <summary>What the adapter must do next, oldest first.</summary>
        public TransportActionQueue Actions
        {
            get { return _actions; }
        }

        /// <summary>Receives parsed messages and connection events (the transaction layer).</summary>
        public ISipTransportSink Sink { get; set; }

        /// <summary>
        /// Interval between CRLFCRLF pings on an idle-or-not open stream flow (RFC 5626 §4.4.1 recommends 95–120 s
        /// for connection-oriented transports); 0 turns keep-alive off.
        /// </summary>
        public long KeepAliveIntervalMs { get; set; }

        /// <summary>
        /// Sets <see cref="KeepAliveIntervalMs"/> from now on: an open flow waiting longer than the new interval for its
        /// next ping gets it at nowMs + interval (a registrar's shorter Flow-Timer, RFC 5626 §4.4, takes effect at once);
        /// one waiting for a pong keeps its pong deadline.
        /// </summary>
        public void ChangeKeepAliveInterval(long intervalMs, long nowMs)
        {
            KeepAliveIntervalMs = intervalMs;
            long latest = intervalMs > 0 ? nowMs + intervalMs : long.MaxValue;
            for (int i = 0; i < _connections.Length; i++)
            {
                SipConnection c = _connections[i];
                if (c.State == SipConnectionState.Open && !c.AwaitingPong && (c.NextPingMs > latest || intervalMs <= 0))
                {
                    c.NextPingMs = latest;
                }
            }
        }

        /// <summary>How long to wait for the CRLF pong before the flow is declared dead (RFC 5626 §4.4.1: 10 s).</summary>
        public long PongTimeoutMs { get; set; }

        /// <summary>Our address as seen by the last server that answered (Via received, RFC 3261 §18.2.1); null until learned.</summary>
        public string PublicHost { get; private set; }

        /// <summary>Our port as seen by the server (Via rport, RFC 3581 §4); -1 until learned.</summary>
        public int PublicPort { get; private set; }

        /// <summary>How many times PublicHost/PublicPort changed (the TU re-registers its Contact when it moves).</summary>
        public int PublicAddressChanges { get; private set; }

        public int MaxConnections
        {
            get { return _connections.Length; }
        }

        /// <summary>Malformed datagrams and stream messages seen (diagnostics).</summary>
        public int MalformedCount { get; private set; }

        /// <summary>Flows closed because the CRLF pong did not come back in time.</summary>
        public int DeadFlows { get; private set; }

        /// <summary>Pongs sent to the peers' keep-alive pings (RFC 5626 §3.5.1).</summary>
        public int PongsSent { get; private set; }

        /// <summary>Pongs received for our pings (RFC 5626 §4.4.1; diagnostics).</summary>
        public int PongsReceived { get; private set; }

        /// <summary>Answers to our STUN keep-alives (RFC 5626 §4.4.2) that matched the outstanding request.</summary>
        public int StunAnswers { get; private set; }

        /// <summary>
        /// Sends a STUN Binding request (RFC 5626 §4.4.2 keep-alive) on the UDP socket to host:port; a response to
        /// this transactionId (12 random bytes, copied) counts in <see cref="StunAnswers"/> and its mapped address
        /// becomes <see cref="PublicHost"/>/<see cref="PublicPort"/>. Only the latest request is recognised.
        /// </summary>
        public SipTransportStatus SendStunBinding(string host, int port, byte[] transactionId)
        {
            if (transactionId == null || transactionId.Length != StunMessage.TransactionIdLength)
            {
                return SipTransportStatus.BadArgument;
            }

            for (int i = 0; i < StunMessage.TransactionIdLength; i++)
            {
                _stunTransaction[i] = transactionId[i];
            }

            _stunPending = true;
            int n = StunMessage.WriteBindingRequest(_stunRequest, 0, _stunTransaction);
            return SendTo(host, port, _stunRequest, 0, n);
        }

        /// <summary>Connection slot i (for diagnostics); its Id is 0 when free.</summary>
        public SipConnection ConnectionAt(int i)
        {
            return i >= 0 && i < _connections.Length ? _connections[i] : null;
        }

        /// <summary>The connection with this id, or null.</summary>
        public SipConnection Find(int connectionId)
        {
            if (connectionId <= 0)
            {
                return null;
            }

            for (int i = 0; i < _connections.Length; i++)
            {
                if (_connections[i].Id == connectionId)
                {
                    return _connections[i];
                }
            }

            return null;
        }

        /// <summary>
        /// The id of the open or opening stream connection for exactly (transport, host, port, serverName), emitting
        /// Connect when a new slot is taken. serverName defaults to host and is only ever matched exactly, so a
        /// connection is never shared between server names (CVE-2020-15260). Returns 0 with the reason in status
        /// when no slot is free or the arguments are bad (Udp has no connections).
        /// </summary>
        public int Acquire(SipTransportKind transport, string host, int port, string serverName, long nowMs, out SipTransportStatus status)
        {
            if (transport == SipTransportKind.Udp || host == null || host.Length == 0 || port <= 0 || port > 65535)
            {
                status = SipTransportStatus.BadArgument;
                return 0;
            }

            string h = host.ToLower();
            string sn = serverName == null || serverName.Length == 0 ? h : serverName.ToLower();
            SipConnection free = null;
            for (int i = 0; i < _connections.Length; i++)
            {
                SipConnection c = _connections[i];
                if (c.Matches(transport, h, port, sn))
                {
                    status = SipTransportStatus.Ok;
                    return c.Id;
                }

                if (free == null && c.State == SipConnectionState.Free)
                {
                    free = c;
                }
            }

            if (free == null)
            {
                status = SipTransportStatus.ConnectionTableFull;
                return 0;
            }

            int id = _nextId++;
            if (!_actions.Add(TransportActionKind.Connect, id, transport, h, port, sn, null, 0, 0))
            {
                status = SipTransportStatus.QueueFull;
                return 0;
            }

            free.Clear();
            free.Id = id;
            free.State = SipConnectionState.Connecting;
            free.Transport = transport;
            free.Host = h;
            free.Port = port;
            free.ServerName = sn;
            status = SipTransportStatus.Ok;
            return id;
        }

        /// <summary>True when the connection exists and is open for Send.</summary>
        public bool IsOpen(int connectionId)
        {
            SipConnection c = Find(connectionId);
            return c != null && c.State == SipConnectionState.Open;
        }

        /// <summary>Queues data[offset..offset+count) for the open stream connection. data must stay unchanged.</summary>
        public SipTransportStatus Send(int connectionId, byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length)
            {
                return SipTransportStatus.BadArgument;
            }

            SipConnection c = Find(connectionId);
            if (c == null || c.State != SipConnectionState.Open)
            {
                return SipTransportStatus.NotConnected;
            }

            return _actions.Add(TransportActionKind.Send, c.Id, c.Transport, c.Host, c.Port, c.ServerName, data, offset, count)
                ? SipTransportStatus.Ok
                : SipTransportStatus.QueueFull;
        }

        /// <summary>Queues one UDP datagram to host:port. data must stay unchanged.</summary>
        public SipTransportStatus SendTo(string host, int port, byte[] data, int offset, int count)
        {
            if (host == null || host.Length == 0 || port <= 0 || port > 65535 || data == null || offset < 0 || count < 0 ||
                offset + count > data.Length)
            {
                return SipTransportStatus.BadArgument;
            }

            return _actions.Add(TransportActionKind.SendTo, 0, SipTransportKind.Udp, host, port, null, data, offset, count)
                ? SipTransportStatus.Ok
                : SipTransportStatus.QueueFull;
        }

        /// <summary>Closes the connection at the core's wish (emits Close; the sink is not told).</summary>
        public void Close(int connectionId)
        {
            SipConnection c = Find(connectionId);
            if (c == null)
            {
                return;
            }

            _actions.Add(TransportActionKind.Close, c.Id, c.Transport, c.Host, c.Port, c.ServerName, null, 0, 0);
            c.Clear();
        }

        // ---- events from the adapter ----

        /// <summary>A UDP datagram arrived from remoteHost:remotePort (RFC 3261 §18.1.2, §18.2.1).</summary>
        public void OnDatagram(byte[] data, int offset, int count, string remoteHost, int remotePort, long nowMs)
        {
            if (data == null || offset < 0 || count <= 0 || offset + count > data.Length)
            {
                return;
            }

            if (StunMessage.IsStun(data, offset, count))
            {
                // RFC 5626 §4.4.2 / RFC 7983: STUN shares the SIP socket; only the answer to our keep-alive is taken.
                OnStun(data, offset, count);
                return;
            }

            // A lone CRLF keep-alive on UDP carries no message (RFC 5626 §4.4.2 uses STUN there; CRLF is tolerated).
            bool blank = true;
            for (int i = offset; i < offset + count && blank; i++)
            {
                blank = data[i] == 13 || data[i] == 10;
            }

            if (blank)
            {
                return;
            }

            _source.Set(0, SipTransportKind.Udp, remoteHost, remotePort);
            SipError e = SipParser.Parse(data, offset, count, false, _rx);
            if (e == SipError.Ok)
            {
                Deliver(nowMs);
                return;
            }

            // A complete head (HeadLength > 0) is handed on even after a start-line, Content-Length or size error,
            // so that the request can be answered (RFC 3261 §8.2.6, §18.3, §21.4-21.5).
            MalformedCount++;
            SipParser.ParseHead(data, offset, count, _rx);
            if (Sink != null)
            {
                Sink.OnMalformed(_rx.HeadLength > 0 ? _rx : null, e, _source, nowMs);
            }
        }

        /// <summary>The connection requested by Connect is established (TLS: handshake and verification done).</summary>
        public void OnConnected(int connectionId, long nowMs)
        {
            SipConnection c = Find(connectionId);
            if (c == null || c.State != SipConnectionState.Connecting)
            {
                return;
            }

            c.State = SipConnectionState.Open;
            c.NextPingMs = KeepAliveIntervalMs > 0 ? nowMs + KeepAliveIntervalMs : long.MaxValue;
            c.PongDeadlineMs = long.MaxValue;
            if (Sink != null)
            {
                Sink.OnConnectionOpen(connectionId, nowMs);
            }
        }

        /// <summary>Connect failed (resolution, refusal, TLS verification). No fallback to another transport is tried.</summary>
        public void OnConnectFailed(int connectionId, string reason, long nowMs)
        {
            Fail(connectionId, false, nowMs);
        }

        /// <summary>The peer closed the connection or it broke.</summary>
        public void OnConnectionClosed(int connectionId, string reason, long nowMs)
        {
            Fail(connectionId, false, nowMs);
        }

        /// <summary>A Send on the connection could not be completed: the connection is given up.</summary>
        public void OnSendFailed(int connectionId, string reason, long nowMs)
        {
            Fail(connectionId, true, nowMs);
        }

        /// <summary>A SendTo datagram could not be sent (resolution failed, no route, ICMP error).</summary>
        public void OnSendToFailed(string host, int port, string reason, long nowMs)
        {
            if (Sink != null)
            {
                Sink.OnDatagramFailed(host, port, nowMs);
            }
        }

        /// <summary>
        /// Bytes read from a stream connection, in any chunking. Messages are cut by the connection's framer
        /// (RFC 3261 §18.3); a CRLF at a message boundary while a ping is outstanding is the pong (RFC 5626 §4.4.1).
        /// </summary>
        public void OnStreamData(int connectionId, byte[] data, int offset, int count, long nowMs)
        {
            SipConnection c = Find(connectionId);
            if (c == null || c.State != SipConnectionState.Open || data == null || offset < 0 || count <= 0 ||
                offset + count > data.Length)
            {
                return;
            }

            if (c.AwaitingPong && c.Framer.Pending == 0 && data[offset] == 13 && count >= 2 && data[offset + 1] == 10)
            {
                PongsReceived++;
                c.PongDeadlineMs = long.MaxValue;
                c.NextPingMs = KeepAliveIntervalMs > 0 ? nowMs + KeepAliveIntervalMs : long.MaxValue;
            }

            if (c.Framer.Pending == 0 && count >= 4 && data[offset] == 13 && data[offset + 1] == 10 && data[offset + 2] == 13 &&
                data[offset + 3] == 10)
            {
                // RFC 5626 §3.5.1: a double CRLF at a message boundary is the peer's ping; the single CRLF pong keeps its
                // flow alive (on a call straight to the phone the phone is the peer's server).
                PongsSent++;
                _actions.Add(TransportActionKind.Send, c.Id, c.Transport, c.Host, c.Port, c.ServerName, Pong, 0, Pong.Length);
            }

            int id = c.Id;
            while (count > 0)
            {
                int taken = c.Framer.Feed(data, offset, count);
                offset += taken;
                count -= taken;
                while (true)
                {
                    _source.Set(id, c.Transport, c.Host, c.Port);
                    SipError e = c.Framer.Next(_rx);
                    if (e == SipError.Incomplete)
                    {
                        break;
                    }

                    if (e == SipError.Ok)
                    {
                        Deliver(nowMs);
                    }
                    else
                    {
                        MalformedCount++;
                        bool broken = c.Framer.Broken;
                        if (Sink != null)
                        {
                            // Answered first (its head is complete), closed after when the stream is broken.
                            Sink.OnMalformed(_rx.HeadLength > 0 ? _rx : null, e, _source, nowMs);
                        }

                        if (broken)
                        {
                            // RFC 3261 §18.3: a stream that cannot be framed is closed.
                            Close(id);
                            if (Sink != null)
                            {
                                Sink.OnConnectionFailed(id, nowMs);
                            }

                            return;
                        }
                    }

                    // The sink may have closed the connection while handling the message.
                    if (c.Id != id)
                    {
                        return;
                    }
                }

                if (taken == 0 && count > 0)
                {
                    // Framer full without a complete message: cannot happen below MaxMessageSize; give up safely.
                    Close(id);
                    if (Sink != null)
                    {
                        Sink.OnConnectionFailed(id, nowMs);
                    }

                    return;
                }
            }
        }

        // ---- clock ----

        /// <summary>The earliest keep-alive deadline (ping due or pong overdue); long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long next = long.MaxValue;
                for (int i = 0; i < _connections.Length; i++)
                {
                    SipConnection c = _connections[i];
                    if (c.State != SipConnectionState.Open)
                    {
                        continue;
                    }

                    long d = c.AwaitingPong ? c.PongDeadlineMs : c.NextPingMs;
                    if (d < next)
                    {
                        next = d;
                    }
                }

                return next;
            }
        }

        /// <summary>Runs keep-alive: sends due pings, declares flows without a pong dead (RFC 5626 §4.4.1).</summary>
        public void AdvanceTo(long nowMs)
        {
            for (int i = 0; i < _connections.Length; i++)
            {
                SipConnection c = _connections[i];
                if (c.State != SipConnectionState.Open)
                {
                    continue;
                }

                if (c.AwaitingPong)
                {
                    if (nowMs >= c.PongDeadlineMs)
                    {
                        int id = c.Id;
                        DeadFlows++;
                        Close(id);
                        if (Sink != null)
                        {
                            Sink.OnConnectionFailed(id, nowMs);
                        }
                    }
                }
                else if (nowMs >= c.NextPingMs)
                {
                    if (_actions.Add(TransportActionKind.Send, c.Id, c.Transport, c.Host, c.Port, c.ServerName, Ping, 0, Ping.Length))
                    {
                        c.PongDeadlineMs = nowMs + PongTimeoutMs;
                    }
                }
            }
        }

        private void Fail(int connectionId, bool close, long nowMs)
        {
            SipConnection c = Find(connectionId);
            if (c == null)
            {
                return;
            }

            if (close)
            {
                Close(connectionId);
            }
            else
            {
                c.Clear();
            }

            if (Sink != null)
            {
                Sink.OnConnectionFailed(connectionId, nowMs);
            }
        }

        private void Deliver(long nowMs)
        {
            if (!_rx.IsRequest)
            {
                Learn();
            }

            if (Sink != null)
            {
                Sink.OnMessage(_rx, _source, nowMs);
            }
        }

        /// <summary>
        /// The answer to our STUN keep-alive: its mapped address is where the server sees us, like Via received/rport
        /// (RFC 5626 §4.4.2: a change means the NAT's mapping moved, which the TU answers by registering again).
        /// </summary>
        private void OnStun(byte[] data, int offset, int count)
        {
            string host;
            int port;
            if (!_stunPending || !StunMessage.ReadBindingSuccess(data, offset, count, _stunTransaction, out host, out port))
            {
                return;
            }

            _stunPending = false;
            StunAnswers++;
            if (host != PublicHost || port != PublicPort)
            {
                PublicHost = host;
                PublicPort = port;
                PublicAddressChanges++;
            }
        }

        /// <summary>RFC 3581 §4 / RFC 3261 §18.2.1: received and rport in the top Via of a response tell our public address.</summary>
        private void Learn()
        {
            if (_rx.GetVia(0, _via) != SipError.Ok)
            {
                return;
            }

            string host = _via.Received;
            int port = _via.Rport;
            if (host == null && port <= 0)
            {
                return;
            }

            if (host == null)
            {
                host = PublicHost == null ? _via.Host : PublicHost;
            }

            if (port <= 0)
            {
                port = PublicPort > 0 ? PublicPort : _via.Port;
            }

            if (host != PublicHost || port != PublicPort)
            {
                PublicHost = host;
                PublicPort = port;
                PublicAddressChanges++;
            }
        }
    }
}
