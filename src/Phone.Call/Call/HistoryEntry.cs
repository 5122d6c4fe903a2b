namespace Phone.Call
{
    /// <summary>One remembered call. Slots are reused once the history is full.</summary>
    public sealed class HistoryEntry
    {
        public HistoryKind Kind { get; internal set; }

        public string Label { get; internal set; }

        /// <summary>URI to call back.</summary>
        public string Uri { get; internal set; }

        public long AtMs { get; internal set; }
    }
}
