namespace Phone.Call
{
    /// <summary>How a call in the history went.</summary>
    public enum HistoryKind
    {
        Dialled = 0,
        Received = 1,

        /// <summary>Not answered: cancelled by the caller, refused while busy or in do-not-disturb.</summary>
        Missed = 2,

        /// <summary>Declined by the user (603).</summary>
        Rejected = 3,

        /// <summary>Forwarded by [call] forward_always / forward_busy / forward_no_answer (302).</summary>
        Forwarded = 4
    }
}
