namespace Phone.Rtp
{
    /// <summary>Outcome of reading an RTP header (RFC 3550 §5.1); nothing in the packet is trusted.</summary>
    public enum RtpParseStatus
    {
        Ok = 0,
        /// <summary>Null buffer, or offset/length outside it.</summary>
        InvalidArguments,
        /// <summary>Fewer than the 12 octets of the fixed header.</summary>
        TooShort,
        /// <summary>Version field is not 2.</summary>
        BadVersion,
        /// <summary>The CSRC list (CC × 4 octets) runs past the end of the packet.</summary>
        CsrcPastEnd,
        /// <summary>The header extension (RFC 3550 §5.3.1) runs past the end of the packet.</summary>
        ExtensionPastEnd,
        /// <summary>P bit set but the padding count is 0 or larger than the payload.</summary>
        PaddingInvalid
    }
}
