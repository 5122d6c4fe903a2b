using System;
using System.IO;
using System.Text;
using Phone.Config;
using Xunit;
using Phone.Sip.Transport;
using Phone.Media;
using Phone.Sdp;
using Phone.Sip;

namespace Phone.Host.Tests
{
    /// <summary>The shipped nf.config and docs, inputs too large for the device heap, and fuzzing against independent references.</summary>
    public class NfConfigFileTests
    {
        // Written out from the product specification, not taken from ConfigSchema, so a key dropped from the
        // parser or the documentation is noticed.
        private static readonly string[] DocumentedKeys =
        {
            "device.name", "device.admin_password",
            "wifi.ssid", "wifi.password", "wifi.country",
            "sip.domain", "sip.registrar", "sip.user", "sip.auth_user", "sip.password", "sip.display_name",
            "sip.transport", "sip.port", "sip.outbound_proxy", "sip.register_expiry", "sip.realm", "sip.digest_legacy",
            "sip.dns_server", "sip.keepalive_s", "sip.outbound",
            "tls.ca", "tls.verify_hostname", "tls.client_cert", "tls.client_key", "tls.min_version",
            "srtp.mode", "srtp.suites", "srtp.allow_unprotected_keys", "srtp.allow_unencrypted",
            "audio.codecs", "audio.ptime", "audio.jitter_min_ms", "audio.jitter_max_ms",
            "audio.speaker_volume", "audio.ring_volume", "audio.mic_gain", "audio.rtp_port_min", "audio.rtp_port_max",
            "provisioning.url", "provisioning.interval", "provisioning.version",
            "call.dial_plan", "call.interdigit_ms", "call.emergency", "call.speed_dial",
            "call.forward_always", "call.forward_busy", "call.forward_no_answer", "call.forward_no_answer_s",
        };

        private static byte[] ShippedFile() => File.ReadAllBytes(Path.Combine(RepoPaths.Root, "nf.config"));

        [Fact]
        public void ShippedExampleParsesWithoutErrors()
        {
            byte[] data = ShippedFile();
            ConfigResult r = ConfigParser.Parse(data, 0, data.Length);
            Assert.Equal(Array.Empty<string>(), Array.ConvertAll(r.Errors, e => e.ToString()));
            Assert.Equal("ExampleNetwork", r.Config.Wifi.Ssid);
            Assert.Equal("example-passphrase#1", r.Config.Wifi.Password);
            Assert.Equal(SipTransportKind.Tls, r.Config.Sip.Transport);
            Assert.Equal(5061, r.Config.Sip.Port);
            Assert.Equal(@"I:\ca.pem", r.Config.Tls.Ca);
            Assert.Equal(SrtpMode.Mandatory, r.Config.Srtp.Mode);
            Assert.True(r.Config.Tls.VerifyHostname);
            Assert.Equal("https://provisioning.example.com/phones/{mac}/nf.config", r.Config.Provisioning.Url);
            Assert.True(data.Length <= 32768, "the example must fit the documented size limit");
        }

