namespace Phone.Sip
{
    /// <summary>
    /// One parsed WWW-Authenticate / Proxy-Authenticate challenge (RFC 7616 §3.3, RFC 2617 §3.2.1,
    /// RFC 3261 §22.1, §25.1 "challenge"). <see cref="Parse(string)"/> never throws and never returns null:
    /// <see cref="Error"/> says whether the challenge can be answered. Unknown parameters are ignored
    /// (RFC 7616 §3.3: "Any unrecognized directive MUST be ignored") and counted.
    /// </summary>
    public sealed class DigestChallenge
    {
        /// <summary>Longest header value parsed, in characters.</summary>
        public const int MaxLength = 4096;

        /// <summary>Most auth-params in one challenge.</summary>
        public const int MaxParameters = 32;

        /// <summary>Ok when the challenge can be answered; otherwise why not.</summary>
        public DigestError Error { get; private set; }

        /// <summary>The auth-scheme as written (e.g. "Digest", "Basic"); null when none was read.</summary>
        public string Scheme { get; private set; }

        /// <summary>realm (RFC 7616 §3.3): the protection space, shown to users and used to pick credentials.</summary>
        public string Realm { get; private set; }

        /// <summary>nonce, as sent (unescaped).</summary>
        public string Nonce { get; private set; }

        /// <summary>opaque, returned unchanged; null when absent.</summary>
        public string Opaque { get; private set; }

        /// <summary>domain (space-separated URIs), informational; null when absent.</summary>
        public string Domain { get; private set; }

        /// <summary>stale=true: the nonce expired but the credentials were right (RFC 7616 §3.3).</summary>
        public bool Stale { get; private set; }

        /// <summary>The algorithm; MD5 when the parameter is absent (RFC 2617 §3.2.1).</summary>
        public DigestAlgorithm Algorithm { get; private set; }

        /// <summary>The algorithm token as written; null when absent.</summary>
        public string AlgorithmName { get; private set; }

        /// <summary>True when a qop parameter was present (otherwise RFC 2069 compatibility, RFC 2617 §3.2.2.1).</summary>
        public bool HasQop { get; private set; }

        /// <summary>qop lists "auth".</summary>
        public bool QopAuth { get; private set; }

        /// <summary>qop lists "auth-int".</summary>
        public bool QopAuthInt { get; private set; }

        /// <summary>charset=UTF-8 was given (RFC 7616 §3.3; the only allowed value).</summary>
        public bool CharsetUtf8 { get; private set; }

        /// <summary>userhash=true: the user name is sent hashed (RFC 7616 §3.4.4).</summary>
        public bool Userhash { get; private set; }

        /// <summary>How many unrecognised parameters were ignored.</summary>
        public int IgnoredParameters { get; private set; }

        /// <summary>Index in the parsed text where a following challenge starts, or -1.</summary>
        public int NextChallenge { get; private set; }

        /// <summary>True when <see cref="Error"/> is Ok.</summary>
        public bool IsUsable
        {
            get { return Error == DigestError.Ok; }
        }

        /// <summary>Parses the first challenge of a header value.</summary>
        public static DigestChallenge Parse(string value)
        {
            return Parse(value, 0);
        }

        /// <summary>
        /// Parses the challenge starting at <c>value[start]</c>; <see cref="NextChallenge"/> gives the start of the
        /// next one when a field carries several (RFC 7235 §4.1).
        /// </summary>
        public static DigestChallenge Parse(string value, int start)
        {
            DigestChallenge c = new DigestChallenge();
            c.NextChallenge = -1;
            c.Algorithm = DigestAlgorithm.Md5;
            if (value == null)
            {
                c.Error = DigestError.Empty;
                return c;
            }

            if (value.Length > MaxLength)
            {
                c.Error = DigestError.TooLong;
                return c;
            }

            int i = start < 0 ? 0 : start;
            while (i < value.Length && (DigestText.IsWhite(value[i]) || value[i] == ','))
            {
                i++;
            }

            if (i >= value.Length)
            {
                c.Error = DigestError.Empty;
                return c;
            }

            int schemeStart = i;
            while (i < value.Length && DigestText.IsTokenChar(value[i]))
            {
                i++;
            }

            if (i == schemeStart || (i < value.Length && !DigestText.IsWhite(value[i])))
            {
                c.Error = DigestError.Malformed;
                return c;
            }

            c.Scheme = value.Substring(schemeStart, i - schemeStart);
            DigestParamReader reader = new DigestParamReader();
            reader.Start(value, i);
            if (!DigestText.EqualsIgnoreCase(c.Scheme, "digest"))
            {
                c.Error = DigestError.NotDigest;
                c.SkipOther(value, reader);
                return c;
            }

            DigestError error = c.ReadParameters(reader);
            if (reader.AtNextChallenge)
            {
                c.NextChallenge = reader.Position;
            }

            if (error == DigestError.Ok)
            {
                error = c.Validate();
            }

            c.Error = error;
            return c;
        }

        // Another scheme's parameters or token68 (RFC 7235 §2.1): find where the next challenge starts.
        void SkipOther(string value, DigestParamReader reader)
        {
            int guard = 0;
            while (reader.Next() && guard++ < MaxParameters)
            {
            }

            if (reader.AtNextChallenge)
            {
                NextChallenge = reader.Position;
                return;
            }

            // token68 then ", next-challenge": resume after the first comma.
            int comma = value.IndexOf(',', reader.Position);
            if (reader.Error != DigestError.Ok && comma >= 0)
            {
                DigestParamReader rest = new DigestParamReader();
                rest.Start(value, comma + 1);
                if (!rest.Next() && rest.AtNextChallenge)
                {
                    NextChallenge = rest.Position;
                }
            }
        }

