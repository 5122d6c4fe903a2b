using Phone.Sdes;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Crypto;

namespace Phone.Sip.Registration
{
    /// <summary>
    /// The REGISTER user agent client of RFC 3261 §10.2, sans-I/O over SipTransactionLayer: one binding for the
    /// account of nf.config [sip], with a constant Call-ID and From tag, CSeq incrementing by one per request
    /// (§10.2), a fresh branch per request (§8.1.1.7), Contact with ;transport= and +sip.instance
    /// (RFC 5626 §4.1), digest authentication for 401 and 407 (§22.2, §22.3) answered once per challenge
    /// (a wrong password fails instead of looping), 423 Interval Too Brief retried with Min-Expires (§10.2.8),
    /// a refresh before the granted lifetime runs out (§10.2.1 / §10.2.4), RFC 5626 §4.5 backoff after failures
    /// and flow failures, and removal with Expires: 0 on Shutdown (§10.2.2). No clock is read: pass nowMs,
    /// drive AdvanceTo at NextDeadlineMs. Bad input never throws; the password is never logged or reported.
    /// Requests that are not responses to our REGISTERs are not handled here (the caller routes them).
    /// </summary>
    public sealed class SipRegistration
    {
        private const long Off = long.MaxValue;

        /// <summary>Retry delay of a refresh refused locally because every transaction slot was busy.</summary>
        private const long BusyRetryMs = 1000;

        private readonly SipTransactionLayer _layer;
        private readonly IEntropySource _entropy;
        private readonly DigestAuthenticator _auth;
        private readonly DigestRealmPolicy _realms;
        private readonly SipRegistrationTimers _timers;
        private readonly SipMessageWriter _writer = new SipMessageWriter();
        private readonly byte[] _buffer = new byte[SipLimits.MaxMessageSize];
        private readonly SipContact _contact = new SipContact();
        private readonly string[] _challenges = new string[8];

        private readonly string _aor;
        private readonly string _requestUri;
        private readonly string _fromValue;
        private readonly string _toValue;
        private readonly string _instance;
        private readonly string _route;
        private readonly string _callId;
        private readonly string _fromTag;
        private readonly SipTransportKind _transport;
        private readonly string _hopHost;
        private readonly int _hopPort;

        private int _cseq;
        private int _configuredExpires;
        private int _requestExpires;
        private SipTransaction _tx;
        private int _txGeneration;
        private bool _txIsRemoval;
        private int _connectionId;
        private int _intervalRetries;
        private int _failures;
        private long _timerAt = Off;
        private bool _bound;
        private bool _shuttingDown;
        private bool _started;
        private string _transportReason;

        // RFC 3581 §4 on UDP: the host:port our Contact names in the REGISTER in flight, the one the registrar holds,
        // and how many times in a row a 2xx showed our address had moved (MaxContactMoves bounds the re-registrations).
        private string _sentContact;
        private string _boundContact;
        private int _contactMoves;

        /// <summary>Re-registrations in a row for a moved public address before the phone keeps what it has.</summary>
        private const int MaxContactMoves = 3;

        // Keep-alive of the NAT binding on UDP (see UdpKeepAliveMs), and the transport's count of STUN answers
        // already looked at (an answer showing a moved mapping makes the phone register again).
        private readonly SipKeepAlive _keepAlive;
        private int _seenStunAnswers;
        private long _configuredUdpKeepAliveMs;

        // RFC 5626 outbound: what the REGISTER offers and the registrar granted; while a Flow-Timer rules the TCP/TLS
        // ping, the transport's interval from before it (-1: not overridden).
        private readonly SipOutbound _outbound;
        private long _savedStreamPingMs = -1;

