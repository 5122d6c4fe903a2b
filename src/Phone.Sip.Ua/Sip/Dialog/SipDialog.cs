using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The dialog of RFC 3261 §12: its id (Call-ID, local and remote tag), local and remote CSeq, remote target,
    /// route set and secure flag, plus the flow it runs on; and how an in-dialog request is addressed and started
    /// (§12.2.1.1). One per call slot, reused (Reset). Public members are read-only views.
    /// </summary>
    public sealed class SipDialog
    {
        private readonly SipTransactionLayer _layer;
        private readonly SipMessageWriter _writer;
        private readonly byte[] _buffer;
        private readonly SipNextHop _hop;

        internal SipDialog(SipTransactionLayer layer, SipMessageWriter writer, byte[] buffer, SipNextHop hop)
        {
            _layer = layer;
            _writer = writer;
            _buffer = buffer;
            _hop = hop;
            Reset();
        }

        /// <summary>The Call-ID (§12: part of the dialog id).</summary>
        public string CallIdValue { get; internal set; }

        public string LocalTag { get; internal set; }

        /// <summary>The peer's tag; null until it is known (§12.1.2).</summary>
        public string RemoteTag { get; internal set; }

        /// <summary>Local sequence number: CSeq of the last request we sent in the dialog (§12.2.1.1).</summary>
        public int LocalCSeq { get; internal set; }

        /// <summary>Remote sequence number (§12.2.2); -1 when empty.</summary>
        public int RemoteCSeq { get; internal set; }

        /// <summary>The peer's Contact URI (§12.1.1, §12.1.2), refreshed by re-INVITE and its 2xx (§12.2).</summary>
        public string RemoteTarget { get; internal set; }

        /// <summary>Route set, in the order our requests carry it (§12.1.1: as received; §12.1.2: reversed).</summary>
        public string[] RouteSet { get; internal set; }

        /// <summary>Transport of the dialog's signalling.</summary>
        public SipTransportKind Transport { get; internal set; }

        /// <summary>§12.1.1: sips Request-URI over TLS.</summary>
        public bool Secure { get; internal set; }

        internal string LocalParty;   // our From (UAC) or the peer's To plus our tag (UAS): full header value with tag
        internal string RemoteParty;  // the peer's header value with its tag (once known)
        internal int ConnectionId;    // stream flow the dialog uses (0 for UDP or none)

        internal void Reset()
        {
            CallIdValue = null;
            LocalTag = null;
            RemoteTag = null;
            LocalCSeq = 0;
            RemoteCSeq = -1;
            RemoteTarget = null;
            RouteSet = new string[0];
            Transport = SipTransportKind.Udp;
            Secure = false;
            LocalParty = null;
            RemoteParty = null;
            ConnectionId = 0;
        }

        /// <summary>§12.2.2: a request belongs to the dialog by Call-ID, local tag (its To) and remote tag (its From).</summary>
        internal bool Matches(string callId, string localTag, string remoteTag)
        {
            return CallIdValue == callId && LocalTag == localTag && RemoteTag == remoteTag;
        }

        /// <summary>
        /// §12.2.2: takes the CSeq of a peer request as the remote sequence number; false (unchanged) when it is
        /// lower, i.e. out of order.
        /// </summary>
        internal bool TakeRemoteCSeq(int cseq)
        {
            if (RemoteCSeq >= 0 && cseq < RemoteCSeq)
            {
                return false;
            }

            RemoteCSeq = cseq;
            return true;
        }

        /// <summary>§12.2.1.1: the local sequence number for the next request we send in the dialog.</summary>
        internal int NextLocalCSeq()
        {
            LocalCSeq++;
            return LocalCSeq;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1: the Request-URI and Route headers of an in-dialog request. Loose routing (lr on the
        /// first route): Request-URI = remote target, Route = route set. Strict: Request-URI = first route, Route =
        /// the rest plus the remote target.
        /// </summary>
        internal void Target(out string ruri, out string[] routes)
        {
            string[] set = RouteSet;
            if (set.Length == 0 || (_hop.Resolve(set[0], Transport) && _hop.LooseRouter))
            {
                ruri = RemoteTarget;
                routes = set;
                return;
            }

            ruri = SipUriText.StripUriParams(SipUriText.Unbracket(set[0]));
            routes = new string[set.Length];
            for (int i = 1; i < set.Length; i++)
            {
                routes[i - 1] = set[i];
            }

            routes[set.Length - 1] = "<" + RemoteTarget + ">";
        }

        /// <summary>
        /// Where an in-dialog request goes: the dialog's stream flow while it is open (the proxy sends our calls back
        /// over the registration flow, RFC 5626 §5.3, and expects our requests on it), else the first Route (loose
        /// routing) or the Request-URI (§12.2.1.1, §8.1.2).
        /// </summary>
        internal void Destination(string ruri, out SipTransportKind transport, out string host, out int port, out string serverName)
        {
            if (OpenFlow(out transport, out host, out port, out serverName))
            {
                return;
            }

            RouteDestination(RouteSet, ruri, RemoteTarget, out transport, out host, out port, out serverName);
        }

        /// <summary>The dialog's stream flow when it is still open.</summary>
        internal bool OpenFlow(out SipTransportKind transport, out string host, out int port, out string serverName)
        {
            SipConnection flow = ConnectionId != 0 && _layer.Transport != null ? _layer.Transport.Find(ConnectionId) : null;
            if (flow != null && flow.State != SipConnectionState.Free)
            {
                transport = flow.Transport;
                host = flow.Host;
                port = flow.Port;
                serverName = flow.ServerName;
                return true;
            }

            transport = SipTransportKind.Udp;
            host = null;
            port = 0;
            serverName = null;
            return false;
        }

        /// <summary>§8.1.2: the first Route when it is a loose router, else the Request-URI (else the remote target); a TLS dialog stays on TLS.</summary>
        internal void RouteDestination(string[] routeSet, string ruri, string remoteTarget, out SipTransportKind transport, out string host,
            out int port, out string serverName)
        {
            string next = routeSet.Length > 0 && _hop.Resolve(routeSet[0], Transport) && _hop.LooseRouter ? routeSet[0] : ruri;
            if (!_hop.Resolve(next, Transport))
            {
                _hop.Resolve(remoteTarget, Transport);
            }

            transport = Transport == SipTransportKind.Tls ? SipTransportKind.Tls : _hop.Transport;
            host = _hop.Host == null ? "0.0.0.0" : _hop.Host;
            port = _hop.Port > 0 ? _hop.Port : 5060;
            if (transport == SipTransportKind.Tls && !_hop.PortGiven)
            {
                port = 5061;
            }

            serverName = _hop.ServerName;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1: starts an in-dialog request in the shared writer: Request-URI and Route from the route
        /// set and remote target, a new branch, the dialog's tags and Call-ID, and the given CSeq.
        /// </summary>
        internal void BeginRequest(string method, int cseq, out string ruri, out SipTransportKind transport, out string host, out int port,
            out string serverName)
        {
            string[] routes;
            Target(out ruri, out routes);
            Destination(ruri, out transport, out host, out port, out serverName);
            _writer.Begin(_buffer, 0, _buffer.Length);
            _writer.StartRequest(method, ruri);
            _writer.AddHeader(SipHeader.Via, _layer.ViaValue(transport, _layer.NewBranch()));
            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < routes.Length; i++)
            {
                _writer.AddHeader(SipHeader.Route, routes[i]);
            }

            _writer.AddHeader(SipHeader.From, LocalParty);
            _writer.AddHeader(SipHeader.To, RemoteParty);
            _writer.AddHeader(SipHeader.CallId, CallIdValue);
            _writer.AddHeader(SipHeader.CSeq, cseq.ToString() + " " + method);
        }
    }
}
