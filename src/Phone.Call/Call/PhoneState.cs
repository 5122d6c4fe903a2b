namespace Phone.Call
{
    /// <summary>What the phone shows and which keys mean what; one value at a time.</summary>
    public enum PhoneState
    {
        Idle = 0,
        Dialing = 1,

        /// <summary>Outgoing call placed, no provisional response with progress yet.</summary>
        Calling = 2,

        /// <summary>Outgoing call got 180 Ringing or 183 Session Progress (RFC 3261 21.1).</summary>
        Ringback = 3,

        /// <summary>An incoming call is ringing.</summary>
        Incoming = 4,
        Connected = 5,

        /// <summary>The foreground call is on hold by us.</summary>
        Held = 6,

        /// <summary>Summary of the call that just ended, shown briefly.</summary>
        Ended = 7,

        /// <summary>Browsing the call history.</summary>
        History = 8
    }
}
