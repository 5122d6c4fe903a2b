using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Phone.App.Net;
using Phone.Firmware.Clock;
using Phone.Sip;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// One SIP stream connection (TCP, or TLS over TCP) and the thread that owns its connect and its reads.
    /// An accepted connection (the SIP listener's) has no connect: the listener's thread runs its server
    /// handshake, and its own thread only reads, from the app's Adopt on.
    /// <para>
    /// The thread resolves the host (A record), connects, runs the TLS handshake with the configured CA and the
    /// server name (TlsTrust), posts Connected or ConnectFailed, then reads and posts StreamData until the peer
    /// closes, an error occurs or Stop is called, and finally posts Closed (unless the core closed it). Reads
    /// wait in Socket.Poll with a bounded timeout, which yields to other managed threads, so the thread notices
    /// Stop within PollMicroseconds. Writes come from the core thread (Write) and are serialised by a lock.
    /// </para>
    /// <para>
    /// Bounded waits (docs/firmware.md "Blocking calls and stalls"): one deadline of OpenTimeoutMs starts before
    /// DNS and covers connect and handshake; when it passes, a timer closes the socket, which ends the yielding
    /// wait of Socket.Connect and the link posts ConnectFailed "... timed out". Socket.ReceiveTimeout and
    /// SendTimeout are set before the handshake: SslStream.Read/Write hand them to nanoCLR's SecureRead/SecureWrite
    /// as their wait bound, so the core thread's Write waits at most WriteTimeoutMs for a peer that does not read.
    /// </para>
    /// <para>
    /// The TLS handshake itself is one native call that blocks the whole runtime (SslNative.SecureConnect calls
    /// ssl_connect_internal, which loops on mbedtls_ssl_handshake on a blocking socket without yielding); a
    /// peer that never answers would block it forever on stock nanoCLR (mbedTLS waits in select with no timeout).
    /// The phone's nanoCLR carries hardware/firmware/nanoclr/nf_ssl_deadline.c, which ends that call
    /// after NativeHandshakeBoundMs; the timer cannot run during the call. With RSA-2048 on the ESP32 a normal
    /// handshake is expected to take about a second (UNVERIFIED on hardware): audio stalls that long if it
    /// happens during a call.
    /// </para>
    /// </summary>
    public sealed class StreamLink
    {
        /// <summary>How long a read waits before checking Stop.</summary>
        public const int PollMicroseconds = 250000;

        /// <summary>DNS + TCP connect + TLS handshake, from before DNS.</summary>
        public const int OpenTimeoutMs = 15000;

        /// <summary>The bound the firmware's nanoCLR patch puts on one handshake (NF_SSL_HANDSHAKE_TIMEOUT_MS).</summary>
        public const int NativeHandshakeBoundMs = 10000;

        /// <summary>How long a write on the core thread may wait for the peer to take data.</summary>
        public const int WriteTimeoutMs = 1000;

        /// <summary>Bound of one read's wait once Poll said data is there (SslStream.Read's SecureRead timeout).</summary>
        public const int ReadTimeoutMs = 5000;

        /// <summary>How long an accepted connection may take to send its first bytes (the ClientHello).</summary>
        public const int HelloWaitMs = 2000;

        private const int ReadBytes = 2048;

        private readonly object _writeLock = new object();
        private readonly StopFlag _stop = new StopFlag();
        private readonly SocketDeadline _deadline = new SocketDeadline();
        private readonly NetEventQueue _events;
        private readonly HostResolver _resolver;
        private readonly TlsTrust _trust;
        private readonly HandshakeMarker _marker;
        private readonly byte[] _read = new byte[ReadBytes];
        private Socket _socket;
        private SslStream _ssl;
        private Thread _thread;
        private bool _open;

        public StreamLink(int connectionId, SipTransportKind transport, string host, int port, string serverName,
            NetEventQueue events, HostResolver resolver, TlsTrust trust, HandshakeMarker marker)
        {
            ConnectionId = connectionId;
            Transport = transport;
            Host = host;
            Port = port;
            ServerName = serverName;
            _events = events;
            _resolver = resolver;
            _trust = trust;
            _marker = marker;
        }

        /// <summary>
        /// A connection the SIP listener accepted (SipSockets.ListenTls): linkId (negative) names it until the app
        /// adopts it. The listener's thread runs its handshake (<see cref="AcceptTls"/>); its own thread starts at
        /// <see cref="Adopt"/>.
        /// </summary>
        public StreamLink(int linkId, Socket accepted, string host, int port, NetEventQueue events)
        {
            ConnectionId = linkId;
            Transport = SipTransportKind.Tls;
            Host = host;
            Port = port;
            _socket = accepted;
            _events = events;
        }

        /// <summary>The core's connection id; negative for an accepted link the app has not adopted yet.</summary>
        public int ConnectionId { get; private set; }

        public SipTransportKind Transport { get; private set; }

        public string Host { get; private set; }

        public int Port { get; private set; }

        public string ServerName { get; private set; }

        /// <summary>Bytes read and written (diagnostics).</summary>
        public long BytesIn { get; private set; }

        public long BytesOut { get; private set; }

        public void Start()
        {
            _deadline.Start(OpenTimeoutMs);
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>
        /// Asks the thread to close the connection and end; no Closed event is posted afterwards. An accepted link
        /// without its thread yet (handshake, or waiting for the app) is closed here.
        /// </summary>
        public void Stop()
        {
            _stop.Set();
            _deadline.Abort();
            if (_thread == null)
            {
                CloseAll();
            }
        }

        /// <summary>
        /// The server side of the TLS handshake on an accepted socket, on the listener's thread, then Accepted is
        /// posted (waiting for room in the ring). False when the peer sent nothing within
        /// <see cref="HelloWaitMs"/>, the handshake failed or timed out, or the link was stopped meanwhile.
        /// </summary>
        public bool AcceptTls(X509Certificate identity, SslProtocols protocols)
        {
            try
            {
                // The handshake is one native call that stops every managed thread until it ends (at most
                // NativeHandshakeBoundMs): a peer that connects and says nothing is dropped before it starts.
                if (!_socket.Poll(HelloWaitMs * 1000, SelectMode.SelectRead))
                {
                    return false;
                }

                lock (_writeLock)
                {
                    if (_stop.IsSet)
                    {
                        return false;
                    }

                    // Set before the handshake, as for a link we open: no read or write on it is ever unbounded.
                    _socket.ReceiveTimeout = ReadTimeoutMs;
                    _socket.SendTimeout = WriteTimeoutMs;
                    _ssl = new SslStream(_socket);
                }

                // No client certificate: whoever completes the handshake may send requests (docs/security.md).
                _ssl.AuthenticateAsServer(identity, false, protocols);
            }
            catch (Exception)
            {
                // Stop closed it meanwhile, or the handshake failed (version, cipher, garbage) or hit its bound.
                return false;
            }

            return _events.Post(NetEventKind.Accepted, ConnectionId, Host, Port, null, null, 0, 0, true, _stop);
        }

        /// <summary>
        /// The app adopted an accepted link as connection connectionId: writes are taken from now on and the link's
        /// thread starts reading (StreamData, then Closed, under the new id). Throws when the thread cannot be made.
        /// </summary>
        public void Adopt(int connectionId)
        {
            ConnectionId = connectionId;
            lock (_writeLock)
            {
                _open = true;
            }

            Thread reader = new Thread(ReadToEnd);
            reader.Start();
            _thread = reader;
        }

        /// <summary>Writes on the core thread. False when the connection is not open or the write failed.</summary>
        public bool Write(byte[] data, int offset, int count)
        {
            lock (_writeLock)
            {
                if (!_open || _stop.IsSet)
                {
                    return false;
                }

                try
                {
                    if (_ssl != null)
                    {
                        _ssl.Write(data, offset, count);
                    }
                    else
                    {
                        int sent = 0;
                        while (sent < count)
                        {
                            int n = _socket.Send(data, offset + sent, count - sent, SocketFlags.None);
                            if (n <= 0)
                            {
                                return false;
                            }

                            sent += n;
                        }
                    }

                    BytesOut += count;
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }
        }

        private void Run()
        {
            string failure = Open();
            _deadline.Stop();
            if (failure == null && _deadline.Fired)
            {
                // The timer closed the socket just as the open finished.
                failure = _stop.IsSet ? "cancelled"
                    : Transport == SipTransportKind.Tls ? "TLS handshake with " + ServerName + " timed out"
                    : "TCP connect to " + Host + ":" + Port.ToString() + " timed out";
            }

            if (failure != null)
            {
                CloseAll();
                if (!_stop.IsSet)
                {
                    _events.Post(NetEventKind.ConnectFailed, ConnectionId, Host, Port, failure, null, 0, 0, true, null);
                }

                return;
            }

            lock (_writeLock)
            {
                _open = true;
            }

            _events.Post(NetEventKind.Connected, ConnectionId, Host, Port, null, null, 0, 0, true, _stop);
            ReadToEnd();
        }

        /// <summary>Reads until the connection ends, closes it and posts Closed (unless the core closed it).</summary>
        private void ReadToEnd()
        {
            string reason = ReadLoop();
            lock (_writeLock)
            {
                _open = false;
            }

            CloseAll();
            if (!_stop.IsSet)
            {
                _events.Post(NetEventKind.Closed, ConnectionId, Host, Port, reason, null, 0, 0, true, null);
            }
        }

        /// <summary>DNS, TCP connect, TLS handshake. Returns null on success or the reason it failed.</summary>
        private string Open()
        {
            string reason;
            IPAddress address = _resolver.Resolve(Host, DeviceClock.ElapsedMs, out reason);
            if (address == null)
            {
                return reason;
            }

            if (_stop.IsSet)
            {
                return "cancelled";
            }

            try
            {
                _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                // Managed bounds only (nanoFramework's properties do not reach lwIP): SecureRead/SecureWrite and
                // Socket.Receive/Send wait at most this long. Set before the handshake so that no read or write
                // on this link is ever unbounded.
                _socket.ReceiveTimeout = ReadTimeoutMs;
                _socket.SendTimeout = WriteTimeoutMs;
                _deadline.Watch(_socket);
                _socket.Connect(new IPEndPoint(address, Port));
            }
            catch (Exception)
            {
                if (_stop.IsSet)
                {
                    return "cancelled";
                }

                return "TCP connect to " + Host + ":" + Port.ToString() + (_deadline.Expired ? " timed out" : " failed");
            }

            if (Transport != SipTransportKind.Tls)
            {
                return null;
            }

            if (_trust == null || !_trust.IsUsable)
            {
                // No fallback to TCP or to an unverified handshake (docs/tls-policy.md "No fallback").
                return _trust == null || _trust.Error == null ? "TLS: no CA configured" : "TLS: " + _trust.Error;
            }

            long started = DeviceClock.ElapsedMs;
            try
            {
                _ssl = new SslStream(_socket);
                _ssl.SslVerification = SslVerification.CertificateRequired;
                _marker.Enter("sip " + ServerName);
                _ssl.AuthenticateAsClient(_trust.TargetHostFor(ServerName), _trust.ClientCertificate, _trust.Ca, _trust.Protocols);
                _marker.Leave();
            }
            catch (Exception)
            {
                _marker.Leave();
                if (_stop.IsSet)
                {
                    return "cancelled";
                }

                if (_deadline.Fired || DeviceClock.ElapsedMs - started >= NativeHandshakeBoundMs)
                {
                    // The patched nanoCLR ended a handshake the peer did not answer (or the timer closed the socket).
                    return "TLS handshake with " + ServerName + " timed out";
                }

                // mbedTLS does not tell untrusted from name mismatch through the managed API: one reason for both.
                return "TLS handshake with " + ServerName + " failed (certificate, name or version)";
            }

            return null;
        }

        private string ReadLoop()
        {
            while (!_stop.IsSet)
            {
                int n;
                try
                {
                    bool ready = (_ssl != null && _ssl.DataAvailable) || _socket.Poll(PollMicroseconds, SelectMode.SelectRead);
                    if (!ready)
                    {
                        continue;
                    }

                    n = _ssl != null ? _ssl.Read(_read, 0, ReadBytes) : _socket.Receive(_read, 0, ReadBytes, SocketFlags.None);
                }
                catch (Exception)
                {
                    return "connection lost";
                }

                if (n <= 0)
                {
                    return "closed by peer";
                }

                BytesIn += n;
                if (!_events.Post(NetEventKind.StreamData, ConnectionId, Host, Port, null, _read, 0, n, true, _stop))
                {
                    return "stopped";
                }
            }

            return "stopped";
        }

        private void CloseAll()
        {
            lock (_writeLock)
            {
                try
                {
                    if (_ssl != null)
                    {
                        _ssl.Dispose();
                    }
                }
                catch (Exception)
                {
                }

                try
                {
                    if (_socket != null)
                    {
                        _socket.Close();
                    }
                }
                catch (Exception)
                {
                }

                _ssl = null;
                _socket = null;
            }
        }
    }
}
