namespace Phone.Sip
{
    /// <summary>
    /// A bounded list of name[=value] parameters: generic-param of headers (RFC 3261 §25.1), uri-parameters
    /// (RFC 3261 §19.1.1) and auth-params (RFC 3261 §25.1, RFC 2617 §1.2). Names compare case-insensitively;
    /// values are stored unquoted / unescaped; a parameter without "=" has a null value.
    /// </summary>
    public sealed class SipParams
    {
        private readonly string[] _names = new string[SipLimits.MaxParameters];
        private readonly string[] _values = new string[SipLimits.MaxParameters];

        public int Count { get; private set; }

        public string NameAt(int i)
        {
            return i >= 0 && i < Count ? _names[i] : null;
        }

        public string ValueAt(int i)
        {
            return i >= 0 && i < Count ? _values[i] : null;
        }

        /// <summary>Index of the parameter called name, or -1.</summary>
        public int IndexOf(string name)
        {
            for (int i = 0; i < Count; i++)
            {
                if (SipText.EqualsIgnoreCase(_names[i], name))
                {
                    return i;
                }
            }

            return -1;
        }

        public bool Contains(string name)
        {
            return IndexOf(name) >= 0;
        }

        /// <summary>The value of name; null when absent or valueless (use Contains to tell them apart).</summary>
        public string Get(string name)
        {
            int i = IndexOf(name);
            return i < 0 ? null : _values[i];
        }

        public void Clear()
        {
            for (int i = 0; i < Count; i++)
            {
                _names[i] = null;
                _values[i] = null;
            }

            Count = 0;
        }

        internal SipError Add(string name, string value)
        {
            if (Count >= SipLimits.MaxParameters)
            {
                return SipError.TooManyParameters;
            }

            _names[Count] = name;
            _values[Count] = value;
            Count++;
            return SipError.Ok;
        }

        /// <summary>
        /// Parses *( sep generic-param ) from [i,end) with LWS allowed around separators and "=" (RFC 3261 §7.3.1
        /// SEMI, COMMA, EQUAL). With leadingSep false the first parameter has no separator before it (auth-params).
        /// gen-value = token / host / quoted-string. Empty parameters (";;") are BadParameter.
        /// </summary>
        public SipError ParseList(byte[] b, int i, int end, int sep, bool leadingSep)
        {
            Clear();
            bool first = true;
            while (true)
            {
                i = SipText.SkipLws(b, i, end);
                if (i >= end)
                {
                    return first && !leadingSep ? SipError.BadParameter : SipError.Ok;
                }

                if (!first || leadingSep)
                {
                    if (b[i] != sep)
                    {
                        return SipError.BadParameter;
                    }

                    i = SipText.SkipLws(b, i + 1, end);
                }

                first = false;
                int ns = i;
                i = SipText.SkipToken(b, i, end);
                if (i == ns)
                {
                    return SipError.BadParameter;
                }

                string name = SipText.Ascii(b, ns, i - ns);
                string value = null;
                int j = SipText.SkipLws(b, i, end);
                if (j < end && b[j] == '=')
                {
                    j = SipText.SkipLws(b, j + 1, end);
                    if (j >= end)
                    {
                        return SipError.BadParameter;
                    }

                    if (b[j] == '"')
                    {
                        int q = SipText.ScanQuoted(b, j, end);
                        if (q < 0)
                        {
                            return SipError.BadQuotedString;
                        }

                        value = SipText.Unquote(b, j, q);
                        i = q;
                    }
                    else
                    {
                        int vs = j;
                        while (j < end && (SipText.IsTokenChar(b[j]) || b[j] == '[' || b[j] == ']' || b[j] == ':'))
                        {
                            j++;
                        }

                        if (j == vs)
                        {
                            return SipError.BadParameter;
                        }

                        value = SipText.Ascii(b, vs, j - vs);
                        i = j;
                    }
                }

                SipError e = Add(name, value);
                if (e != SipError.Ok)
                {
                    return e;
                }
            }
        }
    }
}
