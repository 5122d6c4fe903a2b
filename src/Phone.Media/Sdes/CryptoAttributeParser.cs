using Phone.Srtp;

namespace Phone.Sdes
{
    /// <summary>
    /// Parses one SDES attribute line <c>a=crypto:&lt;tag&gt; &lt;crypto-suite&gt; &lt;key-params&gt; [&lt;session-params&gt;]</c>
    /// (RFC 4568 §9.1, SRTP specifics §6 and §9.2). Never throws: every failure is an <see cref="SdesError"/>.
    /// A malformed part wins over an unsupported one; among unsupported parts the first one found is reported.
    /// The "a=" prefix is optional; trailing CR/LF and whitespace are ignored.
    /// </summary>
    public static class CryptoAttributeParser
    {
        /// <summary>Longest line accepted, bounding the work per line.</summary>
        public const int MaxLineLength = 2048;

        /// <summary>Largest replay window the SRTP core supports; a larger WSH is clamped to it when building a policy.</summary>
        public const int MaxWindowSize = 1024;

        /// <summary>Smallest window RFC 4568 §6.3.7 / RFC 3711 §3.3.2 allow.</summary>
        public const int MinWindowSize = 64;

        const string Prefix = "a=crypto:";
        const string BarePrefix = "crypto:";
        const string Inline = "inline:";

        /// <summary>Parses a line; see <see cref="CryptoAttributeResult"/>.</summary>
        public static CryptoAttributeResult Parse(string line)
        {
            if (line == null || line.Length == 0 || line.Length > MaxLineLength)
            {
                return Fail(SdesError.EmptyOrTooLong, 0, null);
            }

            int end = line.Length;
            while (end > 0 && IsSpaceOrNewline(line[end - 1]))
            {
                end--;
            }

            int p;
            if (StartsWith(line, 0, end, Prefix))
            {
                p = Prefix.Length;
            }
            else if (StartsWith(line, 0, end, BarePrefix))
            {
                p = BarePrefix.Length;
            }
            else
            {
                return Fail(SdesError.NotCryptoAttribute, 0, null);
            }

            // tag = 1*9DIGIT (RFC 4568 §9.1), followed by 1*WSP.
            int tagStart = p;
            long tagValue = 0;
            while (p < end && IsDigit(line[p]) && p - tagStart < 10)
            {
                tagValue = tagValue * 10 + (line[p] - '0');
                p++;
            }

            int tagDigits = p - tagStart;
            if (tagDigits == 0 || tagDigits > 9 || tagValue < CryptoAttribute.MinTag || (p < end && !IsWsp(line[p])))
            {
                return Fail(SdesError.BadTag, 0, null);
            }

            int tag = (int)tagValue;
            p = SkipWsp(line, p, end);

            // crypto-suite = 1*(ALPHA / DIGIT / "_") (RFC 4568 §9.1).
            int suiteStart = p;
            while (p < end && !IsWsp(line[p]))
            {
                if (!IsSuiteChar(line[p]))
                {
                    return Fail(SdesError.BadSuite, tag, null);
                }

                p++;
            }

            if (p == suiteStart)
            {
                return Fail(SdesError.BadSuite, tag, null);
            }

            string suiteName = line.Substring(suiteStart, p - suiteStart);
            SrtpSuite suite;
            if (!SdesSuiteNames.TryParse(suiteName, out suite))
            {
                // RFC 4568 §7.1.2: an unknown suite makes only this line unusable.
                return Fail(SdesError.UnsupportedSuite, tag, suiteName);
            }

            p = SkipWsp(line, p, end);
            if (p == end)
            {
                return Fail(SdesError.MissingKeyParams, tag, suiteName);
            }

            // key-params = key-param *(";" key-param) (RFC 4568 §9.1): no whitespace inside.
            int keysStart = p;
            while (p < end && !IsWsp(line[p]))
            {
                p++;
            }

            int keysEnd = p;
            int keyCount = 1;
            for (int i = keysStart; i < keysEnd; i++)
            {
                if (line[i] == ';')
                {
                    keyCount++;
                }
            }

            SdesError unsupported = SdesError.None;
            SdesKey[] keys = new SdesKey[keyCount];
            int segStart = keysStart;
            for (int k = 0; k < keyCount; k++)
            {
                int segEnd = Find(line, ';', segStart, keysEnd);
                if (segEnd < 0)
                {
                    segEnd = keysEnd;
                }

                SdesKey key;
                SdesError error = ParseKeyParam(line, segStart, segEnd, suite, out key);
                if (SdesErrorText.IsMalformed(error))
                {
                    ClearKeys(keys);
                    return Fail(error, tag, suiteName);
                }

                if (error != SdesError.None && unsupported == SdesError.None)
                {
                    unsupported = error;
                }

                keys[k] = key;
                segStart = segEnd + 1;
            }

            if (keyCount > 1 && unsupported == SdesError.None)
            {
                unsupported = SdesError.UnsupportedMultipleKeys;
            }

            CryptoAttribute attribute = new CryptoAttribute(tag, suite, keys);

            // session-params, each preceded by 1*WSP (RFC 4568 §9.1, §6.3).
            while (p < end)
            {
                p = SkipWsp(line, p, end);
                int s = p;
                while (p < end && !IsWsp(line[p]))
                {
                    p++;
                }

                SdesError error = ParseSessionParam(line, s, p, attribute);
                if (SdesErrorText.IsMalformed(error))
                {
                    ClearKeys(keys);
                    return Fail(error, tag, suiteName);
                }

                if (error != SdesError.None && unsupported == SdesError.None)
                {
                    unsupported = error;
                }
            }

            if (unsupported != SdesError.None)
            {
                ClearKeys(keys);
                return Fail(unsupported, tag, suiteName);
            }

            return new CryptoAttributeResult(SdesError.None, tag, suiteName, attribute);
        }

