using System;
using Phone.Device.Storage;

namespace Phone.Device.Provisioning
{
    /// <summary>How the phone enters setup mode (<see cref="SetupPolicy.Decide"/>).</summary>
    public enum SetupEntry
    {
        /// <summary>No setup: run the phone.</summary>
        None = 0,

        /// <summary>No usable configuration: hotspot, code on the display, any valid file accepted with the code.</summary>
        FirstBoot = 1,

        /// <summary>A configuration with device.admin_password is present: setup accepts only the admin password, no code is shown.</summary>
        AdminOnly = 2,

        /// <summary>A configuration without admin password is present and OK was held: erase it and every secret, then FirstBoot.</summary>
        FactoryReset = 3,
    }

    /// <summary>
    /// Security finding 4, item 3: holding OK at power-on must not let whoever stands at the phone replace a
    /// configuration (and with it the SIP account, CA and provisioning server) with a fresh code from the display.
    /// With a configuration present, setup needs the admin password; when the configuration has none, the hold is a
    /// factory reset that erases the stored configuration and keys first, so nothing of the old owner's is left to
    /// take over (the result is a blank phone, as if new). Sans-I/O; PhoneApp applies it.
    /// </summary>
    public static class SetupPolicy
    {
        /// <summary>Hotspot password kept between the two setup boots (PhoneApp).</summary>
        public const string SetupKeyName = "setup.key";

        /// <summary>The LAN endpoint's TLS key and certificate (docs/provisioning.md, "HTTPS on the LAN").</summary>
        public const string EndpointKeyName = "prov.key";

        /// <summary>The LAN endpoint's certificate.</summary>
        public const string EndpointCertName = "prov.crt";

        /// <summary>Every file a factory reset removes: configuration, its journal and version, and the device's keys.</summary>
        public static readonly string[] SecretFiles = new string[]
        {
            ConfigStore.MarkerName, ConfigStore.NewName, ConfigStore.CurrentName, ConfigStore.PreviousName,
            ConfigStore.VersionName, SetupKeyName, EndpointKeyName, EndpointCertName,
        };

        /// <param name="configured">A usable configuration was loaded (nf.config or nf.config.prev).</param>
        /// <param name="adminPassword">device.admin_password of that configuration, or null.</param>
        /// <param name="setupRequested">OK held at power-on, or the hotspot set up by the previous boot.</param>
        public static SetupEntry Decide(bool configured, string adminPassword, bool setupRequested)
        {
            if (!configured)
            {
                return SetupEntry.FirstBoot;
            }

            if (!setupRequested)
            {
                return SetupEntry.None;
            }

            return adminPassword != null && adminPassword.Length > 0 ? SetupEntry.AdminOnly : SetupEntry.FactoryReset;
        }

        /// <summary>
        /// Deletes every file of <see cref="SecretFiles"/>, journal first so no interrupted update can roll a file
        /// forward afterwards. True when none is left; a failure leaves the phone configured (the caller must not
        /// enter first-boot setup then).
        /// </summary>
        public static bool FactoryReset(IFileStore files)
        {
            bool ok = true;
            for (int i = 0; i < SecretFiles.Length; i++)
            {
                try
                {
                    files.Delete(SecretFiles[i]);
                    if (files.Exists(SecretFiles[i]))
                    {
                        ok = false;
                    }
                }
                catch (Exception)
                {
                    ok = false;
                }
            }

            return ok;
        }
    }
}
