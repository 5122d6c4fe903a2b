namespace Phone.Sip
{
    /// <summary>
    /// A SIP or SIPS URI (RFC 3261 §19.1.1, grammar §25.1): user, password, host (hostname, IPv4 or [IPv6]),
    /// port, uri-parameters and headers, with %-escapes resolved in user, password and parameters. Any other
    /// absoluteURI scheme (tel:, urn:, ...) is kept as Scheme plus Opaque text.
    /// </summary>
    public sealed class SipUri
    {
        public SipUri()
        {
            Parameters = new SipParams();
        }

        /// <summary>Scheme as written ("sip", "sips", "tel", ...).</summary>
        public string Scheme { get; private set; }

        /// <summary>True for sip: and sips: (then User..Headers are filled; otherwise Opaque is).</summary>
        public bool IsSip { get; private set; }

        public bool IsSips { get; private set; }

        /// <summary>Unescaped user part, or null when the URI has no userinfo.</summary>
        public string User { get; private set; }

        /// <summary>Unescaped password, or null.</summary>
        public string Password { get; private set; }

        /// <summary>Host as written; an IPv6 reference keeps its brackets.</summary>
        public string Host { get; private set; }

        /// <summary>Port, or -1 when absent.</summary>
        public int Port { get; private set; }

        /// <summary>uri-parameters (";transport=tcp;lr"), names and values unescaped.</summary>
        public SipParams Parameters { get; private set; }

        /// <summary>The headers component after "?" as written (escapes kept), or null.</summary>
        public string Headers { get; private set; }

        /// <summary>Everything after "scheme:" for a non-SIP URI.</summary>
        public string Opaque { get; private set; }

        /// <summary>The URI text as written.</summary>
        public string Text { get; private set; }

        private void Reset()
        {
            Scheme = null;
            IsSip = false;
            IsSips = false;
            User = null;
            Password = null;
            Host = null;
            Port = -1;
            Headers = null;
            Opaque = null;
            Text = null;
            Parameters.Clear();
        }

        /// <summary>Parses the URI in [start,end). Returns Ok, UriTooLong, TooManyParameters, BadEscape or BadUri.</summary>
        public SipError Parse(byte[] b, int start, int end)
        {
            return Parse(b, start, end, true);
        }

        /// <summary>With keepText false the URI is only checked: no strings are made (parameters are counted, not kept).</summary>
        public SipError Parse(byte[] b, int start, int end, bool keepText)
        {
            Reset();
            if (end - start > SipLimits.MaxUriLength)
            {
                return SipError.UriTooLong;
            }

            // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3261 §25.1).
            int i = start;
            if (i >= end || !IsAlpha(b[i]))
            {
                return SipError.BadUri;
            }

            while (i < end && (SipText.IsAlphaNum(b[i]) || b[i] == '+' || b[i] == '-' || b[i] == '.'))
            {
                i++;
            }

            if (i >= end || b[i] != ':')
            {
                return SipError.BadUri;
            }

            for (int k = i + 1; k < end; k++)
            {
                int c = b[k];
                if (c <= 0x20 || c >= 0x7F || c == '<' || c == '>' || c == '"')
                {
                    return SipError.BadUri;
                }
            }

            if (keepText)
            {
                Scheme = SipText.Ascii(b, start, i - start);
                Text = SipText.Ascii(b, start, end - start);
            }
            bool sip = SipText.EqualsIgnoreCase(b, start, i - start, "sip");
            bool sips = SipText.EqualsIgnoreCase(b, start, i - start, "sips");
            i++;
            if (!sip && !sips)
            {
                if (i >= end)
                {
                    return SipError.BadUri;
                }

                Opaque = keepText ? SipText.Ascii(b, i, end - i) : null;
                return SipError.Ok;
            }

            IsSip = true;
            IsSips = sips;

            // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@": user and password cannot hold a raw
            // "@", nor can parameters or headers, so the first "@" ends the userinfo (RFC 3261 §25.1).
            int at = SipText.IndexOf(b, i, end, '@');
            if (at >= 0)
            {
                int colon = SipText.IndexOf(b, i, at, ':');
                int userEnd = colon < 0 ? at : colon;
                if (userEnd == i)
                {
                    return SipError.BadUri;
                }

                for (int k = i; k < userEnd; k++)
                {
                    if (!IsUserChar(b[k]))
                    {
                        return SipError.BadUri;
                    }
                }

                if (!SipText.EscapesValid(b, i, userEnd))
                {
                    return SipError.BadEscape;
                }

                User = keepText ? SipText.Unescape(b, i, userEnd - i) : null;
                if (colon >= 0)
                {
                    for (int k = colon + 1; k < at; k++)
                    {
                        if (!IsPasswordChar(b[k]))
                        {
                            return SipError.BadUri;
                        }
                    }

                    if (!SipText.EscapesValid(b, colon + 1, at))
                    {
                        return SipError.BadEscape;
                    }

                    Password = keepText ? SipText.Unescape(b, colon + 1, at - colon - 1) : null;
                }

                i = at + 1;
            }

            // hostport = host [ ":" port ] (RFC 3261 §25.1).
            int hs = i;
            i = ScanHost(b, i, end);
            if (i < 0)
            {
                return SipError.BadUri;
            }

            Host = keepText ? SipText.Ascii(b, hs, i - hs) : null;
            if (i < end && b[i] == ':')
            {
                int ps = ++i;
                while (i < end && SipText.IsDigit(b[i]))
                {
                    i++;
                }

                int port;
                if (i - ps > 5 || SipText.ParseDecimal(b, ps, i - ps, 65535, out port) != SipError.Ok)
                {
                    return SipError.BadUri;
                }

                Port = port;
            }

            // uri-parameters = *( ";" uri-parameter ); uri-parameter = pname [ "=" pvalue ] (RFC 3261 §19.1.1).
            while (i < end && b[i] == ';')
            {
                int ns = ++i;
                while (i < end && IsParamChar(b[i]))
                {
                    i++;
                }

                if (i == ns)
                {
                    return SipError.BadUri;
                }

                int ne = i;
                int vs = -1;
                if (i < end && b[i] == '=')
                {
                    vs = ++i;
                    while (i < end && IsParamChar(b[i]))
                    {
                        i++;
                    }

                    if (i == vs)
                    {
                        return SipError.BadUri;
                    }
                }

                if (!SipText.EscapesValid(b, ns, i))
                {
                    return SipError.BadEscape;
                }

                SipError e = keepText ? Parameters.Add(SipText.Unescape(b, ns, ne - ns), vs < 0 ? null : SipText.Unescape(b, vs, i - vs)) : Parameters.Add(null, null);
                if (e != SipError.Ok)
                {
                    return e;
                }
            }

            // headers = "?" header *( "&" header ) (RFC 3261 §19.1.1); kept as written.
            if (i < end && b[i] == '?')
            {
                int hstart = ++i;
                while (i < end && (IsParamChar(b[i]) || b[i] == '?' || b[i] == '=' || b[i] == '&'))
                {
                    i++;
                }

                if (!SipText.EscapesValid(b, hstart, i))
                {
                    return SipError.BadEscape;
                }

                Headers = keepText ? SipText.Ascii(b, hstart, i - hstart) : string.Empty;
            }

            return i == end ? SipError.Ok : SipError.BadUri;
        }

        /// <summary>
        /// host = hostname / IPv4address / IPv6reference (RFC 3261 §25.1). Returns the index past the host, or -1.
        /// </summary>
        public static int ScanHost(byte[] b, int i, int end)
        {
            if (i >= end)
            {
                return -1;
            }

            if (b[i] == '[')
            {
                int j = i + 1;
                while (j < end && (SipText.HexValue(b[j]) >= 0 || b[j] == ':' || b[j] == '.'))
                {
                    j++;
                }

                // IPv6reference = "[" IPv6address "]" (RFC 3261 §25.1; RFC 5118 §4; RFC 3986 §3.2.2).
                if (j >= end || b[j] != ']' || !SipText.IsIPv6(b, i + 1, j))
                {
                    return -1;
                }

                return j + 1;
            }

            int s = i;
            while (i < end && (SipText.IsAlphaNum(b[i]) || b[i] == '-' || b[i] == '.'))
            {
                i++;
            }

            if (i == s || b[s] == '.' || b[s] == '-')
            {
                return -1;
            }

            return i;
        }

        private static bool IsAlpha(int c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        // user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
        private static bool IsUserChar(int c)
        {
            if (SipText.IsUnreserved(c) || c == '%')
            {
                return true;
            }

            switch (c)
            {
                case '&': case '=': case '+': case '$': case ',': case ';': case '?': case '/':
                    return true;
            }

            return false;
        }

        // password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
        private static bool IsPasswordChar(int c)
        {
            if (SipText.IsUnreserved(c) || c == '%')
            {
                return true;
            }

            switch (c)
            {
                case '&': case '=': case '+': case '$': case ',':
                    return true;
            }

            return false;
        }

        // paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"
        private static bool IsParamChar(int c)
        {
            if (SipText.IsUnreserved(c) || c == '%')
            {
                return true;
            }

            switch (c)
            {
                case '[': case ']': case '/': case ':': case '&': case '+': case '$':
                    return true;
            }

            return false;
        }
    }
}
