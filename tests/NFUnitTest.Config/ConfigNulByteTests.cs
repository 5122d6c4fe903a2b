using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>
    /// The NUL rule for nf.config (issue 10): each line's bytes are checked before decoding (Utf8LineCheck), so a
    /// NUL anywhere is ControlCharacter ("NUL byte") on its line and the line is not used; a value can never be
    /// read cut short at the NUL as the device's strings would. Every '~' in a text becomes 0x00.
    /// </summary>
    [TestClass]
    public class ConfigNulByteTests
    {
        private const string Good =
            "[wifi]\n" +
            "ssid = office\n" +
            "[sip]\n" +
            "domain = example.com\n" +
            "user = 100\n" +
            "password = secret\n" +
            "[tls]\n" +
            "ca = I:\\ca.pem\n";

        private static ConfigResult ParseWithNul(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)'~')
                {
                    b[i] = 0;
                }
            }

            return ConfigParser.Parse(b, 0, b.Length);
        }

        private static string Replace(string text, string oldText, string newText)
        {
            int at = text.IndexOf(oldText);
            Assert.IsTrue(at >= 0, oldText);
            return text.Substring(0, at) + newText + text.Substring(at + oldText.Length);
        }

        private static void NulOnLine(ConfigResult r, int line)
        {
            bool found = false;
            for (int i = 0; i < r.Errors.Length; i++)
            {
                ConfigError e = r.Errors[i];
                if (e.Code == ConfigErrorCode.ControlCharacter && e.Line == line && e.Detail == "NUL byte")
                {
                    found = true;
                }
            }

            Assert.IsTrue(found, "no NUL error on line " + line.ToString());
        }

        [TestMethod]
        public void TheTextWithoutNulIsValid()
        {
            ConfigResult r = ParseWithNul(Good);
            Assert.AreEqual(0, r.Errors.Length);
            Assert.AreEqual("secret", r.Config.Sip.Password);
        }

        [TestMethod]
        public void NulInAValueIsAnErrorAndTheValueIsNotCut()
        {
            // On the device "secret" NUL "anything" would otherwise read as "secret".
            ConfigResult r = ParseWithNul(Replace(Good, "password = secret", "password = secret~anything"));
            NulOnLine(r, 6);
            Assert.IsNull(r.Config.Sip.Password);
        }

        [TestMethod]
        public void NulInADomainValueIsAnError()
        {
            ConfigResult r = ParseWithNul(Replace(Good, "domain = example.com", "domain = evil.example~.example.com"));
            NulOnLine(r, 4);
            Assert.AreNotEqual("evil.example", r.Config.Sip.Domain);
        }

        [DataRow("[sip]", "[s~ip]", 3)]
        [DataRow("[sip]", "[sip]~", 3)]
        [DataRow("user = 100", "us~er = 100", 5)]
        [DataRow("user = 100", "user ~= 100", 5)]
        [DataRow("user = 100", "~", 5)]
        [DataRow("[wifi]", "~[wifi]", 1)]
        [DataRow("ssid = office", "# comment ~ here\nssid = office", 2)]
        [TestMethod]
        public void NulAnywhereIsControlCharacterOnItsLine(string oldText, string newText, int line)
        {
            NulOnLine(ParseWithNul(Replace(Good, oldText, newText)), line);
        }

        [TestMethod]
        public void NulAfterAByteOrderMarkIsAnError()
        {
            byte[] text = Encoding.UTF8.GetBytes("~" + Good);
            byte[] b = new byte[text.Length + 3];
            b[0] = 0xEF;
            b[1] = 0xBB;
            b[2] = 0xBF;
            System.Array.Copy(text, 0, b, 3, text.Length);
            b[3] = 0;
            NulOnLine(ConfigParser.Parse(b, 0, b.Length), 1);
        }
    }
}
