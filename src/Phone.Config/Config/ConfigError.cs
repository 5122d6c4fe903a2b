namespace Phone.Config
{
    /// <summary>One problem found in nf.config. Never carries the offending value, so secrets cannot leak into logs.</summary>
    public sealed class ConfigError
    {
        public ConfigError(ConfigErrorCode code, int line, string section, string key, string detail)
        {
            Code = code;
            Line = line;
            Section = section;
            Key = key;
            Detail = detail;
        }

        public ConfigErrorCode Code { get; private set; }

        /// <summary>1-based physical line; 0 when the problem belongs to no line (missing key, file size).</summary>
        public int Line { get; private set; }

        /// <summary>Lower-case section name, or null when the problem is not inside a section.</summary>
        public string Section { get; private set; }

        /// <summary>Lower-case key name, or null when the problem is not about a key.</summary>
        public string Key { get; private set; }

        /// <summary>What was expected, in words; never the value that was found.</summary>
        public string Detail { get; private set; }

        /// <summary>Readable form for the display and the log, e.g. "line 7 [sip] port: OutOfRange: 1..65535".</summary>
        public override string ToString()
        {
            string where = "line " + Line.ToString();
            if (Section != null) where = where + " [" + Section + "]";
            if (Key != null) where = where + " " + Key;
            return where + ": " + CodeName(Code) + ": " + Detail;
        }

        /// <summary>Name of a code; enum ToString() on the device yields only the number.</summary>
        public static string CodeName(ConfigErrorCode code)
        {
            switch (code)
            {
                case ConfigErrorCode.UnknownSection: return "UnknownSection";
                case ConfigErrorCode.UnknownKey: return "UnknownKey";
                case ConfigErrorCode.BadValue: return "BadValue";
                case ConfigErrorCode.OutOfRange: return "OutOfRange";
                case ConfigErrorCode.MissingRequired: return "MissingRequired";
                case ConfigErrorCode.DuplicateKey: return "DuplicateKey";
                case ConfigErrorCode.DuplicateSection: return "DuplicateSection";
                case ConfigErrorCode.KeyOutsideSection: return "KeyOutsideSection";
                case ConfigErrorCode.SyntaxError: return "SyntaxError";
                case ConfigErrorCode.InvalidUtf8: return "InvalidUtf8";
                case ConfigErrorCode.ControlCharacter: return "ControlCharacter";
                case ConfigErrorCode.LineTooLong: return "LineTooLong";
                case ConfigErrorCode.FileTooLarge: return "FileTooLarge";
                case ConfigErrorCode.EmptyValue: return "EmptyValue";
                case ConfigErrorCode.UnterminatedPem: return "UnterminatedPem";
                case ConfigErrorCode.Conflict: return "Conflict";
                case ConfigErrorCode.UnprotectedSrtpKeys: return "UnprotectedSrtpKeys";
                case ConfigErrorCode.TooManyErrors: return "TooManyErrors";
                case ConfigErrorCode.InvalidInput: return "InvalidInput";
                default: return "Error" + ((int)code).ToString();
            }
        }
    }
}
