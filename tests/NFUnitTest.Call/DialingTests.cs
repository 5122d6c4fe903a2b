using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>Idle to a placed call: digits, backspace, # and Call, the inter-digit timeout, redial.</summary>
    [TestClass]
    public class DialingTests
    {
        [TestMethod]
        public void FreshPhoneShowsIdleScreen()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Screen(m, new string[]
            {
                "R-               ....",
                "Desk 100",
                "",
                "Not registered",
                "",
                "",
                "",
                ""
            });
            Assert.AreEqual(0xFF, PhoneScript.DisplayOf(m).Screen.DirtyMask, "first frame draws every row");
            Assert.AreEqual(PhoneStateMachine.NoDeadline, m.NextDeadlineMs);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DigitsThenPoundPlaceTheCall()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "1", 1000);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Body(m, "Dial:", "1", "", "", "", "", "Call/# dial  <:del");
            PhoneScript.Keys(m, "23*4", 1500);
            PhoneScript.Body(m, "Dial:", "123*4", "", "", "", "", "Call/# dial  <:del");
            Assert.AreEqual("", PhoneScript.Take(m), "typing sends nothing");

            PhoneScript.Keys(m, "#", 2000);
            Assert.AreEqual("PlaceCall -1 sip:123*4@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
            PhoneScript.Body(m, "Calling...", "123*4", "sip:123*4@example.com", "", "", "", "End:cancel");
        }

        [TestMethod]
        public void CallKeyDialsToo()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200", 0);
            m.Press(PhoneKey.Call, 10);
            Assert.AreEqual("PlaceCall -1 sip:200@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void LeftIsBackspace()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "123", 0);
            m.Press(PhoneKey.Left, 100);
            PhoneScript.Body(m, "Dial:", "12", "", "", "", "", "Call/# dial  <:del");
            m.Press(PhoneKey.Left, 200);
            m.Press(PhoneKey.Left, 300);
            PhoneScript.Body(m, "Dial:", "", "", "", "", "", "Call/# dial  <:del");
            m.Press(PhoneKey.Pound, 400);
            Assert.AreEqual("", PhoneScript.Take(m), "# with nothing typed dials nothing");
            PhoneScript.Keys(m, "7", 500);
            m.Press(PhoneKey.Call, 600);
            Assert.AreEqual("PlaceCall -1 sip:7@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void InterDigitTimeoutDialsOnTheVirtualClock()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "4", 1000);
            PhoneScript.Keys(m, "2", 3000);
            Assert.AreEqual(8000L, m.NextDeadlineMs, "5 s after the last digit");
            m.Tick(7999);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            Assert.AreEqual("", PhoneScript.Take(m));
            m.Tick(8000);
            Assert.AreEqual("PlaceCall -1 sip:42@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
        }

        [TestMethod]
        public void OverdueTimeoutFiresBeforeTheNextKey()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "5", 0);
            // No Tick was delivered at 5000: the late key press still sees the call placed first.
            PhoneScript.Keys(m, "6", 9000);
            Assert.AreEqual("PlaceCall -1 sip:5@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);
        }

        [TestMethod]
        public void TimeoutWithNothingTypedReturnsToIdle()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "5", 0);
            m.Press(PhoneKey.Left, 1000);
            Assert.AreEqual(6000L, m.NextDeadlineMs);
            m.Tick(6000);
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void HangUpAbandonsDialing()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "99", 0);
            m.Press(PhoneKey.HangUp, 100);
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "");
            m.Tick(10000);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DigitsBeyondTwentyAreIgnored()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "1234567890123456789012", 0);
            PhoneScript.Body(m, "Dial:", "12345678901234567890", "", "", "", "", "Call/# dial  <:del");
        }

        [TestMethod]
        public void CallKeyInIdleRedialsTheLastNumber()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.Call, 0);
            Assert.AreEqual("", PhoneScript.Take(m), "nothing to redial yet");
            PhoneScript.StateIs(m, PhoneState.Idle);

            PhoneScript.Keys(m, "555#", 100);
            Assert.AreEqual("PlaceCall -1 sip:555@example.com", PhoneScript.Take(m));
            m.Handle(PhoneEvent.CallFailed(-1, 486, "Busy Here"), 1000);
            m.Tick(4000);
            PhoneScript.StateIs(m, PhoneState.Idle);

            m.Press(PhoneKey.Call, 5000);
            Assert.AreEqual("PlaceCall -2 sip:555@example.com", PhoneScript.Take(m));
            PhoneScript.Body(m, "Calling...", "555", "sip:555@example.com", "", "", "", "End:cancel");
        }

        [TestMethod]
        public void StarStartsDialingButPoundDoesNot()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.Pound, 0);
            PhoneScript.StateIs(m, PhoneState.Idle);
            m.Press(PhoneKey.Star, 0);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Body(m, "Dial:", "*", "", "", "", "", "Call/# dial  <:del");
        }
    }
}