        // key-param = "inline:" key-salt ["|" lifetime] ["|" mki] (RFC 4568 §9.2) in line[s .. e).
        static SdesError ParseKeyParam(string line, int s, int e, SrtpSuite suite, out SdesKey key)
        {
            key = null;
            if (!StartsWith(line, s, e, Inline))
            {
                return SdesError.MissingInline;
            }

            int keyStart = s + Inline.Length;
            int keyEnd = Find(line, '|', keyStart, e);
            if (keyEnd < 0)
            {
                keyEnd = e;
            }

            if (keyEnd == keyStart)
            {
                return SdesError.BadBase64;
            }

            byte[] keySalt = SdesBase64.Decode(line, keyStart, keyEnd - keyStart);
            if (keySalt == null)
            {
                return SdesError.BadBase64;
            }

            // RFC 4568 §6.2.1/§6.2.2: 128-bit key + 112-bit salt; RFC 6188 §7.1: 256-bit key + 112-bit salt.
            int keyLength = SrtpPolicy.MasterKeyLength(suite);
            if (keySalt.Length != keyLength + SrtpPolicy.MasterSaltLength)
            {
                System.Array.Clear(keySalt, 0, keySalt.Length);
                return SdesError.WrongKeyLength;
            }

            long lifetime = SdesKey.NoLifetime;
            long mkiValue = 0;
            int mkiLength = 0;
            bool sawMki = false;
            SdesError unsupported = SdesError.None;
            int q = keyEnd;
            while (q < e)
            {
                int ps = q + 1;
                int pe = Find(line, '|', ps, e);
                if (pe < 0)
                {
                    pe = e;
                }

                if (sawMki)
                {
                    // RFC 4568 §9.2: the MKI is the last field.
                    System.Array.Clear(keySalt, 0, keySalt.Length);
                    return SdesError.BadMki;
                }

                SdesError error;
                if (Find(line, ':', ps, pe) >= 0)
                {
                    sawMki = true;
                    error = ParseMki(line, ps, pe, out mkiValue, out mkiLength);
                }
                else if (lifetime != SdesKey.NoLifetime)
                {
                    error = SdesError.BadLifetime;
                }
                else
                {
                    error = ParseLifetime(line, ps, pe, out lifetime);
                }

                if (SdesErrorText.IsMalformed(error))
                {
                    System.Array.Clear(keySalt, 0, keySalt.Length);
                    return error;
                }

                if (error != SdesError.None)
                {
                    unsupported = error;
                }

                q = pe;
            }

            byte[] masterKey = new byte[keyLength];
            byte[] masterSalt = new byte[SrtpPolicy.MasterSaltLength];
            System.Array.Copy(keySalt, 0, masterKey, 0, keyLength);
            System.Array.Copy(keySalt, keyLength, masterSalt, 0, SrtpPolicy.MasterSaltLength);
            System.Array.Clear(keySalt, 0, keySalt.Length);
            key = new SdesKey(masterKey, masterSalt, lifetime, mkiValue, mkiLength);
            return unsupported;
        }

