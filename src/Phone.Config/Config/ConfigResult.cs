namespace Phone.Config
{
    /// <summary>What ConfigParser.Parse returns: the typed configuration and every problem found.</summary>
    public sealed class ConfigResult
    {
        public ConfigResult(PhoneConfig config, ConfigError[] errors)
        {
            Config = config;
            Errors = errors;
        }

        /// <summary>Always present; when errors exist it must not be used to go on-line.</summary>
        public PhoneConfig Config { get; private set; }

        public ConfigError[] Errors { get; private set; }

        public bool IsValid { get { return Errors.Length == 0; } }

        /// <summary>True when an error with this code was reported on this line (line 0 = no line).</summary>
        public bool Has(ConfigErrorCode code, int line)
        {
            for (int i = 0; i < Errors.Length; i++)
            {
                if (Errors[i].Code == code && Errors[i].Line == line) return true;
            }
            return false;
        }

        /// <summary>First error with this code, or null.</summary>
        public ConfigError Find(ConfigErrorCode code)
        {
            for (int i = 0; i < Errors.Length; i++)
            {
                if (Errors[i].Code == code) return Errors[i];
            }
            return null;
        }
    }
}
