namespace Phone.Sip.Dns
{
    /// <summary>What <see cref="DnsMessage.Parse"/> made of a datagram.</summary>
    public enum DnsStatus
    {
        /// <summary>A response to our question; the records of the asked type (after CNAMEs) are in the answer.</summary>
        Ok,

        /// <summary>RCODE 3 (RFC 1035 §4.1.1): the name does not exist. No records; not a failure of the server.</summary>
        NameError,

        /// <summary>Any other non-zero RCODE (server failure, refused, ...).</summary>
        ServerFailure,

        /// <summary>TC set (RFC 1035 §4.1.1): the answer did not fit a datagram. The phone has no DNS over TCP.</summary>
        Truncated,

        /// <summary>Not the response to the outstanding query (ID, QR bit or question differ): ignore it.</summary>
        Foreign,

        /// <summary>Bytes that break RFC 1035's format: out of bounds, bad label, pointer loop, too many records.</summary>
        Malformed
    }
}
