using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.Device.Provisioning;
using Phone.Firmware.Clock;
using Phone.Firmware.Network;

namespace Phone.Firmware.Provisioning
{
    /// <summary>
    /// The local HTTP service in front of Phone.Device's sans-I/O ProvisioningEndpoint, on a raw TCP socket:
    /// one thread accepts, reads one request into a ProvisioningConnection, writes Response.ToBytes() and closes
    /// (the endpoint always answers with Connection: close). One client at a time: a phone is provisioned by one
    /// person with curl or a browser, and serial handling keeps memory at one head buffer plus one body.
    /// <para>
    /// nanoFramework's HttpListener (System.Net.Http.Server) was not used: the endpoint already parses HTTP with
    /// hard limits (4 KiB head, nf.config-sized body, lock-out), and a raw socket keeps that the only parser that
    /// ever sees untrusted bytes.
    /// </para>
    /// HTTPS only (port 443): the phone's own certificate (I:\prov.crt with I:\prov.key, SetupPolicy names) is
    /// self-signed, and its SHA-256 fingerprint is on the display for `provision push --pin`; without it the server does
    /// not start, since Basic credentials and nf.config must never cross the network in clear. The TLS handshake
    /// counts against the request's absolute deadline.
    /// </summary>
    public sealed class ProvisioningServer : IProvisioningServer
    {
        public const int Port = 443;


        /// <summary>
        /// A request (head, body and our answer) must be done within this long, however the client trickles its
        /// bytes: the server takes one connection at a time, so a slow client would otherwise hold it for hours.
        /// </summary>
        public const int RequestTimeoutMs = 30000;

        private readonly StopFlag _stop = new StopFlag();
        private readonly byte[] _read = new byte[1024];
        private ProvisioningEndpoint _endpoint;
        private object _storeLock;
        private X509Certificate2 _identity;
        private Socket _listener;
        private Thread _thread;
        private int _applied;

        /// <summary>Set (by the server thread) once an upload was stored: the app restarts into it.</summary>
        public bool ConfigApplied
        {
            get { return _applied != 0; }
        }

        public int Requests { get; private set; }

        public string LastError { get; private set; }

        /// <summary>Listens on <see cref="Port"/> and serves on its own thread (once per boot).</summary>
        /// <param name="storeLock">
        /// held while a request is processed: an accepted upload writes through ConfigStore, which the app loop's
        /// provisioning pull also writes, and ConfigStore's journal assumes one writer at a time.
        /// </param>
        /// <param name="certificatePem">the endpoint's certificate (I:\prov.crt); with keyPem (I:\prov.key, unencrypted PEM)
        /// the TLS identity. Without a usable pair the server does not start.</param>
        public bool Start(ProvisioningEndpoint endpoint, object storeLock, byte[] certificatePem, byte[] keyPem)
        {
            if (_thread != null)
            {
                LastError = "provisioning server already started";
                return false;
            }

            _endpoint = endpoint;
            _storeLock = storeLock;
            _identity = ServerIdentity.FromPem(certificatePem, keyPem);
            if (_identity == null)
            {
                LastError = "no TLS key (prov.crt/prov.key)";
                return false;
            }

            try
            {
                _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _listener.Bind(new IPEndPoint(IPAddress.Any, Port));
                _listener.Listen(2);
            }
            catch (Exception)
            {
                LastError = "provisioning port " + Port.ToString() + " unavailable";
                return false;
            }

            _thread = new Thread(Run);
            _thread.Start();
            return true;
        }

        public void Stop()
        {
            _stop.Set();
        }

        private void Run()
        {
            while (!_stop.IsSet)
            {
                Socket client = null;
                try
                {
                    if (!_listener.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                    {
                        continue;
                    }

                    client = _listener.Accept();
                    Serve(client);
                }
                catch (Exception)
                {
                    LastError = "provisioning connection failed";
                }
                finally
                {
                    if (client != null)
                    {
                        try
                        {
                            client.Close();
                        }
                        catch (Exception)
                        {
                        }
                    }
                }
            }

            try
            {
                _listener.Close();
            }
            catch (Exception)
            {
            }
        }

        private void Serve(Socket client)
        {
            Requests++;
            // Per-source guess limits need the peer's address; the deadline is absolute from the accept
            // (ProvisioningConnection.RequestDeadlineMs), so trickling bytes cannot hold the only connection.
            ProvisioningConnection c = _endpoint.Accept(PeerOf(client), DeviceClock.ElapsedMs);
            SslStream ssl = null;
            try
            {
                client.ReceiveTimeout = ProvisioningConnection.RequestDeadlineMs;
                ssl = new SslStream(client);
                ssl.AuthenticateAsServer(_identity, false, SslProtocols.Tls12);
                while (!_stop.IsSet)
                {
                    long now = DeviceClock.ElapsedMs;
                    if (c.Expire(now))
                    {
                        break;
                    }

                    if (!ssl.DataAvailable && !client.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                    {
                        continue;
                    }

                    int n = ssl.Read(_read, 0, _read.Length);
                    if (n <= 0)
                    {
                        return;
                    }

                    lock (_storeLock)
                    {
                        c.Receive(_read, 0, n, DeviceClock.ElapsedMs);
                    }
                }

                if (!c.IsComplete)
                {
                    return;
                }

                byte[] answer = c.Response.ToBytes();
                ssl.Write(answer, 0, answer.Length);
                if (c.Response.ConfigApplied)
                {
                    _applied = 1;
                }
            }
            finally
            {
                if (ssl != null)
                {
                    try
                    {
                        ssl.Dispose();
                    }
                    catch (Exception)
                    {
                    }
                }
            }
        }

        private static string PeerOf(Socket client)
        {
            try
            {
                IPEndPoint peer = client.RemoteEndPoint as IPEndPoint;
                return peer != null ? peer.Address.ToString() : string.Empty;
            }
            catch (Exception)
            {
                return string.Empty;
            }
        }
    }
}
