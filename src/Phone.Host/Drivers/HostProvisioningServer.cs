using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Phone.App.Drivers;
using Phone.Device.Provisioning;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The provisioning endpoint's HTTPS listener on the host, shaped as the board's: one connection at a time, the
    /// request bounded by ProvisioningConnection's absolute deadline from the accept (the handshake included), no
    /// plain HTTP, the endpoint (Phone.Device) called under the store lock, Connection: close. Also serves
    /// `provision device`, the endpoint without the rest of the phone.
    /// </summary>
    public sealed class HostProvisioningServer : IProvisioningServer, IDisposable
    {
        /// <summary>Socket send timeout; the request itself is bounded by ProvisioningConnection.RequestDeadlineMs.</summary>
        public const int IdleTimeoutMs = 10000;

        private readonly IPAddress _bind;
        private readonly int _port;
        private readonly IClock _clock;
        private TcpListener _listener;
        private Thread _thread;
        private volatile bool _stop;
        private int _applied;

        public HostProvisioningServer(IPAddress bind, int port, IClock clock)
        {
            _bind = bind ?? IPAddress.Loopback;
            _port = port;
            _clock = clock;
        }

        /// <summary>The port listened on (after Start).</summary>
        public int Port { get; private set; }

        public bool ConfigApplied => Volatile.Read(ref _applied) != 0;

        public string LastError { get; private set; }

        /// <summary>Requests answered since Start.</summary>
        public int Requests { get; private set; }

        /// <summary>Called with each answered request (status line for logs); may be null.</summary>
        public Action<ProvisioningResponse> Answered { get; set; }

        public bool Start(ProvisioningEndpoint endpoint, object storeLock, byte[] certificatePem, byte[] keyPem)
        {
            X509Certificate2 identity = PemIdentity.Load(certificatePem, keyPem);
            if (identity == null)
            {
                LastError = "provisioning key unusable";
                return false;
            }

            try
            {
                _listener = new TcpListener(_bind, _port);
                _listener.Start(2);
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            }
            catch (SocketException)
            {
                LastError = "provisioning port " + _port + " unavailable";
                return false;
            }

            _stop = false;
            Volatile.Write(ref _applied, 0);
            _thread = new Thread(() => Run(endpoint, storeLock, identity)) { IsBackground = true, Name = "provisioning" };
            _thread.Start();
            return true;
        }

        public void Stop()
        {
            _stop = true;
            try { _listener?.Stop(); } catch (SocketException) { }
        }

        public void Dispose() => Stop();

        private void Run(ProvisioningEndpoint endpoint, object storeLock, X509Certificate2 identity)
        {
            while (!_stop)
            {
                Socket client;
                try
                {
                    client = _listener.AcceptSocket();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    return;
                }

                ProvisioningResponse answer = ServeOne(client, endpoint, () => _clock.NowMs, identity, storeLock);
                if (answer == null) continue;
                Requests++;
                if (answer.ConfigApplied) Volatile.Write(ref _applied, 1);
                Answered?.Invoke(answer);
            }
        }

        /// <summary>TLS handshake, then one request fed into the endpoint and answered; null when the client went away first.</summary>
        public static ProvisioningResponse ServeOne(Socket client, ProvisioningEndpoint endpoint, Func<long> nowMs, X509Certificate2 identity, object storeLock)
        {
            using (client)
            {
                string source = (client.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? string.Empty;
                // The deadline covers the handshake too: a client that stalls it holds the single connection as well.
                ProvisioningConnection connection = endpoint.Accept(source, nowMs());
                client.ReceiveTimeout = ProvisioningConnection.RequestDeadlineMs;
                client.SendTimeout = IdleTimeoutMs;
                using var network = new NetworkStream(client, ownsSocket: false);
                using var tls = new SslStream(network, leaveInnerStreamOpen: true);
                try
                {
                    tls.AuthenticateAsServer(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = identity,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ClientCertificateRequired = false,
                    });
                }
                catch (Exception e) when (e is AuthenticationException || e is IOException || e is SocketException)
                {
                    // Plain HTTP, a refused pin, a stalled handshake: nothing was read, nothing answered.
                    return null;
                }

                byte[] buffer = new byte[2048];
                try
                {
                    while (!connection.Expire(nowMs()))
                    {
                        // Wait at most until the request's absolute deadline, however the bytes trickle in.
                        long left = connection.DeadlineMs - nowMs();
                        client.ReceiveTimeout = (int)Math.Max(1, left);
                        int n;
                        try
                        {
                            n = tls.Read(buffer, 0, buffer.Length);
                        }
                        catch (IOException e) when (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut)
                        {
                            // SslStream cannot continue after a timed-out read: the request is out of time or broken.
                            connection.Expire(connection.DeadlineMs);
                            break;
                        }

                        if (n == 0) return null;
                        lock (storeLock)
                        {
                            connection.Receive(buffer, 0, n, nowMs());
                        }
                    }

                    byte[] bytes = connection.Response.ToBytes();
                    tls.Write(bytes, 0, bytes.Length);
                    tls.Flush();
                    // Close notify, then half-close and read what the client still sends (an unread body), so closing
                    // does not reset the connection before the client has read the answer (RFC 9112 §9.6).
                    tls.ShutdownAsync().Wait(1000);
                    client.Shutdown(SocketShutdown.Send);
                    client.ReceiveTimeout = 1000;
                    int drained = 0;
                    while (drained < 4 * 1024 * 1024)
                    {
                        int n = client.Receive(buffer);
                        if (n == 0) break;
                        drained += n;
                    }
                }
                catch (Exception e) when (e is SocketException || e is IOException || e is AggregateException)
                {
                }

                return connection.Response;
            }
        }
    }
}
