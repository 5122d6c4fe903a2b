using Phone.App.Drivers;
using Phone.Sip;
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

        /// <summary>Closes every flow and the UDP socket (a new address, or the core is rebuilt).</summary>
        public void StopAll()
        {
            _links.CloseAll();
        }

        /// <summary>Runs the transport's queued actions.</summary>
        public void Execute(long nowMs)
        {
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

                        if (!_links.Connect(a.ConnectionId, a.Transport, a.Host, a.Port, a.ServerName))
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
                    _transport.OnDatagram(e.Data, 0, e.Count, e.Host, e.Port, nowMs);
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
            if (!_links.SendTo(a.Host, a.Port, a.Data, a.Offset, a.Count, nowMs))
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
