namespace Phone.Device.Storage
{
    /// <summary>Outcome of <see cref="ConfigStore.Update"/>. Every status except Applied leaves the stored configuration as it was.</summary>
    public enum ConfigUpdateStatus
    {
        /// <summary>The new file is in place as nf.config; the old one (if valid) is nf.config.prev.</summary>
        Applied = 0,

        /// <summary>The text has parser errors (see Errors); nothing was written.</summary>
        Invalid = 1,

        /// <summary>The text is byte for byte the running configuration; nothing was written.</summary>
        Unchanged = 2,

        /// <summary>The file written aside did not read back identical; it was removed.</summary>
        VerifyFailed = 3,

        /// <summary>The volume failed during the update; the next Load finishes or undoes it via the journal.</summary>
        StorageFailed = 4,

        /// <summary>
        /// [provisioning] version is below the highest version the phone accepted (ConfigStore.HighestVersion) and
        /// no downgrade was forced: a replayed older file; nothing was written.
        /// </summary>
        Downgrade = 5,
    }
}