        [Fact]
        public void ShippedExampleShowsEveryKeyInItsSection()
        {
            string[] lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "nf.config"));
            foreach (string full in DocumentedKeys)
            {
                string section = full.Substring(0, full.IndexOf('.'));
                string key = full.Substring(full.IndexOf('.') + 1);
                string current = null;
                bool found = false;
                foreach (string raw in lines)
                {
                    string t = raw.Trim();
                    if (t.StartsWith("[")) current = t.Trim('[', ']');
                    string uncommented = t.TrimStart('#', ' ');
                    if (current == section && uncommented.StartsWith(key + " =")) found = true;
                }
                Assert.True(found, full + " is not shown in nf.config");
            }
        }

        [Fact]
        public void DocumentationDescribesEveryKeyAndErrorCode()
        {
            string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "nf-config.md"));
            foreach (string full in DocumentedKeys)
            {
                string key = full.Substring(full.IndexOf('.') + 1);
                Assert.Contains("`" + key + "`", doc);
            }
            foreach (ConfigErrorCode code in Enum.GetValues<ConfigErrorCode>())
            {
                Assert.Contains("`" + code + "`", doc);
            }
        }

        [Fact]
        public void OneMegabyteFileIsRejectedWithASingleError()
        {
            byte[] data = new byte[1024 * 1024];
            byte[] head = ShippedFile();
            Array.Copy(head, data, head.Length);
            ConfigResult r = ConfigParser.Parse(data, 0, data.Length);
            ConfigError e = Assert.Single(r.Errors);
            Assert.Equal(ConfigErrorCode.FileTooLarge, e.Code);
            Assert.Equal(0, e.Line);
        }

        [Fact]
        public void ValidFileInsideAOneMegabyteBufferIsFound()
        {
            byte[] file = ShippedFile();
            byte[] data = new byte[1024 * 1024];
            new Random(7).NextBytes(data);
            Array.Copy(file, 0, data, 700_000, file.Length);
            ConfigResult r = ConfigParser.Parse(data, 700_000, file.Length);
            Assert.Empty(r.Errors);
        }

        [Fact]
        public void MutatedExampleNeverThrowsAndStaysBounded()
        {
            byte[] original = ShippedFile();
            var rng = new Random(12345);
            string[] secrets = { "change-me-admin", "example-passphrase#1", "example-sip-secret" };
            for (int iteration = 0; iteration < 3000; iteration++)
            {
                byte[] data = (byte[])original.Clone();
                int edits = 1 + rng.Next(8);
                for (int k = 0; k < edits; k++)
                {
                    int at = rng.Next(data.Length);
                    switch (rng.Next(4))
                    {
                        case 0: data[at] = (byte)rng.Next(256); break;
                        case 1: data[at] = (byte)"[]=#\n\r-\\"[rng.Next(8)]; break;
                        case 2: data[at] = 0x0A; break;
                        default: Array.Resize(ref data, at); break;
                    }
                    if (data.Length == 0) break;
                }
                int lineCount = 1;
                foreach (byte b in data) if (b == 0x0A) lineCount++;
                ConfigResult r = ConfigParser.Parse(data, 0, data.Length);
                Assert.True(r.Errors.Length <= ConfigErrorList.MaxErrors + 1);
                foreach (ConfigError e in r.Errors)
                {
                    Assert.True(Enum.IsDefined(e.Code));
                    Assert.InRange(e.Line, 0, lineCount);
                    string text = e.ToString();
                    foreach (string secret in secrets) Assert.DoesNotContain(secret, text);
                }
            }
        }

        [Fact]
        public void RandomBytesNeverThrow()
        {
            var rng = new Random(99);
            for (int iteration = 0; iteration < 2000; iteration++)
            {
                byte[] data = new byte[rng.Next(0, 4096)];
                rng.NextBytes(data);
                ConfigResult r = ConfigParser.Parse(data, 0, data.Length);
                Assert.NotNull(r.Config);
                Assert.True(r.Errors.Length <= ConfigErrorList.MaxErrors + 1);
            }
        }

        [Fact]
        public void Utf8CheckAgreesWithTheStrictDotNetDecoder()
        {
            // .NET's throwing UTF8Encoding is the independent reference for what is well-formed UTF-8;
            // control characters are excluded because the line check rejects them on purpose.
            var strict = new UTF8Encoding(false, true);
            var rng = new Random(2024);
            byte[] alphabet = { 0x41, 0x7E, 0x80, 0x8F, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF };
            int checkedValid = 0;
            for (int iteration = 0; iteration < 200_000; iteration++)
            {
                byte[] data = new byte[1 + rng.Next(6)];
                for (int i = 0; i < data.Length; i++) data[i] = alphabet[rng.Next(alphabet.Length)];
                bool referenceValid;
                string decoded = null;
                try { decoded = strict.GetString(data); referenceValid = true; }
                catch (DecoderFallbackException) { referenceValid = false; }
                if (referenceValid)
                {
                    bool hasControl = false;
                    foreach (char c in decoded) if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) hasControl = true;
                    if (hasControl) continue;
                    checkedValid++;
                }
                ConfigErrorCode code = Utf8LineCheck.Check(data, 0, data.Length, out string detail);
                Assert.True(referenceValid == (code == 0), BitConverter.ToString(data) + " reference=" + referenceValid + " check=" + code + " " + detail);
            }
            Assert.True(checkedValid > 1000, "too few valid samples to be meaningful: " + checkedValid);
        }
    }
}
