namespace Phone.Sip.Dialog
{
    /// <summary>What happened to a call, as the call agent reports it (SipCallEvent.Kind).</summary>
    public enum SipCallEventKind
    {
        /// <summary>An INVITE for a new call was accepted; its 180 goes at the next AdvanceTo unless the phone answers, refuses or forwards it first.</summary>
        IncomingCall = 0,

        /// <summary>Our INVITE got 180 Ringing or 183 Session Progress.</summary>
        CallProgress = 1,

        /// <summary>The call is established (2xx to our INVITE, or the ACK of our 2xx).</summary>
        CallAnswered = 2,

        /// <summary>The call ended without being answered, or failed after it was (status and reason say why).</summary>
        CallFailed = 3,

        /// <summary>The peer ended an established call (BYE).</summary>
        RemoteHangup = 4,

        /// <summary>The peer put the call on hold or resumed it (RFC 3264 §8.4; Held says which).</summary>
        RemoteHold = 5,

        /// <summary>
        /// We answered a request from the peer with a final error response (status, reason and method say which
        /// and why: 488 for an SDP we cannot take, 486 when every call slot is busy, 491, 415 …). For logs only;
        /// CallId is 0 unless the request belonged to a call.
        /// </summary>
        RequestRejected = 6,

        /// <summary>
        /// Our BYE got an error response or none (e.g. 481/408 after the peer or a proxy restarted): the call has
        /// ended here all the same (RFC 3261 §15.1.1), but the peer may not know.
        /// </summary>
        HangupFailed = 7,

        /// <summary>
        /// A new call took the place of the established call ReplacedCallId (same place on the phone, new
        /// CallId, DisplayName and Uri of the new party): the call a REFER asked us to place was answered
        /// (RFC 3515), or an INVITE with Replaces took it over (RFC 3891). The old call is ended here.
        /// </summary>
        CallReplaced = 8,

        /// <summary>
        /// Our REFER of the call has an outcome (RFC 3515 §2.4.5): Status 2xx is the referred call answered
        /// (the call is then ended here with BYE); any other status, or 0 with Reason, is a failed transfer and
        /// the call stays.
        /// </summary>
        TransferResult = 9
    }
}
