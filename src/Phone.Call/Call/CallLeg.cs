namespace Phone.Call
{
    /// <summary>What the phone knows about one call (not the SIP dialog, which the SIP side keeps).</summary>
    public sealed class CallLeg
    {
        internal CallLeg(int id, bool outgoing, string label, string uri, CallStage stage)
        {
            Id = id;
            Outgoing = outgoing;
            Label = label;
            Uri = uri;
            Stage = stage;
            ConnectedAtMs = -1;
            LossPercent = -1;
        }

        public int Id { get; internal set; }

        public bool Outgoing { get; private set; }

        /// <summary>What the user sees: dialled digits, the caller's display name, or the URI when there is none.</summary>
        public string Label { get; internal set; }

        public string Uri { get; internal set; }

        public CallStage Stage { get; internal set; }

        /// <summary>Held by us.</summary>
        public bool HeldLocal { get; internal set; }

        /// <summary>Held by the other side.</summary>
        public bool HeldRemote { get; internal set; }

        /// <summary>Virtual-clock time the call was answered; -1 before.</summary>
        public long ConnectedAtMs { get; internal set; }

        /// <summary>Last progress status (180/183), 0 before any.</summary>
        public int ProgressStatus { get; internal set; }

        /// <summary>True once media stats reported the call's media as SRTP.</summary>
        public bool Secure { get; internal set; }

        /// <summary>Last reported packet loss percent; -1 before any media stats.</summary>
        public int LossPercent { get; internal set; }
    }
}
