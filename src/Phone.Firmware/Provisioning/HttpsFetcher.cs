using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Firmware.Clock;
using Phone.Firmware.Network;

namespace Phone.Firmware.Provisioning
{
    /// <summary>
    /// One HTTPS GET of provisioning.url on a worker thread, for Phone.Device's ProvisioningPull (which decides
    /// when to fetch and what to do with the body). Trust is the SIP one (TlsTrust: only tls.ca, TLS 1.2+) except the
    /// server name, which is always the URL's host (PullTarget.ServerName): tls.verify_hostname = false never reaches
    /// the pull. Plain http:// is refused, since an nf.config carries the SIP password.
    /// <para>
    /// The request is HTTP/1.1 with Connection: close. The answer is read until the server closes and then must
    /// prove it is complete (PulledAnswer): Content-Length matched exactly, or chunked coding with its last chunk;
    /// otherwise it is discarded. Only status 200 yields a body. Redirects are not followed (a provisioning server
    /// is configured with its final URL). At most maxBytes of body are kept: a larger file fails as too large.
    /// nanoFramework's HttpClient was not used so that the pull goes through exactly the TLS setup the SIP
    /// connection uses, and because its client package's assembly name (System.Net.Http) maps to the server+client
    /// API list in the target check.
    /// </para>
    /// The core thread starts a fetch with Begin and polls IsDone; the worker touches nothing else.
    /// <para>
    /// One deadline of TimeoutMs covers the whole fetch and starts in Begin, before DNS, connect and the TLS
    /// handshake (a server that accepts and then says nothing cannot hold the fetch longer). When it passes, a
    /// timer closes the socket, which ends the worker's yielding waits (connect, Poll, SslStream.Read/Write);
    /// the fetch fails as "timed out" and ProvisioningPull backs off. The handshake itself cannot be cut by the
    /// timer on the device (it does not yield): the firmware's nanoCLR bounds it (docs/firmware.md "Blocking
    /// calls and stalls").
    /// </para>
    /// </summary>
    public sealed class HttpsFetcher : IHttpsFetcher
    {
        private const int HeadMax = 4096;
        /// <summary>Everything from DNS to the last byte of the answer.</summary>
        public const int TimeoutMs = 30000;

        /// <summary>Room for chunk-size lines and trailers of a chunked answer beside head and body.</summary>
        private const int ChunkSlack = 2048;

        private readonly SocketDeadline _deadline = new SocketDeadline();

        private readonly HostResolver _resolver;
        private HandshakeMarker _marker;
        private readonly int _maxBody;
        private TlsTrust _trust;
        private byte[] _buffer;
        private int _length;
        private int _bodyStart;
        private int _done;
        private Thread _thread;
        private string _url;

        /// <param name="resolver">the DNS cache, shared with the SIP links.</param>
        /// <param name="maxBodyBytes">the largest body kept (the configuration parser's maximum file size).</param>
        public HttpsFetcher(HostResolver resolver, int maxBodyBytes)
        {
            _resolver = resolver;
            _maxBody = maxBodyBytes;
        }

        /// <summary>
        /// The [tls] trust for fetches begun from now on, and the flash note written around each handshake (a boot
        /// after a freeze holds the pull back); why the trust is unusable, or null.
        /// </summary>
        public string UseTls(TlsSettings tls, HandshakeMarker marker)
        {
            _marker = marker;
            _trust = TlsTrust.FromConfig(tls);
            if (_trust.IsUsable)
            {
                return null;
            }

            return _trust.Error != null ? _trust.Error : "tls.ca: missing or unreadable";
        }

        public bool Busy
        {
            get { return _thread != null && _done == 0; }
        }

        public bool IsDone
        {
            get { return _thread != null && _done != 0; }
        }

        /// <summary>After IsDone: true with Body/BodyOffset/BodyCount set on a 200 answer; false with Error set.</summary>
        public bool Succeeded { get; private set; }

        public string Error { get; private set; }

        public byte[] Body
        {
            get { return _buffer; }
        }

