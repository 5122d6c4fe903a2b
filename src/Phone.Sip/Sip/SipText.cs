namespace Phone.Sip
{
    /// <summary>Byte-level character classes and conversions of the SIP grammar (RFC 3261 §25.1).</summary>
    public static class SipText
    {
        /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (RFC 3261 §25.1).</summary>
        public static bool IsTokenChar(int b)
        {
            if (IsAlphaNum(b))
            {
                return true;
            }

            switch (b)
            {
                case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'': case '~':
                    return true;
            }

            return false;
        }

        public static bool IsAlphaNum(int b)
        {
            return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
        }

        public static bool IsDigit(int b)
        {
            return b >= '0' && b <= '9';
        }

        public static int HexValue(int b)
        {
            if (b >= '0' && b <= '9') return b - '0';
            if (b >= 'a' && b <= 'f') return b - 'a' + 10;
            if (b >= 'A' && b <= 'F') return b - 'A' + 10;
            return -1;
        }

        /// <summary>unreserved = alphanum / mark (RFC 3261 §25.1).</summary>
        public static bool IsUnreserved(int b)
        {
            if (IsAlphaNum(b))
            {
                return true;
            }

            switch (b)
            {
                case '-': case '_': case '.': case '!': case '~': case '*': case '\'': case '(': case ')':
                    return true;
            }

            return false;
        }

        /// <summary>Linear white space inside a header value: SP, HTAB, and the CRLF of a fold (RFC 3261 §7.3.1).</summary>
        public static bool IsLws(int b)
        {
            return b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }

        public static int SkipLws(byte[] b, int i, int end)
        {
            while (i < end && IsLws(b[i]))
            {
                i++;
            }

            return i;
        }

        /// <summary>End of [start,end) with trailing LWS removed.</summary>
        public static int TrimEnd(byte[] b, int start, int end)
        {
            while (end > start && IsLws(b[end - 1]))
            {
                end--;
            }

            return end;
        }

        /// <summary>ASCII case-insensitive comparison of bytes with a string.</summary>
        public static bool EqualsIgnoreCase(byte[] b, int start, int length, string s)
        {
            if (s == null || length != s.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                int x = b[start + i];
                int y = s[i];
                if (x == y)
                {
                    continue;
                }

                if (x >= 'A' && x <= 'Z') x += 32;
                if (y >= 'A' && y <= 'Z') y += 32;
                if (x != y)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Exact (case-sensitive) comparison of bytes with a string, e.g. methods (RFC 3261 §7.1).</summary>
        public static bool EqualsExact(byte[] b, int start, int length, string s)
        {
            if (s == null || length != s.Length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (b[start + i] != s[i])
                {
                    return false;
                }
            }

            return true;
        }

        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                int x = a[i];
                int y = b[i];
                if (x >= 'A' && x <= 'Z') x += 32;
                if (y >= 'A' && y <= 'Z') y += 32;
                if (x != y)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Parses 1*DIGIT in [start,start+length) into value, which must not exceed max.
        /// Returns Ok, ContentLengthNotNumeric (empty or a non-digit) or ContentLengthOverflow (above max);
        /// callers translate these into their header's own code.
        /// </summary>
        public static SipError ParseDecimal(byte[] b, int start, int length, int max, out int value)
        {
            value = 0;
            if (length <= 0)
            {
                return SipError.ContentLengthNotNumeric;
            }

            bool overflow = false;
            for (int i = 0; i < length; i++)
            {
                int d = b[start + i] - '0';
                if (d < 0 || d > 9)
                {
                    return SipError.ContentLengthNotNumeric;
                }

                if (!overflow)
                {
                    if (value > (max - d) / 10)
                    {
                        overflow = true;
                    }
                    else
                    {
                        value = value * 10 + d;
                    }
                }
            }

            if (overflow)
            {
                value = 0;
                return SipError.ContentLengthOverflow;
            }

            return SipError.Ok;
        }

        /// <summary>
        /// delta-seconds = 1*DIGIT, 0 to 2^32-1 (RFC 3261 §20.19); the value is clamped to 2^31-1 (68 years, more
        /// than any binding or session needs). False when not 1*DIGIT or above 2^32-1.
        /// </summary>
        public static bool ParseDelta(byte[] b, int start, int length, out int value)
        {
            value = 0;
            long v = 0;
            for (int i = 0; i < length; i++)
            {
                int d = b[start + i] - '0';
                if (d < 0 || d > 9 || (v = v * 10 + d) > 0xFFFFFFFFL)
                {
                    return false;
                }
            }

            value = v > 0x7FFFFFFF ? 0x7FFFFFFF : (int)v;
            return length > 0;
        }

        /// <summary>
        /// Length of the well-formed UTF-8 sequence at i (RFC 3629 §4: no overlong forms, no surrogates, nothing
        /// above U+10FFFF), 1 for ASCII, or -1.
        /// </summary>
        public static int Utf8Length(byte[] b, int i, int end)
        {
            int c = b[i];
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c < 0x80)
            {
                return 1;
            }

            if (c < 0xC2 || c > 0xF4)
            {
                return -1;
            }

            if (c < 0xE0)
            {
                n = 2;
            }
            else if (c < 0xF0)
            {
                n = 3;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            }
            else
            {
                n = 4;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            }

            if (i + n > end)
            {
                return -1;
            }

            for (int k = 1; k < n; k++)
            {
                int d = b[i + k];
                if (d < lo || d > hi)
                {
                    return -1;
                }

                lo = 0x80;
                hi = 0xBF;
            }

            return n;
        }

        /// <summary>
        /// IPv6address (RFC 3986 §3.2.2, as RFC 5118 and RFC 3261 §25.1 use it) over [s,e), without brackets:
        /// eight h16 groups, or fewer with one "::", the last two optionally an IPv4 address.
        /// </summary>
        public static bool IsIPv6(byte[] b, int s, int e)
        {
            int groups = 0;
            bool gap = false;
            int i = s;
            if (i + 1 < e && b[i] == ':' && b[i + 1] == ':')
            {
                gap = true;
                i += 2;
            }

            while (i < e)
            {
                int g = i;
                while (i < e && i - g < 5 && HexValue(b[i]) >= 0)
                {
                    i++;
                }

                if (i < e && b[i] == '.')
                {
                    // The IPv4 tail stands for the last two groups and ends the address.
                    groups += 2;
                    if (!IsIPv4(b, g, e))
                    {
                        return false;
                    }

                    break;
                }

                if (i == g || i - g > 4)
                {
                    return false;
                }

                groups++;
                if (i == e)
                {
                    break;
                }

                if (b[i] != ':' || ++i == e)
                {
                    return false;
                }

                if (b[i] == ':')
                {
                    if (gap)
                    {
                        return false;
                    }

                    gap = true;
                    i++;
                }
            }

            return gap ? groups <= 7 : groups == 8;
        }

        /// <summary>IPv4address = four dec-octets 0-255 of 1 to 3 digits, dot-separated, over [s,e).</summary>
        public static bool IsIPv4(byte[] b, int s, int e)
        {
            int parts = 0;
            int i = s;
            while (parts < 4)
            {
                int v = 0;
                int d = i;
                while (i < e && i - d < 3 && IsDigit(b[i]))
                {
                    v = v * 10 + b[i++] - '0';
                }

                if (i == d || v > 255)
                {
                    return false;
                }

                if (++parts < 4)
                {
                    if (i >= e || b[i] != '.')
                    {
                        return false;
                    }

                    i++;
                }
            }

            return i == e;
        }

        /// <summary>The text of [start,start+length): UTF-8 decoded, each fold (CRLF 1*WSP) read as one SP (RFC 3261 §7.3.1).</summary>
        public static string ToText(byte[] b, int start, int length)
        {
            if (length <= 0)
            {
                return string.Empty;
            }

            byte[] tmp = new byte[length];
            int n = 0;
            int end = start + length;
            int i = start;
            while (i < end)
            {
                int c = b[i];
                if (c == '\r' && i + 1 < end && b[i + 1] == '\n')
                {
                    i += 2;
                    while (i < end && (b[i] == ' ' || b[i] == '\t'))
                    {
                        i++;
                    }

                    while (n > 0 && (tmp[n - 1] == ' ' || tmp[n - 1] == '\t'))
                    {
                        n--;
                    }

                    tmp[n++] = (byte)' ';
                    continue;
                }

                tmp[n++] = (byte)c;
                i++;
            }

            return Utf8(tmp, 0, n);
        }

        /// <summary>
        /// The content of a quoted-string whose opening DQUOTE is at start and closing DQUOTE at end-1, with each
        /// quoted-pair "\x" replaced by x (RFC 3261 §25.1).
        /// </summary>
        public static string Unquote(byte[] b, int start, int end)
        {
            int len = end - start - 2;
            if (len <= 0)
            {
                return string.Empty;
            }

            byte[] tmp = new byte[len];
            int n = 0;
            for (int i = start + 1; i < end - 1; i++)
            {
                int c = b[i];
                if (c == '\\' && i + 1 < end - 1)
                {
                    i++;
                    c = b[i];
                }
                else if (c == '\r' && i + 1 < end - 1 && b[i + 1] == '\n')
                {
                    i++;
                    continue;
                }

                tmp[n++] = (byte)c;
            }

            return Utf8(tmp, 0, n);
        }

        /// <summary>
        /// Replaces each escaped "%" HEXDIG HEXDIG with its octet and decodes UTF-8 (RFC 3261 §19.1.2, §25.1).
        /// Returns null when a "%" is not followed by two hex digits, or is "%00": a NUL would end the decoded
        /// string on nanoFramework and silently cut the text (see EscapesValid).
        /// </summary>
        public static string Unescape(byte[] b, int start, int length)
        {
            if (length <= 0)
            {
                return string.Empty;
            }

            byte[] tmp = new byte[length];
            int n = 0;
            int end = start + length;
            for (int i = start; i < end; i++)
            {
                int c = b[i];
                if (c == '%')
                {
                    if (i + 2 >= end)
                    {
                        return null;
                    }

                    int h = HexValue(b[i + 1]);
                    int l = HexValue(b[i + 2]);
                    if (h < 0 || l < 0 || (h | l) == 0)
                    {
                        return null;
                    }

                    c = (h << 4) | l;
                    i += 2;
                }

                tmp[n++] = (byte)c;
            }

            return Utf8(tmp, 0, n);
        }

        /// <summary>
        /// True when every "%" in the range starts a valid escape (RFC 3261 §25.1 escaped) other than "%00".
        /// RFC 3261 allows an escaped NUL (RFC 4475 §3.1.1.4 esc01), but its unescaped text would end at the NUL
        /// on nanoFramework — "sip:alice%00.evil@…" would read as user "alice" — so it is refused (BadEscape).
        /// </summary>
        public static bool EscapesValid(byte[] b, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                if (b[i] == '%')
                {
                    if (i + 2 >= end || HexValue(b[i + 1]) < 0 || HexValue(b[i + 2]) < 0 || (HexValue(b[i + 1]) | HexValue(b[i + 2])) == 0)
                    {
                        return false;
                    }

                    i += 2;
                }
            }

            return true;
        }

        /// <summary>UTF-8 decoding that never throws: a malformed sequence becomes U+FFFD.</summary>
        public static string Utf8(byte[] b, int start, int length)
        {
            char[] chars = new char[length];
            int n = 0;
            int end = start + length;
            int i = start;
            while (i < end)
            {
                int c = b[i];
                if (c < 0x80)
                {
                    chars[n++] = (char)c;
                    i++;
                    continue;
                }

                int need;
                int cp;
                int min;
                if ((c & 0xE0) == 0xC0) { need = 1; cp = c & 0x1F; min = 0x80; }
                else if ((c & 0xF0) == 0xE0) { need = 2; cp = c & 0x0F; min = 0x800; }
                else if ((c & 0xF8) == 0xF0) { need = 3; cp = c & 0x07; min = 0x10000; }
                else { chars[n++] = '\uFFFD'; i++; continue; }

                if (i + need >= end)
                {
                    chars[n++] = '\uFFFD';
                    i++;
                    continue;
                }

                bool ok = true;
                for (int k = 1; k <= need; k++)
                {
                    int cc = b[i + k];
                    if ((cc & 0xC0) != 0x80)
                    {
                        ok = false;
                        break;
                    }

                    cp = (cp << 6) | (cc & 0x3F);
                }

                if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    chars[n++] = '\uFFFD';
                    i++;
                    continue;
                }

                i += need + 1;
                if (cp >= 0x10000)
                {
                    // A supplementary code point needs two chars; chars has room since it used 4 bytes.
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)cp;
                }
            }

            return new string(chars, 0, n);
        }
    

        /// <summary>
        /// Given the opening DQUOTE at i, returns the index just past the closing DQUOTE, or -1 when the
        /// quoted-string is unterminated, holds a quoted-pair of CR, LF or a non-ASCII byte, or bytes that are not
        /// well-formed UTF-8 (RFC 3261 §25.1).
        /// </summary>
        public static int ScanQuoted(byte[] b, int i, int end)
        {
            int j = i + 1;
            while (j < end)
            {
                int c = b[j];
                if (c == '\\')
                {
                    // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                    if (j + 1 >= end || b[j + 1] == '\r' || b[j + 1] == '\n' || b[j + 1] >= 0x80)
                    {
                        return -1;
                    }

                    j += 2;
                    continue;
                }

                if (c == '"')
                {
                    return j + 1;
                }

                // qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII: a byte that is not well-formed UTF-8
                // makes the quoted-string invalid (400), rather than text the decoder would silently replace.
                int n = Utf8Length(b, j, end);
                if (n < 0)
                {
                    return -1;
                }

                j += n;
            }

            return -1;
        }

        /// <summary>Index of the first byte in [i,end) that is not a token character.</summary>
        public static int SkipToken(byte[] b, int i, int end)
        {
            while (i < end && IsTokenChar(b[i]))
            {
                i++;
            }

            return i;
        }

        public static int IndexOf(byte[] b, int i, int end, int value)
        {
            for (; i < end; i++)
            {
                if (b[i] == value)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>ASCII text of a range that was already checked to hold no folds or non-ASCII bytes.</summary>
        public static string Ascii(byte[] b, int start, int length)
        {
            char[] c = new char[length];
            for (int i = 0; i < length; i++)
            {
                c[i] = (char)b[start + i];
            }

            return new string(c);
        }
    }
}
