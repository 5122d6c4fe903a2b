using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>The command queue keeps order, grows when not cleared, and recycles its objects after Clear.</summary>
    [TestClass]
    public class CommandQueueTests
    {
        [TestMethod]
        public void KeepsOrderAndGrowsPastItsCapacity()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 0);
            PhoneScript.Take(m);
            PhoneScript.Keys(m, "0123456789*#", 100);
            Assert.AreEqual(12, m.Commands.Count);
            Assert.AreEqual("Dtmf 5 0 | Dtmf 5 1 | Dtmf 5 2 | Dtmf 5 3 | Dtmf 5 4 | Dtmf 5 5 | Dtmf 5 6 | Dtmf 5 7 | Dtmf 5 8 | Dtmf 5 9 | Dtmf 5 * | Dtmf 5 #",
                PhoneScript.Take(m));
        }

        [TestMethod]
        public void ObjectsAreReusedAfterClear()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            PhoneCommand first = m.Commands[0];
            m.Commands.Clear();
            Assert.AreEqual(0, m.Commands.Count);
            m.Press(PhoneKey.HangUp, 10);
            Assert.AreSame(first, m.Commands[0]);
            Assert.AreEqual("Alert none | Reject 5 603", PhoneScript.Take(m));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => { PhoneCommand c = m.Commands[0]; });
        }

        [TestMethod]
        public void TakeGivesOldestFirstAndCommandsEmittedMeanwhileQueueBehind()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 10);
            PhoneScript.Take(m);
            PhoneScript.Keys(m, "12", 100);
            PhoneCommand taken = new PhoneCommand();
            Assert.IsTrue(m.Commands.TryTake(taken));
            Assert.AreEqual((int)PhoneCommandKind.SendDtmf, (int)taken.Kind);
            Assert.AreEqual('1', taken.Digit);
            Assert.AreEqual(1, m.Commands.Count);

            // Executing the taken command emits more (as a call agent's event does): they queue after the rest, and
            // the copy that was taken stays as it was.
            PhoneScript.Keys(m, "3", 200);
            Assert.AreEqual('1', taken.Digit);
            Assert.AreEqual(2, m.Commands.Count);
            Assert.IsTrue(m.Commands.TryTake(taken));
            Assert.AreEqual('2', taken.Digit);
            Assert.IsTrue(m.Commands.TryTake(taken));
            Assert.AreEqual('3', taken.Digit);
            Assert.IsFalse(m.Commands.TryTake(taken));
            Assert.AreEqual(0, m.Commands.Count);
        }

        [TestMethod]
        public void TakeAndAddInterleavedKeepTheirOrder()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 10);
            PhoneScript.Take(m);
            PhoneCommand taken = new PhoneCommand();
            PhoneScript.Keys(m, "0", 100);

            // One behind all the time for 1,000 digits (taken slots at the front are reused): the order holds.
            for (int i = 1; i <= 1000; i++)
            {
                PhoneScript.Keys(m, (i % 10).ToString(), 100 + i);
                Assert.IsTrue(m.Commands.TryTake(taken));
                Assert.AreEqual((char)('0' + (i - 1) % 10), taken.Digit);
                Assert.AreEqual(1, m.Commands.Count);
            }
        }

        [TestMethod]
        public void VolumeWhileRingingIsTheRinger()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            PhoneScript.Take(m);
            m.Press(PhoneKey.VolumeUp, 100);
            Assert.AreEqual("Volume ring 90", PhoneScript.Take(m));
            PhoneScript.Body(m, "Incoming call", "Bob", "sip:bob@example.org", "", "", "", "Ring vol 90");
        }

        [TestMethod]
        public void RingbackStopsWhenEarlyMediaArrivesAndOnAnswer()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallProgress(-1, 180), 100);
            m.Handle(PhoneEvent.CallProgress(-1, 183), 200);
            m.Handle(PhoneEvent.CallAnswered(-1), 300);
            Assert.AreEqual("PlaceCall -1 sip:200@example.com | Alert ringback | Alert none", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
        }
    }
}
