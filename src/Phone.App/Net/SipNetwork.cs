using Phone.App.Drivers;
using Phone.Sip;
using Phone.Sip.Dns;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.App.Net
{
    /// <summary>
    /// Joins the sans-I/O SIP transport to the SIP link driver: executes SipTransport's actions (Connect / Send /
    /// SendTo / Close) through <see cref="ISipLinks"/> and feeds what the links posted to the
    /// <see cref="NetEventQueue"/> back into SipTransport. Both run on the app's loop only, so the core needs no
    /// lock; the links' reader threads never touch it.
    /// </summary>
    public sealed class SipNetwork
    {
        private readonly SipTransport _transport;
        private readonly ISipLinks _links;
        private readonly SipTransactionLayer _layer;
        private readonly SipRegistration _registration;
        private string _lastResolved;

        // Connections accepted by the TLS listener, by core connection id: their Connect action is the accept.
        private readonly int[] _accepted = new int[8];

        // RFC 3263: the first hop's name (as the core addresses it) is sent to the locator's current target instead.
        private SipServerLocator _locator;
        private string _hopHost;
        private int _hopPort;
        private int _explicitPort;
        private SipTransportKind _hopTransport;
        private string _dnsHost;
        private int _dnsPort;
        private string _targetHost;
        private int _targetPort;
        private bool _lookingUp;

        public SipNetwork(SipTransport transport, ISipLinks links, SipTransactionLayer layer, SipRegistration registration)
        {
            _transport = transport;
            _links = links;
            _layer = layer;
            _registration = registration;
        }

        public int SendToFailures { get; private set; }

        public int SendFailures { get; private set; }

        /// <summary>The last connect, send or socket failure, for the display.</summary>
        public string LastFailure { get; private set; }

        /// <summary>Binds the SIP UDP socket; false with <see cref="LastFailure"/>.</summary>
        public bool Listen(int localPort)
        {
            if (_links.Listen(localPort))
            {
                return true;
            }

            LastFailure = _links.LastError;
            return false;
        }

        /// <summary>
        /// From now on the core's requests to hopHost:hopPort (the outbound proxy, else the registrar) go to the
        /// targets RFC 3263 finds for hopHost, asked of the DNS server dnsHost:dnsPort over the UDP socket (which must
        /// be listening). explicitPort &gt; 0 when the port was configured (no NAPTR/SRV then, §4.2). The lookup starts
        /// now; <see cref="Locating"/> is true until its first answer.
        /// </summary>
        public void Locate(SipServerLocator locator, string hopHost, int hopPort, int explicitPort, SipTransportKind transport,
            string dnsHost, int dnsPort, long nowMs)
        {
            _locator = locator;
            _hopHost = hopHost;
            _hopPort = hopPort;
            _explicitPort = explicitPort;
            _hopTransport = transport;
            _dnsHost = dnsHost;
            _dnsPort = dnsPort;
            _targetHost = null;
            LookUp(nowMs);
        }

        /// <summary>True while the first lookup of the hop runs (requests to it would have nowhere to go yet).</summary>
        public bool Locating
        {
            get { return _locator != null && _targetHost == null && _locator.State == SipLocatorState.Resolving; }
        }

        /// <summary>When the DNS lookup wants the time again; long.MaxValue when none runs.</summary>
        public long NextDeadlineMs
        {
            get { return _locator == null ? long.MaxValue : _locator.NextDeadlineMs; }
        }

        /// <summary>
        /// RFC 3263 §4.3: the request to the current target failed (transport error, timeout, 503), so the next target
        /// takes its place. True when there is one; false when every target failed, and the lookup starts again so a
        /// later retry finds a fresh list.
        /// </summary>
        public bool Failover(string reason, long nowMs)
        {
            if (_locator == null || _locator.State != SipLocatorState.Ready)
            {
                return false;
            }

            if (_locator.Failover(reason))
            {
                TakeTarget();
                return true;
            }

            LastFailure = _locator.LastError;
            _targetHost = null;
            LookUp(nowMs);
            return false;
        }

        /// <summary>Closes every flow and the UDP socket (a new address, or the core is rebuilt).</summary>
        public void StopAll()
        {
            _links.CloseAll();
        }

        /// <summary>Runs the DNS lookup's timers and queries, then the transport's queued actions.</summary>
        public void Execute(long nowMs)
        {
            PumpDns(nowMs);
            TransportAction a;
            while ((a = _transport.Actions.Dequeue()) != null)
            {
                switch (a.Kind)
                {
                    case TransportActionKind.Connect:
                        if (TakeAccepted(a.ConnectionId))
                        {
                            _transport.OnConnected(a.ConnectionId, nowMs);
                            break;
                        }

                        string host = a.Host;
                        int port = a.Port;
                        if (IsHop(host, port) && !Target(nowMs, out host, out port))
                        {
                            Note(LocateError());
                            _transport.OnConnectFailed(a.ConnectionId, LocateError(), nowMs);
                            break;
                        }

                        // The TLS server name stays the configured one (RFC 5922 §4: not the SRV target).
                        if (!_links.Connect(a.ConnectionId, a.Transport, host, port, a.ServerName))
                        {
                            Note(_links.LastError);
                            _transport.OnConnectFailed(a.ConnectionId, _links.LastError, nowMs);
                        }

                        break;
                    case TransportActionKind.Send:
                        if (!_links.Write(a.ConnectionId, a.Data, a.Offset, a.Count))
                        {
                            SendFailures++;
                            _links.Close(a.ConnectionId);
                            _transport.OnSendFailed(a.ConnectionId, "write failed", nowMs);
                        }

                        break;
                    case TransportActionKind.SendTo:
                        SendTo(a, nowMs);
                        break;
                    case TransportActionKind.Close:
                        _links.Close(a.ConnectionId);
                        break;
                }
            }
        }

        /// <summary>Feeds one network event to SipTransport.</summary>
        public void Deliver(NetEvent e, long nowMs)
        {
            switch (e.Kind)
            {
                case NetEventKind.Connected:
                    _transport.OnConnected(e.ConnectionId, nowMs);
                    break;
                case NetEventKind.ConnectFailed:
                    _links.Close(e.ConnectionId);
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        Note(e.Reason);
                        _transport.OnConnectFailed(e.ConnectionId, e.Reason, nowMs);
                    }

                    break;
                case NetEventKind.StreamData:
                    _transport.OnStreamData(e.ConnectionId, e.Data, 0, e.Count, nowMs);
                    break;
                case NetEventKind.Closed:
                    _links.Close(e.ConnectionId);
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        Note(e.Reason);
                        _transport.OnConnectionClosed(e.ConnectionId, e.Reason, nowMs);
                    }

                    break;
                case NetEventKind.Datagram:
                    if (_locator != null && e.Port == _dnsPort && e.Host == _dnsHost)
                    {
                        _locator.OnResponse(e.Data, 0, e.Count, nowMs);
                        PumpDns(nowMs);
                    }
                    else if (_locator == null || _hopTransport != SipTransportKind.Tls)
                    {
                        // Over TLS the UDP socket is open for DNS only: no SIP is taken from it.
                        _transport.OnDatagram(e.Data, 0, e.Count, e.Host, e.Port, nowMs);
                    }

                    break;
                case NetEventKind.Accepted:
                    Adopt(e, nowMs);
                    break;
            }
        }

        /// <summary>Connections the listener refused because the table was full.</summary>
        public int RefusedConnections { get; private set; }

        /// <summary>
        /// A peer connected to the TLS listener: it gets a connection slot like one we opened (bounded table), and
        /// requests on it go through the same transaction layer and request policy.
        /// </summary>
        private void Adopt(NetEvent e, long nowMs)
        {
            SipTransportStatus status;
            int id = _transport.Acquire(SipTransportKind.Tls, e.Host, e.Port, null, nowMs, out status);
            int slot = id == 0 || _transport.IsOpen(id) ? -1 : FreeAccepted();
            if (slot < 0)
            {
                RefusedConnections++;
                _links.Adopt(e.ConnectionId, 0);
                return;
            }

            _accepted[slot] = id;
            _links.Adopt(e.ConnectionId, id);
        }

        private int FreeAccepted()
        {
            for (int i = 0; i < _accepted.Length; i++)
            {
                if (_accepted[i] == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private bool TakeAccepted(int connectionId)
        {
            for (int i = 0; i < _accepted.Length; i++)
            {
                if (_accepted[i] == connectionId)
                {
                    _accepted[i] = 0;
                    return true;
                }
            }

            return false;
        }

        private void SendTo(TransportAction a, long nowMs)
        {
            string host = a.Host;
            int port = a.Port;
            if (IsHop(host, port) && !Target(nowMs, out host, out port))
            {
                SendToFailures++;
                _transport.OnSendToFailed(a.Host, a.Port, LocateError(), nowMs);
                return;
            }

            if (!_links.SendTo(host, port, a.Data, a.Offset, a.Count, nowMs))
            {
                SendToFailures++;
                _transport.OnSendToFailed(a.Host, a.Port, _links.LastError, nowMs);
                return;
            }

            string resolved = _links.LastResolved;
            if (_layer != null && resolved != null && resolved != _lastResolved)
            {
                // A new target: when it is the registrar or proxy, its address joins the sources taken requests from.
                _lastResolved = resolved;
                _layer.NoteResolved(a.Host, resolved);
            }
        }

        private bool IsHop(string host, int port)
        {
            return _locator != null && port == _hopPort && DnsMessage.SameName(host, _hopHost);
        }

        /// <summary>
        /// Where a request to the hop goes: the current target. A list whose TTL ran out is looked up again in the
        /// background while its last target stays in use; false when no target is known yet.
        /// </summary>
        private bool Target(long nowMs, out string host, out int port)
        {
            if (_locator.State == SipLocatorState.Failed || (_locator.State == SipLocatorState.Ready && !_locator.IsFresh(nowMs)))
            {
                LookUp(nowMs);
            }

            host = _targetHost;
            port = _targetPort;
            return host != null;
        }

        private string LocateError()
        {
            string e = _locator.LastError;
            return e != null ? e : "DNS: looking up " + _hopHost;
        }

        private void LookUp(long nowMs)
        {
            _lookingUp = true;
            _locator.Start(_hopHost, _explicitPort, _hopTransport, nowMs);
            PumpDns(nowMs);
        }

        /// <summary>
        /// The locator's retransmissions and queries go out. A finished lookup gives the current target; one that
        /// failed leaves the last target in use (if any) until a later lookup succeeds.
        /// </summary>
        private void PumpDns(long nowMs)
        {
            if (_locator == null)
            {
                return;
            }

            _locator.AdvanceTo(nowMs);
            int n;
            while ((n = _locator.TakeQuery()) > 0)
            {
                if (!_links.SendTo(_dnsHost, _dnsPort, _locator.QueryBuffer, 0, n, nowMs))
                {
                    LastFailure = _links.LastError;
                }
            }

            if (_lookingUp && _locator.State != SipLocatorState.Resolving)
            {
                _lookingUp = false;
                if (_locator.State == SipLocatorState.Ready)
                {
                    TakeTarget();
                }
                else
                {
                    LastFailure = _locator.LastError;
                }
            }
        }

        private void TakeTarget()
        {
            _targetHost = _locator.Address;
            _targetPort = _locator.Port;
        }

        private void Note(string reason)
        {
            LastFailure = reason;
            if (_registration != null && reason != null)
            {
                _registration.NoteTransportFailure(reason);
            }
        }
    }
}
