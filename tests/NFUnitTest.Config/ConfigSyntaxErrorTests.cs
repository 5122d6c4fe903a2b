using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>
    /// Malformed lines appended to the minimal valid file (whose 8 lines end inside [sip]). Each row names the
    /// only error expected: its code (as int, DataRow needs constants of exact types), line, section and key.
    /// </summary>
    [TestClass]
    public class ConfigSyntaxErrorTests
    {
        private const int UnknownSection = 1;
        private const int UnknownKey = 2;
        private const int BadValue = 3;
        private const int OutOfRange = 4;
        private const int DuplicateKey = 6;
        private const int DuplicateSection = 7;
        private const int SyntaxError = 9;
        private const int EmptyValue = 14;
        private const int Conflict = 16;
        private const int UnprotectedSrtpKeys = 17;

        [TestMethod]
        [DataRow("[sip\n", SyntaxError, 9, "", "")]
        [DataRow("[sip] extra\n", SyntaxError, 9, "", "")]
        [DataRow("[]\n", SyntaxError, 9, "", "")]
        [DataRow("[ \t]\n", SyntaxError, 9, "", "")]
        [DataRow("just some words\n", SyntaxError, 9, "sip", "")]
        [DataRow("= 20\n", SyntaxError, 9, "sip", "")]
        [DataRow("[phonebook]\nentry = 1\n", UnknownSection, 9, "phonebook", "")]
        [DataRow("[wifi]\n", DuplicateSection, 9, "wifi", "")]
        [DataRow("domain = other.example.com\n", DuplicateKey, 9, "sip", "domain")]
        [DataRow("DOMAIN = other.example.com\n", DuplicateKey, 9, "sip", "domain")]
        [DataRow("volume = 5\n", UnknownKey, 9, "sip", "volume")]
        [DataRow("display_name =\n", EmptyValue, 9, "sip", "display_name")]
        [DataRow("display_name = \t \n", EmptyValue, 9, "sip", "display_name")]
        [DataRow("transport = sctp\n", BadValue, 9, "sip", "transport")]
        [DataRow("transport = udp\n", UnprotectedSrtpKeys, 9, "sip", "transport")]
        [DataRow("port = 0\n", OutOfRange, 9, "sip", "port")]
        [DataRow("port = 65536\n", OutOfRange, 9, "sip", "port")]
        [DataRow("port = 99999999999999999999\n", OutOfRange, 9, "sip", "port")]
        [DataRow("port = 2147483648\n", OutOfRange, 9, "sip", "port")]
        [DataRow("port = -5061\n", OutOfRange, 9, "sip", "port")]
        [DataRow("port = +5061\n", BadValue, 9, "sip", "port")]
        [DataRow("port = 0x13C5\n", BadValue, 9, "sip", "port")]
        [DataRow("port = 50 61\n", BadValue, 9, "sip", "port")]
        [DataRow("port = 5061.0\n", BadValue, 9, "sip", "port")]
        [DataRow("port = -\n", BadValue, 9, "sip", "port")]
        [DataRow("port = 1,000\n", BadValue, 9, "sip", "port")]
        [DataRow("register_expiry = 59\n", OutOfRange, 9, "sip", "register_expiry")]
        [DataRow("register_expiry = 86401\n", OutOfRange, 9, "sip", "register_expiry")]
        [DataRow("outbound_proxy = proxy.example.com:99999\n", BadValue, 9, "sip", "outbound_proxy")]
        [DataRow("outbound_proxy = proxy.example.com:\n", BadValue, 9, "sip", "outbound_proxy")]
        [DataRow("registrar = reg example com\n", BadValue, 9, "sip", "registrar")]
        [DataRow("dns_server = dns.example.com\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("keepalive_s = 5\n", OutOfRange, 9, "sip", "keepalive_s")]
        [DataRow("keepalive_s = 3601\n", OutOfRange, 9, "sip", "keepalive_s")]
        [DataRow("keepalive_s = -1\n", OutOfRange, 9, "sip", "keepalive_s")]
        [DataRow("keepalive_s = 25s\n", BadValue, 9, "sip", "keepalive_s")]
        [DataRow("outbound = maybe\n", BadValue, 9, "sip", "outbound")]
        [DataRow("dns_server = 192.0.2.256\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("dns_server = 192.0.2\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("dns_server = 192.0.2.1:0\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("dns_server = 192.0.2.1:\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("dns_server = [2001:db8::53]\n", BadValue, 9, "sip", "dns_server")]
        [DataRow("auth_user = alice@example.com\n", BadValue, 9, "sip", "auth_user")]
        [DataRow("display_name = Say \"hi\"\n", BadValue, 9, "sip", "display_name")]
        [DataRow("[audio]\nptime = 25\n", OutOfRange, 10, "audio", "ptime")]
        [DataRow("[audio]\nptime = 0\n", OutOfRange, 10, "audio", "ptime")]
        [DataRow("[audio]\nptime = 70\n", OutOfRange, 10, "audio", "ptime")]
        [DataRow("[audio]\nptime = 20ms\n", BadValue, 10, "audio", "ptime")]
        [DataRow("[audio]\ncomfort_noise = sometimes\n", BadValue, 10, "audio", "comfort_noise")]
        [DataRow("[audio]\nsilence_suppression = 2\n", BadValue, 10, "audio", "silence_suppression")]
        [DataRow("[Audio]\nPTime = 15\n", OutOfRange, 10, "audio", "ptime")]
        [DataRow("[audio]\nmic_gain = -13\n", OutOfRange, 10, "audio", "mic_gain")]
        [DataRow("[audio]\nmic_gain = 13\n", OutOfRange, 10, "audio", "mic_gain")]
        [DataRow("[audio]\nspeaker_volume = 101\n", OutOfRange, 10, "audio", "speaker_volume")]
        [DataRow("[audio]\nring_volume = -1\n", OutOfRange, 10, "audio", "ring_volume")]
        [DataRow("[audio]\ncodecs = pcmu, pcmu\n", BadValue, 10, "audio", "codecs")]
        [DataRow("[audio]\ncodecs = pcmu,,pcma\n", BadValue, 10, "audio", "codecs")]
        [DataRow("[audio]\ncodecs = g722\n", BadValue, 10, "audio", "codecs")]
        [DataRow("[audio]\njitter_min_ms = 300\njitter_max_ms = 100\n", Conflict, 11, "audio", "jitter_max_ms")]
        [DataRow("[audio]\njitter_max_ms = 30\n", Conflict, 10, "audio", "jitter_max_ms")]
        [DataRow("[audio]\njitter_max_ms = 19\n", OutOfRange, 10, "audio", "jitter_max_ms")]
        [DataRow("[audio]\nrtp_port_min = 40001\n", OutOfRange, 10, "audio", "rtp_port_min")]
        [DataRow("[audio]\nrtp_port_max = 50001\n", OutOfRange, 10, "audio", "rtp_port_max")]
        [DataRow("[audio]\nrtp_port_min = 1022\n", OutOfRange, 10, "audio", "rtp_port_min")]
        [DataRow("[audio]\nrtp_port_max = 65535\n", OutOfRange, 10, "audio", "rtp_port_max")]
        [DataRow("[audio]\nrtp_port_min = 40100\n", Conflict, 10, "audio", "rtp_port_min")]
        [DataRow("[audio]\nrtp_port_min = 50000\nrtp_port_max = 50000\n", Conflict, 11, "audio", "rtp_port_max")]
        [DataRow("[audio]\nrtp_port_max = 20000\nrtp_port_min = 30000\n", Conflict, 11, "audio", "rtp_port_min")]
        [DataRow("[srtp]\nmode = required\n", BadValue, 10, "srtp", "mode")]
        [DataRow("[srtp]\nallow_unprotected_keys = maybe\n", BadValue, 10, "srtp", "allow_unprotected_keys")]
        [DataRow("[srtp]\nsuites = AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM\n", BadValue, 10, "srtp", "suites")]
        [DataRow("[provisioning]\nurl = http://example.com/nf.config\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https://example.com/{serial}.cfg\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https:///nf.config\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https://\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https://example.com/{ma\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https://example.com/{mac}}\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\nurl = https://example.com/a b\n", BadValue, 10, "provisioning", "url")]
        [DataRow("[provisioning]\ninterval = 299\n", OutOfRange, 10, "provisioning", "interval")]
        [DataRow("[provisioning]\nversion = -1\n", OutOfRange, 10, "provisioning", "version")]
        [DataRow("[device]\nname = my phone\n", BadValue, 10, "device", "name")]
        [DataRow("[device]\nadmin_password = short\n", OutOfRange, 10, "device", "admin_password")]
        public void ReportsTheOneProblem(string appended, int code, int line, string section, string key)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + appended);
            ConfigTestText.OnlyError(r, (ConfigErrorCode)code, line, section == "" ? null : section, key == "" ? null : key);
        }

        [TestMethod]
        public void KeyBeforeAnySectionIsReportedWithItsKey()
        {
            ConfigResult r = ConfigTestText.Parse("ssid = Stray\n" + ConfigTestText.Minimal);
            ConfigTestText.OnlyError(r, ConfigErrorCode.KeyOutsideSection, 1, null, "ssid");
        }

        [TestMethod]
        public void KeysOfAnUnknownSectionAreSkippedWithoutFurtherErrors()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[phonebook]\nalice = 1\nbob = 2\n[audio]\nptime = 30\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.UnknownSection, 9, "phonebook", null);
            Assert.AreEqual(30, r.Config.Audio.Ptime);
        }

        [TestMethod]
        public void DuplicateKeyKeepsTheFirstValue()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[audio]\nptime = 30\nptime = 40\n");
            ConfigTestText.OnlyError(r, ConfigErrorCode.DuplicateKey, 11, "audio", "ptime");
            Assert.AreEqual(30, r.Config.Audio.Ptime);
        }

        [TestMethod]
        public void EveryProblemIsReportedNotJustTheFirst()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[audio]\nptime = 25\nfoo = 1\nring_volume = loud\n[x]\n");
            Assert.AreEqual(4, r.Errors.Length, ConfigTestText.Describe(r));
            ConfigTestText.HasError(r, ConfigErrorCode.OutOfRange, 10);
            ConfigTestText.HasError(r, ConfigErrorCode.UnknownKey, 11);
            ConfigTestText.HasError(r, ConfigErrorCode.BadValue, 12);
            ConfigTestText.HasError(r, ConfigErrorCode.UnknownSection, 13);
        }

        [TestMethod]
        public void ErrorCountIsBoundedWithOneTooManyErrorsEntry()
        {
            string text = ConfigTestText.Minimal;
            for (int i = 0; i < 100; i++) text = text + "unknown_" + i.ToString() + " = 1\n";
            ConfigResult r = ConfigTestText.Parse(text);
            Assert.AreEqual(ConfigErrorList.MaxErrors + 1, r.Errors.Length);
            Assert.AreEqual(32, ConfigErrorList.MaxErrors);
            Assert.AreEqual((int)ConfigErrorCode.UnknownKey, (int)r.Errors[31].Code);
            Assert.AreEqual(40, r.Errors[31].Line);
            Assert.AreEqual((int)ConfigErrorCode.TooManyErrors, (int)r.Errors[32].Code);
            Assert.AreEqual(41, r.Errors[32].Line);
        }

        [TestMethod]
        public void MessagesNeverContainTheRejectedValue()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[wifi]\n" + "password = Zq9#x\n");
            ConfigTestText.HasError(r, ConfigErrorCode.OutOfRange, 10);
            for (int i = 0; i < r.Errors.Length; i++)
            {
                Assert.IsTrue(r.Errors[i].ToString().IndexOf("Zq9") < 0, r.Errors[i].ToString());
            }
            Assert.IsNull(r.Config.Wifi.Password);
        }
    }
}
