using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;

namespace Phone.Tests.Call
{
    /// <summary>
    /// [call] forwarding in the state machine: always (before do-not-disturb; the phone does not ring), busy (a call
    /// that would wait or be refused goes to the target), no answer (a ringing or waiting call after the configured
    /// time); a number becomes a URI in the phone's domain, a sip: URI is used as it is; each shows as F in the history.
    /// </summary>
    [TestClass]
    public class ForwardTests
    {
        private static PhoneStateMachine With(string always, string busy, string noAnswer, int seconds)
        {
            PhoneConfig c = PhoneScript.Config();
            c.Call.ForwardAlways = always;
            c.Call.ForwardBusy = busy;
            c.Call.ForwardNoAnswer = noAnswer;
            c.Call.ForwardNoAnswerSeconds = seconds;
            return new PhoneStateMachine(c, 0);
        }

        [TestMethod]
        public void ForwardAlwaysRedirectsWithoutRinging_EvenInDoNotDisturb()
        {
            PhoneStateMachine m = With("200", null, null, 20);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 100);
            Assert.AreEqual("Redirect 5 sip:200@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual((int)HistoryKind.Forwarded, (int)m.History.Get(0).Kind);
            Assert.AreEqual("sip:bob@example.org", m.History.Get(0).Uri);

            m.Press(PhoneKey.Dnd, 200);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(6, "Eve", "sip:eve@example.org"), 300);
            Assert.AreEqual("Redirect 6 sip:200@example.com", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DoNotDisturbStillRefusesWhenOnlyBusyOrNoAnswerForwardingIsSet()
        {
            PhoneStateMachine m = With(null, "300", "400", 20);
            m.Press(PhoneKey.Dnd, 0);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 100);
            Assert.AreEqual("Reject 5 486", PhoneScript.Take(m));
        }

        [TestMethod]
        public void ForwardBusyTakesTheSecondCallInsteadOfCallWaiting()
        {
            PhoneStateMachine m = With(null, "sip:voicemail@pbx.example.com", null, 20);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 10);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(6, "Eve", "sip:eve@example.org"), 20);
            Assert.AreEqual("Redirect 6 sip:voicemail@pbx.example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
            Assert.IsNull(m.Other);
        }

        [TestMethod]
        public void ForwardNoAnswerAfterTheConfiguredRingingTime()
        {
            PhoneStateMachine m = With(null, null, "400", 15);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 1000);
            Assert.AreEqual("Alert ring", PhoneScript.Take(m));
            Assert.AreEqual(16000L, m.NextDeadlineMs);
            m.Tick(15999);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Incoming);
            m.Tick(16000);
            Assert.AreEqual("Alert none | Redirect 5 sip:400@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual((int)HistoryKind.Forwarded, (int)m.History.Get(0).Kind);
        }

        [TestMethod]
        public void AnsweredInTimeIsNotForwarded()
        {
            PhoneStateMachine m = With(null, null, "400", 15);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 14000);
            PhoneScript.Take(m);
            m.Tick(20000);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
        }

        [TestMethod]
        public void AWaitingCallIsForwardedWhenNotTakenInTime_AndKeepsItsTimeWhenItComesForward()
        {
            PhoneStateMachine m = With(null, null, "400", 10);
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 10);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(6, "Eve", "sip:eve@example.org"), 1000);
            Assert.AreEqual("Alert waiting", PhoneScript.Take(m));
            m.Tick(11000);
            Assert.AreEqual("Alert none | Redirect 6 sip:400@example.com", PhoneScript.Take(m));
            Assert.IsNull(m.Other);
            PhoneScript.StateIs(m, PhoneState.Connected);

            // A second waiting call comes forward when the first call ends: it rings out the rest of its time.
            m.Handle(PhoneEvent.IncomingCall(7, "Ann", "sip:ann@example.org"), 20000);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.RemoteHangup(5), 25000);
            PhoneScript.StateIs(m, PhoneState.Incoming);
            PhoneScript.Take(m);
            m.Tick(29999);
            Assert.AreEqual("", PhoneScript.Take(m));
            m.Tick(30000);
            Assert.AreEqual("Alert none | Redirect 7 sip:400@example.com", PhoneScript.Take(m));
        }
    }
}
