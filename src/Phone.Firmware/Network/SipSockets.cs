using System;
using System.Net;
using System.Net.Sockets;
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
    /// <see cref="StreamLink"/> (TCP or TLS, on its own thread) per connection the core opens. The threads only post
    /// into the app's NetEventQueue; Phone.App's SipNetwork alone calls SipTransport. Every call here comes from the
    /// app's loop and never throws for network reasons: failures return false with <see cref="LastError"/>.
    /// </summary>
    public sealed class SipSockets : ISipLinks
    {
        /// <summary>Connection slots: as many as the core's SipTransport table (Phone.App's PhoneCore makes 4).</summary>
        public const int MaxLinks = PhoneCore.MaxConnections;

        /// <summary>Bind attempts in Listen: a reader closed by CloseAll may hold the port for one poll period.</summary>
        private const int BindAttempts = 6;

        private readonly HostResolver _resolver;
        private readonly StreamLink[] _links = new StreamLink[MaxLinks];
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
            int slot = -1;
            for (int i = 0; i < _links.Length && slot < 0; i++)
            {
                if (_links[i] == null)
                {
                    slot = i;
                }
            }

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

        public bool Write(int connectionId, byte[] data, int offset, int count)
        {
            for (int i = 0; i < _links.Length; i++)
            {
                if (_links[i] != null && _links[i].ConnectionId == connectionId)
                {
                    return _links[i].Write(data, offset, count);
                }
            }

            return false;
        }

        /// <summary>Stops the link's thread and frees its slot (the core asked, or the link ended by itself).</summary>
        public void Close(int connectionId)
        {
            for (int i = 0; i < _links.Length; i++)
            {
                if (_links[i] != null && _links[i].ConnectionId == connectionId)
                {
                    _links[i].Stop();
                    _links[i] = null;
                }
            }
        }

        /// <summary>Closes every connection and the UDP socket (network lost, or reconfiguration).</summary>
        public void CloseAll()
        {
            for (int i = 0; i < _links.Length; i++)
            {
                if (_links[i] != null)
                {
                    _links[i].Stop();
                    _links[i] = null;
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

        public void FlushNames()
        {
            _resolver.Flush();
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