        DigestError ReadParameters(DigestParamReader reader)
        {
            // Bit per known parameter, for duplicate detection (RFC 7235 §2.1).
            int seen = 0;
            int count = 0;
            while (reader.Next())
            {
                if (++count > MaxParameters)
                {
                    return DigestError.TooManyParameters;
                }

                int bit;
                string v = reader.Value;
                if (reader.NameIs("realm"))
                {
                    bit = 1;
                    Realm = v;
                }
                else if (reader.NameIs("nonce"))
                {
                    bit = 2;
                    Nonce = v;
                }
                else if (reader.NameIs("opaque"))
                {
                    bit = 4;
                    Opaque = v;
                }
                else if (reader.NameIs("stale"))
                {
                    bit = 8;
                    Stale = DigestText.EqualsIgnoreCase(v, "true");
                }
                else if (reader.NameIs("algorithm"))
                {
                    bit = 16;
                    AlgorithmName = v;
                    Algorithm = ParseAlgorithm(v);
                }
                else if (reader.NameIs("qop"))
                {
                    bit = 32;
                    ParseQop(v);
                }
                else if (reader.NameIs("charset"))
                {
                    bit = 64;
                    CharsetUtf8 = DigestText.EqualsIgnoreCase(v, "utf-8");
                }
                else if (reader.NameIs("userhash"))
                {
                    bit = 128;
                    Userhash = DigestText.EqualsIgnoreCase(v, "true");
                }
                else if (reader.NameIs("domain"))
                {
                    bit = 256;
                    Domain = v;
                }
                else
                {
                    IgnoredParameters++;
                    continue;
                }

                if ((seen & bit) != 0)
                {
                    return DigestError.DuplicateParameter;
                }

                seen |= bit;
            }

            return reader.Error;
        }

        DigestError Validate()
        {
            if (Realm == null)
            {
                return DigestError.MissingRealm;
            }

            if (Nonce == null || Nonce.Length == 0)
            {
                return DigestError.MissingNonce;
            }

            if (Algorithm == DigestAlgorithm.Unsupported)
            {
                return DigestError.UnsupportedAlgorithm;
            }

            if (HasQop && !QopAuth)
            {
                return QopAuthInt ? DigestError.AuthIntOnly : DigestError.UnsupportedQop;
            }

            return DigestError.Ok;
        }

        /// <summary>The algorithm named by an RFC 7616 §3.3 / RFC 8760 token, ignoring case; Unsupported otherwise.</summary>
        public static DigestAlgorithm ParseAlgorithm(string token)
        {
            if (DigestText.EqualsIgnoreCase(token, "md5"))
            {
                return DigestAlgorithm.Md5;
            }

            if (DigestText.EqualsIgnoreCase(token, "md5-sess"))
            {
                return DigestAlgorithm.Md5Sess;
            }

            if (DigestText.EqualsIgnoreCase(token, "sha-256"))
            {
                return DigestAlgorithm.Sha256;
            }

            if (DigestText.EqualsIgnoreCase(token, "sha-256-sess"))
            {
                return DigestAlgorithm.Sha256Sess;
            }

            return DigestAlgorithm.Unsupported;
        }

        /// <summary>The token sent back in algorithm= (RFC 7616 §3.4).</summary>
        public static string AlgorithmToken(DigestAlgorithm algorithm)
        {
            switch (algorithm)
            {
                case DigestAlgorithm.Md5: return "MD5";
                case DigestAlgorithm.Md5Sess: return "MD5-sess";
                case DigestAlgorithm.Sha256: return "SHA-256";
                case DigestAlgorithm.Sha256Sess: return "SHA-256-sess";
                default: return "unsupported";
            }
        }

        // qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT (RFC 3261 §25.1; RFC 7616 §3.3).
        void ParseQop(string list)
        {
            HasQop = true;
            int i = 0;
            while (i <= list.Length)
            {
                int comma = list.IndexOf(',', i);
                int end = comma < 0 ? list.Length : comma;
                int s = i;
                int e = end;
                while (s < e && DigestText.IsWhite(list[s]))
                {
                    s++;
                }

                while (e > s && DigestText.IsWhite(list[e - 1]))
                {
                    e--;
                }

                if (e - s == 4 && DigestText.EqualsIgnoreCase(list.Substring(s, 4), "auth"))
                {
                    QopAuth = true;
                }
                else if (e - s == 8 && DigestText.EqualsIgnoreCase(list.Substring(s, 8), "auth-int"))
                {
                    QopAuthInt = true;
                }

                if (comma < 0)
                {
                    break;
                }

                i = comma + 1;
            }
        }

        /// <summary>Scheme, realm, algorithm and state; the nonce is left out of logs.</summary>
        public override string ToString()
        {
            return (Scheme == null ? "?" : Scheme) + " realm=\"" + (Realm == null ? string.Empty : Realm) + "\" algorithm="
                + AlgorithmToken(Algorithm) + (Stale ? " stale" : string.Empty) + " error=" + DigestErrorText.Describe(Error);
        }
    }
}
