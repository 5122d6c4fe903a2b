namespace Phone.Sdp
{
    /// <summary>Outcome of <see cref="SdpParser.Parse"/>: the session, or the reason and the 1-based line where parsing stopped.</summary>
    public sealed class SdpParseResult
    {
        internal SdpParseResult(SdpError error, int line, SdpSession session)
        {
            Error = error;
            Line = line;
            Session = session;
        }

        /// <summary>None when <see cref="Session"/> is set.</summary>
        public SdpError Error { get; private set; }

        /// <summary>1-based line number of the offending line; 0 when the error concerns the whole body.</summary>
        public int Line { get; private set; }

        /// <summary>The parsed session; null on error.</summary>
        public SdpSession Session { get; private set; }

        /// <summary>True when parsed.</summary>
        public bool Succeeded
        {
            get { return Error == SdpError.None; }
        }

        /// <summary>Reason code and line; never SDP content (it may hold keys).</summary>
        public override string ToString()
        {
            return Succeeded ? "sdp ok" : "sdp error " + ((int)Error).ToString() + " at line " + Line.ToString();
        }
    }
}
