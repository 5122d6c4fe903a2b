using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The transaction user (TU, RFC 3261 §17): what the transaction layer reports upwards. Called synchronously;
    /// messages are valid only during the call. The TU may call back into the layer (e.g. SendResponse from OnRequest).
    /// </summary>
    public interface ISipTransactionUser
    {
        /// <summary>
        /// A new request. tx is the new server transaction; it is null for an ACK that matched no transaction
        /// (the ACK for a 2xx, RFC 3261 §17.2.3 / §13.3.1.4) and for an ACK in RFC 6026 Accepted state the tx is
        /// the INVITE transaction.
        /// </summary>
        void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs);

        /// <summary>A response for a client transaction (provisional, final, and 2xx retransmissions in Accepted).</summary>
        void OnResponse(SipTransaction tx, SipMessage response, long nowMs);

        /// <summary>Timer B, F (no final response) or H (no ACK) fired (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1).</summary>
        void OnTimeout(SipTransaction tx, long nowMs);

        /// <summary>The transport failed for this transaction (RFC 3261 §17.1.4, §17.2.4, §8.1.3.1: treat as 503).</summary>
        void OnTransportError(SipTransaction tx, long nowMs);

        /// <summary>
        /// A request that could not be parsed. head is null when the header section could not be read to its end;
        /// otherwise its Method and headers are readable even if error is a start-line or Content-Length error.
        /// </summary>
        void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs);

        /// <summary>A stream flow died (closed, keep-alive pong missing, broken framing): re-register (RFC 5626 §4.4.1).</summary>
        void OnFlowFailed(int connectionId, long nowMs);
    }
}