        // lifetime = ["2^"] 1*(DIGIT) (RFC 4568 §9.2); at most 2^48 for the AES-CM suites (RFC 4568 §6.2.1).
        static SdesError ParseLifetime(string line, int s, int e, out long lifetime)
        {
            lifetime = SdesKey.NoLifetime;
            if (StartsWith(line, s, e, "2^"))
            {
                long n;
                if (!ParseDecimal(line, s + 2, e, 2, out n) || n > 48)
                {
                    return SdesError.BadLifetime;
                }

                lifetime = 1L << (int)n;
                return SdesError.None;
            }

            long value;
            if (!ParseDecimal(line, s, e, 15, out value) || value < 1 || value > SdesKey.MaxLifetime)
            {
                return SdesError.BadLifetime;
            }

            lifetime = value;
            return SdesError.None;
        }

        // mki = mki-value ":" mki-length; mki-value = 1*DIGIT; mki-length = 1*3DIGIT, 1..128 (RFC 4568 §9.2).
        static SdesError ParseMki(string line, int s, int e, out long value, out int length)
        {
            value = 0;
            length = 0;
            int colon = Find(line, ':', s, e);
            long len;
            if (colon <= s || !ParseDecimal(line, colon + 1, e, 3, out len) || len < 1 || len > SdesKey.MaxMkiLength)
            {
                return SdesError.BadMki;
            }

            // The value must be digits and fit in mki-length bytes (RFC 4568 §6.1).
            long v = 0;
            bool overflow = false;
            for (int i = s; i < colon; i++)
            {
                char c = line[i];
                if (!IsDigit(c))
                {
                    return SdesError.BadMki;
                }

                if (!overflow)
                {
                    v = v * 10 + (c - '0');
                    if (v > 0xFFFFFFFFL)
                    {
                        overflow = true;
                    }
                }
            }

            if (len > SdesKey.MaxSupportedMkiLength)
            {
                return SdesError.UnsupportedMkiLength;
            }

            if (overflow || v >= (1L << (int)(8 * len)))
            {
                return SdesError.BadMki;
            }

            value = v;
            length = (int)len;
            return SdesError.None;
        }

