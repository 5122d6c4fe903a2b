namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The Refer-To header of a REFER (RFC 3515 §2.1): reading the one target a REFER names (a SIP or SIPS URI;
    /// a Replaces header embedded in it, RFC 3891 §3) and writing the target of an attended transfer, with the
    /// Replaces value escaped as a URI header (RFC 3261 §19.1.1, §25.1 hvalue).
    /// </summary>
    public sealed class SipReferTo
    {
        private readonly SipNameAddr _addr = new SipNameAddr();

        /// <summary>The target without its headers component (the new call's Request-URI); null when not read.</summary>
        public string Uri { get; private set; }

        /// <summary>The unescaped Replaces value embedded in the target (RFC 3891 §3), or null.</summary>
        public string Replaces { get; private set; }

        /// <summary>The target is a sips: URI.</summary>
        public bool IsSips { get; private set; }

        /// <summary>
        /// Reads the Refer-To of m. 0 when it names a usable target, else the status to refuse the REFER with:
        /// 400 for none, more than one value or one that does not parse (RFC 3515 §2.4.1: exactly one), 403 for
        /// a target that is not a SIP or SIPS URI (the phone calls nothing else) or an unreadable Replaces.
        /// </summary>
        public int Read(SipMessage m)
        {
            Uri = null;
            Replaces = null;
            IsSips = false;
            int count;
            if (m.CountElements(SipHeader.ReferTo, out count) != SipError.Ok || count != 1 ||
                m.GetNameAddr(SipHeader.ReferTo, 0, _addr) != SipError.Ok || _addr.Uri == null || _addr.Uri.Text == null)
            {
                return 400;
            }

            SipUri u = _addr.Uri;
            if (!u.IsSip && !u.IsSips)
            {
                return 403;
            }

            string text = u.Text;
            int q = text.IndexOf('?');
            Uri = q > 0 ? text.Substring(0, q) : text;
            IsSips = u.IsSips;
            if (q > 0 && !ReadHeaders(text, q + 1))
            {
                Uri = null;
                return 403;
            }

            return 0;
        }

        /// <summary>RFC 3261 §19.1.1: hname "=" hvalue pairs split by "&amp;"; only Replaces is taken, once.</summary>
        private bool ReadHeaders(string text, int at)
        {
            while (at < text.Length)
            {
                int amp = text.IndexOf('&', at);
                int end = amp < 0 ? text.Length : amp;
                int eq = text.IndexOf('=', at);
                if (eq > at && eq < end && SipText.EqualsIgnoreCase(text.Substring(at, eq - at), "Replaces"))
                {
                    byte[] raw = System.Text.Encoding.UTF8.GetBytes(text.Substring(eq + 1, end - eq - 1));
                    string value = SipText.Unescape(raw, 0, raw.Length);
                    if (value == null || value.Length == 0 || Replaces != null)
                    {
                        return false;
                    }

                    Replaces = value;
                }

                at = end + 1;
            }

            return true;
        }

        /// <summary>
        /// The Refer-To value of an attended transfer: the target with the dialog to replace as an escaped
        /// Replaces header (RFC 3891 §3; RFC 5589 §7): call-id, to-tag (the target's tag) and from-tag (ours).
        /// </summary>
        public static string Attended(string target, string callId, string toTag, string fromTag)
        {
            string replaces = callId + ";to-tag=" + toTag + ";from-tag=" + fromTag;
            return "<" + target + "?Replaces=" + Escape(replaces) + ">";
        }

        /// <summary>RFC 3261 §25.1 hvalue: unreserved, hnv-unreserved and escaped octets; everything else is %HH.</summary>
        public static string Escape(string value)
        {
            byte[] b = System.Text.Encoding.UTF8.GetBytes(value);
            const string hex = "0123456789ABCDEF";
            char[] s = new char[b.Length * 3];
            int n = 0;
            for (int i = 0; i < b.Length; i++)
            {
                int c = b[i];
                if (SipText.IsUnreserved(c) || c == '[' || c == ']' || c == '/' || c == '?' || c == ':' || c == '+' || c == '$')
                {
                    s[n++] = (char)c;
                }
                else
                {
                    s[n++] = '%';
                    s[n++] = hex[c >> 4];
                    s[n++] = hex[c & 15];
                }
            }

            return new string(s, 0, n);
        }
    }
}
