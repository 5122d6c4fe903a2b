namespace Phone.Media
{
    /// <summary>What <see cref="JitterBuffer.Put"/> did with a packet. Only Accepted stores audio; ComfortNoise sets the noise for the silence that follows.</summary>
    public enum JitterPutStatus
    {
        Accepted = 0,
        /// <summary>Not an RTP packet we can read, empty payload, or a payload that is not whole frames (≤ 6).</summary>
        Malformed,
        /// <summary>Another payload type (e.g. telephone-event, comfort noise): route it elsewhere.</summary>
        OtherPayloadType,
        /// <summary>The frame is already buffered or was already played.</summary>
        Duplicate,
        /// <summary>The frame's playout time has passed; it was concealed.</summary>
        Late,
        /// <summary>Too far ahead of or behind the playout point to be buffered (not yet confirmed as a timestamp jump).</summary>
        OutOfWindow,
        /// <summary>A comfort-noise packet (RFC 3389) of the negotiated type: its level is played from its timestamp on.</summary>
        ComfortNoise
    }
}
