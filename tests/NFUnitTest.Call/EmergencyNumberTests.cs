using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;
using Phone.Sip.Registration;

namespace Phone.Tests.Call
{
    /// <summary>
    /// [call] emergency: each number goes out the moment its last digit is typed, whatever the dial plan says, with
    /// do-not-disturb on and without a registration.
    /// </summary>
    [TestClass]
    public class EmergencyNumberTests
    {
        [TestMethod]
        public void DefaultNumbersGoOutOnTheirLastDigitWithoutAPlan()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "11", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.Keys(m, "2", 100);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));

            m = PhoneScript.New();
            PhoneScript.Keys(m, "911", 0);
            Assert.AreEqual("PlaceCall -1 sip:911@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void PlanThatRefusesTheirDigitsStillLetsThemThrough()
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.DialPlan = DialPlan.Parse("2xxx");
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "91", 0);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "1", 0);
            Assert.AreEqual("PlaceCall -1 sip:911@example.com", PhoneScript.Take(m));

            m = PhoneScript.New(c);
            PhoneScript.Keys(m, "92", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
        }

        [TestMethod]
        public void PlanThatWouldWaitDoesNotDelayThem()
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.DialPlan = DialPlan.Parse("1xxx|112x.");
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "112", 0);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void ConfiguredListReplacesTheDefaults()
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.Emergency = new string[] { "999" };
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "112", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            m.Press(PhoneKey.HangUp, 0);
            PhoneScript.Keys(m, "999", 0);
            Assert.AreEqual("PlaceCall -1 sip:999@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DoNotDisturbAndAFailedRegistrationDoNotStopThem()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.Dnd, 0);
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Failed, 403, "Forbidden", 0), 0);
            Assert.IsTrue(m.Dnd);
            PhoneScript.Keys(m, "112", 100);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
        }
    }
}
