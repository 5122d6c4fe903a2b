using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>sip.realm, sip.digest_legacy, sip.accept_from_any and srtp.allow_unencrypted: defaults, parsing and rejected values.</summary>
    [TestClass]
    public class ConfigSecurityKeyTests
    {
        // Lines 1..7; the key under test goes on line 8.
        private const string Account =
            "[wifi]\n" +
            "ssid = Net\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = pw\n" +
            "transport = udp\n";

        private const string NoSrtp = "[srtp]\nmode = off\n";

        [TestMethod]
        public void DefaultsAreTheSecureOnes()
        {
            ConfigResult r = ConfigTestText.Parse(Account + NoSrtp);
            ConfigTestText.NoErrors(r);
            Assert.IsNull(r.Config.Sip.Realm);
            Assert.IsFalse(r.Config.Sip.DigestLegacy);
            Assert.IsFalse(r.Config.Srtp.AllowUnencrypted);
            Assert.IsFalse(r.Config.Sip.AcceptFromAny);
        }

        [TestMethod]
        public void AcceptFromAnyIsRead()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "accept_from_any = true\n" + NoSrtp);
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Sip.AcceptFromAny);
        }

        [TestMethod]
        public void AcceptFromAnyMustBeABoolean()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "accept_from_any = sometimes\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 8, "sip", "accept_from_any");
        }

        [TestMethod]
        public void RealmAndLegacyAreRead()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "realm = sip.example.com\ndigest_legacy = true\n" + NoSrtp);
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("sip.example.com", r.Config.Sip.Realm);
            Assert.IsTrue(r.Config.Sip.DigestLegacy);
        }

        [TestMethod]
        public void RealmWithAQuoteIsRejected()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "realm = a\"b\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 8, "sip", "realm");
        }

        [TestMethod]
        public void DigestLegacyMustBeABoolean()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "digest_legacy = maybe\n" + NoSrtp);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 8, "sip", "digest_legacy");
        }

        [TestMethod]
        public void AllowUnencryptedIsRead()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "[srtp]\nmode = off\nallow_unencrypted = yes\n");
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Srtp.AllowUnencrypted);
        }

        [TestMethod]
        public void AllowUnencryptedMustBeABoolean()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "[srtp]\nmode = off\nallow_unencrypted = 2\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 10, "srtp", "allow_unencrypted");
        }
    }
}
