using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip.Dialog
{
    /// <summary>
    /// Behind a NAT on UDP (RFC 3581 §4, RFC 3261 §18.2.1): once a server's response shows the address it sees us at
    /// (Via received and rport), the next call's Contact and SDP connection address (c=, RFC 8866 §5.7) name that
    /// address, so the peer's requests and media can reach us; the RTP port stays ours.
    /// </summary>
    [TestClass]
    public class NatAddressTests
    {
        private const string Bob = "sip:bob@192.0.2.20";

        [TestMethod]
        public void TheNextCallsContactAndSdpNameTheAddressTheServerSaw()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            string first = h.Last("INVITE ");
            Assert.Contains("c=IN IP4 192.0.2.10\r\n", CallHarness.Body(first));
            string busy = CallHarness.Swap(CallHarness.Swap(CallHarness.ResponseTo(first, "486 Busy Here", "b0b", null, null),
                ";rport;", ";rport=40000;"), ";received=" + CallHarness.Local, ";received=203.0.113.7");
            h.FromPeer(busy);
            Assert.AreEqual(0, h.Agent.ActiveCalls);

            h.Place(-2, Bob);
            string second = h.Last("INVITE ");
            Assert.AreEqual("<sip:1001@203.0.113.7:40000;transport=udp>", CallHarness.Header(second, "Contact"));
            string sdp = CallHarness.Body(second);
            Assert.Contains("c=IN IP4 203.0.113.7\r\n", sdp);
            Assert.Contains("m=audio 40000 RTP/AVP", sdp);
        }

        [TestMethod]
        public void WhenTheServerSeesOurOwnAddressNothingChanges()
        {
            CallHarness h = CallHarness.Udp();
            h.Place(-1, Bob);
            h.FromPeer(CallHarness.ResponseTo(h.Last("INVITE "), "486 Busy Here", "b0b", null, null));
            h.Place(-2, Bob);
            string second = h.Last("INVITE ");
            Assert.AreEqual("<sip:1001@192.0.2.10:5060;transport=udp>", CallHarness.Header(second, "Contact"));
            Assert.Contains("c=IN IP4 192.0.2.10\r\n", CallHarness.Body(second));
        }
    }
}
