using Phone.Config;

namespace Phone.Device.Storage
{
    /// <summary>What <see cref="ConfigStore.Load"/> found at boot, and the line to put on the display.</summary>
    public sealed class ConfigLoadResult
    {
        public ConfigLoadResult(ConfigSource source, ConfigRecovery recovery, PhoneConfig config, byte[] digest, ConfigError[] rejectedErrors, string message)
        {
            Source = source;
            Recovery = recovery;
            Config = config;
            Digest = digest;
            RejectedErrors = rejectedErrors;
            Message = message;
        }

        /// <summary>Which file is in use; None means provisioning mode.</summary>
        public ConfigSource Source { get; private set; }

        /// <summary>What the journal check did before loading.</summary>
        public ConfigRecovery Recovery { get; private set; }

        /// <summary>The valid configuration in use, or null when Source is None.</summary>
        public PhoneConfig Config { get; private set; }

        /// <summary>SHA-256 of the file text in use (32 bytes), or null when Source is None.</summary>
        public byte[] Digest { get; private set; }

        /// <summary>Why nf.config was not used (the parser's errors, or one synthetic error for a missing/oversized file); empty when it was.</summary>
        public ConfigError[] RejectedErrors { get; private set; }

        /// <summary>One line for the display, e.g. "nf.config line 12 [sip] port: OutOfRange: 1..65535; using previous"; empty when nf.config loaded cleanly. Never contains a configured value.</summary>
        public string Message { get; private set; }
    }
}
