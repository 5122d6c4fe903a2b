namespace Phone.Sip.Transport
{
    /// <summary>Where a received message came from: the connection (0 for UDP), the transport and the remote address.</summary>
    public sealed class SipSource
    {
        public int ConnectionId { get; private set; }

        public SipTransportKind Transport { get; private set; }

        public string Host { get; private set; }

        public int Port { get; private set; }

        public bool IsReliable
        {
            get { return Transport != SipTransportKind.Udp; }
        }

        public void Set(int connectionId, SipTransportKind transport, string host, int port)
        {
            ConnectionId = connectionId;
            Transport = transport;
            Host = host;
            Port = port;
        }
    }
}