        /// <param name="layer">the transaction layer; its LocalHost/LocalPort fill Via and Contact.</param>
        /// <param name="sip">the validated nf.config [sip] section (registrar, user, auth user, password, transport, port, proxy, expiry).</param>
        /// <param name="instanceId">the device's stable instance id: a UUID (made into urn:uuid:…) or a full URN (RFC 5626 §4.1).</param>
        /// <param name="entropy">random bytes for Call-ID, tags, cnonces and backoff jitter.</param>
        /// <param name="timers">refresh and backoff timing; null for the RFC defaults.</param>
        public SipRegistration(SipTransactionLayer layer, SipSettings sip, string instanceId, IEntropySource entropy,
            SipRegistrationTimers timers)
        {
            _layer = layer;
            _entropy = entropy;
            _timers = timers == null ? new SipRegistrationTimers() : timers;
            _auth = new DigestAuthenticator(entropy);
            if (sip == null)
            {
                sip = new SipSettings();
            }

            _auth.AddCredentials(DigestCredentials.FromSettings(sip));
            // The registrar / outbound proxy is the one server we are configured to trust: the realms it challenges
            // REGISTER with are the only ones our calls may answer (sip.realm pins one instead).
            _realms = DigestRealmPolicy.FromSettings(sip);
            _auth.Policy = _realms;
            _auth.LearnsRealms = true;
            string domain = SipUriText.Nz(sip.Domain, sip.Registrar);
            string registrar = SipUriText.Nz(sip.Registrar, domain);
            _transport = sip.Transport;
            _aor = "sip:" + SipUriText.Nz(sip.User, "") + "@" + domain;
            // RFC 3261 §10.2: the Request-URI names the domain of the location service.
            _requestUri = "sip:" + domain;
            string display = sip.DisplayName == null || sip.DisplayName.Length == 0 ? "" : SipUriText.Quote(sip.DisplayName) + " ";
            _toValue = display + "<" + _aor + ">";
            _instance = InstanceUrn(instanceId);
            _callId = SipRandom.Hex(_entropy, 16);
            _fromTag = SipRandom.Hex(_entropy, 8);
            _fromValue = _toValue + ";tag=" + _fromTag;
            _configuredExpires = sip.RegisterExpiry > 0 ? sip.RegisterExpiry : 3600;
            _keepAlive = new SipKeepAlive(entropy);
            _outbound = new SipOutbound(sip.Outbound);
            UdpKeepAliveMs = sip.KeepAliveSeconds >= 0 ? sip.KeepAliveSeconds * 1000L : DefaultUdpKeepAliveMs;
            _requestExpires = _configuredExpires;

            // RFC 3261 §8.1.2: with an outbound proxy it is the first hop and is named in a loose Route.
            string hop = sip.OutboundProxy != null && sip.OutboundProxy.Length > 0 ? sip.OutboundProxy : registrar;
            int port;
            string host;
            SplitHostPort(hop, out host, out port);
            _hopHost = host;
            _hopPort = port > 0 ? port : (sip.Port > 0 ? sip.Port : (_transport == SipTransportKind.Tls ? 5061 : 5060));
            if (sip.OutboundProxy != null && sip.OutboundProxy.Length > 0)
            {
                _route = "<sip:" + _hopHost + ":" + _hopPort.ToString() + SipUriText.TransportParam(_transport) + ";lr>";
            }

            // The servers we are configured to talk to are the sources the layer takes requests from (addresses
            // learnt as the adapter resolves them, SipTransactionLayer.NoteResolved).
            if (layer != null)
            {
                layer.AllowSource(_hopHost, _hopPort);
                SplitHostPort(registrar, out host, out port);
                layer.AllowSource(host, port > 0 ? port : (sip.Port > 0 ? sip.Port : _hopPort));
            }
        }

        /// <summary>Receives every state change; may be null.</summary>
        public ISipRegistrationListener Listener { get; set; }

        /// <summary>The registration state as last reported.</summary>
        public RegistrationState State { get; private set; }

        /// <summary>The lifetime the registrar granted in the last 2xx, in seconds; 0 when not registered.</summary>
        public int GrantedExpires { get; private set; }

        /// <summary>The Expires the next REGISTER asks for (raised by 423 Min-Expires).</summary>
        public int RequestedExpires
        {
            get { return _requestExpires; }
        }

        public string CallId
        {
            get { return _callId; }
        }

