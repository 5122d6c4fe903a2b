namespace Phone.Ui
{
    /// <summary>Media protection of the foreground call as the status bar shows it.</summary>
    public enum SrtpIcon
    {
        /// <summary>No call with media, or no media report yet.</summary>
        None = 0,
        Locked = 1,
        Unlocked = 2
    }
}
