namespace Phone.Rtp
{
    /// <summary>One reception report block (RFC 3550 §6.4.1), as written in SR/RR or read from the peer's.</summary>
    public sealed class RtcpReportBlock
    {
        /// <summary>SSRC of the source this block reports on.</summary>
        public uint Ssrc;
        /// <summary>Fraction of packets lost since the previous report, in 1/256 (8 bits).</summary>
        public int FractionLost;
        /// <summary>Cumulative packets lost, signed 24 bits (duplicates can make it negative).</summary>
        public int CumulativeLost;
        /// <summary>Cycles × 65536 + highest sequence number received.</summary>
        public uint ExtendedHighestSequence;
        /// <summary>Interarrival jitter in timestamp units (RFC 3550 §6.4.1, §A.8).</summary>
        public uint Jitter;
        /// <summary>Middle 32 bits of the NTP timestamp of the last SR from the source, 0 if none.</summary>
        public uint LastSenderReport;
        /// <summary>Delay since that SR was received, in 1/65536 s; 0 if none.</summary>
        public uint DelaySinceLastSenderReport;

        public void CopyFrom(RtcpReportBlock other)
        {
            Ssrc = other.Ssrc;
            FractionLost = other.FractionLost;
            CumulativeLost = other.CumulativeLost;
            ExtendedHighestSequence = other.ExtendedHighestSequence;
            Jitter = other.Jitter;
            LastSenderReport = other.LastSenderReport;
            DelaySinceLastSenderReport = other.DelaySinceLastSenderReport;
        }
    }
}
