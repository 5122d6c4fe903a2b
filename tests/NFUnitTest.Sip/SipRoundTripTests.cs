using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>Serializer output parses back to the same values; unknown headers and bodies survive re-serialization.</summary>
    [TestClass]
    public class SipRoundTripTests
    {
        [TestMethod]
        public void BuiltRequestParsesBack()
        {
            byte[] buf = new byte[1500];
            SipMessageWriter w = new SipMessageWriter();
            w.Begin(buf, 0, buf.Length);
            w.StartRequest("REGISTER", "sip:registrar.example.com");
            w.AddHeader(SipHeader.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7;rport");
            w.AddHeader(SipHeader.MaxForwards, 70);
            w.AddHeader(SipHeader.To, "\"J\u00fcrgen\" <sip:100@example.com>");
            w.AddHeader(SipHeader.From, "<sip:100@example.com>;tag=456248");
            w.AddHeader(SipHeader.CallId, "843817637684230@998sdasdh09");
            w.AddHeader(SipHeader.CSeq, "1826 REGISTER");
            w.AddHeader(SipHeader.Contact, "<sip:100@192.0.2.10>;expires=3600;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"");
            w.AddHeader("X-Custom", "kept as is");
            byte[] body = SipFixture.Bytes("hello");
            Assert.AreEqual((int)SipError.Ok, (int)w.Finish(body, 0, body.Length));

            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipParser.Parse(buf, 0, w.Length, true, m));
            Assert.AreEqual("REGISTER", m.Method);
            SipNameAddr to = new SipNameAddr();
            m.GetTo(to);
            Assert.AreEqual("J\u00fcrgen", to.DisplayName);
            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(0, c));
            Assert.AreEqual(3600, c.Expires);
            Assert.AreEqual("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>", c.Instance);
            Assert.AreEqual("kept as is", m.HeaderValue(m.FindHeader("x-custom", 0)));
            Assert.AreEqual(5, m.BodyLength);
            Assert.AreEqual(70, m.MaxForwards);
        }

        [TestMethod]
        public void ParsedMessageReserializesWithFoldsJoined()
        {
            string text = "INVITE sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com\r\n ;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n" +
                          "t: <sip:bob@example.com>\r\nf: <sip:a@example.com>;tag=1\r\ni: rt@example.com\r\nCSeq: 5 INVITE\r\n" +
                          "NewFangled:  a\r\n\tb\r\nl: 3\r\n\r\nabc";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.ParseStream(text, m));
            byte[] outBuf = new byte[1000];
            int n;
            Assert.AreEqual((int)SipError.Ok, (int)SipMessageWriter.Serialize(m, outBuf, 0, outBuf.Length, out n));
            string expected = "INVITE sip:bob@example.com SIP/2.0\r\nv: SIP/2.0/UDP a.example.com ;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n" +
                              "t: <sip:bob@example.com>\r\nf: <sip:a@example.com>;tag=1\r\ni: rt@example.com\r\nCSeq: 5 INVITE\r\n" +
                              "NewFangled: a b\r\nContent-Length: 3\r\n\r\nabc";
            Assert.AreEqual(expected, SipText.Utf8(outBuf, 0, n));

            SipMessage again = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipParser.Parse(outBuf, 0, n, true, again));
            Assert.AreEqual(m.HeaderCount, again.HeaderCount);
            // Content-Length ("l") moves to the end under its full name; every other header keeps name, order and value.
            for (int i = 0; i < m.HeaderCount - 1; i++)
            {
                Assert.AreEqual(m.HeaderName(i), again.HeaderName(i));
                Assert.AreEqual(m.HeaderValue(i), again.HeaderValue(i));
            }

            Assert.AreEqual(SipHeader.ContentLength, again.HeaderId(again.HeaderCount - 1));
            Assert.AreEqual("3", again.HeaderValue(again.HeaderCount - 1));
        }

        [TestMethod]
        public void ResponseLineAndBufferBound()
        {
            byte[] buf = new byte[40];
            SipMessageWriter w = new SipMessageWriter();
            w.Begin(buf, 0, buf.Length);
            Assert.AreEqual((int)SipError.Ok, (int)w.StartResponse(486, "Busy Here"));
            Assert.AreEqual("SIP/2.0 486 Busy Here\r\n", SipText.Utf8(buf, 0, w.Length));
            Assert.AreEqual((int)SipError.BufferTooSmall, (int)w.AddHeader(SipHeader.CallId, "a-call-id-too-long-for-the-rest"));
        }

        [TestMethod]
        [DataRow("X-A", "evil\r\nInjected: 1")]
        [DataRow("X-A", "bare\nlf")]
        [DataRow("Bad Name", "v")]
        [DataRow("", "v")]
        public void WriterRefusesHeaderInjection(string name, string value)
        {
            byte[] buf = new byte[200];
            SipMessageWriter w = new SipMessageWriter();
            w.Begin(buf, 0, buf.Length);
            Assert.AreEqual((int)SipError.BadArgument, (int)w.AddHeader(name, value));
        }
    }
}
