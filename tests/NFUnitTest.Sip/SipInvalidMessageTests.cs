using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// Our own messages modelled on the invalid torture cases of RFC 4475 §3.1.2; each must be refused with the
    /// error that names what is wrong.
    /// </summary>
    [TestClass]
    public class SipInvalidMessageTests
    {
        private static void Refused(string text, SipError expected)
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)expected, (int)SipFixture.Parse(text, m));
        }

        private static string Swap(string oldText, string newText)
        {
            string text = SipFixture.Options("");
            int at = text.IndexOf(oldText);
            Assert.IsTrue(at >= 0);
            return text.Substring(0, at) + newText + text.Substring(at + oldText.Length);
        }

        [TestMethod]
        public void ExtraneousHeaderFieldSeparators()
        {
            // RFC 4475 §3.1.2.1 (badinv01): empty via-params and empty list elements.
            Refused(Swap("Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKopt1", "Via: SIP/2.0/UDP 192.0.2.15;;,;,,"), SipError.BadVia);
            Refused(SipFixture.Options("Contact: \"Joe\" <sip:joe@example.org>;;,;,,\r\n"), SipError.BadContact);
        }

        [TestMethod]
        public void ContentLengthLargerThanDatagram()
        {
            // RFC 4475 §3.1.2.2 (clerr).
            Refused(Swap("Content-Length: 0", "Content-Length: 9999") + "v=0\r\n", SipError.ContentLengthMismatch);
        }

        [TestMethod]
        [DataRow("-999", 40)]
        [DataRow("-0", 40)]
        [DataRow("12a", 41)]
        [DataRow("", 41)]
        [DataRow("0x10", 41)]
        [DataRow("1 2", 41)]
        [DataRow("99999999999999999999", 42)]
        [DataRow("2147483648", 42)]
        public void BadContentLengthValues(string value, int expected)
        {
            // RFC 4475 §3.1.2.3 (ncl) and RFC 3261 §20.14: Content-Length = 1*DIGIT.
            Refused(Swap("Content-Length: 0", "Content-Length: " + value), (SipError)expected);
        }

        [TestMethod]
        public void OverlargeScalarsInRequest()
        {
            // RFC 4475 §3.1.2.4 (scalar02): CSeq beyond 2^31 (RFC 3261 §8.1.1.5), Max-Forwards beyond 255,
            // Expires and Contact expires beyond 2^31-1 delta-seconds.
            Refused(Swap("CSeq: 63104 OPTIONS", "CSeq: 36893488147419103232 OPTIONS"), SipError.BadCSeq);
            Refused(Swap("CSeq: 63104 OPTIONS", "CSeq: 2147483648 OPTIONS"), SipError.BadCSeq);
            Refused(Swap("Max-Forwards: 70", "Max-Forwards: 300"), SipError.BadMaxForwards);
            Refused(SipFixture.Options("Expires: 10000000000000\r\n"), SipError.BadExpires);
            Refused(SipFixture.Options("Contact: <sip:a@b.example.com>;expires=280297596632815\r\n"), SipError.BadContact);
        }

        [TestMethod]
        [DataRow("SIP/2.0 503 Service Unavailable\r\n", "CSeq: 36893488147419103232 INVITE", 61)]
        [DataRow("SIP/2.0 4294967301 better not break the receiver\r\n", "CSeq: 1 INVITE", 24)]
        [DataRow("SIP/2.0 099 Too low\r\n", "CSeq: 1 INVITE", 24)]
        [DataRow("SIP/2.0 700 Too high\r\n", "CSeq: 1 INVITE", 24)]
        [DataRow("SIP/2.0 20 Short\r\n", "CSeq: 1 INVITE", 24)]
        public void OverlargeScalarsInResponse(string statusLine, string cseq, int expected)
        {
            // RFC 4475 §3.1.2.5 (scalarlg) and §3.1.2.19 (bigcode).
            string text = statusLine + "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKg\r\nTo: <sip:x@example.com>;tag=1\r\n" +
                          "From: <sip:y@example.com>;tag=2\r\nCall-ID: s@example.com\r\n" + cseq + "\r\nContent-Length: 0\r\n\r\n";
            Refused(text, (SipError)expected);
        }

        [TestMethod]
        public void UnterminatedQuotedDisplayName()
        {
            // RFC 4475 §3.1.2.6 (quotbal).
            Refused(Swap("To: <sip:bob@example.com>", "To: \"Mr. J. User <sip:j.user@example.com>"), SipError.BadTo);
        }

        [TestMethod]
        public void RequestUriInAngleBrackets()
        {
            // RFC 4475 §3.1.2.7 (ltgtruri).
            Refused(Swap("OPTIONS sip:bob@example.com SIP/2.0", "OPTIONS <sip:bob@example.com> SIP/2.0"), SipError.BadRequestUri);
        }

        [TestMethod]
        [DataRow("OPTIONS sip:bob@example.com; lr SIP/2.0")]
        [DataRow("OPTIONS  sip:bob@example.com SIP/2.0")]
        [DataRow("OPTIONS sip:bob@example.com  SIP/2.0")]
        [DataRow("OPTIONS sip:bob@example.com SIP/2.0 ")]
        [DataRow("OPTIONS sip:bob@example.com SIP/2.0  ")]
        [DataRow("OPTIONS sip:bob@example.com")]
        [DataRow("OPTIONS\tsip:bob@example.com SIP/2.0")]
        public void WhitespaceInRequestLine(string line)
        {
            // RFC 4475 §3.1.2.8 (lwsruri), §3.1.2.9 (lwsstart), §3.1.2.10 (trws): exactly one SP between elements.
            SipMessage m = new SipMessage();
            SipError e = SipFixture.Parse(Swap("OPTIONS sip:bob@example.com SIP/2.0", line), m);
            Assert.IsTrue(e == SipError.BadStartLine || e == SipError.BadMethod, "got " + (int)e);
        }

        [TestMethod]
        public void EscapedHeadersInRequestUri()
        {
            // RFC 4475 §3.1.2.11 (escruri): a SIP Request-URI has no headers component (RFC 3261 §19.1.1).
            Refused(Swap("OPTIONS sip:bob@example.com SIP/2.0", "OPTIONS sip:bob@example.com?Route=%3Csip:example.com%3E SIP/2.0"), SipError.BadRequestUri);
        }

        [TestMethod]
        public void UnknownTimeZoneInDateIsNotOurConcern()
        {
            // RFC 4475 §3.1.2.12 (baddate): the message is still processed; Date is carried as an unknown value.
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("Date: Fri, 01 Jan 2010 16:00:00 EST\r\n"), m));
            Assert.AreEqual("Fri, 01 Jan 2010 16:00:00 EST", m.HeaderValue(m.FindHeader("date", 0)));
        }

        [TestMethod]
        public void UnbracketedUriWithHeadersInContact()
        {
            // RFC 4475 §3.1.2.13 (regbadct); RFC 3261 §20: a URI with "?", "," or ";" needs "<>".
            Refused(SipFixture.Options("Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E\r\n"), SipError.BadContact);
        }

        [TestMethod]
        public void SpaceInsideAddrSpec()
        {
            // RFC 4475 §3.1.2.14 (badaspec).
            Refused(Swap("From: Alice <sip:alice@example.com>", "From: \"Bell, Alexander\" <sip:a.g.bell@ example.com>"), SipError.BadFrom);
        }

        [TestMethod]
        public void NonTokenCharactersInUnquotedDisplayName()
        {
            // RFC 4475 §3.1.2.15 (baddn).
            Refused(Swap("From: Alice <sip:alice@example.com>", "From: Bell, Alexander <sip:a.g.bell@example.com>"), SipError.BadFrom);
        }

        [TestMethod]
        public void UnknownProtocolVersion()
        {
            // RFC 4475 §3.1.2.16 (badvers): answered with 505 (RFC 3261 §21.5.6).
            Refused(Swap("SIP/2.0\r\nVia", "SIP/7.0\r\nVia"), SipError.BadVersion);
            Refused("SIP/3.1 200 OK\r\n" + Swap("OPTIONS sip:bob@example.com SIP/2.0\r\n", ""), SipError.BadVersion);
        }

        [TestMethod]
        public void CSeqMethodDiffersFromRequestMethod()
        {
            // RFC 4475 §3.1.2.17 (mismatch01) and §3.1.2.18 (mismatch02).
            Refused(Swap("CSeq: 63104 OPTIONS", "CSeq: 8 INVITE"), SipError.CSeqMethodMismatch);
            Refused(SipFixture.Replace(Swap("OPTIONS sip", "NEWMETHOD sip"), "CSeq: 63104 OPTIONS", "CSeq: 8 INVITE"), SipError.CSeqMethodMismatch);
            Refused(Swap("CSeq: 63104 OPTIONS", "CSeq: 8 options"), SipError.CSeqMethodMismatch);
        }

        [TestMethod]
        [DataRow("To: <sip:bob@example.com>\r\n", 50)]
        [DataRow("From: Alice <sip:alice@example.com>;tag=1928301774\r\n", 51)]
        [DataRow("CSeq: 63104 OPTIONS\r\n", 52)]
        [DataRow("Call-ID: a84b4c76e66710@pc33.example.com\r\n", 53)]
        [DataRow("Max-Forwards: 70\r\n", 54)]
        [DataRow("Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKopt1\r\n", 55)]
        public void MissingMandatoryHeader(string line, int expected)
        {
            // RFC 3261 §8.1.1: To, From, CSeq, Call-ID, Max-Forwards and Via are mandatory in a request.
            Refused(Swap(line, ""), (SipError)expected);
        }

        [TestMethod]
        [DataRow("Call-ID: second@example.com\r\n")]
        [DataRow("To: <sip:carol@example.com>\r\n")]
        [DataRow("CSeq: 1 OPTIONS\r\n")]
        [DataRow("Max-Forwards: 70\r\n")]
        [DataRow("Content-Length: 5\r\n")]
        public void SingleValuedHeaderTwice(string line)
        {
            Refused(SipFixture.Options(line), SipError.DuplicateHeader);
        }

        [TestMethod]
        public void BadHeaderLines()
        {
            Refused(SipFixture.Options("NoColonHere\r\n"), SipError.BadHeader);
            Refused(SipFixture.Options("Bad Name: x\r\n"), SipError.BadHeader);
            Refused(SipFixture.Options("X-Cr: a\rb\r\n"), SipError.BadHeader);
            Refused(SipFixture.Options("X-Lf: a\nb\r\n"), SipError.BadHeader);
            Refused("OPTIONS sip:bob@example.com SIP/2.0\r\n Via: x\r\n\r\n", SipError.BadHeader);
            Refused(SipFixture.Replace(SipFixture.Options(""), "\r\n\r\n", "\r\n"), SipError.HeaderSectionUnterminated);
            Refused(SipFixture.Replace(SipFixture.Options("Call-ID: has space@x\r\n"), "Call-ID: a84b4c76e66710@pc33.example.com\r\n", ""), SipError.BadCallId);
        }

        [TestMethod]
        public void StreamNeedsExactContentLength()
        {
            SipMessage m = new SipMessage();
            string noLength = SipFixture.Replace(SipFixture.Options(""), "Content-Length: 0\r\n", "");
            Assert.AreEqual((int)SipError.ContentLengthMissing, (int)SipFixture.ParseStream(noLength, m));
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(noLength + "body", m));
            Assert.AreEqual(4, m.BodyLength);
            Assert.AreEqual((int)SipError.ContentLengthMismatch, (int)SipFixture.ParseStream(SipFixture.Options("") + "x", m));
        }
    }
}
