using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Drivers;
using Phone.Host.Net;
using Phone.Sdes;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Crypto;

namespace Phone.Host.Sip
{
    /// <summary>Settings of a <see cref="SipHostEndpoint"/>.</summary>
    public sealed class SipHostEndpointOptions
    {
        /// <summary>Address of the UDP socket and the TCP listener, and the host of Via and Contact.</summary>
        public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

        /// <summary>UDP port (0 picks one); not opened when sip.transport is tls. Requests are taken from the registrar /
        /// outbound proxy only unless sip.accept_from_any.</summary>
        public int UdpPort { get; set; }

        /// <summary>Accept inbound TCP connections (requests only; responses go back on them); never when sip.transport is tls.</summary>
        public bool ListenTcp { get; set; } = true;

        /// <summary>TCP listening port; 0 picks one.</summary>
        public int TcpPort { get; set; }

        /// <summary>The device instance id (RFC 5626 §4.1); a fresh UUID when null.</summary>
        public string InstanceId { get; set; }

        public SipRegistrationTimers RegistrationTimers { get; set; }

        public SipTimerSettings TransactionTimers { get; set; }

        public int MaxTransactions { get; set; } = 64;

        public int MaxConnections { get; set; } = 16;

        /// <summary>RFC 5626 §4.4.1 CRLF keep-alive interval on stream flows; 0 off.</summary>
        public long KeepAliveIntervalMs { get; set; } = 120000;

        public SipConnectOptions Connect { get; set; } = new SipConnectOptions();

        /// <summary>The core's clock (NowMs); a fresh Stopwatch when null. Share it with whatever else feeds the core times.</summary>
        public Stopwatch Clock { get; set; }

        /// <summary>REGISTER with the configured registrar on Start (off for a handset called directly).</summary>
        public bool Register { get; set; } = true;

        /// <summary>
        /// Server certificate (with its private key) for inbound TLS; null: no TLS listener. Accepted TLS
        /// connections become core connections, so a peer can call this endpoint with no registrar in between.
        /// </summary>
        public X509Certificate2 ServerCertificate { get; set; }

        /// <summary>
        /// TLS listening port; 0 takes the UDP port's number (TCP and UDP ports are separate), so the one port in
        /// Via and Contact is right for both, falling back to any free port when that number is taken.
        /// </summary>
        public int TlsPort { get; set; }
    }

    /// <summary>
    /// A transaction user in front of registration on the endpoint's pump (e.g. the call agent). Each method
    /// returns true when it handled the message; otherwise the endpoint's own handling applies. Called only on
    /// the pump thread.
    /// </summary>
    public interface ISipHostUser
    {
        bool OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs);

        bool OnResponse(SipTransaction tx, SipMessage response, long nowMs);

        bool OnTimeout(SipTransaction tx, long nowMs);

        bool OnTransportError(SipTransaction tx, long nowMs);

        void OnFlowFailed(int connectionId, long nowMs);

        /// <summary>When the pump must call AdvanceTo next; long.MaxValue when nothing is timed.</summary>
        long NextDeadlineMs { get; }

