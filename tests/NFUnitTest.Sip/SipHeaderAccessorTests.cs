using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>Compact forms, typed accessors for auth, token lists, Contact forms and URIs.</summary>
    [TestClass]
    public class SipHeaderAccessorTests
    {
        [TestMethod]
        [DataRow("i", 4)]
        [DataRow("m", 6)]
        [DataRow("e", 24)]
        [DataRow("l", 10)]
        [DataRow("c", 11)]
        [DataRow("f", 3)]
        [DataRow("t", 2)]
        [DataRow("v", 1)]
        [DataRow("k", 13)]
        [DataRow("s", 23)]
        [DataRow("o", 25)]
        [DataRow("r", 26)]
        [DataRow("b", 27)]
        [DataRow("u", 28)]
        [DataRow("x", 31)]
        [DataRow("V", 1)]
        [DataRow("cAlL-iD", 4)]
        [DataRow("WWW-AUTHENTICATE", 17)]
        [DataRow("X-Unknown", 0)]
        [DataRow("q", 0)]
        public void CompactAndFullNames(string name, int id)
        {
            // RFC 3261 §7.3.3 compact forms; §7.3.1 names are case-insensitive.
            Assert.AreEqual(id, SipHeader.Identify(name));
        }

        [TestMethod]
        public void DigestChallengeAndCredentials()
        {
            string extra = "WWW-Authenticate: Digest realm=\"atlanta.example.com\", qop=\"auth,auth-int\",\r\n nonce=\"84a4cc6f3082121f32b42a2187831a9e\", algorithm=MD5, stale=FALSE\r\n" +
                           "Proxy-Authorization: Digest username=\"alice\", realm=\"b\\\"q\", uri=\"sip:bob@example.com\", response=\"7587245234b3434cc3412213e5f113a5\", nc=00000001\r\n" +
                           "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(extra), m));
            SipAuthHeader a = new SipAuthHeader();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetAuth(SipHeader.WwwAuthenticate, 0, a));
            Assert.AreEqual("Digest", a.Scheme);
            Assert.AreEqual("atlanta.example.com", a.Realm);
            Assert.AreEqual("auth,auth-int", a.Parameters.Get("qop"));
            Assert.AreEqual("84a4cc6f3082121f32b42a2187831a9e", a.Nonce);
            Assert.AreEqual("MD5", a.Parameters.Get("algorithm"));
            Assert.AreEqual("FALSE", a.Parameters.Get("stale"));
            Assert.AreEqual((int)SipError.Ok, (int)m.GetAuth(SipHeader.ProxyAuthorization, 0, a));
            Assert.AreEqual("alice", a.Parameters.Get("username"));
            Assert.AreEqual("b\"q", a.Realm);
            Assert.AreEqual("00000001", a.Parameters.Get("nc"));
            Assert.AreEqual((int)SipError.Ok, (int)m.GetAuth(SipHeader.Authorization, 0, a));
            Assert.AreEqual("Basic", a.Scheme);
            Assert.AreEqual("QWxhZGRpbjpvcGVuIHNlc2FtZQ==", a.Token68);
            Assert.AreEqual((int)SipError.HeaderNotFound, (int)m.GetAuth(SipHeader.ProxyAuthenticate, 0, a));
        }

        [TestMethod]
        public void TokenListsOverRepeatedHeaders()
        {
            string extra = "Allow: INVITE, ACK,OPTIONS\r\nAllow: BYE , CANCEL\r\nk: replaces, outbound\r\nRequire: 100rel\r\nUnsupported: foo\r\nMin-Expires: 60\r\nExpires: 0\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(extra), m));
            string[] t = new string[8];
            int n;
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTokens(SipHeader.Allow, t, out n));
            Assert.AreEqual(5, n);
            Assert.AreEqual("INVITE", t[0]);
            Assert.AreEqual("OPTIONS", t[2]);
            Assert.AreEqual("CANCEL", t[4]);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTokens(SipHeader.Supported, t, out n));
            Assert.AreEqual(2, n);
            Assert.AreEqual("outbound", t[1]);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTokens(SipHeader.Require, t, out n));
            Assert.AreEqual("100rel", t[0]);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTokens(SipHeader.Unsupported, t, out n));
            Assert.AreEqual("foo", t[0]);
            int v;
            Assert.AreEqual((int)SipError.Ok, (int)m.GetMinExpires(out v));
            Assert.AreEqual(60, v);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetExpires(out v));
            Assert.AreEqual(0, v);
            string[] small = new string[2];
            Assert.AreEqual((int)SipError.TooManyElements, (int)m.GetTokens(SipHeader.Allow, small, out n));
        }

        [TestMethod]
        public void HasTokenFindsAnOptionTagInAnyHeaderOfTheListWithoutPartialMatches()
        {
            string extra = "Supported: 100rel , TIMER\r\nk: path,,outbound\r\nRequire: timers, ob\r\nRequire:\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(extra), m));
            Assert.IsTrue(m.HasToken(SipHeader.Supported, "timer"), "case-insensitive, LWS around it");
            Assert.IsTrue(m.HasToken(SipHeader.Supported, "100rel"));
            Assert.IsTrue(m.HasToken(SipHeader.Supported, "outbound"), "second header, compact form, after an empty item");
            Assert.IsFalse(m.HasToken(SipHeader.Require, "timer"), "timers is not timer");
            Assert.IsFalse(m.HasToken(SipHeader.Require, "outbound"), "ob is not outbound");
            Assert.IsTrue(m.HasToken(SipHeader.Require, "ob"));
            Assert.IsFalse(m.HasToken(SipHeader.Unsupported, "timer"), "no such header");
            Assert.IsFalse(m.HasToken(SipHeader.Supported, ""), "an empty item is not a token");
        }

        [TestMethod]
        public void GetNumberByNameReadsAHeaderTheParserHasNoIdFor()
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("flow-timer:  120 \r\nX-Count: 12a\r\n"), m));
            int v;
            Assert.AreEqual((int)SipError.Ok, (int)m.GetNumber("Flow-Timer", 86400, out v), "name case-insensitive, LWS around the value");
            Assert.AreEqual(120, v);
            Assert.AreEqual((int)SipError.BadHeaderValue, (int)m.GetNumber("Flow-Timer", 100, out v), "above max");
            Assert.AreEqual(-1, v);
            Assert.AreEqual((int)SipError.BadHeaderValue, (int)m.GetNumber("X-Count", 1000, out v), "not 1*DIGIT");
            Assert.AreEqual((int)SipError.HeaderNotFound, (int)m.GetNumber("Session-Expires", 1000, out v));
        }

        [TestMethod]
        public void ContactStarAndSeveralContacts()
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("Contact: *\r\nExpires: 0\r\n"), m));
            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(0, c));
            Assert.IsTrue(c.IsStar);
            Assert.AreEqual((int)SipError.BadContact, (int)SipFixture.Parse(SipFixture.Options("Contact: *, <sip:a@b.example.com>\r\n"), m));

            string two = "Contact: \"A, B\" <sip:a@h1.example.com;transport=tcp>;q=1.0, sip:b@h2.example.com:5070;q=0.5;expires=60\r\n";
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(two), m));
            Assert.AreEqual(2, m.ElementCount(SipHeader.Contact));
            m.GetContact(0, c);
            Assert.AreEqual("A, B", c.Address.DisplayName);
            Assert.AreEqual("tcp", c.Address.Uri.Parameters.Get("transport"));
            Assert.AreEqual(1000, c.Q);
            Assert.AreEqual(-1, c.Expires);
            m.GetContact(1, c);
            Assert.IsFalse(c.Address.Bracketed);
            Assert.AreEqual(5070, c.Address.Uri.Port);
            Assert.AreEqual(0, c.Address.Uri.Parameters.Count);
            Assert.AreEqual(500, c.Q);
            Assert.AreEqual(60, c.Expires);
        }

        [TestMethod]
        [DataRow("sip:alice:secret@example.com:5061;transport=tls?subject=hi&priority=urgent", "alice", "secret", "example.com", 5061)]
        [DataRow("sips:[2001:db8::10]:5061", "", "", "[2001:db8::10]", 5061)]
        [DataRow("sip:192.0.2.4", "", "", "192.0.2.4", -1)]
        [DataRow("SIP:%61lice@EXAMPLE.com", "alice", "", "EXAMPLE.com", -1)]
        public void UriComponents(string text, string user, string password, string host, int port)
        {
            // RFC 3261 §19.1.1, §25.1. "" stands for absent in the data row.
            SipUri u = new SipUri();
            byte[] b = SipFixture.Bytes(text);
            Assert.AreEqual((int)SipError.Ok, (int)u.Parse(b, 0, b.Length));
            Assert.IsTrue(u.IsSip);
            Assert.AreEqual(user, u.User == null ? "" : u.User);
            Assert.AreEqual(password, u.Password == null ? "" : u.Password);
            Assert.AreEqual(host, u.Host);
            Assert.AreEqual(port, u.Port);
        }

        [TestMethod]
        public void UriHeadersParametersAndOtherSchemes()
        {
            SipUri u = new SipUri();
            byte[] b = SipFixture.Bytes("sip:alice@example.com;transport=tcp;lr;x%20y=a%2Fb?subject=hi&priority=urgent");
            Assert.AreEqual((int)SipError.Ok, (int)u.Parse(b, 0, b.Length));
            Assert.AreEqual("tcp", u.Parameters.Get("transport"));
            Assert.IsTrue(u.Parameters.Contains("lr"));
            Assert.IsNull(u.Parameters.Get("lr"));
            Assert.AreEqual("a/b", u.Parameters.Get("x y"));
            Assert.AreEqual("subject=hi&priority=urgent", u.Headers);
            b = SipFixture.Bytes("tel:+1-201-555-0123");
            Assert.AreEqual((int)SipError.Ok, (int)u.Parse(b, 0, b.Length));
            Assert.IsFalse(u.IsSip);
            Assert.AreEqual("tel", u.Scheme);
            Assert.AreEqual("+1-201-555-0123", u.Opaque);
        }

        [TestMethod]
        [DataRow("sip:alice@example.com:65536", 73)]
        [DataRow("sip:alice@", 73)]
        [DataRow("sip:@example.com", 73)]
        [DataRow("sip:a%4@example.com", 74)]
        [DataRow("sip:a%G0@example.com", 74)]
        [DataRow("sip:a@example.com;p=%zz", 74)]
        [DataRow("sip:a@[::1", 73)]
        [DataRow("sip:a b@example.com", 73)]
        [DataRow("sip:a@example.com;", 73)]
        [DataRow("1sip:a@example.com", 73)]
        [DataRow("sip", 73)]
        public void BadUris(string text, int expected)
        {
            SipUri u = new SipUri();
            byte[] b = SipFixture.Bytes(text);
            Assert.AreEqual(expected, (int)u.Parse(b, 0, b.Length));
        }

        [TestMethod]
        public void FoldedValueReadsAsOneSpace()
        {
            // RFC 3261 §7.3.1: "Subject: I know you're there,\r\n pick up the phone" equals one line with a single SP.
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options("Subject: I know you're there, \r\n \t pick up the phone\r\n"), m));
            Assert.AreEqual("I know you're there, pick up the phone", m.HeaderValue(m.FindHeader(SipHeader.Subject, 0)));
            Assert.AreEqual("I know you're there, pick up the phone", m.HeaderValue(m.FindHeader("s", 0)));
        }

        [TestMethod]
        public void LeadingCrlfBeforeStartLineIsIgnored()
        {
            // RFC 3261 §7.5.
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse("\r\n\r\n" + SipFixture.Options(""), m));
            Assert.AreEqual(4, m.Offset);
            Assert.AreEqual("OPTIONS", m.Method);
        }
    }
}
