namespace Phone.Sip.Transport
{
    /// <summary>
    /// One stream connection slot (Tcp or Tls), keyed by (transport, host, port, server name). A slot is never
    /// reused for another server name while open (CVE-2020-15260: a TLS connection verified for one name must not
    /// carry requests meant for another). Owns its framer (RFC 3261 §18.3) and keep-alive state (RFC 5626 §4.4.1).
    /// </summary>
    public sealed class SipConnection
    {
        internal readonly SipStreamFramer Framer = new SipStreamFramer();

        /// <summary>Unique, never reused id (&gt; 0) while in use; 0 when Free.</summary>
        public int Id { get; internal set; }

        public SipConnectionState State { get; internal set; }

        public SipTransportKind Transport { get; internal set; }

        public string Host { get; internal set; }

        public int Port { get; internal set; }

        /// <summary>Name the TLS certificate is verified against; compared exactly (lower case) when looking for a slot.</summary>
        public string ServerName { get; internal set; }

        /// <summary>When the next CRLFCRLF ping is due; long.MaxValue when keep-alive is off or not open.</summary>
        public long NextPingMs { get; internal set; }

        /// <summary>When a missing pong declares the flow dead; long.MaxValue when no pong is awaited.</summary>
        public long PongDeadlineMs { get; internal set; }

        public bool AwaitingPong
        {
            get { return PongDeadlineMs != long.MaxValue; }
        }

        internal bool Matches(SipTransportKind transport, string host, int port, string serverName)
        {
            return State != SipConnectionState.Free && Transport == transport && Port == port && Host == host &&
                   ServerName == serverName;
        }

        internal void Clear()
        {
            Id = 0;
            State = SipConnectionState.Free;
            Host = null;
            ServerName = null;
            Port = 0;
            NextPingMs = long.MaxValue;
            PongDeadlineMs = long.MaxValue;
            Framer.Reset();
        }
    }
}
