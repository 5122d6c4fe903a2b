using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>[sip] voicemail / mwi: defaults, mailbox forms, booleans.</summary>
    [TestClass]
    public class ConfigVoicemailTests
    {
        [TestMethod]
        public void DefaultsHaveNoMailboxAndMwiOn()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal);
            ConfigTestText.NoErrors(r);
            Assert.IsNull(r.Config.Sip.Voicemail);
            Assert.IsTrue(r.Config.Sip.Mwi);
        }

        [TestMethod]
        [DataRow("*97")]
        [DataRow("voicemail")]
        [DataRow("sip:vm-1001@pbx.example.com")]
        [DataRow("sips:mailbox@example.com:5061")]
        public void MailboxIsANumberUserOrSipUri(string mailbox)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "voicemail = " + mailbox + "\nmwi = false\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(mailbox, r.Config.Sip.Voicemail);
            Assert.IsFalse(r.Config.Sip.Mwi);
        }

        [TestMethod]
        [DataRow("voice mail")]
        [DataRow("vm@example.com")]
        [DataRow("tel:+4930123456")]
        [DataRow("sip:")]
        public void OtherMailboxesAreRefusedOnTheirLine(string mailbox)
        {
            string text = ConfigTestText.Minimal + "voicemail = " + mailbox + "\n";
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, Lines(text), "sip", "voicemail");
        }

        [TestMethod]
        public void MwiTakesOnlyABoolean()
        {
            string text = ConfigTestText.Minimal + "mwi = sometimes\n";
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, Lines(text), "sip", "mwi");
        }

        private static int Lines(string text)
        {
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n') n++;
            }

            return n;
        }
    }
}
