namespace Phone.Sip
{
    /// <summary>
    /// The SIP transports the phone speaks (RFC 3261 §18). Udp is unreliable (retransmission timers run);
    /// Tcp and Tls are reliable stream flows framed by Content-Length (RFC 3261 §18.3). A destination configured
    /// for Tls is never retried over Tcp or Udp.
    /// </summary>
    public enum SipTransportKind
    {
        Udp = 0,
        Tcp = 1,
        Tls = 2
    }
}
