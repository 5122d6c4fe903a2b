using System;

namespace Phone.Rtp
{
    /// <summary>
    /// Writes RTCP packets (RFC 3550 §6.4.1 SR, §6.4.2 RR, §6.5 SDES CNAME, §6.6 BYE) into a
    /// caller-provided buffer. Each method returns the octets written, or 0 when the packet would not
    /// fit (nothing is then written). A compound packet (§6.1: SR or RR first, then SDES with CNAME,
    /// BYE last) is these methods called back to back. Protecting it with SRTCP
    /// (SrtpSession.ProtectRtcp, which appends index and tag) is the caller's next step: leave
    /// SrtcpTrailerLength octets free after it. Allocates nothing.
    /// </summary>
    public static class RtcpWriter
    {
        public const int SenderReport = 200;
        public const int ReceiverReport = 201;
        public const int SourceDescription = 202;
        public const int Bye = 203;
        public const int App = 204;

        public const int ReportBlockLength = 24;
        public const int MaxReportBlocks = 31;

        /// <summary>
        /// SR (§6.4.1): header, SSRC, NTP timestamp, RTP timestamp of the same instant, sender's packet
        /// and octet counts, then <paramref name="blockCount"/> report blocks from <paramref name="blocks"/>.
        /// </summary>
        public static int WriteSenderReport(byte[] buffer, int offset, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp,
            uint packetCount, uint octetCount, RtcpReportBlock[] blocks, int blockCount)
        {
            if (!BlocksValid(blocks, blockCount))
            {
                return 0;
            }

            int length = 28 + ReportBlockLength * blockCount;
            if (!Fits(buffer, offset, length))
            {
                return 0;
            }

            WriteHeader(buffer, offset, blockCount, SenderReport, length);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 4, ssrc);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 8, (uint)(ntpTimestamp >> 32));
            RtpHeaderWriter.WriteUInt32(buffer, offset + 12, (uint)ntpTimestamp);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 16, rtpTimestamp);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 20, packetCount);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 24, octetCount);
            WriteBlocks(buffer, offset + 28, blocks, blockCount);
            return length;
        }

        /// <summary>RR (§6.4.2): header, SSRC of the reporter, report blocks.</summary>
        public static int WriteReceiverReport(byte[] buffer, int offset, uint ssrc, RtcpReportBlock[] blocks, int blockCount)
        {
            if (!BlocksValid(blocks, blockCount))
            {
                return 0;
            }

            int length = 8 + ReportBlockLength * blockCount;
            if (!Fits(buffer, offset, length))
            {
                return 0;
            }

            WriteHeader(buffer, offset, blockCount, ReceiverReport, length);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 4, ssrc);
            WriteBlocks(buffer, offset + 8, blocks, blockCount);
            return length;
        }

        /// <summary>
        /// SDES (§6.5) with one chunk: the SSRC and a CNAME item (§6.5.1) of 1..255 octets (UTF-8,
        /// encoded once by the caller), ended by a null item and zero-padded to a 32-bit boundary.
        /// </summary>
        public static int WriteSourceDescription(byte[] buffer, int offset, uint ssrc, byte[] cname, int cnameOffset, int cnameLength)
        {
            if (cname == null || cnameLength < 1 || cnameLength > 255 || cnameOffset < 0 || cnameOffset > cname.Length - cnameLength)
            {
                return 0;
            }

            // 4 header + 4 SSRC + 2 (type, length) + text + at least one null octet, padded to 4.
            int length = (8 + 2 + cnameLength + 1 + 3) & ~3;
            if (!Fits(buffer, offset, length))
            {
                return 0;
            }

            WriteHeader(buffer, offset, 1, SourceDescription, length);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 4, ssrc);
            buffer[offset + 8] = 1; // CNAME
            buffer[offset + 9] = (byte)cnameLength;
            Array.Copy(cname, cnameOffset, buffer, offset + 10, cnameLength);
            int end = offset + 10 + cnameLength;
            Array.Clear(buffer, end, offset + length - end);
            return length;
        }

        /// <summary>
        /// BYE (§6.6) for one SSRC, with an optional reason (0..255 octets of UTF-8; pass null or
        /// length 0 for none) zero-padded to a 32-bit boundary.
        /// </summary>
        public static int WriteBye(byte[] buffer, int offset, uint ssrc, byte[] reason, int reasonOffset, int reasonLength)
        {
            if (reason == null)
            {
                reasonLength = 0;
            }
            else if (reasonLength < 0 || reasonLength > 255 || reasonOffset < 0 || reasonOffset > reason.Length - reasonLength)
            {
                return 0;
            }

            int length = 8;
            if (reasonLength > 0)
            {
                length = (8 + 1 + reasonLength + 3) & ~3;
            }

            if (!Fits(buffer, offset, length))
            {
                return 0;
            }

            WriteHeader(buffer, offset, 1, Bye, length);
            RtpHeaderWriter.WriteUInt32(buffer, offset + 4, ssrc);
            if (reasonLength > 0)
            {
                buffer[offset + 8] = (byte)reasonLength;
                Array.Copy(reason, reasonOffset, buffer, offset + 9, reasonLength);
                int end = offset + 9 + reasonLength;
                Array.Clear(buffer, end, offset + length - end);
            }

            return length;
        }

        private static void WriteHeader(byte[] b, int offset, int count, int packetType, int length)
        {
            // §6.4.1: V=2, P=0, count (RC/SC) in 5 bits; PT; length in 32-bit words minus one.
            int words = length / 4 - 1;
            b[offset] = (byte)(0x80 | count);
            b[offset + 1] = (byte)packetType;
            b[offset + 2] = (byte)(words >> 8);
            b[offset + 3] = (byte)words;
        }

        private static void WriteBlocks(byte[] b, int at, RtcpReportBlock[] blocks, int count)
        {
            for (int i = 0; i < count; i++)
            {
                RtcpReportBlock r = blocks[i];
                RtpHeaderWriter.WriteUInt32(b, at, r.Ssrc);
                // fraction lost (8 bits) | cumulative number of packets lost (signed 24 bits)
                RtpHeaderWriter.WriteUInt32(b, at + 4, ((uint)(r.FractionLost & 0xFF) << 24) | ((uint)r.CumulativeLost & 0xFFFFFF));
                RtpHeaderWriter.WriteUInt32(b, at + 8, r.ExtendedHighestSequence);
                RtpHeaderWriter.WriteUInt32(b, at + 12, r.Jitter);
                RtpHeaderWriter.WriteUInt32(b, at + 16, r.LastSenderReport);
                RtpHeaderWriter.WriteUInt32(b, at + 20, r.DelaySinceLastSenderReport);
                at += ReportBlockLength;
            }
        }

        private static bool BlocksValid(RtcpReportBlock[] blocks, int count)
        {
            if (count == 0)
            {
                return true;
            }

            if (blocks == null || count < 0 || count > MaxReportBlocks || count > blocks.Length)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (blocks[i] == null)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Fits(byte[] buffer, int offset, int length)
        {
            return buffer != null && offset >= 0 && offset <= buffer.Length - length;
        }
    }
}