        public int BodyOffset
        {
            get { return _bodyStart; }
        }

        public int BodyCount
        {
            get { return _length - _bodyStart; }
        }

        public void Begin(string url)
        {
            _url = url;
            _done = 0;
            Succeeded = false;
            Error = null;
            _deadline.Start(TimeoutMs);
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Forgets the finished fetch (and its buffer) so the next Begin starts clean.</summary>
        public void Reset()
        {
            _thread = null;
            _buffer = null;
            _done = 0;
        }

        private void Run()
        {
            try
            {
                Succeeded = Fetch();
            }
            catch (Exception)
            {
                Succeeded = false;
                Error = "fetch failed";
            }

            _deadline.Stop();
            _done = 1;
        }

        private bool Fetch()
        {
            PullTarget target = PullTarget.Parse(_url);
            if (target == null)
            {
                Error = "provisioning.url is not an https:// URL";
                return false;
            }

            string host = target.Host;
            int port = target.Port;
            string path = target.Path;

            if (_trust == null || !_trust.IsUsable)
            {
                Error = "no CA for provisioning";
                return false;
            }

            string reason;
            IPAddress address = _resolver.Resolve(host, DeviceClock.ElapsedMs, out reason);
            if (address == null)
            {
                Error = reason;
                return false;
            }

            Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            SslStream ssl = null;
            try
            {
                // Bounds of every SslStream.Read/Write wait (nanoCLR SecureRead/SecureWrite), set before the
                // handshake; the deadline closes the socket when the whole fetch has taken too long.
                socket.ReceiveTimeout = StreamLink.ReadTimeoutMs;
                socket.SendTimeout = StreamLink.ReadTimeoutMs;
                _deadline.Watch(socket);
                socket.Connect(new IPEndPoint(address, port));
                ssl = new SslStream(socket);
                ssl.SslVerification = SslVerification.CertificateRequired;
                _marker.Enter(HandshakeMarker.ProvisioningPrefix + host);
                try
                {
                    // Always the host name, never TargetHostFor (empty when tls.verify_hostname = false): see PullTarget.
                    ssl.AuthenticateAsClient(target.ServerName, _trust.ClientCertificate, _trust.Ca, _trust.Protocols);
                }
                finally
                {
                    _marker.Leave();
                }

                byte[] request = System.Text.Encoding.UTF8.GetBytes("GET " + path + " HTTP/1.1\r\nHost: " + host +
                    "\r\nUser-Agent: Phone\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
                ssl.Write(request, 0, request.Length);
                _buffer = new byte[HeadMax + _maxBody + ChunkSlack];
                _length = 0;
                while (true)
                {
                    if (_length == _buffer.Length)
                    {
                        Error = "provisioning file too large";
                        return false;
                    }

                    if (!ssl.DataAvailable && !socket.Poll(StreamLink.PollMicroseconds, SelectMode.SelectRead))
                    {
                        if (_deadline.Fired)
                        {
                            Error = "provisioning server timed out";
                            return false;
                        }

                        continue;
                    }

                    int n = ssl.Read(_buffer, _length, _buffer.Length - _length);
                    if (n <= 0)
                    {
                        break;
                    }

                    _length += n;
                }
            }
            catch (Exception)
            {
                Error = _deadline.Fired ? "provisioning server " + host + " timed out" : "TLS or connection to " + host + " failed";
                return false;
            }
            finally
            {
                try
                {
                    if (ssl != null)
                    {
                        ssl.Dispose();
                    }

                    socket.Close();
                }
                catch (Exception)
                {
                }
            }

            return ParseAnswer();
        }

        /// <summary>Status, framing and completeness of the answer in _buffer[0.._length) (PulledAnswer).</summary>
        private bool ParseAnswer()
        {
            PulledAnswer answer = PulledAnswer.Parse(_buffer, _length, _maxBody);
            if (!answer.IsComplete)
            {
                Error = answer.Error;
                return false;
            }

            _bodyStart = answer.BodyOffset;
            _length = answer.BodyOffset + answer.BodyCount;
            return true;
        }
    }
}
