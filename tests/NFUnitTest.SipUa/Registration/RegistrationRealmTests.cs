using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>The registration teaches the digest realm to calls (SipRegistration.Realms) and obeys its rules itself.</summary>
    [TestClass]
    public class RegistrationRealmTests
    {
        [TestMethod]
        public void RegistrarRealmIsLearnedForCalls()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            Assert.IsFalse(h.Reg.Realms.IsTrusted("example.com"));
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\"\r\n");
            Assert.AreEqual(2, h.RegisterCount);
            Assert.IsTrue(h.Reg.Realms.IsTrusted("example.com"));
            Assert.IsFalse(h.Reg.Realms.IsTrusted("anything"));
        }

        [TestMethod]
        public void RegistrarWithoutQopIsRefusedWithoutDigestLegacy()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\"\r\n");
            Assert.AreEqual(1, h.RegisterCount);
            Assert.AreEqual((int)RegistrationState.Failed, (int)h.Reg.State);
            Assert.Contains("digest_legacy", h.LastEvent.Reason);
        }

        [TestMethod]
        public void RegistrarFallingBackToMd5AfterSha256IsRefused()
        {
            RegistrationHarness h = new RegistrationHarness(SipTransportKind.Udp, null);
            h.Start();
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\", algorithm=SHA-256\r\n");
            Assert.AreEqual(2, h.RegisterCount);
            Assert.Contains("algorithm=SHA-256", RegistrationHarness.Header(h.LastRegister, "Authorization"));
            // An attacker (or a misconfigured server) now offers MD5 only for the same realm.
            h.Respond("401 Unauthorized", "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n2\", qop=\"auth\", algorithm=MD5\r\n");
            Assert.AreEqual(2, h.RegisterCount);
            Assert.Contains("downgrade", h.LastEvent.Reason);
        }
    }
}