        /// <summary>The CSeq number of the last REGISTER sent.</summary>
        public int CSeq
        {
            get { return _cseq; }
        }

        /// <summary>Consecutive failures (RFC 5626 §4.5); 0 after a success.</summary>
        public int ConsecutiveFailures
        {
            get { return _failures; }
        }

        /// <summary>
        /// Set by an owner of several flows when another flow is still registered: the backoff base becomes
        /// SomeOkBaseMs (RFC 5626 §4.5). A single-flow phone leaves it false.
        /// </summary>
        public bool OtherFlowsOk { get; set; }

        /// <summary>The connection our REGISTERs use (0 for UDP or before the first send).</summary>
        public int ConnectionId
        {
            get { return _connectionId; }
        }

        /// <summary>Where REGISTER goes: the outbound proxy, else the registrar.</summary>
        public string FirstHopHost
        {
            get { return _hopHost; }
        }

        public int FirstHopPort
        {
            get { return _hopPort; }
        }

        public SipTransportKind Transport
        {
            get { return _transport; }
        }

        /// <summary>The digest state (one session per realm), for diagnostics.</summary>
        public DigestAuthenticator Authenticator
        {
            get { return _auth; }
        }

        /// <summary>
        /// The realms learned from the registrar's challenges (or sip.realm) and the downgrade and qop rules; hand it
        /// to SipCallAgent.Realms so calls answer challenges of these realms only.
        /// </summary>
        public DigestRealmPolicy Realms
        {
            get { return _realms; }
        }

        /// <summary>
        /// While registered over UDP, how often a keep-alive goes to the first hop so a NAT on the way keeps our binding
        /// open for the registrar's requests (UDP mappings commonly expire after 30 s or more): a STUN Binding request
        /// (RFC 5626 §4.4.2) while the hop answers them, else CRLFCRLF (<see cref="SipKeepAlive"/>). 0 turns
        /// keep-alive off. From sip.keepalive_s; default 25 s.
        /// </summary>
        public long UdpKeepAliveMs
        {
            get { return _keepAlive.IntervalMs; }
            set
            {
                _configuredUdpKeepAliveMs = value;
                if (_outbound == null || _outbound.FlowTimerSeconds == 0)
                {
                    _keepAlive.IntervalMs = value;
                }
            }
        }

        /// <summary>The registrar accepted our flow as an RFC 5626 outbound flow (its last 2xx required outbound).</summary>
        public bool OutboundActive
        {
            get { return _outbound.Active; }
        }

        /// <summary>The registrar's Flow-Timer in seconds while outbound is active, else 0 (RFC 5626 §4.4).</summary>
        public int FlowTimerSeconds
        {
            get { return _outbound.FlowTimerSeconds; }
        }

        /// <summary>The REGISTER offers outbound (sip.outbound, and no 439 refused it).</summary>
        public bool OutboundOffered
        {
            get { return _outbound.Offered; }
        }

        /// <summary>The default of <see cref="UdpKeepAliveMs"/>.</summary>
        public const long DefaultUdpKeepAliveMs = 25000;

        /// <summary>Keep-alives sent (diagnostics).</summary>
        public int KeepAlivesSent
        {
            get { return _keepAlive.Sent; }
        }

        /// <summary>STUN while the first hop answers it, CRLF when it does not (diagnostics).</summary>
        public SipKeepAliveMode KeepAliveMode
        {
            get { return _keepAlive.Mode; }
        }

        /// <summary>The next refresh, retry or keep-alive; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get { return _keepAlive.DueAt < _timerAt ? _keepAlive.DueAt : _timerAt; }
        }

        /// <summary>Starts registering (RFC 3261 §10.2). Calling it again while active does nothing.</summary>
        public void Start(long nowMs)
        {
            if (_started && !_shuttingDown)
            {
                return;
            }

            _started = true;
            _shuttingDown = false;
            _failures = 0;
            _intervalRetries = 0;
            _requestExpires = _configuredExpires;
            Report(RegistrationState.Registering, 0, null, 0, 0, nowMs);
            SendRegister(false, nowMs);
        }

