namespace Phone.App.Net
{
    /// <summary>What a socket thread reports to the core thread through the NetEventQueue.</summary>
    public enum NetEventKind
    {
        /// <summary>Connect (and, for TLS, the handshake with certificate and name verification) succeeded.</summary>
        Connected = 0,

        /// <summary>DNS, TCP connect or the TLS handshake failed; Reason says which.</summary>
        ConnectFailed = 1,

        /// <summary>Bytes read from a stream connection.</summary>
        StreamData = 2,

        /// <summary>An open stream connection was closed by the peer or broke.</summary>
        Closed = 3,

        /// <summary>A UDP datagram on the SIP socket; Host and Port name the sender.</summary>
        Datagram = 4,

        /// <summary>
        /// The TLS listener accepted a connection and finished its handshake; ConnectionId is the link's own
        /// (negative) number until the app adopts it (ISipLinks.Adopt), Host and Port name the peer.
        /// </summary>
        Accepted = 5
    }
}
