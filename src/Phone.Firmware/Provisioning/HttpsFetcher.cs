using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using Phone.Firmware.Clock;
using Phone.Firmware.Network;

namespace Phone.Firmware.Provisioning
{
    /// <summary>
    /// One HTTPS GET of provisioning.url on a worker thread, for Phone.Device's ProvisioningPull (which decides
    /// when to fetch and what to do with the body). The TLS rules are the SIP ones (TlsTrust: only tls.ca, host
    /// name checked, TLS 1.2+); plain http:// is refused, since an nf.config carries the SIP password.
    /// <para>
    /// The request is HTTP/1.0 with Connection: close, so the answer is never chunked (chunked coding is
    /// HTTP/1.1 only, RFC 9112 §7.1) and the body ends where the server closes; a Content-Length, when given,
    /// must match. Only status 200 yields a body. Redirects are not followed (a provisioning server is configured
    /// with its final URL). At most maxBytes of body are kept: a larger file fails as too large.
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
    public sealed class HttpsFetcher
    {
        private const int HeadMax = 4096;
        /// <summary>Everything from DNS to the last byte of the answer.</summary>
        public const int TimeoutMs = 30000;

        private readonly SocketDeadline _deadline = new SocketDeadline();

        private readonly HostResolver _resolver;
        private readonly TlsTrust _trust;
        private readonly int _maxBody;
        private byte[] _buffer;
        private int _length;
        private int _bodyStart;
        private int _done;
        private Thread _thread;
        private string _url;

        public HttpsFetcher(HostResolver resolver, TlsTrust trust, int maxBodyBytes)
        {
            _resolver = resolver;
            _trust = trust;
            _maxBody = maxBodyBytes;
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
            string host;
            int port;
            string path;
            if (!ParseHttpsUrl(_url, out host, out port, out path))
            {
                Error = "provisioning.url is not an https:// URL";
                return false;
            }

            if (_trust == null || !_trust.IsUsable)
            {
                Error = "no CA for provisioning";
                return false;
            }

            string reason;
            IPAddress address = _resolver.Resolve(host, MonotonicClock.NowMs, out reason);
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
                HandshakeMarker.Enter(HandshakeMarker.ProvisioningPrefix + host);
                try
                {
                    ssl.AuthenticateAsClient(_trust.TargetHostFor(host), _trust.ClientCertificate, _trust.Ca, _trust.Protocols);
                }
                finally
                {
                    HandshakeMarker.Leave();
                }

                byte[] request = System.Text.Encoding.UTF8.GetBytes("GET " + path + " HTTP/1.0\r\nHost: " + host +
                    "\r\nUser-Agent: Phone\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
                ssl.Write(request, 0, request.Length);
                _buffer = new byte[HeadMax + _maxBody];
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

        /// <summary>Status line, header end and Content-Length of the answer in _buffer[0.._length).</summary>
        private bool ParseAnswer()
        {
            int headEnd = -1;
            for (int i = 3; i < _length && i < HeadMax; i++)
            {
                if (_buffer[i] == 10 && _buffer[i - 1] == 13 && _buffer[i - 2] == 10 && _buffer[i - 3] == 13)
                {
                    headEnd = i + 1;
                    break;
                }
            }

            if (headEnd < 0)
            {
                Error = "provisioning answer has no header end";
                return false;
            }

            // NUL rule: a string ends at U+0000 on the device, so a NUL in the head could hide the rest of it
            // (e.g. Content-Length). Checked on the bytes before the head becomes text.
            for (int i = 0; i < headEnd; i++)
            {
                if (_buffer[i] == 0)
                {
                    Error = "provisioning answer head holds a NUL byte";
                    return false;
                }
            }

            string head = System.Text.Encoding.UTF8.GetString(_buffer, 0, headEnd);
            int sp = head.IndexOf(' ');
            if (!head.StartsWith("HTTP/1.") || sp < 0 || head.Length < sp + 4)
            {
                Error = "not an HTTP answer";
                return false;
            }

            string code = head.Substring(sp + 1, 3);
            if (code != "200")
            {
                Error = "provisioning server answered " + code;
                return false;
            }

            int declared = ContentLength(head);
            _bodyStart = headEnd;
            if (declared >= 0 && declared != _length - headEnd)
            {
                Error = "provisioning answer truncated";
                return false;
            }

            if (_length - headEnd > _maxBody)
            {
                Error = "provisioning file too large";
                return false;
            }

            return true;
        }

        private static int ContentLength(string head)
        {
            string lower = head.ToLower();
            int at = lower.IndexOf("\r\ncontent-length:");
            if (at < 0)
            {
                return -1;
            }

            int i = at + 17;
            int value = 0;
            bool digits = false;
            while (i < lower.Length && (lower[i] == ' ' || lower[i] == '\t'))
            {
                i++;
            }

            while (i < lower.Length && lower[i] >= '0' && lower[i] <= '9' && value < 100000000)
            {
                value = value * 10 + (lower[i] - '0');
                digits = true;
                i++;
            }

            return digits ? value : -1;
        }

        /// <summary>https://host[:port][/path] (no user info, no IPv6 literal); path defaults to "/".</summary>
        public static bool ParseHttpsUrl(string url, out string host, out int port, out string path)
        {
            host = null;
            port = 443;
            path = "/";
            const string scheme = "https://";
            if (url == null || !url.ToLower().StartsWith(scheme))
            {
                return false;
            }

            string rest = url.Substring(scheme.Length);
            int slash = rest.IndexOf('/');
            string authority = slash < 0 ? rest : rest.Substring(0, slash);
            if (slash >= 0)
            {
                path = rest.Substring(slash);
            }

            if (authority.IndexOf('@') >= 0 || authority.Length == 0)
            {
                return false;
            }

            int colon = authority.IndexOf(':');
            if (colon >= 0)
            {
                int p = 0;
                for (int i = colon + 1; i < authority.Length; i++)
                {
                    char c = authority[i];
                    if (c < '0' || c > '9' || p > 65535)
                    {
                        return false;
                    }

                    p = p * 10 + (c - '0');
                }

                if (p < 1 || p > 65535)
                {
                    return false;
                }

                port = p;
                authority = authority.Substring(0, colon);
            }

            host = authority;
            return host.Length > 0;
        }
    }
}
