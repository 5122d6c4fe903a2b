namespace Phone.Rtp
{
    /// <summary>Round-trip time from a report block's LSR/DLSR (RFC 3550 §6.4.1, figure "Example for round-trip time computation").</summary>
    public static class RtcpRoundTrip
    {
        /// <summary>
        /// RTT = A − LSR − DLSR in 1/65536 s, where A is the middle 32 bits of the NTP time the report
        /// arrived. Returns −1 when LSR is 0 (no SR received by the peer yet) or the result is negative
        /// (clocks or a hostile peer): the caller keeps its previous estimate.
        /// </summary>
        public static long Compute(uint arrivalMiddle32, uint lastSenderReport, uint delaySinceLastSenderReport)
        {
            if (lastSenderReport == 0)
            {
                return -1;
            }

            int rtt = (int)(arrivalMiddle32 - lastSenderReport - delaySinceLastSenderReport);
            return rtt < 0 ? -1 : rtt;
        }

        /// <summary>1/65536-second units to milliseconds, rounded to nearest.</summary>
        public static int ToMilliseconds(long units)
        {
            return (int)((units * 1000 + 32768) >> 16);
        }
    }
}
