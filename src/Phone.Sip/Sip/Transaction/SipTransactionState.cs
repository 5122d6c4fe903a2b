namespace Phone.Sip.Transaction
{
    /// <summary>Transaction states of RFC 3261 §17, plus Accepted from RFC 6026 §7.1/§7.2 for INVITE 2xx.</summary>
    public enum SipTransactionState
    {
        /// <summary>INVITE client: request sent, no response yet (§17.1.1.2).</summary>
        Calling = 0,

        /// <summary>Non-INVITE client or server: no provisional response yet (§17.1.2.2, §17.2.2).</summary>
        Trying = 1,

        /// <summary>A provisional response was received or sent.</summary>
        Proceeding = 2,

        /// <summary>A final (non-2xx for INVITE) response was received or sent; absorbing retransmissions.</summary>
        Completed = 3,

        /// <summary>INVITE server: the ACK for a non-2xx arrived (§17.2.1, timer I).</summary>
        Confirmed = 4,

        /// <summary>INVITE 2xx sent or received (RFC 6026 §7.1, §7.2: timers L and M = 64·T1).</summary>
        Accepted = 5,

        /// <summary>Done; the slot is free for reuse.</summary>
        Terminated = 6
    }
}
