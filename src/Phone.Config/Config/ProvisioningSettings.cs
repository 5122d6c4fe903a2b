namespace Phone.Config
{
    /// <summary>[provisioning]: where the phone fetches a newer nf.config from.</summary>
    public sealed class ProvisioningSettings
    {
        /// <summary>https URL, may contain {mac}; null disables provisioning.</summary>
        public string Url;

        /// <summary>Seconds between checks.</summary>
        public int Interval = 86400;
    }
}