        /// <summary>
        /// Removes the binding (RFC 3261 §10.2.2: the same Contact with Expires: 0). Unregistered is reported when
        /// the registrar answers (or at once when nothing is bound and nothing is in flight).
        /// </summary>
        public void Shutdown(long nowMs)
        {
            if (!_started || _shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            _timerAt = Off;
            if (!_bound && !TxActive())
            {
                _tx = null;
                Report(RegistrationState.Unregistered, 0, null, 0, 0, nowMs);
                return;
            }

            SendRegister(true, nowMs);
        }

        /// <summary>
        /// The adapter's reason for the last transport failure (e.g. "untrusted certificate"), reported with the
        /// next Failed event caused by a transport error. Call it before handing the failure to the transport.
        /// </summary>
        public void NoteTransportFailure(string reason)
        {
            _transportReason = reason;
        }

        /// <summary>
        /// The network came back after a loss (Wi-Fi rejoined): a registration waiting out its RFC 5626 §4.5 backoff
        /// tries again now rather than at the end of the wait. The failure count stays, so a registrar that still
        /// fails is backed off as before. Nothing happens before Start, while shutting down, while registered or
        /// while a REGISTER is in flight.
        /// </summary>
        public void NetworkRestored(long nowMs)
        {
            if (!_started || _shuttingDown || State == RegistrationState.Registered || TxActive() || _timerAt == Off)
            {
                return;
            }

            _timerAt = nowMs;
        }

        /// <summary>Fires the refresh or retry timer when due.</summary>
        public void AdvanceTo(long nowMs)
        {
            if (nowMs >= _keepAlive.DueAt)
            {
                SendKeepAlive(nowMs);
            }

            SipTransport t = _layer.Transport;
            if (t != null && t.StunAnswers != _seenStunAnswers)
            {
                _seenStunAnswers = t.StunAnswers;
                if (_bound && _transport == SipTransportKind.Udp && !TxActive() && ContactHostPort() != _boundContact &&
                    _contactMoves < MaxContactMoves)
                {
                    // RFC 5626 §4.4.2: a keep-alive's answer shows the NAT's mapping moved: register that address now.
                    _contactMoves++;
                    _timerAt = nowMs;
                }
            }

            if (_timerAt == Off || nowMs < _timerAt)
            {
                return;
            }

            _timerAt = Off;
            if (_shuttingDown || !_started)
            {
                return;
            }

            if (State != RegistrationState.Registered)
            {
                Report(RegistrationState.Registering, 0, null, 0, 0, nowMs);
            }

            SendRegister(false, nowMs);
        }

        // ---------------------------------------------------------------- from the transaction user

        /// <summary>A response for a client transaction; true when it was one of ours.</summary>
        public bool OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (!Mine(tx) || response == null)
            {
                return false;
            }

            int status = response.StatusCode;
            if (status < 200)
            {
                return true;
            }

            _tx = null;
            if (status < 300)
            {
                OnSuccess(response, nowMs);
                return true;
            }

            if (status == 401 || status == 407)
            {
                OnChallenge(response, status == 407, nowMs);
                return true;
            }

            if (_outbound.OnRejected(status))
            {
                // 439 First Hop Lacks Outbound Support (RFC 5626): the registrar would take outbound but the first hop
                // cannot keep the flow; register again at once as a plain binding.
                SendRegister(_txIsRemoval, nowMs);
                return true;
            }

            if (status == 423 && !_txIsRemoval)
            {
                // RFC 3261 §10.2.8: retry with an expiration at least Min-Expires.
                int min;
                if (response.GetMinExpires(out min) == SipError.Ok && min > _requestExpires &&
                    ++_intervalRetries <= _timers.MaxIntervalRetries)
                {
                    _requestExpires = min;
                    SendRegister(false, nowMs);
                    return true;
                }
            }

            _auth.OnAccepted();
            Fail(status, response.ReasonPhrase, nowMs);
            return true;
        }

