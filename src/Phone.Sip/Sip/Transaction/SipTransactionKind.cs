namespace Phone.Sip.Transaction
{
    /// <summary>The four transaction state machines of RFC 3261 §17.</summary>
    public enum SipTransactionKind
    {
        /// <summary>RFC 3261 §17.1.1 (Figure 5).</summary>
        InviteClient = 0,

        /// <summary>RFC 3261 §17.1.2 (Figure 6).</summary>
        NonInviteClient = 1,

        /// <summary>RFC 3261 §17.2.1 (Figure 7).</summary>
        InviteServer = 2,

        /// <summary>RFC 3261 §17.2.2 (Figure 8).</summary>
        NonInviteServer = 3
    }
}
