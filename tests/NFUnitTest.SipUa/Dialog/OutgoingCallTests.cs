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
    /// The phone as caller (UAC), against peer messages written out after RFC 3665 §3.1 (session establishment),
    /// §3.4/§3.5 (busy), §3.8 (CANCEL), RFC 3261 §9.1, §12.1.2, §13.2.2.4, §14.1 and RFC 3264 §8.4 (hold).
    /// </summary>
    [TestClass]
    public class OutgoingCallTests
    {
        private const string Bob = "sip:bob@192.0.2.20";
        private const string BobContact = "Contact: <sip:bob@192.0.2.20:5060>\r\n";

        // RFC 3665 §3.2 style: two proxies record-route; the 200 lists them proxy-nearest-callee first.
        private const string RecordRoutes = "Record-Route: <sip:ss2.biloxi.example.com;lr>\r\n" +
                                            "Record-Route: <sip:ss1.atlanta.example.com;lr>\r\n";

        private static CallHarness Answered()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "314159", BobContact, null));
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "314159", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            return h;
        }

        [TestMethod]
        public void InviteCarriesTheHeadersOfRfc3261Section8()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            SentRecord r = h.LastRecord("INVITE ");
            Assert.IsNotNull(r);
            string m = r.Text;
            // No registrar or proxy: straight to the Request-URI's host, default port 5060 (RFC 3263 §4.2).
            Assert.AreEqual((int)TransportActionKind.SendTo, (int)r.Kind);
            Assert.AreEqual("192.0.2.20", r.Host);
            Assert.AreEqual(5060, r.Port);
            Assert.StartsWith("INVITE sip:bob@192.0.2.20 SIP/2.0\r\n", m);
            Assert.StartsWith("SIP/2.0/UDP 192.0.2.10:5060;rport;branch=z9hG4bK", CallHarness.Header(m, "Via"));
            Assert.AreEqual("70", CallHarness.Header(m, "Max-Forwards"));
            Assert.AreEqual("<sip:bob@192.0.2.20>", CallHarness.Header(m, "To"));
            Assert.IsNotNull(CallHarness.Tag(CallHarness.Header(m, "From")));
            Assert.AreEqual("1 INVITE", CallHarness.Header(m, "CSeq"));
            Assert.AreEqual("<sip:1001@192.0.2.10:5060;transport=udp>", CallHarness.Header(m, "Contact"));
            Assert.AreEqual("INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, REFER, NOTIFY", CallHarness.Header(m, "Allow"));
            Assert.AreEqual("application/sdp", CallHarness.Header(m, "Content-Type"));
            Assert.IsNull(CallHarness.Header(m, "Route"));
            string sdp = CallHarness.Body(m);
            Assert.Contains("m=audio 40000 RTP/AVP 0 8 13 101\r\n", sdp);
            Assert.Contains("c=IN IP4 192.0.2.10\r\n", sdp);
            Assert.DoesNotContains("a=crypto", sdp);
            Assert.AreEqual(1, h.Agent.ActiveCalls);
            Assert.AreEqual(40000, h.Agent.LocalRtpPort(-1));
            Assert.AreEqual(-1, h.Agent.LocalRtpPort(-7));
        }

        [TestMethod]
        public void RingingThenOkGivesProgressAnswerAndAnAckBuiltByTheCore()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "314159", BobContact, null));
            Assert.AreEqual((int)PhoneEventKind.CallProgress, (int)h.LastEvent.Kind);
            Assert.AreEqual(180, h.LastEvent.Status);
            Assert.AreEqual((int)SipCallState.Proceeding, (int)h.Agent.FindCall(-1).State);

            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "314159", "Contact: <sip:bob@192.0.2.20:5062>\r\n" + RecordRoutes,
                CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual((int)PhoneEventKind.CallAnswered, (int)h.LastEvent.Kind);
            Assert.AreEqual(-1, h.LastEvent.CallId);

            // RFC 3261 §13.2.2.4: ACK to the remote target, new branch, CSeq number of the INVITE, route set
            // reversed (§12.1.2), To with the remote tag.
            SentRecord ackRecord = h.LastRecord("ACK ");
            string ack = ackRecord.Text;
            Assert.StartsWith("ACK sip:bob@192.0.2.20:5062 SIP/2.0\r\n", ack);
            Assert.AreEqual("1 ACK", CallHarness.Header(ack, "CSeq"));
            Assert.AreNotEqual(CallHarness.Branch(invite), CallHarness.Branch(ack));
            Assert.AreEqual("314159", CallHarness.Tag(CallHarness.Header(ack, "To")));
            Assert.AreEqual(CallHarness.Header(invite, "From"), CallHarness.Header(ack, "From"));
            Assert.AreEqual(CallHarness.Header(invite, "Call-ID"), CallHarness.Header(ack, "Call-ID"));
            Assert.AreEqual("<sip:ss1.atlanta.example.com;lr>", CallHarness.HeaderAt(ack, "Route", 0));
            Assert.AreEqual("<sip:ss2.biloxi.example.com;lr>", CallHarness.HeaderAt(ack, "Route", 1));
            // Loose routing: the ACK goes to the first Route.
            Assert.AreEqual("ss1.atlanta.example.com", ackRecord.Host);

            SdpNegotiationResult media = h.LastMedia;
            Assert.IsNotNull(media);
            Assert.AreEqual("192.0.2.20", media.RemoteAddress);
            Assert.AreEqual(49172, media.RemotePort);
            Assert.AreEqual(0, media.PayloadType);
            Assert.AreEqual(101, media.DtmfPayloadType);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)media.Direction);
            SipCall c = h.Agent.FindCall(-1);
            Assert.AreEqual((int)SipCallState.Confirmed, (int)c.State);
            Assert.AreEqual("314159", c.RemoteTag);
            Assert.AreEqual("sip:bob@192.0.2.20:5062", c.RemoteTarget);
        }

        [TestMethod]
        public void RetransmittedOkIsAnsweredWithTheSameAckAndReportedOnce()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            string ok = CallHarness.ResponseTo(invite, "200 OK", "314159", BobContact, CallHarness.PeerSdp(1, "sendrecv"));
            h.FromPeer(ok);
            string ack = h.Last("ACK ");
            h.RunTo(500);
            h.FromPeer(ok);
            Assert.AreEqual(2, h.Count("ACK "));
            Assert.AreEqual(ack, h.Last("ACK "));
            Assert.AreEqual(1, h.CountEvents(PhoneEventKind.CallAnswered));
        }

        [TestMethod]
        public void HangUpSendsByeInTheDialogAndOkEndsTheCall()
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, null, null, 2);
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "314159", BobContact + RecordRoutes, CallHarness.PeerSdp(1, "sendrecv")));
            h.RunTo(10000);
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            string bye = h.Last("BYE ");
            Assert.IsNotNull(bye);
            // RFC 3261 §15.1.1 / §12.2.1.1: remote target, CSeq one higher, both tags, the route set.
            Assert.StartsWith("BYE sip:bob@192.0.2.20:5060 SIP/2.0\r\n", bye);
            Assert.AreEqual("2 BYE", CallHarness.Header(bye, "CSeq"));
            Assert.AreEqual("314159", CallHarness.Tag(CallHarness.Header(bye, "To")));
            Assert.AreEqual(CallHarness.Header(invite, "From"), CallHarness.Header(bye, "From"));
            Assert.AreEqual("<sip:ss1.atlanta.example.com;lr>", CallHarness.HeaderAt(bye, "Route", 0));
            Assert.AreEqual("stop -1", (string)h.MediaLog[h.MediaLog.Count - 1]);
            Assert.AreEqual((int)SipCallState.Terminating, (int)h.Agent.FindCall(-1).State);
            h.FromPeer(CallHarness.ResponseTo(bye, "200 OK", null, null, null));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            // The user ended the call: nothing is reported back.
            Assert.AreEqual((int)PhoneEventKind.CallAnswered, (int)h.LastEvent.Kind);
        }

        [TestMethod]
        public void BusyHereFailsTheCallAndTheTransactionLayerAcksIt()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "486 Busy Here", "8321234356", null, null));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(486, h.LastEvent.Status);
            Assert.AreEqual("Busy Here", h.LastEvent.Reason);
            // RFC 3261 §17.1.1.3: the ACK for a non-2xx has the INVITE's branch and CSeq number.
            string ack = h.Last("ACK ");
            Assert.AreEqual(CallHarness.Branch(invite), CallHarness.Branch(ack));
            Assert.AreEqual("1 ACK", CallHarness.Header(ack, "CSeq"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        [DataRow("481 Call/Transaction Does Not Exist", 481)]
        [DataRow("477 Send Failed", 477)]
        public void ByeRefusedEndsTheCallHereAndIsReported(string statusLine, int status)
        {
            // E.g. after a proxy or registrar restart the dialog is unknown there: the call still ends (RFC 3261 §15.1.1).
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, null, null, 2);
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "314159", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            h.FromPeer(CallHarness.ResponseTo(h.Last("BYE "), statusLine, null, null, null));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual((int)PhoneEventKind.HangupFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(status, h.LastEvent.Status);
            Assert.AreEqual("HangupFailed call -1 " + statusLine + " (ended here; the peer may not know)", h.LastEvent.ToString());
        }

        [TestMethod]
        public void ByeWithNoAnswerEndsTheCallAfterTimerFAndIsReported()
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, null, null, 2);
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "314159", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            h.RunTo(64 * 500 + 1000); // §17.1.2.2 Timer F = 64·T1
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            Assert.AreEqual((int)PhoneEventKind.HangupFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(408, h.LastEvent.Status);
        }

        [TestMethod]
        public void CancelWaitsForAProvisionalResponseThenCopiesTheInvite()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            // RFC 3261 §9.1: no CANCEL before a provisional response.
            Assert.AreEqual(0, h.Count("CANCEL "));
            h.RunTo(200);
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "4321", BobContact, null));
            string cancel = h.Last("CANCEL ");
            Assert.IsNotNull(cancel);
            Assert.AreEqual(CallHarness.RequestUri(invite), CallHarness.RequestUri(cancel));
            Assert.AreEqual(CallHarness.Header(invite, "Via"), CallHarness.Header(cancel, "Via"));
            Assert.AreEqual(CallHarness.Header(invite, "To"), CallHarness.Header(cancel, "To"));
            Assert.AreEqual(CallHarness.Header(invite, "From"), CallHarness.Header(cancel, "From"));
            Assert.AreEqual(CallHarness.Header(invite, "Call-ID"), CallHarness.Header(cancel, "Call-ID"));
            Assert.AreEqual("1 CANCEL", CallHarness.Header(cancel, "CSeq"));

            // RFC 3665 §3.8: 200 to the CANCEL, then 487 to the INVITE (ACKed by the transaction layer).
            h.FromPeer(CallHarness.ResponseTo(cancel, "200 OK", "4321", null, null));
            h.FromPeer(CallHarness.ResponseTo(invite, "487 Request Terminated", "4321", null, null));
            Assert.AreEqual(1, h.Count("ACK "));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
            // The user already ended the call: nothing is reported back.
            Assert.AreEqual(0, h.Events.Count);
        }

        [TestMethod]
        public void OkAfterCancelIsAckedThenByed()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "180 Ringing", "77", BobContact, null));
            h.Command(PhoneCommandKind.HangUp, -1, 0, false);
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "77", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual(1, h.Count("ACK "));
            string bye = h.Last("BYE ");
            Assert.IsNotNull(bye);
            Assert.AreEqual("77", CallHarness.Tag(CallHarness.Header(bye, "To")));
            Assert.AreEqual(0, h.CountEvents(PhoneEventKind.CallAnswered));
        }

        [TestMethod]
        public void ProxyChallengeIsAnsweredOnceWithCSeqPlusOne()
        {
            // Digest is answered only for a request through our proxy, in the realm learned at REGISTER.
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Off, "example.com", "proxy.example.com", 2);
            Phone.Sip.DigestRealmPolicy realms = new Phone.Sip.DigestRealmPolicy(null, false);
            realms.Learn(Phone.Sip.DigestChallenge.Parse("Digest realm=\"atlanta.example.com\", nonce=\"r1\", qop=\"auth\""));
            h.Agent.Realms = realms;
            h.Place(-1, Bob);
            string first = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(first, "407 Proxy Authentication Required", "a1",
                "Proxy-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"wf84f1ceczx41ae6cbe5aea9c8e88d359\", qop=\"auth\", algorithm=MD5\r\n", null));
            Assert.AreEqual(2, h.Count("INVITE "));
            string second = h.Last("INVITE ");
            // RFC 3261 §22.2 / §8.1.3.5: same Call-ID and From tag, CSeq + 1, new branch, credentials for the realm.
            Assert.AreEqual("2 INVITE", CallHarness.Header(second, "CSeq"));
            Assert.AreEqual(CallHarness.Header(first, "Call-ID"), CallHarness.Header(second, "Call-ID"));
            Assert.AreEqual(CallHarness.Header(first, "From"), CallHarness.Header(second, "From"));
            Assert.AreNotEqual(CallHarness.Branch(first), CallHarness.Branch(second));
            string auth = CallHarness.Header(second, "Proxy-Authorization");
            Assert.IsNotNull(auth);
            Assert.Contains("username=\"1001\"", auth);
            Assert.Contains("realm=\"atlanta.example.com\"", auth);
            Assert.Contains("uri=\"sip:bob@192.0.2.20\"", auth);
            Assert.DoesNotContains("secret-pw", second);
            Assert.AreEqual(CallHarness.Body(first), CallHarness.Body(second));

            // The same nonce challenged again is a wrong password: the call fails instead of looping.
            h.FromPeer(CallHarness.ResponseTo(second, "407 Proxy Authentication Required", "a2",
                "Proxy-Authenticate: Digest realm=\"atlanta.example.com\", nonce=\"wf84f1ceczx41ae6cbe5aea9c8e88d359\", qop=\"auth\", algorithm=MD5\r\n", null));
            Assert.AreEqual(2, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(407, h.LastEvent.Status);
        }

        [TestMethod]
        public void NoAnswerAtAllTimesOutWithTimerB()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            h.RunTo(31999);
            Assert.AreEqual(0, h.Events.Count);
            // RFC 3261 §17.1.1.2: timer A doubles from T1: sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s.
            long[] t = h.TimesOf("INVITE ");
            Assert.AreEqual(7, t.Length);
            Assert.AreEqual(31500L, t[6]);
            h.RunTo(32000);
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(408, h.LastEvent.Status);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void HoldSendsSendonlyReinviteAndResumeSendrecv()
        {
            CallHarness h = Answered();
            string invite = h.Last("INVITE ");
            string firstSdp = CallHarness.Body(invite);
            h.RunTo(5000);
            h.Command(PhoneCommandKind.Hold, -1, 0, true);
            Assert.AreEqual(2, h.Count("INVITE "));
            string reinvite = h.Last("INVITE ");
            // RFC 3261 §14.1 / §12.2.1.1: in the dialog: remote target, To tag, CSeq + 1, same Call-ID.
            Assert.StartsWith("INVITE sip:bob@192.0.2.20:5060 SIP/2.0\r\n", reinvite);
            Assert.AreEqual("2 INVITE", CallHarness.Header(reinvite, "CSeq"));
            Assert.AreEqual("314159", CallHarness.Tag(CallHarness.Header(reinvite, "To")));
            // RFC 3264 §8.4: hold is a=sendonly; §8: the o= version is one higher, the session id the same.
            string sdp = CallHarness.Body(reinvite);
            Assert.Contains("a=sendonly\r\n", sdp);
            Assert.AreEqual(Origin(firstSdp, 1), Origin(sdp, 1));
            Assert.AreEqual(long.Parse(Origin(firstSdp, 2)) + 1, long.Parse(Origin(sdp, 2)));

            h.FromPeer(CallHarness.ResponseTo(reinvite, "200 OK", null, BobContact, CallHarness.PeerSdp(2, "recvonly")));
            Assert.AreEqual("2 ACK", CallHarness.Header(h.Last("ACK "), "CSeq"));
            Assert.AreEqual((int)SdpDirection.SendOnly, (int)h.LastMedia.Direction);
            Assert.IsTrue(h.Agent.FindCall(-1).LocalHold);

            h.Command(PhoneCommandKind.Hold, -1, 0, false);
            string resume = h.Last("INVITE ");
            Assert.AreEqual("3 INVITE", CallHarness.Header(resume, "CSeq"));
            Assert.Contains("a=sendrecv\r\n", CallHarness.Body(resume));
            h.FromPeer(CallHarness.ResponseTo(resume, "200 OK", null, BobContact, CallHarness.PeerSdp(3, "sendrecv")));
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)h.LastMedia.Direction);
            Assert.IsFalse(h.Agent.FindCall(-1).LocalHold);
        }

        [TestMethod]
        public void GlareRetryWaitsTwoPointOneToFourSecondsForTheCallIdOwner()
        {
            CallHarness h = Answered();
            h.RunTo(1000);
            h.Command(PhoneCommandKind.Hold, -1, 0, true);
            string reinvite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(reinvite, "491 Request Pending", null, null, null));
            Assert.AreEqual(1, h.Agent.FindCall(-1).GlareRetries);
            long due = h.Agent.FindCall(-1).RetryAtMs;
            // RFC 3261 §14.1: we generated the Call-ID: T in [2.1 s, 4 s] in units of 10 ms.
            Assert.IsTrue(due >= 1000 + 2100 && due <= 1000 + 4000, "retry at " + due.ToString());
            Assert.AreEqual(0L, (due - 1000) % 10);
            h.RunTo(due - 1);
            Assert.AreEqual(2, h.Count("INVITE "));
            h.RunTo(due);
            Assert.AreEqual(3, h.Count("INVITE "));
            string retry = h.Last("INVITE ");
            Assert.AreEqual("3 INVITE", CallHarness.Header(retry, "CSeq"));
            Assert.Contains("a=sendonly\r\n", CallHarness.Body(retry));
        }

        [TestMethod]
        public void OutboundProxyOverTlsPreloadsRouteAndReusesTheRegistrationFlow()
        {
            CallHarness h = new CallHarness(SipTransportKind.Tls, SrtpMode.Mandatory, "example.com", "proxy.example.com", 2);
            // The registration flow: opened to the proxy, verified for its name.
            SipTransportStatus st;
            int flow = h.Transport.Acquire(SipTransportKind.Tls, "proxy.example.com", 5061, "proxy.example.com", h.Now, out st);
            h.Transport.OnConnected(flow, h.Now);
            h.Drain();
            h.Agent.ConnectionIdHint = flow;
            h.Place(-2, "sips:1002@example.com");
            SentRecord r = h.LastRecord("INVITE ");
            Assert.IsNotNull(r);
            Assert.AreEqual(flow, r.ConnectionId);
            Assert.AreEqual((int)TransportActionKind.Send, (int)r.Kind);
            string m = r.Text;
            Assert.StartsWith("INVITE sips:1002@example.com SIP/2.0\r\n", m);
            // RFC 3261 §8.1.2: the outbound proxy is a loose Route; sips Contact over TLS; SDES keys over TLS only.
            Assert.AreEqual("<sip:proxy.example.com:5061;transport=tls;lr>", CallHarness.Header(m, "Route"));
            Assert.AreEqual("<sips:1001@192.0.2.10:5060>", CallHarness.Header(m, "Contact"));
            Assert.StartsWith("\"Desk\" <sip:1001@example.com>;tag=", CallHarness.Header(m, "From"));
            Assert.Contains("m=audio 40000 RTP/SAVP", CallHarness.Body(m));
            Assert.Contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", CallHarness.Body(m));
            Assert.IsTrue(h.Agent.SignallingProtected);
        }

        [TestMethod]
        public void OnAnOutboundFlowTheContactCarriesOb()
        {
            // RFC 5626 §4.3: registered with outbound, a dialog-forming request's Contact URI carries ;ob, so the edge
            // proxy keeps the dialog on the flow; the flag follows the registration (PhoneCore sets it).
            CallHarness h = CallHarness.Udp();
            h.Agent.OutboundFlow = true;
            h.Place(-1, Bob);
            Assert.AreEqual("<sip:1001@192.0.2.10:5060;transport=udp;ob>", CallHarness.Header(h.Last("INVITE "), "Contact"));

            h.Agent.OutboundFlow = false;
            h.Place(-2, "sip:carol@192.0.2.21");
            Assert.AreEqual("<sip:1001@192.0.2.10:5060;transport=udp>", CallHarness.Header(h.Last("INVITE "), "Contact"));
        }

        [TestMethod]
        public void KeysAreNotOfferedOverUdpAndMandatorySrtpRefusesToCall()
        {
            CallHarness h = new CallHarness(SipTransportKind.Udp, SrtpMode.Mandatory, null, null, 2);
            h.Place(-1, Bob);
            Assert.AreEqual(0, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(0, h.Agent.ActiveCalls);

            CallHarness o = new CallHarness(SipTransportKind.Udp, SrtpMode.Optional, null, null, 2);
            o.Place(-1, Bob);
            Assert.DoesNotContains("a=crypto", CallHarness.Body(o.Last("INVITE ")));
        }

        [TestMethod]
        public void SecondForkOkIsAckedAndByedWhileTheFirstDialogStays()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "fork1", BobContact, CallHarness.PeerSdp(1, "sendrecv")));
            // RFC 3261 §13.2.2.4: a 2xx with another To tag is another dialog: ACK it, then BYE it.
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "fork2", "Contact: <sip:bob@192.0.2.30:5060>\r\n",
                CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual(2, h.Count("ACK "));
            string ack2 = h.Last("ACK ");
            Assert.StartsWith("ACK sip:bob@192.0.2.30:5060 SIP/2.0", ack2);
            Assert.AreEqual("fork2", CallHarness.Tag(CallHarness.Header(ack2, "To")));
            Assert.AreEqual("1 ACK", CallHarness.Header(ack2, "CSeq"));
            string bye = h.Last("BYE ");
            Assert.IsNotNull(bye);
            Assert.AreEqual("fork2", CallHarness.Tag(CallHarness.Header(bye, "To")));
            Assert.AreEqual("192.0.2.30", h.LastRecord("BYE ").Host);
            // The kept dialog is untouched.
            SipCall c = h.Agent.FindCall(-1);
            Assert.AreEqual((int)SipCallState.Confirmed, (int)c.State);
            Assert.AreEqual("fork1", c.RemoteTag);
            Assert.AreEqual(1, h.CountEvents(PhoneEventKind.CallAnswered));
        }

        [TestMethod]
        public void StrictRouterGetsTheRequestUriAndTheTargetGoesLastInRoute()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string invite = h.Last("INVITE ");
            // RFC 3261 §12.2.1.1: a first route without lr is a strict router; its URI (without the method
            // parameter, not allowed in a Request-URI by §19.1.1 Table 1) becomes the Request-URI.
            h.FromPeer(CallHarness.ResponseTo(invite, "200 OK", "s1", BobContact + "Record-Route: <sip:strict.example.com;method=INVITE>\r\n",
                CallHarness.PeerSdp(1, "sendrecv")));
            string ack = h.Last("ACK ");
            Assert.StartsWith("ACK sip:strict.example.com SIP/2.0", ack);
            Assert.AreEqual("<sip:bob@192.0.2.20:5060>", CallHarness.Header(ack, "Route"));
            Assert.IsNull(CallHarness.HeaderAt(ack, "Route", 1));
            Assert.AreEqual("strict.example.com", h.LastRecord("ACK ").Host);
        }

        private static string Origin(string sdp, int field)
        {
            int at = sdp.IndexOf("o=");
            int end = sdp.IndexOf("\r\n", at);
            string[] parts = sdp.Substring(at + 2, end - at - 2).Split(' ');
            return parts[field];
        }
    }
}
