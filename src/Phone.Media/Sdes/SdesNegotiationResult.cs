namespace Phone.Sdes
{
    /// <summary>Outcome of answering an offer or accepting an answer (RFC 4568 §7): the agreement, or why there is none.</summary>
    public sealed class SdesNegotiationResult
    {
        internal SdesNegotiationResult(SdesError error, SdesAgreement agreement, SdesError[] lineErrors)
        {
            Error = error;
            Agreement = agreement;
            LineErrors = lineErrors;
        }

        /// <summary><see cref="SdesError.None"/> when <see cref="Agreement"/> is set.</summary>
        public SdesError Error { get; private set; }

        /// <summary>The negotiated lines; null on failure.</summary>
        public SdesAgreement Agreement { get; private set; }

        /// <summary>When answering: one entry per offered line, in offer order (None for usable lines); when accepting an answer: the answer line's parse result alone.</summary>
        public SdesError[] LineErrors { get; private set; }

        /// <summary>True when an agreement was reached.</summary>
        public bool Succeeded
        {
            get { return Error == SdesError.None; }
        }

        /// <summary>The reason, or the agreement with keys redacted.</summary>
        public override string ToString()
        {
            return Agreement != null ? Agreement.ToString() : SdesErrorText.Describe(Error);
        }
    }
}
