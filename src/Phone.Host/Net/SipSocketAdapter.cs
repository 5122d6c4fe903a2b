using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>Settings of a <see cref="SipSocketAdapter"/>.</summary>
    public sealed class SipSocketAdapterOptions
    {
        /// <summary>Where the UDP socket binds (use 127.0.0.1 in tests).</summary>
        public IPAddress LocalAddress { get; set; } = IPAddress.Any;

        /// <summary>UDP port to bind; 0 picks one.</summary>
        public int UdpLocalPort { get; set; }

        /// <summary>False: no UDP socket is ever opened (SIP over TLS only); datagram sends fail.</summary>
        public bool AllowUdp { get; set; } = true;

        public SipConnectOptions Connect { get; set; } = new SipConnectOptions();

        /// <summary>Read buffer per stream connection; also the largest UDP datagram taken whole (SIP over UDP stays far below).</summary>
        public int ReceiveBufferSize { get; set; } = 65536;
    }

    /// <summary>
    /// The host's socket layer for the sans-I/O SIP core. The core asks it to
    /// <see cref="Connect"/>, <see cref="Send"/>, <see cref="SendDatagram"/> and <see cref="Close"/>;
    /// these never block and never throw for network reasons. Everything that happens on the
    /// network comes back as a <see cref="SipSocketEvent"/> in one queue, in order per connection,
    /// which the caller drains on its own thread, so the core needs no locks:
    /// <code>
    /// while (await adapter.WaitAsync(ct))
    ///     while (adapter.TryDequeue(out SipSocketEvent e)) core.OnSocketEvent(e);   // core calls adapter.Send/Connect/Close
    /// </code>
    /// (with the core's timers, wait on <c>WaitAsync</c> and the next deadline together).
    /// TLS uses <see cref="SipTlsPolicy"/> and reports each failure distinctly; a TLS failure is
    /// final — the adapter never retries over TCP or UDP. Connections are keyed by
    /// <see cref="SipConnectionKey"/> (transport, host, port, server name); <see cref="TryFindConnection"/>
    /// only returns an exact match.
    /// </summary>
    public sealed class SipSocketAdapter : IDisposable
    {
        /// <summary>ConnectionId of a datagram from a peer that no UDP connection points at.</summary>
        public const int NoConnection = -1;

        private readonly SipStreamConnector _connector;
        private readonly SipSocketAdapterOptions _options;
        private readonly Channel<SipSocketEvent> _events = Channel.CreateUnbounded<SipSocketEvent>(new UnboundedChannelOptions { SingleReader = true });
        private readonly ConcurrentDictionary<int, Connection> _connections = new ConcurrentDictionary<int, Connection>();
        private readonly CancellationTokenSource _disposing = new CancellationTokenSource();
        private readonly object _udpLock = new object();
        private Socket _udp;
        private int _disposed;

        /// <param name="tlsPolicy">the nf.config [tls] policy; null when the phone uses only TCP/UDP.</param>
        public SipSocketAdapter(SipTlsPolicy tlsPolicy, SipSocketAdapterOptions options = null)
        {
            _options = options ?? new SipSocketAdapterOptions();
            _connector = new SipStreamConnector(tlsPolicy, _options.Connect);
        }

        /// <summary>The queue the caller drains (single reader).</summary>
        public ChannelReader<SipSocketEvent> Events => _events.Reader;

        public bool TryDequeue(out SipSocketEvent e) => _events.Reader.TryRead(out e);

        /// <summary>Completes when an event is waiting; false once the adapter is disposed and drained.</summary>
        public ValueTask<bool> WaitAsync(CancellationToken cancellationToken = default) => _events.Reader.WaitToReadAsync(cancellationToken);

        public ValueTask<SipSocketEvent> DequeueAsync(CancellationToken cancellationToken = default) => _events.Reader.ReadAsync(cancellationToken);

        /// <summary>The UDP socket's address (bound on first use): the sent-by of a Via over UDP.</summary>
        public IPEndPoint UdpLocalEndPoint => (IPEndPoint)Udp().LocalEndPoint;

        /// <summary>Number of connections open or being opened.</summary>
        public int ConnectionCount => _connections.Count;

        /// <summary>
        /// Opens a connection under <paramref name="connectionId"/> (chosen by the caller, unique
        /// among live connections). Returns at once; the outcome is a Connected or ConnectFailed
        /// event. For UDP it only resolves the peer: Send then sends datagrams to it and datagrams
        /// from it carry this id. <paramref name="serverName"/> (TLS) is the name the certificate
        /// must carry; null means <paramref name="host"/>.
        /// </summary>
        public void Connect(int connectionId, SipTransportKind kind, string host, int port, string serverName = null)
        {
            ThrowIfDisposed();
            if (connectionId == NoConnection) throw new ArgumentException("connection id -1 is reserved", nameof(connectionId));
            var key = new SipConnectionKey(kind, host, port, serverName);
            var c = new Connection(connectionId, key, CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token));
            if (!_connections.TryAdd(connectionId, c)) throw new InvalidOperationException("connection id " + connectionId + " is in use");
            if (kind == SipTransportKind.Udp)
            {
                Udp();
                _ = Task.Run(() => OpenUdpAsync(c));
            }
            else
            {
                _ = Task.Run(() => RunStreamAsync(c));
            }
        }

        /// <summary>The live connection opened for exactly this key (TLS: same server name too), if any.</summary>
        public bool TryFindConnection(SipTransportKind kind, string host, int port, string serverName, out int connectionId)
        {
            var key = new SipConnectionKey(kind, host, port, serverName);
            foreach (Connection c in _connections.Values)
            {
                if (c.Key.Equals(key) && !c.Closing)
                {
                    connectionId = c.Id;
                    return true;
                }
            }
            connectionId = NoConnection;
            return false;
        }

        /// <summary>
        /// Queues bytes on a connection (copied; writes keep their order). False when the id is
        /// unknown, closing, or not yet connected; a write error later closes the connection
        /// with ConnectionLost.
        /// </summary>
        public bool Send(int connectionId, byte[] data, int offset, int count)
        {
            if (!_connections.TryGetValue(connectionId, out Connection c) || c.Closing || !c.Open) return false;
            byte[] copy = new byte[count];
            Buffer.BlockCopy(data, offset, copy, 0, count);
            if (c.Key.Transport == SipTransportKind.Udp) return SendTo(c.UdpRemote, copy);
            return c.Outbox.Writer.TryWrite(copy);
        }

        public bool Send(int connectionId, byte[] data) => Send(connectionId, data, 0, data.Length);

        /// <summary>One UDP datagram to <paramref name="remote"/>, from the adapter's UDP socket (e.g. a response to a Via's received/rport).</summary>
        public bool SendDatagram(IPEndPoint remote, byte[] data, int offset, int count)
        {
            ThrowIfDisposed();
            byte[] copy = new byte[count];
            Buffer.BlockCopy(data, offset, copy, 0, count);
            return SendTo(remote, copy);
        }

        /// <summary>
        /// One UDP datagram to <paramref name="host"/>:<paramref name="port"/>; a host name is
        /// resolved first (A record; the send then happens after the lookup). A failure comes back
        /// as a SendFailed event; false only for an immediate failure, which is also posted.
        /// </summary>
        public bool SendDatagram(string host, int port, byte[] data, int offset, int count)
        {
            ThrowIfDisposed();
            byte[] copy = new byte[count];
            Buffer.BlockCopy(data, offset, copy, 0, count);
            UriHostNameType type = Uri.CheckHostName(host);
            if (type == UriHostNameType.IPv4 || (type == UriHostNameType.IPv6 && _options.Connect.AllowIPv6))
            {
                if (SendTo(new IPEndPoint(IPAddress.Parse(host), port), copy)) return true;
                PostSendFailed(host, port, SipSocketError.NetworkError, "datagram to " + host + ":" + port + " not sent");
                return false;
            }
            _ = Task.Run(async () =>
            {
                try
                {
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token))
                    {
                        timeout.CancelAfter(_options.Connect.ConnectTimeout);
                        IPAddress a = await SipDns.ResolveAsync(host, _options.Connect.AllowIPv6, timeout.Token).ConfigureAwait(false);
                        if (!SendTo(new IPEndPoint(a, port), copy))
                            PostSendFailed(host, port, SipSocketError.NetworkError, "datagram to " + host + ":" + port + " (" + a + ") not sent");
                    }
                }
                catch (SipConnectException e)
                {
                    PostSendFailed(host, port, e.Error, e.Message);
                }
                catch (OperationCanceledException)
                {
                    PostSendFailed(host, port, _disposing.IsCancellationRequested ? SipSocketError.Cancelled : SipSocketError.DnsFailed, "no address for " + host + " in time");
                }
            });
            return true;
        }

        private void PostSendFailed(string host, int port, SipSocketError error, string detail) =>
            Post(new SipSocketEvent(SipSocketEventKind.SendFailed, NoConnection, SipTransportKind.Udp) { Host = host, Port = port, Error = error, Detail = detail });

        /// <summary>
        /// Closes cleanly: pending writes go out, then TLS close_notify and FIN (bounded), then a
        /// Closed event (or ConnectFailed/Cancelled if it was still connecting). Unknown ids are ignored.
        /// </summary>
        public void Close(int connectionId)
        {
            if (!_connections.TryGetValue(connectionId, out Connection c)) return;
            c.Closing = true;
            if (c.Key.Transport == SipTransportKind.Udp)
            {
                if (c.Open) Finish(c, SipSocketEventKind.Closed, SipSocketError.None, "closed locally");
                else SafeCancel(c);
                return;
            }
            if (c.Open) c.Outbox.Writer.TryComplete();
            else SafeCancel(c);
        }

        private static void SafeCancel(Connection c)
        {
            try { c.Cancel.Cancel(); } catch (ObjectDisposedException) { }
        }

        private async Task OpenUdpAsync(Connection c)
        {
            try
            {
                IPAddress a = await SipDns.ResolveAsync(c.Key.Host, _options.Connect.AllowIPv6, c.Cancel.Token).ConfigureAwait(false);
                c.UdpRemote = new IPEndPoint(a, c.Key.Port);
                if (c.Cancel.IsCancellationRequested) throw new OperationCanceledException();
                c.Open = true;
                Post(new SipSocketEvent(SipSocketEventKind.Connected, c.Id, SipTransportKind.Udp) { Remote = c.UdpRemote, Local = UdpLocalEndPoint });
            }
            catch (OperationCanceledException)
            {
                Finish(c, SipSocketEventKind.ConnectFailed, SipSocketError.Cancelled, "closed before the address was resolved");
            }
            catch (SipConnectException e)
            {
                Finish(c, SipSocketEventKind.ConnectFailed, e.Error, e.Message);
            }
        }

        private async Task RunStreamAsync(Connection c)
        {
            SipStreamConnection s;
            try
            {
                s = await _connector.ConnectAsync(c.Key, c.Cancel.Token).ConfigureAwait(false);
            }
            catch (SipConnectException e)
            {
                Finish(c, SipSocketEventKind.ConnectFailed, e.Error, e.Message);
                return;
            }
            catch (Exception e)
            {
                Finish(c, SipSocketEventKind.ConnectFailed, SipSocketError.NetworkError, e.GetType().Name + ": " + e.Message);
                return;
            }
            if (c.Cancel.IsCancellationRequested)
            {
                s.Dispose();
                Finish(c, SipSocketEventKind.ConnectFailed, SipSocketError.Cancelled, "closed while connecting");
                return;
            }
            c.Stream = s;
            c.Open = true;
            Post(new SipSocketEvent(SipSocketEventKind.Connected, c.Id, c.Key.Transport)
            {
                Remote = s.RemoteEndPoint,
                Local = s.LocalEndPoint,
                TlsProtocol = s.TlsProtocol,
                Detail = s.IsTls ? s.TlsProtocol + ", " + s.Verdict.Detail : null,
            });
            Task writer = WriteLoopAsync(c, s);
            SipSocketError error = SipSocketError.None;
            string detail = "closed by peer";
            byte[] buffer = new byte[_options.ReceiveBufferSize];
            try
            {
                while (true)
                {
                    int n = await s.Stream.ReadAsync(buffer, 0, buffer.Length, c.Cancel.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    byte[] data = new byte[n];
                    Buffer.BlockCopy(buffer, 0, data, 0, n);
                    Post(new SipSocketEvent(SipSocketEventKind.Received, c.Id, c.Key.Transport) { Data = data, Remote = s.RemoteEndPoint });
                }
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException
                || e is System.Security.Authentication.AuthenticationException || e is InvalidOperationException)
            {
                if (!c.Closing)
                {
                    error = SipSocketError.ConnectionLost;
                    detail = e.GetType().Name + ": " + (e.InnerException?.Message ?? e.Message);
                }
            }
            if (c.Closing) detail = "closed locally";
            c.Outbox.Writer.TryComplete();
            SafeCancel(c);
            try { await writer.ConfigureAwait(false); } catch { /* the writer reports nothing itself */ }
            s.Dispose();
            Finish(c, SipSocketEventKind.Closed, error, detail);
        }

        private async Task WriteLoopAsync(Connection c, SipStreamConnection s)
        {
            try
            {
                while (await c.Outbox.Reader.WaitToReadAsync(c.Cancel.Token).ConfigureAwait(false))
                {
                    while (c.Outbox.Reader.TryRead(out byte[] data))
                    {
                        await s.Stream.WriteAsync(data, 0, data.Length, c.Cancel.Token).ConfigureAwait(false);
                    }
                    await s.Stream.FlushAsync(c.Cancel.Token).ConfigureAwait(false);
                }
                // Outbox completed by Close(): everything queued is written; now close_notify + FIN.
                if (c.Closing) await s.CloseAsync(_options.Connect.CloseTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException
                || e is InvalidOperationException || e is NotSupportedException)
            {
                // Breaks the read loop, which reports Closed.
                s.Dispose();
            }
        }

        private Socket Udp()
        {
            lock (_udpLock)
            {
                if (_udp != null) return _udp;
                ThrowIfDisposed();
                if (!_options.AllowUdp) throw new InvalidOperationException("UDP is off (SIP over TLS only)");
                var u = new Socket(_options.LocalAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                u.Bind(new IPEndPoint(_options.LocalAddress, _options.UdpLocalPort));
                _udp = u;
                _ = Task.Run(() => UdpReceiveLoopAsync(u));
                return u;
            }
        }

        private bool SendTo(IPEndPoint remote, byte[] data)
        {
            if (!_options.AllowUdp) return false;
            try
            {
                Udp().SendTo(data, SocketFlags.None, remote);
                return true;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return false;
            }
        }

        private async Task UdpReceiveLoopAsync(Socket u)
        {
            byte[] buffer = new byte[_options.ReceiveBufferSize];
            EndPoint any = new IPEndPoint(u.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
            while (!_disposing.IsCancellationRequested)
            {
                SocketReceiveFromResult r;
                try
                {
                    r = await u.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, any, _disposing.Token).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    continue; // ICMP port unreachable on some platforms; UDP has no connection to lose.
                }
                catch (Exception e) when (e is ObjectDisposedException || e is OperationCanceledException)
                {
                    return;
                }
                var from = (IPEndPoint)r.RemoteEndPoint;
                byte[] data = new byte[r.ReceivedBytes];
                Buffer.BlockCopy(buffer, 0, data, 0, data.Length);
                int id = NoConnection;
                foreach (Connection c in _connections.Values)
                {
                    if (c.Key.Transport == SipTransportKind.Udp && c.Open && !c.Closing && from.Equals(c.UdpRemote))
                    {
                        id = c.Id;
                        break;
                    }
                }
                Post(new SipSocketEvent(SipSocketEventKind.Received, id, SipTransportKind.Udp) { Data = data, Remote = from });
            }
        }

        private void Finish(Connection c, SipSocketEventKind kind, SipSocketError error, string detail)
        {
            if (Interlocked.Exchange(ref c.Finished, 1) != 0) return;
            _connections.TryRemove(new System.Collections.Generic.KeyValuePair<int, Connection>(c.Id, c));
            c.Cancel.Dispose();
            Post(new SipSocketEvent(kind, c.Id, c.Key.Transport) { Error = error, Detail = detail });
        }

        private void Post(SipSocketEvent e) => _events.Writer.TryWrite(e);

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(SipSocketAdapter));
        }

        /// <summary>Aborts every connection (each still reports Closed/ConnectFailed) and completes the queue once they have.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            foreach (Connection c in _connections.Values)
            {
                c.Closing = true;
                if (c.Key.Transport == SipTransportKind.Udp && c.Open) Finish(c, SipSocketEventKind.Closed, SipSocketError.None, "adapter disposed");
            }
            _disposing.Cancel();
            lock (_udpLock) _udp?.Dispose();
            // Let the stream tasks post their final events, then end the queue.
            _ = Task.Run(async () =>
            {
                for (int i = 0; i < 100 && !_connections.IsEmpty; i++) await Task.Delay(20).ConfigureAwait(false);
                _events.Writer.TryComplete();
            });
        }

        private sealed class Connection
        {
            public Connection(int id, SipConnectionKey key, CancellationTokenSource cancel)
            {
                Id = id;
                Key = key;
                Cancel = cancel;
            }

            public readonly int Id;
            public readonly SipConnectionKey Key;
            public readonly CancellationTokenSource Cancel;
            public readonly Channel<byte[]> Outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
            public volatile bool Open;
            public volatile bool Closing;
            public SipStreamConnection Stream;
            public IPEndPoint UdpRemote;
            public int Finished;
        }
    }
}
