namespace Phone.Device.Storage
{
    /// <summary>What the journal check found before loading (an update cut short by a power loss or crash).</summary>
    public enum ConfigRecovery
    {
        /// <summary>No interrupted update.</summary>
        None = 0,

        /// <summary>A verified update was committed (marker present) and its swap was finished.</summary>
        RolledForward = 1,

        /// <summary>An update was cut off before it was committed; its leftovers were removed, the old file stays.</summary>
        RolledBack = 2,

        /// <summary>The journal could not be checked (the volume failed); files were left as found.</summary>
        Failed = 3,
    }
}
