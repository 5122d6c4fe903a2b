namespace Phone.Config
{
    /// <summary>[device]: identity and local administration.</summary>
    public sealed class DeviceSettings
    {
        /// <summary>Shown on the display and used as the network host name.</summary>
        public string Name = "phone";

        /// <summary>Password of the local admin menu; null means the admin menu is disabled.</summary>
        public string AdminPassword;
    }
}
