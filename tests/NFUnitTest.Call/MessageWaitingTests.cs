using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;

namespace Phone.Tests.Call
{
    /// <summary>
    /// The voicemail's message summary on the idle screen (V and the new count in the status bar, "Msgs N new" on
    /// row 2) and the # key on the idle screen calling sip.voicemail (docs/keypad.md).
    /// </summary>
    [TestClass]
    public class MessageWaitingTests
    {
        private static PhoneStateMachine With(string voicemail)
        {
            PhoneConfig c = PhoneScript.Config();
            c.Sip.Voicemail = voicemail;
            return new PhoneStateMachine(c, 0);
        }

        [TestMethod]
        public void WaitingMessagesShowInTheStatusBarAndOnTheIdleScreen()
        {
            PhoneStateMachine m = With("*97");
            PhoneScript.Status(m, "R-               ....");
            m.Handle(PhoneEvent.MessageWaiting(true, 2, 1), 100);
            Assert.IsTrue(m.MessagesWaiting);
            Assert.AreEqual(2, m.NewMessages);
            Assert.AreEqual(1, m.OldMessages);
            PhoneScript.Status(m, "R-           V2  ....");
            Assert.AreEqual("Msgs 2 new  #:listen".PadRight(21, ' '), PhoneScript.DisplayOf(m).Screen.Line(2));
            Assert.IsTrue(PhoneScript.DisplayOf(m).Icons.MessagesWaiting);
            Assert.AreEqual(2, PhoneScript.DisplayOf(m).Icons.NewMessages);
        }

        [TestMethod]
        public void NoMessagesClearTheMarks()
        {
            PhoneStateMachine m = With("*97");
            m.Handle(PhoneEvent.MessageWaiting(true, 3, 0), 100);
            m.Handle(PhoneEvent.MessageWaiting(false, 0, 4), 200);
            PhoneScript.Status(m, "R-               ....");
            Assert.AreEqual("".PadRight(21, ' '), PhoneScript.DisplayOf(m).Screen.Line(2));
        }

        [TestMethod]
        public void WaitingWithoutACountShowsTheMarkAlone()
        {
            PhoneStateMachine m = With(null);
            m.Handle(PhoneEvent.MessageWaiting(true, 0, 0), 100);
            PhoneScript.Status(m, "R-           V   ....");
            Assert.AreEqual("Msgs".PadRight(21, ' '), PhoneScript.DisplayOf(m).Screen.Line(2));
        }

        [TestMethod]
        public void PoundOnTheIdleScreenCallsTheVoicemail()
        {
            PhoneStateMachine m = With("*97");
            m.Press(PhoneKey.Pound, 0);
            Assert.AreEqual("PlaceCall -1 sip:*97@example.com", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Calling);

            PhoneStateMachine u = With("sips:vm@pbx.example.com");
            u.Press(PhoneKey.Pound, 0);
            Assert.AreEqual("PlaceCall -1 sips:vm@pbx.example.com", PhoneScript.Take(u));
        }

        [TestMethod]
        public void PoundWithoutAVoicemailDoesNothingAndStillDialsTheBuffer()
        {
            PhoneStateMachine m = With(null);
            m.Press(PhoneKey.Pound, 0);
            Assert.AreEqual("", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Idle);

            PhoneStateMachine v = With("*97");
            PhoneScript.Keys(v, "200#", 0);
            Assert.AreEqual("PlaceCall -1 sip:200@example.com", PhoneScript.Take(v));
        }
    }
}
