namespace Phone.Sip
{
    /// <summary>media-type = m-type SLASH m-subtype *(SEMI m-parameter) (RFC 3261 §20.15, §25.1).</summary>
    public sealed class SipMediaType
    {
        public SipMediaType()
        {
            Parameters = new SipParams();
        }

        public string Type { get; private set; }

        public string Subtype { get; private set; }

        public SipParams Parameters { get; private set; }

        public SipError Parse(byte[] b, int start, int end)
        {
            Type = null;
            Subtype = null;
            Parameters.Clear();
            int i = SipText.SkipLws(b, start, end);
            int s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadContentType;
            }

            Type = SipText.Ascii(b, s, i - s);
            i = SipText.SkipLws(b, i, end);
            if (i >= end || b[i] != '/')
            {
                return SipError.BadContentType;
            }

            i = SipText.SkipLws(b, i + 1, end);
            s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadContentType;
            }

            Subtype = SipText.Ascii(b, s, i - s);
            SipError e = Parameters.ParseList(b, i, end, ';', true);
            return e == SipError.Ok || e == SipError.TooManyParameters ? e : SipError.BadContentType;
        }
    }
}
