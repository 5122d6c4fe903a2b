namespace Phone.Media
{
    /// <summary>Outcome of <see cref="MediaSession.Start"/> and <see cref="MediaSession.Update"/>. The numeric values are stable.</summary>
    public enum MediaStatus
    {
        /// <summary>The session runs with the negotiated parameters.</summary>
        Ok = 0,

        /// <summary>No result, or a failed negotiation (SdpNegotiationResult.Succeeded is false).</summary>
        NotNegotiated = 1,

        /// <summary>The negotiated payload type is not PCMU (0) or PCMA (8) (RFC 3551 §6).</summary>
        UnsupportedCodec = 2,

        /// <summary>The packet time is outside 10..60 ms.</summary>
        UnsupportedPtime = 3,

        /// <summary>The SDES keys do not make a valid SRTP policy, or the crypto kernel refused them.</summary>
        BadKeys = 4,

        /// <summary>Update before Start, or after Stop.</summary>
        NotActive = 5,

        /// <summary>Start while a call is already running: Stop it first.</summary>
        AlreadyActive = 6,
    }
}
