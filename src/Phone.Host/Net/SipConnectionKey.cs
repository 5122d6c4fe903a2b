using System;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>
    /// What a stream connection is for: transport, host, port and the TLS server name checked
    /// against the certificate. Two targets share a connection only when all four are equal, so a
    /// connection validated for one server name is never handed to a request for another (the
    /// transport-reuse flaw behind CVE-2020-15260). Host and server name compare case-insensitively.
    /// </summary>
    public readonly struct SipConnectionKey : IEquatable<SipConnectionKey>
    {
        public SipConnectionKey(SipTransportKind transport, string host, int port, string serverName)
        {
            if (string.IsNullOrEmpty(host)) throw new ArgumentException("host is required", nameof(host));
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port));
            Transport = transport;
            Host = host.ToLowerInvariant();
            Port = port;
            ServerName = transport == SipTransportKind.Tls ? (string.IsNullOrEmpty(serverName) ? host : serverName).ToLowerInvariant() : null;
        }

        public SipTransportKind Transport { get; }

        public string Host { get; }

        public int Port { get; }

        /// <summary>The name the certificate must carry (TLS only; null for TCP and UDP). Defaults to the host.</summary>
        public string ServerName { get; }

        public bool Equals(SipConnectionKey other) =>
            Transport == other.Transport && Port == other.Port
            && string.Equals(Host, other.Host, StringComparison.Ordinal)
            && string.Equals(ServerName, other.ServerName, StringComparison.Ordinal);

        public override bool Equals(object obj) => obj is SipConnectionKey k && Equals(k);

        public override int GetHashCode() => HashCode.Combine(Transport, Host, Port, ServerName);

        public override string ToString() =>
            Transport.ToString().ToLowerInvariant() + ":" + Host + ":" + Port + (ServerName != null ? " (" + ServerName + ")" : "");
    }
}
