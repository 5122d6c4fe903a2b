namespace Phone.Sip
{
    /// <summary>CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16); the number is below 2^31 (RFC 3261 §8.1.1.5).</summary>
    public sealed class SipCSeq
    {
        public int Number { get; private set; }

        public string Method { get; private set; }

        /// <summary>Offsets of the method inside the buffer, for comparison without allocating.</summary>
        public int MethodStart { get; private set; }

        public int MethodLength { get; private set; }

        public SipError Parse(byte[] b, int start, int end)
        {
            Number = 0;
            Method = null;
            MethodStart = 0;
            MethodLength = 0;
            int i = SipText.SkipLws(b, start, end);
            end = SipText.TrimEnd(b, i, end);
            int ds = i;
            while (i < end && SipText.IsDigit(b[i]))
            {
                i++;
            }

            int n;
            if (SipText.ParseDecimal(b, ds, i - ds, 0x7FFFFFFF, out n) != SipError.Ok)
            {
                return SipError.BadCSeq;
            }

            int ms = SipText.SkipLws(b, i, end);
            if (ms == i)
            {
                return SipError.BadCSeq;
            }

            int me = SipText.SkipToken(b, ms, end);
            if (me == ms || me != end || me - ms > SipLimits.MaxMethodLength)
            {
                return SipError.BadCSeq;
            }

            Number = n;
            MethodStart = ms;
            MethodLength = me - ms;
            Method = SipText.Ascii(b, ms, me - ms);
            return SipError.Ok;
        }
    }
}
