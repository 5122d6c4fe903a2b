using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Firmware.Clock;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// The device's SIP socket adapter: executes SipTransport's actions (Connect / Send / SendTo / Close) with
    /// nanoFramework sockets and feeds what the network did back into SipTransport, on the core thread, the way
    /// the host's SipHostEndpoint does with its SipSocketAdapter (src/Phone.Host/Sip/SipHostEndpoint.cs).
    /// <para>
    /// Threads: one StreamLink thread per TCP/TLS connection and one UDP reader thread; they only ever post into
    /// the NetEventQueue. Everything that touches SipTransport (Execute, Deliver) runs on the core thread.
    /// </para>
    /// </summary>
    public sealed class SipSocketTransport
    {
        private readonly SipTransport _transport;
        private readonly NetEventQueue _events;
        private readonly HostResolver _resolver;
        private readonly TlsTrust _trust;
        private readonly StreamLink[] _links;
        private readonly StopFlag _udpStop = new StopFlag();
        // One byte over the bound: a longer datagram is then seen as over-limit and answered 513 (RFC 3261 §21.5.7).
        private readonly byte[] _udpRead = new byte[SipLimits.MaxMessageSize + 1];
        private Socket _udp;
        private Thread _udpThread;
        private EndPoint _sendTarget;

        public SipSocketTransport(SipTransport transport, NetEventQueue events, HostResolver resolver, TlsTrust trust)
        {
            _transport = transport;
            _events = events;
            _resolver = resolver;
            _trust = trust;
            _links = new StreamLink[transport.MaxConnections];
        }

        /// <summary>Told about connect failures and lost flows (its failure text shows on the display); may be null.</summary>
        public SipRegistration Registration { get; set; }

        /// <summary>Told the addresses host names resolve to, so that the registrar's datagrams are recognised; may be null.</summary>
        public Phone.Sip.Transaction.SipTransactionLayer Layer { get; set; }

        /// <summary>The UDP port SIP listens and sends on (Via, Contact); 0 before Start (never started over TLS).</summary>
        public int UdpPort { get; private set; }

        public int SendToFailures { get; private set; }

        public int SendFailures { get; private set; }

        public string LastFailure { get; private set; }

        /// <summary>Binds the SIP UDP socket (port 0 picks one) and starts its reader. False when the socket cannot be made.</summary>
        public bool Start(int localPort)
        {
            // After a rebuild the previous adapter's reader may still hold the port for one poll period.
            for (int attempt = 0; _udp == null; attempt++)
            {
                Socket s = null;
                try
                {
                    s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    s.Bind(new IPEndPoint(IPAddress.Any, localPort));
                    _udp = s;
                    IPEndPoint local = _udp.LocalEndPoint as IPEndPoint;
                    UdpPort = local != null && local.Port != 0 ? local.Port : localPort;
                }
                catch (Exception)
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

                    if (attempt == 5)
                    {
                        LastFailure = "SIP UDP socket could not be bound";
                        return false;
                    }

                    Thread.Sleep(StreamLink.PollMicroseconds / 1000);
                }
            }

            _udpThread = new Thread(UdpReader);
            _udpThread.Start();
            return true;
        }

        /// <summary>Closes every connection and the UDP socket (network lost, or reconfiguration).</summary>
        public void StopAll()
        {
            for (int i = 0; i < _links.Length; i++)
            {
                if (_links[i] != null)
                {
                    _links[i].Stop();
                    _links[i] = null;
                }
            }

            _udpStop.Set();
        }

        /// <summary>Runs the core's queued transport actions. Core thread only; never throws for network reasons.</summary>
        public void Execute()
        {
            TransportAction a;
            while ((a = _transport.Actions.Dequeue()) != null)
            {
                long now = MonotonicClock.NowMs;
                switch (a.Kind)
                {
                    case TransportActionKind.Connect:
                        Connect(a, now);
                        break;
                    case TransportActionKind.Send:
                        StreamLink link = Find(a.ConnectionId);
                        if (link == null || !link.Write(a.Data, a.Offset, a.Count))
                        {
                            SendFailures++;
                            Drop(a.ConnectionId);
                            _transport.OnSendFailed(a.ConnectionId, "write failed", now);
                        }

                        break;
                    case TransportActionKind.SendTo:
                        SendTo(a.Host, a.Port, a.Data, a.Offset, a.Count, now);
                        break;
                    case TransportActionKind.Close:
                        Drop(a.ConnectionId);
                        break;
                }
            }
        }

        /// <summary>Feeds one posted network event to SipTransport. Core thread only.</summary>
        public void Deliver(NetEvent e)
        {
            long now = MonotonicClock.NowMs;
            switch (e.Kind)
            {
                case NetEventKind.Connected:
                    _transport.OnConnected(e.ConnectionId, now);
                    break;
                case NetEventKind.ConnectFailed:
                    Forget(e.ConnectionId);
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        Note(e.Reason);
                        _transport.OnConnectFailed(e.ConnectionId, e.Reason, now);
                    }

                    break;
                case NetEventKind.StreamData:
                    _transport.OnStreamData(e.ConnectionId, e.Data, 0, e.Count, now);
                    break;
                case NetEventKind.Closed:
                    Forget(e.ConnectionId);
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        Note(e.Reason);
                        _transport.OnConnectionClosed(e.ConnectionId, e.Reason, now);
                    }

                    break;
                case NetEventKind.Datagram:
                    _transport.OnDatagram(e.Data, 0, e.Count, e.Host, e.Port, now);
                    break;
            }
        }

        private void Connect(TransportAction a, long now)
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
                _transport.OnConnectFailed(a.ConnectionId, "no free connection", now);
                return;
            }

            StreamLink link = new StreamLink(a.ConnectionId, a.Transport, a.Host, a.Port, a.ServerName, _events, _resolver, _trust);
            _links[slot] = link;
            try
            {
                link.Start();
            }
            catch (Exception)
            {
                // Thread creation failed (out of memory): report like any other connect failure.
                _links[slot] = null;
                Note("out of memory");
                _transport.OnConnectFailed(a.ConnectionId, "out of memory", now);
            }
        }

        private void SendTo(string host, int port, byte[] data, int offset, int count, long now)
        {
            string reason;
            IPAddress address = _resolver.Resolve(host, now, out reason);
            if (address == null || _udp == null)
            {
                SendToFailures++;
                _transport.OnSendToFailed(host, port, reason == null ? "no UDP socket" : reason, now);
                return;
            }

            if (Layer != null && (_sendTarget == null || !((IPEndPoint)_sendTarget).Address.Equals(address)))
            {
                // A new target: when it is the registrar or proxy, its address joins the sources taken requests from.
                Layer.NoteResolved(host, address.ToString());
            }

            try
            {
                IPEndPoint target = _sendTarget as IPEndPoint;
                if (target == null || target.Port != port || !target.Address.Equals(address))
                {
                    // One endpoint object per distinct target: SIP over UDP talks to one server.
                    _sendTarget = new IPEndPoint(address, port);
                }

                _udp.SendTo(data, offset, count, SocketFlags.None, _sendTarget);
            }
            catch (Exception)
            {
                SendToFailures++;
                _transport.OnSendToFailed(host, port, "UDP send failed", now);
            }
        }

        private StreamLink Find(int connectionId)
        {
            for (int i = 0; i < _links.Length; i++)
            {
                if (_links[i] != null && _links[i].ConnectionId == connectionId)
                {
                    return _links[i];
                }
            }

            return null;
        }

        /// <summary>Stops the link's thread and frees its slot (the core asked, or gave the connection up).</summary>
        private void Drop(int connectionId)
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

        /// <summary>Frees the slot of a link whose thread has ended by itself.</summary>
        private void Forget(int connectionId)
        {
            Drop(connectionId);
        }

        private void Note(string reason)
        {
            LastFailure = reason;
            if (Registration != null && reason != null)
            {
                Registration.NoteTransportFailure(reason);
            }
        }

        private void UdpReader()
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (!_udpStop.IsSet)
            {
                try
                {
                    if (!_udp.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                    {
                        continue;
                    }

                    int n = _udp.ReceiveFrom(_udpRead, 0, _udpRead.Length, SocketFlags.None, ref from);
                    IPEndPoint remote = from as IPEndPoint;
                    if (n > 0 && remote != null)
                    {
                        _events.Post(NetEventKind.Datagram, 0, remote.Address.ToString(), remote.Port, null, _udpRead, 0, n, false, null);
                    }
                }
                catch (Exception)
                {
                    // ICMP port unreachable and similar surface as exceptions on the next receive: keep reading.
                    Thread.Sleep(50);
                }
            }

            try
            {
                _udp.Close();
            }
            catch (Exception)
            {
            }
        }
    }
}
