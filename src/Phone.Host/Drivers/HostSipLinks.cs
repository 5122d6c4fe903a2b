using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.Config;
using Phone.Host.Net;
using Phone.Sip;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// SIP's sockets on the host: a UDP socket with a reader thread, and TCP/TLS connections made by
    /// <see cref="SipStreamConnector"/> (the nf.config trust policy: CA and host name verified, TLS 1.2+, bounded
    /// connect and handshake) each read by its own task. Readers only post into the app's NetEventQueue, as the
    /// board's links do; a write that the peer does not take within <see cref="WriteTimeoutMs"/> fails the flow
    /// instead of freezing the app's loop.
    /// </summary>
    public sealed class HostSipLinks : ISipLinks, IDisposable
    {
        /// <summary>Longest the app's loop waits for a stream write (a stalled peer's window full).</summary>
        public const int WriteTimeoutMs = 1000;

        private readonly IPAddress _bind;
        private readonly Func<string, string> _resolvePath;
        private readonly SipConnectOptions _connect;
        private readonly Dictionary<int, Link> _links = new Dictionary<int, Link>();
        private readonly byte[] _udpRead = new byte[SipLimits.MaxMessageSize + 1];
        private NetEventQueue _inbox;
        private HandshakeMarker _marker;
        private SipStreamConnector _connector;
        private Socket _udp;
        private Thread _udpThread;
        private readonly StopFlag _udpStop = new StopFlag();
        private volatile bool _down;
        private TcpListener _listener;
        private int _acceptCounter;

        /// <param name="bind">the host's address for the UDP socket (and the source of connections).</param>
        /// <param name="resolvePath">maps nf.config's device paths (I:\ca.pem) to host files.</param>
        public HostSipLinks(IPAddress bind, Func<string, string> resolvePath, SipConnectOptions connect = null)
        {
            _bind = bind ?? IPAddress.Loopback;
            _resolvePath = resolvePath;
            _connect = connect ?? new SipConnectOptions();
        }

        /// <summary>Every SIP message sent or received on these links (for a ladder); raised on the links' threads.</summary>
        public event Action<SipTraceEntry> Traced;

        /// <summary>The clock the trace entries are stamped with (ms); null stamps 0.</summary>
        public Func<long> TraceClock { get; set; }

        public int DatagramPort { get; private set; }

        public string LastResolved { get; private set; }

        public string LastError { get; private set; }

        public void Attach(NetEventQueue inbox, HandshakeMarker marker)
        {
            _inbox = inbox;
            _marker = marker;
        }

        public string UseTls(TlsSettings tls)
        {
            try
            {
                _connector = new SipStreamConnector(SipTlsPolicy.FromConfig(tls, _resolvePath), _connect);
                return null;
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is System.Security.Cryptography.CryptographicException || e is InvalidOperationException)
            {
                _connector = new SipStreamConnector(null, _connect);
                return "TLS: " + e.Message;
            }
        }

        public bool Listen(int localPort)
        {
            try
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    s.Bind(new IPEndPoint(_bind, localPort));
                }
                catch (SocketException) when (localPort != 0)
                {
                    // The well-known port is taken on a shared host: any port still receives answers to what the phone
                    // sends (rport), but Via and Contact keep naming PhoneMode.SipPort, so requests sent to the Contact
                    // miss this phone. Several phones with UDP SIP on one host each take their own loopback address
                    // (VirtualPhoneOptions.Address).
                    s.Bind(new IPEndPoint(_bind, 0));
                }

                _udp = s;
                DatagramPort = ((IPEndPoint)s.LocalEndPoint).Port;
                _udpThread = new Thread(ReadDatagrams) { IsBackground = true, Name = "sip-udp" };
                _udpThread.Start();
                return true;
            }
            catch (SocketException e)
            {
                LastError = "SIP UDP socket could not be bound: " + e.SocketErrorCode;
                return false;
            }
        }

        public bool SendTo(string host, int port, byte[] data, int offset, int count, long nowMs)
        {
            Socket udp = _udp;
            if (udp == null || _down)
            {
                LastError = _down ? "network down" : "no UDP socket";
                return false;
            }

            IPAddress address = Resolve(host);
            if (address == null)
            {
                LastError = "cannot resolve " + host;
                return false;
            }

            try
            {
                udp.SendTo(data, offset, count, SocketFlags.None, new IPEndPoint(address, port));
                LastResolved = address.ToString();
                TraceOut(data, offset, count, SipTransportKind.Udp, host + ":" + port);
                return true;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                LastError = "UDP send failed";
                return false;
            }
        }

        public bool Connect(int connectionId, SipTransportKind kind, string host, int port, string serverName)
        {
            if (_connector == null) UseTls(new TlsSettings());
            var link = new Link(connectionId, host, port);
            lock (_links) _links[connectionId] = link;
            if (_down)
            {
                link.Task = Task.Run(() => Post(NetEventKind.ConnectFailed, link, "network unreachable", null, 0, false));
                return true;
            }

            link.Task = Task.Run(() => RunLink(link, kind, serverName));
            return true;
        }

        public bool Write(int connectionId, byte[] data, int offset, int count)
        {
            Link link;
            lock (_links) _links.TryGetValue(connectionId, out link);
            Stream s = link?.Connection?.Stream ?? link?.Inbound;
            if (s == null) return false;
            try
            {
                Task w = s.WriteAsync(data, offset, count, link.Stop.Token);
                if (w.Wait(WriteTimeoutMs))
                {
                    TraceOut(data, offset, count, SipTransportKind.Tls, link.Host + ":" + link.Port);
                    return true;
                }

                LastError = "write stalled";
                return false;
            }
            catch (Exception e) when (e is AggregateException || e is IOException || e is ObjectDisposedException || e is InvalidOperationException)
            {
                return false;
            }
        }

        public void Close(int connectionId)
        {
            Link link;
            lock (_links)
            {
                if (!_links.TryGetValue(connectionId, out link)) return;
                _links.Remove(connectionId);
            }

            link.Close();
        }

        public void CloseAll()
        {
            Link[] all;
            lock (_links)
            {
                all = new Link[_links.Count];
                _links.Values.CopyTo(all, 0);
                _links.Clear();
            }

            foreach (Link l in all) l.Shut();
            try { _listener?.Stop(); } catch (SocketException) { }
            _listener = null;
            _udpStop.Set();
            try { _udp?.Dispose(); } catch (ObjectDisposedException) { }
            _udp = null;
        }

        public void FlushNames()
        {
        }

        /// <summary>
        /// The host has no network-given server to offer: without sip.dns_server names go to the operating system's
        /// resolver (A/AAAA only) as before.
        /// </summary>
        public string DnsServer => null;

        /// <summary>Accepted connections waiting for the app (Accepted posted, not yet adopted) at most.</summary>
        public const int MaxPendingAccepts = 4;

        /// <summary>TLS connections the listener accepted (handshake complete).</summary>
        public int Accepted { get; private set; }

        /// <summary>Inbound connections dropped: handshake failed or too slow, too many waiting, refused by the app.</summary>
        public int AcceptFailures { get; private set; }

        /// <summary>The port the TLS listener is bound to (0: none).</summary>
        public int ListenPort { get; private set; }

        public bool ListenTls(int port, byte[] certificatePem, byte[] keyPem)
        {
            X509Certificate2 identity = PemIdentity.Load(certificatePem, keyPem);
            if (identity == null)
            {
                LastError = "TLS listener: key unusable";
                return false;
            }

            try
            {
                _listener = new TcpListener(_bind, port);
                _listener.Start(8);
            }
            catch (SocketException)
            {
                LastError = "TLS listener: port " + port + " unavailable";
                return false;
            }

            ListenPort = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(() => AcceptLoop(_listener, identity));
            return true;
        }

        public void Adopt(int linkId, int connectionId)
        {
            Link link;
            lock (_links)
            {
                if (!_links.TryGetValue(linkId, out link)) return;
                _links.Remove(linkId);
                if (connectionId != 0) _links[connectionId] = link;
            }

            if (connectionId == 0)
            {
                AcceptFailures++;
                link.Shut();
                return;
            }

            link.Id = connectionId;
            link.Task = Task.Run(() => ReadLink(link));
        }

        private async Task AcceptLoop(TcpListener listener, X509Certificate2 identity)
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => Handshake(socket, identity));
            }
        }

        private async Task Handshake(Socket socket, X509Certificate2 identity)
        {
            var remote = (IPEndPoint)socket.RemoteEndPoint;
            int pending;
            lock (_links) { pending = 0; foreach (int id in _links.Keys) if (id < 0) pending++; }
            if (pending >= MaxPendingAccepts || _down)
            {
                AcceptFailures++;
                socket.Dispose();
                return;
            }

            var network = new NetworkStream(socket, ownsSocket: true);
            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            using var limit = new CancellationTokenSource(_connect.HandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = identity,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, limit.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AuthenticationException || e is IOException || e is OperationCanceledException || e is SocketException)
            {
                AcceptFailures++;
                ssl.Dispose();
                return;
            }

            Accepted++;
            int linkId = -Interlocked.Increment(ref _acceptCounter);
            var link = new Link(linkId, remote.Address.ToString(), remote.Port) { Inbound = ssl };
            lock (_links) _links[linkId] = link;
            if (!Post(NetEventKind.Accepted, link, null, null, 0, true))
            {
                lock (_links) _links.Remove(linkId);
                link.Shut();
            }
        }

        /// <summary>
        /// The network is gone (the Wi-Fi model dropped): every connection breaks as a socket does when the interface
        /// goes away, and nothing can be sent or connected until <see cref="NetworkUp"/>.
        /// </summary>
        public void NetworkDown()
        {
            _down = true;
            Link[] all;
            lock (_links)
            {
                all = new Link[_links.Count];
                _links.Values.CopyTo(all, 0);
            }

            foreach (Link l in all)
            {
                if (l.Flag.IsSet) continue;
                l.Shut();
                _inbox?.Post(NetEventKind.Closed, l.Id, l.Host, l.Port, "network down", null, 0, 0, false, null);
            }
        }

        public void NetworkUp() => _down = false;

        public void Dispose() => CloseAll();

        private async Task RunLink(Link link, SipTransportKind kind, string serverName)
        {
            SipStreamConnection c;
            try
            {
                _marker?.Enter("sip " + (serverName ?? link.Host));
                try
                {
                    c = await _connector.ConnectAsync(new SipConnectionKey(kind, link.Host, link.Port, serverName), link.Stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    _marker?.Leave();
                }
            }
            catch (Exception e) when (e is SipConnectException || e is SocketException || e is IOException || e is OperationCanceledException || e is InvalidOperationException)
            {
                Post(NetEventKind.ConnectFailed, link, e.Message, null, 0, false);
                return;
            }

            link.Connection = c;
            if (link.Stop.IsCancellationRequested)
            {
                c.Dispose();
                return;
            }

            Post(NetEventKind.Connected, link, null, null, 0, true);
            await ReadLink(link).ConfigureAwait(false);
        }

        /// <summary>Posts what the connection delivers until it closes; then Closed, unless the app closed it.</summary>
        private async Task ReadLink(Link link)
        {
            Stream stream = link.Connection?.Stream ?? link.Inbound;
            byte[] buffer = new byte[4096];
            string reason = "closed by peer";
            try
            {
                while (true)
                {
                    int n = await stream.ReadAsync(buffer, 0, buffer.Length, link.Stop.Token).ConfigureAwait(false);
                    if (n <= 0) break;
                    if (Traced != null) link.Trace.FeedStream(buffer, 0, n, SipTransportKind.Tls, link.Host + ":" + link.Port, Now(), e => Traced?.Invoke(e));
                    if (!Post(NetEventKind.StreamData, link, null, buffer, n, true)) return;
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException || e is OperationCanceledException || e is SocketException)
            {
                reason = link.Flag.IsSet ? null : "connection broke: " + e.Message;
            }

            if (!link.Flag.IsSet) Post(NetEventKind.Closed, link, reason, null, 0, true);
        }

        private bool Post(NetEventKind kind, Link link, string reason, byte[] data, int count, bool wait) =>
            _inbox != null && _inbox.Post(kind, link.Id, link.Host, link.Port, reason, data, 0, count, wait, link.Flag);

        private void ReadDatagrams()
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            Socket udp = _udp;
            while (!_udpStop.IsSet && udp != null)
            {
                try
                {
                    if (!udp.Poll(250_000, SelectMode.SelectRead)) continue;
                    int n = udp.ReceiveFrom(_udpRead, 0, _udpRead.Length, SocketFlags.None, ref from);
                    var remote = (IPEndPoint)from;
                    if (n > 0 && !_down && Traced != null)
                    {
                        SipTraceEntry e = SipWireTrace.FromBytes(_udpRead, 0, n, false, SipTransportKind.Udp, remote.Address + ":" + remote.Port, Now());
                        if (e != null) Traced(e);
                    }

                    if (n > 0 && !_down) _inbox?.Post(NetEventKind.Datagram, 0, remote.Address.ToString(), remote.Port, null, _udpRead, 0, n, false, null);
                }
                catch (SocketException)
                {
                    // ICMP port unreachable and similar surface on the next receive: keep reading.
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        }

        private long Now() => TraceClock != null ? TraceClock() : 0;

        private void TraceOut(byte[] data, int offset, int count, SipTransportKind kind, string remote)
        {
            if (Traced == null) return;
            SipTraceEntry e = SipWireTrace.FromBytes(data, offset, count, true, kind, remote, Now());
            if (e != null) Traced(e);
        }

        private static IPAddress Resolve(string host)
        {
            if (IPAddress.TryParse(host, out IPAddress ip)) return ip;
            try
            {
                foreach (IPAddress a in Dns.GetHostAddresses(host))
                    if (a.AddressFamily == AddressFamily.InterNetwork) return a;
            }
            catch (SocketException)
            {
            }

            return null;
        }

        /// <summary>Longest a clean close of a connection (close_notify, FIN) may take before the socket is dropped.</summary>
        private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(1);

        private sealed class Link
        {
            public Link(int id, string host, int port)
            {
                Id = id;
                Host = host;
                Port = port;
            }

            public int Id;
            public readonly string Host;
            public readonly int Port;
            public readonly CancellationTokenSource Stop = new CancellationTokenSource();
            public readonly StopFlag Flag = new StopFlag();
            public SipStreamConnection Connection;

            /// <summary>An accepted connection's TLS stream (instead of Connection).</summary>
            public SslStream Inbound;

            /// <summary>Frames the received stream into messages for the trace.</summary>
            public readonly SipWireTrace Trace = new SipWireTrace();
            public Task Task;

            /// <summary>
            /// The app closes the link: an open connection ends cleanly in the background (TLS close_notify, then FIN,
            /// RFC 8446 §6.1, bounded by <see cref="CloseTimeout"/>) before its reader stops; one still connecting is
            /// abandoned.
            /// </summary>
            public void Close()
            {
                Flag.Set();
                SipStreamConnection c = Connection;
                if (c == null)
                {
                    Shut();
                    return;
                }

                _ = Task.Run(async () =>
                {
                    await c.CloseAsync(CloseTimeout).ConfigureAwait(false);
                    Shut();
                });
            }

            /// <summary>Ends the link at once (no close_notify): the interface went away, or the whole driver stops.</summary>
            public void Shut()
            {
                Flag.Set();
                Stop.Cancel();
                Connection?.Dispose();
                Inbound?.Dispose();
            }
        }
    }
}
