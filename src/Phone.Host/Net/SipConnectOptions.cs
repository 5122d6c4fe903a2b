using System;

namespace Phone.Host.Net
{
    /// <summary>Bounds for opening a connection. Every wait is bounded; nothing retries by itself.</summary>
    public sealed class SipConnectOptions
    {
        /// <summary>DNS lookup plus TCP connect.</summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>The TLS handshake, from the ClientHello to the last handshake message.</summary>
        public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>How long a clean close waits for close_notify and the FIN to go out.</summary>
        public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>The device is IPv4-only, so by default so is the host adapter (DNS answers are filtered to A records).</summary>
        public bool AllowIPv6 { get; set; }
    }
}
