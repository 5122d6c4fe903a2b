namespace Phone.Config
{
    /// <summary>Transport for SIP signalling; tls is the default because it protects credentials and SDES keys.</summary>
    public enum SipTransport
    {
        Tls = 0,
        Tcp = 1,
        Udp = 2
    }
}
