namespace Phone.App.Net
{
    /// <summary>
    /// One slot of the NetEventQueue. Slots and their buffers are made once; a socket thread fills a slot under
    /// the queue's lock and the core thread reads it until it releases it, so steady traffic allocates nothing
    /// here (the remote host string of a datagram is the only per-message object, made by the socket API).
    /// </summary>
    public sealed class NetEvent
    {
        public NetEvent(int capacity)
        {
            Data = new byte[capacity];
        }

        public NetEventKind Kind;
        public int ConnectionId;
        public string Host;
        public int Port;

        /// <summary>ConnectFailed and Closed: why, for the display and the registration's failure text.</summary>
        public string Reason;

        /// <summary>StreamData and Datagram: Data[0..Count).</summary>
        public readonly byte[] Data;

        public int Count;
    }
}
