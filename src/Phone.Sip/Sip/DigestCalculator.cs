using System.Text;
using Phone.Crypto;

namespace Phone.Sip
{
    /// <summary>
    /// The digest response computation of RFC 7616 §3.4.1–3.4.3 (RFC 2617 §3.2.2; RFC 3261 §22.4 for SIP),
    /// qop=auth or no qop (RFC 2069 compatibility, RFC 2617 §3.2.2.1). Reuses one MD5 and one SHA-256 instance
    /// and one scratch buffer, which is wiped after the password has passed through it.
    /// </summary>
    public sealed class DigestCalculator
    {
        static readonly byte[] Colon = { (byte)':' };

        readonly Md5 _md5 = new Md5();
        readonly Sha256 _sha256 = new Sha256();
        readonly byte[] _digest = new byte[Sha256.DigestLength];
        byte[] _scratch = new byte[96];

        /// <summary>
        /// response for qop=auth (<paramref name="qop"/> "auth") or, with <paramref name="qop"/> null, the
        /// RFC 2069 form H(HA1 ":" nonce ":" HA2). <paramref name="cnonce"/> is needed for qop and -sess.
        /// Returns null for an unsupported algorithm.
        /// </summary>
        public string Response(DigestAlgorithm algorithm, string username, string realm, string password, string nonce,
            string nc, string cnonce, string qop, string method, string uri)
        {
            IHashFunction h = HashFor(algorithm);
            if (h == null)
            {
                return null;
            }

            // RFC 7616 §3.4.2: A1 = unq(username) ":" unq(realm) ":" passwd.
            h.Reset();
            Feed(h, username);
            h.Update(Colon, 0, 1);
            Feed(h, realm);
            h.Update(Colon, 0, 1);
            Feed(h, password);
            System.Array.Clear(_scratch, 0, _scratch.Length);
            string ha1 = FinishHex(h);
            if (algorithm == DigestAlgorithm.Md5Sess || algorithm == DigestAlgorithm.Sha256Sess)
            {
                // -sess: A1 = H(unq(username) ":" unq(realm) ":" passwd) ":" unq(nonce-prime) ":" unq(cnonce-prime).
                Feed(h, ha1);
                h.Update(Colon, 0, 1);
                Feed(h, nonce);
                h.Update(Colon, 0, 1);
                Feed(h, cnonce);
                ha1 = FinishHex(h);
            }

            // RFC 7616 §3.4.3: A2 = Method ":" request-uri (qop=auth or absent).
            Feed(h, method);
            h.Update(Colon, 0, 1);
            Feed(h, uri);
            string ha2 = FinishHex(h);

            // RFC 7616 §3.4.1: response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2));
            // RFC 2617 §3.2.2.1 without qop: KD(H(A1), nonce ":" H(A2)).
            Feed(h, ha1);
            h.Update(Colon, 0, 1);
            Feed(h, nonce);
            h.Update(Colon, 0, 1);
            if (qop != null)
            {
                Feed(h, nc);
                h.Update(Colon, 0, 1);
                Feed(h, cnonce);
                h.Update(Colon, 0, 1);
                Feed(h, qop);
                h.Update(Colon, 0, 1);
            }

            Feed(h, ha2);
            return FinishHex(h);
        }

        /// <summary>userhash (RFC 7616 §3.4.4): H(unq(username) ":" unq(realm)) in hex; null for an unsupported algorithm.</summary>
        public string UserHash(DigestAlgorithm algorithm, string username, string realm)
        {
            IHashFunction h = HashFor(algorithm);
            if (h == null)
            {
                return null;
            }

            h.Reset();
            Feed(h, username);
            h.Update(Colon, 0, 1);
            Feed(h, realm);
            return FinishHex(h);
        }

        IHashFunction HashFor(DigestAlgorithm algorithm)
        {
            switch (algorithm)
            {
                case DigestAlgorithm.Md5:
                case DigestAlgorithm.Md5Sess:
                    return _md5;
                case DigestAlgorithm.Sha256:
                case DigestAlgorithm.Sha256Sess:
                    return _sha256;
                default:
                    return null;
            }
        }

        string FinishHex(IHashFunction h)
        {
            int n = h.DigestSize;
            h.Finish(_digest, 0);
            string hex = HexText.ToLower(_digest, 0, n);
            System.Array.Clear(_digest, 0, n);
            return hex;
        }

        // UTF-8 bytes of s (RFC 7616 §3.4.1: strings are hashed as UTF-8 when charset=UTF-8; ASCII otherwise).
        void Feed(IHashFunction h, string s)
        {
            if (s == null || s.Length == 0)
            {
                return;
            }

            int max = s.Length * 3;
            if (_scratch.Length < max)
            {
                System.Array.Clear(_scratch, 0, _scratch.Length);
                _scratch = new byte[max];
            }

            int n = Encoding.UTF8.GetBytes(s, 0, s.Length, _scratch, 0);
            h.Update(_scratch, 0, n);
        }
    }
}
