using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;

namespace Phone.Tests.Call
{
    /// <summary>
    /// Dialing with [call] dial_plan: a whole number no pattern can extend goes out on its last digit, one that could
    /// grow waits for the inter-digit timeout, a number the plan can never take is refused with a notice, and #, Call
    /// and the timeout send only whole numbers of the plan.
    /// </summary>
    [TestClass]
    public class DialPlanDialingTests
    {
        private static PhoneStateMachine WithPlan(string plan)
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.DialPlan = DialPlan.Parse(plan);
            return PhoneScript.New(c);
        }

        [TestMethod]
        public void FixedLengthNumberGoesOutOnItsLastDigit()
        {
            PhoneStateMachine m = WithPlan("1xxx|0[1-9]x.");
            PhoneScript.Keys(m, "100", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "2", 500);
            Assert.AreEqual("PlaceCall -1 sip:1002@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
        }

        [TestMethod]
        public void NumberThatCanGrowWaitsForTheTimeout()
        {
            PhoneStateMachine m = WithPlan("1xxx|0[1-9]x.");
            PhoneScript.Keys(m, "0301", 1000);
            Assert.AreEqual("", PhoneScript.Take(m));
            Assert.AreEqual(1000L + PhoneStateMachine.InterDigitTimeoutMs, m.NextDeadlineMs);
            m.Tick(1000 + PhoneStateMachine.InterDigitTimeoutMs);
            Assert.AreEqual("PlaceCall -1 sip:0301@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void ConfiguredInterDigitTimeIsUsed()
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.DialPlan = DialPlan.Parse("0x.");
            c.Call.InterDigitMs = 2000;
            PhoneStateMachine m = PhoneScript.New(c);
            PhoneScript.Keys(m, "07", 100);
            Assert.AreEqual(2100L, m.NextDeadlineMs);
            m.Tick(2099);
            Assert.AreEqual("", PhoneScript.Take(m));
            m.Tick(2100);
            Assert.AreEqual("PlaceCall -1 sip:07@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void ImpossibleNumberIsRefusedAtOnceWithANotice()
        {
            PhoneStateMachine m = WithPlan("1xxx");
            PhoneScript.Keys(m, "15", 0);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "*", 100);
            Assert.AreEqual("", PhoneScript.Take(m), "no call");
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "Not in dial plan");
            m.Tick(100 + PhoneStateMachine.NoticeMs);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "");
        }

        [TestMethod]
        public void PoundSendsAWholeNumberAtOnceButRefusesAPartOne()
        {
            PhoneStateMachine m = WithPlan("0[1-9]x.|1xxx");
            PhoneScript.Keys(m, "030#", 0);
            Assert.AreEqual("PlaceCall -1 sip:030@example.com", PhoneScript.Take(m));

            m = WithPlan("0[1-9]x.|1xxx");
            PhoneScript.Keys(m, "10#", 0);
            Assert.AreEqual("", PhoneScript.Take(m), "10 is not a whole number of the plan");
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "Not in dial plan");
        }

        [TestMethod]
        public void CallKeyActsLikePound()
        {
            PhoneStateMachine m = WithPlan("0[1-9]x.");
            PhoneScript.Keys(m, "089", 0);
            m.Press(PhoneKey.Call, 10);
            Assert.AreEqual("PlaceCall -1 sip:089@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void TimeoutOnAPartNumberRefusesIt()
        {
            PhoneStateMachine m = WithPlan("1xxx");
            PhoneScript.Keys(m, "10", 0);
            m.Tick(PhoneStateMachine.InterDigitTimeoutMs);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "Not in dial plan");
        }

        [TestMethod]
        public void BackspaceThenAPossibleDigitKeepsDialing()
        {
            PhoneStateMachine m = WithPlan("1xxx");
            PhoneScript.Keys(m, "10", 0);
            m.Press(PhoneKey.Left, 100);
            PhoneScript.Keys(m, "234", 200);
            Assert.AreEqual("PlaceCall -1 sip:1234@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void WithoutAPlanEveryNumberWaitsForPoundOrTheTimeout()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "1002", 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Keys(m, "*#", 10);
            Assert.AreEqual("PlaceCall -1 sip:1002*@example.com", PhoneScript.Take(m));
        }
    }
}
