namespace Phone.Config
{
    /// <summary>What went wrong in nf.config. Values are stable: they are shown on the display and in logs.</summary>
    public enum ConfigErrorCode
    {
        /// <summary>A [section] name the phone does not know.</summary>
        UnknownSection = 1,
        /// <summary>A key that does not exist in its section.</summary>
        UnknownKey = 2,
        /// <summary>The value does not have the expected form (detail says what was expected).</summary>
        BadValue = 3,
        /// <summary>A number or length outside its range (detail gives the range).</summary>
        OutOfRange = 4,
        /// <summary>A required key is missing (line 0).</summary>
        MissingRequired = 5,
        /// <summary>The same key twice in one section; the first value is kept.</summary>
        DuplicateKey = 6,
        /// <summary>The same [section] twice; sections are not merged.</summary>
        DuplicateSection = 7,
        /// <summary>A key = value line before the first [section].</summary>
        KeyOutsideSection = 8,
        /// <summary>A line that is neither comment, section header nor key = value.</summary>
        SyntaxError = 9,
        /// <summary>Bytes that are not valid UTF-8 (overlong, surrogate, truncated, stray continuation).</summary>
        InvalidUtf8 = 10,
        /// <summary>NUL, a lone CR or another control byte other than TAB.</summary>
        ControlCharacter = 11,
        /// <summary>A line longer than ConfigParser.MaxLineBytes.</summary>
        LineTooLong = 12,
        /// <summary>The file is larger than ConfigParser.MaxFileBytes; nothing was parsed.</summary>
        FileTooLarge = 13,
        /// <summary>key = with nothing after the '='.</summary>
        EmptyValue = 14,
        /// <summary>A -----BEGIN block without its matching -----END line.</summary>
        UnterminatedPem = 15,
        /// <summary>Two settings that contradict each other (e.g. jitter_min_ms above jitter_max_ms).</summary>
        Conflict = 16,
        /// <summary>SRTP keys would be sent in clear over tcp/udp without allow_unprotected_keys = true.</summary>
        UnprotectedSrtpKeys = 17,
        /// <summary>More problems than ConfigErrorList.MaxErrors; parsing stopped.</summary>
        TooManyErrors = 18,
        /// <summary>The caller passed no buffer or an offset/count outside it.</summary>
        InvalidInput = 19
    }
}
