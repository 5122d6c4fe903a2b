namespace Phone.Srtp
{
    /// <summary>
    /// Outcome of protecting or unprotecting one packet. The packet path reports every failure here
    /// instead of throwing; each way a packet can be refused has its own value so callers can count
    /// and log them. On any value other than <see cref="Ok"/> the session state is unchanged
    /// (the one exception is <see cref="PaddingInvalid"/> on receive, see there).
    /// The numeric values are stable.
    /// </summary>
    public enum SrtpStatus
    {
        /// <summary>The packet was protected or unprotected.</summary>
        Ok = 0,

        /// <summary>Null buffer, or offset/length outside the buffer.</summary>
        InvalidArgument = 1,

        /// <summary>On protect: the buffer has no room after the packet for the SRTCP index, MKI and tag.</summary>
        BufferTooSmall = 2,

        /// <summary>Shorter than the fixed RTP (12) or RTCP (8) header plus, on receive, the SRTP/SRTCP trailer.</summary>
        PacketTooShort = 3,

        /// <summary>RTP/RTCP version field is not 2 (RFC 3550 §5.1, §6.4.1).</summary>
        BadVersion = 4,

        /// <summary>The CSRC count points past the end of the packet (RFC 3550 §5.1 CC).</summary>
        CsrcPastEnd = 5,

        /// <summary>The header extension, or its length field, runs past the end of the packet (RFC 3550 §5.3.1).</summary>
        ExtensionPastEnd = 6,

        /// <summary>
        /// The P bit is set but the padding count is zero or longer than the payload (RFC 3550 §5.1).
        /// When the payload is encrypted this can only be seen after decryption: the packet was then
        /// authentic, its index is recorded as received, and the buffer holds the plaintext.
        /// </summary>
        PaddingInvalid = 7,

        /// <summary>The packet carries an MKI other than the policy's (RFC 3711 §3.1).</summary>
        UnknownMki = 8,

        /// <summary>A new SSRC arrived but every stream slot is taken (SrtpPolicy.MaxStreams).</summary>
        StreamTableFull = 9,

        /// <summary>This index was already received (RFC 3711 §3.3.2 replay list).</summary>
        ReplayedPacket = 10,

        /// <summary>The index is older than the replay window, or before the stream's first packet (RFC 3711 §3.3.2).</summary>
        PacketTooOld = 11,

        /// <summary>The authentication tag does not verify (RFC 3711 §3.3 step 5, §3.4).</summary>
        AuthenticationFailed = 12,

        /// <summary>An authentic SRTCP packet whose E flag differs from the policy's UnencryptedSrtcp (RFC 3711 §3.4).</summary>
        EncryptionMismatch = 13,

        /// <summary>
        /// The master key has been used for the policy's packet limit (2^48 SRTP, 2^31 SRTCP by default,
        /// RFC 3711 §9.2), or the packet index would pass 2^48 − 1 (SRTP) or 2^31 − 1 (SRTCP). The packet
        /// is refused rather than letting an index wrap; the session must be rekeyed.
        /// </summary>
        KeyLimitReached = 14,

        /// <summary>The session's keys were wiped by SrtpSession.Clear(); it processes nothing more.</summary>
        SessionCleared = 15,

        /// <summary>
        /// An SRTCP packet in a <c>_32</c> suite whose tag does not verify as the 80-bit SRTCP tag RFC 4568
        /// §6.2.2 keeps, but would verify as a 32-bit one (linphonec's SRTCP). Refused like
        /// <see cref="AuthenticationFailed"/>: nothing is decrypted or recorded; the value only names the peer's quirk.
        /// </summary>
        ShortRtcpTag = 16,
    }
}
