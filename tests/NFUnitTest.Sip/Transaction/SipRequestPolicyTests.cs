using nanoFramework.TestFramework;
using Phone.Sip.Transaction;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Requests we did not initiate (RFC 3261 §8.2, §11.2): OPTIONS, 405, 420, 400 and drops, checked against
    /// responses written out here. The To tag is the fake entropy's first 8 bytes (01..08).
    /// </summary>
    [TestClass]
    public class SipRequestPolicyTests
    {
        private const string Proxy = TransactionMessages.Server;
        private const string Br = ";branch=z9hG4bKp1";
        private const string Tag = "0102030405060708";

        private static string Head(string status, string cseq)
        {
            return "SIP/2.0 " + status + "\r\n" +
                   "Via: SIP/2.0/UDP proxy.example.com:5070" + Br + "\r\n" +
                   "From: Bob <sip:bob@example.org>;tag=b9\r\n" +
                   "To: <sip:alice@example.com>;tag=" + Tag + "\r\n" +
                   "Call-ID: in1@proxy.example.com\r\n" +
                   "CSeq: 7 " + cseq + "\r\n";
        }

        [TestMethod]
        public void OptionsIsAnsweredWithCapabilities()
        {
            // §11.2: 200 with Allow, Accept (and Supported when we have option tags); §8.2.6.2: To tag added.
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(TransactionMessages.Incoming("OPTIONS", "UDP", Br, null, "OPTIONS"), Proxy, 5070);
            string expected = Head("200 OK", "OPTIONS") +
                              "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE\r\n" +
                              "Accept: application/sdp\r\n" +
                              "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual(expected, h.SentAt(0).Text);
            Assert.AreEqual(Proxy, h.SentAt(0).Host);
            Assert.AreEqual(5070, h.SentAt(0).Port);
            Assert.AreEqual(0, h.Events.Count);
            Assert.AreEqual(1, h.Policy.OptionsAnswered);

            // A retransmission is answered by the server transaction, not by the policy again (§17.2.2).
            h.Datagram(TransactionMessages.Incoming("OPTIONS", "UDP", Br, null, "OPTIONS"), Proxy, 5070);
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual(expected, h.SentAt(1).Text);
            Assert.AreEqual(1, h.Policy.OptionsAnswered);
        }

        [TestMethod]
        public void OptionsListsSupportedTags()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Policy.SupportedOptions = new string[] { "replaces", "outbound" };
            h.Datagram(TransactionMessages.Incoming("OPTIONS", "UDP", Br, null, "OPTIONS"), Proxy, 5070);
            Assert.IsTrue(h.SentAt(0).Text.IndexOf("\r\nSupported: replaces, outbound\r\n") > 0);
        }

        [DataRow("SUBSCRIBE")]
        [DataRow("MESSAGE")]
        [DataRow("FOO")]
        [TestMethod]
        public void UnknownMethodGets405WithAllow(string method)
        {
            // §8.2.1: 405 MUST list the methods we support in Allow.
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(TransactionMessages.Incoming(method, "UDP", Br, null, method), Proxy, 5070);
            string expected = Head("405 Method Not Allowed", method) +
                              "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE\r\n" +
                              "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(expected, h.LastSent.Text);
            Assert.AreEqual(1, h.Policy.MethodNotAllowed);
            Assert.AreEqual(0, h.Events.Count);
        }

        [TestMethod]
        public void UnsupportedRequireGets420WithUnsupported()
        {
            // §8.2.2.3: 420 with Unsupported listing the option tags we do not understand.
            TransactionHarness h = new TransactionHarness(true);
            h.Policy.SupportedOptions = new string[] { "timer" };
            string invite = SipFixture.Replace(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"),
                "Content-Length: 0", "Require: 100rel, timer, foo\r\nContent-Length: 0");
            h.Datagram(invite, Proxy, 5070);
            string expected = Head("420 Bad Extension", "INVITE") +
                              "Unsupported: 100rel, foo\r\n" +
                              "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(expected, h.LastSent.Text);
            Assert.AreEqual(1, h.Policy.BadExtension);
            Assert.AreEqual(0, h.Events.Count);
        }

        [TestMethod]
        public void RequireIsNotCheckedOnCancel()
        {
            TransactionHarness h = new TransactionHarness(true);
            string cancel = SipFixture.Replace(TransactionMessages.Incoming("CANCEL", "UDP", Br, null, "CANCEL"),
                "Content-Length: 0", "Require: 100rel\r\nContent-Length: 0");
            h.Datagram(cancel, Proxy, 5070);
            Assert.AreEqual("request CANCEL", h.EventAt(0));
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Policy.Passed);
        }

        [TestMethod]
        public void SupportedRequestsPassToTheTu()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            h.Datagram(TransactionMessages.Incoming("ACK", "UDP", ";branch=z9hG4bKa2", "u1", "ACK"), Proxy, 5070);
            Assert.AreEqual("request INVITE", h.EventAt(0));
            Assert.AreEqual("request ACK (no tx)", h.EventAt(1));
            Assert.AreEqual(2, h.Policy.Passed);
        }

        [TestMethod]
        public void MalformedButAnswerableGets400()
        {
            // Max-Forwards is not a number (RFC 3261 §20.22) but Via, From, To, Call-ID and CSeq are readable:
            // 400 Bad Request, sent statelessly to the source (§18.2.2).
            TransactionHarness h = new TransactionHarness(true);
            string bad = SipFixture.Replace(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), "Max-Forwards: 69", "Max-Forwards: many");
            h.Datagram(bad, Proxy, 5070);
            string expected = Head("400 Bad Request", "INVITE") + "Content-Length: 0\r\n\r\n";
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual(expected, h.SentAt(0).Text);
            Assert.AreEqual(5070, h.SentAt(0).Port);
            Assert.AreEqual(1, h.Policy.BadRequestAnswered);
            Assert.AreEqual(0, h.Events.Count);
        }

        [TestMethod]
        public void CSeqMethodMismatchGets400()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(TransactionMessages.Incoming("BYE", "UDP", Br, null, "INVITE"), Proxy, 5070);
            Assert.AreEqual("SIP/2.0 400 Bad Request", h.LastSent.FirstLine);
            Assert.AreEqual(1, h.Policy.BadRequestAnswered);
        }

        [DataRow("hello world\r\n\r\n")]
        [DataRow("INVITE sip:a@b SIP/2.0\r\nVia: nonsense\r\nMax-Forwards: 70\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")]
        [DataRow("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: 70\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")]
        [DataRow("ACK sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: x\r\nTo: <sip:a@b>\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n")]
        [TestMethod]
        public void UnanswerableMalformedRequestsAreDropped(string text)
        {
            // No start line, an unreadable Via, no From, or an ACK (never answered, §17): dropped and counted.
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(text, Proxy, 5070);
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Policy.MalformedDropped);
            Assert.AreEqual(0, h.Policy.BadRequestAnswered);
        }

        [TestMethod]
        public void AllowedMethodsAreConfigurable()
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Policy.AllowedMethods = new string[] { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "NOTIFY" };
            h.Datagram(TransactionMessages.Incoming("NOTIFY", "UDP", Br, "u1", "NOTIFY"), Proxy, 5070);
            Assert.AreEqual("request NOTIFY", h.EventAt(0));
            h.Datagram(TransactionMessages.Incoming("OPTIONS", "UDP", ";branch=z9hG4bKp2", null, "OPTIONS"), Proxy, 5070);
            Assert.IsTrue(h.LastSent.Text.IndexOf("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, NOTIFY\r\n") > 0);
        }
    }
}
