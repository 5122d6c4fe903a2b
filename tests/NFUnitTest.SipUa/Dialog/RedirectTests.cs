using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Config;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Call forwarding on the wire: the phone answers a ringing INVITE with 302 Moved Temporarily naming the target in
    /// Contact (RFC 3261 §21.3.3), and as a caller follows a 3xx to its first Contact (RFC 3261 §8.1.3.4): a new INVITE
    /// to the new Request-URI, same Call-ID and From tag, CSeq + 1, To unchanged; never from sips to sip, at most
    /// three times per call.
    /// </summary>
    [TestClass]
    public class RedirectTests
    {
        private const string CallId = "f81d4fae7dec11d0a765@pc33.atlanta.example.com";

        private static string Invite()
        {
            return CallHarness.WithBody("INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKfwd1\r\n" +
                "Max-Forwards: 70\r\n" +
                "To: <sip:1001@example.com>\r\n" +
                "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n" +
                "Call-ID: " + CallId + "\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:alice@192.0.2.20:5060>\r\n", CallHarness.PeerSdp(1, "sendrecv"));
        }

        [TestMethod]
        public void RedirectAnswers302WithTheTargetInContactAndFreesTheCall()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite());
            h.RunTo(h.Now);
            Assert.IsNotNull(h.LastResponse("180", "INVITE"));
            PhoneCommand c = new PhoneCommand();
            c.Kind = PhoneCommandKind.Redirect;
            c.CallId = 1;
            c.Uri = "sip:1002@example.com";
            SipCallBridge.Execute(h.Agent, c, h.Now);
            h.Drain();
            string moved = h.LastResponse("302", "INVITE");
            Assert.IsNotNull(moved);
            Assert.StartsWith("SIP/2.0 302 Moved Temporarily\r\n", moved);
            Assert.AreEqual("<sip:1002@example.com>", CallHarness.Header(moved, "Contact"));
            Assert.AreEqual(CallHarness.Tag(CallHarness.Header(h.LastResponse("180", "INVITE"), "To")), CallHarness.Tag(CallHarness.Header(moved, "To")));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void RedirectOfACallPastRingingSendsNothing()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite());
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            int sent = h.Sent.Count;
            h.Agent.Redirect(1, "sip:1002@example.com", h.Now);
            h.Drain();
            Assert.IsNull(h.LastResponse("302", "INVITE"));
            Assert.AreEqual(1, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void A302IsFollowedToItsContactWithCSeqPlusOneAndTheSameCallId()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, "sip:bob@192.0.2.20");
            string first = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(first, "302 Moved Temporarily", "r1", "Contact: <sip:carol@192.0.2.30:5070>\r\n", null));
            string second = h.Last("INVITE ");
            Assert.AreNotEqual(first, second);
            Assert.StartsWith("INVITE sip:carol@192.0.2.30:5070 SIP/2.0\r\n", second);
            Assert.AreEqual("2 INVITE", CallHarness.Header(second, "CSeq"));
            Assert.AreEqual(CallHarness.Header(first, "Call-ID"), CallHarness.Header(second, "Call-ID"));
            Assert.AreEqual(CallHarness.Header(first, "From"), CallHarness.Header(second, "From"));
            Assert.AreEqual("<sip:bob@192.0.2.20>", CallHarness.Header(second, "To"));
            Assert.AreNotEqual(CallHarness.Branch(first), CallHarness.Branch(second));
            // The same offer goes to the new target.
            Assert.AreEqual(CallHarness.Body(first), CallHarness.Body(second));
            Assert.AreEqual(1, h.Agent.ActiveCalls);

            h.FromPeer(CallHarness.ResponseTo(second, "200 OK", "c1", "Contact: <sip:carol@192.0.2.30:5070>\r\n", CallHarness.PeerSdp(1, "sendrecv")));
            Assert.AreEqual((int)PhoneEventKind.CallAnswered, (int)h.LastEvent.Kind);
        }

        [TestMethod]
        public void RedirectsStopAfterThreeAndTheCallFailsWithTheLast3xx()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, "sip:bob@192.0.2.20");
            for (int i = 0; i < 3; i++)
            {
                string invite = h.Last("INVITE ");
                h.FromPeer(CallHarness.ResponseTo(invite, "302 Moved Temporarily", "r" + i.ToString(), "Contact: <sip:hop" + i.ToString() + "@192.0.2.30>\r\n", null));
            }

            Assert.AreEqual(4, h.Count("INVITE "));
            string last = h.Last("INVITE ");
            h.FromPeer(CallHarness.ResponseTo(last, "302 Moved Temporarily", "r9", "Contact: <sip:loop@192.0.2.30>\r\n", null));
            Assert.AreEqual(4, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(302, h.LastEvent.Status);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void A3xxWithoutContactEndsTheCall()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, "sip:bob@192.0.2.20");
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "302 Moved Temporarily", "r1", null, null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);
            Assert.AreEqual(302, h.LastEvent.Status);
        }

        [TestMethod]
        public void ASipsCallIsNotRedirectedToPlainSip()
        {
            CallHarness h = new CallHarness(SipTransportKind.Tls, SrtpMode.Mandatory, "example.com", "proxy.example.com", 2);
            SipTransportStatus st;
            int flow = h.Transport.Acquire(SipTransportKind.Tls, "proxy.example.com", 5061, "proxy.example.com", h.Now, out st);
            h.Transport.OnConnected(flow, h.Now);
            h.Drain();
            h.Agent.ConnectionIdHint = flow;
            h.Place(-2, "sips:1002@example.com");
            string invite = h.Last("INVITE ");
            Assert.IsNotNull(invite);

            // RFC 3261 §26.2.2: a sips call must stay sips end to end; a plain sip Contact is not followed.
            h.FromStream(flow, CallHarness.ResponseTo(invite, "302 Moved Temporarily", "r1", "Contact: <sip:1002@192.0.2.99>\r\n", null));
            Assert.AreEqual(1, h.Count("INVITE "));
            Assert.AreEqual((int)PhoneEventKind.CallFailed, (int)h.LastEvent.Kind);

            // A sips Contact is followed.
            h.Place(-3, "sips:1003@example.com");
            string again = h.Last("INVITE ");
            h.FromStream(flow, CallHarness.ResponseTo(again, "302 Moved Temporarily", "r2", "Contact: <sips:1004@example.com>\r\n", null));
            Assert.StartsWith("INVITE sips:1004@example.com SIP/2.0\r\n", h.Last("INVITE "));
        }
    }
}
