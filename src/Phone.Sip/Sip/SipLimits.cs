namespace Phone.Sip
{
    /// <summary>
    /// Hard bounds of the parser, framer and serializer. RFC 3261 sets none; these keep a hostile peer from
    /// spending the device's RAM or time. Each bound, when exceeded, has its own SipError.
    /// </summary>
    public static class SipLimits
    {
        /// <summary>Whole message (start line, headers, body). UDP must stay under the path MTU anyway (RFC 3261 §18.1.1).</summary>
        public const int MaxMessageSize = 8192;

        /// <summary>Header fields per message (a folded or comma-separated field counts once).</summary>
        public const int MaxHeaders = 64;

        /// <summary>Bytes in the start line or in one header field including its folded continuations (RFC 3261 §7.3.1).</summary>
        public const int MaxLineLength = 2048;

        /// <summary>Parameters after one URI, name-addr, Via element or challenge (";" or "," separated).</summary>
        public const int MaxParameters = 16;

        /// <summary>Bytes in one URI (Request-URI or inside a header).</summary>
        public const int MaxUriLength = 512;

        /// <summary>Depth of nested comments "( ( ) )" (RFC 3261 §25.1 comment).</summary>
        public const int MaxNesting = 8;

        /// <summary>Comma-separated elements of one header name over all its fields (Via, Contact, Allow, ...).</summary>
        public const int MaxElements = 32;

        /// <summary>Bytes in a method name.</summary>
        public const int MaxMethodLength = 64;
    }
}
