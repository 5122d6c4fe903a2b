using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Media;
using Phone.Sdp;
using Phone.Sip;

namespace Phone.Tests.Config
{
    /// <summary>Rules that span keys: required keys, TLS trust, SRTP key exposure, client cert pairs.</summary>
    [TestClass]
    public class ConfigCrossFieldTests
    {
        private const string Account =
            "[wifi]\n" +
            "ssid = Net\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = pw\n";

        [TestMethod]
        [DataRow("ssid = Net\n", "wifi", "ssid")]
        [DataRow("domain = example.com\n", "sip", "domain")]
        [DataRow("user = 100\n", "sip", "user")]
        [DataRow("password = pw\n", "sip", "password")]
        [DataRow("ca = I:\\ca.pem\n", "tls", "ca")]
        public void MissingRequiredKeyIsNamed(string removedLine, string section, string key)
        {
            string text = ConfigTestText.Minimal;
            int at = text.IndexOf(removedLine);
            Assert.IsTrue(at > 0);
            text = text.Substring(0, at) + text.Substring(at + removedLine.Length);
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.MissingRequired, 0, section, key);
        }

        [TestMethod]
        public void RequiredKeyWithABadValueIsNotAlsoReportedMissing()
        {
            ConfigResult r = ConfigTestText.Parse("[wifi]\nssid = 123456789012345678901234567890123\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = example.com\nuser = 100\npassword = pw\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.OutOfRange, 2, "wifi", "ssid");
        }

        [TestMethod]
        public void TlsTransportByDefaultNeedsACa()
        {
            ConfigResult r = ConfigTestText.Parse(Account);
            ConfigTestText.OnlyError(r, ConfigErrorCode.MissingRequired, 0, "tls", "ca");
        }

        [TestMethod]
        public void ProvisioningNeedsACaEvenWithoutTlsSignalling()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = udp\n[srtp]\nmode = off\n[provisioning]\nurl = https://p.example.com/{mac}.cfg\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.MissingRequired, 0, "tls", "ca");
        }

        [TestMethod]
        [DataRow("tcp", "mandatory")]
        [DataRow("udp", "mandatory")]
        [DataRow("TCP", "optional")]
        [DataRow("udp", "Optional")]
        public void SrtpOverPlainSignallingNeedsExplicitConsent(string transport, string mode)
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = " + transport + "\n[srtp]\nmode = " + mode + "\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.UnprotectedSrtpKeys, 7, "sip", "transport");
        }

        [TestMethod]
        public void DefaultSrtpModeOverUdpAlsoNeedsConsent()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = udp\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.UnprotectedSrtpKeys, 7, "sip", "transport");
        }

        [TestMethod]
        public void ConsentAllowsSrtpOverUdp()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = udp\n[srtp]\nallow_unprotected_keys = yes\n");
            ConfigTestText.NoErrors(r);
            Assert.IsTrue(r.Config.Srtp.AllowUnprotectedKeys);
            Assert.AreEqual(5060, r.Config.Sip.Port);
            Assert.AreEqual((int)SipTransportKind.Udp, (int)r.Config.Sip.Transport);
        }

        [TestMethod]
        public void PlainRtpOverTcpNeedsNoConsentAndNoCa()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "transport = tcp\n[srtp]\nmode = off\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual((int)SrtpMode.Off, (int)r.Config.Srtp.Mode);
            Assert.AreEqual(5060, r.Config.Sip.Port);
        }

        [TestMethod]
        public void ClientCertWithoutKeyNamesTheKey()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "[tls]\nca = I:\\ca.pem\nclient_cert = I:\\client.pem\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.MissingRequired, 0, "tls", "client_key");
        }

        [TestMethod]
        public void ClientKeyWithoutCertNamesTheCert()
        {
            ConfigResult r = ConfigTestText.Parse(Account + "[tls]\nca = I:\\ca.pem\nclient_key = I:\\client.key\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.MissingRequired, 0, "tls", "client_cert");
        }
    }
}
