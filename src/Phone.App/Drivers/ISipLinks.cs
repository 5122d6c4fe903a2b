using Phone.App.Net;
using Phone.Config;
using Phone.Sip;

namespace Phone.App.Drivers
{
    /// <summary>
    /// SIP's sockets: the UDP socket and the stream connections (TCP, and TLS with CA and host-name verification).
    /// Their reader threads only post into the app's <see cref="NetEventQueue"/> (Connected, ConnectFailed,
    /// StreamData, Closed, Datagram); the app's <see cref="SipNetwork"/> alone touches the SIP core. Every call is
    /// made from the app's loop, returns at once (a connect and its handshake finish on the link's thread) and never
    /// throws for network reasons.
    /// </summary>
    public interface ISipLinks
    {
        /// <summary>Where the reader threads post; set once before any other call.</summary>
        void Attach(NetEventQueue inbox, HandshakeMarker marker);

        /// <summary>Trust for TLS connects from [tls]; the reason it is unusable, or null.</summary>
        string UseTls(TlsSettings tls);

        /// <summary>Binds the SIP UDP socket (0 picks a port) and starts its reader; false with <see cref="LastError"/>.</summary>
        bool Listen(int localPort);

        /// <summary>The UDP port bound by Listen; 0 before.</summary>
        int DatagramPort { get; }

        /// <summary>Sends a datagram after resolving host; false with <see cref="LastError"/>.</summary>
        bool SendTo(string host, int port, byte[] data, int offset, int count, long nowMs);

        /// <summary>The address the last successful SendTo resolved its host to.</summary>
        string LastResolved { get; }

        /// <summary>Starts a connection on its own thread; false (with <see cref="LastError"/>) when none can start.</summary>
        bool Connect(int connectionId, SipTransportKind kind, string host, int port, string serverName);

        bool Write(int connectionId, byte[] data, int offset, int count);

        void Close(int connectionId);

        /// <summary>
        /// Opens the TLS listener for calls straight to the phone (sip.listen_port) with the phone's certificate and
        /// key (PEM); each connection whose handshake completes is posted as Accepted, and is read only once the app
        /// adopts it. False with <see cref="LastError"/>.
        /// </summary>
        bool ListenTls(int port, byte[] certificatePem, byte[] keyPem);

        /// <summary>
        /// The app's answer to Accepted: the link becomes connection connectionId and its reading starts; 0 refuses it
        /// (connection table full) and closes it.
        /// </summary>
        void Adopt(int linkId, int connectionId);

        /// <summary>Closes every connection and the UDP socket.</summary>
        void CloseAll();

        /// <summary>
        /// The DNS server the network gave (DHCP) as an IPv4 address, or null when none is known; the app asks it for
        /// the registrar's NAPTR/SRV/A records (RFC 3263) unless sip.dns_server names another.
        /// </summary>
        string DnsServer { get; }

        /// <summary>The network changed: cached name resolutions are forgotten.</summary>
        void FlushNames();

        string LastError { get; }
    }
}
