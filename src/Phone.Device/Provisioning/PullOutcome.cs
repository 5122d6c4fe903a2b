namespace Phone.Device.Provisioning
{
    /// <summary>What <see cref="ProvisioningPull.OnFetched"/> did with a fetched nf.config.</summary>
    public enum PullOutcome
    {
        /// <summary>Valid and different: stored; restart into it.</summary>
        Applied = 0,

        /// <summary>SHA-256 equals the configuration in use: nothing written.</summary>
        Unchanged = 1,

        /// <summary>Parser errors (ProvisioningPull.LastErrors); nothing written, retried with backoff.</summary>
        Invalid = 2,

        /// <summary>More than ConfigParser.MaxFileBytes; nothing written, retried with backoff.</summary>
        TooLarge = 3,

        /// <summary>The store failed; retried with backoff.</summary>
        StorageFailed = 4,

        /// <summary>Valid but older ([provisioning] version) than the highest accepted: a rollback, refused; retried with backoff.</summary>
        Downgrade = 5,
    }
}
