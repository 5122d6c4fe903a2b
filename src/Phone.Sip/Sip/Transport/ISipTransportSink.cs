namespace Phone.Sip.Transport
{
    /// <summary>
    /// What SipTransport hands up to the transaction layer. Messages refer into transport buffers and are valid only
    /// during the call.
    /// </summary>
    public interface ISipTransportSink
    {
        /// <summary>A well-formed message (SipParser.Parse returned Ok).</summary>
        void OnMessage(SipMessage message, SipSource source, long nowMs);

        /// <summary>
        /// A message that failed to parse. head is non-null when its header section was read to the empty line
        /// (HeadLength &gt; 0), also after a start-line error in a request with a readable method or a bad
        /// Content-Length (only Method and the headers are then meaningful); null otherwise.
        /// </summary>
        void OnMalformed(SipMessage head, SipError error, SipSource source, long nowMs);

        /// <summary>The stream connection is open: requests waiting for it can be sent.</summary>
        void OnConnectionOpen(int connectionId, long nowMs);

        /// <summary>
        /// The stream connection failed (connect refused, closed by the peer, keep-alive pong missing, framing
        /// broken, send failed). The slot is already free.
        /// </summary>
        void OnConnectionFailed(int connectionId, long nowMs);

        /// <summary>A datagram to host:port could not be sent (RFC 3261 §17.1.4 transport error).</summary>
        void OnDatagramFailed(string host, int port, long nowMs);
    }
}
