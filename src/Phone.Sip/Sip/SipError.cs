namespace Phone.Sip
{
    /// <summary>
    /// Result of every SIP parse, accessor and serializer call. The parser never throws: each way a message can
    /// be wrong has its own code, so a caller can answer 400/505/413/513 (RFC 3261 §21.4) or close a stream.
    /// </summary>
    public enum SipError
    {
        Ok = 0,

        /// <summary>Stream framer: not yet a whole message; feed more bytes.</summary>
        Incomplete = 1,

        // Bounds (SipLimits).
        MessageTooLarge = 10,
        TooManyHeaders = 11,
        LineTooLong = 12,
        TooManyParameters = 13,
        UriTooLong = 14,
        NestingTooDeep = 15,
        TooManyElements = 16,

        // Start line, RFC 3261 §7.1 / §7.2.
        BadStartLine = 20,
        BadMethod = 21,
        BadRequestUri = 22,
        BadVersion = 23,
        BadStatusCode = 24,
        BadReasonPhrase = 25,

        // Header section, RFC 3261 §7.3.
        BadHeader = 30,
        HeaderSectionUnterminated = 31,
        DuplicateHeader = 32,
        HeaderNotFound = 33,
        BadHeaderValue = 34,

        /// <summary>
        /// A NUL byte (0x00) in the start line or a header field. RFC 3261 §25 allows none there, and
        /// nanoFramework strings end at U+0000, so any string made from such bytes would silently be cut short.
        /// Checked on the bytes before anything is decoded. A NUL in the body is only bytes to SIP.
        /// </summary>
        NulByte = 35,

        // Body framing, RFC 3261 §7.4.2 / §18.3 / §20.14.
        ContentLengthNegative = 40,
        ContentLengthNotNumeric = 41,
        ContentLengthOverflow = 42,
        ContentLengthMismatch = 43,
        ContentLengthMissing = 44,

        // Mandatory headers, RFC 3261 §8.1.1.
        MissingTo = 50,
        MissingFrom = 51,
        MissingCSeq = 52,
        MissingCallId = 53,
        MissingMaxForwards = 54,
        MissingVia = 55,

        // Typed header values.
        BadVia = 60,
        BadCSeq = 61,
        CSeqMethodMismatch = 62,
        BadCallId = 63,
        BadFrom = 64,
        BadTo = 65,
        BadContact = 66,
        BadMaxForwards = 67,
        BadExpires = 68,
        BadContentType = 69,
        BadAuth = 70,
        BadTokenList = 71,
        BadNameAddr = 72,
        BadUri = 73,
        BadEscape = 74,
        BadQuotedString = 75,
        BadParameter = 76,

        // Serializer.
        BufferTooSmall = 90,
        BadArgument = 91,

        /// <summary>A defect in the parser itself was caught; never expected (the fuzzer asserts it never occurs).</summary>
        InternalError = 99
    }
}
