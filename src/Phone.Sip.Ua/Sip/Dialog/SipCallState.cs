namespace Phone.Sip.Dialog
{
    /// <summary>Where one call stands (RFC 3261 §12, §13, §15).</summary>
    public enum SipCallState
    {
        /// <summary>The slot is free.</summary>
        Idle = 0,

        /// <summary>Our INVITE is out and no provisional response came yet (a CANCEL must wait, §9.1).</summary>
        Calling = 1,

        /// <summary>Our INVITE got a provisional response (ringing out, maybe early media).</summary>
        Proceeding = 2,

        /// <summary>An INVITE from the peer is ringing here (180 sent at the next AdvanceTo unless the phone refused it first).</summary>
        Ringing = 3,

        /// <summary>We sent the 2xx to the peer's INVITE and wait for its ACK (§13.3.1.4).</summary>
        Answered = 4,

        /// <summary>The dialog is confirmed (ACK sent or received): the call is up.</summary>
        Confirmed = 5,

        /// <summary>We cancelled our INVITE and wait for its 487 (or a 2xx that we then BYE).</summary>
        Cancelling = 6,

        /// <summary>BYE sent; waiting for its final response before the slot is freed (§15.1.1).</summary>
        Terminating = 7
    }
}
