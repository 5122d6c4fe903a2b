using System;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Phone.App.Core;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.Config;
using Phone.Sip;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// SIP's sockets on nanoFramework (<see cref="ISipLinks"/>): the SIP UDP socket with its reader thread, and one
    /// <see cref="StreamLink"/> (TCP or TLS, on its own thread) per connection the core opens or the TLS listener
    /// (sip.listen_port, its own accept thread) accepts; both kinds share the one bounded table. The threads only post
    /// into the app's NetEventQueue; Phone.App's SipNetwork alone calls SipTransport. Every call here comes from the
    /// app's loop and never throws for network reasons: failures return false with <see cref="LastError"/>.
    /// </summary>
    public sealed class SipSockets : ISipLinks
    {
        /// <summary>
        /// Connection slots: as many as the core's SipTransport table (Phone.App's PhoneCore makes 4); accepted links
        /// take a slot from before their handshake.
        /// </summary>
        public const int MaxLinks = PhoneCore.MaxConnections;

        /// <summary>Bind attempts in Listen: a reader closed by CloseAll may hold the port for one poll period.</summary>
        private const int BindAttempts = 6;

        private readonly HostResolver _resolver;
        // Outbound and accepted links alike; the listener's thread fills slots too, so every access holds _table.
        private readonly StreamLink[] _links = new StreamLink[MaxLinks];
        private readonly object _table = new object();
        private Acceptor _acceptor;
        private int _lastLinkId;
        private NetEventQueue _events;
        private HandshakeMarker _marker;
        private TlsTrust _trust;
        private Socket _udp;
        private DatagramReader _reader;
        private IPEndPoint _sendTarget;

        /// <param name="resolver">the DNS cache, shared with the provisioning fetcher.</param>
        public SipSockets(HostResolver resolver)
        {
            _resolver = resolver;
        }

        public int DatagramPort { get; private set; }

        public string LastResolved { get; private set; }

        public string LastError { get; private set; }

        public void Attach(NetEventQueue inbox, HandshakeMarker marker)
        {
            _events = inbox;
            _marker = marker;
        }

        /// <summary>The [tls] trust for links started from now on; why it is unusable, or null.</summary>
        public string UseTls(TlsSettings tls)
        {
            _trust = TlsTrust.FromConfig(tls);
            if (_trust.IsUsable)
            {
                return null;
            }

            return _trust.Error != null ? _trust.Error : "tls.ca: missing or unreadable";
        }

        /// <summary>Binds the SIP UDP socket (port 0 picks one) and starts its reader. False when the socket cannot be made.</summary>
        public bool Listen(int localPort)
        {
            if (_udp != null)
            {
                return true;
            }

            // After CloseAll the previous reader may still hold the port for one poll period.
            for (int attempt = 0; _udp == null; attempt++)
            {
                Socket s = null;
                try
                {
                    s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    s.Bind(new IPEndPoint(IPAddress.Any, localPort));
                    _udp = s;
                    IPEndPoint local = _udp.LocalEndPoint as IPEndPoint;
                    DatagramPort = local != null && local.Port != 0 ? local.Port : localPort;
                }
                catch (Exception)
                {
                    CloseSocket(s);
                    if (attempt == BindAttempts - 1)
                    {
                        LastError = "SIP UDP socket could not be bound";
                        return false;
                    }

                    Thread.Sleep(StreamLink.PollMicroseconds / 1000);
                }
            }

            try
            {
                _reader = new DatagramReader(_udp, _events);
                _reader.Start();
                return true;
            }
            catch (Exception)
            {
                // Thread or buffer could not be made (out of memory).
                CloseSocket(_udp);
                _udp = null;
                _reader = null;
                DatagramPort = 0;
                LastError = "out of memory";
                return false;
            }
        }

        public bool SendTo(string host, int port, byte[] data, int offset, int count, long nowMs)
        {
            string reason;
            IPAddress address = _resolver.Resolve(host, nowMs, out reason);
            if (address == null || _udp == null)
            {
                LastError = reason == null ? "no UDP socket" : reason;
                return false;
            }

            try
            {
                IPEndPoint target = _sendTarget;
                if (target == null || target.Port != port || !target.Address.Equals(address))
                {
                    // One endpoint object (and its address text) per distinct target: SIP over UDP talks to one server.
                    _sendTarget = new IPEndPoint(address, port);
                    LastResolved = null;
                }

                _udp.SendTo(data, offset, count, SocketFlags.None, _sendTarget);
            }
            catch (Exception)
            {
                LastError = "UDP send failed";
                return false;
            }

            if (LastResolved == null)
            {
                LastResolved = address.ToString();
            }

            return true;
        }

        public bool Connect(int connectionId, SipTransportKind kind, string host, int port, string serverName)
        {
            lock (_table)
            {
                int slot = Find(0);
                if (slot < 0)
                {
                    LastError = "no free connection";
                    return false;
                }

                try
                {
                    StreamLink link = new StreamLink(connectionId, kind, host, port, serverName, _events, _resolver, _trust, _marker);
                    _links[slot] = link;
                    link.Start();
                    return true;
                }
                catch (Exception)
                {
                    // Thread creation failed (out of memory): reported like any other connect failure.
                    _links[slot] = null;
                    LastError = "out of memory";
                    return false;
                }
            }
        }

        public bool Write(int connectionId, byte[] data, int offset, int count)
        {
            StreamLink link;
            lock (_table)
            {
                int slot = Find(connectionId);
                link = slot < 0 ? null : _links[slot];
            }

            // Outside the table lock: a write may wait up to StreamLink.WriteTimeoutMs for the peer.
            return link != null && link.Write(data, offset, count);
        }

        /// <summary>Stops the link's thread and frees its slot (the core asked, or the link ended by itself).</summary>
        public void Close(int connectionId)
        {
            lock (_table)
            {
                int slot = Find(connectionId);
                if (slot >= 0)
                {
                    _links[slot].Stop();
                    _links[slot] = null;
                }
            }
        }

        /// <summary>Closes every connection, the TLS listener and the UDP socket (network lost, or reconfiguration).</summary>
        public void CloseAll()
        {
            lock (_table)
            {
                if (_acceptor != null)
                {
                    _acceptor.Stop();
                    _acceptor = null;
                }

                for (int i = 0; i < _links.Length; i++)
                {
                    if (_links[i] != null)
                    {
                        _links[i].Stop();
                        _links[i] = null;
                    }
                }
            }

            if (_reader != null)
            {
                // The reader closes the socket when it sees the flag (within one poll period).
                _reader.Stop();
                _reader = null;
            }

            _udp = null;
            _sendTarget = null;
            LastResolved = null;
            DatagramPort = 0;
        }

        /// <summary>Accepted links waiting for the app (handshake running, or Accepted posted and not adopted) at most.</summary>
        public const int MaxWaitingAccepts = 2;

        /// <summary>Connections the listener accepted whose handshake completed.</summary>
        public int Accepted { get; private set; }

        /// <summary>Inbound connections dropped: no room, silent peer, handshake failed or too slow, refused by the app.</summary>
        public int AcceptFailures { get; private set; }

        /// <summary>
        /// Opens the TLS listener on port (sip.listen_port) with the phone's certificate and key, and starts its
        /// accept thread. False with <see cref="LastError"/> when the key is unusable, the port cannot be bound or
        /// the thread cannot be made.
        /// </summary>
        public bool ListenTls(int port, byte[] certificatePem, byte[] keyPem)
        {
            if (_acceptor != null)
            {
                return true;
            }

            X509Certificate2 identity = ServerIdentity.FromPem(certificatePem, keyPem);
            if (identity == null)
            {
                LastError = "TLS listener: key unusable";
                return false;
            }

            Socket s = null;
            try
            {
                s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    // Connections we closed sit in TIME_WAIT on this port; without it a rebuilt core could not
                    // listen again for minutes. A stack without SO_REUSEADDR still gets a listener.
                    s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                }
                catch (Exception)
                {
                }

                s.Bind(new IPEndPoint(IPAddress.Any, port));
                s.Listen(MaxWaitingAccepts);
            }
            catch (Exception)
            {
                CloseSocket(s);
                LastError = "TLS listener: port " + port.ToString() + " unavailable";
                return false;
            }

            try
            {
                lock (_table)
                {
                    _acceptor = new Acceptor(this, s, identity, _trust != null ? _trust.Protocols : SslProtocols.Tls12 | SslProtocols.Tls13);
                    _acceptor.Start();
                }

                return true;
            }
            catch (Exception)
            {
                lock (_table)
                {
                    _acceptor = null;
                }

                CloseSocket(s);
                LastError = "out of memory";
                return false;
            }
        }

        /// <summary>
        /// The app's answer to Accepted: the link becomes connection connectionId and starts reading, or (0) is
        /// closed. A link that is gone by now (closed by CloseAll, or its thread could not be made) is reported to
        /// the app as Closed under the new id, so that its connection slot frees.
        /// </summary>
        public void Adopt(int linkId, int connectionId)
        {
            StreamLink link;
            lock (_table)
            {
                int slot = Find(linkId);
                link = slot < 0 ? null : _links[slot];
                if (link != null && connectionId != 0)
                {
                    try
                    {
                        link.Adopt(connectionId);
                        return;
                    }
                    catch (Exception)
                    {
                        // Thread creation failed (out of memory).
                    }
                }

                if (slot >= 0)
                {
                    _links[slot] = null;
                    AcceptFailures++;
                }
            }

            if (link != null)
            {
                link.Stop();
            }

            if (connectionId != 0)
            {
                _events.Post(NetEventKind.Closed, connectionId, null, 0, "accepted connection lost", null, 0, 0, false, null);
            }
        }

        public void FlushNames()
        {
            _resolver.Flush();
        }

        /// <summary>The first DNS server of the Wi-Fi station's interface (DHCP-provided, or the static setting).</summary>
        public string DnsServer
        {
            get
            {
                try
                {
                    NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
                    for (int i = 0; i < all.Length; i++)
                    {
                        if (all[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                        {
                            string[] dns = all[i].IPv4DnsAddresses;
                            if (dns != null && dns.Length > 0 && Phone.Sip.Dns.SipServerLocator.IsIPv4Literal(dns[0]) && dns[0] != "0.0.0.0")
                            {
                                return dns[0];
                            }
                        }
                    }
                }
                catch (Exception)
                {
                    // An interface that is going down: no server for now.
                }

                return null;
            }
        }

        /// <summary>The slot holding connection (or link) id; 0 finds a free slot. -1 when none. Under the table lock.</summary>
        private int Find(int id)
        {
            for (int i = 0; i < _links.Length; i++)
            {
                StreamLink l = _links[i];
                if (id == 0 ? l == null : l != null && l.ConnectionId == id)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// A slot for a connection the listener just accepted, under a fresh negative link id; null when the table
        /// is full, <see cref="MaxWaitingAccepts"/> links already wait for the app, or CloseAll has retired the
        /// listener that accepted it.
        /// </summary>
        private StreamLink Reserve(Acceptor from, Socket accepted, string host, int port)
        {
            lock (_table)
            {
                if (from != _acceptor)
                {
                    return null;
                }

                int waiting = 0;
                for (int i = 0; i < _links.Length; i++)
                {
                    if (_links[i] != null && _links[i].ConnectionId < 0)
                    {
                        waiting++;
                    }
                }

                int slot = Find(0);
                if (slot < 0 || waiting >= MaxWaitingAccepts)
                {
                    AcceptFailures++;
                    return null;
                }

                // -1, -2, … and after int.MinValue back to -1: never 0, never a core connection id.
                _lastLinkId = (_lastLinkId - 1) | int.MinValue;
                StreamLink link = new StreamLink(_lastLinkId, accepted, host, port, _events);
                _links[slot] = link;
                return link;
            }
        }

        /// <summary>The outcome of an accepted link's handshake: counted, and a failed link leaves the table.</summary>
        private void Settle(StreamLink link, bool accepted)
        {
            lock (_table)
            {
                if (accepted)
                {
                    Accepted++;
                    return;
                }

                AcceptFailures++;
                int slot = Find(link.ConnectionId);
                if (slot >= 0 && _links[slot] == link)
                {
                    _links[slot] = null;
                }
            }

            link.Stop();
        }

        private static void CloseSocket(Socket s)
        {
            try
            {
                if (s != null)
                {
                    s.Close();
                }
            }
            catch (Exception)
            {
            }
        }

        /// <summary>
        /// The TLS listener's thread: waits for a connection in Socket.Poll (yields, notices Stop within one poll
        /// period or at once when Stop closes the socket), takes a slot for it and runs its handshake; one
        /// connection at a time, as the provisioning server does.
        /// </summary>
        private sealed class Acceptor
        {
            private readonly SipSockets _owner;
            private readonly Socket _socket;
            private readonly X509Certificate _identity;
            private readonly SslProtocols _protocols;
            private readonly StopFlag _stop = new StopFlag();

            public Acceptor(SipSockets owner, Socket socket, X509Certificate identity, SslProtocols protocols)
            {
                _owner = owner;
                _socket = socket;
                _identity = identity;
                _protocols = protocols;
            }

            public void Start()
            {
                new Thread(Run).Start();
            }

            /// <summary>Closes the listening socket, which ends a Poll in progress.</summary>
            public void Stop()
            {
                _stop.Set();
                CloseSocket(_socket);
            }

            private void Run()
            {
                while (!_stop.IsSet)
                {
                    Socket client;
                    try
                    {
                        if (!_socket.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                        {
                            continue;
                        }

                        client = _socket.Accept();
                    }
                    catch (Exception)
                    {
                        // Closed by Stop, or the stack is out of sockets for a moment.
                        Thread.Sleep(50);
                        continue;
                    }

                    Take(client);
                }
            }

            private void Take(Socket client)
            {
                StreamLink link = null;
                try
                {
                    IPEndPoint peer = client.RemoteEndPoint as IPEndPoint;
                    if (peer != null)
                    {
                        link = _owner.Reserve(this, client, peer.Address.ToString(), peer.Port);
                    }
                }
                catch (Exception)
                {
                    // The peer is gone already, or no memory for the link.
                }

                if (link == null)
                {
                    // No room: closed before any TLS work, so a flood costs no handshakes.
                    CloseSocket(client);
                    return;
                }

                _owner.Settle(link, link.AcceptTls(_identity, _protocols));
            }
        }

        /// <summary>The UDP socket's reader thread: posts each datagram as a Datagram event, closes the socket when stopped.</summary>
        private sealed class DatagramReader
        {
            private readonly Socket _socket;
            private readonly NetEventQueue _events;
            private readonly StopFlag _stop = new StopFlag();

            // One byte over the bound: a longer datagram is then seen as over-limit and answered 513 (RFC 3261 §21.5.7).
            private readonly byte[] _read = new byte[SipLimits.MaxMessageSize + 1];

            public DatagramReader(Socket socket, NetEventQueue events)
            {
                _socket = socket;
                _events = events;
            }

            public void Start()
            {
                new Thread(Run).Start();
            }

            public void Stop()
            {
                _stop.Set();
            }

            private void Run()
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                while (!_stop.IsSet)
                {
                    try
                    {
                        if (!_socket.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                        {
                            continue;
                        }

                        int n = _socket.ReceiveFrom(_read, 0, _read.Length, SocketFlags.None, ref from);
                        IPEndPoint remote = from as IPEndPoint;
                        if (n > 0 && remote != null)
                        {
                            _events.Post(NetEventKind.Datagram, 0, remote.Address.ToString(), remote.Port, null, _read, 0, n, false, null);
                        }
                    }
                    catch (Exception)
                    {
                        // ICMP port unreachable and similar surface as exceptions on the next receive: keep reading.
                        Thread.Sleep(50);
                    }
                }

                CloseSocket(_socket);
            }
        }
    }
}
