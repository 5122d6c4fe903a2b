namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The transaction timers of RFC 3261 §17 (Table 4) and RFC 6026 §7, by their letters, plus the 200 ms rule of
    /// §17.2.1 for 100 Trying. A transaction arms them in its SipTimerTable: at most one retransmission timer (A, E,
    /// G) and one other at once; when both fall due at the same instant, the retransmission timer (the lower value) fires first.
    /// </summary>
    public enum SipTimer
    {
        /// <summary>INVITE client, Calling, unreliable: retransmit the INVITE; T1, doubling (§17.1.1.2).</summary>
        A = 0,

        /// <summary>INVITE client, Calling: no response; 64·T1, then a timeout to the TU (§17.1.1.2).</summary>
        B = 1,

        /// <summary>INVITE client, Completed: absorb final response retransmissions; ≥ 32 s unreliable, 0 reliable (§17.1.1.2).</summary>
        D = 2,

        /// <summary>Non-INVITE client, Trying/Proceeding, unreliable: retransmit; T1 doubling to T2, T2 in Proceeding (§17.1.2.2).</summary>
        E = 3,

        /// <summary>Non-INVITE client, Trying/Proceeding: no final response; 64·T1, then a timeout to the TU (§17.1.2.2).</summary>
        F = 4,

        /// <summary>INVITE server, Completed, unreliable: resend the final response; T1 doubling to T2 (§17.2.1).</summary>
        G = 5,

        /// <summary>INVITE server, Completed: no ACK; 64·T1, then a timeout to the TU (§17.2.1).</summary>
        H = 6,

        /// <summary>INVITE server, Confirmed: absorb ACK retransmissions; T4 unreliable, 0 reliable (§17.2.1).</summary>
        I = 7,

        /// <summary>Non-INVITE server, Completed: absorb request retransmissions; 64·T1 unreliable, 0 reliable (§17.2.2).</summary>
        J = 8,

        /// <summary>Non-INVITE client, Completed: absorb response retransmissions; T4 unreliable, 0 reliable (§17.1.2.2).</summary>
        K = 9,

        /// <summary>INVITE server, Accepted: absorb INVITE retransmissions, pass ACKs to the TU; 64·T1 (RFC 6026 §7.1).</summary>
        L = 10,

        /// <summary>INVITE client, Accepted: pass 2xx retransmissions to the TU; 64·T1 (RFC 6026 §7.2).</summary>
        M = 11,

        /// <summary>INVITE server, Proceeding: send 100 Trying when the TU has not answered in 200 ms (§17.2.1).</summary>
        Trying = 12
    }
}