        /// <summary>Timer F: no final response (RFC 3261 §17.1.2.2, §8.1.3.1: treat as 408).</summary>
        public bool OnTimeout(SipTransaction tx, long nowMs)
        {
            if (!Mine(tx))
            {
                return false;
            }

            _tx = null;
            Fail(408, "Request Timeout", nowMs);
            return true;
        }

        /// <summary>Transport failure of our transaction (RFC 3261 §17.1.4, §8.1.3.1: treat as 503).</summary>
        public bool OnTransportError(SipTransaction tx, long nowMs)
        {
            if (!Mine(tx))
            {
                return false;
            }

            _tx = null;
            string reason = _transportReason == null ? "transport error" : _transportReason;
            _transportReason = null;
            Fail(0, reason, nowMs);
            return true;
        }

        /// <summary>
        /// A stream flow died (closed, keep-alive pong missing: RFC 5626 §4.4.1). When it carried our binding the
        /// registration is redone after the §4.5 backoff. True when it was our flow.
        /// </summary>
        public bool OnFlowFailed(int connectionId, long nowMs)
        {
            if (connectionId == 0 || connectionId != _connectionId)
            {
                return false;
            }

            _connectionId = 0;
            if (!_started || TxActive() || _timerAt != Off && State == RegistrationState.Failed)
            {
                // A transaction on it was already failed (OnTransportError), or a retry is already planned.
                return true;
            }

            if (_shuttingDown)
            {
                return true;
            }

            string reason = _transportReason == null ? "connection lost" : _transportReason;
            _transportReason = null;
            Fail(0, reason, nowMs);
            return true;
        }

        // ---------------------------------------------------------------- internals

        private bool Mine(SipTransaction tx)
        {
            return tx != null && tx == _tx && tx.Generation == _txGeneration;
        }

        private bool TxActive()
        {
            return _tx != null && _tx.Generation == _txGeneration && _tx.State != SipTransactionState.Terminated;
        }

        private void OnSuccess(SipMessage response, long nowMs)
        {
            _auth.OnAccepted();
            _intervalRetries = 0;
            _failures = 0;
            if (_txIsRemoval || _shuttingDown)
            {
                _bound = false;
                GrantedExpires = 0;
                _timerAt = Off;
                _keepAlive.Stop();
                _outbound.Lost();
                ApplyFlowTimer(nowMs);
                Report(RegistrationState.Unregistered, response.StatusCode, null, 0, 0, nowMs);
                return;
            }

            int granted = GrantedFrom(response);
            if (granted <= 0)
            {
                // The registrar kept no binding for us (§10.2.4): treat as a failure and retry later.
                _bound = false;
                Fail(response.StatusCode, "no binding granted", nowMs);
                return;
            }

            _bound = true;
            GrantedExpires = granted;
            _timerAt = nowMs + _timers.RefreshDelayMs(granted);
            _boundContact = _sentContact;
            _outbound.OnRegistered(response);
            ApplyFlowTimer(nowMs);
            if (_transport == SipTransportKind.Udp)
            {
                _keepAlive.Start(nowMs);
            }
            else
            {
                _keepAlive.Stop();
            }

            if (ContactHostPort() != _boundContact && _contactMoves < MaxContactMoves)
            {
                // RFC 3581 §4 / RFC 3261 §18.2.1: this 2xx's Via shows the registrar sees us at another address (a NAT
                // on the way): register that address now, so requests for us reach it; the old binding goes with it.
                _contactMoves++;
                _timerAt = nowMs;
            }
            else
            {
                _contactMoves = 0;
            }

            Report(RegistrationState.Registered, response.StatusCode, null, granted, 0, nowMs);
        }

