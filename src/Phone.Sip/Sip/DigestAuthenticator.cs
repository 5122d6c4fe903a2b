using System.Collections;
using Phone.Crypto;

namespace Phone.Sip
{
    /// <summary>
    /// Client-side digest authentication for REGISTER and INVITE (RFC 3261 §22.2–22.4, RFC 7616, RFC 8760):
    /// takes the challenges of a 401/407, picks the strongest answerable one per realm (SHA-256 before MD5),
    /// matches credentials by realm or falls back to the default ones, and keeps one <see cref="DigestSession"/>
    /// per realm so later requests reuse the nonce with an incrementing nc. A repeated challenge after our
    /// answer is reported as <see cref="DigestError.CredentialsRejected"/> instead of looping;
    /// stale=true is retried without counting as a failure.
    /// </summary>
    public sealed class DigestAuthenticator
    {
        readonly IEntropySource _entropy;
        readonly DigestCalculator _calculator = new DigestCalculator();
        readonly ArrayList _credentials = new ArrayList();
        readonly ArrayList _sessions = new ArrayList();

        /// <summary>An authenticator drawing cnonces from <paramref name="entropy"/> (the hardware RNG on the device).</summary>
        public DigestAuthenticator(IEntropySource entropy)
        {
            _entropy = entropy;
            CnonceLength = 16;
        }

        /// <summary>Random bytes per cnonce for new sessions.</summary>
        public int CnonceLength { get; set; }

        /// <summary>
        /// Which realms, algorithms and qop may be answered (shared by registration and calls); null answers any
        /// realm the credentials match, as a bare RFC 7616 client would (used only by the algorithm tests).
        /// </summary>
        public DigestRealmPolicy Policy { get; set; }

        /// <summary>
        /// True for the registration: challenges to our REGISTER come from our registrar / outbound proxy, so their
        /// realms are taught to <see cref="Policy"/> before it is applied. False for every other request.
        /// </summary>
        public bool LearnsRealms { get; set; }

        /// <summary>Sessions currently held (one per realm and kind).</summary>
        public int SessionCount
        {
            get { return _sessions.Count; }
        }

        /// <summary>The session at <paramref name="index"/> (0 .. SessionCount-1), or null.</summary>
        public DigestSession GetSession(int index)
        {
            if (index < 0 || index >= _sessions.Count)
            {
                return null;
            }

            return (DigestSession)_sessions[index];
        }

        /// <summary>The session for <paramref name="realm"/> and kind, or null.</summary>
        public DigestSession FindSession(string realm, bool proxy)
        {
            for (int i = 0; i < _sessions.Count; i++)
            {
                DigestSession s = (DigestSession)_sessions[i];
                if (s.IsProxy == proxy && s.Realm == realm)
                {
                    return s;
                }
            }

            return null;
        }

        /// <summary>Adds credentials, replacing any for the same realm (null realm: the default, RFC 3261 §22.2).</summary>
        public void AddCredentials(DigestCredentials credentials)
        {
            if (credentials == null)
            {
                return;
            }

            for (int i = 0; i < _credentials.Count; i++)
            {
                if (((DigestCredentials)_credentials[i]).Realm == credentials.Realm)
                {
                    _credentials[i] = credentials;
                    return;
                }
            }

            _credentials.Add(credentials);
        }

        /// <summary>Credentials whose realm equals <paramref name="realm"/>, else the default ones, else null.</summary>
        public DigestCredentials FindCredentials(string realm)
        {
            DigestCredentials fallback = null;
            for (int i = 0; i < _credentials.Count; i++)
            {
                DigestCredentials c = (DigestCredentials)_credentials[i];
                if (c.Realm == null)
                {
                    fallback = c;
                }
                else if (c.Realm == realm)
                {
                    return c;
                }
            }

            return fallback;
        }

