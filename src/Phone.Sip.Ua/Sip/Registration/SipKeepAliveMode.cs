namespace Phone.Sip.Registration
{
    /// <summary>How the registration keeps its UDP flow to the first hop alive.</summary>
    public enum SipKeepAliveMode
    {
        /// <summary>STUN Binding requests sent; no answer seen yet.</summary>
        Probing = 0,

        /// <summary>The first hop answers STUN (RFC 5626 §4.4.2): the answers also tell where it sees us.</summary>
        Stun = 1,

        /// <summary>The first hop does not answer STUN: a CRLFCRLF datagram, which registrars ignore, keeps the NAT's mapping.</summary>
        Crlf = 2
    }
}
