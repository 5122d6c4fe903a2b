using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>
    /// Opens SIP stream connections: plain TCP, or TCP + <see cref="SslStream"/> under a
    /// <see cref="SipTlsPolicy"/>. One call is one connection (no pooling here; the adapter keys
    /// connections by <see cref="SipConnectionKey"/>). A TLS failure is reported as a
    /// <see cref="SipConnectException"/> with its reason and never falls back to TCP or UDP.
    /// </summary>
    public sealed class SipStreamConnector
    {
        private readonly SipTlsPolicy _policy;
        private readonly SipConnectOptions _options;

        /// <param name="policy">required for TLS connections; may be null when only TCP is used.</param>
        public SipStreamConnector(SipTlsPolicy policy, SipConnectOptions options = null)
        {
            _policy = policy;
            _options = options ?? new SipConnectOptions();
        }

        public SipTlsPolicy Policy => _policy;

        public SipConnectOptions Options => _options;

        /// <summary>TLS to host:port, checking the certificate for <paramref name="serverName"/> (default: host).</summary>
        public Task<SipStreamConnection> ConnectTlsAsync(string host, int port, string serverName, CancellationToken cancellationToken = default) =>
            ConnectAsync(new SipConnectionKey(SipTransportKind.Tls, host, port, serverName), cancellationToken);

        public Task<SipStreamConnection> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken = default) =>
            ConnectAsync(new SipConnectionKey(SipTransportKind.Tcp, host, port, null), cancellationToken);

        public async Task<SipStreamConnection> ConnectAsync(SipConnectionKey key, CancellationToken cancellationToken = default)
        {
            if (key.Transport == SipTransportKind.Udp) throw new ArgumentException("UDP is not a stream transport", nameof(key));
            if (key.Transport == SipTransportKind.Tls && _policy == null) throw new InvalidOperationException("TLS needs a SipTlsPolicy (nf.config [tls])");

            Socket socket = await ConnectSocketAsync(key, cancellationToken).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: false);
            if (key.Transport == SipTransportKind.Tcp) return new SipStreamConnection(key, socket, network, null, null);

            var verdict = new SipTlsVerdict();
            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.HandshakeTimeout);
                try
                {
                    await ssl.AuthenticateAsClientAsync(_policy.CreateClientOptions(key.ServerName, verdict), timeout.Token).ConfigureAwait(false);
                    return new SipStreamConnection(key, socket, ssl, ssl, verdict);
                }
                catch (Exception e) when (e is AuthenticationException || e is IOException || e is OperationCanceledException || e is SocketException)
                {
                    ssl.Dispose();
                    socket.Dispose();
                    throw HandshakeError(key, verdict, e, cancellationToken);
                }
            }
        }

        private SipConnectException HandshakeError(SipConnectionKey key, SipTlsVerdict verdict, Exception e, CancellationToken caller)
        {
            string where = "TLS to " + key.Host + ":" + key.Port + " as '" + key.ServerName + "'";
            if (verdict.Checked && verdict.Error != SipSocketError.None)
                return new SipConnectException(verdict.Error, where + ": " + Describe(verdict.Error) + ": " + verdict.Detail);
            if (e is OperationCanceledException)
            {
                return caller.IsCancellationRequested
                    ? new SipConnectException(SipSocketError.Cancelled, where + ": cancelled during the handshake")
                    : new SipConnectException(SipSocketError.HandshakeTimeout, where + ": handshake not finished within " + _options.HandshakeTimeout.TotalSeconds + " s");
            }
            var inner = new System.Text.StringBuilder();
            for (Exception x = e.InnerException; x != null; x = x.InnerException) inner.Append(" (").Append(x.Message).Append(')');
            string all = e.Message + inner;
            string min = _policy.MinVersion == TlsVersion.Tls13 ? "1.3" : "1.2";
            if (all.Contains("protocol version", StringComparison.OrdinalIgnoreCase) || all.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase)
                || all.Contains("wrong version number", StringComparison.OrdinalIgnoreCase))
            {
                return new SipConnectException(SipSocketError.HandshakeFailed, where + ": handshake failed: no common TLS version (we offer " + min
                    + " or newer only; the server offers older or is not TLS): " + all, e);
            }
            return new SipConnectException(SipSocketError.HandshakeFailed, where + ": handshake failed"
                + (verdict.Checked
                    ? " after the server certificate was accepted (e.g. the server refused our client certificate)"
                    : " (the server certificate was not reached or not examined: no common cipher, the server refused our client certificate or its absence, or not a TLS server)")
                + ": " + all, e);
        }

        /// <summary>A short human reason for each error (used in messages and docs/tls-policy.md).</summary>
        public static string Describe(SipSocketError error)
        {
            switch (error)
            {
                case SipSocketError.None: return "ok";
                case SipSocketError.DnsFailed: return "host name not resolved";
                case SipSocketError.ConnectRefused: return "connection refused";
                case SipSocketError.ConnectTimeout: return "connect timed out";
                case SipSocketError.NetworkError: return "network error";
                case SipSocketError.HandshakeTimeout: return "TLS handshake timed out";
                case SipSocketError.UntrustedCertificate: return "untrusted: server certificate not issued by the configured CA";
                case SipSocketError.NameMismatch: return "name mismatch: server certificate does not name the server";
                case SipSocketError.CertificateInvalid: return "server certificate invalid";
                case SipSocketError.NoServerCertificate: return "no server certificate";
                case SipSocketError.HandshakeFailed: return "TLS handshake failed";
                case SipSocketError.ConnectionLost: return "connection lost";
                case SipSocketError.Cancelled: return "cancelled";
                default: return error.ToString();
            }
        }

        private async Task<Socket> ConnectSocketAsync(SipConnectionKey key, CancellationToken cancellationToken)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.ConnectTimeout);
                string where = key.Transport.ToString().ToUpperInvariant() + " connect to " + key.Host + ":" + key.Port;
                Socket socket = null;
                try
                {
                    IPAddress address = await SipDns.ResolveAsync(key.Host, _options.AllowIPv6, timeout.Token).ConfigureAwait(false);
                    socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(new IPEndPoint(address, key.Port), timeout.Token).ConfigureAwait(false);
                    return socket;
                }
                catch (OperationCanceledException)
                {
                    socket?.Dispose();
                    if (cancellationToken.IsCancellationRequested) throw new SipConnectException(SipSocketError.Cancelled, where + ": cancelled");
                    throw new SipConnectException(SipSocketError.ConnectTimeout, where + ": no answer within " + _options.ConnectTimeout.TotalSeconds + " s");
                }
                catch (SocketException e)
                {
                    socket?.Dispose();
                    if (e.SocketErrorCode == SocketError.ConnectionRefused)
                        throw new SipConnectException(SipSocketError.ConnectRefused, where + ": connection refused (nothing listens there)", e);
                    if (e.SocketErrorCode == SocketError.TimedOut)
                        throw new SipConnectException(SipSocketError.ConnectTimeout, where + ": timed out", e);
                    throw new SipConnectException(SipSocketError.NetworkError, where + ": " + e.SocketErrorCode, e);
                }
                catch
                {
                    socket?.Dispose();
                    throw;
                }
            }
        }
    }
}
