namespace Phone.Sdp
{
    /// <summary>Small text helpers for SDP (RFC 8866 §9 grammar): decimal fields, tokens, IPv4 addresses. Never throw.</summary>
    internal static class SdpText
    {
        /// <summary>The decimal value of <c>s[start..end)</c> if it is 1..<paramref name="maxDigits"/> digits, else -1.</summary>
        internal static long Digits(string s, int start, int end, int maxDigits)
        {
            if (s == null || start < 0 || end > s.Length || end <= start || end - start > maxDigits)
            {
                return -1;
            }

            long v = 0;
            for (int i = start; i < end; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    return -1;
                }

                v = v * 10 + (c - '0');
            }

            return v;
        }

        /// <summary>The whole string as a decimal of at most <paramref name="maxDigits"/> digits, else -1.</summary>
        internal static long Digits(string s, int maxDigits)
        {
            return s == null ? -1 : Digits(s, 0, s.Length, maxDigits);
        }

        /// <summary>True if <paramref name="s"/> is 1..<paramref name="maxDigits"/> decimal digits (any size; no value is computed).</summary>
        internal static bool IsDigits(string s, int maxDigits)
        {
            if (s == null || s.Length == 0 || s.Length > maxDigits)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] < '0' || s[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Splits on single spaces; null if a field is empty (double space, leading or trailing space) or there are more than <paramref name="max"/> fields.</summary>
        internal static string[] Fields(string s, int max)
        {
            if (s == null || s.Length == 0)
            {
                return null;
            }

            int count = 1;
            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == ' ')
                {
                    count++;
                }
            }

            if (count > max)
            {
                return null;
            }

            string[] fields = new string[count];
            int start = 0;
            int n = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || s[i] == ' ')
                {
                    if (i == start)
                    {
                        return null;
                    }

                    fields[n++] = s.Substring(start, i - start);
                    start = i + 1;
                }
            }

            return fields;
        }

        /// <summary>True for a dotted-quad IPv4 address (RFC 8866 §9: IP4-address); no multicast TTL suffix.</summary>
        internal static bool IsIpv4(string s)
        {
            if (s == null || s.Length < 7 || s.Length > 15)
            {
                return false;
            }

            int parts = 0;
            int start = 0;
            for (int i = 0; i <= s.Length; i++)
            {
                if (i == s.Length || s[i] == '.')
                {
                    long v = Digits(s, start, i, 3);
                    if (v < 0 || v > 255)
                    {
                        return false;
                    }

                    parts++;
                    start = i + 1;
                }
            }

            return parts == 4;
        }

        /// <summary>ASCII case-insensitive equality (encoding names are case-insensitive, RFC 4855 §3).</summary>
        internal static bool EqualsIgnoreCase(string a, string b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i];
                char y = b[i];
                if (x >= 'A' && x <= 'Z')
                {
                    x = (char)(x + 32);
                }

                if (y >= 'A' && y <= 'Z')
                {
                    y = (char)(y + 32);
                }

                if (x != y)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True for a protocol whose fmt list is RTP payload types (RFC 8866 §5.14).</summary>
        internal static bool IsRtpProtocol(string protocol)
        {
            return protocol != null && protocol.IndexOf("RTP/") >= 0;
        }
    }
}
