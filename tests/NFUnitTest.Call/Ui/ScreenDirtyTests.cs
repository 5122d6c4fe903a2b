using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Tests.Call;

namespace Phone.Tests.Ui
{
    /// <summary>The state machine redraws only what an input changed.</summary>
    [TestClass]
    public class ScreenDirtyTests
    {
        [TestMethod]
        public void ADigitWhileDialingDirtiesOnlyTheNumberRow()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "1", 0);
            PhoneScript.DisplayOf(m).Screen.ClearDirty();
            PhoneScript.Keys(m, "2", 100);
            Assert.AreEqual(0x04, PhoneScript.DisplayOf(m).Screen.DirtyMask);
        }

        [TestMethod]
        public void ASecondOfCallTimeDirtiesOnlyTheDurationRow()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.DisplayOf(m).Screen.ClearDirty();
            m.Tick(999);
            Assert.AreEqual(0, PhoneScript.DisplayOf(m).Screen.DirtyMask, "still 00:00");
            m.Tick(1000);
            Assert.AreEqual(0x08, PhoneScript.DisplayOf(m).Screen.DirtyMask);
        }

        [TestMethod]
        public void MuteDirtiesOnlyTheStatusRow()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            PhoneScript.DisplayOf(m).Screen.ClearDirty();
            m.Press(PhoneKey.Mute, 500);
            Assert.AreEqual(0x01, PhoneScript.DisplayOf(m).Screen.DirtyMask);
        }

        [TestMethod]
        public void EnteringACallRedrawsTheBodyButNotTheStatusBar()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.DisplayOf(m).Screen.ClearDirty();
            m.Handle(PhoneEvent.IncomingCall(5, "Bob", "sip:bob@example.org"), 0);
            // Rows 1, 2, 3 and 7 change; 4-6 stay blank; the status bar is unchanged.
            Assert.AreEqual(0x8E, PhoneScript.DisplayOf(m).Screen.DirtyMask);
        }
    }
}
