namespace Phone.Host.Net
{
    /// <summary>
    /// Why a SIP connection could not be opened or ended. Each TLS failure has its own value so a
    /// user (and a test) can tell a wrong CA from a wrong name from a refused port; none of them
    /// ever leads to a retry over TCP or UDP.
    /// </summary>
    public enum SipSocketError
    {
        /// <summary>No error: a connection closed cleanly (by us or by an orderly EOF).</summary>
        None = 0,

        /// <summary>The host name did not resolve to an allowed (IPv4 unless enabled) address.</summary>
        DnsFailed,

        /// <summary>The TCP connect was actively refused (RST): nothing listens there.</summary>
        ConnectRefused,

        /// <summary>The TCP connect did not complete within the connect timeout.</summary>
        ConnectTimeout,

        /// <summary>Another socket error while connecting (unreachable network, host down, ...).</summary>
        NetworkError,

        /// <summary>The TLS handshake did not complete within the handshake timeout.</summary>
        HandshakeTimeout,

        /// <summary>The server's certificate does not chain to a CA from nf.config [tls] ca.</summary>
        UntrustedCertificate,

        /// <summary>The certificate is trusted but names neither the registrar nor the outbound proxy we asked for.</summary>
        NameMismatch,

        /// <summary>The chain reaches our CA but is otherwise invalid: expired, not yet valid, wrong key usage, bad signature.</summary>
        CertificateInvalid,

        /// <summary>The server sent no certificate.</summary>
        NoServerCertificate,

        /// <summary>The TLS handshake failed for another reason: no common protocol version (e.g. a TLS 1.1-only server) or cipher, a fatal alert (e.g. the server refused our client certificate), a non-TLS peer.</summary>
        HandshakeFailed,

        /// <summary>An established connection broke (reset, read or write error).</summary>
        ConnectionLost,

        /// <summary>Close() was called while the connection was still being opened, or the adapter was disposed.</summary>
        Cancelled,
    }
}
