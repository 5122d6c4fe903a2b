namespace Phone.Sip.Transport
{
    /// <summary>
    /// One network effect requested by the sans-I/O core. Instances live in a TransportActionQueue ring and are
    /// reused: read the fields before the next call into the core. Data is owned by the core and must not be changed.
    /// </summary>
    public sealed class TransportAction
    {
        public TransportActionKind Kind { get; private set; }

        /// <summary>Connection the action is for (Connect, Send, Close); 0 for SendTo.</summary>
        public int ConnectionId { get; private set; }

        public SipTransportKind Transport { get; private set; }

        /// <summary>Host name or IPv4 literal (Connect, SendTo); the adapter resolves names (A record).</summary>
        public string Host { get; private set; }

        public int Port { get; private set; }

        /// <summary>Tls only: the name the server certificate must match (SNI and verification, RFC 5922 §7.2).</summary>
        public string ServerName { get; private set; }

        public byte[] Data { get; private set; }

        public int Offset { get; private set; }

        public int Count { get; private set; }

        internal void Set(TransportActionKind kind, int connectionId, SipTransportKind transport, string host, int port,
            string serverName, byte[] data, int offset, int count)
        {
            Kind = kind;
            ConnectionId = connectionId;
            Transport = transport;
            Host = host;
            Port = port;
            ServerName = serverName;
            Data = data;
            Offset = offset;
            Count = count;
        }
    }
}
