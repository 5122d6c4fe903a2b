namespace Phone.Sip
{
    /// <summary>
    /// One via-parm (RFC 3261 §20.42, §25.1): sent-protocol SLASH-separated with optional LWS, sent-by host and
    /// port, and via-params branch, received, maddr, ttl and rport (RFC 3581 §3, with or without a value).
    /// </summary>
    public sealed class SipVia
    {
        public SipVia()
        {
            Parameters = new SipParams();
        }

        /// <summary>protocol-name, normally "SIP".</summary>
        public string Protocol { get; private set; }

        /// <summary>protocol-version, normally "2.0".</summary>
        public string Version { get; private set; }

        /// <summary>transport as written: UDP, TCP, TLS, SCTP or any other token.</summary>
        public string Transport { get; private set; }

        public string Host { get; private set; }

        /// <summary>sent-by port, or -1 when absent.</summary>
        public int Port { get; private set; }

        public SipParams Parameters { get; private set; }

        public string Branch { get; private set; }

        public string Received { get; private set; }

        public string Maddr { get; private set; }

        /// <summary>ttl 0..255, or -1 when absent.</summary>
        public int Ttl { get; private set; }

        /// <summary>True when an rport parameter is present (RFC 3581 §3).</summary>
        public bool HasRport { get; private set; }

        /// <summary>rport value, or -1 when absent or written without a value.</summary>
        public int Rport { get; private set; }

        /// <summary>Parses one via-parm in [start,end). Returns Ok, BadVia, or a bound.</summary>
        public SipError Parse(byte[] b, int start, int end)
        {
            Protocol = null;
            Version = null;
            Transport = null;
            Host = null;
            Port = -1;
            Branch = null;
            Received = null;
            Maddr = null;
            Ttl = -1;
            HasRport = false;
            Rport = -1;
            Parameters.Clear();

            // sent-protocol = protocol-name SLASH protocol-version SLASH transport; SLASH = SWS "/" SWS.
            int i = SipText.SkipLws(b, start, end);
            int s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadVia;
            }

            Protocol = SipText.Ascii(b, s, i - s);
            i = SipText.SkipLws(b, i, end);
            if (i >= end || b[i] != '/')
            {
                return SipError.BadVia;
            }

            i = SipText.SkipLws(b, i + 1, end);
            s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadVia;
            }

            Version = SipText.Ascii(b, s, i - s);
            i = SipText.SkipLws(b, i, end);
            if (i >= end || b[i] != '/')
            {
                return SipError.BadVia;
            }

            i = SipText.SkipLws(b, i + 1, end);
            s = i;
            i = SipText.SkipToken(b, i, end);
            if (i == s)
            {
                return SipError.BadVia;
            }

            Transport = SipText.Ascii(b, s, i - s);

            // LWS sent-by; sent-by = host [ COLON port ].
            int h = SipText.SkipLws(b, i, end);
            if (h == i)
            {
                return SipError.BadVia;
            }

            i = SipUri.ScanHost(b, h, end);
            if (i < 0)
            {
                return SipError.BadVia;
            }

            Host = SipText.Ascii(b, h, i - h);
            int j = SipText.SkipLws(b, i, end);
            if (j < end && b[j] == ':')
            {
                j = SipText.SkipLws(b, j + 1, end);
                int ps = j;
                while (j < end && SipText.IsDigit(b[j]))
                {
                    j++;
                }

                int port;
                if (j - ps > 5 || SipText.ParseDecimal(b, ps, j - ps, 65535, out port) != SipError.Ok)
                {
                    return SipError.BadVia;
                }

                Port = port;
                i = j;
            }

            SipError e = Parameters.ParseList(b, i, end, ';', true);
            if (e != SipError.Ok)
            {
                return e == SipError.TooManyParameters ? e : SipError.BadVia;
            }

            Branch = Parameters.Get("branch");
            Received = Parameters.Get("received");
            Maddr = Parameters.Get("maddr");
            if (Parameters.Contains("branch") && Branch == null)
            {
                return SipError.BadVia;
            }

            int ix = Parameters.IndexOf("ttl");
            if (ix >= 0)
            {
                int ttl;
                if (!ParseSmall(Parameters.ValueAt(ix), 255, out ttl))
                {
                    return SipError.BadVia;
                }

                Ttl = ttl;
            }

            ix = Parameters.IndexOf("rport");
            if (ix >= 0)
            {
                HasRport = true;
                string v = Parameters.ValueAt(ix);
                if (v != null)
                {
                    int rp;
                    if (!ParseSmall(v, 65535, out rp))
                    {
                        return SipError.BadVia;
                    }

                    Rport = rp;
                }
            }

            return SipError.Ok;
        }

        internal static bool ParseSmall(string s, int max, out int value)
        {
            value = 0;
            if (s == null || s.Length == 0 || s.Length > 5)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9)
                {
                    return false;
                }

                value = value * 10 + d;
            }

            return value <= max;
        }
    }
}
