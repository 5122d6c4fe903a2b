namespace Phone.Rtp
{
    /// <summary>Outcome of reading a compound RTCP packet (RFC 3550 §6.1, validity checks of §A.2).</summary>
    public enum RtcpParseStatus
    {
        Ok = 0,
        /// <summary>Null buffer, or offset/length outside it.</summary>
        InvalidArguments,
        /// <summary>Shorter than one 4-octet header, or not a multiple of 4 octets.</summary>
        TooShort,
        /// <summary>A packet's version is not 2.</summary>
        BadVersion,
        /// <summary>The first packet is neither SR nor RR (§A.2).</summary>
        NotReportFirst,
        /// <summary>A packet's length field runs past the datagram, or its body is too short for its count.</summary>
        Truncated,
        /// <summary>Padding on a packet other than the last, or an impossible padding count (§A.2).</summary>
        BadPadding
    }
}
