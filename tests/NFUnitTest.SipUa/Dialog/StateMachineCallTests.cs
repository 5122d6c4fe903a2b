using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Sip.Dialog;
using Phone.Media;
using Phone.Sdp;
using Phone.Sip;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// The call agent wired to PhoneStateMachine the way the firmware does it (events → Handle, Commands →
    /// Execute): call waiting answers the second INVITE and puts the first call on hold with a sendonly
    /// re-INVITE (RFC 3264 §8.4), a third INVITE beyond the handset's two legs gets 486, and a call the phone
    /// refuses or forwards at once never rings the caller.
    /// </summary>
    [TestClass]
    public class StateMachineCallTests
    {
        private static string Invite(string callId, string fromTag, string user, int cseq)
        {
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK" + callId + "\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: <sip:1001@example.com>\r\n" +
                          "From: \"" + user + "\" <sip:" + user + "@example.com>;tag=" + fromTag + "\r\n" +
                          "Call-ID: " + callId + "\r\n" +
                          "CSeq: " + cseq.ToString() + " INVITE\r\n" +
                          "Contact: <sip:" + user + "@192.0.2.20:5060>\r\n";
            return CallHarness.WithBody(head, CallHarness.PeerSdp(1, "sendrecv"));
        }

        /// <summary>Feeds new agent events to the state machine and its commands back to the agent until both are quiet.</summary>
        private static void Pump(CallHarness h, PhoneStateMachine sm, ref int seen)
        {
            for (int round = 0; round < 8; round++)
            {
                while (seen < h.Events.Count)
                {
                    sm.Handle(h.EventAt(seen++), h.Now);
                }

                int n = sm.Commands.Count;
                if (n == 0)
                {
                    return;
                }

                // Commands are reused after Clear: copy them first.
                PhoneCommand[] copy = new PhoneCommand[n];
                for (int i = 0; i < n; i++)
                {
                    PhoneCommand c = sm.Commands[i];
                    PhoneCommand k = new PhoneCommand();
                    k.Kind = c.Kind;
                    k.CallId = c.CallId;
                    k.Uri = c.Uri;
                    k.Status = c.Status;
                    k.On = c.On;
                    copy[i] = k;
                }

                sm.Commands.Clear();
                for (int i = 0; i < n; i++)
                {
                    SipCallBridge.Execute(h.Agent, copy[i], h.Now);
                    h.Drain();
                }
            }
        }

        [TestMethod]
        public void CallWaitingHoldsTheFirstCallAndAnswersTheSecond()
        {
            CallHarness h = new CallHarness(Phone.Sip.SipTransportKind.Udp, Phone.Sdp.SrtpMode.Off, null, null, 3);
            PhoneStateMachine sm = new PhoneStateMachine(h.Config, 0);
            int seen = 0;
            h.FromPeer(Invite("first-call", "aa1", "alice", 1));
            Pump(h, sm, ref seen);
            Assert.AreEqual((int)PhoneState.Incoming, (int)sm.State);
            sm.Press(PhoneKey.Call, h.Now);
            Pump(h, sm, ref seen);
            string ok1 = h.LastResponse("200", "INVITE");
            Assert.IsNotNull(ok1);
            string tag1 = CallHarness.Tag(CallHarness.Header(ok1, "To"));
            h.FromPeer(CallHarness.WithBody("ACK sip:1001@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKa1\r\n" +
                "Max-Forwards: 70\r\nTo: <sip:1001@example.com>;tag=" + tag1 + "\r\nFrom: \"alice\" <sip:alice@example.com>;tag=aa1\r\n" +
                "Call-ID: first-call\r\nCSeq: 1 ACK\r\n", null));
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);

            h.RunTo(5000);
            h.FromPeer(Invite("second-call", "cc2", "carol", 1));
            Pump(h, sm, ref seen);
            Assert.AreEqual((int)PhoneState.Connected, (int)sm.State);
            Assert.AreEqual(2, h.Agent.ActiveCalls);
            sm.Press(PhoneKey.Call, h.Now);
            Pump(h, sm, ref seen);

            // The first call is held with a sendonly re-INVITE in its dialog; the second gets its 200.
            string reinvite = h.Last("INVITE ");
            Assert.IsNotNull(reinvite);
            Assert.StartsWith("INVITE sip:alice@192.0.2.20:5060 SIP/2.0", reinvite);
            Assert.AreEqual("first-call", CallHarness.Header(reinvite, "Call-ID"));
            Assert.Contains("a=sendonly\r\n", CallHarness.Body(reinvite));
            string ok2 = h.LastResponse("200", "INVITE");
            Assert.AreEqual("second-call", CallHarness.Header(ok2, "Call-ID"));
            Assert.AreEqual(40002, h.Agent.LocalRtpPort(2));
            Assert.Contains("m=audio 40002 ", CallHarness.Body(ok2));

            // A third caller: the handset has no third leg; the state machine refuses it with 486.
            h.FromPeer(Invite("third-call", "dd3", "dave", 1));
            Pump(h, sm, ref seen);
            Assert.IsNotNull(h.LastResponse("486", "INVITE"));
            Assert.AreEqual("third-call", CallHarness.Header(h.LastResponse("486", "INVITE"), "Call-ID"));
            Assert.AreEqual(0, h.Agent.BusyRejects);
            Assert.AreEqual(2, h.Agent.ActiveCalls);
        }

        /// <summary>How many responses with this status line start the agent sent for the call.</summary>
        private static int CountSent(CallHarness h, string statusLine, string callId)
        {
            int n = 0;
            for (int i = 0; i < h.Sent.Count; i++)
            {
                string t = h.SentAt(i).Text;
                if (t != null && t.StartsWith(statusLine) && CallHarness.Header(t, "Call-ID") == callId)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>
        /// The phone decides before the caller hears ringback (RFC 3261 §21.1.2: 180 says the user is being alerted):
        /// in do-not-disturb the INVITE gets 100 then 486 and never a 180; with do-not-disturb off again the next call
        /// rings the caller once, on the agent's next turn after the state machine took it.
        /// </summary>
        [TestMethod]
        public void DoNotDisturbRefusesWithoutRingingTheCaller()
        {
            CallHarness h = new CallHarness(Phone.Sip.SipTransportKind.Udp, Phone.Sdp.SrtpMode.Off, null, null, 3);
            PhoneStateMachine sm = new PhoneStateMachine(h.Config, 0);
            int seen = 0;
            sm.Press(PhoneKey.Dnd, h.Now);
            Pump(h, sm, ref seen);
            Assert.IsTrue(sm.Dnd);

            h.FromPeer(Invite("dnd-call", "ee5", "erin", 1));
            Pump(h, sm, ref seen);
            h.RunTo(h.Now + 40000);
            Assert.AreEqual(1, CountSent(h, "SIP/2.0 100 ", "dnd-call"));
            Assert.IsTrue(CountSent(h, "SIP/2.0 486 ", "dnd-call") >= 1); // resent until an ACK (§17.2.1), which this peer never sends
            Assert.AreEqual(0, CountSent(h, "SIP/2.0 180 ", "dnd-call"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual((int)PhoneState.Idle, (int)sm.State);

            sm.Press(PhoneKey.Dnd, h.Now);
            Pump(h, sm, ref seen);
            Assert.IsFalse(sm.Dnd);
            h.FromPeer(Invite("next-call", "ff6", "frank", 1));
            Assert.AreEqual(0, CountSent(h, "SIP/2.0 180 ", "next-call"));
            Pump(h, sm, ref seen);
            Assert.AreEqual((int)PhoneState.Incoming, (int)sm.State);
            h.RunTo(h.Now);
            Assert.AreEqual(1, CountSent(h, "SIP/2.0 180 ", "next-call"));
            h.RunTo(h.Now + 10000);
            Assert.AreEqual(1, CountSent(h, "SIP/2.0 180 ", "next-call"));
            Assert.AreEqual(0, CountSent(h, "SIP/2.0 486 ", "next-call"));
        }

        /// <summary>Forward-always answers the INVITE with 302 and the target in Contact, without a 180 before it.</summary>
        [TestMethod]
        public void ForwardAlwaysRedirectsWithoutRingingTheCaller()
        {
            CallHarness h = new CallHarness(Phone.Sip.SipTransportKind.Udp, Phone.Sdp.SrtpMode.Off, null, null, 3);
            h.Config.Call.ForwardAlways = "sip:voicemail@example.com";
            PhoneStateMachine sm = new PhoneStateMachine(h.Config, 0);
            int seen = 0;
            h.FromPeer(Invite("fwd-call", "gg7", "grace", 1));
            Pump(h, sm, ref seen);
            h.RunTo(h.Now + 40000);
            string moved = h.LastResponse("302", "INVITE");
            Assert.IsNotNull(moved);
            Assert.AreEqual("<sip:voicemail@example.com>", CallHarness.Header(moved, "Contact"));
            Assert.AreEqual(0, CountSent(h, "SIP/2.0 180 ", "fwd-call"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }
    }
}
