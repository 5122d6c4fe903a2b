using System.Text;
using nanoFramework.TestFramework;
using Phone.Sip;
using Phone.Sip.Transport;

namespace Phone.Tests.Sip.Transaction
{
    /// <summary>
    /// Security finding 6: a bad request whose reply can be addressed gets the answer the RFC names, never a
    /// silent drop (RFC 3261 §8.2.2.1, §8.2.6, §18.3, §21.4–21.5; RFC 4475 §3.1.2; RFC 5118). Inputs modelled on
    /// the RFC 4475 torture messages; every answer is checked on the wire.
    /// </summary>
    [TestClass]
    public class SipErrorAnswerTests
    {
        private const string Proxy = TransactionMessages.Server;
        private const string Br = ";branch=z9hG4bKe1";

        private static string Options()
        {
            return TransactionMessages.Incoming("OPTIONS", "UDP", Br, null, "OPTIONS");
        }

        private static string Swap(string text, string oldText, string newText)
        {
            int at = text.IndexOf(oldText);
            Assert.IsTrue(at >= 0, oldText);
            return SipFixture.Replace(text, oldText, newText);
        }

        private static TransactionHarness Udp(string text)
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Datagram(text, Proxy, 5070);
            return h;
        }

        private static TransactionHarness UdpBytes(byte[] b)
        {
            TransactionHarness h = new TransactionHarness(true);
            h.Transport.OnDatagram(b, 0, b.Length, Proxy, 5070, h.Now);
            h.Drain();
            return h;
        }

        private static void Answered(TransactionHarness h, string statusLine)
        {
            Assert.AreEqual(1, h.Sent.Count, "one answer");
            Assert.AreEqual(statusLine, h.LastSent.FirstLine);
            Assert.AreEqual(5070, h.LastSent.Port);
            Assert.AreEqual(0, h.Events.Count, "nothing reaches the TU");
            Assert.AreEqual(0, h.Policy.MalformedDropped);
        }

        private static int Count(string text, string part)
        {
            int n = 0;
            int at = 0;
            while ((at = text.IndexOf(part, at)) >= 0)
            {
                n++;
                at += part.Length;
            }

            return n;
        }

        /// <summary>text as UTF-8 with every '~' replaced by the next byte of raw (bytes the string cannot hold).</summary>
        private static byte[] WithBytes(string text, byte[] raw)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            int k = 0;
            for (int i = 0; i < b.Length && k < raw.Length; i++)
            {
                if (b[i] == '~')
                {
                    b[i] = raw[k++];
                }
            }

