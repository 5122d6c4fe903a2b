using System.Text;
using nanoFramework.TestFramework;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// The NUL rule end to end (issue 10): an INVITE whose SDP body holds a 0x00 passes SIP (the body is bytes)
    /// and is refused by SDP on its bytes with 400 and a Warning; a NUL in an INVITE header is answered 400 by the
    /// request policy. No call is made either way. Every '~' in the text becomes 0x00.
    /// </summary>
    [TestClass]
    public class NulByteRequestTests
    {
        private static byte[] WithNul(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)'~')
                {
                    b[i] = 0;
                }
            }

            return b;
        }

        private static string Invite(string extra, string sdp)
        {
            string head = "INVITE sip:1001@192.0.2.10:5060 SIP/2.0\r\n" +
                          "Via: SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bKnulcall\r\n" +
                          "Max-Forwards: 70\r\n" +
                          "To: <sip:1001@example.com>\r\n" +
                          "From: <sip:x@example.com>;tag=x1\r\n" +
                          "Call-ID: nulcall@example\r\n" +
                          "CSeq: 7 INVITE\r\n" +
                          "Contact: <sip:x@192.0.2.20>\r\n" +
                          extra;
            return CallHarness.WithBody(head, sdp);
        }

        private static void Send(CallHarness h, string text)
        {
            byte[] b = WithNul(text);
            h.Transport.OnDatagram(b, 0, b.Length, CallHarness.Peer, CallHarness.PeerPort, h.Now);
            h.Drain();
        }

        [DataRow("c=IN IP4 192.0.2.20", "c=IN IP4 192.0.2.20~.evil.example")]
        [DataRow("m=audio 49172 RTP/AVP 0 101", "m=audio 49172 RTP/AVP 0 101~")]
        [DataRow("a=sendrecv", "a=sendrecv~a=inactive")]
        [TestMethod]
        public void NulInTheSdpBodyGets400AndNoCall(string oldText, string newText)
        {
            CallHarness h = CallHarness.Udp();
            string sdp = CallHarness.PeerSdp(1, "sendrecv");
            int at = sdp.IndexOf(oldText);
            Assert.IsTrue(at >= 0);
            sdp = sdp.Substring(0, at) + newText + sdp.Substring(at + oldText.Length);
            Send(h, Invite("", sdp));
            string r = h.LastResponse("400", "INVITE");
            Assert.IsNotNull(r);
            Assert.IsNotNull(CallHarness.Header(r, "Warning"));
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }

        [TestMethod]
        public void TheSameInviteWithoutTheNulRings()
        {
            CallHarness h = CallHarness.Udp();
            Send(h, Invite("", CallHarness.PeerSdp(1, "sendrecv")));
            h.RunTo(h.Now);
            Assert.IsNotNull(h.LastResponse("180", "INVITE"));
            Assert.AreEqual(1, h.Agent.ActiveCalls);
        }

        [DataRow("Subject: call~me\r\n")]
        [DataRow("Record-Route: <sip:proxy.example.com;lr>~<sip:evil.example.com;lr>\r\n")]
        [TestMethod]
        public void NulInAnInviteHeaderGets400AndNoCall(string extra)
        {
            CallHarness h = CallHarness.Udp();
            Send(h, Invite(extra, CallHarness.PeerSdp(1, "sendrecv")));
            Assert.IsNotNull(h.LastResponse("400", "INVITE"));
            Assert.IsNull(h.LastResponse("180", "INVITE"));
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(0, h.Agent.ActiveCalls);
        }
    }
}