        /// <summary>
        /// RFC 3261 §10.2.4: the expires parameter of our Contact in the 2xx (matched by +sip.instance, else by
        /// URI user, host and port), else the Expires header, else what we asked for.
        /// </summary>
        private int GrantedFrom(SipMessage m)
        {
            int n = m.ElementCount(SipHeader.Contact);
            int best = -1;
            for (int i = 0; i < n && i < SipLimits.MaxElements; i++)
            {
                if (m.GetContact(i, _contact) != SipError.Ok || _contact.IsStar)
                {
                    continue;
                }

                bool match = _contact.Instance != null ? _contact.Instance == "<" + _instance + ">" : IsOurContactUri(_contact.Address.Uri);
                if (match && _contact.Expires >= 0)
                {
                    best = _contact.Expires;
                    break;
                }
            }

            if (best >= 0)
            {
                return best;
            }

            int e;
            if (m.GetExpires(out e) == SipError.Ok)
            {
                return e;
            }

            return _requestExpires;
        }

        private bool IsOurContactUri(SipUri uri)
        {
            if (uri == null || uri.Host == null)
            {
                return false;
            }

            string sent = _sentContact == null ? ContactHostPort() : _sentContact;
            string hostPort = uri.Port > 0 ? uri.Host + ":" + uri.Port.ToString() : uri.Host;
            return hostPort.ToLower() == sent.ToLower();
        }

        private void OnChallenge(SipMessage response, bool proxy, long nowMs)
        {
            int id = proxy ? SipHeader.ProxyAuthenticate : SipHeader.WwwAuthenticate;
            int count = 0;
            int at = response.FindHeader(id, 0);
            while (at >= 0 && count < _challenges.Length)
            {
                _challenges[count++] = response.HeaderValue(at);
                at = response.FindHeader(id, at + 1);
            }

            string[] values = new string[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = _challenges[i];
                _challenges[i] = null;
            }

            DigestError e = _auth.OnChallenge(values, proxy);
            if (e == DigestError.Ok)
            {
                // RFC 3261 §22.2: the request is resent with credentials, CSeq incremented (§8.1.3.5).
                SendRegister(_txIsRemoval, nowMs);
                return;
            }

            if (_txIsRemoval || _shuttingDown)
            {
                _bound = false;
                Report(RegistrationState.Unregistered, response.StatusCode, DigestErrorText.Describe(e), 0, 0, nowMs);
                return;
            }

            // Wrong password (same nonce challenged again) or an unanswerable challenge: give up until the backoff
            // expires, and start the next attempt without the refused digest state.
            _auth.ClearSessions();
            Fail(response.StatusCode, DigestErrorText.Describe(e), nowMs);
        }

        private void Fail(int status, string reason, long nowMs)
        {
            _bound = false;
            _keepAlive.Stop();
            _outbound.Lost();
            ApplyFlowTimer(nowMs);
            GrantedExpires = 0;
            if (_shuttingDown)
            {
                _timerAt = Off;
                Report(RegistrationState.Unregistered, status, reason, 0, 0, nowMs);
                return;
            }

            _failures++;
            long wait = _timers.BackoffMs(_failures, OtherFlowsOk, SipRandom.UInt16(_entropy));
            if (wait < 1)
            {
                wait = 1;
            }

            _timerAt = nowMs + wait;
            _requestExpires = _configuredExpires;
            _intervalRetries = 0;
            Report(RegistrationState.Failed, status, reason, 0, wait, nowMs);
        }

