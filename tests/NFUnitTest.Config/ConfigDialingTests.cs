using nanoFramework.TestFramework;
using Phone.Config;

namespace Phone.Tests.Config
{
    /// <summary>[call] dial_plan / interdigit_ms / emergency / speed_dial: defaults, accepted values, refusals.</summary>
    [TestClass]
    public class ConfigDialingTests
    {
        [TestMethod]
        public void DefaultsHaveNoPlanFiveSecondsAndTheTwoEmergencyNumbers()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal);
            ConfigTestText.NoErrors(r);
            Assert.IsNull(r.Config.Call.DialPlan);
            Assert.AreEqual(5000, r.Config.Call.InterDigitMs);
            Assert.AreEqual(2, r.Config.Call.Emergency.Length);
            Assert.AreEqual("112", r.Config.Call.Emergency[0]);
            Assert.AreEqual("911", r.Config.Call.Emergency[1]);
            for (int d = 0; d < 10; d++) Assert.IsNull(r.Config.Call.SpeedDial[d]);
        }

        [TestMethod]
        public void AllFourKeysAreRead()
        {
            ConfigResult r = ConfigTestText.Parse(ConfigTestText.Minimal + "[call]\ndial_plan = 1xxx | 0[1-9]x. | *xx\ninterdigit_ms = 2000\n" +
                "emergency = 112,  999 ,110\nspeed_dial = 2:1002, 3:sip:help@example.com,0:voicemail\n");
            ConfigTestText.NoErrors(r);
            Assert.AreEqual(3, r.Config.Call.DialPlan.Count);
            Assert.AreEqual(2000, r.Config.Call.InterDigitMs);
            Assert.AreEqual(3, r.Config.Call.Emergency.Length);
            Assert.AreEqual("999", r.Config.Call.Emergency[1]);
            Assert.AreEqual("110", r.Config.Call.Emergency[2]);
            Assert.AreEqual("1002", r.Config.Call.SpeedDial[2]);
            Assert.AreEqual("sip:help@example.com", r.Config.Call.SpeedDial[3]);
            Assert.AreEqual("voicemail", r.Config.Call.SpeedDial[0]);
            Assert.IsNull(r.Config.Call.SpeedDial[1]);
        }

        [TestMethod]
        [DataRow("1xxx|")]
        [DataRow("|1xxx")]
        [DataRow(".1")]
        [DataRow("1..")]
        [DataRow("1[2-")]
        [DataRow("1[]")]
        [DataRow("1[9-2]")]
        [DataRow("1[a]")]
        [DataRow("1y")]
        [DataRow("1 2")]
        [DataRow("1T")]
        [DataRow("x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x|x")]
        [DataRow("123456789012345678901234567890123")]
        public void MalformedPlansAreRefusedOnTheirLine(string plan)
        {
            string text = ConfigTestText.Minimal + "[call]\ndial_plan = " + plan + "\n";
            ConfigTestText.OnlyError(ConfigTestText.Parse(text), ConfigErrorCode.BadValue, Lines(text), "call", "dial_plan");
        }

        [TestMethod]
        [DataRow("1999")]
        [DataRow("10001")]
        public void InterDigitTimeIsTwoToTenSeconds(string value)
        {
            string text = ConfigTestText.Minimal + "[call]\ninterdigit_ms = " + value + "\n";
            ConfigTestText.OnlyError(ConfigTestText.Parse(text), ConfigErrorCode.OutOfRange, Lines(text), "call", "interdigit_ms");
        }

        [TestMethod]
        [DataRow("112,")]
        [DataRow("11 2")]
        [DataRow("*112")]
        [DataRow("1,2,3,4,5")]
        [DataRow("1234567890123456")]
        public void EmergencyNumbersAreDigitListsOfAtMostFour(string value)
        {
            string text = ConfigTestText.Minimal + "[call]\nemergency = " + value + "\n";
            ConfigTestText.OnlyError(ConfigTestText.Parse(text), ConfigErrorCode.BadValue, Lines(text), "call", "emergency");
        }

        [TestMethod]
        [DataRow("2:1002, 2:1003")]
        [DataRow("21:1002")]
        [DataRow("*:1002")]
        [DataRow("2=1002")]
        [DataRow("2:")]
        [DataRow("2:10 02")]
        [DataRow("2:tel:+4930123456")]
        [DataRow("2:1002,")]
        public void SpeedDialItemsAreOneDigitOnceWithATarget(string value)
        {
            string text = ConfigTestText.Minimal + "[call]\nspeed_dial = " + value + "\n";
            ConfigTestText.OnlyError(ConfigTestText.Parse(text), ConfigErrorCode.BadValue, Lines(text), "call", "speed_dial");
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
