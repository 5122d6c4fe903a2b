namespace Phone.Sip
{
    /// <summary>
    /// A challenge (WWW-Authenticate, Proxy-Authenticate) or credentials (Authorization, Proxy-Authorization):
    /// auth-scheme LWS auth-param *(COMMA auth-param) (RFC 3261 §25.1, §22.4; RFC 2617 §1.2), with quoted values
    /// unquoted. A scheme followed by a single token68 (RFC 7235 §2.1, e.g. Basic) is kept in Token68.
    /// </summary>
    public sealed class SipAuthHeader
    {
        public SipAuthHeader()
        {
            Parameters = new SipParams();
        }

        public string Scheme { get; private set; }

        public SipParams Parameters { get; private set; }

        public string Token68 { get; private set; }

        public string Realm { get { return Parameters.Get("realm"); } }

        public string Nonce { get { return Parameters.Get("nonce"); } }

        public SipError Parse(byte[] b, int start, int end)
        {
            Scheme = null;
            Token68 = null;
            Parameters.Clear();
            int i = SipText.SkipLws(b, start, end);
            end = SipText.TrimEnd(b, i, end);
            int s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadAuth;
            }

            Scheme = SipText.Ascii(b, s, i - s);
            int p = SipText.SkipLws(b, i, end);
            if (p >= end)
            {
                return SipError.Ok;
            }

            if (p == i)
            {
                return SipError.BadAuth;
            }

            SipError e = Parameters.ParseList(b, p, end, ',', false);
            if (e == SipError.Ok)
            {
                return e;
            }

            if (e == SipError.TooManyParameters)
            {
                return e;
            }

            // token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
            int k = p;
            while (k < end && (SipText.IsAlphaNum(b[k]) || b[k] == '-' || b[k] == '.' || b[k] == '_' || b[k] == '~' || b[k] == '+' || b[k] == '/'))
            {
                k++;
            }

            while (k < end && b[k] == '=')
            {
                k++;
            }

            if (k == end && k > p)
            {
                Parameters.Clear();
                Token68 = SipText.Ascii(b, p, end - p);
                return SipError.Ok;
            }

            return SipError.BadAuth;
        }
    }
}
