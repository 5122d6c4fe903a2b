namespace Phone.Rtp
{
    /// <summary>What arrived on the media port, by RFC 7983 §7 (first octet) and RFC 5761 §4 (RTCP packet type).</summary>
    public enum MediaPacketKind
    {
        /// <summary>Empty, too short for its kind, or a first octet no protocol claims: drop it.</summary>
        Unknown = 0,
        Stun,
        Zrtp,
        Dtls,
        TurnChannel,
        Rtp,
        Rtcp
    }
}
