namespace Phone.Media
{
    /// <summary>What <see cref="JitterBuffer.Get"/> put into the caller's frame.</summary>
    public enum PlayoutKind
    {
        /// <summary>A received frame, decoded.</summary>
        Real = 0,
        /// <summary>Packet-loss concealment for a frame that was not there in time (fading out by 60 ms).</summary>
        Concealed,
        /// <summary>Zeros: not started yet, idle, or an erasure longer than 60 ms.</summary>
        Silence,
        /// <summary>An inserted frame (the playout point did not advance) to deepen the buffer: drift or jitter growth.</summary>
        Stretched,
        /// <summary>White noise at the level the peer's last comfort-noise packet gave (RFC 3389): the peer is silent.</summary>
        ComfortNoise
    }
}
