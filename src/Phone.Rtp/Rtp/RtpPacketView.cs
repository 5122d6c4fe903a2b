namespace Phone.Rtp
{
    /// <summary>
    /// The fields of one RTP packet (RFC 3550 §5.1), read in place. One instance is reused for every
    /// packet: <see cref="Parse"/> allocates nothing and never throws. Lengths come from the datagram
    /// length, never from a field of the packet alone: CC, the extension length and the padding count
    /// are each checked against what is really there.
    /// </summary>
    public sealed class RtpPacketView
    {
        public const int FixedHeaderLength = 12;

        public bool Marker;
        public int PayloadType;
        public int SequenceNumber;
        public uint Timestamp;
        public uint Ssrc;
        public int CsrcCount;
        public bool HasExtension;
        /// <summary>Fixed header + CSRC list + extension, in octets.</summary>
        public int HeaderLength;
        /// <summary>Absolute index of the first payload octet in the parsed buffer.</summary>
        public int PayloadOffset;
        /// <summary>Payload octets, padding excluded.</summary>
        public int PayloadLength;
        public int PaddingLength;

        /// <summary>Reads <c>buffer[offset .. offset+length)</c>. On any status but Ok the fields are unspecified.</summary>
        public RtpParseStatus Parse(byte[] buffer, int offset, int length)
        {
            if (buffer == null || offset < 0 || length < 0 || length > buffer.Length - offset)
            {
                return RtpParseStatus.InvalidArguments;
            }

            if (length < FixedHeaderLength)
            {
                return RtpParseStatus.TooShort;
            }

            // RFC 3550 §5.1: V(2) P(1) X(1) CC(4) | M(1) PT(7) | sequence(16) | timestamp(32) | SSRC(32)
            int b0 = buffer[offset];
            if ((b0 >> 6) != 2)
            {
                return RtpParseStatus.BadVersion;
            }

            int b1 = buffer[offset + 1];
            Marker = (b1 & 0x80) != 0;
            PayloadType = b1 & 0x7F;
            SequenceNumber = (buffer[offset + 2] << 8) | buffer[offset + 3];
            Timestamp = ReadUInt32(buffer, offset + 4);
            Ssrc = ReadUInt32(buffer, offset + 8);
            CsrcCount = b0 & 0x0F;
            HasExtension = (b0 & 0x10) != 0;

            int h = FixedHeaderLength + 4 * CsrcCount;
            if (h > length)
            {
                return RtpParseStatus.CsrcPastEnd;
            }

            if (HasExtension)
            {
                // RFC 3550 §5.3.1: 16-bit profile-defined field, 16-bit length in 32-bit words, data.
                if (h + 4 > length)
                {
                    return RtpParseStatus.ExtensionPastEnd;
                }

                int words = (buffer[offset + h + 2] << 8) | buffer[offset + h + 3];
                h += 4 + 4 * words;
                if (h > length)
                {
                    return RtpParseStatus.ExtensionPastEnd;
                }
            }

            int pad = 0;
            if ((b0 & 0x20) != 0)
            {
                // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
                pad = buffer[offset + length - 1];
                if (pad == 0 || pad > length - h)
                {
                    return RtpParseStatus.PaddingInvalid;
                }
            }

            HeaderLength = h;
            PaddingLength = pad;
            PayloadOffset = offset + h;
            PayloadLength = length - h - pad;
            return RtpParseStatus.Ok;
        }

        internal static uint ReadUInt32(byte[] b, int i)
        {
            return ((uint)b[i] << 24) | ((uint)b[i + 1] << 16) | ((uint)b[i + 2] << 8) | b[i + 3];
        }
    }
}
