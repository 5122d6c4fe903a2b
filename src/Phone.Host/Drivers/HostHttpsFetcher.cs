using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Host.Net;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The provisioning pull's HTTPS GET on the host, shaped as the board's fetcher: the SIP trust policy (tls.ca,
    /// TLS 1.2+) with the URL's host name always verified, HTTP/1.1 with Connection: close, read until the server
    /// closes, completeness and status judged by Phone.Device's PulledAnswer, one deadline over the whole fetch, the
    /// body bounded. Runs on a task; the app polls IsDone.
    /// </summary>
    public sealed class HostHttpsFetcher : IHttpsFetcher
    {
        public const int TimeoutMs = 30000;
        private const int HeadMax = 4096;
        private const int ChunkSlack = 2048;

        private readonly Func<string, string> _resolvePath;
        private readonly int _maxBody;
        private SipTlsPolicy _policy;
        private HandshakeMarker _marker;
        private string _tlsError = "no CA for provisioning";
        private Task _task;
        private int _done;
        private byte[] _buffer;

        public HostHttpsFetcher(Func<string, string> resolvePath, int maxBodyBytes)
        {
            _resolvePath = resolvePath;
            _maxBody = maxBodyBytes;
        }

        /// <summary>Fetches started (tests count pulls).</summary>
        public int Fetches { get; private set; }

        public bool Busy => _task != null && Volatile.Read(ref _done) == 0;

        public bool IsDone => _task != null && Volatile.Read(ref _done) != 0;

        public bool Succeeded { get; private set; }

        public string Error { get; private set; }

        public byte[] Body => _buffer;

        public int BodyOffset { get; private set; }

        public int BodyCount { get; private set; }

        public string UseTls(TlsSettings tls, HandshakeMarker marker)
        {
            _marker = marker;
            try
            {
                _policy = SipTlsPolicy.FromConfig(tls, _resolvePath);
                _tlsError = null;
            }
            catch (Exception e) when (e is IOException || e is ArgumentException || e is System.Security.Cryptography.CryptographicException || e is InvalidOperationException)
            {
                _policy = null;
                _tlsError = "no CA for provisioning: " + e.Message;
            }

            return _tlsError;
        }

        public void Begin(string url)
        {
            Succeeded = false;
            Error = null;
            Volatile.Write(ref _done, 0);
            Fetches++;
            _task = Task.Run(async () =>
            {
                try
                {
                    Succeeded = await FetchAsync(url).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Error = "provisioning fetch failed: " + e.Message;
                    Succeeded = false;
                }

                Volatile.Write(ref _done, 1);
            });
        }

        public void Reset()
        {
            _task = null;
            Volatile.Write(ref _done, 0);
        }

        private async Task<bool> FetchAsync(string url)
        {
            PullTarget target = PullTarget.Parse(url);
            if (target == null)
            {
                Error = "provisioning.url is not an https:// URL";
                return false;
            }

            if (_policy == null)
            {
                Error = _tlsError;
                return false;
            }

            using var deadline = new CancellationTokenSource(TimeoutMs);
            var connector = new SipStreamConnector(_policy);
            SipStreamConnection c;
            try
            {
                _marker?.Enter(HandshakeMarker.ProvisioningPrefix + target.Host);
                try
                {
                    c = await connector.ConnectTlsAsync(target.Host, target.Port, target.ServerName, deadline.Token).ConfigureAwait(false);
                }
                finally
                {
                    _marker?.Leave();
                }
            }
            catch (Exception e) when (e is SipConnectException || e is IOException || e is OperationCanceledException || e is System.Net.Sockets.SocketException)
            {
                Error = "TLS or connection to " + target.Host + " failed: " + e.Message;
                return false;
            }

            using (c)
            {
                // The pull always checks the URL's host name, whatever tls.verify_hostname says for SIP.
                if (!SipTlsPolicy.MatchesName(c.ServerCertificate, target.ServerName))
                {
                    Error = "provisioning server certificate does not name " + target.Host;
                    return false;
                }

                byte[] request = Encoding.UTF8.GetBytes("GET " + target.Path + " HTTP/1.1\r\nHost: " + target.Host +
                    "\r\nUser-Agent: Phone\r\nAccept: text/plain\r\nConnection: close\r\n\r\n");
                int length = 0;
                var buffer = new byte[HeadMax + _maxBody + ChunkSlack];
                try
                {
                    await c.Stream.WriteAsync(request, 0, request.Length, deadline.Token).ConfigureAwait(false);
                    while (true)
                    {
                        if (length == buffer.Length)
                        {
                            Error = "provisioning file too large";
                            return false;
                        }

                        int n = await c.Stream.ReadAsync(buffer, length, buffer.Length - length, deadline.Token).ConfigureAwait(false);
                        if (n <= 0) break;
                        length += n;
                    }
                }
                catch (OperationCanceledException)
                {
                    Error = "provisioning server " + target.Host + " timed out";
                    return false;
                }
                catch (IOException)
                {
                    // A close without TLS close_notify: what was read is judged by its framing below.
                }

                PulledAnswer answer = PulledAnswer.Parse(buffer, length, _maxBody);
                if (!answer.IsComplete)
                {
                    Error = answer.Error;
                    return false;
                }

                _buffer = buffer;
                BodyOffset = answer.BodyOffset;
                BodyCount = answer.BodyCount;
                return true;
            }
        }
    }
}
