namespace Phone.Rtp
{
    /// <summary>
    /// Sorts datagrams arriving on one media port (RTP and RTCP multiplexed per RFC 5761, plus STUN
    /// keep-alives and DTLS when present). Reads at most two octets; never throws.
    /// </summary>
    public static class MediaPacketDemux
    {
        /// <summary>Classifies <c>buffer[offset .. offset+length)</c>.</summary>
        public static MediaPacketKind Classify(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 1 || length > buffer.Length - offset)
            {
                return MediaPacketKind.Unknown;
            }

            // RFC 7983 §7: the first octet decides.
            int b = buffer[offset];
            if (b <= 3)
            {
                return length >= 20 ? MediaPacketKind.Stun : MediaPacketKind.Unknown; // RFC 5389 §6: 20-octet header
            }

            if (b >= 16 && b <= 19)
            {
                return MediaPacketKind.Zrtp;
            }

            if (b >= 20 && b <= 63)
            {
                return MediaPacketKind.Dtls;
            }

            if (b >= 64 && b <= 79)
            {
                return MediaPacketKind.TurnChannel;
            }

            if (b >= 128 && b <= 191)
            {
                if (length < 2)
                {
                    return MediaPacketKind.Unknown;
                }

                // RFC 5761 §4: second octet 192..223 (RTCP packet types; RTP payload types 64..95
                // with the marker bit set collide with them and must not be used) means RTCP.
                int pt = buffer[offset + 1];
                if (pt >= 192 && pt <= 223)
                {
                    return length >= 8 ? MediaPacketKind.Rtcp : MediaPacketKind.Unknown; // RFC 3550 §6.4.2: RR with RC=0
                }

                return length >= RtpPacketView.FixedHeaderLength ? MediaPacketKind.Rtp : MediaPacketKind.Unknown;
            }

            return MediaPacketKind.Unknown;
        }
    }
}
