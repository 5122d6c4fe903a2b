namespace Phone.Sdes
{
    /// <summary>Readable text and category of an <see cref="SdesError"/> (enum names are not available on the device). Never includes line content.</summary>
    public static class SdesErrorText
    {
        /// <summary>True for codes 1..99: the line is malformed.</summary>
        public static bool IsMalformed(SdesError error)
        {
            return (int)error > 0 && (int)error < 100;
        }

        /// <summary>True for codes 100..199: well formed, but asks for something this phone cannot honour.</summary>
        public static bool IsUnsupported(SdesError error)
        {
            return (int)error >= 100 && (int)error < 200;
        }

        /// <summary>A short English reason.</summary>
        public static string Describe(SdesError error)
        {
            switch (error)
            {
                case SdesError.None: return "ok";
                case SdesError.EmptyOrTooLong: return "empty or too long";
                case SdesError.NotCryptoAttribute: return "not an a=crypto attribute";
                case SdesError.BadTag: return "tag must be 1..999999999 followed by whitespace";
                case SdesError.BadSuite: return "missing or malformed crypto-suite";
                case SdesError.MissingKeyParams: return "missing key-params";
                case SdesError.MissingInline: return "key-param is not inline:";
                case SdesError.BadBase64: return "key-salt is not valid base64";
                case SdesError.WrongKeyLength: return "key-salt length does not match the suite";
                case SdesError.BadLifetime: return "malformed or out-of-range lifetime";
                case SdesError.BadMki: return "malformed MKI (value:length, length 1..128)";
                case SdesError.BadKdr: return "KDR must be 0..24";
                case SdesError.BadWsh: return "WSH must be a decimal of at least 64";
                case SdesError.BadFecOrder: return "FEC_ORDER must be FEC_SRTP or SRTP_FEC";
                case SdesError.BadSessionParam: return "empty or repeated session parameter";
                case SdesError.UnsupportedSuite: return "crypto-suite not supported";
                case SdesError.UnsupportedMkiLength: return "MKI longer than 4 bytes not supported";
                case SdesError.UnsupportedKdr: return "key derivation rate other than 0 not supported";
                case SdesError.UnsupportedUnauthenticated: return "UNAUTHENTICATED_SRTP not accepted";
                case SdesError.UnencryptedNotAllowed: return "UNENCRYPTED_SRTP/SRTCP not accepted (srtp allow_unencrypted is false)";
                case SdesError.UnsupportedFecKey: return "FEC_KEY not supported";
                case SdesError.UnsupportedMultipleKeys: return "more than one master key not supported";
                case SdesError.UnsupportedSessionParam: return "unknown mandatory session parameter";
                case SdesError.SuiteNotAllowed: return "crypto-suite not in the configured list";
                case SdesError.DuplicateTag: return "tag repeated in the offer";
                case SdesError.NoAcceptableOffer: return "no acceptable crypto line in the offer";
                case SdesError.AnswerTagNotOffered: return "answer tag was not offered";
                case SdesError.AnswerSuiteMismatch: return "answer suite differs from the offered one";
                case SdesError.AnswerParamsMismatch: return "answer session parameters differ from the offer";
                default: return "unknown error";
            }
        }
    }
}
