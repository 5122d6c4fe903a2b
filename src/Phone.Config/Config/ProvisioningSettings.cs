namespace Phone.Config
{
    /// <summary>[provisioning]: where the phone fetches a newer nf.config from.</summary>
    public sealed class ProvisioningSettings
    {
        /// <summary>https URL, may contain {mac}; null disables provisioning.</summary>
        public string Url;

        /// <summary>Seconds between checks.</summary>
        public int Interval = 86400;

        /// <summary>
        /// version: the file's number for rollback protection, 0..999999999; a phone never accepts a lower one than
        /// the highest it has accepted, by push or pull, unless the admin forces a downgrade. Not set: 0.
        /// </summary>
        public int Version;
    }
}
