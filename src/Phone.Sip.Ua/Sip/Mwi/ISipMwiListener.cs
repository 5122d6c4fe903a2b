namespace Phone.Sip.Mwi
{
    /// <summary>Receives SipMwiSubscription's message summaries, synchronously, on the caller's thread.</summary>
    public interface ISipMwiListener
    {
        /// <summary>A NOTIFY carried a valid summary (the instance is refilled by the next one: copy what you keep).</summary>
        void OnMessageSummary(MessageSummary summary, long nowMs);
    }
}
