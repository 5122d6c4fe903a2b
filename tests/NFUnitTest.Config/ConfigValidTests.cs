using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Srtp;
using Phone.Sip.Transport;
using Phone.Audio;
using Phone.Media;
using Phone.Sdp;
using Phone.Sip;

namespace Phone.Tests.Config
{
    /// <summary>Valid files: typed values, derived values and the secure defaults.</summary>
    [TestClass]
    public class ConfigValidTests
    {
        [TestMethod]
        public void MinimalFileGetsSecureDefaults()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal);
            ConfigTestText.NoErrors(r);
            PhoneConfig c = r.Config;
            Assert.AreEqual("phone", c.Device.Name);
            Assert.IsNull(c.Device.AdminPassword);
            Assert.AreEqual("Net", c.Wifi.Ssid);
            Assert.IsNull(c.Wifi.Password);
            Assert.IsNull(c.Wifi.Country);
            Assert.AreEqual("example.com", c.Sip.Domain);
            Assert.AreEqual("example.com", c.Sip.Registrar);
            Assert.AreEqual("100", c.Sip.User);
            Assert.AreEqual("100", c.Sip.AuthUser);
            Assert.AreEqual("pw", c.Sip.Password);
            Assert.IsNull(c.Sip.DisplayName);
            Assert.AreEqual((int)SipTransportKind.Tls, (int)c.Sip.Transport);
            Assert.AreEqual(5061, c.Sip.Port);
            Assert.IsFalse(c.Sip.PortIsSet);
            Assert.IsNull(c.Sip.OutboundProxy);
            Assert.IsNull(c.Sip.DnsServer);
            Assert.AreEqual(-1, c.Sip.KeepAliveSeconds);
            Assert.IsTrue(c.Sip.Outbound);
            Assert.AreEqual(3600, c.Sip.RegisterExpiry);
            Assert.AreEqual("I:\\ca.pem", c.Tls.Ca);
            Assert.IsFalse(c.Tls.CaIsPem);
            Assert.IsTrue(c.Tls.VerifyHostname);
            Assert.IsNull(c.Tls.ClientCert);
            Assert.IsNull(c.Tls.ClientKey);
            Assert.AreEqual((int)TlsVersion.Tls12, (int)c.Tls.MinVersion);
            Assert.AreEqual((int)SrtpMode.Mandatory, (int)c.Srtp.Mode);
            Assert.AreEqual(2, c.Srtp.Suites.Length);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)c.Srtp.Suites[0]);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)c.Srtp.Suites[1]);
            Assert.IsFalse(c.Srtp.AllowUnprotectedKeys);
            Assert.AreEqual(2, c.Audio.Codecs.Length);
            Assert.AreEqual((int)AudioCodec.Pcmu, (int)c.Audio.Codecs[0]);
            Assert.AreEqual((int)AudioCodec.Pcma, (int)c.Audio.Codecs[1]);
            Assert.AreEqual(20, c.Audio.Ptime);
            Assert.AreEqual(40, c.Audio.JitterMinMs);
            Assert.AreEqual(200, c.Audio.JitterMaxMs);
            Assert.AreEqual(70, c.Audio.SpeakerVolume);
            Assert.AreEqual(80, c.Audio.RingVolume);
            Assert.AreEqual(0, c.Audio.MicGain);
            Assert.IsTrue(c.Audio.ComfortNoise);
            Assert.IsFalse(c.Audio.SilenceSuppression);
            Assert.AreEqual(40000, c.Audio.RtpPortMin);
            Assert.AreEqual(40098, c.Audio.RtpPortMax);
            Assert.IsNull(c.Provisioning.Url);
            Assert.AreEqual(86400, c.Provisioning.Interval);
        }

        [TestMethod]
        public void EveryKeyIsReadIntoItsTypedSetting()
        {
            ConfigResult r = ConfigTestText.Parse(
                "# full file\n" +
                "[DEVICE]\n" +
                "Name = Lobby-2\n" +
                "admin_password = s3cret-admin\n" +
                "[wifi]\n" +
                "ssid =   Caf\u00E9 Gast  \n" +
                "password = p#ss = w0rd!\n" +
                "country = de\n" +
                "[sip]\n" +
                "domain = voip.example.org\n" +
                "registrar = 192.0.2.10\n" +
                "user = alice\n" +
                "auth_user = alice-auth\n" +
                "password =  # not a comment\n" +
                "display_name = Alice Example\n" +
                "transport = TLS\n" +
                "port = 5071\n" +
                "outbound_proxy = [2001:db8::1]:5061\n" +
                "register_expiry = 600\n" +
                "dns_server = 192.0.2.53:5353\n" +
                "keepalive_s = 15\n" +
                "outbound = off\n" +
                "[tls]\n" +
                "ca = I:\\certs\\ca.pem\n" +
                "verify_hostname = on\n" +
                "client_cert = I:\\client.pem\n" +
                "client_key = I:\\client.key\n" +
                "min_version = 1.3\n" +
                "[srtp]\n" +
                "mode = Optional\n" +
                "suites = aes_256_cm_hmac_sha1_80 ,AES_CM_128_HMAC_SHA1_80\n" +
                "allow_unprotected_keys = 0\n" +
                "[audio]\n" +
                "codecs = PCMA\n" +
                "ptime = 60\n" +
                "jitter_min_ms = 0\n" +
                "jitter_max_ms = 1000\n" +
                "speaker_volume = 0\n" +
                "ring_volume = 100\n" +
                "mic_gain = -12\n" +
                "comfort_noise = no\n" +
                "silence_suppression = yes\n" +
                "rtp_port_min = 1024\n" +
                "rtp_port_max = 1026\n" +
                "[provisioning]\n" +
                "url = HTTPS://prov.example.org:8443/{mac}/{mac}.cfg\n" +
                "interval = 604800\n");
            ConfigTestText.NoErrors(r);
            PhoneConfig c = r.Config;
            Assert.AreEqual("Lobby-2", c.Device.Name);
            Assert.AreEqual("s3cret-admin", c.Device.AdminPassword);
            Assert.AreEqual("Caf\u00E9 Gast", c.Wifi.Ssid);
            Assert.AreEqual("p#ss = w0rd!", c.Wifi.Password);
            Assert.AreEqual("DE", c.Wifi.Country);
            Assert.AreEqual("voip.example.org", c.Sip.Domain);
            Assert.AreEqual("192.0.2.10", c.Sip.Registrar);
            Assert.AreEqual("alice", c.Sip.User);
            Assert.AreEqual("alice-auth", c.Sip.AuthUser);
            Assert.AreEqual("# not a comment", c.Sip.Password);
            Assert.AreEqual("Alice Example", c.Sip.DisplayName);
            Assert.AreEqual((int)SipTransportKind.Tls, (int)c.Sip.Transport);
            Assert.AreEqual(5071, c.Sip.Port);
            Assert.IsTrue(c.Sip.PortIsSet);
            Assert.AreEqual("[2001:db8::1]:5061", c.Sip.OutboundProxy);
            Assert.AreEqual("192.0.2.53:5353", c.Sip.DnsServer);
            Assert.AreEqual(15, c.Sip.KeepAliveSeconds);
            Assert.IsFalse(c.Sip.Outbound);
            Assert.AreEqual(600, c.Sip.RegisterExpiry);
            Assert.AreEqual("I:\\certs\\ca.pem", c.Tls.Ca);
            Assert.IsTrue(c.Tls.VerifyHostname);
            Assert.AreEqual("I:\\client.pem", c.Tls.ClientCert);
            Assert.AreEqual("I:\\client.key", c.Tls.ClientKey);
            Assert.AreEqual((int)TlsVersion.Tls13, (int)c.Tls.MinVersion);
            Assert.AreEqual((int)SrtpMode.Optional, (int)c.Srtp.Mode);
            Assert.AreEqual(2, c.Srtp.Suites.Length);
            Assert.AreEqual((int)SrtpSuite.Aes256CmHmacSha1_80, (int)c.Srtp.Suites[0]);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)c.Srtp.Suites[1]);
            Assert.IsFalse(c.Srtp.AllowUnprotectedKeys);
            Assert.AreEqual(1, c.Audio.Codecs.Length);
            Assert.AreEqual((int)AudioCodec.Pcma, (int)c.Audio.Codecs[0]);
            Assert.AreEqual(60, c.Audio.Ptime);
            Assert.AreEqual(0, c.Audio.JitterMinMs);
            Assert.AreEqual(1000, c.Audio.JitterMaxMs);
            Assert.AreEqual(0, c.Audio.SpeakerVolume);
            Assert.AreEqual(100, c.Audio.RingVolume);
            Assert.AreEqual(-12, c.Audio.MicGain);
            Assert.IsFalse(c.Audio.ComfortNoise);
            Assert.IsTrue(c.Audio.SilenceSuppression);
            Assert.AreEqual(1024, c.Audio.RtpPortMin);
            Assert.AreEqual(1026, c.Audio.RtpPortMax);
            Assert.AreEqual("HTTPS://prov.example.org:8443/{mac}/{mac}.cfg", c.Provisioning.Url);
            Assert.AreEqual(604800, c.Provisioning.Interval);
        }

        [TestMethod]
        [DataRow("true", true)]
        [DataRow("TRUE", true)]
        [DataRow("yes", true)]
        [DataRow("On", true)]
        [DataRow("1", true)]
        [DataRow("false", false)]
        [DataRow("No", false)]
        [DataRow("off", false)]
        [DataRow("0", false)]
        public void BooleansAcceptEveryDocumentedSpelling(string text, bool expected)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[srtp]\nallow_unprotected_keys = " + text + "\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(expected, r.Config.Srtp.AllowUnprotectedKeys);
        }

        [TestMethod]
        [DataRow("10", 10)]
        [DataRow("30", 30)]
        [DataRow("050", 50)]
        public void PtimeAcceptsMultiplesOfTen(string text, int expected)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[audio]\nptime = " + text + "\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(expected, r.Config.Audio.Ptime);
        }

        [TestMethod]
        [DataRow("tcp", 5060)]
        [DataRow("udp", 5060)]
        [DataRow("tls", 5061)]
        public void PortDefaultFollowsTheTransport(string transport, int port)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "transport = " + transport + "\n[srtp]\nmode = off\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(port, r.Config.Sip.Port);
        }

        [TestMethod]
        public void CommentsAndBlankLinesAreIgnoredAnywhere()
        {
            ConfigResult r = ConfigTestText.Parse("\n  # heading\n\t\n[wifi]\n   #ssid = Wrong\nssid = Net\n[tls]\nca = I:\\ca.pem\n[ sip ]\ndomain = example.com\nuser = 100\npassword = pw\n#\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual("Net", r.Config.Wifi.Ssid);
        }

        [TestMethod]
        public void TypedConfigurationIsReturnedAlongsideErrors()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[audio]\nptime = 40\nring_volume = 300\n");
            Assert.IsFalse(r.IsValid);
            Assert.AreEqual(40, r.Config.Audio.Ptime);
            Assert.AreEqual(80, r.Config.Audio.RingVolume);
        }
    }
}
