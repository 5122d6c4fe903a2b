using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>A second incoming call during a call: signalled, answered (holding the first), swapped, resumed.</summary>
    [TestClass]
    public class CallWaitingTests
    {
        /// <summary>Outgoing call -1 to 200 answered at 0 s; Bob (id 7) calls in at 10 s.</summary>
        private static PhoneStateMachine Waiting()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 10000);
            return m;
        }

        [TestMethod]
        public void WaitingCallIsSignalledNotRung()
        {
            PhoneStateMachine m = Waiting();
            Assert.AreEqual("Alert waiting", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "200", "00:10", "", "Waiting: Bob", "", "Call:ans  OK:reject");
        }

        [TestMethod]
        public void AnsweringHoldsTheFirstCallThenHangUpOffersToResumeIt()
        {
            PhoneStateMachine m = Waiting();
            PhoneScript.Take(m);
            m.Press(PhoneKey.Call, 12000);
            Assert.AreEqual("Alert none | Hold -1 on | Answer 7", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "Bob", "00:00", "", "Held: 200", "", "Hold:swap Xfer:join");

            m.Press(PhoneKey.HangUp, 20000);
            Assert.AreEqual("HangUp 7", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Held);
            PhoneScript.Body(m, "On hold", "200", "00:20", "", "", "", "Hold:resume");

            m.Press(PhoneKey.Call, 21000);
            Assert.AreEqual("Hold -1 off", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "200", "00:21", "", "", "", "");
        }

        [TestMethod]
        public void HoldSwapsTwoCalls()
        {
            PhoneStateMachine m = Waiting();
            m.Press(PhoneKey.Call, 12000);
            PhoneScript.Take(m);
            m.Press(PhoneKey.Hold, 13000);
            Assert.AreEqual("Hold 7 on | Hold -1 off", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "200", "00:13", "", "Held: Bob", "", "Hold:swap Xfer:join");
            m.Press(PhoneKey.Hold, 14000);
            Assert.AreEqual("Hold -1 on | Hold 7 off", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "Bob", "00:02", "", "Held: 200", "", "Hold:swap Xfer:join");
        }

        [TestMethod]
        public void OkRejectsTheWaitingCall()
        {
            PhoneStateMachine m = Waiting();
            PhoneScript.Take(m);
            m.Press(PhoneKey.Ok, 11000);
            Assert.AreEqual("Alert none | Reject 7 603", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "200", "00:11", "", "", "", "");
        }

        [TestMethod]
        public void HangingUpTheActiveCallRingsTheWaitingOne()
        {
            PhoneStateMachine m = Waiting();
            PhoneScript.Take(m);
            m.Press(PhoneKey.HangUp, 11000);
            Assert.AreEqual("HangUp -1 | Alert ring", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Incoming);
            PhoneScript.Body(m, "Incoming call", "Bob", "sip:bob@example.org", "", "", "", "Call:ans  End:decline");
            m.Press(PhoneKey.Call, 12000);
            Assert.AreEqual("Alert none | Answer 7", PhoneScript.Take(m));
        }

        [TestMethod]
        public void WaitingCallerGivingUpIsMissed()
        {
            PhoneStateMachine m = Waiting();
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.RemoteHangup(7), 15000);
            Assert.AreEqual("Alert none", PhoneScript.Take(m));
            Assert.AreEqual(1, m.History.MissedUnseen);
            PhoneScript.Body(m, "Connected", "200", "00:15", "", "", "", "");
        }

        [TestMethod]
        public void ThirdCallIsBusy()
        {
            PhoneStateMachine m = Waiting();
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(8, "Eve", "sip:eve@example.org"), 11000);
            Assert.AreEqual("Reject 8 486", PhoneScript.Take(m));
        }

        [TestMethod]
        public void DndRefusesTheWaitingCall()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            m.Press(PhoneKey.Dnd, 100);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 1000);
            Assert.AreEqual("Reject 7 486", PhoneScript.Take(m));
        }

        [TestMethod]
        public void HeldCallHungUpRemotelyDisappears()
        {
            PhoneStateMachine m = Waiting();
            m.Press(PhoneKey.Call, 12000);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.RemoteHangup(-1), 13000);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "Bob", "00:01", "", "", "", "");
        }
    }
}
