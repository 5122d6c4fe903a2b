namespace Phone.Call
{
    /// <summary>Locally generated tone the media side should play; one at a time.</summary>
    public enum AlertTone
    {
        None = 0,

        /// <summary>Ringer for an incoming call.</summary>
        Ring = 1,

        /// <summary>Short beeps in the earpiece: a second call is waiting.</summary>
        CallWaiting = 2,

        /// <summary>Local ringback after 180 Ringing without early media.</summary>
        Ringback = 3
    }
}
