using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;
using Phone.Sip.Registration;

namespace Phone.Tests.Call
{
    /// <summary>
    /// [call] emergency: the dial plan never refuses them, and they go out the moment their last digit is typed unless
    /// a longer number of the plan starts with them (then on the inter-digit timeout, # or Call, as any number does
    /// without a plan); do-not-disturb and a failed registration do not stop them.
    /// </summary>
    [TestClass]
    public class EmergencyNumberTests
    {
        private static PhoneStateMachine WithPlan(string plan, string[] emergency)
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.DialPlan = plan == null ? null : DialPlan.Parse(plan);
            if (emergency != null) c.Call.Emergency = emergency;
            return PhoneScript.New(c);
        }

        [TestMethod]
        public void WithoutAPlanTheyDialLikeAnyNumber_SoExtensionsStartingWithThemStillWork()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "112", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.Keys(m, "#", 100);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));

            m = PhoneScript.New();
            PhoneScript.Keys(m, "1120#", 0);
            Assert.AreEqual("PlaceCall -1 sip:1120@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void APlanThatRefusesTheirDigitsStillLetsThemThroughAtOnce()
        {
            PhoneStateMachine m = WithPlan("2xxx", null);
            PhoneScript.Keys(m, "91", 0);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "1", 0);
            Assert.AreEqual("PlaceCall -1 sip:911@example.com", PhoneScript.Take(m));

            m = WithPlan("2xxx", null);
            PhoneScript.Keys(m, "92", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
        }

        [TestMethod]
        public void APlanWithLongerNumbersStartingWithThemWaits_TheTimeoutOrHashSendsThem()
        {
            PhoneStateMachine m = WithPlan("1xxx", null);
            PhoneScript.Keys(m, "112", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "#", 100);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));

            m = WithPlan("1xxx", null);
            PhoneScript.Keys(m, "112", 0);
            m.Tick(m.NextDeadlineMs);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));

            m = WithPlan("1xxx", null);
            PhoneScript.Keys(m, "1120", 0);
            Assert.AreEqual("PlaceCall -1 sip:1120@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void ConfiguredListReplacesTheDefaults()
        {
            // 112 is no longer an emergency number here: its first digit is refused by the plan at once.
            PhoneStateMachine m = WithPlan("2xxx", new string[] { "999" });
            PhoneScript.Keys(m, "1", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Keys(m, "999", 0);
            Assert.AreEqual("PlaceCall -1 sip:999@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DoNotDisturbAndAFailedRegistrationDoNotStopThem()
        {
            PhoneStateMachine m = WithPlan("2xxx", null);
            m.Press(PhoneKey.Dnd, 0);
            m.Handle(PhoneEvent.RegistrationChanged(RegistrationState.Failed, 403, "Forbidden", 0), 0);
            Assert.IsTrue(m.Dnd);
            PhoneScript.Keys(m, "112", 100);
            Assert.AreEqual("PlaceCall -1 sip:112@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
        }
    }
}