        // One session parameter in line[s .. e) (RFC 4568 §6.3, §9.2).
        static SdesError ParseSessionParam(string line, int s, int e, CryptoAttribute a)
        {
            if (e == s)
            {
                return SdesError.BadSessionParam;
            }

            if (Is(line, s, e, "UNENCRYPTED_SRTP"))
            {
                if (a.UnencryptedSrtp)
                {
                    return SdesError.BadSessionParam;
                }

                a.UnencryptedSrtp = true;
                return SdesError.None;
            }

            if (Is(line, s, e, "UNENCRYPTED_SRTCP"))
            {
                if (a.UnencryptedSrtcp)
                {
                    return SdesError.BadSessionParam;
                }

                a.UnencryptedSrtcp = true;
                return SdesError.None;
            }

            if (Is(line, s, e, "UNAUTHENTICATED_SRTP"))
            {
                if (a.UnauthenticatedSrtp)
                {
                    return SdesError.BadSessionParam;
                }

                // RFC 4568 §6.3.2; RFC 3711 §9.5 warns against it: we never accept unauthenticated media.
                a.UnauthenticatedSrtp = true;
                return SdesError.UnsupportedUnauthenticated;
            }

            if (StartsWith(line, s, e, "KDR="))
            {
                // RFC 4568 §6.3.1: KDR=1*2DIGIT, 0..24 (the rate is 2^n).
                long n;
                if (a.Kdr != CryptoAttribute.Absent)
                {
                    return SdesError.BadSessionParam;
                }

                if (!ParseDecimal(line, s + 4, e, 2, out n) || n > 24)
                {
                    return SdesError.BadKdr;
                }

                a.Kdr = (int)n;
                return n == 0 ? SdesError.None : SdesError.UnsupportedKdr;
            }

            if (StartsWith(line, s, e, "WSH="))
            {
                // RFC 4568 §6.3.7: WSH=1*(DIGIT), minimum 64.
                long n;
                if (a.WindowSizeHint != CryptoAttribute.Absent)
                {
                    return SdesError.BadSessionParam;
                }

                if (!ParseDecimal(line, s + 4, e, 9, out n) || n < MinWindowSize)
                {
                    return SdesError.BadWsh;
                }

                a.WindowSizeHint = (int)n;
                return SdesError.None;
            }

            if (StartsWith(line, s, e, "FEC_ORDER="))
            {
                // RFC 4568 §6.3.5: FEC_SRTP / SRTP_FEC.
                if (a.FecOrder != null)
                {
                    return SdesError.BadSessionParam;
                }

                if (Is(line, s + 10, e, "FEC_SRTP"))
                {
                    a.FecOrder = "FEC_SRTP";
                    return SdesError.None;
                }

                if (Is(line, s + 10, e, "SRTP_FEC"))
                {
                    a.FecOrder = "SRTP_FEC";
                    return SdesError.None;
                }

                return SdesError.BadFecOrder;
            }

            if (StartsWith(line, s, e, "FEC_KEY="))
            {
                // RFC 4568 §6.3.6: a separate key for FEC packets; we implement no FEC.
                return e - s == 8 ? SdesError.BadSessionParam : SdesError.UnsupportedFecKey;
            }

            // RFC 4568 §6.3 / §9.2 srtp-session-extension: one marked with a leading "-" may be ignored;
            // any other unknown parameter makes the line unusable.
            if (line[s] == '-')
            {
                return e - s == 1 ? SdesError.BadSessionParam : SdesError.None;
            }

            return SdesError.UnsupportedSessionParam;
        }

        // 1..maxDigits decimal digits filling line[s .. e) exactly.
        static bool ParseDecimal(string line, int s, int e, int maxDigits, out long value)
        {
            value = 0;
            if (e <= s || e - s > maxDigits)
            {
                return false;
            }

            for (int i = s; i < e; i++)
            {
                char c = line[i];
                if (!IsDigit(c))
                {
                    value = 0;
                    return false;
                }

                value = value * 10 + (c - '0');
            }

            return true;
        }

        static CryptoAttributeResult Fail(SdesError error, int tag, string suiteName)
        {
            return new CryptoAttributeResult(error, tag, suiteName, null);
        }

        static void ClearKeys(SdesKey[] keys)
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] != null)
                {
                    keys[i].Clear();
                }
            }
        }

        // Index of the first c in line[s .. e), or -1.
        static int Find(string line, char c, int s, int e)
        {
            for (int i = s; i < e; i++)
            {
                if (line[i] == c)
                {
                    return i;
                }
            }

            return -1;
        }

        static int SkipWsp(string line, int p, int end)
        {
            while (p < end && IsWsp(line[p]))
            {
                p++;
            }

            return p;
        }

        // True if line[s .. e) begins with prefix (spelled out so no runtime edge rules of StartsWith/Substring matter).
        static bool StartsWith(string line, int s, int e, string prefix)
        {
            if (e - s < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (line[s + i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        // True if line[s .. e) is exactly word.
        static bool Is(string line, int s, int e, string word)
        {
            return e - s == word.Length && StartsWith(line, s, e, word);
        }

        static bool IsDigit(char c)
        {
            return c >= '0' && c <= '9';
        }

        // WSP = SP / HTAB (RFC 4234 §B.1).
        static bool IsWsp(char c)
        {
            return c == ' ' || c == '\t';
        }

        static bool IsSpaceOrNewline(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        static bool IsSuiteChar(char c)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_';
        }
    }
}
