using System.Collections;

namespace Phone.Sip
{
    /// <summary>
    /// Which digest challenges the phone may answer at all, shared by the registration and the call agent.
    /// The password is bound to the realms of our own service: the one configured in nf.config (sip.realm), or,
    /// without it, the realms the registrar / outbound proxy challenged our REGISTER with (learned). A challenge
    /// for any other realm is foreign and never answered, which closes the "SIP digest leak" (a peer answering
    /// our BYE with a 407 of its own to collect a crackable response). Once SHA-256 was offered for a realm
    /// (RFC 8760) an MD5-only challenge for it is a downgrade and refused; a challenge without qop=auth
    /// (RFC 2069 style) is refused unless nf.config sets sip.digest_legacy. No secrets are kept here.
    /// </summary>
    public sealed class DigestRealmPolicy
    {
        /// <summary>Most realms learned; further ones are refused.</summary>
        public const int MaxRealms = 4;

        readonly ArrayList _realms = new ArrayList();
        readonly ArrayList _sha256 = new ArrayList();

        /// <summary>A policy pinned to <paramref name="configuredRealm"/> (null or empty: learn from the registrar).</summary>
        public DigestRealmPolicy(string configuredRealm, bool allowLegacy)
        {
            ConfiguredRealm = configuredRealm == null || configuredRealm.Length == 0 ? null : configuredRealm;
            AllowLegacy = allowLegacy;
        }

        /// <summary>The policy of an nf.config [sip] section: sip.realm and sip.digest_legacy.</summary>
        public static DigestRealmPolicy FromSettings(SipSettings sip)
        {
            return sip == null ? new DigestRealmPolicy(null, false) : new DigestRealmPolicy(sip.Realm, sip.DigestLegacy);
        }

        /// <summary>sip.realm, or null when the realm is learned from the registrar.</summary>
        public string ConfiguredRealm { get; private set; }

        /// <summary>sip.digest_legacy: RFC 2069-style answers (no qop) are allowed. Less secure.</summary>
        public bool AllowLegacy { get; private set; }

        /// <summary>Realms learned from the registrar's challenges (the configured realm is not counted).</summary>
        public int LearnedCount
        {
            get { return _realms.Count; }
        }

        /// <summary>The learned realm at <paramref name="index"/>, or null.</summary>
        public string LearnedAt(int index)
        {
            return index < 0 || index >= _realms.Count ? null : (string)_realms[index];
        }

        /// <summary>True when challenges for <paramref name="realm"/> may be answered.</summary>
        public bool IsTrusted(string realm)
        {
            if (realm == null)
            {
                return false;
            }

            if (ConfiguredRealm != null)
            {
                return realm == ConfiguredRealm;
            }

            return _realms.IndexOf(realm) >= 0;
        }

        /// <summary>True once SHA-256 or SHA-256-sess was offered for <paramref name="realm"/>.</summary>
        public bool OffersSha256(string realm)
        {
            return realm != null && _sha256.IndexOf(realm) >= 0;
        }

        /// <summary>
        /// A usable challenge from our registrar or outbound proxy to our REGISTER: its realm becomes trusted
        /// (unless sip.realm pins another one), and a SHA-256 offer is remembered for the downgrade rule.
        /// </summary>
        public void Learn(DigestChallenge c)
        {
            if (c == null || !c.IsUsable || c.Realm == null)
            {
                return;
            }

            if (ConfiguredRealm != null && c.Realm != ConfiguredRealm)
            {
                return;
            }

            if (ConfiguredRealm == null && _realms.IndexOf(c.Realm) < 0 && _realms.Count < MaxRealms)
            {
                _realms.Add(c.Realm);
            }

            if ((c.Algorithm == DigestAlgorithm.Sha256 || c.Algorithm == DigestAlgorithm.Sha256Sess) && _sha256.IndexOf(c.Realm) < 0 &&
                _sha256.Count < MaxRealms)
            {
                _sha256.Add(c.Realm);
            }
        }

        /// <summary>Ok when <paramref name="c"/> (a usable challenge) may be answered, else why not.</summary>
        public DigestError Check(DigestChallenge c)
        {
            if (!IsTrusted(c.Realm))
            {
                return DigestError.ForeignRealm;
            }

            if ((c.Algorithm == DigestAlgorithm.Md5 || c.Algorithm == DigestAlgorithm.Md5Sess) && OffersSha256(c.Realm))
            {
                return DigestError.Downgrade;
            }

            if (!c.QopAuth && !AllowLegacy)
            {
                return DigestError.QopRequired;
            }

            return DigestError.Ok;
        }

        /// <summary>Forgets the learned realms and SHA-256 offers (e.g. after re-provisioning).</summary>
        public void Clear()
        {
            _realms.Clear();
            _sha256.Clear();
        }

        /// <summary>True for the refusals this policy makes (foreign realm, downgrade, missing qop).</summary>
        public static bool IsPolicyRefusal(DigestError e)
        {
            return e == DigestError.ForeignRealm || e == DigestError.Downgrade || e == DigestError.QopRequired;
        }
    }
}
