namespace Phone.App
{
    /// <summary>Where the phone app is between power-on and power-off.</summary>
    public enum AppMode
    {
        /// <summary>Before Boot ran.</summary>
        Off = 0,

        /// <summary>Configured, watching for the setup key held at power-on (PowerOnHold).</summary>
        HoldCheck = 1,

        /// <summary>Setup hotspot and provisioning page (SetupMode).</summary>
        Setup = 2,

        /// <summary>Normal operation: Wi-Fi, SIP, calls (PhoneMode).</summary>
        Phone = 3,

        /// <summary>A restart was asked for, or a fault left nothing to run; the screen says why.</summary>
        Halted = 4
    }
}
