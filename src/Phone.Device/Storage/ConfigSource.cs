namespace Phone.Device.Storage
{
    /// <summary>Which file the running configuration came from at boot.</summary>
    public enum ConfigSource
    {
        /// <summary>Neither nf.config nor nf.config.prev held a valid configuration: provisioning mode.</summary>
        None = 0,

        /// <summary>nf.config was valid.</summary>
        Current = 1,

        /// <summary>nf.config was missing or invalid; the last known good nf.config.prev is in use.</summary>
        Previous = 2,
    }
}
