namespace Phone.App.Drivers
{
    /// <summary>
    /// The setup hotspot. On the ESP32 the access point only starts at boot from its stored configuration, so
    /// Configure stores it and the app restarts; IsEnabled tells whether this boot runs it.
    /// </summary>
    public interface ISoftAccessPoint
    {
        /// <summary>The hotspot's own address (where the provisioning page is served).</summary>
        string Address { get; }

        bool IsEnabled { get; }

        /// <summary>Stores ssid and WPA2 password for the next boot; false with error when it cannot.</summary>
        bool Configure(string ssid, string password, out string error);

        /// <summary>Switches the hotspot off for the next boot.</summary>
        void Disable();
    }
}
