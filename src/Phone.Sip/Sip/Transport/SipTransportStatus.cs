namespace Phone.Sip.Transport
{
    /// <summary>Outcome of a request made to SipTransport.</summary>
    public enum SipTransportStatus
    {
        Ok = 0,

        /// <summary>All connection slots are in use (bounded memory).</summary>
        ConnectionTableFull = 1,

        /// <summary>The action queue is full; nothing was queued.</summary>
        QueueFull = 2,

        /// <summary>No such connection, or it is not open.</summary>
        NotConnected = 3,

        /// <summary>Null or out-of-range arguments, or Udp asked of a stream operation.</summary>
        BadArgument = 4
    }
}
