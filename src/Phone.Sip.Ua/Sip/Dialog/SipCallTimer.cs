namespace Phone.Sip.Dialog
{
    /// <summary>The timers of one call slot (SipCall.TimerAt); each holds an absolute time or long.MaxValue when off.</summary>
    public enum SipCallTimer
    {
        /// <summary>Next retransmission of our 2xx over an unreliable transport (RFC 3261 §13.3.1.4: T1, 2·T1 … T2).</summary>
        OkRetransmit = 0,

        /// <summary>Give up waiting for the ACK of our 2xx (§13.3.1.4: 64·T1), then BYE.</summary>
        AckWait = 1,

        /// <summary>Give up our INVITE when no final response follows the CANCEL (§9.1: 64·T1).</summary>
        CancelGiveUp = 2,

        /// <summary>Send the pending re-INVITE: the §14.1 retry after 491, or a hold change that had to wait.</summary>
        Reinvite = 3,

        /// <summary>We are the session timer's refresher: refresh at half the interval (RFC 4028 §10).</summary>
        SessionRefresh = 4,

        /// <summary>The peer refreshes: no refresh by the interval less min(32 s, a third) ends the call with BYE (RFC 4028 §10).</summary>
        SessionExpiry = 5,

        /// <summary>
        /// Our REFER was accepted and its outcome is awaited: no NOTIFY within 64·T1 of the 2xx (RFC 6665 §4.1.2.4),
        /// or none before the subscription's expires (at most five minutes), ends the attempt without a result.
        /// </summary>
        ReferResult = 6,

        /// <summary>
        /// A new incoming call's 180 Ringing: armed at the INVITE for the next AdvanceTo, so the phone's decision comes
        /// first and a call it refuses (do-not-disturb, busy) or forwards never rings the caller (RFC 3261 §13.3.1.1).
        /// </summary>
        Ring = 7
    }
}