        private void SendRegister(bool removal, long nowMs)
        {
            _txIsRemoval = removal;
            _cseq++;
            string branch = _layer.NewBranch();
            _writer.Begin(_buffer, 0, _buffer.Length);
            _writer.StartRequest("REGISTER", _requestUri);
            _writer.AddHeader(SipHeader.Via, _layer.ViaValue(_transport, branch));
            _writer.AddHeader(SipHeader.MaxForwards, 70);
            if (_route != null)
            {
                _writer.AddHeader(SipHeader.Route, _route);
            }

            _writer.AddHeader(SipHeader.From, _fromValue);
            _writer.AddHeader(SipHeader.To, _toValue);
            _writer.AddHeader(SipHeader.CallId, _callId);
            _writer.AddHeader(SipHeader.CSeq, _cseq.ToString() + " REGISTER");
            string hostPort = removal && _boundContact != null ? _boundContact : ContactHostPort();
            _sentContact = hostPort;
            // RFC 5626 §4.2.1: +sip.instance names this device; reg-id (while outbound is offered) names the flow.
            _writer.AddHeader(SipHeader.Contact, ContactValue(hostPort) + ";+sip.instance=\"<" + _instance + ">\"" + _outbound.ContactParams());
            if (!removal && _bound && _boundContact != null && _boundContact != hostPort)
            {
                // RFC 3261 §10.2.2: the binding at the address we no longer have is removed in the same request (named
                // without +sip.instance, so a registrar that matches bindings by instance keeps the new one).
                _writer.AddHeader(SipHeader.Contact, ContactValue(_boundContact) + ";expires=0");
            }

            _writer.AddHeader(SipHeader.Expires, removal ? 0 : _requestExpires);
            _writer.AddHeader(SipHeader.Allow, "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE");
            string supported = _outbound.SupportedValue();
            if (supported != null)
            {
                _writer.AddHeader(SipHeader.Supported, supported);
            }

            // RFC 3261 §22.3: later requests carry credentials for the realms already challenged (nc increments).
            for (int i = 0; i < _auth.SessionCount; i++)
            {
                DigestSession s = _auth.GetSession(i);
                _writer.AddHeader(s.HeaderName, s.Authorize("REGISTER", _requestUri));
            }

            if (_writer.Finish(null, 0, 0) != SipError.Ok)
            {
                _tx = null;
                Fail(0, "request too large", nowMs);
                return;
            }

            SipTransaction tx;
            SipTransactionStatus st = _layer.SendRequest(_buffer, 0, _writer.Length, _transport, _hopHost, _hopPort, _hopHost, nowMs, out tx);
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                _tx = null;
                if (!removal && State == RegistrationState.Registered && _bound &&
                    (st == SipTransactionStatus.TableFull || st == SipTransactionStatus.ConnectionTableFull))
                {
                    // A refresh that finds every slot busy (e.g. during a request flood) is retried shortly while the
                    // binding is still valid: local exhaustion is not a registrar failure (RFC 5626 §4.5 is for those).
                    _cseq--;
                    _timerAt = nowMs + BusyRetryMs;
                    return;
                }

                Fail(0, "cannot send: " + StatusText(st), nowMs);
                return;
            }

