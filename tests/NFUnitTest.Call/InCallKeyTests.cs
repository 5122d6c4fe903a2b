using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>Keys during a call (hold, mute, DTMF, volume) and keys that mean nothing in a state.</summary>
    [TestClass]
    public class InCallKeyTests
    {
        private static PhoneStateMachine Connected()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            m.Press(PhoneKey.Call, 0);
            PhoneScript.Take(m);
            return m;
        }

        [TestMethod]
        public void HoldAndResume()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.Hold, 1000);
            Assert.AreEqual("Hold 5 on", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Held);
            PhoneScript.Body(m, "On hold", "Bob", "00:01", "", "", "", "Hold:resume");
            PhoneScript.Keys(m, "5", 1500);
            Assert.AreEqual("", PhoneScript.Take(m), "no DTMF to a held call");
            m.Press(PhoneKey.Hold, 2000);
            Assert.AreEqual("Hold 5 off", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Connected);
        }

        [TestMethod]
        public void RemoteHoldIsShown()
        {
            PhoneStateMachine m = Connected();
            m.Handle(PhoneEvent.RemoteHold(5, true), 1000);
            PhoneScript.Body(m, "Connected", "Bob", "00:01", "Held by remote", "", "", "");
            m.Handle(PhoneEvent.RemoteHold(5, false), 2000);
            PhoneScript.Body(m, "Connected", "Bob", "00:02", "", "", "", "");
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void MuteTogglesAndIsReleasedWhenTheCallEnds()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.Mute, 1000);
            Assert.AreEqual("Mute on", PhoneScript.Take(m));
            Assert.AreEqual('M', PhoneScript.DisplayOf(m).Screen.CharAt(0, 5));
            m.Press(PhoneKey.Mute, 2000);
            Assert.AreEqual("Mute off", PhoneScript.Take(m));
            Assert.AreEqual(' ', PhoneScript.DisplayOf(m).Screen.CharAt(0, 5));
            m.Press(PhoneKey.Mute, 3000);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.RemoteHangup(5), 4000);
            Assert.AreEqual("Mute off", PhoneScript.Take(m));
            Assert.IsFalse(m.Muted);
        }

        [TestMethod]
        public void DigitsSendDtmf()
        {
            PhoneStateMachine m = Connected();
            PhoneScript.Keys(m, "1*#", 1000);
            Assert.AreEqual("Dtmf 5 1 | Dtmf 5 * | Dtmf 5 #", PhoneScript.Take(m));
        }

        [TestMethod]
        public void VolumeInACallIsTheSpeakerAndStopsAtTheEnds()
        {
            PhoneStateMachine m = Connected();
            m.Press(PhoneKey.VolumeUp, 1000);
            Assert.AreEqual("Volume speaker 80", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "Bob", "00:01", "", "", "", "Speaker vol 80");
            Assert.AreEqual(2000L, m.NextDeadlineMs);
            m.Press(PhoneKey.VolumeUp, 1100);
            m.Press(PhoneKey.VolumeUp, 1200);
            m.Press(PhoneKey.VolumeUp, 1300);
            Assert.AreEqual("Volume speaker 90 | Volume speaker 100", PhoneScript.Take(m), "no command past 100");
            PhoneScript.Body(m, "Connected", "Bob", "00:01", "", "", "", "Speaker vol 100");
            m.Tick(3300);
            PhoneScript.Body(m, "Connected", "Bob", "00:03", "", "", "", "");
            Assert.AreEqual(100, m.SpeakerVolume);
            Assert.AreEqual(80, m.RingVolume);
        }

        [TestMethod]
        public void VolumeInIdleIsTheRinger()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Press(PhoneKey.VolumeDown, 0);
            Assert.AreEqual("Volume ring 70", PhoneScript.Take(m));
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "Ring vol 70");
            Assert.AreEqual(2000L, m.NextDeadlineMs);
            m.Tick(2000);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "");
            Assert.AreEqual(PhoneStateMachine.NoDeadline, m.NextDeadlineMs);
        }

        [TestMethod]
        [DataRow(14)] // Hold
        [DataRow(15)] // Mute
        [DataRow(13)] // HangUp
        [DataRow(20)] // Left
        [DataRow(21)] // Right
        [DataRow(11)] // Pound
        public void KeysWithoutMeaningInIdleDoNothing(int key)
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.DisplayOf(m).Screen.ClearDirty();
            m.Press((PhoneKey)key, 100);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual(0, PhoneScript.DisplayOf(m).Screen.DirtyMask, "nothing to redraw");
        }

        [TestMethod]
        public void KeysWithoutMeaningWhileRingingDoNothing()
        {
            PhoneStateMachine m = PhoneScript.New();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            PhoneScript.Take(m);
            m.Press(PhoneKey.Hold, 100);
            m.Press(PhoneKey.Mute, 100);
            PhoneScript.Keys(m, "1#", 100);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Incoming);
        }

        [TestMethod]
        public void SrtpIconFollowsMediaStats()
        {
            PhoneStateMachine m = Connected();
            Assert.AreEqual(' ', PhoneScript.DisplayOf(m).Screen.CharAt(0, 3), "no media report yet");
            m.Handle(PhoneEvent.MediaStats(5, true, 0), 1000);
            Assert.AreEqual('L', PhoneScript.DisplayOf(m).Screen.CharAt(0, 3));
            m.Handle(PhoneEvent.MediaStats(5, false, 12), 2000);
            Assert.AreEqual('U', PhoneScript.DisplayOf(m).Screen.CharAt(0, 3));
            PhoneScript.Body(m, "Connected", "Bob", "00:02", "", "", "Loss 12%", "");
            m.Press(PhoneKey.HangUp, 3000);
            Assert.AreEqual(' ', PhoneScript.DisplayOf(m).Screen.CharAt(0, 3), "no call, no lock");
        }
    }
}
