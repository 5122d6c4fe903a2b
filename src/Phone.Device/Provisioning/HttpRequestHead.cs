using System.Text;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The request line and the few header fields the provisioning endpoint acts on, parsed from a complete
    /// head (RFC 9112 §2.1: start-line *( field-line CRLF ) CRLF). Strict where RFC 9112 says a server MUST
    /// reject, lenient where it allows (bare LF line ends, §2.2). Never throws: a bad head yields
    /// <see cref="ErrorStatus"/> 400/501/505 and a short reason.
    /// </summary>
    public sealed class HttpRequestHead
    {
        /// <summary>ErrorReason of a head holding a NUL byte anywhere (answered 400).</summary>
        public const string NulReason = "NUL byte in request head";

        /// <summary>Content-Length absent.</summary>
        public const int NoLength = -1;

        /// <summary>Content-Length present but above int range: always over any body limit.</summary>
        public const int HugeLength = int.MaxValue;

        HttpRequestHead()
        {
            ContentLength = NoLength;
        }

        /// <summary>0 when the head is well-formed; otherwise the status to answer with.</summary>
        public int ErrorStatus { get; private set; }

        /// <summary>Why the head was rejected (no request data in it).</summary>
        public string ErrorReason { get; private set; }

        /// <summary>Method token, case-sensitive (RFC 9110 §9.1).</summary>
        public string Method { get; private set; }

        /// <summary>The path of the request target without query; absolute-form is reduced to its path (RFC 9112 §3.2.2).</summary>
        public string Path { get; private set; }

        /// <summary>1 for HTTP/1.1, 0 for HTTP/1.0.</summary>
        public int MinorVersion { get; private set; }

        /// <summary>Content-Length, or NoLength.</summary>
        public int ContentLength { get; private set; }

        public bool HasTransferEncoding { get; private set; }

        /// <summary>X-Phone-Code field value, or null.</summary>
        public string PhoneCode { get; private set; }

        /// <summary>Authorization field value, or null.</summary>
        public string Authorization { get; private set; }

        /// <summary>X-Phone-Force-Downgrade: 1 — the admin accepts a lower [provisioning] version (honoured with Basic admin only).</summary>
        public bool ForceDowngrade { get; private set; }

        /// <summary>
        /// Parses head[0 .. count): everything up to and including the empty line that ends the field section.
        /// Empty lines before the request line must already be removed (RFC 9112 §2.2).
        /// </summary>
        public static HttpRequestHead Parse(byte[] head, int count)
        {
            HttpRequestHead h = new HttpRequestHead();
            if (head == null || count < 0 || count > head.Length)
            {
                return h.Fail(400, "no request");
            }

            // NUL rule (RFC 9110 §5.5, RFC 9112 §2.2): nanoFramework strings end at U+0000, so a NUL anywhere
            // in the head (method, target, field name or value) is refused on the bytes, before any text is made.
            for (int i = 0; i < count; i++)
            {
                if (head[i] == 0)
                {
                    return h.Fail(400, NulReason);
                }
            }

            int lineEnd;
            int next;
            if (!NextLine(head, 0, count, out lineEnd, out next))
            {
                return h.Fail(400, "bad line end");
            }

            if (!h.ParseRequestLine(head, 0, lineEnd))
            {
                return h;
            }

            int hostCount = 0;
            int pos = next;
            while (true)
            {
                if (!NextLine(head, pos, count, out lineEnd, out next))
                {
                    return h.Fail(400, "bad line end");
                }

                if (lineEnd == pos)
                {
                    break;
                }

                // RFC 9112 §5.2: obs-fold (a field line starting with blank) may be rejected with 400.
                if (head[pos] == ' ' || head[pos] == '\t')
                {
                    return h.Fail(400, "folded field line");
                }

                int colon = -1;
                for (int i = pos; i < lineEnd; i++)
                {
                    if (head[i] == ':')
                    {
                        colon = i;
                        break;
                    }

                    // RFC 9112 §5.1: no whitespace between field name and colon; field-name is a token (RFC 9110 §5.1).
                    if (!IsTokenChar(head[i]))
                    {
                        return h.Fail(400, "bad field name");
                    }
                }

                if (colon <= pos)
                {
                    return h.Fail(400, "field line without name or colon");
                }

                int vs = colon + 1;
                int ve = lineEnd;
                while (vs < ve && (head[vs] == ' ' || head[vs] == '\t')) vs++;
                while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) ve--;
                for (int i = vs; i < ve; i++)
                {
                    // RFC 9110 §5.5: CR, LF and NUL (and other controls) in a field value are rejected.
                    byte c = head[i];
                    if ((c < 0x20 && c != '\t') || c == 0x7F)
                    {
                        return h.Fail(400, "control character in field value");
                    }
                }

                if (NameIs(head, pos, colon, "content-length"))
                {
                    int length = ParseLength(head, vs, ve);
                    if (length == NoLength)
                    {
                        return h.Fail(400, "bad Content-Length");
                    }

                    // RFC 9112 §6.3 (5): differing lengths make the framing unknowable.
                    if (h.ContentLength != NoLength && h.ContentLength != length)
                    {
                        return h.Fail(400, "conflicting Content-Length");
                    }

                    h.ContentLength = length;
                }
                else if (NameIs(head, pos, colon, "transfer-encoding"))
                {
                    h.HasTransferEncoding = true;
                }
                else if (NameIs(head, pos, colon, "host"))
                {
                    hostCount++;
                }
                else if (NameIs(head, pos, colon, "x-phone-code"))
                {
                    if (h.PhoneCode != null)
                    {
                        return h.Fail(400, "repeated X-Phone-Code");
                    }

                    h.PhoneCode = Text(head, vs, ve);
                }
                else if (NameIs(head, pos, colon, "authorization"))
                {
                    if (h.Authorization != null)
                    {
                        return h.Fail(400, "repeated Authorization");
                    }

                    h.Authorization = Text(head, vs, ve);
                }
                else if (NameIs(head, pos, colon, "x-phone-force-downgrade"))
                {
                    h.ForceDowngrade = Text(head, vs, ve) == "1";
                }

                pos = next;
            }

            // RFC 9112 §3.2: a 1.1 request without Host, or any request with several, gets 400.
            if (hostCount > 1 || (hostCount == 0 && h.MinorVersion == 1))
            {
                return h.Fail(400, "missing or repeated Host");
            }

            // RFC 9112 §6.1: a transfer coding the server does not implement is 501. Chunked bodies are not
            // accepted here, so any Transfer-Encoding is refused (and a Content-Length beside it is moot).
            if (h.HasTransferEncoding)
            {
                return h.Fail(501, "Transfer-Encoding not supported; send Content-Length");
            }

            return h;
        }

        bool ParseRequestLine(byte[] b, int start, int end)
        {
            // RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces.
            int sp1 = IndexOf(b, start, end, (byte)' ');
            if (sp1 <= start)
            {
                Fail(400, "bad request line");
                return false;
            }

            int sp2 = IndexOf(b, sp1 + 1, end, (byte)' ');
            if (sp2 <= sp1 + 1 || IndexOf(b, sp2 + 1, end, (byte)' ') >= 0)
            {
                Fail(400, "bad request line");
                return false;
            }

            for (int i = start; i < sp1; i++)
            {
                if (!IsTokenChar(b[i]))
                {
                    Fail(400, "bad method");
                    return false;
                }
            }

            Method = Text(b, start, sp1);

            for (int i = sp1 + 1; i < sp2; i++)
            {
                if (b[i] <= 0x20 || b[i] >= 0x7F)
                {
                    Fail(400, "bad request target");
                    return false;
                }
            }

            // RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT, case-sensitive.
            if (end - sp2 - 1 != 8 || b[sp2 + 1] != 'H' || b[sp2 + 2] != 'T' || b[sp2 + 3] != 'T' || b[sp2 + 4] != 'P' || b[sp2 + 5] != '/'
                || !IsDigit(b[sp2 + 6]) || b[sp2 + 7] != '.' || !IsDigit(b[sp2 + 8]))
            {
                Fail(400, "bad HTTP version");
                return false;
            }

            if (b[sp2 + 6] != '1')
            {
                Fail(505, "only HTTP/1.x");
                return false;
            }

            MinorVersion = b[sp2 + 8] == '0' ? 0 : 1;

            string target = Text(b, sp1 + 1, sp2);
            // RFC 9112 §3.2.3: authority-form (host:port) belongs to CONNECT only; §3.2.4: asterisk-form to a
            // server-wide OPTIONS only. Both are kept as the path; the endpoint implements neither method.
            if (Method == "CONNECT" || (target == "*" && Method == "OPTIONS"))
            {
                Path = target;
                return true;
            }

            int pathStart = 0;
            if (target[0] != '/')
            {
                // RFC 9112 §3.2.2: absolute-form must be accepted; keep only its path.
                string lower = target.ToLower();
                int scheme = lower.IndexOf("://");
                if (scheme <= 0 || (lower.Substring(0, scheme) != "http" && lower.Substring(0, scheme) != "https"))
                {
                    Fail(400, "bad request target");
                    return false;
                }

                int slash = target.IndexOf('/', scheme + 3);
                if (slash < 0)
                {
                    Path = "/";
                    return true;
                }

                pathStart = slash;
            }

            int query = target.IndexOf('?', pathStart);
            Path = query < 0 ? target.Substring(pathStart) : target.Substring(pathStart, query - pathStart);
            return true;
        }

        HttpRequestHead Fail(int status, string reason)
        {
            ErrorStatus = status;
            ErrorReason = reason;
            return this;
        }

        /// <summary>Finds the line starting at start: CRLF or bare LF (RFC 9112 §2.2); a CR not before LF is invalid.</summary>
        static bool NextLine(byte[] b, int start, int count, out int lineEnd, out int next)
        {
            for (int i = start; i < count; i++)
            {
                if (b[i] == '\n')
                {
                    lineEnd = i;
                    next = i + 1;
                    return true;
                }

                if (b[i] == '\r')
                {
                    if (i + 1 < count && b[i + 1] == '\n')
                    {
                        lineEnd = i;
                        next = i + 2;
                        return true;
                    }

                    break;
                }
            }

            lineEnd = count;
            next = count;
            return false;
        }

        /// <summary>Content-Length = 1*DIGIT (RFC 9110 §8.6); NoLength when malformed, HugeLength above int range.</summary>
        static int ParseLength(byte[] b, int start, int end)
        {
            if (end <= start)
            {
                return NoLength;
            }

            long value = 0;
            for (int i = start; i < end; i++)
            {
                if (!IsDigit(b[i]))
                {
                    return NoLength;
                }

                value = value * 10 + (b[i] - '0');
                if (value > int.MaxValue - 1)
                {
                    value = HugeLength;
                    // Keep validating the remaining digits without overflowing.
                    for (int j = i + 1; j < end; j++)
                    {
                        if (!IsDigit(b[j])) return NoLength;
                    }

                    break;
                }
            }

            return (int)value;
        }

        static bool NameIs(byte[] b, int start, int end, string lowerName)
        {
            if (end - start != lowerName.Length)
            {
                return false;
            }

            for (int i = 0; i < lowerName.Length; i++)
            {
                int c = b[start + i];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lowerName[i]) return false;
            }

            return true;
        }

        static int IndexOf(byte[] b, int start, int end, byte value)
        {
            for (int i = start; i < end; i++)
            {
                if (b[i] == value) return i;
            }

            return -1;
        }

        static bool IsDigit(byte c)
        {
            return c >= '0' && c <= '9';
        }

        /// <summary>tchar (RFC 9110 §5.6.2).</summary>
        static bool IsTokenChar(byte c)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                return true;
            }

            switch (c)
            {
                case (byte)'!': case (byte)'#': case (byte)'$': case (byte)'%': case (byte)'&': case (byte)'\'':
                case (byte)'*': case (byte)'+': case (byte)'-': case (byte)'.': case (byte)'^': case (byte)'_':
                case (byte)'`': case (byte)'|': case (byte)'~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Field values are ASCII in practice; bytes above 0x7F (obs-text) are decoded as UTF-8 where possible.</summary>
        static string Text(byte[] b, int start, int end)
        {
            if (end <= start)
            {
                return string.Empty;
            }

            try
            {
                return Encoding.UTF8.GetString(b, start, end - start);
            }
            catch (System.Exception)
            {
                return string.Empty;
            }
        }
    }
}
