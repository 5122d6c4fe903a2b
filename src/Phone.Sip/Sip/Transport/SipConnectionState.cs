namespace Phone.Sip.Transport
{
    /// <summary>Life of a stream connection slot.</summary>
    public enum SipConnectionState
    {
        /// <summary>The slot is unused.</summary>
        Free = 0,

        /// <summary>Connect was requested; waiting for OnConnected / OnConnectFailed.</summary>
        Connecting = 1,

        /// <summary>Usable for Send.</summary>
        Open = 2
    }
}
