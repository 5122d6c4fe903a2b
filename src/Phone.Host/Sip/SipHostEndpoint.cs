using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;
using Phone.Sdes;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Host.Sip
{
    /// <summary>Settings of a <see cref="SipHostEndpoint"/>.</summary>
    public sealed class SipHostEndpointOptions
    {
        /// <summary>Address of the UDP socket and the TCP listener, and the host of Via and Contact.</summary>
        public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

        /// <summary>UDP port (0 picks one); requests from anyone are answered on it.</summary>
        public int UdpPort { get; set; }

        /// <summary>Accept inbound TCP connections (requests only; responses go back on them).</summary>
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
    }

    /// <summary>
    /// The host's pump for the sans-I/O SIP core: one thread runs SipTransport, SipTransactionLayer,
    /// SipRequestPolicy and SipRegistration, feeds them SipSocketAdapter events (and inbound TCP it accepts
    /// itself), executes their TransportActions (Connect / Send / SendTo / Close) and wakes at their
    /// NextDeadlineMs. Everything else (tests, a CLI) talks to it through <see cref="Post"/>, so the core needs
    /// no locks. Requests that are not OPTIONS get 480 (no calls here yet); OPTIONS gets 200 from the policy.
    /// </summary>
    public sealed class SipHostEndpoint : IDisposable, ISipTransactionUser, ISipRegistrationListener
    {
        private readonly SipHostEndpointOptions _options;
        private readonly BlockingCollection<Action> _work = new BlockingCollection<Action>(new ConcurrentQueue<Action>());
        private readonly Stopwatch _clock = Stopwatch.StartNew();
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
        private Thread _thread;
        private int _disposed;

        public SipHostEndpoint(SipSettings sip, SipTlsPolicy tlsPolicy, SipHostEndpointOptions options = null)
        {
            if (sip == null) throw new ArgumentNullException(nameof(sip));
            _options = options ?? new SipHostEndpointOptions();
            _adapter = new SipSocketAdapter(tlsPolicy, new SipSocketAdapterOptions
            {
                LocalAddress = _options.ListenAddress,
                UdpLocalPort = _options.UdpPort,
                Connect = _options.Connect,
            });
            UdpPort = _adapter.UdpLocalEndPoint.Port;
            if (_options.ListenTcp)
            {
                _listener = new TcpListener(_options.ListenAddress, _options.TcpPort);
                _listener.Start(64);
                TcpPort = ((IPEndPoint)_listener.LocalEndpoint).Port;
            }

            IEntropySource entropy = new SystemEntropy();
            _transport = new SipTransport(_options.MaxConnections, 1024) { KeepAliveIntervalMs = _options.KeepAliveIntervalMs };
            _layer = new SipTransactionLayer(_transport, entropy, _options.TransactionTimers, _options.MaxTransactions)
            {
                LocalHost = _options.ListenAddress.ToString(),
                LocalPort = UdpPort,
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
        }

        /// <summary>The UDP port the endpoint listens and sends on.</summary>
        public int UdpPort { get; }

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
            if (_listener != null) _ = Task.Run(AcceptLoopAsync);
            _ = Task.Run(ForwardAdapterEventsAsync);
            Post(() => _registration.Start(NowMs));
        }

        /// <summary>Unregisters (Expires: 0) and waits up to timeout for Unregistered.</summary>
        public async Task<bool> UnregisterAsync(TimeSpan timeout)
        {
            int seen = Events.Length;
            Post(() => _registration.Shutdown(NowMs));
            return await WaitForAsync(e => e.State == Phone.Call.RegistrationState.Unregistered, seen, timeout).ConfigureAwait(false) != null;
        }

        /// <summary>Runs work on the pump thread.</summary>
        public void Post(Action work)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                try { _work.Add(work); } catch (InvalidOperationException) { }
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
                Execute();
                long next = Math.Min(_layer.NextDeadlineMs, _registration.NextDeadlineMs);
                int wait = next == long.MaxValue ? 1000 : (int)Math.Clamp(next - NowMs, 0, 1000);
                Action a;
                try
                {
                    if (!_work.TryTake(out a, wait, _stop.Token)) continue;
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                int n = 0;
                do
                {
                    a();
                    Execute();
                }
                while (++n < 256 && _work.TryTake(out a));
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

        // ---------------------------------------------------------------- inbound TCP

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException || e is SocketException)
                {
                    if (_stop.IsCancellationRequested) return;
                    continue;
                }

                Post(() => AdoptInbound(client));
            }
        }

        private void AdoptInbound(TcpClient client)
        {
            var remote = (IPEndPoint)client.Client.RemoteEndPoint;
            int id = _transport.Acquire(SipTransportKind.Tcp, remote.Address.ToString(), remote.Port, null, NowMs, out SipTransportStatus st);
            if (id == 0 || _transport.IsOpen(id))
            {
                // Connection table full (bounded memory): refuse the connection.
                client.Dispose();
                return;
            }

            _inbound[id] = new Inbound(id, client);
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
            public Inbound(int id, TcpClient client)
            {
                Id = id;
                Client = client;
                Stream = client.GetStream();
            }

            public readonly int Id;
            public readonly TcpClient Client;
            public readonly NetworkStream Stream;

            public bool Write(byte[] data, int offset, int count)
            {
                try
                {
                    Stream.Write(data, offset, count);
                    return true;
                }
                catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException || e is SocketException)
                {
                    return false;
                }
            }

            public void Dispose() => Client.Dispose();
        }

        // ---------------------------------------------------------------- TU (behind SipRequestPolicy)

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
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

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs) => _registration.OnResponse(tx, response, nowMs);

        public void OnTimeout(SipTransaction tx, long nowMs) => _registration.OnTimeout(tx, nowMs);

        public void OnTransportError(SipTransaction tx, long nowMs) => _registration.OnTransportError(tx, nowMs);

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            CloseInbound(connectionId);
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
            _thread?.Join(2000);
            try { _listener?.Stop(); } catch (SocketException) { }
            foreach (Inbound c in _inbound.Values) c.Dispose();
            _inbound.Clear();
            _adapter.Dispose();
        }

        /// <summary>Random bytes from the OS CSPRNG (the device uses the ESP32 hardware RNG).</summary>
        private sealed class SystemEntropy : IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }
    }
}
