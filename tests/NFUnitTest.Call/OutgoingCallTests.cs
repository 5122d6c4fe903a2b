using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Call
{
    /// <summary>A placed call through progress, answer, the running duration, failure and the ended summary.</summary>
    [TestClass]
    public class OutgoingCallTests
    {
        private static PhoneStateMachine Placed()
        {
            PhoneStateMachine m = PhoneScript.New();
            PhoneScript.Keys(m, "200#", 0);
            Assert.AreEqual("PlaceCall -1 sip:200@example.com", PhoneScript.Take(m));
            return m;
        }

        [TestMethod]
        public void RingingThenAnsweredThenHungUp()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallProgress(-1, 100), 100);
            PhoneScript.StateIs(m, PhoneState.Calling);
            Assert.AreEqual("", PhoneScript.Take(m), "100 Trying changes nothing");

            m.Handle(PhoneEvent.CallProgress(-1, 180), 200);
            PhoneScript.StateIs(m, PhoneState.Ringback);
            Assert.AreEqual("Alert ringback", PhoneScript.Take(m));
            PhoneScript.Body(m, "Ringing...", "200", "sip:200@example.com", "", "", "", "End:cancel");

            m.Handle(PhoneEvent.CallAnswered(-1), 1000);
            Assert.AreEqual("Alert none", PhoneScript.Take(m));
            PhoneScript.Body(m, "Connected", "200", "00:00", "", "", "", "");
            Assert.AreEqual(2000L, m.NextDeadlineMs, "the duration changes each second");

            m.Tick(2000);
            PhoneScript.Body(m, "Connected", "200", "00:01", "", "", "", "");
            m.Tick(62500);
            PhoneScript.Body(m, "Connected", "200", "01:01", "", "", "", "");
            Assert.AreEqual(63000L, m.NextDeadlineMs);

            m.Press(PhoneKey.HangUp, 64000);
            Assert.AreEqual("HangUp -1", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Ended);
            PhoneScript.Body(m, "Call ended", "200", "You hung up", "01:03", "", "", "");
            Assert.AreEqual(67000L, m.NextDeadlineMs);
            m.Tick(66999);
            PhoneScript.StateIs(m, PhoneState.Ended);
            m.Tick(67000);
            PhoneScript.StateIs(m, PhoneState.Idle);
            PhoneScript.Body(m, "Desk 100", "", "Not registered", "", "", "", "");
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void FailedByeIsShownOnTheEndedScreenAndTheCallStaysEnded()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-1), 1000);
            m.Press(PhoneKey.HangUp, 5000);
            Assert.AreEqual("HangUp -1", PhoneScript.Take(m));
            PhoneScript.Body(m, "Call ended", "200", "You hung up", "00:04", "", "", "");

            // The registrar restarted: the proxy answers our BYE 481. Over here the call is over all the same.
            m.Handle(PhoneEvent.HangupFailed(-1, 481, "Call/Transaction Does Not Exist"), 5100);
            PhoneScript.StateIs(m, PhoneState.Ended);
            PhoneScript.Body(m, "Call ended", "200", "Hang-up failed 481", "00:04", "", "", "");
            Assert.AreEqual(8100L, m.NextDeadlineMs, "shown for the full ended time");
            Assert.AreEqual("", PhoneScript.Take(m), "nothing to send");
            m.Tick(8100);
            PhoneScript.StateIs(m, PhoneState.Idle);

            // Late (Timer F, 32 s on): the screen has moved on and stays as it is.
            m.Handle(PhoneEvent.HangupFailed(-1, 408, "Request Timeout"), 37000);
            PhoneScript.StateIs(m, PhoneState.Idle);
            Assert.AreEqual("HangupFailed call -1 408 Request Timeout (ended here; the peer may not know)",
                PhoneEvent.HangupFailed(-1, 408, "Request Timeout").ToString());
        }

        [TestMethod]
        public void RejectedRequestsChangeNothingOnScreen()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-1), 1000);
            m.Handle(PhoneEvent.RequestRejected(0, "INVITE", 486, "Busy Here"), 1500);
            PhoneScript.StateIs(m, PhoneState.Connected);
            Assert.AreEqual("", PhoneScript.Take(m));
            Assert.AreEqual("RequestRejected INVITE 486 Busy Here", PhoneEvent.RequestRejected(0, "INVITE", 486, "Busy Here").ToString());
            Assert.AreEqual("RemoteResume call 2", PhoneEvent.RemoteHold(2, false).ToString());
            Assert.AreEqual("RemoteHold call 2", PhoneEvent.RemoteHold(2, true).ToString());
        }

        [TestMethod]
        public void EarlyMediaPlaysNoLocalRingback()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallProgress(-1, 183), 100);
            PhoneScript.StateIs(m, PhoneState.Ringback);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void LongCallShowsHours()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-1), 0);
            m.Tick(3723000);
            PhoneScript.Body(m, "Connected", "200", "1:02:03", "", "", "", "");
        }

        [TestMethod]
        [DataRow(486, "Busy Here", "Busy")]
        [DataRow(603, "Decline", "Declined")]
        [DataRow(404, "Not Found", "Not found")]
        [DataRow(500, "Server Internal Error", "Server Internal Error")]
        [DataRow(503, "", "Failed 503")]
        [DataRow(0, "TLS handshake failed", "TLS handshake failed")]
        public void FailureShowsTheReasonThenIdle(int status, string reason, string shown)
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallProgress(-1, 180), 100);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.CallFailed(-1, status, reason), 500);
            Assert.AreEqual("Alert none", PhoneScript.Take(m));
            PhoneScript.Body(m, "Call ended", "200", shown, "", "", "", "");
            m.Tick(3500);
            PhoneScript.StateIs(m, PhoneState.Idle);
        }

        [TestMethod]
        public void HangUpWhileCallingCancels()
        {
            PhoneStateMachine m = Placed();
            m.Press(PhoneKey.HangUp, 300);
            Assert.AreEqual("HangUp -1", PhoneScript.Take(m));
            PhoneScript.Body(m, "Call ended", "200", "Cancelled", "", "", "", "");
        }

        [TestMethod]
        public void EventsForUnknownCallsAreIgnored()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-7), 100);
            m.Handle(PhoneEvent.RemoteHangup(42), 100);
            m.Handle(PhoneEvent.CallProgress(-3, 180), 100);
            m.Handle(PhoneEvent.MediaFailed(42, "RTP port 40000 unavailable"), 100);
            PhoneScript.StateIs(m, PhoneState.Calling);
            Assert.AreEqual("", PhoneScript.Take(m));
        }

        [TestMethod]
        public void RemoteHangupEndsTheCall()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-1), 1000);
            m.Handle(PhoneEvent.RemoteHangup(-1), 6000);
            Assert.AreEqual("", PhoneScript.Take(m), "the remote BYE needs no command");
            PhoneScript.Body(m, "Call ended", "200", "Remote hung up", "00:05", "", "", "");
        }

        [TestMethod]
        public void CallWithoutMediaIsHungUpAndTheScreenSaysNoAudio()
        {
            // Media that cannot start (an RTP port that cannot be bound, refused keys) would leave the call up
            // in silence on both ends: it is hung up, and the ended screen says why.
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallAnswered(-1), 1000);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.MediaFailed(-1, "RTP port 40000 unavailable"), 1200);
            Assert.AreEqual("HangUp -1", PhoneScript.Take(m));
            PhoneScript.StateIs(m, PhoneState.Ended);
            PhoneScript.Body(m, "Call ended", "200", "No audio", "00:00", "", "", "");
            m.Handle(PhoneEvent.MediaFailed(-1, "RTP port 40000 unavailable"), 1300);
            Assert.AreEqual("", PhoneScript.Take(m), "a call already over is not hung up again");
        }

        [TestMethod]
        public void EarlyMediaThatCannotStartCancelsTheCall()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallProgress(-1, 183), 200);
            PhoneScript.Take(m);
            m.Handle(PhoneEvent.MediaFailed(-1, "media refused (BadKeys)"), 300);
            Assert.AreEqual("HangUp -1", PhoneScript.Take(m), "before an answer the SIP side sends CANCEL");
            PhoneScript.Body(m, "Call ended", "200", "No audio", "", "", "", "");
        }

        [TestMethod]
        public void AnyKeyDismissesTheSummary()
        {
            PhoneStateMachine m = Placed();
            m.Handle(PhoneEvent.CallFailed(-1, 486, null), 100);
            PhoneScript.Take(m);
            PhoneScript.Keys(m, "3", 200);
            PhoneScript.StateIs(m, PhoneState.Dialing);
            PhoneScript.Body(m, "Dial:", "3", "", "", "", "", "Call/# dial  <:del");
        }
    }
}
