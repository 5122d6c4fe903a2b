namespace Phone.Sip
{
    /// <summary>
    /// One Contact element (RFC 3261 §20.10): "*" or an address with contact-params q, expires and
    /// +sip.instance (RFC 5626 §4.1).
    /// </summary>
    public sealed class SipContact
    {
        public SipContact()
        {
            Address = new SipNameAddr();
        }

        /// <summary>True for "Contact: *" (REGISTER removal, RFC 3261 §10.2.2).</summary>
        public bool IsStar { get; private set; }

        public SipNameAddr Address { get; private set; }

        /// <summary>expires parameter in seconds, or -1 when absent.</summary>
        public int Expires { get; private set; }

        /// <summary>q parameter in thousandths (q=0.33 gives 330), or -1 when absent (RFC 3261 §20.10 qvalue).</summary>
        public int Q { get; private set; }

        /// <summary>+sip.instance value without its quotes, e.g. "&lt;urn:uuid:...&gt;", or null.</summary>
        public string Instance { get; private set; }

        public SipError Parse(byte[] b, int start, int end)
        {
            IsStar = false;
            Expires = -1;
            Q = -1;
            Instance = null;
            int s = SipText.SkipLws(b, start, end);
            int e = SipText.TrimEnd(b, s, end);
            if (e - s == 1 && b[s] == '*')
            {
                IsStar = true;
                Address.Parameters.Clear();
                return SipError.Ok;
            }

            SipError r = Address.Parse(b, s, e);
            if (r != SipError.Ok)
            {
                return r;
            }

            SipParams p = Address.Parameters;
            int ix = p.IndexOf("expires");
            if (ix >= 0)
            {
                int v;
                if (!ParseDelta(p.ValueAt(ix), out v))
                {
                    return SipError.BadExpires;
                }

                Expires = v;
            }

            ix = p.IndexOf("q");
            if (ix >= 0)
            {
                int q = ParseQ(p.ValueAt(ix));
                if (q < 0)
                {
                    return SipError.BadParameter;
                }

                Q = q;
            }

            Instance = p.Get("+sip.instance");
            return SipError.Ok;
        }

        /// <summary>delta-seconds = 1*DIGIT, here bounded to 2^31-1 (RFC 3261 §25.1).</summary>
        internal static bool ParseDelta(string s, out int value)
        {
            value = 0;
            // delta-seconds 0 to 2^32-1 (RFC 3261 §10.2.1.1, §20.19), clamped to 2^31-1.
            if (s == null || s.Length == 0 || s.Length > 10)
            {
                return false;
            }

            long v = 0;
            for (int i = 0; i < s.Length; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9)
                {
                    return false;
                }

                v = v * 10 + d;
            }

            if (v > 0xFFFFFFFFL)
            {
                return false;
            }

            value = v > 0x7FFFFFFF ? 0x7FFFFFFF : (int)v;
            return true;
        }

        /// <summary>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) in thousandths, or -1.</summary>
        internal static int ParseQ(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 5 || (s[0] != '0' && s[0] != '1'))
            {
                return -1;
            }

            int whole = s[0] - '0';
            if (s.Length == 1)
            {
                return whole * 1000;
            }

            if (s[1] != '.')
            {
                return -1;
            }

            int frac = 0;
            int scale = 100;
            for (int i = 2; i < s.Length; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9)
                {
                    return -1;
                }

                frac += d * scale;
                scale /= 10;
            }

            if (whole == 1 && frac != 0)
            {
                return -1;
            }

            return whole * 1000 + frac;
        }
    }
}
