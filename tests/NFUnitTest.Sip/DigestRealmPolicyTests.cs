using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// DigestRealmPolicy with DigestAuthenticator, as SipRegistration (LearnsRealms) and SipCallAgent use them: which
    /// realms, algorithms and qop may be answered (digest leak, RFC 8760 downgrade, RFC 2069 legacy).
    /// </summary>
    [TestClass]
    public class DigestRealmPolicyTests
    {
        private const string RegistrarMd5 = "Digest realm=\"example.com\", nonce=\"r1\", qop=\"auth\", algorithm=MD5";
        private const string RegistrarSha = "Digest realm=\"example.com\", nonce=\"r2\", qop=\"auth\", algorithm=SHA-256";

        private static DigestAuthenticator Auth(DigestRealmPolicy policy, bool learns)
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 3));
            a.AddCredentials(new DigestCredentials("1001", "secret-pw", null));
            a.Policy = policy;
            a.LearnsRealms = learns;
            return a;
        }

        [TestMethod]
        public void RegistrarChallengeTeachesItsRealm()
        {
            DigestRealmPolicy p = new DigestRealmPolicy(null, false);
            Assert.IsFalse(p.IsTrusted("example.com"));
            Assert.AreEqual((int)DigestError.Ok, (int)Auth(p, true).OnChallenge(new string[] { RegistrarMd5 }, false));
            Assert.IsTrue(p.IsTrusted("example.com"));
            Assert.AreEqual(1, p.LearnedCount);
            Assert.AreEqual("example.com", p.LearnedAt(0));
            Assert.IsFalse(p.IsTrusted("anything"));
        }

        [TestMethod]
        public void ForeignRealmIsRefusedOutsideRegistration()
        {
            DigestRealmPolicy p = new DigestRealmPolicy(null, false);
            Auth(p, true).OnChallenge(new string[] { RegistrarMd5 }, false);
            DigestAuthenticator call = Auth(p, false);
            Assert.AreEqual((int)DigestError.ForeignRealm,
                (int)call.OnChallenge(new string[] { "Digest realm=\"anything\", nonce=\"0000\", qop=\"auth\", algorithm=MD5" }, true));
            Assert.AreEqual(0, call.SessionCount);
            Assert.IsFalse(p.IsTrusted("anything"));
        }

        [TestMethod]
        public void NothingIsTrustedBeforeRegisteringUnlessConfigured()
        {
            DigestAuthenticator call = Auth(new DigestRealmPolicy(null, false), false);
            Assert.AreEqual((int)DigestError.ForeignRealm, (int)call.OnChallenge(new string[] { RegistrarMd5 }, true));
            DigestAuthenticator configured = Auth(new DigestRealmPolicy("example.com", false), false);
            Assert.AreEqual((int)DigestError.Ok, (int)configured.OnChallenge(new string[] { RegistrarMd5 }, true));
        }

        [TestMethod]
        public void ConfiguredRealmPinsTheRegistrarToo()
        {
            DigestRealmPolicy p = new DigestRealmPolicy("corp.example", false);
            Assert.AreEqual((int)DigestError.ForeignRealm, (int)Auth(p, true).OnChallenge(new string[] { RegistrarMd5 }, false));
            Assert.AreEqual(0, p.LearnedCount);
            Assert.IsFalse(p.IsTrusted("example.com"));
        }

        [TestMethod]
        public void Md5AfterSha256IsADowngrade()
        {
            DigestRealmPolicy p = new DigestRealmPolicy(null, false);
            DigestAuthenticator reg = Auth(p, true);
            Assert.AreEqual((int)DigestError.Ok, (int)reg.OnChallenge(new string[] { RegistrarSha, RegistrarMd5 }, false));
            Assert.AreEqual((int)DigestAlgorithm.Sha256, (int)reg.GetSession(0).Algorithm);
            Assert.IsTrue(p.OffersSha256("example.com"));
            // Later, MD5 alone for the same realm: refused, by the registrar's own authenticator and by calls.
            Assert.AreEqual((int)DigestError.Downgrade,
                (int)Auth(p, false).OnChallenge(new string[] { "Digest realm=\"example.com\", nonce=\"x\", qop=\"auth\", algorithm=MD5-sess" }, true));
            Assert.AreEqual((int)DigestError.Downgrade, (int)reg.OnChallenge(new string[] { RegistrarMd5 }, false));
        }

        [TestMethod]
        public void NoQopIsRefusedUnlessLegacy()
        {
            string noQop = "Digest realm=\"example.com\", nonce=\"n\", algorithm=MD5";
            Assert.AreEqual((int)DigestError.QopRequired, (int)Auth(new DigestRealmPolicy("example.com", false), false).OnChallenge(new string[] { noQop }, true));
            DigestAuthenticator legacy = Auth(new DigestRealmPolicy("example.com", true), false);
            Assert.AreEqual((int)DigestError.Ok, (int)legacy.OnChallenge(new string[] { noQop }, true));
            Assert.IsFalse(legacy.GetSession(0).UsesQop);
        }

        [TestMethod]
        public void GoodChallengeIsAnsweredBesideAForeignOne()
        {
            DigestRealmPolicy p = new DigestRealmPolicy("example.com", false);
            DigestAuthenticator a = Auth(p, false);
            Assert.AreEqual((int)DigestError.Ok,
                (int)a.OnChallenge(new string[] { "Digest realm=\"anything\", nonce=\"0000\"", RegistrarMd5 }, true));
            Assert.AreEqual(1, a.SessionCount);
            Assert.AreEqual("example.com", a.GetSession(0).Realm);
        }

        [TestMethod]
        public void RefusalsHaveTextWithoutSecrets()
        {
            Assert.IsTrue(DigestRealmPolicy.IsPolicyRefusal(DigestError.ForeignRealm));
            Assert.IsTrue(DigestRealmPolicy.IsPolicyRefusal(DigestError.Downgrade));
            Assert.IsTrue(DigestRealmPolicy.IsPolicyRefusal(DigestError.QopRequired));
            Assert.IsFalse(DigestRealmPolicy.IsPolicyRefusal(DigestError.CredentialsRejected));
            Assert.Contains("realm", DigestErrorText.Describe(DigestError.ForeignRealm));
            Assert.Contains("downgrade", DigestErrorText.Describe(DigestError.Downgrade));
            Assert.Contains("digest_legacy", DigestErrorText.Describe(DigestError.QopRequired));
        }

        [TestMethod]
        public void FromSettingsReadsRealmAndLegacy()
        {
            SipSettings s = new SipSettings();
            s.Realm = "example.com";
            s.DigestLegacy = true;
            DigestRealmPolicy p = DigestRealmPolicy.FromSettings(s);
            Assert.AreEqual("example.com", p.ConfiguredRealm);
            Assert.IsTrue(p.AllowLegacy);
            Assert.IsNull(DigestRealmPolicy.FromSettings(new SipSettings()).ConfiguredRealm);
            Assert.IsFalse(DigestRealmPolicy.FromSettings(null).AllowLegacy);
        }
    }
}
