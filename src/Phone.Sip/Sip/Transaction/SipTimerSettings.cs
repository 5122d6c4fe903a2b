namespace Phone.Sip.Transaction
{
    /// <summary>
    /// Timer base values of RFC 3261 §17.1.1.1 and Table 4: T1 (RTT estimate, 500 ms), T2 (maximum retransmit
    /// interval for non-INVITE requests and INVITE responses, 4 s), T4 (maximum duration a message stays in the
    /// network, 5 s). The derived timers follow Table 4.
    /// </summary>
    public sealed class SipTimerSettings
    {
        public SipTimerSettings()
        {
            T1 = 500;
            T2 = 4000;
            T4 = 5000;
            TryingDelayMs = 200;
            UnreliableTimerDMs = 32000;
        }

        public long T1 { get; set; }

        public long T2 { get; set; }

        public long T4 { get; set; }

        /// <summary>RFC 3261 §17.2.1: an INVITE server transaction sends 100 Trying when the TU has not answered in 200 ms.</summary>
        public long TryingDelayMs { get; set; }

        /// <summary>Timer D on unreliable transports: at least 32 s (RFC 3261 §17.1.1.2).</summary>
        public long UnreliableTimerDMs { get; set; }

        /// <summary>Timers B, F, H, J (and RFC 6026 L, M): 64·T1.</summary>
        public long SixtyFourT1
        {
            get { return 64 * T1; }
        }
    }
}
