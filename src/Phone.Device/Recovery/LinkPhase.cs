namespace Phone.Device.Recovery
{
    /// <summary>Where <see cref="LinkSupervisor"/> is in bringing the phone online.</summary>
    public enum LinkPhase
    {
        /// <summary>Not started.</summary>
        Off = 0,
        WifiConnecting = 1,

        /// <summary>Wi-Fi failed or was lost; waiting for the retry time.</summary>
        WifiWaiting = 2,
        TlsConnecting = 3,

        /// <summary>TLS connect failed or the connection dropped; waiting for the retry time.</summary>
        TlsWaiting = 4,
        Registering = 5,

        /// <summary>Registration failed; waiting for the retry time.</summary>
        RegisterWaiting = 6,

        /// <summary>Wi-Fi up, TLS up, registered.</summary>
        Ready = 7
    }
}
