namespace Phone.Device.Recovery
{
    /// <summary>What <see cref="LinkSupervisor"/> asks the firmware to do.</summary>
    public enum LinkAction
    {
        None = 0,

        /// <summary>Start a Wi-Fi connect (WifiNetworkHelper.ConnectDhcp / Reconnect); report WifiConnected or WifiFailed.</summary>
        ConnectWifi = 1,

        /// <summary>Open the TLS connection to the SIP server; report TlsConnected or TlsFailed.</summary>
        ConnectTls = 2,

        /// <summary>Drop the TLS connection (its network is gone); no report expected.</summary>
        CloseTls = 3,

        /// <summary>Send REGISTER on the new connection; report Registered or RegistrationFailed.</summary>
        Register = 4
    }
}
