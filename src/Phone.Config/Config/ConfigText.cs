namespace Phone.Config
{
    /// <summary>
    /// Small text helpers for nf.config values. Written out by hand because the device's String has no
    /// culture-aware or char-classification helpers, and int.Parse accepts forms (signs, spaces) we reject.
    /// </summary>
    public static class ConfigText
    {
        /// <summary>Number parse succeeded.</summary>
        public const int NumberOk = 0;
        /// <summary>Not an optionally '-'-signed run of decimal digits.</summary>
        public const int NumberMalformed = 1;
        /// <summary>Decimal, but beyond what an int holds.</summary>
        public const int NumberOverflow = 2;

        private static readonly char[] Blanks = new char[] { ' ', '\t' };

        /// <summary>Removes spaces and tabs at both ends (the only blanks a valid line can contain).</summary>
        public static string Trim(string s)
        {
            return s.Trim(Blanks);
        }

        /// <summary>ASCII-only lower-casing: key and enum names are ASCII, and this keeps results culture-free.</summary>
        public static string AsciiLower(string s)
        {
            char[] c = s.ToCharArray();
            for (int i = 0; i < c.Length; i++)
            {
                if (c[i] >= 'A' && c[i] <= 'Z') c[i] = (char)(c[i] + 32);
            }
            return new string(c);
        }

        /// <summary>Text after index; explicit about the end so no runtime's Substring edge rule matters.</summary>
        public static string After(string s, int index)
        {
            return index + 1 >= s.Length ? "" : s.Substring(index + 1);
        }

        public static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

        public static bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

        /// <summary>
        /// Parses an optional '-' followed by 1..n decimal digits. No '+', no blanks, no hex, no separators:
        /// a config value that looks odd is more likely a typo than an intent.
        /// </summary>
        public static int ParseInt(string s, out int value)
        {
            value = 0;
            int i = 0;
            bool negative = false;
            if (s.Length > 0 && s[0] == '-') { negative = true; i = 1; }
            if (i >= s.Length) return NumberMalformed;
            long acc = 0;
            bool overflow = false;
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (!IsDigit(c)) return NumberMalformed;
                if (!overflow)
                {
                    acc = acc * 10 + (c - '0');
                    if (acc > 2147483648L) overflow = true;
                }
            }
            if (negative) acc = -acc;
            if (overflow || acc > int.MaxValue || acc < int.MinValue) return NumberOverflow;
            value = (int)acc;
            return NumberOk;
        }

        /// <summary>true/false/yes/no/on/off/1/0, any letter case. Returns false when the text is none of them.</summary>
        public static bool ParseBool(string s, out bool value)
        {
            string l = AsciiLower(s);
            if (l == "true" || l == "yes" || l == "on" || l == "1") { value = true; return true; }
            if (l == "false" || l == "no" || l == "off" || l == "0") { value = false; return true; }
            value = false;
            return false;
        }

        /// <summary>DNS name (letters, digits, '-', '.') up to 253 characters, or an IPv6 literal in brackets.</summary>
        public static bool IsHost(string s)
        {
            if (s.Length == 0 || s.Length > 253) return false;
            if (s[0] == '[')
            {
                if (s.Length < 4 || s[s.Length - 1] != ']') return false;
                for (int i = 1; i < s.Length - 1; i++)
                {
                    char c = s[i];
                    if (!(IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) return false;
                }
                return true;
            }
            if (s[0] == '.' || s[0] == '-' || s[s.Length - 1] == '.' || s[s.Length - 1] == '-') return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!(IsDigit(c) || IsLetter(c) || c == '-' || c == '.')) return false;
                if (c == '.' && i > 0 && s[i - 1] == '.') return false;
            }
            return true;
        }

        /// <summary>host or host:port with port 1..65535.</summary>
        public static bool IsHostPort(string s)
        {
            int colon = s.LastIndexOf(':');
            int bracket = s.LastIndexOf(']');
            if (colon < 0 || colon < bracket) return IsHost(s);
            int port;
            if (ParseInt(After(s, colon), out port) != NumberOk || port < 1 || port > 65535) return false;
            if (s[colon + 1] == '-') return false;
            return IsHost(s.Substring(0, colon));
        }

        /// <summary>a.b.c.d (each 0..255) or a.b.c.d:port with port 1..65535.</summary>
        public static bool IsIPv4Port(string s)
        {
            if (!IsHostPort(s)) return false;
            int colon = s.IndexOf(':');
            int end = colon < 0 ? s.Length : colon;
            int parts = 0;
            int value = -1;
            for (int i = 0; i <= end; i++)
            {
                char c = i < end ? s[i] : '.';
                if (c == '.')
                {
                    if (value < 0) return false;
                    parts++;
                    value = -1;
                }
                else if (IsDigit(c))
                {
                    value = (value < 0 ? 0 : value * 10) + (c - '0');
                    if (value > 255) return false;
                }
                else return false;
            }
            return parts == 4;
        }

        /// <summary>Number of bytes the text takes in UTF-8, without allocating.</summary>
        public static int Utf8Length(string s)
        {
            int n = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < 0x80) n += 1;
                else if (c < 0x800) n += 2;
                else if (c >= 0xD800 && c <= 0xDBFF) { n += 4; i++; }
                else n += 3;
            }
            return n;
        }

        /// <summary>Characters of base64 and PEM padding only; a PEM body line is made of nothing else.</summary>
        public static bool IsBase64Line(string s)
        {
            if (s.Length == 0) return false;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!(IsDigit(c) || IsLetter(c) || c == '+' || c == '/' || c == '=')) return false;
            }
            return true;
        }
    }
}
