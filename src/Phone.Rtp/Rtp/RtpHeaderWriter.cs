namespace Phone.Rtp
{
    /// <summary>Writes the 12-octet fixed RTP header (RFC 3550 §5.1): V=2, no padding, no extension, no CSRC.</summary>
    public static class RtpHeaderWriter
    {
        /// <summary>Writes at <c>buffer[offset]</c>; the caller guarantees 12 octets of room. Returns 12.</summary>
        public static int Write(byte[] buffer, int offset, bool marker, int payloadType, int sequenceNumber, uint timestamp, uint ssrc)
        {
            buffer[offset] = 0x80;
            buffer[offset + 1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
            buffer[offset + 2] = (byte)(sequenceNumber >> 8);
            buffer[offset + 3] = (byte)sequenceNumber;
            WriteUInt32(buffer, offset + 4, timestamp);
            WriteUInt32(buffer, offset + 8, ssrc);
            return RtpPacketView.FixedHeaderLength;
        }

        internal static void WriteUInt32(byte[] b, int i, uint v)
        {
            b[i] = (byte)(v >> 24);
            b[i + 1] = (byte)(v >> 16);
            b[i + 2] = (byte)(v >> 8);
            b[i + 3] = (byte)v;
        }
    }
}
