using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>Incoming calls: answer, decline (603), do-not-disturb (486), caller gives up (missed).</summary>
    [TestClass]
    public class IncomingCallTests
    {
        [TestMethod]
        public void RingThenAnswer()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 1000);
            Assert.AreEqual("Alert ring", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Incoming);
            PhoneScript.Body(m, "Incoming call", "Bob", "sip:bob@example.org", "", "", "", "Call:ans  End:decline");

            m.Press(PhoneKey.Call, 3000);
            Assert.AreEqual("Alert none | Answer 7", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "Bob", "00:00", "", "", "", "");
            Assert.AreEqual(1, m.History.Count);
            Assert.AreEqual((int)HistoryKind.Received, (int)m.History.Get(0).Kind);
        }

        [TestMethod]
        public void CallerWithoutDisplayNameShowsTheUri()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(7, "", "sip:301@example.com"), 0);
            PhoneScript.Body(m, "Incoming call", "sip:301@example.com", "sip:301@example.com", "", "", "", "Call:ans  End:decline");
        }

        [TestMethod]
        public void HangUpDeclinesWith603()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 0);
            PhoneScript.Take(m);
            m.Press(PhoneKey.HangUp, 500);
            Assert.AreEqual("Alert none | Reject 7 603", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual(0, m.History.MissedUnseen, "a declined call is not missed");
            Assert.AreEqual((int)HistoryKind.Rejected, (int)m.History.Get(0).Kind);
        }

        [TestMethod]
        public void DndRejectsWith486AndCountsAMissedCall()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.Dnd, 0);
            Assert.AreEqual("", PhoneScript.Take(m), "DND is local");
            PhoneScript.Screen(m, new string[]
            {
                "R-     D         ....",
                "Desk 100",
                "",
                "Not registered",
                "",
                "",
                "",
                "Do not disturb"
            });
            m.Handle(PhoneEvent.IncomingCall(9, "Carol", "sip:carol@example.org"), 100);
            Assert.AreEqual("Reject 9 486", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Screen(m, new string[]
            {
                "R-     D *1      ....",
                "Desk 100",
                "",
                "Not registered",
                "",
                "",
                "1 missed call",
                "Do not disturb"
            });

            m.Press(PhoneKey.Dnd, 200);
            m.Handle(PhoneEvent.IncomingCall(10, "Carol", "sip:carol@example.org"), 300);
            Assert.AreEqual("Alert ring", PhoneScript.Take(m), "DND off: it rings again");
        }

        [TestMethod]
        public void CallerCancelsIsAMissedCall()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 0);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.RemoteHangup(7), 4000);
            Assert.AreEqual("Alert none", PhoneScript.Take(m));
            PhoneScript.Body(m, "Call ended", "Bob", "Missed call", "", "", "", "");
            m.Tick(7000);
            PhoneScript.Screen(m, new string[]
            {
                "R-       *1      ....",
                "Desk 100",
                "",
                "Not registered",
                "",
                "",
                "1 missed call",
                ""
            });
        }

        [TestMethod]
        public void IncomingCallInterruptsDialing()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "12", 0);
            m.Handle(PhoneEvent.IncomingCall(3, "Dan", "sip:dan@example.org"), 1000);
            PhoneScript.StateIs(m, PhoneState.Incoming);
            Assert.AreEqual("Alert ring", PhoneScript.Take(m));
            m.Tick(10000);
            Assert.AreEqual("", PhoneScript.Take(m), "the abandoned digits are not dialled");
        }

        [TestMethod]
        public void SecondIncomingWhileRingingIsBusy()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(3, "Dan", "sip:dan@example.org"), 0);
            m.Handle(PhoneEvent.IncomingCall(4, "Eve", "sip:eve@example.org"), 10);
            Assert.AreEqual("Alert ring | Reject 4 486", PhoneScript.Take(m));
            PhoneScript.Body(m, "Incoming call", "Dan", "sip:dan@example.org", "", "", "", "Call:ans  End:decline");
        }

        [TestMethod]
        public void IncomingWhileCallingOutIsBusy()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.IncomingCall(4, "Eve", "sip:eve@example.org"), 10);
            Assert.AreEqual("PlaceCall -1 sip:200@example.com | Reject 4 486", PhoneScript.Take(m));
        }
    }
}
