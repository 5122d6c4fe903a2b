using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;
using Phone.Sdp;
using Phone.Sip.Dialog;
using Phone.Sip.Transport;
using Phone.Tests.Sip.Transaction;
using Phone.Media;
using Phone.Sip;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// The phone as callee (UAS), against requests written out after RFC 3665 §3.1 and RFC 3261 §24.2 (Alice →
    /// Bob), with CANCEL (§9.2, RFC 3665 §3.8), 2xx retransmission until ACK (§13.3.1.4), BYE (§15.1.2), dialog
    /// matching and CSeq rules (§12.2.2) and hold by the peer (RFC 3264 §8.4).
    /// </summary>
    [TestClass]
    public class IncomingCallTests
    {
        private const string CallId = "a84b4c76e66710@pc33.atlanta.example.com";
        private const string AliceTag = "1928301774";

        /// <summary>An INVITE from Alice (RFC 3261 §24.2 F1, addresses moved to the documentation range).</summary>
        private static string Invite(string branch, int cseq, string toTag, string sdp, string extra)
        {
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=" + branch + "\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: Bob <sip:1001@example.com>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n" +
                          "From: Alice <sip:alice@atlanta.example.com>;tag=" + AliceTag + "\r\n" +
                          "Call-ID: " + CallId + "\r\n" +
                          "CSeq: " + cseq.ToString() + " INVITE\r\n" +
                          "Contact: <sip:alice@192.0.2.20:5060>\r\n" +
                          (extra == null ? "" : extra);
            return CallHarness.WithBody(head, sdp);
        }

        private static string InDialog(string method, string branch, int cseq, string toTag, string sdp)
        {
            string head = method + " sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=" + branch + "\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: Bob <sip:1001@example.com>;tag=" + toTag + "\r\n" +
                          "From: Alice <sip:alice@atlanta.example.com>;tag=" + AliceTag + "\r\n" +
                          "Call-ID: " + CallId + "\r\n" +
                          "CSeq: " + cseq.ToString() + " " + method + "\r\n" +
                          (method == "INVITE" ? "Contact: <sip:alice@192.0.2.20:5070>\r\n" : "");
            return CallHarness.WithBody(head, sdp);
        }

        private static string Ack(string branch, int cseq, string toTag, string sdp)
        {
            return InDialog("ACK", branch, cseq, toTag, sdp);
        }

        /// <summary>Incoming call answered and ACKed; returns our To tag.</summary>
        private static string Established(CallHarness h)
        {
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string ok = h.LastResponse("200", "INVITE");
            string tag = CallHarness.Tag(CallHarness.Header(ok, "To"));
            h.FromPeer(Ack("z9hG4bKnashds9", 314159, tag, null));
            return tag;
        }

        [TestMethod]
        public void InviteGetsTryingThenRingingWithOurTagAndIsAnnounced()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"),
                "Record-Route: <sip:p1.example.com;lr>\r\n"));
            string trying = h.LastResponse("100", "INVITE");
            Assert.IsNotNull(trying);
            // The 180 waits for the agent's next turn, so the phone can refuse or forward without ringing the caller.
            Assert.IsNull(h.LastResponse("180", "INVITE"));
            h.RunTo(h.Now);
            string ringing = h.LastResponse("180", "INVITE");
            Assert.IsNotNull(ringing);
            // RFC 3261 §8.2.6.1: 100 adds no tag; §8.2.6.2: later responses add one, the rest is copied.
            Assert.IsNull(CallHarness.Tag(CallHarness.Header(trying, "To")));
            string tag = CallHarness.Tag(CallHarness.Header(ringing, "To"));
            Assert.IsNotNull(tag);
            Assert.AreEqual("SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK776asdhds", CallHarness.Header(ringing, "Via"));
            Assert.AreEqual("Alice <sip:alice@atlanta.example.com>;tag=1928301774", CallHarness.Header(ringing, "From"));
            Assert.AreEqual("314159 INVITE", CallHarness.Header(ringing, "CSeq"));
            // §12.1.1: Record-Route copied into the dialog-creating response; our Contact.
            Assert.AreEqual("<sip:p1.example.com;lr>", CallHarness.Header(ringing, "Record-Route"));
            Assert.AreEqual("<sip:1001@192.0.2.10:5060;transport=udp>", CallHarness.Header(ringing, "Contact"));
            // Responses go back to the source (RFC 3261 §18.2.2).
            SentRecord r = h.LastRecord("SIP/2.0 180");
            Assert.AreEqual("192.0.2.20", r.Host);
            Assert.AreEqual(5060, r.Port);

            Assert.AreEqual(1, h.Events.Count);
            PhoneEvent e = h.EventAt(0);
            Assert.AreEqual((int)PhoneEventKind.IncomingCall, (int)e.Kind);
            Assert.AreEqual(1, e.CallId);
            Assert.AreEqual("Alice", e.DisplayName);
            Assert.AreEqual("sip:alice@atlanta.example.com", e.Uri);
            Assert.AreEqual((int)SipCallState.Ringing, (int)h.Agent.FindCall(1).State);
        }

        [TestMethod]
        public void AnswerSendsOkWithSdpAndRetransmitsItUntilTheAck()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.RunTo(1000);
            string ringing = h.LastResponse("180", "INVITE");
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string ok = h.LastResponse("200", "INVITE");
            Assert.IsNotNull(ok);
            Assert.AreEqual(CallHarness.Header(ringing, "To"), CallHarness.Header(ok, "To"));
            Assert.AreEqual("application/sdp", CallHarness.Header(ok, "Content-Type"));
            string sdp = CallHarness.Body(ok);
            Assert.Contains("m=audio 40000 RTP/AVP 0 101\r\n", sdp);
            Assert.Contains("c=IN IP4 192.0.2.10\r\n", sdp);
            Assert.AreEqual(1, h.Media.Count);
            Assert.AreEqual(49172, h.LastMedia.RemotePort);

            // RFC 3261 §13.3.1.4: resent after T1, 2·T1, 4·T1 … (capped at T2 = 4 s) until the ACK.
            h.RunTo(1000 + 7500);
            long[] t = h.TimesOf("SIP/2.0 200");
            Assert.AreEqual(5, t.Length);
            Assert.AreEqual(1000L, t[0]);
            Assert.AreEqual(1500L, t[1]);
            Assert.AreEqual(2500L, t[2]);
            Assert.AreEqual(4500L, t[3]);
            Assert.AreEqual(8500L, t[4]);
            string tag = CallHarness.Tag(CallHarness.Header(ok, "To"));
            h.FromPeer(Ack("z9hG4bKnashds9", 314159, tag, null));
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);
            h.RunTo(40000);
            Assert.AreEqual(5, h.Count("SIP/2.0 200"));
            Assert.AreEqual(0, h.Count("BYE "));
        }

        [TestMethod]
        public void NoAckWithinSixtyFourT1EndsTheCallWithBye()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            h.RunTo(31999);
            Assert.AreEqual(0, h.Count("BYE "));
            h.RunTo(32000);
            string bye = h.Last("BYE ");
            Assert.IsNotNull(bye);
            // §12.2.1.1 for the UAS: Request-URI is the caller's Contact, From/To swapped, our CSeq starts fresh.
            Assert.StartsWith("BYE sip:alice@192.0.2.20:5060 SIP/2.0\r\n", bye);
            Assert.AreEqual("Alice <sip:alice@atlanta.example.com>;tag=1928301774", CallHarness.Header(bye, "To"));
            Assert.StartsWith("Bob <sip:1001@example.com>;tag=", CallHarness.Header(bye, "From"));
            Assert.AreEqual("1 BYE", CallHarness.Header(bye, "CSeq"));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(408, h.LastEvent.Status);
        }

        [TestMethod]
        public void ByeFromTheCallerIsAnsweredAndReported()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            h.FromPeer(InDialog("BYE", "z9hG4bKbye1", 314160, tag, null));
            string ok = h.LastResponse("200", "BYE");
            Assert.IsNotNull(ok);
            Assert.AreEqual(tag, CallHarness.Tag(CallHarness.Header(ok, "To")));
            Assert.AreEqual((int)PhoneEventKind.RemoteHangup, (int)h.LastEvent.Kind);
            Assert.AreEqual(1, h.LastEvent.CallId);
            Assert.AreEqual("stop 1", (string)h.MediaLog[h.MediaLog.Count - 1]);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void OurByeWaitsForTheAck()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string tag = CallHarness.Tag(CallHarness.Header(h.LastResponse("200", "INVITE"), "To"));
            h.Command(PhoneCommandKind.HangUp, 1, 0, false);
            // RFC 3261 §15: the callee must not send BYE before the ACK.
            Assert.AreEqual(0, h.Count("BYE "));
            h.FromPeer(Ack("z9hG4bKnashds9", 314159, tag, null));
            Assert.AreEqual(1, h.Count("BYE "));
        }

        [TestMethod]
        public void RejectSendsBusyOrDecline()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.RunTo(h.Now); // it rings, then the user refuses it
            h.Command(PhoneCommandKind.Reject, 1, 486, false);
            string busy = h.LastResponse("486", "INVITE");
            Assert.IsNotNull(busy);
            Assert.StartsWith("SIP/2.0 486 Busy Here\r\n", busy);
            Assert.AreEqual(CallHarness.Tag(CallHarness.Header(h.LastResponse("180", "INVITE"), "To")), CallHarness.Tag(CallHarness.Header(busy, "To")));
            Assert.AreEqual(0, h.Agent.ActiveCalls);

            h.FromPeer(CallHarness.Swap(Invite("z9hG4bK776other", 1, null, CallHarness.PeerSdp(1, "sendrecv"), null), CallId, "second@example"));
            h.Command(PhoneCommandKind.Reject, 2, 603, false);
            Assert.StartsWith("SIP/2.0 603 Decline\r\n", h.LastResponse("603", "INVITE"));
        }

        [TestMethod]
        public void CancelGetsOkAndTheInviteGets487()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, CallHarness.PeerSdp(1, "sendrecv"), null));
            h.RunTo(h.Now);
            // RFC 3665 §3.8 / RFC 3261 §9.1: CANCEL with the INVITE's branch, CSeq number and To.
            string cancel = "CANCEL sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                            "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK776asdhds\r\n" +
                            "Max-Forwards: 70\r\n" +
                            "To: Bob <sip:1001@example.com>\r\n" +
                            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
                            "Call-ID: " + CallId + "\r\n" +
                            "CSeq: 314159 CANCEL\r\n" +
                            "Content-Length: 0\r\n\r\n";
            h.FromPeer(cancel);
            string ok = h.LastResponse("200", "CANCEL");
            string terminated = h.LastResponse("487", "INVITE");
            Assert.IsNotNull(ok);
            Assert.IsNotNull(terminated);
            Assert.StartsWith("SIP/2.0 487 Request Terminated\r\n", terminated);
            Assert.AreEqual(CallHarness.Tag(CallHarness.Header(h.LastResponse("180", "INVITE"), "To")), CallHarness.Tag(CallHarness.Header(terminated, "To")));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(487, h.LastEvent.Status);
            Assert.AreEqual(0, h.Agent.ActiveCalls);

            // A CANCEL that matches nothing: 481 (§9.2).
            h.FromPeer(CallHarness.Swap(cancel, "z9hG4bK776asdhds", "z9hG4bKnothing"));
            Assert.IsNotNull(h.LastResponse("481", "CANCEL"));
        }

        [TestMethod]
        public void RequestsForUnknownDialogsGet481AndOldCSeqGets500()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(InDialog("BYE", "z9hG4bKx1", 5, "nosuchtag", null));
            Assert.IsNotNull(h.LastResponse("481", "BYE"));
            Assert.AreEqual(1, h.Agent.UnknownDialogs);

            string tag = Established(h);
            // RFC 3261 §12.2.2: a CSeq below the remote sequence number is out of order.
            h.FromPeer(InDialog("BYE", "z9hG4bKold", 314158, tag, null));
            Assert.StartsWith("SIP/2.0 500 ", h.LastResponse("500", "BYE"));
            Assert.AreEqual(1, h.Agent.ActiveCalls);
            Assert.AreEqual(1, h.Agent.OutOfOrder);

            // A BYE without To tag belongs to no dialog.
            h.FromPeer(CallHarness.Swap(InDialog("BYE", "z9hG4bKnotag", 314170, tag, null), ";tag=" + tag, ""));
            Assert.AreEqual(2, h.Agent.UnknownDialogs);
            Assert.AreEqual(1, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void PeerHoldAndResumeAreAnsweredAndReported()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            // RFC 3264 §8.4: the peer holds with a=sendonly; we answer recvonly.
            h.FromPeer(InDialog("INVITE", "z9hG4bKhold1", 314160, tag, CallHarness.PeerSdp(2, "sendonly")));
            string ok = h.LastResponse("200", "INVITE");
            Assert.Contains("a=recvonly\r\n", CallHarness.Body(ok));
            Assert.AreEqual((int)PhoneEventKind.RemoteHold, (int)h.LastEvent.Kind);
            Assert.IsTrue(h.LastEvent.Flag);
            Assert.AreEqual("RemoteHold call 1", h.LastEvent.ToString());
            Assert.AreEqual((int)SdpDirection.RecvOnly, (int)h.LastMedia.Direction);
            // §12.2.2: the re-INVITE's Contact is the new remote target.
            Assert.AreEqual("sip:alice@192.0.2.20:5070", h.Agent.FindCall(1).RemoteTarget);
            h.FromPeer(Ack("z9hG4bKack2", 314160, tag, null));

            h.FromPeer(InDialog("INVITE", "z9hG4bKresume", 314161, tag, CallHarness.PeerSdp(3, "sendrecv")));
            Assert.Contains("a=sendrecv\r\n", CallHarness.Body(h.LastResponse("200", "INVITE")));
            Assert.AreEqual((int)PhoneEventKind.RemoteHold, (int)h.LastEvent.Kind);
            Assert.IsFalse(h.LastEvent.Flag);
            Assert.AreEqual("RemoteResume call 1", h.LastEvent.ToString(), "a resume is not logged as a hold");
            h.FromPeer(Ack("z9hG4bKack3", 314161, tag, null));

            // Our BYE now goes to the refreshed target.
            h.Command(PhoneCommandKind.HangUp, 1, 0, false);
            Assert.StartsWith("BYE sip:alice@192.0.2.20:5070 SIP/2.0", h.Last("BYE "));
            Assert.AreEqual(5070, h.LastRecord("BYE ").Port);
        }

        [TestMethod]
        public void ReinviteWhileOursIsPendingGets491AndTheRetryWaitsUpToTwoSeconds()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            h.RunTo(1000);
            h.Command(PhoneCommandKind.Hold, 1, 0, true);
            string ours = h.Last("INVITE ");
            Assert.IsNotNull(ours);
            h.FromPeer(InDialog("INVITE", "z9hG4bKglare", 314160, tag, CallHarness.PeerSdp(2, "sendonly")));
            // RFC 3261 §14.2: our own re-INVITE is pending.
            Assert.IsNotNull(h.LastResponse("491", "INVITE"));
            h.FromPeer(CallHarness.ResponseTo(ours, "491 Request Pending", null, null, null));
            long due = h.Agent.FindCall(1).RetryAtMs;
            // §14.1: the Call-ID is Alice's: T in [0, 2 s] in units of 10 ms.
            Assert.IsTrue(due >= 1000 && due <= 3000, "retry at " + due.ToString());
            Assert.AreEqual(0L, (due - 1000) % 10);
            h.RunTo(due);
            Assert.AreEqual(2, h.Count("INVITE "));
        }

        [TestMethod]
        public void InviteWithoutSdpGetsAnOfferAndTheAnswerComesInTheAck()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, null, null));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string ok = h.LastResponse("200", "INVITE");
            Assert.Contains("m=audio 40000 RTP/AVP 0 8 13 101\r\n", CallHarness.Body(ok));
            Assert.AreEqual(0, h.Media.Count);
            string tag = CallHarness.Tag(CallHarness.Header(ok, "To"));
            string answer = "v=0\r\no=alice 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n" +
                            "m=audio 3456 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
            h.FromPeer(Ack("z9hG4bKack1", 314159, tag, answer));
            Assert.AreEqual(1, h.Media.Count);
            Assert.AreEqual(3456, h.LastMedia.RemotePort);
            Assert.AreEqual(8, h.LastMedia.PayloadType);

            // An ACK without the answer ends the session (RFC 3261 §13.2.1, §13.3.1.4).
            CallHarness n = CallHarness.Udp();
            n.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, null, null));
            n.Command(PhoneCommandKind.Answer, 1, 0, false);
            string tag2 = CallHarness.Tag(CallHarness.Header(n.LastResponse("200", "INVITE"), "To"));
            n.FromPeer(Ack("z9hG4bKack1", 314159, tag2, null));
            Assert.AreEqual(1, n.Count("BYE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)n.LastEvent.Kind);
        }

        [TestMethod]
        public void UnacceptableOfferGets488WithWarning()
        {
            CallHarness h = CallHarness.Udp();
            string g729 = "v=0\r\no=alice 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n" +
                          "m=audio 3456 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n";
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, g729, null));
            string r = h.LastResponse("488", "INVITE");
            Assert.IsNotNull(r);
            // RFC 3261 §20.43: 305 Incompatible media format.
            Assert.StartsWith("305 192.0.2.10 \"", CallHarness.Header(r, "Warning"));
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            // ... and the log says which request was refused and why.
            Assert.AreEqual(1, h.Rejected.Count);
            Assert.AreEqual("RequestRejected INVITE 488 Not Acceptable Here", h.Rejected[0].ToString());
        }

        [TestMethod]
        public void SdesOfferOverUdpIsRefusedWhenSrtpIsMandatory()
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Mandatory, null, null, 2);
            string savp = "v=0\r\no=alice 1 1 IN IP4 192.0.2.20\r\ns=-\r\nc=IN IP4 192.0.2.20\r\nt=0 0\r\n" +
                          "m=audio 3456 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n" +
                          "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n";
            h.FromPeer(Invite("z9hG4bK776asdhds", 314159, null, savp, null));
            Assert.IsNotNull(h.LastResponse("488", "INVITE"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void ASecondCallIsAnnouncedAndOneBeyondMaxCallsIsBusy()
        {
            CallHarness h = CallHarness.Udp();
            Established(h);
            h.FromPeer(CallHarness.Swap(Invite("z9hG4bK2nd", 1, null, CallHarness.PeerSdp(1, "sendrecv"), null), CallId, "second@example"));
            Assert.AreEqual((int)PhoneEventKind.IncomingCall, (int)h.LastEvent.Kind);
            Assert.AreEqual(2, h.LastEvent.CallId);
            Assert.AreEqual(40002, h.Agent.LocalRtpPort(2));
            h.FromPeer(CallHarness.Swap(Invite("z9hG4bK3rd", 1, null, CallHarness.PeerSdp(1, "sendrecv"), null), CallId, "third@example"));
            string busy = h.LastResponse("486", "INVITE");
            Assert.IsNotNull(busy);
            Assert.AreEqual("third@example", CallHarness.Header(busy, "Call-ID"));
            Assert.AreEqual(1, h.Agent.BusyRejects);
            Assert.AreEqual(2, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void InDialogOptionsIsAnsweredWithAllow()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            h.FromPeer(InDialog("OPTIONS", "z9hG4bKopt", 314160, tag, null));
            string ok = h.LastResponse("200", "OPTIONS");
            Assert.IsNotNull(ok);
            Assert.Contains("INVITE", CallHarness.Header(ok, "Allow"));
            Assert.Contains("BYE", CallHarness.Header(ok, "Allow"));
        }

        [TestMethod]
        public void OfferlessUpdateIsASessionRefreshAnswered200WithContact()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            int media = h.Media.Count;
            // RFC 3311 §5.2 (used by RFC 4028 session timers): no body, no change of the session.
            h.FromPeer(InDialog("UPDATE", "z9hG4bKupd1", 314160, tag, null));
            string ok = h.LastResponse("200", "UPDATE");
            Assert.IsNotNull(ok);
            Assert.IsNotNull(CallHarness.Header(ok, "Contact"));
            Assert.Contains("UPDATE", CallHarness.Header(ok, "Allow"));
            Assert.AreEqual("", CallHarness.Body(ok));
            Assert.AreEqual(media, h.Media.Count);
            Assert.AreEqual(1, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void UpdateWithAnOfferChangesTheSessionAndAnswersInThe200()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            h.FromPeer(InDialog("UPDATE", "z9hG4bKupd2", 314160, tag, CallHarness.PeerSdp(2, "sendonly")));
            string ok = h.LastResponse("200", "UPDATE");
            Assert.IsNotNull(ok);
            Assert.Contains("a=recvonly\r\n", CallHarness.Body(ok));
            Assert.AreEqual((int)PhoneEventKind.RemoteHold, (int)h.LastEvent.Kind);
            Assert.IsTrue(h.LastEvent.Flag);
            Assert.AreEqual((int)SdpDirection.RecvOnly, (int)h.LastMedia.Direction);
        }

        [TestMethod]
        public void UpdateWithANonSdpBodyGets415AndDuringOurOfferGets491()
        {
            CallHarness h = CallHarness.Udp();
            string tag = Established(h);
            string text = CallHarness.Swap(InDialog("UPDATE", "z9hG4bKupd3", 314160, tag, "hello"), "application/sdp", "text/plain");
            h.FromPeer(text);
            Assert.IsNotNull(h.LastResponse("415", "UPDATE"));

            h.Command(PhoneCommandKind.Hold, 1, 0, true);
            Assert.IsNotNull(h.Last("INVITE "));
            h.FromPeer(InDialog("UPDATE", "z9hG4bKupd4", 314161, tag, CallHarness.PeerSdp(2, "sendonly")));
            // RFC 3311 §5.2: our re-INVITE's offer is unanswered.
            Assert.IsNotNull(h.LastResponse("491", "UPDATE"));
            Assert.AreEqual(1, h.Agent.ActiveCalls);
        }
    }
}
