using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Phone.Host.Net
{
    /// <summary>An open TCP or TLS connection: the stream to read and write, what it was opened for, and how it was secured.</summary>
    public sealed class SipStreamConnection : IDisposable
    {
        private readonly Socket _socket;
        private int _disposed;

        internal SipStreamConnection(SipConnectionKey key, Socket socket, Stream stream, SslStream tls, SipTlsVerdict verdict)
        {
            Key = key;
            _socket = socket;
            Stream = stream;
            Tls = tls;
            Verdict = verdict;
            LocalEndPoint = (IPEndPoint)socket.LocalEndPoint;
            RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint;
        }

        public SipConnectionKey Key { get; }

        /// <summary>The SslStream for TLS, a NetworkStream for TCP.</summary>
        public Stream Stream { get; }

        public bool IsTls => Tls != null;

        /// <summary>Null for TCP.</summary>
        public SslStream Tls { get; }

        /// <summary>The certificate check that let this connection through (TLS only).</summary>
        public SipTlsVerdict Verdict { get; }

        public SslProtocols TlsProtocol => Tls?.SslProtocol ?? SslProtocols.None;

        public X509Certificate2 ServerCertificate => Tls?.RemoteCertificate as X509Certificate2;

        public IPEndPoint LocalEndPoint { get; }

        public IPEndPoint RemoteEndPoint { get; }

        /// <summary>A clean close: TLS close_notify, then FIN, both bounded by <paramref name="timeout"/>; then the socket is released.</summary>
        public async Task CloseAsync(TimeSpan timeout)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            using (var cts = new CancellationTokenSource(timeout))
            {
                try
                {
                    if (Tls != null) await Tls.ShutdownAsync().WaitAsync(cts.Token).ConfigureAwait(false);
                    _socket.Shutdown(SocketShutdown.Send);
                }
                catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException
                    || e is OperationCanceledException || e is InvalidOperationException || e is AuthenticationException)
                {
                    // Closing anyway; the peer may already be gone.
                }
            }
            Dispose();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            try { Stream.Dispose(); } catch (IOException) { } catch (SocketException) { }
            _socket.Dispose();
        }
    }
}
