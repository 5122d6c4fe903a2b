using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;

namespace Phone.Tests.Call
{
    /// <summary>[call] speed_dial: in idle, one digit then Call dials that digit's target; anything else dials as usual.</summary>
    [TestClass]
    public class SpeedDialTests
    {
        private static PhoneConfig Config()
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.SpeedDial[2] = "1002";
            c.Call.SpeedDial[3] = "sip:help@example.org";
            return c;
        }

        [TestMethod]
        public void DigitThenCallDialsTheEntry()
        {
            PhoneStateMachine m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "2", 0);
            m.Press(PhoneKey.Call, 100);
            Assert.AreEqual("PlaceCall -1 sip:1002@example.com", PhoneScript.Take(m));
            PhoneScript.Body(m, "Calling...", "1002", "sip:1002@example.com", "", "", "", "End:cancel");

            m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "3", 0);
            m.Press(PhoneKey.Call, 100);
            Assert.AreEqual("PlaceCall -1 sip:help@example.org", PhoneScript.Take(m));
            Assert.AreEqual((int)HistoryKind.Dialled, (int)m.History.Get(0).Kind);
            Assert.AreEqual("sip:help@example.org", m.History.Get(0).Uri);
        }

        [TestMethod]
        public void DigitWithoutAnEntryDialsItself()
        {
            PhoneStateMachine m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "4", 0);
            m.Press(PhoneKey.Call, 100);
            Assert.AreEqual("PlaceCall -1 sip:4@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void MoreDigitsOrPoundDialTheNumberTyped()
        {
            PhoneStateMachine m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "23", 0);
            m.Press(PhoneKey.Call, 100);
            Assert.AreEqual("PlaceCall -1 sip:23@example.com", PhoneScript.Take(m));

            m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "2#", 0);
            Assert.AreEqual("PlaceCall -1 sip:2@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DialPlanDoesNotRefuseASpeedDialDigit()
        {
            PhoneConfig c = Config();
            c.Call.DialPlan = DialPlan.Parse("1xxx");
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "2", 0);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            m.Press(PhoneKey.Call, 100);
            Assert.AreEqual("PlaceCall -1 sip:1002@example.com", PhoneScript.Take(m));

            m = PhoneScript.New(c);
            PhoneScript.Keys(m, "4", 0);
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual("", PhoneScript.Take(m), "4 has no entry and no pattern");
        }

        [TestMethod]
        public void CallWithNothingTypedStillRedials()
        {
            PhoneStateMachine m = PhoneScript.New(Config());
            PhoneScript.Keys(m, "2", 0);
            m.Press(PhoneKey.Call, 100);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.CallFailed(-1, 486, "Busy Here"), 200);
            m.Tick(5000);
            m.Press(PhoneKey.Call, 6000);
            Assert.AreEqual("PlaceCall -2 sip:1002@example.com", PhoneScript.Take(m));
        }
    }
}
