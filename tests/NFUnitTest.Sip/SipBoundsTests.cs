using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>Each hard bound of SipLimits is enforced with its own error, and values just inside it pass.</summary>
    [TestClass]
    public class SipBoundsTests
    {
        private static string Headers(int count)
        {
            string s = "";
            for (int i = 0; i < count; i++)
            {
                s += "X-H: " + i + "\r\n";
            }

            return s;
        }

        [TestMethod]
        public void HeaderCountBound()
        {
            // Options() has 6 headers plus Content-Length: 7.
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(Headers(64 - 7)), m));
            Assert.AreEqual(64, m.HeaderCount);
            Assert.AreEqual((int)SipError.TooManyHeaders, (int)SipFixture.Parse(SipFixture.Options(Headers(64 - 6)), m));
        }

        [TestMethod]
        public void LineLengthBound()
        {
            SipMessage m = new SipMessage();
            // "X-L: " is 5 bytes: the field is exactly 2048 bytes without its CRLF.
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("X-L: " + new string('a', 2043) + "\r\n"), m));
            Assert.AreEqual((int)SipError.LineTooLong, (int)SipFixture.Parse(SipFixture.Options("X-L: " + new string('a', 2044) + "\r\n"), m));
            // Folded continuations count towards the same field.
            Assert.AreEqual((int)SipError.LineTooLong, (int)SipFixture.Parse(SipFixture.Options("X-L: " + new string('a', 1200) + "\r\n " + new string('b', 1200) + "\r\n"), m));
        }

        [TestMethod]
        public void MessageSizeBound()
        {
            SipMessage m = new SipMessage();
            string head = SipFixture.Options("");
            int room = 8192 - head.Length;
            string ok = SipFixture.Replace(head, "Content-Length: 0", "Content-Length: " + room);
            room -= ok.Length - head.Length;
            ok = SipFixture.Replace(head, "Content-Length: 0", "Content-Length: " + room) + new string('z', room);
            Assert.AreEqual(8192, ok.Length);
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.ParseStream(ok, m));
            Assert.AreEqual((int)SipError.MessageTooLarge, (int)SipFixture.Parse(ok + "z", m));
        }

        [TestMethod]
        public void ParameterCountBound()
        {
            SipMessage m = new SipMessage();
            string p15 = "";
            for (int i = 0; i < 15; i++)
            {
                p15 += ";p" + i;
            }

            // branch plus 15 = 16 parameters is the most a Via may carry.
            string via = "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKopt1";
            string text = SipFixture.Replace(SipFixture.Options(""), via, via + p15);
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            Assert.AreEqual((int)SipError.TooManyParameters, (int)SipFixture.Parse(SipFixture.Replace(text, via, via + p15 + ";one-more"), m));
            Assert.AreEqual((int)SipError.TooManyParameters, (int)SipFixture.Parse(SipFixture.Options("Contact: <sip:a@b.example.com" + p15 + ";p15;p16>\r\n"), m));
        }

        [TestMethod]
        public void UriLengthBound()
        {
            SipMessage m = new SipMessage();
            string user512 = new string('u', 512 - "sip:@example.com".Length);
            string ok = SipFixture.Replace(SipFixture.Options(""), "OPTIONS sip:bob@example.com", "OPTIONS sip:" + user512 + "@example.com");
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(ok, m));
            Assert.AreEqual((int)SipError.UriTooLong, (int)SipFixture.Parse(SipFixture.Replace(ok, "OPTIONS sip:u", "OPTIONS sip:uu"), m));
            Assert.AreEqual((int)SipError.UriTooLong, (int)SipFixture.Parse(SipFixture.Replace(SipFixture.Options(""), "To: <sip:bob", "To: <sip:" + user512 + "bob"), m));
        }

        [TestMethod]
        public void CommentNestingBound()
        {
            SipMessage m = new SipMessage();
            string deep8 = "((((((((x))))))))";
            string deep9 = "(((((((((x)))))))))";
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("Allow: INVITE\r\nUser-Agent: Phone/1 " + deep9 + "\r\n"), m));
            Assert.AreEqual("Phone/1 " + deep9, m.UserAgent);
            // A comment has no place in Via: within the bound it is a syntax error, beyond it the bound trips first.
            Assert.AreEqual((int)SipError.BadVia, (int)SipFixture.Parse(SipFixture.Options("Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 " + deep8 + "\r\n"), m));
            Assert.AreEqual((int)SipError.NestingTooDeep, (int)SipFixture.Parse(SipFixture.Options("Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1 " + deep9 + "\r\n"), m));
            Assert.AreEqual(-1, m.ElementCount(SipHeader.Via));
        }

        [TestMethod]
        public void StartLineLengthBound()
        {
            SipMessage m = new SipMessage();
            string longLine = "OPTIONS sip:" + new string('u', 2100) + "@example.com SIP/2.0";
            Assert.AreEqual((int)SipError.LineTooLong, (int)SipFixture.Parse(SipFixture.Replace(SipFixture.Options(""), "OPTIONS sip:bob@example.com SIP/2.0", longLine), m));
        }
    }
}
