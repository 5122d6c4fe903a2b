using System.Text;
using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Transaction;
using Phone.Tests.Sip.Transaction;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// The NUL rule (issue 10): nanoFramework strings end at U+0000, so a NUL byte in the start line or a header
    /// field must be refused on the bytes before any text is made, or e.g. sip:alice@evil.com NUL @good.com would
    /// read as sip:alice@evil.com on the device. Inputs are built as bytes: every '~' in the text becomes 0x00
    /// (no NUL ever appears in a string literal here).
    /// </summary>
    [TestClass]
    public class SipNulByteTests
    {
        private const string Proxy = "proxy.example.com";

        /// <summary>UTF-8 of text with every '~' set to 0x00.</summary>
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

        private static int IndexOfNul(byte[] b)
        {
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Request(string startLine, string extra)
        {
            return startLine + "\r\n" +
                   "Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKnul1\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "To: <sip:alice@example.com>\r\n" +
                   "From: Bob <sip:bob@example.org>;tag=b9\r\n" +
                   "Call-ID: nul1@proxy.example.com\r\n" +
                   "CSeq: 7 INVITE\r\n" +
                   extra +
                   "Content-Length: 0\r\n\r\n";
        }

        private static SipError Parse(byte[] b, bool stream, SipMessage m)
        {
            return SipParser.Parse(b, 0, b.Length, stream, m);
        }

        [DataRow("INV~ITE sip:alice@example.com SIP/2.0")]
        [DataRow("~INVITE sip:alice@example.com SIP/2.0")]
        [DataRow("INVITE sip:alice@evil.com~@example.com SIP/2.0")]
        [DataRow("INVITE sip:alice@example.com;transport=tcp~x SIP/2.0")]
        [DataRow("INVITE sip:alice@example.com SIP/2.0~")]
        [DataRow("INVITE sip:alice@example.com~SIP/2.0")]
        [TestMethod]
        public void NulInRequestLineIsNulByte(string startLine)
        {
            byte[] b = WithNul(Request(startLine, ""));
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, false, m));
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, true, m));
            // The start line cannot be trusted, so not even the head is usable (no 400 can be addressed).
            Assert.AreEqual((int)SipError.NulByte, (int)SipParser.ParseHead(b, 0, b.Length, m));
        }

        [DataRow("SIP/2.0 200 O~K")]
        [DataRow("SIP/2.0 2~00 OK")]
        [DataRow("SIP/2.0~200 OK")]
        [TestMethod]
        public void NulInStatusLineIsNulByte(string startLine)
        {
            byte[] b = WithNul(startLine + "\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK2\r\nTo: <sip:b@example.com>;tag=9\r\n" +
                               "From: <sip:a@example.com>;tag=1\r\nCall-ID: two@example.com\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n");
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, false, new SipMessage()));
        }

        [DataRow("Sub~ject: hello\r\n")]
        [DataRow("~Subject: hello\r\n")]
        [DataRow("Subject~: hello\r\n")]
        [DataRow("Subject ~: hello\r\n")]
        [TestMethod]
        public void NulInHeaderNameIsNulByte(string extra)
        {
            byte[] b = WithNul(Request("INVITE sip:alice@example.com SIP/2.0", extra));
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, false, m));
            Assert.AreEqual((int)SipError.NulByte, (int)SipParser.ParseHead(b, 0, b.Length, m));
        }

        [DataRow("Subject: hello~world\r\n", "Subject")]
        [DataRow("Subject: ~\r\n", "Subject")]
        [DataRow("Subject: hello\r\n  folded~line\r\n", "Subject")]
        [DataRow("Contact: \"Al~ice\" <sip:alice@192.0.2.1>\r\n", "Contact")]
        [DataRow("Contact: \"NUL:\\~ (RFC 4475 intmeth)\" <sip:alice@192.0.2.1>\r\n", "Contact")]
        [DataRow("Contact: <sip:alice@evil.com~@192.0.2.1>\r\n", "Contact")]
        [DataRow("Contact: <sip:alice:pass~word@192.0.2.1>\r\n", "Contact")]
        [DataRow("Authorization: Digest username=\"bob~admin\", realm=\"r\", nonce=\"n\", uri=\"sip:a@b\", response=\"00\"\r\n", "Authorization")]
        [DataRow("Route: <sip:proxy.example.com;lr~>\r\n", "Route")]
        [DataRow("Content-Type: application/sdp~\r\n", "Content-Type")]
        [TestMethod]
        public void NulInHeaderValueIsNulByteButTheHeadIsAddressable(string extra, string header)
        {
            byte[] b = WithNul(Request("INVITE sip:alice@example.com SIP/2.0", extra));
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, false, m));
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, true, m));

            // The head is still framed (for a 400); the NUL is reported where it is, and only in its own header.
            Assert.AreEqual((int)SipError.Ok, (int)SipParser.ParseHead(b, 0, b.Length, m));
            Assert.AreEqual(IndexOfNul(b), m.NulOffset);
            int at = m.FindHeader(header, 0);
            Assert.IsTrue(at >= 0);
            Assert.IsTrue(m.HeaderHasNul(at));
            Assert.IsFalse(m.HeaderHasNul(m.FindHeader(SipHeader.Via, 0)));
            Assert.IsFalse(m.HeaderHasNul(m.FindHeader(SipHeader.CallId, 0)));
        }

        [DataRow("To: <sip:alice@evil.com~@example.com>", "To: <sip:alice@example.com>")]
        [DataRow("From: Bob <sip:bob@example.org>;tag=b~9", "From: Bob <sip:bob@example.org>;tag=b9")]
        [DataRow("From: \"B~ob\" <sip:bob@example.org>;tag=b9", "From: Bob <sip:bob@example.org>;tag=b9")]
        [DataRow("Call-ID: nul1@proxy.example.com~@good.example.com", "Call-ID: nul1@proxy.example.com")]
        [DataRow("CSeq: 7 INVITE~", "CSeq: 7 INVITE")]
        [DataRow("Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKnul1~x", "Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKnul1")]
        [DataRow("Max-Forwards: 7~0", "Max-Forwards: 70")]
        [TestMethod]
        public void NulInAMandatoryHeaderIsNulByte(string bad, string good)
        {
            byte[] b = WithNul(SipFixture.Replace(Request("INVITE sip:alice@example.com SIP/2.0", ""), good, bad));
            Assert.AreEqual((int)SipError.NulByte, (int)Parse(b, false, new SipMessage()));
        }

        [DataRow("INVITE sip:alice%00.evil@example.com SIP/2.0", "", (int)SipError.BadRequestUri)]
        [DataRow("INVITE sip:alice@example.com SIP/2.0", "Contact: <sip:%00@192.0.2.1>\r\n", (int)SipError.BadContact)]
        [DataRow("INVITE sip:alice@example.com SIP/2.0", "Contact: <sip:bob:pw%00x@192.0.2.1>\r\n", (int)SipError.BadContact)]
        [DataRow("INVITE sip:alice@example.com SIP/2.0", "Contact: <sip:bob@192.0.2.1;x%00=1>\r\n", (int)SipError.BadContact)]
        [DataRow("INVITE sip:alice@example.com SIP/2.0", "Contact: <sip:bob@192.0.2.1;x=1%00>\r\n", (int)SipError.BadContact)]
        [TestMethod]
        public void EscapedNulInAUriIsRefused(string startLine, string extra, int error)
        {
            // "%00" decodes to a NUL, which would end the unescaped text on the device (RFC 4475 escnull is refused).
            byte[] b = WithNul(Request(startLine, extra));
            SipMessage m = new SipMessage();
            Assert.AreEqual(error, (int)Parse(b, false, m));

            SipUri uri = new SipUri();
            byte[] u = WithNul("sip:alice%00x@example.com");
            Assert.AreEqual((int)SipError.BadEscape, (int)uri.Parse(u, 0, u.Length));
            u = WithNul("sip:alice%01x@example.com");
            Assert.AreEqual((int)SipError.Ok, (int)uri.Parse(u, 0, u.Length));
            Assert.AreEqual(7, uri.User.Length);
        }

        [TestMethod]
        public void CleanMessageHasNoNulOffset()
        {
            byte[] b = WithNul(Request("INVITE sip:alice@example.com SIP/2.0", "Subject: hello\r\n"));
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)Parse(b, false, m));
            Assert.AreEqual(-1, m.NulOffset);
        }

        [TestMethod]
        public void NulInTheBodyIsOnlyBytesToSip()
        {
            // RFC 3261 §7.4: the body is opaque octets; SDP (or whoever reads it) applies its own rule.
            string body = "v=0\r\ns=a~b\r\n";
            string text = SipFixture.Replace(Request("INVITE sip:alice@example.com SIP/2.0", "Content-Type: application/sdp\r\n"),
                "Content-Length: 0", "Content-Length: " + body.Length.ToString()) + body;
            byte[] b = WithNul(text);
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)Parse(b, false, m));
            Assert.AreEqual(-1, m.NulOffset);
            Assert.AreEqual(body.Length, m.BodyLength);
            Assert.AreEqual(0, (int)b[m.BodyOffset + body.IndexOf('~')]);
        }

        [TestMethod]
        public void FramerSkipsAMessageWithNulInAHeaderValueAndKeepsTheStream()
        {
            byte[] bad = WithNul(Request("INVITE sip:alice@example.com SIP/2.0", "Subject: a~b\r\n"));
            byte[] good = WithNul(Request("INVITE sip:alice@example.com SIP/2.0", ""));
            byte[] all = new byte[bad.Length + good.Length];
            System.Array.Copy(bad, 0, all, 0, bad.Length);
            System.Array.Copy(good, 0, all, bad.Length, good.Length);

            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            Assert.AreEqual(all.Length, f.Feed(all, 0, all.Length));
            Assert.AreEqual((int)SipError.NulByte, (int)f.Next(m));
            Assert.IsFalse(f.Broken);
            Assert.AreEqual((int)SipError.Ok, (int)f.Next(m));
            Assert.AreEqual((int)SipError.Incomplete, (int)f.Next(m));
        }

        [TestMethod]
        public void FramerBreaksOnNulInTheStartLine()
        {
            byte[] bad = WithNul(Request("INVITE sip:alice@evil.com~@example.com SIP/2.0", ""));
            SipStreamFramer f = new SipStreamFramer();
            SipMessage m = new SipMessage();
            f.Feed(bad, 0, bad.Length);
            Assert.AreEqual((int)SipError.NulByte, (int)f.Next(m));
            Assert.IsTrue(f.Broken);
        }

        [TestMethod]
        public void NulInAnOrdinaryHeaderValueIsAnswered400()
        {
            TransactionHarness h = new TransactionHarness(true);
            byte[] b = WithNul(Request("INVITE sip:alice@192.0.2.10:5060 SIP/2.0", "Subject: evil~tail\r\n"));
            h.Transport.OnDatagram(b, 0, b.Length, Proxy, 5070, h.Now);
            h.Drain();
            Assert.AreEqual(1, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 400 Bad Request", h.LastSent.FirstLine);
            Assert.AreEqual(5070, h.LastSent.Port);
            Assert.IsTrue(h.LastSent.Text.IndexOf("\r\nCall-ID: nul1@proxy.example.com\r\n") > 0);
            Assert.AreEqual(1, h.Policy.BadRequestAnswered);
            Assert.AreEqual(0, h.Policy.Passed);
            Assert.AreEqual(0, h.Events.Count);
        }

        [TestMethod]
        public void NulInAContactUriIsAnswered400OverTcp()
        {
            TransactionHarness h = new TransactionHarness(true);
            Phone.Sip.Transport.SipTransportStatus status;
            int id = h.Transport.Acquire(Phone.Sip.SipTransportKind.Tcp, Proxy, 5060, null, h.Now, out status);
            h.Drain();
            h.Connected(id);
            h.Sent.Clear();
            byte[] b = WithNul(SipFixture.Replace(Request("INVITE sip:alice@192.0.2.10:5060 SIP/2.0", "Contact: <sip:bob@evil.com~@192.0.2.1>\r\n"),
                "SIP/2.0/UDP", "SIP/2.0/TCP"));
            h.Transport.OnStreamData(id, b, 0, b.Length, h.Now);
            h.Drain();
            Assert.AreEqual("SIP/2.0 400 Bad Request", h.LastSent.FirstLine);
            Assert.AreEqual(1, h.Policy.BadRequestAnswered);
            Assert.AreEqual(0, h.Events.Count);
        }

        [DataRow("INVITE sip:alice@evil.com~@192.0.2.10 SIP/2.0", "")]
        [DataRow("INVITE sip:alice@192.0.2.10:5060 SIP/2.0", "X-~Evil: 1\r\n")]
        [DataRow("INVITE sip:alice@192.0.2.10:5060 SIP/2.0", "Call-ID: nul1@proxy.example.com~x\r\n")]
        [TestMethod]
        public void NulWhereNoReplyCanBeAddressedIsDropped(string startLine, string extra)
        {
            // Start line or header name (no head at all), or a header the 400 would copy (its text would be cut).
            string text = Request(startLine, extra);
            if (extra.Length > 0 && extra[0] == 'C')
            {
                text = SipFixture.Replace(text, "Call-ID: nul1@proxy.example.com\r\n", "");
            }

            TransactionHarness h = new TransactionHarness(true);
            byte[] b = WithNul(text);
            h.Transport.OnDatagram(b, 0, b.Length, Proxy, 5070, h.Now);
            h.Drain();
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(0, h.Policy.BadRequestAnswered);
            Assert.AreEqual(1, h.Policy.MalformedDropped);
            Assert.AreEqual(0, h.Policy.SendFailures);
            Assert.AreEqual(0, h.Events.Count);
        }

        [DataRow("To: <sip:alice@example.com>;tag=s1", "To: <sip:alice@example.com>;tag=s1~evil")]
        [DataRow("SIP/2.0 200 OK", "SIP/2.0 200 OK~")]
        [DataRow("Content-Length: 0", "Contact: <sip:alice@evil.example~@192.0.2.1>\r\nContent-Length: 0")]
        [TestMethod]
        public void AResponseWithNulIsDiscardedNotMatched(string good, string bad)
        {
            // RFC 3261 §18.1.2: a malformed response is dropped; the transaction waits for a good one.
            TransactionHarness h = new TransactionHarness(false);
            h.Request(TransactionMessages.Register("UDP", "z9hG4bKr1"), Phone.Sip.SipTransportKind.Udp, "192.0.2.1", 5060, null);
            string response = TransactionMessages.RegisterResponse(200, "OK", "UDP", "z9hG4bKr1", "");
            byte[] b = WithNul(SipFixture.Replace(response, good, bad));
            h.Transport.OnDatagram(b, 0, b.Length, "192.0.2.1", 5060, h.Now);
            h.Drain();
            // A NUL in the start line leaves no head to tell a response from a request: it reaches the TU only
            // as "malformed" (dropped there); otherwise the layer discards it silently. Never as a response.
            int before = h.Events.Count;
            Assert.IsTrue(before == 0 || (before == 1 && h.EventAt(0) == "malformed"));

            h.Datagram(response, "192.0.2.1", 5060);
            Assert.AreEqual(before + 1, h.Events.Count);
            Assert.AreEqual("response 200 1 REGISTER", h.EventAt(before));
        }

        [DataRow("Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKnul1", "Via: SIP/2.0/UDP proxy.example.com:5070;branch=z9hG4bKnul1;x=~")]
        [DataRow("To: <sip:alice@example.com>", "To: <sip:alice@example.com>;x=~")]
        [DataRow("From: Bob <sip:bob@example.org>;tag=b9", "From: \"B~\" <sip:bob@example.org>;tag=b9")]
        [DataRow("CSeq: 7 INVITE", "CSeq: 7 INVITE~")]
        [TestMethod]
        public void NulInAHeaderThe400WouldCopyIsDropped(string good, string bad)
        {
            TransactionHarness h = new TransactionHarness(true);
            byte[] b = WithNul(SipFixture.Replace(Request("INVITE sip:alice@192.0.2.10:5060 SIP/2.0", ""), good, bad));
            h.Transport.OnDatagram(b, 0, b.Length, Proxy, 5070, h.Now);
            h.Drain();
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Policy.MalformedDropped);
            Assert.AreEqual(0, h.Policy.SendFailures);
        }
    }
}