            return b;
        }

        // ---- framing: Content-Length (RFC 3261 §20.14, §18.3; RFC 4475 §3.1.2.3 ncl, §3.1.2.2 clerr) ----

        [DataRow("Content-Length: -999")]
        [DataRow("Content-Length: -0")]
        [DataRow("Content-Length: 99999999999999999999")]
        [DataRow("Content-Length: 4294967296")]
        [DataRow("Content-Length: 4294967297")]
        [DataRow("Content-Length: 2147483648")]
        [DataRow("Content-Length: 12a")]
        [DataRow("Content-Length: 0\r\nContent-Length: 5")]
        [TestMethod]
        public void BadContentLengthGets400(string line)
        {
            TransactionHarness h = Udp(Swap(Options(), "Content-Length: 0", line));
            Answered(h, "SIP/2.0 400 Bad Request");
            Assert.IsTrue(h.LastSent.Text.IndexOf("\r\nCSeq: 7 OPTIONS\r\n") > 0);
            Assert.AreEqual(1, h.Policy.BadRequestAnswered);
        }

        // ---- start line (RFC 3261 §7.1, §25.1; RFC 4475 §3.1.2.7–11, §3.1.2.16 badvers) ----

        [DataRow("SIP/2")]
        [DataRow("SIP/2.0a")]
        [DataRow("SIP/.0")]
        [DataRow("SIP/2.0 ")]
        [DataRow("SIP2.0")]
        [DataRow("HTTP/1.1")]
        [TestMethod]
        public void BadVersionTokenGets400(string version)
        {
            TransactionHarness h = Udp(Swap(Options(), "SIP/2.0\r\nVia", version + "\r\nVia"));
            Answered(h, "SIP/2.0 400 Bad Request");
        }

        [DataRow("OPTIONS  sip:alice@192.0.2.10:5060 SIP/2.0")]
        [DataRow("OPTIONS sip:alice@192.0.2.10:5060  SIP/2.0")]
        [DataRow("OPTIONS <sip:alice@192.0.2.10:5060> SIP/2.0")]
        [DataRow("OPTIONS sip:alice@192.0.2.10:5060?Subject=x SIP/2.0")]
        [TestMethod]
        public void BadRequestLineWithReadableMethodGets400(string line)
        {
            // RFC 4475 §3.1.2.9 (lwsstart), §3.1.2.7 (ltgtruri), §3.1.2.11 (escruri); trailing SP (trws) is above.
            TransactionHarness h = Udp(Swap(Options(), "OPTIONS sip:alice@192.0.2.10:5060 SIP/2.0", line));
            Answered(h, "SIP/2.0 400 Bad Request");
        }

        [DataRow("SIP/7.0")]
        [DataRow("SIP/3.0")]
        [DataRow("SIP/2.1")]
        [DataRow("SIP/20.0")]
        [TestMethod]
        public void OtherVersionGets505(string version)
        {
            // RFC 4475 §3.1.2.16 (badvers); RFC 3261 §21.5.6.
            TransactionHarness h = Udp(Swap(Options(), "SIP/2.0\r\nVia", version + "\r\nVia"));
            Answered(h, "SIP/2.0 505 Version Not Supported");
        }

        [TestMethod]
        public void OverlongRequestUriGets414()
        {
            // RFC 3261 §21.4.12: the Request-URI is longer than we are willing to interpret (SipLimits.MaxUriLength).
            string uri = "sip:" + Filler(SipLimits.MaxUriLength) + "@192.0.2.10";
            TransactionHarness h = Udp(Swap(Options(), "sip:alice@192.0.2.10:5060 SIP", uri + " SIP"));
            Answered(h, "SIP/2.0 414 Request-URI Too Long");
        }

        [TestMethod]
        public void UnreadableStartLineIsStillDropped()
        {
            TransactionHarness h = Udp(Swap(Options(), "OPTIONS sip:alice@192.0.2.10:5060 SIP/2.0", "<OPTIONS> sip:alice@192.0.2.10:5060 SIP/2.0"));
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Policy.MalformedDropped);
        }

        // ---- CSeq, From, To syntax: copied verbatim into the 400 (§8.2.6.2) ----

        [DataRow("CSeq: 7 OPTIONS", "CSeq: notanumber OPTIONS")]
        [DataRow("CSeq: 7 OPTIONS", "CSeq: 2147483648 OPTIONS")]
        [DataRow("CSeq: 7 OPTIONS", "CSeq: 7")]
        [DataRow("From: Bob <sip:bob@example.org>;tag=b9", "From: Bob <sip:bob@example.org;tag=b9")]
        [DataRow("From: Bob <sip:bob@example.org>;tag=b9", "From: \"Bob <sip:bob@example.org>;tag=b9")]
        [DataRow("To: <sip:alice@example.com>", "To: sip:alice@example.com?x=y")]
        [TestMethod]
        public void BadCSeqFromToGets400(string good, string bad)
        {
            TransactionHarness h = Udp(Swap(Options(), good, bad));
            Answered(h, "SIP/2.0 400 Bad Request");
            if (bad[0] != 'T')
            {
                Assert.IsTrue(h.LastSent.Text.IndexOf("\r\n" + bad + "\r\n") > 0, "copied as sent");
            }
        }

        // ---- Request-URI scheme (RFC 3261 §8.2.2.1, §21.4.14; RFC 4475 unkscm) ----

        [DataRow("OPTIONS", "http://example.com/")]
        [DataRow("OPTIONS", "tel:+15551234567")]
        [DataRow("INVITE", "tel:+15551234567")]
        [DataRow("INVITE", "im:alice@example.com")]
        [DataRow("OPTIONS", "nobody:user@example.com")]
        [TestMethod]
        public void OtherSchemeGets416(string method, string uri)
        {
            string text = Swap(TransactionMessages.Incoming(method, "UDP", Br, null, method), "sip:alice@192.0.2.10:5060 SIP", uri + " SIP");
            TransactionHarness h = Udp(text);
            Answered(h, "SIP/2.0 416 Unsupported URI Scheme");
            Assert.IsTrue(h.LastSent.Text.IndexOf("\r\nTo: <sip:alice@example.com>;tag=") > 0);
        }

        [TestMethod]
        public void SipsRequestUriIsAccepted()
        {
            TransactionHarness h = Udp(Swap(Options(), "sip:alice@192.0.2.10:5060 SIP", "sips:alice@192.0.2.10:5060 SIP"));
            Answered(h, "SIP/2.0 200 OK");
        }

        // ---- size bounds (RFC 3261 §21.5.7 513; §18.1.1) ----

        private static string Oversized(string body)
        {
            string text = Swap(Options(), "Content-Length: 0", "Content-Type: text/plain\r\nContent-Length: " + body.Length.ToString());
            return text + body;
        }

        private static string Filler(int n)
        {
            char[] c = new char[n];
            for (int i = 0; i < n; i++)
            {
                c[i] = 'x';
            }

            return new string(c);
        }

        [TestMethod]
        public void OverLimitDatagramGets513()
        {
            TransactionHarness h = Udp(Oversized(Filler(SipLimits.MaxMessageSize)));
            Answered(h, "SIP/2.0 513 Message Too Large");
            Assert.IsTrue(h.LastSent.Text.IndexOf("\r\nCall-ID: in1@proxy.example.com\r\n") > 0);
        }

        [TestMethod]
        public void MoreViasThanTheCapGets513WithEveryVia()
        {
            string vias = "";
            for (int i = 0; i < SipLimits.MaxElements; i++)
            {
                vias += "Via: SIP/2.0/UDP hop" + i.ToString() + ".example.net;branch=z9hG4bKv" + i.ToString() + "\r\n";
            }

            TransactionHarness h = Udp(Swap(Options(), "Max-Forwards", vias + "Max-Forwards"));
            Answered(h, "SIP/2.0 513 Message Too Large");
            Assert.AreEqual(SipLimits.MaxElements + 1, Count(h.LastSent.Text, "\r\nVia: "));
            Assert.IsTrue(h.LastSent.Text.IndexOf("\r\nVia: SIP/2.0/UDP proxy.example.com:5070" + Br + "\r\n") > 0);
        }

        private static string Pad(int n)
        {
            string s = "";
            for (int i = 0; i < n; i++)
            {
                s += "X-Pad-" + i.ToString() + ": " + i.ToString() + "\r\n";
            }

            return s;
        }

        [TestMethod]
        public void MoreHeaderFieldsThanTheCapGet513()
        {
            // The header-field bound (SipLimits.MaxHeaders) is a size bound like the message size (§21.5.7).
            TransactionHarness h = Udp(Swap(Options(), "Content-Length", Pad(SipLimits.MaxHeaders) + "Content-Length"));
            Answered(h, "SIP/2.0 513 Message Too Large");
            Assert.AreEqual(1, Count(h.LastSent.Text, "\r\nVia: "));
        }

        [TestMethod]
        public void AViaBeyondTheHeaderCapCannotBeCopiedSoIsDropped()
        {
            // Every Via must be in the answer (§8.2.6.2); one past the bound was never recorded.
            TransactionHarness h = Udp(Swap(Options(), "Content-Length", Pad(SipLimits.MaxHeaders) +
                "Via: SIP/2.0/UDP late.example.net;branch=z9hG4bKlate\r\nContent-Length"));
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual(1, h.Policy.MalformedDropped);
        }

        [TestMethod]
        public void MoreHeaderFieldsThanTheCapOnStreamGet513AndTheStreamGoesOn()
        {
            TransactionHarness h = new TransactionHarness(true);
            int id = Open(h);
            h.StreamData(id, Tcp(Swap(Options(), "Content-Length", Pad(SipLimits.MaxHeaders) + "Content-Length")) + Next());
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 513 Message Too Large", h.SentAt(0).FirstLine);
            Assert.AreEqual("SIP/2.0 200 OK", h.SentAt(1).FirstLine);
            Assert.IsTrue(h.Transport.IsOpen(id));
        }

        // ---- Expires is 0..2^32-1 (RFC 3261 §20.19, §10.2.1.1) ----

        [TestMethod]
        public void ExpiresAtTwoToThe32MinusOneIsValidAndClamped()
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(
                "Expires: 4294967295\r\nMin-Expires: 4294967295\r\nContact: <sip:a@b.example.com>;expires=4294967295\r\n"), m));
            int v;
            Assert.AreEqual((int)SipError.Ok, (int)m.GetExpires(out v));
            Assert.AreEqual(0x7FFFFFFF, v);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetMinExpires(out v));
            Assert.AreEqual(0x7FFFFFFF, v);
            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(0, c));
            Assert.AreEqual(0x7FFFFFFF, c.Expires);

            Assert.AreEqual((int)SipError.BadExpires, (int)SipFixture.Parse(SipFixture.Options("Expires: 4294967296\r\n"), m));
            Assert.AreEqual((int)SipError.BadContact, (int)SipFixture.Parse(SipFixture.Options("Contact: <sip:a@b.example.com>;expires=4294967296\r\n"), m));
        }

        [TestMethod]
        public void InviteWithMaximalExpiresReachesTheTu()
        {
            TransactionHarness h = Udp(Swap(TransactionMessages.Incoming("INVITE", "UDP", Br, null, "INVITE"), "Content-Length", "Expires: 4294967295\r\nContent-Length"));
            Assert.AreEqual(0, h.Sent.Count);
            Assert.AreEqual("request INVITE", h.EventAt(0));
        }

        // ---- quoted strings must be UTF-8 (RFC 3261 §25.1 qdtext = ... / UTF8-NONASCII) ----

        [DataRow("C328")]
        [DataRow("FF41")]
        [DataRow("C0AF")]
        [DataRow("E282")]
        [DataRow("EDA0")]
        [DataRow("8041")]
        [DataRow("F490")]
        [TestMethod]
        public void QuotedStringWithBadUtf8Gets400(string hex)
        {
            byte[] raw = Phone.Tests.Srtp.Hex.Parse(hex);
            // Two '~' stand for the two raw bytes; a 3-byte lead is cut short by the closing quote.
            string text = Swap(Options(), "Content-Length", "Contact: \"Jo~~\" <sip:bob@192.0.2.1>\r\nContent-Length");
            byte[] b = WithBytes(text, raw);
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.BadContact, (int)SipFixture.Parse(b, m));
            Answered(UdpBytes(b), "SIP/2.0 400 Bad Request");

            byte[] from = WithBytes(Swap(Options(), "From: Bob", "From: \"B~~\""), raw);
            Assert.AreEqual((int)SipError.BadFrom, (int)SipFixture.Parse(from, m));
            Answered(UdpBytes(from), "SIP/2.0 400 Bad Request");
        }

        [TestMethod]
        public void QuotedStringWithGoodUtf8IsAccepted()
        {
            // é (C3 A9), € (E2 82 AC), 𝄞 (F0 9D 84 9E).
            byte[] b = WithBytes(Swap(Options(), "From: Bob", "From: \"Jos~~ ~~~ ~~~~\""),
                new byte[] { 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9D, 0x84, 0x9E });
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(b, m));
        }

        // ---- IPv6 references (RFC 5118 §4; RFC 3986 §3.2.2 IPv6address) ----

        [DataRow("[2001:db8::10]")]
        [DataRow("[::1]")]
        [DataRow("[::]")]
        [DataRow("[2001:db8:0:0:0:0:0:1]")]
        [DataRow("[::ffff:192.0.2.1]")]
        [DataRow("[2001:db8::192.0.2.1]")]
        [DataRow("[1:2:3:4:5:6:7::]")]
        [DataRow("[1:2:3:4:5:6:192.0.2.1]")]
        [TestMethod]
        public void ValidIpv6ReferencesParse(string host)
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("Contact: <sip:bob@" + host + ":5060>\r\n"), m));
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(Swap(SipFixture.Options(""), "sip:bob@example.com SIP", "sip:bob@" + host + " SIP"), m));
        }

        [DataRow("[2001:db8::10::1]")]
        [DataRow("[2001:db8:::1]")]
        [DataRow("[12345::1]")]
        [DataRow("[1:2:3:4:5:6:7:8:9]")]
        [DataRow("[1:2:3:4:5:6:7]")]
        [DataRow("[::ffff:192.0.2.256]")]
        [DataRow("[::ffff:192.0.2]")]
        [DataRow("[2001:db8::1.2.3.4:1]")]
        [DataRow("[:1::2]")]
        [DataRow("[1::2:]")]
        [DataRow("[...]")]
        [DataRow("[1:2:3:4:5:6:7:8::]")]
        [TestMethod]
        public void InvalidIpv6ReferencesGet400(string host)
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.BadContact, (int)SipFixture.Parse(SipFixture.Options("Contact: <sip:bob@" + host + ":5060>\r\n"), m));
            Answered(Udp(Swap(Options(), "Content-Length", "Contact: <sip:bob@" + host + ">\r\nContent-Length")), "SIP/2.0 400 Bad Request");
            Answered(Udp(Swap(Options(), "sip:alice@192.0.2.10:5060 SIP", "sip:alice@" + host + " SIP")), "SIP/2.0 400 Bad Request");
        }

        // ---- stream transports: the framer stays in step (RFC 3261 §18.3) ----

        private static int Open(TransactionHarness h)
        {
            SipTransportStatus status;
            int id = h.Transport.Acquire(SipTransportKind.Tcp, Proxy, 5060, null, h.Now, out status);
            h.Drain();
            h.Connected(id);
            h.Sent.Clear();
            return id;
        }

        private static string Tcp(string text)
        {
            return Swap(text, "SIP/2.0/UDP", "SIP/2.0/TCP");
        }

        private static string Next()
        {
            return Tcp(TransactionMessages.Incoming("OPTIONS", "UDP", ";branch=z9hG4bKe2", null, "OPTIONS"));
        }

        [TestMethod]
        public void OverLimitStreamMessageGets513AndIsSkipped()
        {
            TransactionHarness h = new TransactionHarness(true);
            int id = Open(h);
            byte[] b = Encoding.UTF8.GetBytes(Tcp(Oversized(Filler(3 * SipLimits.MaxMessageSize))) + Next());

            // In chunks that cut the head, the body and the next message anywhere.
            for (int i = 0; i < b.Length; i += 1000)
            {
                h.Transport.OnStreamData(id, b, i, b.Length - i < 1000 ? b.Length - i : 1000, h.Now);
                h.Drain();
            }

            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 513 Message Too Large", h.SentAt(0).FirstLine);
            Assert.AreEqual("SIP/2.0 200 OK", h.SentAt(1).FirstLine);
            Assert.IsTrue(h.Transport.IsOpen(id));
        }

        [TestMethod]
        public void BadVersionOnStreamGets505AndTheStreamGoesOn()
        {
            TransactionHarness h = new TransactionHarness(true);
            int id = Open(h);
            h.StreamData(id, Tcp(Swap(Options(), "SIP/2.0\r\nVia", "SIP/3.0\r\nVia")) + Next());
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 505 Version Not Supported", h.SentAt(0).FirstLine);
            Assert.AreEqual("SIP/2.0 200 OK", h.SentAt(1).FirstLine);
            Assert.IsTrue(h.Transport.IsOpen(id));
        }

        [DataRow("Content-Length: -1")]
        [DataRow("Content-Length: 4294967296")]
        [DataRow("Content-Length: 0\r\nContent-Length: 5")]
        [TestMethod]
        public void BadContentLengthOnStreamGets400ThenClose(string line)
        {
            // The message cannot be delimited, so nothing after it can be trusted: answer, then close (§18.3).
            TransactionHarness h = new TransactionHarness(true);
            int id = Open(h);
            h.StreamData(id, Tcp(Swap(Options(), "Content-Length: 0", line)) + Next());
            Assert.AreEqual(2, h.Sent.Count);
            Assert.AreEqual("SIP/2.0 400 Bad Request", h.SentAt(0).FirstLine);
            Assert.AreEqual(TransportActionKind.Close, h.SentAt(1).Kind);
            Assert.IsFalse(h.Transport.IsOpen(id));
        }
    }
}
