using System.Text;

namespace Phone.Sip
{
    /// <summary>Character classes and small string helpers for digest auth-params (RFC 7230 §3.2.6, RFC 7235 §2.1).</summary>
    public static class DigestText
    {
        /// <summary>tchar (RFC 7230 §3.2.6): ALPHA / DIGIT / "!#$%&amp;'*+-.^_`|~".</summary>
        public static bool IsTokenChar(char c)
        {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            {
                return true;
            }

            switch (c)
            {
                case '!':
                case '#':
                case '$':
                case '%':
                case '&':
                case '\'':
                case '*':
                case '+':
                case '-':
                case '.':
                case '^':
                case '_':
                case '`':
                case '|':
                case '~':
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>SP, HTAB, CR, LF: linear white space including folded lines (RFC 3261 §25.1 LWS).</summary>
        public static bool IsWhite(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        /// <summary>ASCII case-insensitive equality (auth-scheme and parameter names, RFC 7235 §2.1); null equals only null.</summary>
        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a == null || b == null)
            {
                return a == null && b == null;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                char x = a[i];
                char y = b[i];
                if (x == y)
                {
                    continue;
                }

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

        /// <summary>Appends <paramref name="value"/> as a quoted-string, escaping '"' and '\' (RFC 7230 §3.2.6 quoted-pair).</summary>
        public static void AppendQuoted(StringBuilder sb, string value)
        {
            sb.Append('"');
            if (value != null)
            {
                for (int i = 0; i < value.Length; i++)
                {
                    char c = value[i];
                    if (c == '"' || c == '\\')
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                }
            }

            sb.Append('"');
        }
    }
}
