using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>[call] forward_always / forward_busy / forward_no_answer / forward_no_answer_s: defaults, targets, bounds; transfer.</summary>
    [TestClass]
    public class ConfigCallForwardTests
    {
        [TestMethod]
        public void TransferIsOnByDefaultAndTakesABoolean()
        {
            Assert.IsTrue(ConfigTestText.Parse(ConfigTestText.Minimal).Config.Call.Transfer);
            ConfigResult off = ConfigTestText.Parse(ConfigTestText.Minimal + "[call]\ntransfer = off\n");
            ConfigTestText.NoErrors(off);
            Assert.IsFalse(off.Config.Call.Transfer);
            string text = ConfigTestText.Minimal + "[call]\ntransfer = sometimes\n";
            ConfigTestText.OnlyError(ConfigTestText.Parse(text), ConfigErrorCode.BadValue, Lines(text), "call", "transfer");
        }

        [TestMethod]
        public void DefaultsForwardNothingAndRingTwentySeconds()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal);
            ConfigTestText.NoErrors(r);
            Assert.IsNull(r.Config.Call.ForwardAlways);
            Assert.IsNull(r.Config.Call.ForwardBusy);
            Assert.IsNull(r.Config.Call.ForwardNoAnswer);
            Assert.AreEqual(20, r.Config.Call.ForwardNoAnswerSeconds);
        }

        [TestMethod]
        [DataRow("1002")]
        [DataRow("+4930123456")]
        [DataRow("*86")]
        [DataRow("voicemail")]
        [DataRow("sip:1002@pbx.example.com")]
        [DataRow("sips:desk.2@example.com:5061")]
        public void TargetsAreNumbersUsersOrSipUris(string target)
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[call]\nforward_always = " + target + "\nforward_busy = " + target +
                "\nforward_no_answer = " + target + "\nforward_no_answer_s = 5\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(target, r.Config.Call.ForwardAlways);
            Assert.AreEqual(target, r.Config.Call.ForwardBusy);
            Assert.AreEqual(target, r.Config.Call.ForwardNoAnswer);
            Assert.AreEqual(5, r.Config.Call.ForwardNoAnswerSeconds);
        }

        [TestMethod]
        [DataRow("10 02")]
        [DataRow("1002@example.com")]
        [DataRow("tel:+4930123456")]
        [DataRow("sip:")]
        [DataRow("sip:@")]
        [DataRow("123456789012345678901234567890123")]
        public void OtherTargetsAreRefusedOnTheirLine(string target)
        {
            string text = ConfigTestText.Minimal + "[call]\nforward_busy = " + target + "\n";
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.BadValue, Lines(text), "call", "forward_busy");
        }

        [TestMethod]
        [DataRow("4")]
        [DataRow("121")]
        public void NoAnswerTimeIsFiveToOneHundredTwentySeconds(string value)
        {
            string text = ConfigTestText.Minimal + "[call]\nforward_no_answer_s = " + value + "\n";
            ConfigResult r = ConfigTestText.Parse(text);
            ConfigTestText.OnlyError(r, ConfigErrorCode.OutOfRange, Lines(text), "call", "forward_no_answer_s");
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