            _tx = tx;
            _txGeneration = tx.Generation;
            if (tx.ConnectionId != 0)
            {
                _connectionId = tx.ConnectionId;
            }
        }

        private void SendKeepAlive(long nowMs)
        {
            SipTransport t = _layer.Transport;
            if (!_bound || _shuttingDown || State != RegistrationState.Registered || t == null)
            {
                _keepAlive.Stop();
                return;
            }

            if (!_keepAlive.Fire(t, _hopHost, _hopPort, nowMs) && !TxActive())
            {
                // RFC 5626 §4.4.2: the hop stopped answering STUN: the flow failed; register again now.
                _timerAt = nowMs;
            }
        }

        /// <summary>
        /// RFC 5626 §4.4: under the registrar's Flow-Timer the keep-alives go at 80–100 % of it (over UDP the STUN/CRLF
        /// keep-alive, chosen anew each time; over TCP/TLS the CRLF ping, chosen per 2xx), whatever sip.keepalive_s
        /// says; without one, the configured intervals come back.
        /// </summary>
        private void ApplyFlowTimer(long nowMs)
        {
            long flowMs = _outbound.FlowTimerSeconds * 1000L;
            _keepAlive.IntervalMs = flowMs > 0 ? flowMs : _configuredUdpKeepAliveMs;
            _keepAlive.SpreadMs = flowMs / 5;
            SipTransport t = _layer.Transport;
            if (t == null || _transport == SipTransportKind.Udp)
            {
                return;
            }

            if (flowMs > 0)
            {
                if (_savedStreamPingMs < 0)
                {
                    _savedStreamPingMs = t.KeepAliveIntervalMs;
                }

                t.ChangeKeepAliveInterval(SipKeepAlive.Spread(flowMs, flowMs / 5, SipRandom.UInt16(_entropy)), nowMs);
            }
            else if (_savedStreamPingMs >= 0)
            {
                t.ChangeKeepAliveInterval(_savedStreamPingMs, nowMs);
                _savedStreamPingMs = -1;
            }
        }

        /// <summary>
        /// Our Contact URI at hostPort, sips: over TLS as in our calls (SipUriText.Contact); the REGISTER adds
        /// +sip.instance (RFC 5626 §4.1: this device across reboots and flows).
        /// </summary>
        private string ContactValue(string hostPort)
        {
            return SipUriText.Contact(SipUriText.Nz(UserPart(), ""), hostPort, _transport, "");
        }

        /// <summary>
        /// The host:port our Contact names: over UDP the address the registrar's responses say it sees (Via received
        /// and rport, RFC 3581 §4) once learned, since a NAT between us would make the interface address unreachable;
        /// over TCP/TLS the interface address (the server answers on our connection, RFC 5626 §5).
        /// </summary>
        private string ContactHostPort()
        {
            SipTransport t = _layer.Transport;
            if (_transport == SipTransportKind.Udp && t != null && t.PublicHost != null && t.PublicHost.Length > 0 && t.PublicPort > 0)
            {
                return t.PublicHost + ":" + t.PublicPort.ToString();
            }

            return _layer.LocalPort > 0 ? ContactHost() + ":" + _layer.LocalPort.ToString() : ContactHost();
        }

        private string UserPart()
        {
            int at = _aor.IndexOf('@');
            return at > 4 ? _aor.Substring(4, at - 4) : null;
        }

        private string ContactHost()
        {
            string h = _layer.LocalHost;
            return h == null || h.Length == 0 ? "0.0.0.0" : h;
        }

        private void Report(RegistrationState state, int status, string reason, int expires, long retryInMs, long nowMs)
        {
            State = state;
            if (Listener != null)
            {
                Listener.OnRegistrationChanged(new SipRegistrationEvent(state, status, reason, expires, retryInMs, nowMs));
            }
        }

        private static string InstanceUrn(string id)
        {
            if (id == null || id.Length == 0)
            {
                id = "00000000-0000-0000-0000-000000000000";
            }

            return id.StartsWith("urn:") ? id : "urn:uuid:" + id.ToLower();
        }

        /// <summary>host, host:port or sip:host:port;params into host and port (0 when absent).</summary>
        private static void SplitHostPort(string value, out string host, out int port)
        {
            port = 0;
            host = value == null ? "" : value.Trim();
            if (host.StartsWith("sips:"))
            {
                host = host.Substring(5);
            }
            else if (host.StartsWith("sip:"))
            {
                host = host.Substring(4);
            }

            int semi = host.IndexOf(';');
            if (semi >= 0)
            {
                host = host.Substring(0, semi);
            }

            if (host.StartsWith("["))
            {
                int close = host.IndexOf(']');
                if (close > 0)
                {
                    string rest = host.Substring(close + 1);
                    host = host.Substring(1, close - 1);
                    if (rest.StartsWith(":"))
                    {
                        port = ParsePort(rest.Substring(1));
                    }
                }

                return;
            }

            int colon = host.IndexOf(':');
            if (colon > 0 && host.LastIndexOf(':') == colon)
            {
                port = ParsePort(host.Substring(colon + 1));
                host = host.Substring(0, colon);
            }
        }

        private static int ParsePort(string s)
        {
            int v = 0;
            if (s.Length == 0 || s.Length > 5)
            {
                return 0;
            }

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    return 0;
                }

                v = v * 10 + (c - '0');
            }

            return v > 65535 ? 0 : v;
        }

        private static string StatusText(SipTransactionStatus st)
        {
            switch (st)
            {
                case SipTransactionStatus.TableFull: return "transaction table full";
                case SipTransactionStatus.ConnectionTableFull: return "connection table full";
                case SipTransactionStatus.BadMessage: return "bad message";
                case SipTransactionStatus.TransportError: return "transport error";
                case SipTransactionStatus.BadArgument: return "bad argument";
                default: return "error";
            }
        }
    }
}
