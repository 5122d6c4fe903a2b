using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>Call history: bounded, newest first, missed calls counted until viewed, calling back from it.</summary>
    [TestClass]
    public class HistoryTests
    {
        private static void DialAndFail(PhoneStateMachine m, string digits, int id, long t)
        {
            PhoneScript.Keys(m, digits + "#", t);
            m.Handle(PhoneEvent.CallFailed(id, 486, null), t + 100);
            m.Press(PhoneKey.HangUp, t + 200);
        }

        private static void Missed(PhoneStateMachine m, int id, string name, long t)
        {
            m.Handle(PhoneEvent.IncomingCall(id, name, "sip:" + name.ToLower() + "@example.org"), t);
            m.Handle(PhoneEvent.RemoteHangup(id), t + 100);
            m.Press(PhoneKey.HangUp, t + 200);
        }

        [TestMethod]
        public void BoundedNewestFirstAndMissedCountedUntilViewed()
        {
            PhoneStateMachine m = PhoneScript.New(3);
            DialAndFail(m, "101", -1, 0);
            DialAndFail(m, "102", -2, 1000);
            Missed(m, 1, "Bob", 2000);
            Missed(m, 2, "Carol", 3000);
            PhoneScript.Take(m);

            Assert.AreEqual(3, m.History.Count, "the oldest (101) fell out");
            Assert.AreEqual(2, m.History.MissedUnseen);
            PhoneScript.Screen(m, new string[]
            {
                "R-       *2      ....",
                "Desk 100",
                "",
                "Not registered",
                "",
                "",
                "2 missed calls",
                ""
            });

            m.Press(PhoneKey.Down, 4000);
            PhoneScript.StateIs(m, PhoneState.History);
            PhoneScript.Screen(m, new string[]
            {
                "R-               ....",
                "History 1/3",
                ">M Carol",
                " M Bob",
                " D 102",
                "",
                "",
                "Call:dial  End:back"
            });
            Assert.AreEqual(0, m.History.MissedUnseen, "viewed");

            m.Press(PhoneKey.Down, 4100);
            PhoneScript.Body(m, "History 2/3", " M Carol", ">M Bob", " D 102", "", "", "Call:dial  End:back");
            m.Press(PhoneKey.Call, 4200);
            Assert.AreEqual("PlaceCall -3 sip:bob@example.org", PhoneScript.Take(m));
            PhoneScript.Body(m, "Calling...", "Bob", "sip:bob@example.org", "", "", "", "End:cancel");
            Assert.AreEqual((int)HistoryKind.Dialled, (int)m.History.Get(0).Kind);
            Assert.AreEqual("Bob", m.History.Get(0).Label);
            Assert.AreEqual(3, m.History.Count);
        }

        [TestMethod]
        public void MissedCounterOutlivesTheEntries()
        {
            PhoneStateMachine m = PhoneScript.New(2);
            for (int i = 1; i <= 5; i++) Missed(m, i, "Bob", i * 1000);
            Assert.AreEqual(2, m.History.Count);
            Assert.AreEqual(5, m.History.MissedUnseen);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "5 missed calls", "");
        }

        [TestMethod]
        public void ListScrollsToKeepTheCursorVisible()
        {
            PhoneStateMachine m = PhoneScript.New();
            for (int i = 1; i <= 7; i++) DialAndFail(m, i.ToString(), -i, i * 1000);
            m.Press(PhoneKey.Ok, 10000);
            PhoneScript.Body(m, "History 1/7", ">D 7", " D 6", " D 5", " D 4", " D 3", "Call:dial  End:back");
            for (int i = 0; i < 7; i++) m.Press(PhoneKey.Down, 10100);
            PhoneScript.Body(m, "History 7/7", " D 5", " D 4", " D 3", " D 2", ">D 1", "Call:dial  End:back");
            m.Press(PhoneKey.Up, 10200);
            PhoneScript.Body(m, "History 6/7", " D 5", " D 4", " D 3", ">D 2", " D 1", "Call:dial  End:back");
            m.Press(PhoneKey.Left, 10300);
            PhoneScript.StateIs(m, PhoneState.Idle);
        }

        [TestMethod]
        public void EmptyHistoryDialsNothing()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.Up, 0);
            PhoneScript.Body(m, "History", "(empty)", "", "", "", "", "Call:dial  End:back");
            m.Press(PhoneKey.Call, 100);
            m.Press(PhoneKey.Down, 100);
            Assert.AreEqual("", PhoneScript.Take(m));
            m.Press(PhoneKey.HangUp, 200);
            PhoneScript.StateIs(m, PhoneState.Idle);
        }

        [TestMethod]
        public void CapacityOneKeepsOnlyTheNewest()
        {
            CallHistory h = new CallHistory(1);
            h.Add(HistoryKind.Dialled, "1", "sip:1@x", 0);
            h.Add(HistoryKind.Missed, "2", "sip:2@x", 1);
            Assert.AreEqual(1, h.Count);
            Assert.AreEqual("2", h.Get(0).Label);
            Assert.AreEqual(1, h.MissedUnseen);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => h.Get(1));
        }
    }
}
