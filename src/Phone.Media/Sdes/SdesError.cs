namespace Phone.Sdes
{
    /// <summary>
    /// Why an <c>a=crypto</c> line (RFC 4568 §9.1) or an SDES offer/answer could not be used.
    /// 1..99: the line is malformed (RFC 4568 §9.1 grammar or §6.1 key rules broken).
    /// 100..199: the line is well formed but asks for something this phone cannot honour; an offer may
    /// still succeed through another line (RFC 4568 §7.1.2).
    /// 200..: offer/answer outcomes (RFC 4568 §7).
    /// The numeric values are stable.
    /// </summary>
    public enum SdesError
    {
        /// <summary>Parsed and usable.</summary>
        None = 0,

        /// <summary>Null, empty, or longer than <see cref="CryptoAttributeParser.MaxLineLength"/>.</summary>
        EmptyOrTooLong = 1,

        /// <summary>Does not start with <c>a=crypto:</c> (or <c>crypto:</c>).</summary>
        NotCryptoAttribute = 2,

        /// <summary>Tag is not 1*9DIGIT in 1..999999999, or is not followed by whitespace (RFC 4568 §9.1).</summary>
        BadTag = 3,

        /// <summary>No crypto-suite after the tag, or it has characters outside ALPHA / DIGIT / "_" (RFC 4568 §9.1).</summary>
        BadSuite = 4,

        /// <summary>No key-params after the suite (RFC 4568 §9.1: at least one is required).</summary>
        MissingKeyParams = 5,

        /// <summary>A key-param is empty or its key-method is not <c>inline:</c> (RFC 4568 §6.1, §9.2).</summary>
        MissingInline = 6,

        /// <summary>The key‖salt is not valid base64 (RFC 4568 §6.1 refers to RFC 3548).</summary>
        BadBase64 = 7,

        /// <summary>The decoded key‖salt is not the suite's length: 30 bytes for AES-128, 46 for AES-256 (RFC 4568 §6.2, RFC 6188 §7).</summary>
        WrongKeyLength = 8,

        /// <summary>The lifetime is not <c>2^n</c> or a decimal, is 0, exceeds 2^48, or appears twice (RFC 4568 §6.1, §6.2.1).</summary>
        BadLifetime = 9,

        /// <summary>The MKI is not <c>value:length</c> with decimal value and length 1..128, or the value does not fit the length (RFC 4568 §6.1, §9.2).</summary>
        BadMki = 10,

        /// <summary>KDR is not a decimal 0..24 (RFC 4568 §6.3.1).</summary>
        BadKdr = 11,

        /// <summary>WSH is not a decimal of at least 64 (RFC 4568 §6.3.7).</summary>
        BadWsh = 12,

        /// <summary>FEC_ORDER is neither FEC_SRTP nor SRTP_FEC (RFC 4568 §6.3.5).</summary>
        BadFecOrder = 13,

        /// <summary>A session parameter is repeated or empty (RFC 4568 §9.1).</summary>
        BadSessionParam = 14,

        /// <summary>A crypto-suite this phone does not implement (RFC 4568 §7.1.2: such lines are ignored).</summary>
        UnsupportedSuite = 100,

        /// <summary>An MKI longer than the 4 bytes the SRTP core handles.</summary>
        UnsupportedMkiLength = 101,

        /// <summary>KDR other than 0: the SRTP core derives session keys once (RFC 3711 §4.3.1).</summary>
        UnsupportedKdr = 102,

        /// <summary>UNAUTHENTICATED_SRTP (RFC 4568 §6.3.2): this phone never accepts unauthenticated media.</summary>
        UnsupportedUnauthenticated = 103,

        /// <summary>FEC_KEY (RFC 4568 §6.3.6): no FEC support.</summary>
        UnsupportedFecKey = 104,

        /// <summary>More than one key-param: the SRTP core holds one master key per direction (RFC 4568 §6.1 allows several).</summary>
        UnsupportedMultipleKeys = 105,

        /// <summary>A mandatory session parameter this phone does not know (RFC 4568 §6.3: only "-"-prefixed ones may be ignored).</summary>
        UnsupportedSessionParam = 106,

        /// <summary>The suite is supported by the SRTP core but not in our configured preference list ([srtp] suites).</summary>
        SuiteNotAllowed = 107,

        /// <summary>A second line with a tag already seen in the same offer (RFC 4568 §5.1: tags are unique per media).</summary>
        DuplicateTag = 108,

        /// <summary>
        /// UNENCRYPTED_SRTP or UNENCRYPTED_SRTCP (RFC 4568 §6.3.2) without nf.config [srtp] allow_unencrypted: the media
        /// would be authenticated but readable by anyone on the path, so the line is refused.
        /// </summary>
        UnencryptedNotAllowed = 109,

        /// <summary>No offered line is both usable and allowed by our preference list (RFC 4568 §7.1.2: reject the media stream).</summary>
        NoAcceptableOffer = 200,

        /// <summary>The answer's tag matches none of the lines we offered (RFC 4568 §7.1.3).</summary>
        AnswerTagNotOffered = 201,

        /// <summary>The answer's suite differs from the one we offered under that tag (RFC 4568 §7.1.3).</summary>
        AnswerSuiteMismatch = 202,

        /// <summary>The answer's UNENCRYPTED_SRTP/SRTCP differ from what we offered under that tag (RFC 4568 §6.3.2).</summary>
        AnswerParamsMismatch = 203,
    }
}
