namespace Phone.Sip
{
    /// <summary>Small text rules for the URIs and header values the call agent and the registration write.</summary>
    internal static class SipUriText
    {
        internal static string TransportParam(SipTransportKind t)
        {
            return t == SipTransportKind.Udp ? ";transport=udp" : (t == SipTransportKind.Tcp ? ";transport=tcp" : ";transport=tls");
        }

        /// <summary>
        /// A Contact URI of ours in angle brackets, the one rule for every request and registration: over TLS a sips:
        /// URI (RFC 5630 §3.1.3: ;transport=tls is deprecated; a SIPS Contact asks that requests reach us over TLS on
        /// every hop, RFC 3261 §8.1.1.8), otherwise sip: with ;transport=. uriParams (";ob", "") go inside the brackets.
        /// </summary>
        internal static string Contact(string user, string hostPort, SipTransportKind t, string uriParams)
        {
            return t == SipTransportKind.Tls
                ? "<sips:" + user + "@" + hostPort + uriParams + ">"
                : "<sip:" + user + "@" + hostPort + TransportParam(t) + uriParams + ">";
        }

        /// <summary>RFC 3261 §19.1.2: 5061 for TLS, else 5060.</summary>
        internal static int DefaultPort(SipTransportKind transport)
        {
            return transport == SipTransportKind.Tls ? 5061 : 5060;
        }

        /// <summary>The URI inside angle brackets, or the trimmed text when there are none.</summary>
        internal static string Unbracket(string uri)
        {
            if (uri == null)
            {
                return null;
            }

            string t = uri.Trim();
            int lt = t.IndexOf('<');
            if (lt >= 0)
            {
                int gt = t.IndexOf('>', lt + 1);
                if (gt > lt)
                {
                    return t.Substring(lt + 1, gt - lt - 1);
                }
            }

            return t;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1 (strict route): parameters not allowed in a Request-URI are stripped. By §19.1.1 Table 1
        /// those are the method parameter and the headers component.
        /// </summary>
        internal static string StripUriParams(string uri)
        {
            int q = uri.IndexOf('?');
            if (q > 0)
            {
                uri = uri.Substring(0, q);
            }

            int at = uri.ToLower().IndexOf(";method=");
            if (at > 0)
            {
                int end = uri.IndexOf(';', at + 1);
                uri = end > 0 ? uri.Substring(0, at) + uri.Substring(end) : uri.Substring(0, at);
            }

            return uri;
        }

        /// <summary>a unless it is null or empty, else b.</summary>
        internal static string Nz(string a, string b)
        {
            return a == null || a.Length == 0 ? b : a;
        }

        /// <summary>A quoted-string (§25.1): quotes and backslashes escaped, control characters dropped.</summary>
        internal static string Quote(string s)
        {
            string r = "";
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"' || c == '\\')
                {
                    r += "\\";
                }

                if (c >= ' ')
                {
                    r += c.ToString();
                }
            }

            return "\"" + r + "\"";
        }
    }
}