        /// <summary>
        /// Takes every WWW-Authenticate (<paramref name="proxy"/> false, 401) or Proxy-Authenticate (true, 407)
        /// value of one response. Ok means the request should be sent again with <see cref="DigestSession.Authorize"/>
        /// of each session; otherwise the reason not to (the most specific one found).
        /// </summary>
        public DigestError OnChallenge(string[] headerValues, bool proxy)
        {
            if (headerValues == null)
            {
                return DigestError.Empty;
            }

            // Collect the best answerable challenge per realm (RFC 7616 §3.7: prefer the strongest algorithm).
            ArrayList best = new ArrayList();
            ArrayList all = new ArrayList();
            DigestError firstError = DigestError.Empty;
            for (int v = 0; v < headerValues.Length; v++)
            {
                string value = headerValues[v];
                int start = 0;
                int guard = 0;
                while (start >= 0 && guard++ < 16)
                {
                    DigestChallenge c = DigestChallenge.Parse(value, start);
                    start = c.NextChallenge;
                    if (!c.IsUsable)
                    {
                        if (Rank(firstError) < Rank(c.Error))
                        {
                            firstError = c.Error;
                        }

                        continue;
                    }

                    if (Policy != null)
                    {
                        if (LearnsRealms)
                        {
                            Policy.Learn(c);
                        }

                        all.Add(c);
                        continue;
                    }

                    Consider(best, c);
                }
            }

            if (Policy != null)
            {
                // Learned first, so a SHA-256 offer anywhere in this response already rules out its MD5 siblings.
                for (int i = 0; i < all.Count; i++)
                {
                    DigestChallenge c = (DigestChallenge)all[i];
                    DigestError refusal = Policy.Check(c);
                    if (refusal != DigestError.Ok)
                    {
                        if (Rank(firstError) < Rank(refusal))
                        {
                            firstError = refusal;
                        }

                        continue;
                    }

                    Consider(best, c);
                }
            }

            if (best.Count == 0)
            {
                return firstError;
            }

            int answered = 0;
            for (int i = 0; i < best.Count; i++)
            {
                DigestChallenge c = (DigestChallenge)best[i];
                DigestCredentials cred = FindCredentials(c.Realm);
                if (cred == null)
                {
                    continue;
                }

                DigestSession s = FindSession(c.Realm, proxy);
                DigestError e;
                if (s == null)
                {
                    s = new DigestSession(_calculator, _entropy, c.Realm, proxy);
                    s.CnonceLength = CnonceLength;
                    s.Adopt(c, cred);
                    _sessions.Add(s);
                    e = DigestError.Ok;
                }
                else
                {
                    e = s.OnChallenge(c, cred);
                }

                if (e != DigestError.Ok)
                {
                    // Forget the refused state: a later attempt (e.g. after re-provisioning) starts clean.
                    _sessions.Remove(s);
                    return e;
                }

                answered++;
            }

            return answered > 0 ? DigestError.Ok : DigestError.NoCredentials;
        }

        // Keeps the strongest challenge per realm in best.
        static void Consider(ArrayList best, DigestChallenge c)
        {
            for (int i = 0; i < best.Count; i++)
            {
                if (((DigestChallenge)best[i]).Realm == c.Realm)
                {
                    if (Strength(c.Algorithm) > Strength(((DigestChallenge)best[i]).Algorithm))
                    {
                        best[i] = c;
                    }

                    return;
                }
            }

            best.Add(c);
        }

        /// <summary>A request carrying our credentials got a non-401/407 final response: rejection counters restart.</summary>
        public void OnAccepted()
        {
            for (int i = 0; i < _sessions.Count; i++)
            {
                ((DigestSession)_sessions[i]).OnAccepted();
            }
        }

        /// <summary>Forgets all sessions (nonces); credentials stay.</summary>
        public void ClearSessions()
        {
            _sessions.Clear();
        }

        // RFC 7616 §3.7 / RFC 8760 §2.4: SHA-256 is preferred over MD5.
        static int Strength(DigestAlgorithm a)
        {
            switch (a)
            {
                case DigestAlgorithm.Sha256: return 4;
                case DigestAlgorithm.Sha256Sess: return 3;
                case DigestAlgorithm.Md5: return 2;
                case DigestAlgorithm.Md5Sess: return 1;
                default: return 0;
            }
        }

        // Which parse failure explains best why nothing could be answered: a Digest-specific reason beats "not Digest" or "empty".
        static int Rank(DigestError e)
        {
            switch (e)
            {
                case DigestError.Empty: return 0;
                case DigestError.NotDigest: return 1;
                case DigestError.ForeignRealm:
                case DigestError.Downgrade:
                case DigestError.QopRequired: return 3;
                default: return 2;
            }
        }
    }
}
