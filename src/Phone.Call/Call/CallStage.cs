namespace Phone.Call
{
    /// <summary>Where one call is in its life, independent of which call is in the foreground.</summary>
    public enum CallStage
    {
        Calling = 0,
        Ringback = 1,

        /// <summary>Incoming and offered to the user as the foreground call.</summary>
        Ringing = 2,

        /// <summary>Incoming while another call is connected (call waiting).</summary>
        Waiting = 3,
        Connected = 4
    }
}
