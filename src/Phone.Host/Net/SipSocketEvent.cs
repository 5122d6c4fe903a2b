using System.Net;
using System.Security.Authentication;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Net
{
    public enum SipSocketEventKind
    {
        /// <summary>A Connect finished: the connection can Send. For TLS the server certificate passed the policy.</summary>
        Connected,

        /// <summary>A Connect did not succeed (<see cref="SipSocketEvent.Error"/> says why). The id is free again. Nothing else was tried.</summary>
        ConnectFailed,

        /// <summary>Bytes from the peer: a piece of a TCP/TLS stream (frame it), or one whole UDP datagram.</summary>
        Received,

        /// <summary>A datagram to <see cref="SipSocketEvent.Host"/>:<see cref="SipSocketEvent.Port"/> could not be sent (name not resolved, socket error): RFC 3261 §17.1.4 transport error.</summary>
        SendFailed,

        /// <summary>An open connection ended: by Close (Error None), by the peer (None: orderly EOF) or broken (ConnectionLost). The id is free again.</summary>
        Closed,
    }

    /// <summary>
    /// One entry of <see cref="SipSocketAdapter"/>'s event queue. Per connection the order is
    /// Connected, Received*, Closed — or a single ConnectFailed.
    /// </summary>
    public sealed class SipSocketEvent
    {
        internal SipSocketEvent(SipSocketEventKind kind, int connectionId, SipTransportKind transport)
        {
            Kind = kind;
            ConnectionId = connectionId;
            Transport = transport;
        }

        public SipSocketEventKind Kind { get; }

        /// <summary>The id given to Connect, or <see cref="SipSocketAdapter.NoConnection"/> for a UDP datagram from a peer no UDP connection points at.</summary>
        public int ConnectionId { get; }

        public SipTransportKind Transport { get; }

        /// <summary>Received: the bytes (owned by the receiver, exactly this long).</summary>
        public byte[] Data { get; internal set; }

        /// <summary>The peer's address (Connected, Received).</summary>
        public IPEndPoint Remote { get; internal set; }

        /// <summary>SendFailed: the destination as given to SendDatagram.</summary>
        public string Host { get; internal set; }

        public int Port { get; internal set; }

        /// <summary>Our address on this connection (Connected): what goes into Via/Contact.</summary>
        public IPEndPoint Local { get; internal set; }

        /// <summary>TLS version negotiated (Connected over TLS).</summary>
        public SslProtocols TlsProtocol { get; internal set; }

        public SipSocketError Error { get; internal set; }

        /// <summary>A human-readable reason, no secrets.</summary>
        public string Detail { get; internal set; }

        public override string ToString() =>
            Kind + " #" + ConnectionId + " " + Transport
            + (Data != null ? " " + Data.Length + " bytes" : "")
            + (Error != SipSocketError.None ? " " + Error : "")
            + (Detail != null ? ": " + Detail : "");
    }
}
