using Phone.Sip.Transport;

namespace Phone.Sip
{
    /// <summary>[sip]: account and signalling. Derived defaults (registrar, auth_user, port) are filled in after parsing.</summary>
    public sealed class SipSettings
    {
        public const int DefaultTlsPort = 5061;
        public const int DefaultPort = 5060;

        public string Domain;

        /// <summary>Host to REGISTER with; equals Domain unless set.</summary>
        public string Registrar;

        public string User;

        /// <summary>Digest user name; equals User unless set.</summary>
        public string AuthUser;

        public string Password;

        /// <summary>Null means no display name is sent.</summary>
        public string DisplayName;

        public SipTransportKind Transport = SipTransportKind.Tls;

        /// <summary>5061 for tls, 5060 otherwise, unless set.</summary>
        public int Port = DefaultTlsPort;

        /// <summary>True when port was given in the file rather than derived from the transport.</summary>
        public bool PortIsSet;

        /// <summary>host or host:port; null sends requests straight to the registrar.</summary>
        public string OutboundProxy;

        /// <summary>Requested registration lifetime in seconds.</summary>
        public int RegisterExpiry = 3600;

        /// <summary>
        /// sip.realm: the only digest realm the password is used for; null learns it from the registrar's
        /// challenge to REGISTER (see DigestRealmPolicy).
        /// </summary>
        public string Realm;

        /// <summary>sip.digest_legacy: also answer challenges without qop (RFC 2069 style). Less secure; default false.</summary>
        public bool DigestLegacy;

        /// <summary>
        /// sip.accept_from_any: over UDP and TCP, take requests from any address, not only from the registrar and
        /// outbound proxy. Less secure (strangers can ring the phone and load its server transactions); default false.
        /// </summary>
        public bool AcceptFromAny;

        /// <summary>
        /// sip.register: REGISTER with the registrar (default). false: no registration at all, calls only go straight
        /// to a peer's address and come in on the TLS listener (sip.listen_port).
        /// </summary>
        public bool Register = true;

        /// <summary>
        /// sip.listen_port: a TLS listener for calls straight to the phone (no registrar in between), with the phone's
        /// own certificate (I:\prov.crt, I:\prov.key); 0 (default) opens none. Only with transport tls.
        /// </summary>
        public int ListenPort;

        /// <summary>
        /// sip.voicemail: the mailbox, a number or user in the domain or a whole sip:/sips: URI. It is dialled by the
        /// voicemail key and, with <see cref="Mwi"/>, subscribed to for message-summary (RFC 3842). null: none.
        /// </summary>
        public string Voicemail;

        /// <summary>
        /// sip.dns_server: "a.b.c.d" or "a.b.c.d:port", the DNS server the phone asks for the registrar's NAPTR, SRV
        /// and A records (RFC 3263). null: the server the network gave (DHCP).
        /// </summary>
        public string DnsServer;

        /// <summary>
        /// sip.keepalive_s: seconds between keep-alives on the SIP flow — over UDP a CRLFCRLF datagram to the first
        /// hop while registered (NAT binding), over TCP/TLS a CRLFCRLF ping that must be answered within 10 s
        /// (RFC 5626 §4.4.1, dead-flow detection). 0: none; -1 (default): 25 s over UDP, 120 s over TCP/TLS.
        /// </summary>
        public int KeepAliveSeconds = -1;

        /// <summary>sip.mwi: subscribe to the voicemail's message-summary (RFC 3842); only with Voicemail set. Default true.</summary>
        public bool Mwi = true;

        /// <summary>
        /// sip.outbound: offer RFC 5626 outbound in REGISTER (reg-id, Supported: outbound). A registrar that grants it
        /// (Require: outbound) sets the keep-alive cadence with its Flow-Timer and gets ;ob in the phone's dialog
        /// Contacts. Default true; false for a registrar that mishandles the offer.
        /// </summary>
        public bool Outbound = true;
    }
}