        void AdvanceTo(long nowMs);
    }

    /// <summary>
    /// The host's pump for the sans-I/O SIP core: one thread runs SipTransport, SipTransactionLayer,
    /// SipRequestPolicy and SipRegistration, feeds them SipSocketAdapter events (and inbound TCP it accepts
    /// itself), executes their TransportActions (Connect / Send / SendTo / Close) and wakes at their
    /// NextDeadlineMs. Everything else (tests, a CLI) talks to it through <see cref="Post"/>, so the core needs
    /// no locks. Over sip.transport tls it has no UDP socket and no TCP listener; over udp/tcp the core takes
    /// requests only from the registrar / proxy unless sip.accept_from_any. OPTIONS gets 200 from the policy; other requests go to <see cref="User"/> (a call agent) and
    /// get 480 when it does not take them. With a server certificate it also accepts inbound TLS.
    /// </summary>
    public sealed class SipHostEndpoint : IDisposable, ISipTransactionUser, ISipRegistrationListener
    {
        private readonly SipHostEndpointOptions _options;
        // Work for the pump: a queue and an event rather than a BlockingCollection, whose timed TryTake with a
        // cancellation token makes a linked CancellationTokenSource every time it has to wait (each media frame).
        private readonly ConcurrentQueue<Action> _work = new ConcurrentQueue<Action>();
        private readonly AutoResetEvent _workReady = new AutoResetEvent(false);
        private readonly Stopwatch _clock;
        private readonly SipSocketAdapter _adapter;
        private readonly SipTransport _transport;
        private readonly SipTransactionLayer _layer;
        private readonly SipRequestPolicy _policy;
        private readonly SipRegistration _registration;
        private readonly Dictionary<int, Inbound> _inbound = new Dictionary<int, Inbound>();
        private readonly List<SipRegistrationEvent> _events = new List<SipRegistrationEvent>();
        private readonly object _eventsLock = new object();
        private readonly SipMessageWriter _writer = new SipMessageWriter();
        private readonly byte[] _answer = new byte[SipLimits.MaxMessageSize];
        private readonly SipNameAddr _addr = new SipNameAddr();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private TcpListener _listener;
        private TcpListener _tlsListener;
        private ISipHostUser _user;
        private Thread _thread;
        private int _disposed;

        public SipHostEndpoint(SipSettings sip, SipTlsPolicy tlsPolicy, SipHostEndpointOptions options = null)
        {
            if (sip == null) throw new ArgumentNullException(nameof(sip));
            _options = options ?? new SipHostEndpointOptions();
            _clock = _options.Clock ?? Stopwatch.StartNew();
            // Over TLS every request comes on our verified flow to the registrar (or on the TLS listener opened on
            // purpose with a server certificate): no UDP socket, no TCP listener (security finding 2).
            bool tlsOnly = sip.Transport == SipTransportKind.Tls;
            _adapter = new SipSocketAdapter(tlsPolicy, new SipSocketAdapterOptions
            {
                LocalAddress = _options.ListenAddress,
                UdpLocalPort = _options.UdpPort,
                Connect = _options.Connect,
                AllowUdp = !tlsOnly,
            });
            UdpPort = tlsOnly ? 0 : _adapter.UdpLocalEndPoint.Port;
            if (_options.ListenTcp && !tlsOnly)
            {
                _listener = new TcpListener(_options.ListenAddress, _options.TcpPort);
                _listener.Start(64);
                TcpPort = ((IPEndPoint)_listener.LocalEndpoint).Port;
            }

            if (_options.ServerCertificate != null)
            {
                int want = _options.TlsPort != 0 ? _options.TlsPort : (UdpPort != 0 ? UdpPort : _options.UdpPort);
                _tlsListener = ListenTls(_options.ListenAddress, want);
                TlsPort = ((IPEndPoint)_tlsListener.LocalEndpoint).Port;
            }

            SipPort = UdpPort != 0 ? UdpPort : (TlsPort != 0 ? TlsPort : _options.UdpPort);

            IEntropySource entropy = new SystemEntropy();
            _transport = new SipTransport(_options.MaxConnections, 1024) { KeepAliveIntervalMs = _options.KeepAliveIntervalMs };
            _layer = new SipTransactionLayer(_transport, entropy, _options.TransactionTimers, _options.MaxTransactions)
            {
                LocalHost = _options.ListenAddress.ToString(),
                LocalPort = SipPort,
                // Our Via names the UDP port; stream responses come back on the connection, so sent-by is
                // checked on host only (the port differs from the connection's local port).
                CheckSentBy = true,
            };
            _policy = new SipRequestPolicy(_layer, this);
            _layer.User = _policy;
            _registration = new SipRegistration(_layer, sip, _options.InstanceId ?? Guid.NewGuid().ToString(), entropy, _options.RegistrationTimers)
            {
                Listener = this,
            };
            // Requests only from the registrar / outbound proxy SipRegistration listed, unless sip.accept_from_any.
            _layer.UsePhoneLimits(sip.AcceptFromAny);
            _serverNames = new[] { _registration.FirstHopHost, string.IsNullOrEmpty(sip.Registrar) ? sip.Domain : sip.Registrar };
            _transport.Sink = new TracingSink(this, _layer);
        }

        private readonly string[] _serverNames;

        private static TcpListener ListenTls(IPAddress address, int port)
        {
            try
            {
                var l = new TcpListener(address, port);
                l.Start(64);
                return l;
            }
            catch (SocketException)
            {
                var l = new TcpListener(address, 0);
                l.Start(64);
                return l;
            }
        }

        /// <summary>The inbound TLS listening port (0 when there is no server certificate).</summary>
        public int TlsPort { get; }

        /// <summary>The TU in front of registration (set before Start; used only on the pump thread).</summary>
        public ISipHostUser User
        {
            get => _user;
            set => _user = value;
        }

        /// <summary>Raised on the pump thread for every SIP message sent or received (not keep-alives).</summary>
        public event Action<SipTraceEntry> Traced;

        /// <summary>Inbound TCP connections closed at once: not from a listed source (sip.accept_from_any off).</summary>
        public int RefusedConnections { get; private set; }

        /// <summary>Inbound TLS handshakes that failed.</summary>
        public int TlsAcceptFailures { get; private set; }

        /// <summary>The UDP port the endpoint listens and sends on; 0 over TLS (no UDP socket).</summary>
        public int UdpPort { get; }

        /// <summary>The port of our Via and Contact: the UDP port, else the TLS listener's, else the one asked for.</summary>
        public int SipPort { get; }

        /// <summary>The TCP listening port (0 when not listening).</summary>
        public int TcpPort { get; }

        /// <summary>The registration (read only from the pump thread, e.g. inside <see cref="Invoke{T}"/>).</summary>
        public SipRegistration Registration => _registration;

        public SipRequestPolicy Policy => _policy;

        public SipTransactionLayer Layer => _layer;

        public SipTransport Transport => _transport;

        /// <summary>Milliseconds since the endpoint was made: the core's clock.</summary>
        public long NowMs => _clock.ElapsedMilliseconds;

        /// <summary>Raised on the pump thread for every registration change.</summary>
        public event Action<SipRegistrationEvent> RegistrationChanged;

        /// <summary>Every registration change so far (a copy).</summary>
        public SipRegistrationEvent[] Events
        {
            get { lock (_eventsLock) return _events.ToArray(); }
        }

        /// <summary>Inbound requests answered 480 (not OPTIONS, not handled by the policy).</summary>
        public int RequestsRefused { get; private set; }

        /// <summary>Starts the pump thread and the registration.</summary>
        public void Start()
        {
            if (_thread != null) return;
            _thread = new Thread(Run) { IsBackground = true, Name = "sip-endpoint" };
            _thread.Start();
            if (_listener != null) _ = Task.Run(() => AcceptLoopAsync(_listener, false));
            if (_tlsListener != null) _ = Task.Run(() => AcceptLoopAsync(_tlsListener, true));
            _ = Task.Run(ForwardAdapterEventsAsync);
            if (_options.Register) Post(() => _registration.Start(NowMs));
            foreach (string name in _serverNames)
            {
                // Datagrams from the registrar / proxy carry its address: list the addresses its name resolves to.
                if (string.IsNullOrEmpty(name) || IPAddress.TryParse(name, out _)) continue;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        IPAddress a = await SipDns.ResolveAsync(name, _options.Connect.AllowIPv6, _stop.Token).ConfigureAwait(false);
                        Post(() => _layer.NoteResolved(name, a.ToString()));
                    }
                    catch (Exception e) when (e is SipConnectException || e is OperationCanceledException)
                    {
                    }
                });
            }
        }

        /// <summary>Unregisters (Expires: 0) and waits up to timeout for Unregistered.</summary>
        public async Task<bool> UnregisterAsync(TimeSpan timeout)
        {
            int seen = Events.Length;
            Post(() => _registration.Shutdown(NowMs));
            return await WaitForAsync(e => e.State == Phone.Sip.Registration.RegistrationState.Unregistered, seen, timeout).ConfigureAwait(false) != null;
        }

        /// <summary>Runs work on the pump thread.</summary>
        public void Post(Action work)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                _work.Enqueue(work);
                _workReady.Set();
            }
        }

        /// <summary>Runs f on the pump thread and returns its result.</summary>
        public Task<T> Invoke<T>(Func<T> f)
        {
            var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { tcs.SetResult(f()); } catch (Exception e) { tcs.SetException(e); }
            });
            return tcs.Task;
        }

        /// <summary>The first event from index `from` on that matches, or null after timeout.</summary>
        public async Task<SipRegistrationEvent> WaitForAsync(Func<SipRegistrationEvent, bool> match, int from, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < timeout)
            {
                SipRegistrationEvent[] all = Events;
                for (int i = from; i < all.Length; i++)
                {
                    if (match(all[i])) return all[i];
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            return null;
        }

        // ---------------------------------------------------------------- the pump

        private void Run()
        {
            while (!_stop.IsCancellationRequested)
            {
                long now = NowMs;
                _layer.AdvanceTo(now);
                _registration.AdvanceTo(now);
                _user?.AdvanceTo(now);
                Execute();
                long next = Math.Min(_layer.NextDeadlineMs, _registration.NextDeadlineMs);
                if (_user != null) next = Math.Min(next, _user.NextDeadlineMs);
                int wait = next == long.MaxValue ? 1000 : (int)Math.Clamp(next - NowMs, 0, 1000);
                if (!_work.TryDequeue(out Action a))
                {
                    // Dispose sets the event after cancelling, so a stop never waits out the timeout.
                    _workReady.WaitOne(wait);
                    if (_stop.IsCancellationRequested) break;
                    if (!_work.TryDequeue(out a)) continue;
                }

                int n = 0;
                do
                {
                    a();
                    Execute();
                }
                while (++n < 256 && _work.TryDequeue(out a));
            }
        }

        /// <summary>Runs the core's queued transport actions against the sockets.</summary>
        private void Execute()
        {
            TransportAction a;
            while ((a = _transport.Actions.Dequeue()) != null)
            {
                long now = NowMs;
                switch (a.Kind)
                {
                    case TransportActionKind.Connect:
                        if (_inbound.TryGetValue(a.ConnectionId, out Inbound inbound))
                        {
                            // An accepted connection taken into the table: it is already open.
                            _transport.OnConnected(a.ConnectionId, now);
                            _ = Task.Run(() => ReadInboundAsync(inbound));
                            break;
                        }

                        try
                        {
                            _adapter.Connect(a.ConnectionId, a.Transport, a.Host, a.Port, a.ServerName);
                        }
                        catch (Exception e) when (e is InvalidOperationException || e is ArgumentException)
                        {
                            _registration.NoteTransportFailure(e.Message);
                            _transport.OnConnectFailed(a.ConnectionId, e.Message, now);
                        }

                        break;
                    case TransportActionKind.Send:
                        Trace(a.Data, a.Offset, a.Count, a.Transport, a.Host, a.Port);
                        if (_inbound.TryGetValue(a.ConnectionId, out Inbound c))
                        {
                            if (!c.Write(a.Data, a.Offset, a.Count))
                            {
                                CloseInbound(a.ConnectionId);
                                _transport.OnSendFailed(a.ConnectionId, "write failed", now);
                            }
                        }
                        else if (!_adapter.Send(a.ConnectionId, a.Data, a.Offset, a.Count))
                        {
                            _transport.OnSendFailed(a.ConnectionId, "not connected", now);
                        }

                        break;
                    case TransportActionKind.SendTo:
                        Trace(a.Data, a.Offset, a.Count, SipTransportKind.Udp, a.Host, a.Port);
                        _adapter.SendDatagram(a.Host, a.Port, a.Data, a.Offset, a.Count);
                        break;
                    case TransportActionKind.Close:
                        if (_inbound.ContainsKey(a.ConnectionId)) CloseInbound(a.ConnectionId);
                        else _adapter.Close(a.ConnectionId);
                        break;
                }
            }
        }

        private async Task ForwardAdapterEventsAsync()
        {
            try
            {
                while (await _adapter.WaitAsync(_stop.Token).ConfigureAwait(false))
                {
                    while (_adapter.TryDequeue(out SipSocketEvent e)) Post(() => OnSocketEvent(e));
                }
            }
            catch (OperationCanceledException) { }
        }

        private void OnSocketEvent(SipSocketEvent e)
        {
            long now = NowMs;
            switch (e.Kind)
            {
                case SipSocketEventKind.Connected:
                    _transport.OnConnected(e.ConnectionId, now);
                    break;
                case SipSocketEventKind.ConnectFailed:
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        string reason = Describe(e);
                        _registration.NoteTransportFailure(reason);
                        _transport.OnConnectFailed(e.ConnectionId, reason, now);
                    }

                    break;
                case SipSocketEventKind.Received:
                    if (e.Transport == SipTransportKind.Udp)
                    {
                        _transport.OnDatagram(e.Data, 0, e.Data.Length, e.Remote.Address.ToString(), e.Remote.Port, now);
                    }
                    else
                    {
                        _transport.OnStreamData(e.ConnectionId, e.Data, 0, e.Data.Length, now);
                    }

                    break;
                case SipSocketEventKind.SendFailed:
                    _transport.OnSendToFailed(e.Host, e.Port, Describe(e), now);
                    break;
                case SipSocketEventKind.Closed:
                    if (_transport.Find(e.ConnectionId) != null)
                    {
                        string reason = "connection closed" + (e.Error != SipSocketError.None ? " (" + e.Error + ")" : "");
                        _registration.NoteTransportFailure(reason);
                        _transport.OnConnectionClosed(e.ConnectionId, reason, now);
                    }

                    break;
            }
        }

        private static string Describe(SipSocketEvent e) => e.Detail == null ? e.Error.ToString() : e.Error + ": " + e.Detail;

        // ---------------------------------------------------------------- tracing

        /// <summary>The remote is made into a string only for a message traced (not for a CRLF keep-alive).</summary>
        private void Trace(byte[] data, int offset, int count, SipTransportKind kind, string host, int port)
        {
            if (Traced == null || data == null || count < 12) return;
            string remote = host + ":" + port;
            var span = new ReadOnlySpan<byte>(data, offset, Math.Min(count, SipLimits.MaxMessageSize));
            int eol = span.IndexOf((byte)13);
            if (eol <= 0) return;
            string line = System.Text.Encoding.ASCII.GetString(span.Slice(0, eol));
            var e = new SipTraceEntry { AtMs = NowMs, Outbound = true, Transport = kind, Remote = remote };
            if (line.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', 3);
                if (parts.Length < 2 || !int.TryParse(parts[1], out int status)) return;
                e.Status = status;
                e.Reason = parts.Length > 2 ? parts[2] : "";
                e.Method = CSeqMethod(System.Text.Encoding.ASCII.GetString(span));
            }
            else
            {
                int sp = line.IndexOf(' ');
                if (sp <= 0) return;
                e.IsRequest = true;
                e.Method = line.Substring(0, sp);
            }

            Traced(e);
        }

        private static string CSeqMethod(string message)
        {
            foreach (string l in message.Split("\r\n"))
            {
                if (l.Length == 0) break;
                if (l.StartsWith("CSeq:", StringComparison.OrdinalIgnoreCase))
                {
                    string[] p = l.Substring(5).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return p.Length > 1 ? p[1] : "";
                }
            }

            return "";
        }

        private void TraceReceived(SipMessage m, SipSource source)
        {
            if (Traced == null) return;
            var e = new SipTraceEntry
            {
                AtMs = NowMs,
                Outbound = false,
                Transport = source.Transport,
                Remote = source.Host + ":" + source.Port,
                IsRequest = m.IsRequest,
            };
            if (m.IsRequest)
            {
                e.Method = m.Method;
            }
            else
            {
                e.Status = m.StatusCode;
                e.Reason = m.ReasonPhrase;
                string cseq = m.GetValue(SipHeader.CSeq);
                string[] p = cseq == null ? new string[0] : cseq.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                e.Method = p.Length > 1 ? p[1] : "";
            }

            Traced(e);
        }

        /// <summary>Sits between SipTransport and the transaction layer to report received messages.</summary>
        private sealed class TracingSink : ISipTransportSink
        {
            private readonly SipHostEndpoint _owner;
            private readonly ISipTransportSink _inner;

            public TracingSink(SipHostEndpoint owner, ISipTransportSink inner)
            {
                _owner = owner;
                _inner = inner;
            }

            public void OnMessage(SipMessage message, SipSource source, long nowMs)
            {
                _owner.TraceReceived(message, source);
                _inner.OnMessage(message, source, nowMs);
            }

            public void OnMalformed(SipMessage head, SipError error, SipSource source, long nowMs) => _inner.OnMalformed(head, error, source, nowMs);

            public void OnConnectionOpen(int connectionId, long nowMs) => _inner.OnConnectionOpen(connectionId, nowMs);

            public void OnConnectionFailed(int connectionId, long nowMs) => _inner.OnConnectionFailed(connectionId, nowMs);

            public void OnDatagramFailed(string host, int port, long nowMs) => _inner.OnDatagramFailed(host, port, nowMs);
        }

        // ---------------------------------------------------------------- inbound TCP

        private async Task AcceptLoopAsync(TcpListener listener, bool tls)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
                {
                    if (_stop.IsCancellationRequested) return;
                    continue;
                }

                if (!tls)
                {
                    Post(() => AdoptInbound(client, client.GetStream(), SipTransportKind.Tcp));
                    continue;
                }

                _ = Task.Run(async () =>
                {
                    // RFC 5630 / RFC 3261 §26.2: the server side of SIP over TLS. The client certificate is not
                    // required (phones are identified by digest at a registrar, or not at all when called directly).
                    var ssl = new SslStream(client.GetStream(), false);
                    try
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        timeout.CancelAfter(_options.Connect.HandshakeTimeout);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _options.ServerCertificate,
                            ClientCertificateRequired = false,
                            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                        }, timeout.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is System.IO.IOException || e is System.Security.Authentication.AuthenticationException ||
                                              e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
                    {
                        Post(() => TlsAcceptFailures++);
                        ssl.Dispose();
                        client.Dispose();
                        return;
                    }

                    Post(() => AdoptInbound(client, ssl, SipTransportKind.Tls));
                });
            }
        }

        private void AdoptInbound(TcpClient client, System.IO.Stream stream, SipTransportKind kind)
        {
            var remote = (IPEndPoint)client.Client.RemoteEndPoint;
            if (kind == SipTransportKind.Tcp && !_layer.Accepts(remote.Address.ToString()))
            {
                // Not our registrar / proxy and sip.accept_from_any is off: no connection slot for it.
                RefusedConnections++;
                stream.Dispose();
                client.Dispose();
                return;
            }

            int id = _transport.Acquire(kind, remote.Address.ToString(), remote.Port, null, NowMs, out SipTransportStatus st);
            if (id == 0 || _transport.IsOpen(id))
            {
                // Connection table full (bounded memory): refuse the connection.
                stream.Dispose();
                client.Dispose();
                return;
            }

            _inbound[id] = new Inbound(id, client, stream);
        }

        private async Task ReadInboundAsync(Inbound c)
        {
            byte[] buffer = new byte[8192];
            try
            {
                while (true)
                {
                    int n = await c.Stream.ReadAsync(buffer, 0, buffer.Length, _stop.Token).ConfigureAwait(false);
                    if (n <= 0) break;
                    byte[] data = new byte[n];
                    Buffer.BlockCopy(buffer, 0, data, 0, n);
                    Post(() => _transport.OnStreamData(c.Id, data, 0, data.Length, NowMs));
                }
            }
            catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException || e is OperationCanceledException || e is SocketException)
            {
            }

            Post(() =>
            {
                if (_inbound.ContainsKey(c.Id))
                {
                    CloseInbound(c.Id);
                    _transport.OnConnectionClosed(c.Id, "peer closed", NowMs);
                }
            });
        }

        private void CloseInbound(int id)
        {
            if (_inbound.Remove(id, out Inbound c)) c.Dispose();
        }

        private sealed class Inbound : IDisposable
        {
            public Inbound(int id, TcpClient client, System.IO.Stream stream)
            {
                Id = id;
                Client = client;
                Stream = stream;
            }

            public readonly int Id;
            public readonly TcpClient Client;
            public readonly System.IO.Stream Stream;

            public bool Write(byte[] data, int offset, int count)
            {
                try
                {
                    Stream.Write(data, offset, count);
                    Stream.Flush();
                    return true;
                }
                catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException || e is SocketException)
                {
                    return false;
                }
            }

            public void Dispose()
            {
                Stream.Dispose();
                Client.Dispose();
            }
        }

        // ---------------------------------------------------------------- TU (behind SipRequestPolicy)

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            if (_user != null && _user.OnRequest(tx, request, source, nowMs)) return;
            if (tx == null || request.IsMethod("ACK")) return;

            // No call handling on this endpoint: RFC 3261 §21.4.18 480 Temporarily Unavailable.
            RequestsRefused++;
            _writer.Begin(_answer, 0, _answer.Length);
            if (SipResponseBuilder.Start(_writer, request, 480, "Temporarily Unavailable", _layer.NewTag(), _addr) == SipError.Ok &&
                _writer.Finish(null, 0, 0) == SipError.Ok)
            {
                _layer.SendResponse(tx, _answer, 0, _writer.Length, nowMs);
            }
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (_user != null && _user.OnResponse(tx, response, nowMs)) return;
            _registration.OnResponse(tx, response, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            if (_user != null && _user.OnTimeout(tx, nowMs)) return;
            _registration.OnTimeout(tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            if (_user != null && _user.OnTransportError(tx, nowMs)) return;
            _registration.OnTransportError(tx, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            CloseInbound(connectionId);
            _user?.OnFlowFailed(connectionId, nowMs);
            _registration.OnFlowFailed(connectionId, nowMs);
        }

        public void OnRegistrationChanged(SipRegistrationEvent e)
        {
            lock (_eventsLock) _events.Add(e);
            RegistrationChanged?.Invoke(e);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stop.Cancel();
            _workReady.Set();
            _thread?.Join(2000);
            try { _listener?.Stop(); } catch (SocketException) { }
            try { _tlsListener?.Stop(); } catch (SocketException) { }
            foreach (Inbound c in _inbound.Values) c.Dispose();
            _inbound.Clear();
            _adapter.Dispose();
        }
    }
}
