namespace Phone.Rtp
{
    /// <summary>
    /// Reads a compound RTCP packet from the peer (RFC 3550 §6.1) after SRTCP unprotect: SR (§6.4.1),
    /// RR (§6.4.2), SDES (§6.5, CNAME located), BYE (§6.6, reason located), APP (§6.7, counted); unknown
    /// packet types are skipped by their length (§6.1). Every length field is checked against the
    /// datagram, down to SDES item and BYE reason lengths; the first malformed packet stops the walk with
    /// a status and the whole compound is to be dropped (fields read before it mean nothing then).
    /// A compound may start with APP instead of SR/RR (baresip sends APP-only SRTCP packets).
    /// One instance is reused; <see cref="Read"/> allocates nothing and never throws. Offsets point
    /// into the buffer that was read.
    /// </summary>
    public sealed class RtcpCompoundReader
    {
        private readonly RtcpReportBlock _reportForUs = new RtcpReportBlock();

        /// <summary>An SR was present; the fields below it are valid.</summary>
        public bool HasSenderReport;
        public uint SenderSsrc;
        public ulong NtpTimestamp;
        public uint RtpTimestamp;
        public uint SenderPacketCount;
        public uint SenderOctetCount;

        /// <summary>An SR or RR carried a report block about our SSRC; it is in <see cref="ReportForUs"/>.</summary>
        public bool HasReportForUs;

        /// <summary>
        /// Round-trip time from that block (§6.4.1: A − LSR − DLSR) in 1/65536 s, or −1 when the block
        /// had no LSR or there was no block.
        /// </summary>
        public long RoundTrip;

        public int CnameOffset;
        /// <summary>0 when no CNAME item was found.</summary>
        public int CnameLength;

        public bool ByeReceived;
        public int ByeReasonOffset;
        /// <summary>0 when the BYE had no reason.</summary>
        public int ByeReasonLength;

        public int ReportCount;
        public int AppCount;
        public int UnknownCount;

        public RtcpReportBlock ReportForUs { get { return _reportForUs; } }

        /// <summary>Round-trip time in milliseconds, −1 when unknown.</summary>
        public int RoundTripMs { get { return RoundTrip < 0 ? -1 : RtcpRoundTrip.ToMilliseconds(RoundTrip); } }

        /// <summary>
        /// Reads <c>buffer[offset .. offset+length)</c>. <paramref name="localSsrc"/> selects the report
        /// block about us; <paramref name="arrivalNtp"/> is the NTP time the datagram arrived, for RTT.
        /// </summary>
        public RtcpParseStatus Read(byte[] buffer, int offset, int length, uint localSsrc, ulong arrivalNtp)
        {
            HasSenderReport = false;
            HasReportForUs = false;
            RoundTrip = -1;
            CnameLength = 0;
            ByeReceived = false;
            ByeReasonLength = 0;
            ReportCount = 0;
            AppCount = 0;
            UnknownCount = 0;

            if (buffer == null || offset < 0 || length < 0 || length > buffer.Length - offset)
            {
                return RtcpParseStatus.InvalidArguments;
            }

            if (length < 4 || (length & 3) != 0)
            {
                return RtcpParseStatus.TooShort;
            }

            int end = offset + length;
            int at = offset;
            bool first = true;
            while (at < end)
            {
                if (end - at < 4)
                {
                    return RtcpParseStatus.Truncated;
                }

                int b0 = buffer[at];
                if ((b0 >> 6) != 2)
                {
                    return RtcpParseStatus.BadVersion;
                }

                int count = b0 & 0x1F;
                int type = buffer[at + 1];
                int packetLength = (((buffer[at + 2] << 8) | buffer[at + 3]) + 1) * 4;
                if (packetLength > end - at)
                {
                    return RtcpParseStatus.Truncated;
                }

                if (first && type != RtcpWriter.SenderReport && type != RtcpWriter.ReceiverReport && type != RtcpWriter.App)
                {
                    return RtcpParseStatus.NotReportFirst;
                }

                first = false;
                int bodyEnd = at + packetLength;
                if ((b0 & 0x20) != 0)
                {
                    // §A.2: only the last packet may be padded; the last octet counts the padding.
                    int pad = buffer[bodyEnd - 1];
                    if (bodyEnd != end || pad == 0 || pad > packetLength - 4)
                    {
                        return RtcpParseStatus.BadPadding;
                    }

                    bodyEnd -= pad;
                }

                RtcpParseStatus s = RtcpParseStatus.Ok;
                if (type == RtcpWriter.SenderReport)
                {
                    s = ReadReport(buffer, at, bodyEnd, count, true, localSsrc, arrivalNtp);
                }
                else if (type == RtcpWriter.ReceiverReport)
                {
                    s = ReadReport(buffer, at, bodyEnd, count, false, localSsrc, arrivalNtp);
                }
                else if (type == RtcpWriter.SourceDescription)
                {
                    s = ReadSdes(buffer, at + 4, bodyEnd, count);
                }
                else if (type == RtcpWriter.Bye)
                {
                    s = ReadBye(buffer, at + 4, bodyEnd, count);
                }
                else if (type == RtcpWriter.App)
                {
                    AppCount++;
                }
                else
                {
                    UnknownCount++; // §6.1: ignore packet types we do not know
                }

                if (s != RtcpParseStatus.Ok)
                {
                    return s;
                }

                at += packetLength;
            }

            return RtcpParseStatus.Ok;
        }

