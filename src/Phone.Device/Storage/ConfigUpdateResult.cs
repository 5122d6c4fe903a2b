using Phone.Config;

namespace Phone.Device.Storage
{
    /// <summary>What <see cref="ConfigStore.Update"/> did with an uploaded or fetched nf.config.</summary>
    public sealed class ConfigUpdateResult
    {
        public ConfigUpdateResult(ConfigUpdateStatus status, ConfigError[] errors, PhoneConfig config)
        {
            Status = status;
            Errors = errors;
            Config = config;
        }

        public ConfigUpdateStatus Status { get; private set; }

        /// <summary>The parser's errors when Status is Invalid; empty otherwise.</summary>
        public ConfigError[] Errors { get; private set; }

        /// <summary>The parsed new configuration (valid unless Status is Invalid); takes effect at the next boot.</summary>
        public PhoneConfig Config { get; private set; }

        public bool Applied { get { return Status == ConfigUpdateStatus.Applied; } }
    }
}
