namespace Phone.Sip.Dns
{
    /// <summary>
    /// One resource record of an answer section (RFC 1035 §4.1.3) of a type the phone asks for: A (Address), SRV
    /// (RFC 2782: Priority, Weight, Port, Target) or NAPTR (RFC 3403 §4.1: Order, Preference, Flags, Services,
    /// Replacement). Fields a type does not use stay 0 or null.
    /// </summary>
    public sealed class DnsRecord
    {
        public const int TypeA = 1;
        public const int TypeCname = 5;
        public const int TypeSrv = 33;
        public const int TypeNaptr = 35;

        public int Type;

        /// <summary>Seconds the record may be cached (RFC 1035 §3.2.1; RFC 2181 §8: values above 2^31-1 count as 0).</summary>
        public int Ttl;

        /// <summary>A: the IPv4 address in dotted-decimal form.</summary>
        public string Address;

        public int Priority;
        public int Weight;
        public int Port;

        /// <summary>SRV: the target host; "." means the service is not offered there (RFC 2782).</summary>
        public string Target;

        public int Order;
        public int Preference;
        public string Flags;
        public string Services;

        /// <summary>NAPTR: the next name to look up (an SRV name for flag "s").</summary>
        public string Replacement;
    }
}