        private RtcpParseStatus ReadReport(byte[] b, int at, int bodyEnd, int count, bool sender, uint localSsrc, ulong arrivalNtp)
        {
            int blocksAt = at + (sender ? 28 : 8);
            if (blocksAt + RtcpWriter.ReportBlockLength * count > bodyEnd)
            {
                return RtcpParseStatus.Truncated;
            }

            ReportCount++;
            uint reporter = RtpPacketView.ReadUInt32(b, at + 4);
            if (sender)
            {
                // §6.4.1 sender info
                HasSenderReport = true;
                SenderSsrc = reporter;
                NtpTimestamp = ((ulong)RtpPacketView.ReadUInt32(b, at + 8) << 32) | RtpPacketView.ReadUInt32(b, at + 12);
                RtpTimestamp = RtpPacketView.ReadUInt32(b, at + 16);
                SenderPacketCount = RtpPacketView.ReadUInt32(b, at + 20);
                SenderOctetCount = RtpPacketView.ReadUInt32(b, at + 24);
            }

            for (int i = 0; i < count; i++)
            {
                int p = blocksAt + i * RtcpWriter.ReportBlockLength;
                if (RtpPacketView.ReadUInt32(b, p) != localSsrc)
                {
                    continue;
                }

                RtcpReportBlock r = _reportForUs;
                r.Ssrc = localSsrc;
                r.FractionLost = b[p + 4];
                int lost = (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7];
                r.CumulativeLost = (lost & 0x800000) != 0 ? lost - 0x1000000 : lost; // signed 24 bits
                r.ExtendedHighestSequence = RtpPacketView.ReadUInt32(b, p + 8);
                r.Jitter = RtpPacketView.ReadUInt32(b, p + 12);
                r.LastSenderReport = RtpPacketView.ReadUInt32(b, p + 16);
                r.DelaySinceLastSenderReport = RtpPacketView.ReadUInt32(b, p + 20);
                HasReportForUs = true;
                RoundTrip = RtcpRoundTrip.Compute(NtpTime.Middle32(arrivalNtp), r.LastSenderReport, r.DelaySinceLastSenderReport);
            }

            return RtcpParseStatus.Ok;
        }

        private RtcpParseStatus ReadSdes(byte[] b, int at, int bodyEnd, int count)
        {
            // §6.5: chunks of SSRC + items (type, length, text), each chunk ended by null octets up to a
            // 32-bit boundary. Only the first CNAME is located; an item running past the packet is Truncated.
            for (int c = 0; c < count && at + 4 <= bodyEnd; c++)
            {
                int p = at + 4;
                while (p < bodyEnd && b[p] != 0)
                {
                    if (p + 2 > bodyEnd || p + 2 + b[p + 1] > bodyEnd)
                    {
                        return RtcpParseStatus.Truncated;
                    }

                    int itemLength = b[p + 1];

                    if (b[p] == 1 && CnameLength == 0 && itemLength > 0)
                    {
                        CnameOffset = p + 2;
                        CnameLength = itemLength;
                    }

                    p += 2 + itemLength;
                }

                // Skip the terminating null and pad to the next 32-bit boundary of the chunk.
                at = at + (((p - at) + 4) & ~3);
            }

            return RtcpParseStatus.Ok;
        }

        private RtcpParseStatus ReadBye(byte[] b, int at, int bodyEnd, int count)
        {
            // §6.6: SC SSRC/CSRC identifiers, then an optional length-prefixed reason.
            int p = at + 4 * count;
            if (p > bodyEnd)
            {
                return RtcpParseStatus.Truncated;
            }

            if (p < bodyEnd && p + 1 + b[p] > bodyEnd)
            {
                return RtcpParseStatus.Truncated; // §6.6: the reason's length runs past the packet
            }

            ByeReceived = true;
            if (p < bodyEnd)
            {
                int n = b[p];
                if (n > 0)
                {
                    ByeReasonOffset = p + 1;
                    ByeReasonLength = n;
                }
            }

            return RtcpParseStatus.Ok;
        }
    }
}
