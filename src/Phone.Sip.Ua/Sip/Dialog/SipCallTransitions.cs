namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Every state change a call can make, in one table: (state, input) → next state. SipCall.Enter is the only
    /// place that applies it; a pair the table does not list is refused and the call keeps its state.
    /// </summary>
    public static class SipCallTransitions
    {
        // Rows of (from, input, to).
        private static readonly int[] Rows = new int[]
        {
            // UAC (RFC 3261 §13.2, §9.1)
            (int)SipCallState.Idle, (int)SipCallInput.Place, (int)SipCallState.Calling,
            (int)SipCallState.Calling, (int)SipCallInput.Provisional, (int)SipCallState.Proceeding,
            (int)SipCallState.Calling, (int)SipCallInput.Accepted, (int)SipCallState.Confirmed,
            (int)SipCallState.Proceeding, (int)SipCallInput.Provisional, (int)SipCallState.Proceeding,
            (int)SipCallState.Proceeding, (int)SipCallInput.CancelSent, (int)SipCallState.Cancelling,
            (int)SipCallState.Proceeding, (int)SipCallInput.Accepted, (int)SipCallState.Confirmed,
            // §9.1: a 2xx that wins the race with our CANCEL confirms the dialog; BYE follows (§15).
            (int)SipCallState.Cancelling, (int)SipCallInput.Accepted, (int)SipCallState.Confirmed,

            // UAS (§13.3)
            (int)SipCallState.Idle, (int)SipCallInput.InviteReceived, (int)SipCallState.Ringing,
            (int)SipCallState.Ringing, (int)SipCallInput.OkSent, (int)SipCallState.Answered,
            (int)SipCallState.Answered, (int)SipCallInput.AckReceived, (int)SipCallState.Confirmed,
            (int)SipCallState.Answered, (int)SipCallInput.AckTimedOut, (int)SipCallState.Confirmed,
            // §14.2: the ACK (or its absence) for the 2xx to a peer's re-INVITE.
            (int)SipCallState.Confirmed, (int)SipCallInput.AckReceived, (int)SipCallState.Confirmed,
            (int)SipCallState.Confirmed, (int)SipCallInput.AckTimedOut, (int)SipCallState.Confirmed,

            // Termination (§15): a challenged BYE goes again with credentials while Terminating.
            (int)SipCallState.Confirmed, (int)SipCallInput.ByeSent, (int)SipCallState.Terminating,
            (int)SipCallState.Terminating, (int)SipCallInput.ByeSent, (int)SipCallState.Terminating,
            (int)SipCallState.Calling, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Proceeding, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Ringing, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Answered, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Confirmed, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Cancelling, (int)SipCallInput.Ended, (int)SipCallState.Idle,
            (int)SipCallState.Terminating, (int)SipCallInput.Ended, (int)SipCallState.Idle
        };

        /// <summary>Transitions the table holds.</summary>
        public static int Count
        {
            get { return Rows.Length / 3; }
        }

        /// <summary>
        /// The state input leads to from state from: true with next set, or false (refused) with next = from.
        /// </summary>
        public static bool TryNext(SipCallState from, SipCallInput input, out SipCallState next)
        {
            for (int i = 0; i < Rows.Length; i += 3)
            {
                if (Rows[i] == (int)from && Rows[i + 1] == (int)input)
                {
                    next = (SipCallState)Rows[i + 2];
                    return true;
                }
            }

            next = from;
            return false;
        }
    }
}
