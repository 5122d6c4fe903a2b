namespace Phone.Rtp
{
    /// <summary>64-bit NTP timestamps (RFC 3550 §4: seconds since 1900-01-01 in the high 32 bits, fraction in the low 32).</summary>
    public static class NtpTime
    {
        /// <summary>Seconds from 1900-01-01 to 1970-01-01 (RFC 868).</summary>
        public const long UnixEpochSeconds = 2208988800L;

        /// <summary>NTP timestamp of a Unix time in milliseconds.</summary>
        public static ulong FromUnixMilliseconds(long unixMs)
        {
            long seconds = unixMs / 1000 + UnixEpochSeconds;
            long ms = unixMs % 1000;
            ulong fraction = ((ulong)ms << 32) / 1000;
            return ((ulong)seconds << 32) | fraction;
        }

        /// <summary>The middle 32 bits (RFC 3550 §6.4.1 LSR, and the arrival time A of §6.4.1's RTT formula).</summary>
        public static uint Middle32(ulong ntp)
        {
            return (uint)(ntp >> 16);
        }
    }
}
