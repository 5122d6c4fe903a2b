using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Media;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Transport;
using Phone.Sdp;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Transfer on the wire: the phone as transferee (REFER in a dialog, RFC 3515 §2.4: 202, NOTIFY with
    /// Event: refer, Subscription-State and message/sipfrag; the referred INVITE with Referred-By, RFC 3892), as
    /// transferor (REFER with Refer-To and Referred-By, NOTIFY answered, BYE after a 2xx sipfrag, RFC 5589 §6), as
    /// the target of Replaces (RFC 3891 §3), and the refusals (out of dialog, non-SIP target, RFC 4488 Refer-Sub).
    /// The peer's messages are written out after RFC 5589's examples with addresses in the documentation range.
    /// </summary>
    [TestClass]
    public class TransferTests
    {
        private const string AliceCallId = "a84b4c76e66710@pc33.atlanta.example.com";
        private const string AliceTag = "1928301774";
        private const string BobCallId = "b0bb0bb0@client.biloxi.example.com";
        private const string BobTag = "8675309";

        private static CallHarness NewHarness()
        {
            CallHarness h = CallHarness.Udp();
            h.Policy.AllowedMethods = new string[] { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "REFER", "NOTIFY" };
            return h;
        }

        private static string Invite(string callId, string fromUser, string fromTag, string extra)
        {
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK" + fromTag + "inv\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: <sip:1001@example.com>\r\n" +
                          "From: <sip:" + fromUser + "@example.com>;tag=" + fromTag + "\r\n" +
                          "Call-ID: " + callId + "\r\n" +
                          "CSeq: 1 INVITE\r\n" +
                          "Contact: <sip:" + fromUser + "@192.0.2.20:5060>\r\n" +
                          (extra == null ? "" : extra);
            return CallHarness.WithBody(head, CallHarness.PeerSdp(1, "sendrecv"));
        }

        /// <summary>A request of the peer in the dialog callId (our tag ourTag, the peer's peerTag).</summary>
        private static string InDialog(string method, string callId, string fromUser, string peerTag, string ourTag, int cseq, string extra,
            string contentType, string body)
        {
            string head = method + " sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK" + method + cseq.ToString() + peerTag + "\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: <sip:1001@example.com>;tag=" + ourTag + "\r\n" +
                          "From: <sip:" + fromUser + "@example.com>;tag=" + peerTag + "\r\n" +
                          "Call-ID: " + callId + "\r\n" +
                          "CSeq: " + cseq.ToString() + " " + method + "\r\n" +
                          "Contact: <sip:" + fromUser + "@192.0.2.20:5060>\r\n" +
                          (extra == null ? "" : extra);
            if (body == null)
            {
                return head + "Content-Length: 0\r\n\r\n";
            }

            return head + "Content-Type: " + contentType + "\r\nContent-Length: " + body.Length.ToString() + "\r\n\r\n" + body;
        }

        /// <summary>An incoming call from user answered and ACKed; returns our To tag.</summary>
        private static string Established(CallHarness h, string callId, string user, string peerTag, int phoneId)
        {
            h.FromPeer(Invite(callId, user, peerTag, null));
            h.Command(PhoneCommandKind.Answer, phoneId, 0, false);
            string ok = LastFor(h, "SIP/2.0 200", callId);
            string tag = CallHarness.Tag(CallHarness.Header(ok, "To"));
            h.FromPeer(InDialog("ACK", callId, user, peerTag, tag, 1, null, null, null));
            return tag;
        }

        private static string LastFor(CallHarness h, string prefix, string callId)
        {
            for (int i = h.Sent.Count - 1; i >= 0; i--)
            {
                string t = h.SentAt(i).Text;
                if (t != null && t.StartsWith(prefix) && CallHarness.Header(t, "Call-ID") == callId) return t;
            }

            return null;
        }

        private static string Refer(string ourTag, int cseq, string referTo, string extra)
        {
            return InDialog("REFER", AliceCallId, "alice", AliceTag, ourTag, cseq,
                "Refer-To: " + referTo + "\r\nReferred-By: <sip:alice@example.com>\r\n" + (extra == null ? "" : extra), null, null);
        }

        // ================================================================ transferee

        [TestMethod]
        public void ReferInADialogGets202AndANotifyTryingThenTheTargetIsCalledWithReferredBy()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            int events = h.Events.Count;
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", null));

            Assert.IsNotNull(h.LastResponse("202", "REFER"));
            string notify = h.Last("NOTIFY ");
            Assert.IsNotNull(notify);
            // RFC 3515 §2.4.4-2.4.5: in the REFER's dialog, Event: refer, a sipfrag of the referred request's status.
            Assert.AreEqual(AliceCallId, CallHarness.Header(notify, "Call-ID"));
            Assert.AreEqual(tag, CallHarness.Tag(CallHarness.Header(notify, "From")));
            Assert.AreEqual(AliceTag, CallHarness.Tag(CallHarness.Header(notify, "To")));
            Assert.StartsWith("NOTIFY sip:alice@192.0.2.20:5060 SIP/2.0", notify);
            Assert.AreEqual("refer", CallHarness.Header(notify, "Event"));
            Assert.StartsWith("active;expires=", CallHarness.Header(notify, "Subscription-State"));
            Assert.AreEqual("message/sipfrag;version=2.0", CallHarness.Header(notify, "Content-Type"));
            Assert.AreEqual("SIP/2.0 100 Trying\r\n", CallHarness.Body(notify));

            // RFC 3515 §2.4.3 / RFC 3892 §3: a new call to the Refer-To URI, carrying the REFER's Referred-By.
            string invite = h.Last("INVITE ");
            Assert.StartsWith("INVITE sip:carol@192.0.2.30 SIP/2.0", invite);
            Assert.AreEqual("<sip:alice@example.com>", CallHarness.Header(invite, "Referred-By"));
            Assert.AreNotEqual(AliceCallId, CallHarness.Header(invite, "Call-ID"));
            Assert.IsNull(CallHarness.Header(invite, "Replaces"));
            // The phone hears of the new call only once it is answered.
            Assert.AreEqual(events, h.Events.Count);
        }

        [TestMethod]
        public void TheAnsweredTargetReplacesTheOldCallWhichEndsWithByeAfterTheFinalNotify()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", null));
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "c4r01", "Contact: <sip:carol@192.0.2.30>\r\n", null));
            Assert.AreEqual("SIP/2.0 180 Ringing\r\n", CallHarness.Body(h.Last("NOTIFY ")));
            h.MediaLog.Clear();
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "c4r01", "Contact: <sip:carol@192.0.2.30>\r\n", CallHarness.PeerSdp(1, "sendrecv")));

            string notify = h.Last("NOTIFY ");
            Assert.AreEqual("SIP/2.0 200 OK\r\n", CallHarness.Body(notify));
            // RFC 6665 §4.1.3: the final NOTIFY ends the implicit subscription.
            Assert.AreEqual("terminated;reason=noresource", CallHarness.Header(notify, "Subscription-State"));
            PhoneEvent e = h.LastEvent;
            Assert.AreEqual((int)PhoneEventKind.CallReplaced, (int)e.Kind);
            Assert.AreEqual(1, e.ReplacedCallId);
            Assert.AreEqual("sip:carol@192.0.2.30", e.Uri);
            int newId = e.CallId;
            Assert.AreNotEqual(1, newId);
            // The old dialog ends with BYE, after the NOTIFY; the new call's media starts, the old one's stops.
            string bye = h.Last("BYE ");
            Assert.AreEqual(AliceCallId, CallHarness.Header(bye, "Call-ID"));
            Assert.IsTrue(h.Sent.IndexOf(h.LastRecord("BYE ")) > h.Sent.IndexOf(h.LastRecord("NOTIFY ")));
            Assert.IsTrue(h.MediaLog.Contains("stop 1"));
            Assert.IsTrue(h.MediaLog.Contains("update " + newId.ToString()));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.RemoteHangup));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.CallFailed));
        }

        [TestMethod]
        public void ARefusedTargetIsReportedInTheFinalNotifyAndTheOldCallStays()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            int events = h.Events.Count;
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", null));
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "486 Busy Here", "c4r01", null, null));
            string notify = h.Last("NOTIFY ");
            Assert.AreEqual("SIP/2.0 486 Busy Here\r\n", CallHarness.Body(notify));
            Assert.AreEqual("terminated;reason=noresource", CallHarness.Header(notify, "Subscription-State"));
            Assert.AreEqual(events, h.Events.Count);
            Assert.AreEqual(0, h.Count("BYE "));
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);
        }

        [TestMethod]
        public void TheTransferorsByeWhileTheTargetRingsKeepsThePlaceForTheNewCall()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", null));
            string invite = h.Last("INVITE ");
            h.FromPeer(InDialog("BYE", AliceCallId, "alice", AliceTag, tag, 3, null, null, null));
            Assert.IsNotNull(h.LastResponse("200", "BYE"));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.RemoteHangup));
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "c4r01", "Contact: <sip:carol@192.0.2.30>\r\n", CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual((int)PhoneEventKind.CallReplaced, (int)h.LastEvent.Kind);
            Assert.AreEqual(1, h.LastEvent.ReplacedCallId);
        }

        [TestMethod]
        public void TheReplacesOfTheReferToGoesUnescapedIntoTheNewInvite()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30?Replaces=12345%40192.0.2.30%3Bto-tag%3D7743%3Bfrom-tag%3D6472>", null));
            string invite = h.Last("INVITE ");
            Assert.StartsWith("INVITE sip:carol@192.0.2.30 SIP/2.0", invite);
            Assert.AreEqual("12345@192.0.2.30;to-tag=7743;from-tag=6472", CallHarness.Header(invite, "Replaces"));
        }

        [TestMethod]
        public void ReferSubFalseIsHonouredWithoutNotify()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", "Refer-Sub: false\r\n"));
            // RFC 4488 §4: the 202 says the subscription was suppressed; the call is placed all the same.
            Assert.AreEqual("false", CallHarness.Header(h.LastResponse("202", "REFER"), "Refer-Sub"));
            Assert.AreEqual(0, h.Count("NOTIFY "));
            Assert.IsNotNull(h.Last("INVITE sip:carol"));
        }

        [TestMethod]
        public void ReferOutsideADialogOrToANonSipTargetIsRefused()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            string outside = CallHarness.Swap(Refer(tag, 2, "<sip:carol@192.0.2.30>", null), ";tag=" + tag, "");
            h.FromPeer(outside);
            Assert.IsNotNull(h.LastResponse("403", "REFER"));
            h.FromPeer(Refer(tag, 3, "<tel:+15551234>", null));
            Assert.AreEqual(2, CountResponses(h, "403", "REFER"));
            h.FromPeer(Refer(tag, 4, "<sip:carol@192.0.2.30>, <sip:dave@192.0.2.40>", null));
            Assert.IsNotNull(h.LastResponse("400", "REFER"));
            Assert.AreEqual(0, h.Count("NOTIFY "));
            Assert.IsNull(h.Last("INVITE sip:carol"));
        }

        [TestMethod]
        public void WithTransferOffReferIsDeclined()
        {
            CallHarness h = NewHarness();
            h.Agent.TransferEnabled = false;
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Refer(tag, 2, "<sip:carol@192.0.2.30>", null));
            Assert.IsNotNull(h.LastResponse("603", "REFER"));
            Assert.IsNull(h.Last("INVITE sip:carol"));
        }

        private static int CountResponses(CallHarness h, string status, string method)
        {
            int n = 0;
            for (int i = 0; i < h.Sent.Count; i++)
            {
                string t = h.SentAt(i).Text;
                if (t != null && t.StartsWith("SIP/2.0 " + status) && CallHarness.Header(t, "CSeq").EndsWith(" " + method)) n++;
            }

            return n;
        }

        // ================================================================ transferor

        private static string Transfer(CallHarness h, int callId, string uri)
        {
            PhoneCommand c = new PhoneCommand();
            c.Kind = PhoneCommandKind.Transfer;
            c.CallId = callId;
            c.Uri = uri;
            SipCallBridge.Execute(h.Agent, c, h.Now);
            h.Drain();
            return h.Last("REFER ");
        }

        private static string Notify(string ourTag, int cseq, string eventValue, string state, string frag)
        {
            return InDialog("NOTIFY", AliceCallId, "alice", AliceTag, ourTag, cseq,
                "Event: " + eventValue + "\r\nSubscription-State: " + state + "\r\n", "message/sipfrag;version=2.0", frag);
        }

        [TestMethod]
        public void BlindTransferSendsReferThenEndsTheCallOnA2xxSipfrag()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            string refer = Transfer(h, 1, "sip:carol@example.com");
            Assert.IsNotNull(refer);
            // RFC 3515 §2.1 / RFC 3892: one Refer-To, our identity in Referred-By, in the call's dialog.
            Assert.StartsWith("REFER sip:alice@192.0.2.20:5060 SIP/2.0", refer);
            Assert.AreEqual("<sip:carol@example.com>", CallHarness.Header(refer, "Refer-To"));
            Assert.StartsWith("<sip:1001@", CallHarness.Header(refer, "Referred-By"));
            Assert.AreEqual(AliceCallId, CallHarness.Header(refer, "Call-ID"));
            Assert.AreEqual(tag, CallHarness.Tag(CallHarness.Header(refer, "From")));
            Assert.AreEqual(AliceTag, CallHarness.Tag(CallHarness.Header(refer, "To")));
            Assert.EndsWith(" REFER", CallHarness.Header(refer, "CSeq"));
            h.FromPeer(CallHarness.ResponseTo(refer, "202 Accepted", null, null, null));

            h.FromPeer(Notify(tag, 2, "refer", "active;expires=60", "SIP/2.0 100 Trying\r\n"));
            Assert.IsNotNull(h.LastResponse("200", "NOTIFY"));
            Assert.AreEqual(0, h.Count("BYE "));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.TransferResult));

            h.FromPeer(Notify(tag, 3, "refer", "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"));
            Assert.AreEqual(2, CountResponses(h, "200", "NOTIFY"));
            PhoneEvent e = h.LastEvent;
            Assert.AreEqual((int)PhoneEventKind.TransferResult, (int)e.Kind);
            Assert.AreEqual(200, e.Status);
            // RFC 5589 §6: the transferor ends its call once the transfer succeeded.
            Assert.AreEqual(AliceCallId, CallHarness.Header(h.Last("BYE "), "Call-ID"));
        }

        [TestMethod]
        public void ARefusedReferOrAFailedReferredCallLeavesTheCall()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(CallHarness.ResponseTo(Transfer(h, 1, "sip:carol@example.com"), "603 Decline", null, null, null));
            Assert.AreEqual(603, h.LastEvent.Status);
            Assert.AreEqual((int)PhoneEventKind.TransferResult, (int)h.LastEvent.Kind);

            h.FromPeer(CallHarness.ResponseTo(Transfer(h, 1, "sip:carol@example.com"), "202 Accepted", null, null, null));
            h.FromPeer(Notify(tag, 2, "refer", "terminated;reason=noresource", "SIP/2.0 486 Busy Here\r\n"));
            Assert.AreEqual(486, h.LastEvent.Status);
            Assert.AreEqual(0, h.Count("BYE "));
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);
        }

        [TestMethod]
        public void NotifyOfAnotherPackageOrWithoutReferIsRefused()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(Notify(tag, 2, "refer", "active", "SIP/2.0 100 Trying\r\n"));
            // RFC 6665 §4.1.3: no subscription of ours.
            Assert.IsNotNull(h.LastResponse("481", "NOTIFY"));
            h.FromPeer(CallHarness.ResponseTo(Transfer(h, 1, "sip:carol@example.com"), "202 Accepted", null, null, null));
            h.FromPeer(Notify(tag, 3, "presence", "active", "SIP/2.0 100 Trying\r\n"));
            Assert.IsNotNull(h.LastResponse("489", "NOTIFY"));
        }

        [TestMethod]
        public void AnAcceptedReferWithoutNotifyEndsWithoutAResultAfter64T1()
        {
            CallHarness h = NewHarness();
            Established(h, AliceCallId, "alice", AliceTag, 1);
            long at = h.Now;
            h.FromPeer(CallHarness.ResponseTo(Transfer(h, 1, "sip:carol@example.com"), "202 Accepted", null, null, null));
            h.RunTo(at + 31000);
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.TransferResult));
            // RFC 6665 §4.1.2.4: no NOTIFY 64·T1 after the 2xx: the attempt is over, the call stays.
            h.RunTo(at + 33000);
            Assert.AreEqual(1, h.CountEvents(PhoneEventKind.TransferResult));
            Assert.AreEqual(0, h.LastEvent.Status);
            Assert.AreEqual("no transfer result", h.LastEvent.Reason);
            Assert.AreEqual(0, h.Count("BYE "));
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);
            // A new transfer can be tried.
            Assert.IsNotNull(Transfer(h, 1, "sip:dave@example.com"));
        }

        [TestMethod]
        public void ANotifyWithExpiresGivesTheReferredCallThatLongThenTheAttemptEnds()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.FromPeer(CallHarness.ResponseTo(Transfer(h, 1, "sip:carol@example.com"), "202 Accepted", null, null, null));
            long at = h.Now;
            h.FromPeer(Notify(tag, 2, "refer", "active;expires=120", "SIP/2.0 180 Ringing\r\n"));
            h.RunTo(at + 119000);
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.TransferResult));
            h.RunTo(at + 121000);
            Assert.AreEqual(1, h.CountEvents(PhoneEventKind.TransferResult));
            Assert.AreEqual("no transfer result", h.LastEvent.Reason);
            // A final NOTIFY after that changes nothing: the subscription is gone (RFC 6665 §4.1.3).
            h.FromPeer(Notify(tag, 3, "refer", "terminated", "SIP/2.0 200 OK\r\n"));
            Assert.IsNotNull(h.LastResponse("481", "NOTIFY"));
            Assert.AreEqual(0, h.Count("BYE "));
        }

        /// <summary>A call from alice through our outbound proxy (Record-Route), with example.com learned at registration.</summary>
        private static CallHarness ViaProxy(out string tag)
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, "example.com", "proxy.example.com", 2);
            h.Policy.AllowedMethods = new string[] { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "REFER", "NOTIFY" };
            DigestRealmPolicy realms = new DigestRealmPolicy(null, false);
            realms.Learn(DigestChallenge.Parse("Digest realm=\"example.com\", nonce=\"r1\", qop=\"auth\", algorithm=MD5"));
            h.Agent.Realms = realms;
            h.FromPeer(Invite(AliceCallId, "alice", AliceTag, "Record-Route: <sip:proxy.example.com;lr>\r\n"));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            tag = CallHarness.Tag(CallHarness.Header(LastFor(h, "SIP/2.0 200", AliceCallId), "To"));
            h.FromPeer(InDialog("ACK", AliceCallId, "alice", AliceTag, tag, 1, null, null, null));
            return h;
        }

        private const string ProxyChallenge = "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"p1\", qop=\"auth\", algorithm=MD5\r\n";

        [TestMethod]
        public void OurProxyChallengingTheReferIsAnsweredOnce()
        {
            string tag;
            CallHarness h = ViaProxy(out tag);
            string refer = Transfer(h, 1, "sip:carol@example.com");
            Assert.AreEqual("<sip:proxy.example.com;lr>", CallHarness.Header(refer, "Route"));
            Assert.IsNull(CallHarness.Header(refer, "Proxy-Authorization"));
            h.FromPeer(CallHarness.ResponseTo(refer, "407 Proxy Authentication Required", null, ProxyChallenge, null));

            // RFC 3261 §22.2: the same REFER again with credentials, a new CSeq, the same Refer-To.
            Assert.AreEqual(2, h.Count("REFER "));
            string second = h.Last("REFER ");
            Assert.Contains("realm=\"example.com\"", CallHarness.Header(second, "Proxy-Authorization"));
            Assert.Contains("uri=\"sip:alice@192.0.2.20:5060\"", CallHarness.Header(second, "Proxy-Authorization"));
            Assert.AreEqual("<sip:carol@example.com>", CallHarness.Header(second, "Refer-To"));
            Assert.AreNotEqual(CallHarness.Header(refer, "CSeq"), CallHarness.Header(second, "CSeq"));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.TransferResult));

            // A second challenge is the answer: the transfer failed, the call stays.
            h.FromPeer(CallHarness.ResponseTo(second, "407 Proxy Authentication Required", null, ProxyChallenge, null));
            Assert.AreEqual(2, h.Count("REFER "));
            Assert.AreEqual((int)PhoneEventKind.TransferResult, (int)h.LastEvent.Kind);
            Assert.AreEqual(407, h.LastEvent.Status);
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);

            // The next request in the dialog carries the credentials already (§22.3): accepted, then transferred.
            string third = Transfer(h, 1, "sip:carol@example.com");
            Assert.IsNotNull(CallHarness.Header(third, "Proxy-Authorization"));
            h.FromPeer(CallHarness.ResponseTo(third, "202 Accepted", null, null, null));
            h.FromPeer(Notify(tag, 2, "refer", "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"));
            Assert.AreEqual(200, h.LastEvent.Status);
            Assert.IsNotNull(CallHarness.Header(h.Last("BYE "), "Proxy-Authorization"));
        }

        [TestMethod]
        public void AChallengeToTheReferFromThePeerItselfIsNotAnswered()
        {
            // Straight to alice (no Record-Route): a digest response would go to her, to be attacked offline.
            CallHarness h = NewHarness();
            Established(h, AliceCallId, "alice", AliceTag, 1);
            string refer = Transfer(h, 1, "sip:carol@example.com");
            h.FromPeer(CallHarness.ResponseTo(refer, "407 Proxy Authentication Required", null, ProxyChallenge, null));
            Assert.AreEqual(1, h.Count("REFER "));
            Assert.AreEqual(407, h.LastEvent.Status);
            Assert.Contains("REFER not authorised", h.LastEvent.Reason);
            Assert.AreEqual(1, h.Agent.ForeignChallenges);
            Assert.AreEqual((int)SipCallState.Confirmed, (int)h.Agent.FindCall(1).State);
        }

        // ================================================================ attended transfer and Replaces

        [TestMethod]
        public void AttendedTransferRefersTheHeldPartyToTheOtherWithItsDialogEscapedInReplaces()
        {
            CallHarness h = NewHarness();
            Established(h, AliceCallId, "alice", AliceTag, 1);
            string bobOurTag = Established(h, BobCallId, "bob", BobTag, 2);
            PhoneCommand c = new PhoneCommand();
            c.Kind = PhoneCommandKind.Transfer;
            c.CallId = 1;
            c.OtherCallId = 2;
            SipCallBridge.Execute(h.Agent, c, h.Now);
            h.Drain();
            string refer = h.Last("REFER ");
            Assert.AreEqual(AliceCallId, CallHarness.Header(refer, "Call-ID"));
            // RFC 3891 §3: to-tag is the tag of the party that receives the Replaces (Bob), from-tag ours; ';', '=' and
            // '@' are escaped inside the URI header (RFC 3261 §25.1 hvalue).
            Assert.AreEqual("<sip:bob@example.com?Replaces=b0bb0bb0%40client.biloxi.example.com%3Bto-tag%3D" + BobTag +
                            "%3Bfrom-tag%3D" + bobOurTag + ">", CallHarness.Header(refer, "Refer-To"));
        }

        [TestMethod]
        public void AnInviteWithReplacesTakesOverTheMatchingCallAtOnce()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            h.MediaLog.Clear();
            int incoming = h.CountEvents(PhoneEventKind.IncomingCall);
            h.FromPeer(Invite(BobCallId, "bob", BobTag, "Replaces: " + AliceCallId + ";to-tag=" + tag + ";from-tag=" + AliceTag + "\r\n"));
            // RFC 3891 §3: answered without ringing, the replaced dialog ends with BYE.
            Assert.IsNotNull(LastFor(h, "SIP/2.0 200", BobCallId));
            Assert.IsNull(LastFor(h, "SIP/2.0 180", BobCallId));
            Assert.AreEqual(incoming, h.CountEvents(PhoneEventKind.IncomingCall));
            PhoneEvent e = h.LastEvent;
            Assert.AreEqual((int)PhoneEventKind.CallReplaced, (int)e.Kind);
            Assert.AreEqual(1, e.ReplacedCallId);
            Assert.AreEqual("sip:bob@example.com", e.Uri);
            Assert.AreEqual(AliceCallId, CallHarness.Header(h.Last("BYE "), "Call-ID"));
            Assert.IsTrue(h.MediaLog.Contains("stop 1"));
            Assert.IsTrue(h.MediaLog.Contains("update " + e.CallId.ToString()));
        }

        [TestMethod]
        public void AnInviteWithReplacesForNoConfirmedDialogGets481()
        {
            CallHarness h = NewHarness();
            string tag = Established(h, AliceCallId, "alice", AliceTag, 1);
            // Tags swapped: from Alice's view, not ours (RFC 3891 §3 compares to-tag with the local tag).
            h.FromPeer(Invite(BobCallId, "bob", BobTag, "Replaces: " + AliceCallId + ";to-tag=" + AliceTag + ";from-tag=" + tag + "\r\n"));
            Assert.IsNotNull(LastFor(h, "SIP/2.0 481", BobCallId));
            h.FromPeer(Invite("other@x", "bob", "77", "Replaces: " + AliceCallId + ";to-tag=" + tag + ";from-tag=" + AliceTag + ";early-only\r\n"));
            Assert.IsNotNull(LastFor(h, "SIP/2.0 486", "other@x"));
            Assert.AreEqual(0, h.Count("BYE "));
        }

        // ================================================================ the pieces

        [TestMethod]
        public void SipfragStatusLinesAreReadAndWritten()
        {
            byte[] ok = System.Text.Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\n");
            Assert.AreEqual(200, SipFrag.Status(ok, 0, ok.Length));
            byte[] bare = System.Text.Encoding.UTF8.GetBytes("SIP/2.0 603");
            Assert.AreEqual(603, SipFrag.Status(bare, 0, bare.Length));
            byte[] request = System.Text.Encoding.UTF8.GetBytes("INVITE sip:a@b SIP/2.0\r\n");
            Assert.AreEqual(-1, SipFrag.Status(request, 0, request.Length));
            byte[] four = System.Text.Encoding.UTF8.GetBytes("SIP/2.0 2000 OK");
            Assert.AreEqual(-1, SipFrag.Status(four, 0, four.Length));
            Assert.AreEqual("SIP/2.0 180 Ringing\r\n", SipFrag.StatusLine(180, "Ringing"));
        }

        [TestMethod]
        public void ReplacesNeedsBothTagsAndHvaluesAreEscaped()
        {
            SipReplaces r = new SipReplaces();
            Assert.IsTrue(r.Parse("425928@bobster.example.org;to-tag=7743;from-tag=6472"));
            Assert.AreEqual("425928@bobster.example.org", r.CallId);
            Assert.AreEqual("7743", r.ToTag);
            Assert.AreEqual("6472", r.FromTag);
            Assert.IsFalse(r.EarlyOnly);
            Assert.IsTrue(r.Parse("a@b;from-tag=1;to-tag=2;early-only"));
            Assert.IsTrue(r.EarlyOnly);
            Assert.IsFalse(r.Parse("a@b;to-tag=1"));
            // RFC 3891 §6.1 example, as it appears inside a Refer-To (RFC 5589 §7.1).
            Assert.AreEqual("425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472",
                SipReferTo.Escape("425928@bobster.example.org;to-tag=7743;from-tag=6472"));
        }
    }
}
