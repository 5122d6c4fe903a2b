namespace Phone.Sip
{
    /// <summary>
    /// ( name-addr / addr-spec ) *( SEMI generic-param ) as in From, To, Contact, Route (RFC 3261 §20.10, §25.1):
    /// name-addr = [ display-name ] LAQUOT addr-spec RAQUOT; display-name = *(token LWS) / quoted-string.
    /// </summary>
    public sealed class SipNameAddr
    {
        public SipNameAddr()
        {
            Uri = new SipUri();
            Parameters = new SipParams();
        }

        /// <summary>Display name, unquoted with quoted-pairs resolved; null when absent.</summary>
        public string DisplayName { get; private set; }

        public SipUri Uri { get; private set; }

        /// <summary>Header parameters after the address (tag, expires, q, ...).</summary>
        public SipParams Parameters { get; private set; }

        /// <summary>True when the URI was written inside "&lt;" "&gt;".</summary>
        public bool Bracketed { get; private set; }

        /// <summary>The tag parameter (RFC 3261 §19.3), or null.</summary>
        public string Tag
        {
            get { return Parameters.Get("tag"); }
        }

        /// <summary>Parses [start,end). Returns Ok or BadNameAddr / BadQuotedString / BadUri / BadEscape / BadParameter or a bound.</summary>
        public SipError Parse(byte[] b, int start, int end)
        {
            DisplayName = null;
            Bracketed = false;
            Parameters.Clear();
            int i = SipText.SkipLws(b, start, end);
            end = SipText.TrimEnd(b, i, end);
            if (i >= end)
            {
                return SipError.BadNameAddr;
            }

            int lt;
            if (b[i] == '"')
            {
                int q = SipText.ScanQuoted(b, i, end);
                if (q < 0)
                {
                    return SipError.BadQuotedString;
                }

                DisplayName = SipText.Unquote(b, i, q);
                lt = SipText.SkipLws(b, q, end);
                if (lt >= end || b[lt] != '<')
                {
                    return SipError.BadNameAddr;
                }
            }
            else
            {
                lt = SipText.IndexOf(b, i, end, '<');
                if (lt >= 0)
                {
                    // display-name = *(token LWS): anything else before "<" is not a name-addr (RFC 3261 §25.1).
                    for (int k = i; k < lt; k++)
                    {
                        if (!SipText.IsTokenChar(b[k]) && !SipText.IsLws(b[k]))
                        {
                            return SipError.BadNameAddr;
                        }
                    }

                    int de = SipText.TrimEnd(b, i, lt);
                    if (de > i)
                    {
                        DisplayName = SipText.ToText(b, i, de - i);
                    }
                }
            }

            if (lt >= 0)
            {
                int gt = SipText.IndexOf(b, lt + 1, end, '>');
                if (gt < 0)
                {
                    return SipError.BadNameAddr;
                }

                SipError ue = Uri.Parse(b, lt + 1, gt);
                if (ue != SipError.Ok)
                {
                    return ue;
                }

                Bracketed = true;
                return Parameters.ParseList(b, gt + 1, end, ';', true);
            }

            // addr-spec without brackets: the first ";" starts header parameters, and a URI holding ",", "?" or
            // ";" must be bracketed (RFC 3261 §20).
            int ae = i;
            while (ae < end && b[ae] != ';' && !SipText.IsLws(b[ae]))
            {
                if (b[ae] == ',' || b[ae] == '?')
                {
                    return SipError.BadNameAddr;
                }

                ae++;
            }

            SipError e = Uri.Parse(b, i, ae);
            if (e != SipError.Ok)
            {
                return e;
            }

            return Parameters.ParseList(b, ae, end, ';', true);
        }
    }
}
