namespace Phone.Sip.Dialog
{
    /// <summary>
    /// What moves a call from one SipCallState to the next (RFC 3261 §12–15); SipCallTransitions says which
    /// input each state accepts and where it leads.
    /// </summary>
    public enum SipCallInput
    {
        /// <summary>The phone placed a call: our INVITE goes out (§13.2.1).</summary>
        Place = 0,

        /// <summary>A 1xx to our initial INVITE (§13.2.2.1).</summary>
        Provisional = 1,

        /// <summary>We sent CANCEL for our INVITE (§9.1).</summary>
        CancelSent = 2,

        /// <summary>A 2xx to our initial INVITE: the dialog is confirmed and ACKed (§13.2.2.4).</summary>
        Accepted = 3,

        /// <summary>An INVITE for a new dialog was taken for ringing (§13.3.1).</summary>
        InviteReceived = 4,

        /// <summary>We sent the 2xx to the peer's initial INVITE (§13.3.1.4).</summary>
        OkSent = 5,

        /// <summary>The ACK for our 2xx came (§13.3.1.4).</summary>
        AckReceived = 6,

        /// <summary>No ACK for our 2xx within 64·T1 (§13.3.1.4): confirmed, then ended with BYE.</summary>
        AckTimedOut = 7,

        /// <summary>We sent BYE (§15.1.1).</summary>
        ByeSent = 8,

        /// <summary>The call is over: the slot is freed.</summary>
        Ended = 9
    }
}
