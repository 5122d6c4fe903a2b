using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>
    /// The local three-way conference: with one call active and the other held, Conference resumes the held one and
    /// has the media mix both; Conference or Hold splits it again; End ends both calls; either party leaving leaves
    /// the other call alone; the media refusing splits it.
    /// </summary>
    [TestClass]
    public class ConferenceTests
    {
        /// <summary>Outgoing call -1 to 200 answered at 0 s; Bob (id 7) calls in at 10 s and is answered at 12 s.</summary>
        private static PhoneStateMachine TwoCalls()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 10000);
            m.Press(PhoneKey.Call, 12000);
            PhoneScript.Take(m);
            return m;
        }

        private static PhoneStateMachine Joined()
        {
            PhoneStateMachine m = TwoCalls();
            m.Press(PhoneKey.Conference, 13000);
            PhoneScript.Take(m);
            return m;
        }

        [TestMethod]
        public void ConferenceResumesTheHeldCallAndMixes()
        {
            PhoneStateMachine m = TwoCalls();
            m.Press(PhoneKey.Conference, 13000);
            Assert.AreEqual("Hold -1 off | Conference on", PhoneScript.Take(m));
            Assert.IsTrue(m.Conference);
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Conference", "Bob", "200", "00:13", "", "", "Conf:split  End:all");
        }

        [TestMethod]
        public void ConferenceKeyDoesNothingWithOneCall()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.Take(m);
            m.Press(PhoneKey.Conference, 1000);
            Assert.AreEqual("", PhoneScript.Take(m));
            Assert.IsFalse(m.Conference);
        }

        [TestMethod]
        public void ConferenceKeyDoesNothingWhileACallWaits()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            m.Handle(PhoneEvent.IncomingCall(7, "Bob", "sip:bob@example.org"), 10000);
            PhoneScript.Take(m);
            m.Press(PhoneKey.Conference, 11000);
            Assert.AreEqual("", PhoneScript.Take(m));
            Assert.IsFalse(m.Conference);
        }

        [TestMethod]
        [DataRow((int)PhoneKey.Conference)]
        [DataRow((int)PhoneKey.Hold)]
        public void SplittingHoldsTheOtherCallAgain(int key)
        {
            PhoneStateMachine m = Joined();
            m.Press((PhoneKey)key, 14000);
            Assert.AreEqual("Conference off | Hold -1 on", PhoneScript.Take(m));
            Assert.IsFalse(m.Conference);
            PhoneScript.Body(m, "Connected", "Bob", "00:02", "", "Held: 200", "", "Hold:swap Xfer:join");
        }

        [TestMethod]
        public void EndHangsUpBoth()
        {
            PhoneStateMachine m = Joined();
            m.Press(PhoneKey.HangUp, 20000);
            Assert.AreEqual("Conference off | HangUp -1 | HangUp 7", PhoneScript.Take(m));
            Assert.IsFalse(m.Conference);
            PhoneScript.StateIs(m, PhoneState.Ended);
            Assert.IsNull(m.Other);
        }

        [TestMethod]
        public void APartyLeavingLeavesTheOtherCall()
        {
            PhoneStateMachine m = Joined();
            m.Handle(PhoneEvent.RemoteHangup(-1), 15000);
            Assert.IsFalse(m.Conference);
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "Bob", "00:03", "", "", "", "");

            m = Joined();
            m.Handle(PhoneEvent.RemoteHangup(7), 15000);
            Assert.IsFalse(m.Conference);
            PhoneScript.StateIs(m, PhoneState.Connected);
            PhoneScript.Body(m, "Connected", "200", "00:15", "", "", "", "");
        }

        [TestMethod]
        public void TheMediaRefusingSplitsIt()
        {
            PhoneStateMachine m = Joined();
            m.Handle(PhoneEvent.ConferenceRefused("conference needs 20 ms ptime on both calls"), 13100);
            Assert.AreEqual("Conference off | Hold -1 on", PhoneScript.Take(m));
            Assert.IsFalse(m.Conference);
            PhoneScript.Body(m, "Connected", "Bob", "00:01", "", "Held: 200", "", "Conference failed");
        }
    }
}
