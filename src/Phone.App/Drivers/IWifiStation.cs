namespace Phone.App.Drivers
{
    /// <summary>
    /// The Wi-Fi station. A join runs in the background (it can take seconds): Begin starts it, IsDone and
    /// Succeeded tell its end, Reset readies the next one. IsUp and Address read the interface as it is now.
    /// </summary>
    public interface IWifiStation
    {
        byte[] Mac { get; }

        bool IsUp { get; }

        /// <summary>Our IPv4 address while up, else null.</summary>
        string Address { get; }

        string LastError { get; }

        /// <summary>Powers the radio up early (the soft AP needs it running before it is configured).</summary>
        void WarmRadio();

        /// <summary>Joins ssid (rejoin: reconnect with the stored credentials); the device name is the DHCP host name.</summary>
        void Begin(string ssid, string password, string deviceName, bool rejoin);

        bool Busy { get; }

        bool IsDone { get; }

        bool Succeeded { get; }

        void Reset();
    }
}
