using System.Text;
using Phone.Crypto;

namespace Phone.Sip
{
    /// <summary>
    /// The digest state for one realm at one server (registrar or proxy): the nonce in use and its nonce-count,
    /// so REGISTER refreshes and later requests reuse the nonce with nc incremented (RFC 7616 §3.4, RFC 3261 §22.3).
    /// Built by <see cref="DigestAuthenticator"/>. ToString shows no secrets.
    /// </summary>
    public sealed class DigestSession
    {
        /// <summary>Consecutive stale=true challenges tolerated before giving up.</summary>
        public const int MaxStaleRetries = 3;

        readonly DigestCalculator _calculator;
        readonly IEntropySource _entropy;
        int _staleCount;
        int _freshNonceRejections;

        internal DigestSession(DigestCalculator calculator, IEntropySource entropy, string realm, bool proxy)
        {
            _calculator = calculator;
            _entropy = entropy;
            Realm = realm;
            IsProxy = proxy;
            CnonceLength = 16;
        }

        /// <summary>The realm this state answers.</summary>
        public string Realm { get; private set; }

        /// <summary>True for a 407 Proxy-Authenticate challenge (answered in Proxy-Authorization).</summary>
        public bool IsProxy { get; private set; }

        /// <summary>"Authorization" or "Proxy-Authorization" (RFC 3261 §22.2, §22.3).</summary>
        public string HeaderName
        {
            get { return IsProxy ? "Proxy-Authorization" : "Authorization"; }
        }

        /// <summary>The algorithm of the adopted challenge.</summary>
        public DigestAlgorithm Algorithm { get; private set; }

        /// <summary>The nonce in use.</summary>
        public string Nonce { get; private set; }

        /// <summary>The nonce-count used by the last <see cref="Authorize"/> (0 before the first).</summary>
        public int NonceCount { get; private set; }

        /// <summary>True when answering with qop=auth; false in RFC 2069 compatibility mode.</summary>
        public bool UsesQop { get; private set; }

        /// <summary>Random bytes per cnonce (hex-encoded, so twice as many characters); at least 4.</summary>
        public int CnonceLength { get; set; }

        /// <summary>The credentials answering this realm.</summary>
        public DigestCredentials Credentials { get; private set; }

        internal string Opaque;
        internal bool Userhash;
        internal bool SentWithNonce;

        internal void Adopt(DigestChallenge c, DigestCredentials credentials)
        {
            Algorithm = c.Algorithm;
            Nonce = c.Nonce;
            Opaque = c.Opaque;
            Userhash = c.Userhash;
            UsesQop = c.QopAuth;
            Credentials = credentials;
            NonceCount = 0;
            SentWithNonce = false;
        }

        // RFC 7616 §3.3 stale / RFC 3261 §22.1: decides whether a new challenge for this realm is worth a retry.
        internal DigestError OnChallenge(DigestChallenge c, DigestCredentials credentials)
        {
            if (c.Stale)
            {
                // The credentials were right; only the nonce expired. Not a failure, but do not loop forever.
                if (++_staleCount > MaxStaleRetries)
                {
                    return DigestError.TooManyChallenges;
                }

                Adopt(c, credentials);
                return DigestError.Ok;
            }

            if (SentWithNonce)
            {
                // Our response with this nonce was refused: the same nonce again means a wrong password.
                if (c.Nonce == Nonce)
                {
                    return DigestError.CredentialsRejected;
                }

                // A fresh nonce (expired nonce from a server that omits stale, or a refresh): one retry, not a loop.
                if (++_freshNonceRejections > 1)
                {
                    return DigestError.CredentialsRejected;
                }
            }

            Adopt(c, credentials);
            return DigestError.Ok;
        }

        internal void OnAccepted()
        {
            _staleCount = 0;
            _freshNonceRejections = 0;
        }

        /// <summary>
        /// The next Authorization / Proxy-Authorization value for <paramref name="method"/> and
        /// <paramref name="uri"/> (RFC 3261 §22.4: digest-uri is the Request-URI), with a fresh cnonce from the
        /// entropy source and the nonce-count incremented.
        /// </summary>
        public string Authorize(string method, string uri)
        {
            string cnonce = null;
            if (UsesQop || Algorithm == DigestAlgorithm.Md5Sess || Algorithm == DigestAlgorithm.Sha256Sess)
            {
                int n = CnonceLength < 4 ? 4 : CnonceLength;
                byte[] random = new byte[n];
                _entropy.GetBytes(random, 0, n);
                cnonce = HexText.ToLower(random, 0, n);
            }

            return AuthorizeWithCnonce(method, uri, cnonce);
        }

        /// <summary>As <see cref="Authorize"/> with a caller-chosen cnonce (RFC 7616 §3.4: chosen by the client).</summary>
        public string AuthorizeWithCnonce(string method, string uri, string cnonce)
        {
            NonceCount++;
            SentWithNonce = true;
            string nc = FormatNonceCount(NonceCount);
            string qop = UsesQop ? "auth" : null;
            DigestCredentials cred = Credentials;
            string response = _calculator.Response(Algorithm, cred.Username, Realm, cred.Password, Nonce, nc, cnonce, qop, method, uri);

            // RFC 7616 §3.4: quoted username, realm, uri, nonce, cnonce, response, opaque; unquoted algorithm, nc, qop, userhash.
            StringBuilder sb = new StringBuilder(256);
            sb.Append("Digest username=");
            DigestText.AppendQuoted(sb, Userhash ? _calculator.UserHash(Algorithm, cred.Username, Realm) : cred.Username);
            sb.Append(", realm=");
            DigestText.AppendQuoted(sb, Realm);
            sb.Append(", uri=");
            DigestText.AppendQuoted(sb, uri);
            sb.Append(", algorithm=");
            sb.Append(DigestChallenge.AlgorithmToken(Algorithm));
            sb.Append(", nonce=");
            DigestText.AppendQuoted(sb, Nonce);
            if (qop != null)
            {
                sb.Append(", nc=");
                sb.Append(nc);
            }

            if (cnonce != null)
            {
                sb.Append(", cnonce=");
                DigestText.AppendQuoted(sb, cnonce);
            }

            if (qop != null)
            {
                sb.Append(", qop=");
                sb.Append(qop);
            }

            sb.Append(", response=");
            DigestText.AppendQuoted(sb, response);
            if (Opaque != null)
            {
                sb.Append(", opaque=");
                DigestText.AppendQuoted(sb, Opaque);
            }

            if (Userhash)
            {
                sb.Append(", userhash=true");
            }

            return sb.ToString();
        }

        /// <summary>nc-value: 8 lower-case hex digits (RFC 7616 §3.4, RFC 2617 §3.2.2).</summary>
        public static string FormatNonceCount(int count)
        {
            const string digits = "0123456789abcdef";
            char[] c = new char[8];
            uint v = (uint)count;
            for (int i = 7; i >= 0; i--)
            {
                c[i] = digits[(int)(v & 0xF)];
                v >>= 4;
            }

            return new string(c);
        }

        /// <summary>Realm, algorithm, header and nonce-count; no password, HA1 or response.</summary>
        public override string ToString()
        {
            return HeaderName + " realm=\"" + Realm + "\" algorithm=" + DigestChallenge.AlgorithmToken(Algorithm) + " nc=" + NonceCount.ToString();
        }
    }
}
