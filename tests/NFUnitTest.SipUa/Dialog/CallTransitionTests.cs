using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Sip.Dialog;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// SipCallTransitions against the call flows of RFC 3261 (§9.1 CANCEL, §13.2 UAC, §13.3 UAS, §14 re-INVITE,
    /// §15 BYE) written out here state by state, and refusals seen through the agent.
    /// </summary>
    [TestClass]
    public class CallTransitionTests
    {
        private const int States = 8;
        private const int Inputs = 10;
        private const int Refused = -1;
        private const string Bob = "sip:bob@192.0.2.20";
        private const string BobContact = "Contact: <sip:bob@192.0.2.20:5060>\r\n";

        /// <summary>The state each (state, input) leads to by the RFC 3261 flows, or Refused.</summary>
        private static int Expected(SipCallState s, SipCallInput i)
        {
            if (i == SipCallInput.Ended)
            {
                // Any live call can end (failure, BYE either way, CANCEL give-up); a free slot cannot.
                return s == SipCallState.Idle ? Refused : (int)SipCallState.Idle;
            }

            switch (s)
            {
                case SipCallState.Idle:
                    // A slot starts a call by placing one (§13.2.1) or by taking a new INVITE (§13.3.1).
                    if (i == SipCallInput.Place) return (int)SipCallState.Calling;
                    if (i == SipCallInput.InviteReceived) return (int)SipCallState.Ringing;
                    return Refused;
                case SipCallState.Calling:
                    // §13.2.2.1 a provisional; §13.2.2.4 a 2xx may come without one. No CANCEL before a 1xx (§9.1).
                    if (i == SipCallInput.Provisional) return (int)SipCallState.Proceeding;
                    if (i == SipCallInput.Accepted) return (int)SipCallState.Confirmed;
                    return Refused;
                case SipCallState.Proceeding:
                    if (i == SipCallInput.Provisional) return (int)SipCallState.Proceeding;
                    if (i == SipCallInput.CancelSent) return (int)SipCallState.Cancelling;
                    if (i == SipCallInput.Accepted) return (int)SipCallState.Confirmed;
                    return Refused;
                case SipCallState.Cancelling:
                    // §9.1: the 2xx can win the race with the CANCEL; later provisionals change nothing.
                    if (i == SipCallInput.Accepted) return (int)SipCallState.Confirmed;
                    return Refused;
                case SipCallState.Ringing:
                    if (i == SipCallInput.OkSent) return (int)SipCallState.Answered;
                    return Refused;
                case SipCallState.Answered:
                    // §13.3.1.4: the ACK, or 64·T1 without it, confirms the dialog.
                    if (i == SipCallInput.AckReceived || i == SipCallInput.AckTimedOut) return (int)SipCallState.Confirmed;
                    return Refused;
                case SipCallState.Confirmed:
                    // §14.2: the ACK (or none) for the 2xx to a re-INVITE; §15.1.1 our BYE.
                    if (i == SipCallInput.AckReceived || i == SipCallInput.AckTimedOut) return (int)SipCallState.Confirmed;
                    if (i == SipCallInput.ByeSent) return (int)SipCallState.Terminating;
                    return Refused;
                case SipCallState.Terminating:
                    // §22.2: a challenged BYE goes again with credentials.
                    if (i == SipCallInput.ByeSent) return (int)SipCallState.Terminating;
                    return Refused;
            }

            return Refused;
        }

        [TestMethod]
        public void EveryPairTheFlowsAllowLeadsWhereTheyLead()
        {
            int allowed = 0;
            for (int s = 0; s < States; s++)
            {
                for (int i = 0; i < Inputs; i++)
                {
                    int want = Expected((SipCallState)s, (SipCallInput)i);
                    if (want == Refused)
                    {
                        continue;
                    }

                    SipCallState next;
                    Assert.IsTrue(SipCallTransitions.TryNext((SipCallState)s, (SipCallInput)i, out next), "state " + s + " input " + i);
                    Assert.AreEqual(want, (int)next, "state " + s + " input " + i);
                    allowed++;
                }
            }

            Assert.AreEqual(22, allowed);
            Assert.AreEqual(allowed, SipCallTransitions.Count);
        }

        [TestMethod]
        public void EveryOtherPairIsRefusedAndKeepsTheState()
        {
            int refused = 0;
            for (int s = 0; s < States; s++)
            {
                for (int i = 0; i < Inputs; i++)
                {
                    if (Expected((SipCallState)s, (SipCallInput)i) != Refused)
                    {
                        continue;
                    }

                    SipCallState next;
                    Assert.IsFalse(SipCallTransitions.TryNext((SipCallState)s, (SipCallInput)i, out next), "state " + s + " input " + i);
                    Assert.AreEqual(s, (int)next, "state " + s + " input " + i);
                    refused++;
                }
            }

            Assert.AreEqual(States * Inputs - 22, refused);
        }

        [TestMethod]
        public void AnsweringACallWeArePlacingIsRefusedWithoutChangingIt()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            int sent = h.Sent.Count;
            h.Command(PhoneCommandKind.Answer, -1, 0, false);
            // (Calling, OkSent) is not in the table: no 200 goes out and the call still waits for a response.
            Assert.AreEqual(sent, h.Sent.Count);
            Assert.AreEqual((int)SipCallState.Calling, (int)h.Agent.FindCall(-1).State);
        }

        [TestMethod]
        public void AProvisionalAfterOurCancelIsRefusedWithoutProgress()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "314159", BobContact, null));
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            Assert.IsNotNull(h.Last("CANCEL "));
            Assert.AreEqual((int)SipCallState.Cancelling, (int)h.Agent.FindCall(-1).State);
            int events = h.Events.Count;
            h.FromPeer(CallHarness.ResponseTo(invite, "183 Session Progress", "314159", BobContact, null));
            // (Cancelling, Provisional) is refused: still cancelling, nothing reported.
            Assert.AreEqual((int)SipCallState.Cancelling, (int)h.Agent.FindCall(-1).State);
            Assert.AreEqual(events, h.Events.Count);
        }

        [TestMethod]
        public void TheCancelGiveUpTimerIsTheCallsNextDeadline()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "314159", BobContact, null));
            h.RunTo(1000);
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            SipCall c = h.Agent.FindCall(-1);
            // RFC 3261 §9.1: 64·T1 = 32 s after the CANCEL.
            Assert.AreEqual(33000L, c.TimerAt(SipCallTimer.CancelGiveUp));
            Assert.AreEqual(long.MaxValue, c.TimerAt(SipCallTimer.Reinvite));
            Assert.AreEqual(33000L, h.Agent.NextDeadlineMs);
        }
    }
}
