namespace Phone.Srtp
{
    /// <summary>
    /// Per-SSRC cryptographic state (RFC 3711 §3.2.3): the SRTP index (ROC and highest sequence
    /// number) and replay list for each direction of RTP and RTCP. Slots are allocated with the
    /// session and reused, so a new SSRC costs no allocation.
    /// </summary>
    internal sealed class SrtpStream
    {
        internal bool InUse;
        internal uint Ssrc;

        // Sender side: highest SRTP index protected (ROC·2^16 + SEQ, RFC 3711 §3.3.1) and the indices
        // already used, so a repeated SEQ is refused instead of reusing keystream (RFC 3711 §9.1).
        internal readonly ReplayWindow RtpSend;

        // Receiver side: highest authenticated SRTP index (holds ROC and s_l) and the replay list.
        internal readonly ReplayWindow RtpReceive;

        // Sender side: last SRTCP index sent, −1 before the first packet (RFC 3711 §3.4).
        internal long RtcpSendIndex;

        // Receiver side: SRTCP replay list over the explicit 31-bit index.
        internal readonly ReplayWindow RtcpReceive;

        internal SrtpStream(int windowSize)
        {
            RtpSend = new ReplayWindow(windowSize);
            RtpReceive = new ReplayWindow(windowSize);
            RtcpReceive = new ReplayWindow(windowSize);
            Reset();
        }

        internal void Reset()
        {
            InUse = false;
            Ssrc = 0;
            RtpSend.Reset();
            RtcpSendIndex = -1;
            RtpReceive.Reset();
            RtcpReceive.Reset();
        }
    }
}
