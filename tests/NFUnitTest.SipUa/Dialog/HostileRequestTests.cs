using nanoFramework.TestFramework;
using Phone.Call;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Requests that parse but cannot make a call: each is answered with the status RFC 3261 gives, nothing
    /// throws, and no call slot is left behind.
    /// </summary>
    [TestClass]
    public class HostileRequestTests
    {
        private static string Invite(string contact, string sdp, string extra)
        {
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKhostile\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: <sip:1001@example.com>\r\n" +
                          "From: <sip:x@example.com>;tag=x1\r\n" +
                          "Call-ID: hostile@example\r\n" +
                          "CSeq: 7 INVITE\r\n" +
                          (contact == null || contact == "none" ? "" : "Contact: " + contact + "\r\n") +
                          (extra == null ? "" : extra);
            return CallHarness.WithBody(head, sdp);
        }

        [TestMethod]
        [DataRow("none")]
        [DataRow("*")]
        [DataRow("<tel:+15551234>")]
        public void InviteWithoutAUsableContactGets400(string contact)
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite(contact, CallHarness.PeerSdp(1, "sendrecv"), null));
            // RFC 3261 §8.1.1.8: an INVITE must carry one SIP/SIPS Contact.
            Assert.IsNotNull(h.LastResponse("400", "INVITE"));
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void GarbageSdpGets400AndNoCall()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("<sip:x@192.0.2.20>", "hello\r\n", null));
            // SDP that does not parse (RFC 8866 §5) is a malformed request body: 400, with the reason in Warning.
            string r = h.LastResponse("400", "INVITE");
            Assert.IsNotNull(r);
            Assert.IsNotNull(CallHarness.Header(r, "Warning"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void NonSdpBodyGets415WithAccept()
        {
            CallHarness h = CallHarness.Udp();
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKtext\r\n" +
                          "Max-Forwards: 70\r\nTo: <sip:1001@example.com>\r\nFrom: <sip:x@example.com>;tag=x1\r\nCall-ID: text@example\r\n" +
                          "CSeq: 1 INVITE\r\nContact: <sip:x@192.0.2.20>\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
            h.FromPeer(head);
            string r = h.LastResponse("415", "INVITE");
            Assert.IsNotNull(r);
            Assert.AreEqual("application/sdp", CallHarness.Header(r, "Accept"));
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void RouteSetWithinTheLimitIsKeptInOrderAndOneBeyondItIsRefused()
        {
            CallHarness h = CallHarness.Udp();
            string rr = "";
            for (int i = 0; i < 32; i++)
            {
                rr += "Record-Route: <sip:p" + i.ToString() + ".example.com;lr>\r\n";
            }

            h.FromPeer(Invite("<sip:x@192.0.2.20>", CallHarness.PeerSdp(1, "sendrecv"), rr));
            // §12.1.1: the UAS keeps the route set in Record-Route order.
            string[] set = h.Agent.FindCall(1).RouteSet;
            Assert.AreEqual(32, set.Length);
            Assert.AreEqual("<sip:p0.example.com;lr>", set[0]);
            Assert.AreEqual("<sip:p31.example.com;lr>", set[31]);

            CallHarness big = CallHarness.Udp();
            big.FromPeer(Invite("<sip:x@192.0.2.20>", CallHarness.PeerSdp(1, "sendrecv"), rr + "Record-Route: <sip:p32.example.com;lr>\r\n"));
            Assert.IsNotNull(big.LastResponse("500", "INVITE"));
            Assert.AreEqual(0, big.Agent.ActiveCalls);
            Assert.AreEqual(0, big.Events.Count);
        }

        [TestMethod]
        public void GarbageReinviteLeavesTheCallAsItWas()
        {
            CallHarness h = CallHarness.Udp();
            h.FromPeer(Invite("<sip:x@192.0.2.20>", CallHarness.PeerSdp(1, "sendrecv"), null));
            h.Command(PhoneCommandKind.Answer, 1, 0, false);
            string tag = CallHarness.Tag(CallHarness.Header(h.LastResponse("200", "INVITE"), "To"));
            string reinvite = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKre\r\n" +
                              "Max-Forwards: 70\r\nTo: <sip:1001@example.com>;tag=" + tag + "\r\nFrom: <sip:x@example.com>;tag=x1\r\n" +
                              "Call-ID: hostile@example\r\nCSeq: 8 INVITE\r\nContact: <sip:x@192.0.2.20>\r\n";
            h.FromPeer(CallHarness.WithBody("ACK sip:1001@192.0.2.10:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKack\r\n" +
                "Max-Forwards: 70\r\nTo: <sip:1001@example.com>;tag=" + tag + "\r\nFrom: <sip:x@example.com>;tag=x1\r\n" +
                "Call-ID: hostile@example\r\nCSeq: 7 ACK\r\n", null));
            int media = h.Media.Count;
            h.FromPeer(CallHarness.WithBody(reinvite, "v=0\r\nnonsense\r\n"));
            Assert.IsNotNull(h.LastResponse("400", "INVITE"));
            // RFC 3261 §14.2: a refused re-INVITE leaves the session unchanged.
            Assert.AreEqual(media, h.Media.Count);
            Assert.AreEqual(1, h.Agent.ActiveCalls);
            Assert.AreEqual(8, h.Agent.FindCall(1).RemoteCSeq);
        }
    }
}
