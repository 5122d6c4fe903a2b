namespace Phone.Sip.Dns
{
    /// <summary>Where a <see cref="SipServerLocator"/> stands.</summary>
    public enum SipLocatorState
    {
        /// <summary>Not started.</summary>
        Idle,

        /// <summary>A query is outstanding.</summary>
        Resolving,

        /// <summary>An ordered list of targets is known; <see cref="SipServerLocator.Address"/> is the current one.</summary>
        Ready,

        /// <summary>No target: the lookups failed or every target was tried (LastError says which).</summary>
        Failed
    }
}
