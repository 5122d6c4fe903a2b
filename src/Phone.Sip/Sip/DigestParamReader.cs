using System.Text;

namespace Phone.Sip
{
    /// <summary>
    /// Reads the auth-params of one challenge from a string, one <see cref="Next"/> at a time
    /// (RFC 7235 §2.1: auth-param = token BWS "=" BWS ( token / quoted-string ), separated by commas;
    /// RFC 3261 §25.1 LWS, so folded lines are white space). Quoted values are unescaped (quoted-pair) and may
    /// contain commas. Stops, without error, where a new challenge begins ("..., Basic realm=x"). Never throws.
    /// </summary>
    public sealed class DigestParamReader
    {
        string _s;
        int _pos;
        int _end;

        /// <summary>The parameter name as written (compare with <see cref="NameIs"/>).</summary>
        public string Name { get; private set; }

        /// <summary>The value, unquoted and unescaped.</summary>
        public string Value { get; private set; }

        /// <summary>True when the value was a quoted-string.</summary>
        public bool Quoted { get; private set; }

        /// <summary>Why the last <see cref="Next"/> returned false; Ok at the end of the list or of the challenge.</summary>
        public DigestError Error { get; private set; }

        /// <summary>True when reading stopped at the auth-scheme of a following challenge (at <see cref="Position"/>).</summary>
        public bool AtNextChallenge { get; private set; }

        /// <summary>Index of the next character to read.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>Reads <c>text[start ..)</c> from the first auth-param.</summary>
        public void Start(string text, int start)
        {
            _s = text == null ? string.Empty : text;
            _end = _s.Length;
            _pos = start < 0 ? 0 : (start > _end ? _end : start);
            Name = null;
            Value = null;
            Quoted = false;
            Error = DigestError.Ok;
            AtNextChallenge = false;
        }

        /// <summary>True when the current name equals <paramref name="lowerName"/>, ignoring ASCII case.</summary>
        public bool NameIs(string lowerName)
        {
            return DigestText.EqualsIgnoreCase(Name, lowerName);
        }

        /// <summary>Reads the next auth-param; false at the end, at the next challenge, or on an error (see <see cref="Error"/>).</summary>
        public bool Next()
        {
            Name = null;
            Value = null;
            Quoted = false;
            if (Error != DigestError.Ok || AtNextChallenge)
            {
                return false;
            }

            string s = _s;
            int i = _pos;

            // #rule: empty list elements are allowed (RFC 7230 §7).
            while (i < _end && (DigestText.IsWhite(s[i]) || s[i] == ','))
            {
                i++;
            }

            if (i >= _end)
            {
                _pos = i;
                return false;
            }

            int nameStart = i;
            while (i < _end && DigestText.IsTokenChar(s[i]))
            {
                i++;
            }

            if (i == nameStart)
            {
                return Fail(DigestError.Malformed, i);
            }

            int nameEnd = i;
            while (i < _end && DigestText.IsWhite(s[i]))
            {
                i++;
            }

            if (i >= _end || s[i] != '=')
            {
                // "token SP token..." after a comma starts the next challenge (RFC 7235 §4.1: several challenges in one field).
                if (i > nameEnd && i < _end && (DigestText.IsTokenChar(s[i])))
                {
                    _pos = nameStart;
                    AtNextChallenge = true;
                    return false;
                }

                return Fail(DigestError.Malformed, i);
            }

            i++;
            while (i < _end && DigestText.IsWhite(s[i]))
            {
                i++;
            }

            string value;
            if (i < _end && s[i] == '"')
            {
                i++;
                int valueStart = i;
                StringBuilder unescaped = null;
                bool closed = false;
                while (i < _end)
                {
                    char c = s[i];
                    if (c == '"')
                    {
                        closed = true;
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i + 1 >= _end)
                        {
                            break;
                        }

                        if (unescaped == null)
                        {
                            unescaped = new StringBuilder();
                            unescaped.Append(s, valueStart, i - valueStart);
                        }

                        unescaped.Append(s[i + 1]);
                        i += 2;
                        continue;
                    }

                    if (unescaped != null)
                    {
                        unescaped.Append(c);
                    }

                    i++;
                }

                if (!closed)
                {
                    return Fail(DigestError.UnterminatedQuote, i);
                }

                value = unescaped != null ? unescaped.ToString() : s.Substring(valueStart, i - valueStart);
                i++;
                Quoted = true;
            }
            else
            {
                // token (RFC 7235 §2.1); also token68 characters '/' and '=' that servers send unquoted.
                int valueStart = i;
                while (i < _end && (DigestText.IsTokenChar(s[i]) || s[i] == '/' || s[i] == '=' || s[i] == ':' || s[i] == '@'))
                {
                    i++;
                }

                if (i == valueStart)
                {
                    return Fail(DigestError.Malformed, i);
                }

                value = s.Substring(valueStart, i - valueStart);
            }

            while (i < _end && DigestText.IsWhite(s[i]))
            {
                i++;
            }

            if (i < _end && s[i] != ',')
            {
                return Fail(DigestError.Malformed, i);
            }

            Name = s.Substring(nameStart, nameEnd - nameStart);
            Value = value;
            _pos = i;
            return true;
        }

        bool Fail(DigestError error, int at)
        {
            Error = error;
            _pos = at;
            Name = null;
            Value = null;
            Quoted = false;
            return false;
        }
    }
}
