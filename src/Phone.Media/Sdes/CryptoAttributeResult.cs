namespace Phone.Sdes
{
    /// <summary>
    /// Outcome of parsing one <c>a=crypto</c> line: the attribute when usable, otherwise the reason.
    /// Tag and suite name are kept whenever the parser got that far, so an unusable line can be logged
    /// (they are not secret). Nothing here holds key material except <see cref="Attribute"/>.
    /// </summary>
    public sealed class CryptoAttributeResult
    {
        internal CryptoAttributeResult(SdesError error, int tag, string suiteName, CryptoAttribute attribute)
        {
            Error = error;
            Tag = tag;
            SuiteName = suiteName;
            Attribute = attribute;
        }

        /// <summary><see cref="SdesError.None"/> when <see cref="Attribute"/> is set.</summary>
        public SdesError Error { get; private set; }

        /// <summary>The parsed attribute; null unless <see cref="Error"/> is None.</summary>
        public CryptoAttribute Attribute { get; private set; }

        /// <summary>The tag, or 0 if the line failed before it.</summary>
        public int Tag { get; private set; }

        /// <summary>The crypto-suite token as written, or null if the line failed before it.</summary>
        public string SuiteName { get; private set; }

        /// <summary>True when the line parsed and can be used.</summary>
        public bool IsUsable
        {
            get { return Error == SdesError.None; }
        }

        /// <summary>True when the line breaks the RFC 4568 §9.1 grammar or §6 key rules (as opposed to asking for something unsupported).</summary>
        public bool IsMalformed
        {
            get { return SdesErrorText.IsMalformed(Error); }
        }

        /// <summary>Tag, suite and reason; never key material.</summary>
        public override string ToString()
        {
            return "crypto tag " + Tag.ToString() + " " + (SuiteName == null ? "?" : SuiteName) + ": " + SdesErrorText.Describe(Error);
        }
    }
}
