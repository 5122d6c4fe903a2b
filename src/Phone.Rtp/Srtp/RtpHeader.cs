namespace Phone.Srtp
{
    /// <summary>
    /// Bounds checks of the RTP header (RFC 3550 §5.1, §5.3.1) as SRTP needs them: where the payload
    /// starts and whether the padding is sane. No length field in the packet is trusted.
    /// </summary>
    internal static class RtpHeader
    {
        internal const int FixedLength = 12;

        /// <summary>Finds the header length (fixed header, CSRC list, extension) of <c>buffer[offset .. offset+length)</c>.</summary>
        internal static SrtpStatus Measure(byte[] buffer, int offset, int length, out int headerLength)
        {
            headerLength = 0;
            if (length < FixedLength)
            {
                return SrtpStatus.PacketTooShort;
            }

            int first = buffer[offset];
            if ((first >> 6) != 2)
            {
                return SrtpStatus.BadVersion;
            }

            int h = FixedLength + 4 * (first & 0x0F);
            if (h > length)
            {
                return SrtpStatus.CsrcPastEnd;
            }

            if ((first & 0x10) != 0)
            {
                // Extension: 16-bit profile field, 16-bit length in 32-bit words, then the data.
                if (h + 4 > length)
                {
                    return SrtpStatus.ExtensionPastEnd;
                }

                int words = (buffer[offset + h + 2] << 8) | buffer[offset + h + 3];
                h += 4 + 4 * words;
                if (h > length)
                {
                    return SrtpStatus.ExtensionPastEnd;
                }
            }

            headerLength = h;
            return SrtpStatus.Ok;
        }

        /// <summary>With the P bit set, the last octet counts the padding including itself and must fit the payload (RFC 3550 §5.1).</summary>
        internal static SrtpStatus CheckPadding(byte[] buffer, int offset, int headerLength, int length)
        {
            if ((buffer[offset] & 0x20) == 0)
            {
                return SrtpStatus.Ok;
            }

            int payload = length - headerLength;
            if (payload < 1)
            {
                return SrtpStatus.PaddingInvalid;
            }

            int pad = buffer[offset + length - 1];
            return pad == 0 || pad > payload ? SrtpStatus.PaddingInvalid : SrtpStatus.Ok;
        }
    }
}
