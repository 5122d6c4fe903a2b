using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>Inline PEM values: a value starting with -----BEGIN continues to the matching -----END line.</summary>
    [TestClass]
    public class ConfigPemTests
    {
        private const string Head =
            "[wifi]\n" +
            "ssid = Net\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = pw\n" +
            "[tls]\n";

        [TestMethod]
        public void InlineCaIsCollectedWithItsLineBreaks()
        {
            ConfigResult r = ConfigTestText.Parse(Head +
                "ca = -----BEGIN CERTIFICATE-----\n" +
                "  MIIBszCCAVmgAwIBAgIU\n" +
                "\tQ2xhc3NpYw==\n" +
                "-----END CERTIFICATE-----\r\n" +
                "verify_hostname = no\n");
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Tls.CaIsPem);
            Assert.AreEqual("-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\nQ2xhc3NpYw==\n-----END CERTIFICATE-----\n", r.Config.Tls.Ca);
            Assert.IsFalse(r.Config.Tls.VerifyHostname);
        }

        [TestMethod]
        public void ConsecutiveBlocksFormOneChain()
        {
            ConfigResult r = ConfigTestText.Parse(Head +
                "ca = -----BEGIN CERTIFICATE-----\n" +
                "QUFB\n" +
                "-----END CERTIFICATE-----\n" +
                "-----BEGIN CERTIFICATE-----\n" +
                "QkJC\n" +
                "-----END CERTIFICATE-----\n" +
                "min_version = 1.3\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("-----BEGIN CERTIFICATE-----\nQUFB\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nQkJC\n-----END CERTIFICATE-----\n", r.Config.Tls.Ca);
            Assert.AreEqual((int)TlsVersion.Tls13, (int)r.Config.Tls.MinVersion);
        }

        [TestMethod]
        public void ClientCertificateAndKeyMayBeInline()
        {
            ConfigResult r = ConfigTestText.Parse(Head +
                "ca = I:\\ca.pem\n" +
                "client_cert = -----BEGIN CERTIFICATE-----\nQUFB\n-----END CERTIFICATE-----\n" +
                "client_key = -----BEGIN EC PRIVATE KEY-----\nS0tL\n-----END EC PRIVATE KEY-----\n");
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Tls.ClientCertIsPem);
            Assert.IsTrue(r.Config.Tls.ClientKeyIsPem);
            Assert.AreEqual("-----BEGIN EC PRIVATE KEY-----\nS0tL\n-----END EC PRIVATE KEY-----\n", r.Config.Tls.ClientKey);
            Assert.IsFalse(r.Config.Tls.CaIsPem);
        }

        [TestMethod]
        public void PemRunningToEndOfFileIsUnterminated()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = -----BEGIN CERTIFICATE-----\nQUFB\nQkJC\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.UnterminatedPem, 8, "tls", "ca");
            Assert.IsNull(r.Config.Tls.Ca);
        }

        [TestMethod]
        public void PemInterruptedByASectionIsUnterminatedAndTheSectionIsStillRead()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = -----BEGIN CERTIFICATE-----\nQUFB\n[audio]\nptime = 40\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.UnterminatedPem, 8, "tls", "ca");
            Assert.AreEqual(40, r.Config.Audio.Ptime);
        }

        [TestMethod]
        public void MismatchedEndLabelIsUnterminated()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = -----BEGIN CERTIFICATE-----\nQUFB\n-----END PRIVATE KEY-----\n");
            ConfigTestText.HasError(r, ConfigErrorCode.UnterminatedPem, 8);
        }

        [TestMethod]
        public void WrongLabelForTheKeyIsABadValue()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = -----BEGIN PRIVATE KEY-----\nQUFB\n-----END PRIVATE KEY-----\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 8, "tls", "ca");
        }

        [TestMethod]
        public void EncryptedPrivateKeyIsRejected()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = I:\\ca.pem\nclient_cert = I:\\c.pem\nclient_key = -----BEGIN ENCRYPTED PRIVATE KEY-----\nQUFB\n-----END ENCRYPTED PRIVATE KEY-----\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 10, "tls", "client_key");
        }

        [TestMethod]
        public void PemForAKeyThatTakesNoPemIsBadAndItsBodyIsNotMisread()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = I:\\ca.pem\n[device]\nname = -----BEGIN CERTIFICATE-----\nQUFB\n-----END CERTIFICATE-----\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 10, "device", "name");
        }

        [TestMethod]
        public void CorruptLineInsidePemReportsThatLineAndDropsTheValue()
        {
            byte[] data = ConfigTestText.Splice(Head + "ca = -----BEGIN CERTIFICATE-----\nQUFB\n", new byte[] { 0x51, 0x00, 0x51 }, "\n-----END CERTIFICATE-----\n");
            ConfigResult r = ConfigTestText.ParseBytes(data);
            ConfigTestText.OnlyError(r, ConfigErrorCode.ControlCharacter, 10, "tls", null);
            Assert.IsNull(r.Config.Tls.Ca);
        }

        [TestMethod]
        public void CaPathMustNameADrive()
        {
            ConfigResult r = ConfigTestText.Parse(Head + "ca = ca.pem\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, 8, "tls", "ca");
        }
    }
}
