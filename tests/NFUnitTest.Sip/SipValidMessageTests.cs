using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// Our own messages modelled on the valid torture cases of RFC 4475 §3.1.1; each value is asserted as the RFC
    /// text says it must be understood.
    /// </summary>
    [TestClass]
    public class SipValidMessageTests
    {
        // RFC 4475 §3.1.1.1 (wsinv): folding, odd whitespace, case and compact names, unknown headers.
        private const string Tortuous =
            "INVITE sip:carol@desk.example.net;unknownparam SIP/2.0\r\n" +
            "TO :\r\n sip:carol@desk.example.net ;   tag    = 77aa1\r\n" +
            "from   : \"Dr. \\\"Quoted\\\"\"       <sip:dave@example.org>\r\n  ;\r\n  tag = 5b5b\r\n" +
            "MaX-fOrWaRdS: 0042\r\n" +
            "Call-ID: torture.1@192.0.2.7\r\n" +
            "Content-Length   : 5\r\n" +
            "cseq: 0017\r\n  INVITE\r\n" +
            "Via  : SIP  /   2.0\r\n  /UDP\r\n    192.0.2.7;branch=z9hG4bKw1\r\n" +
            "s :\r\n" +
            "OddHeader:   first part\r\n continued part\r\n" +
            "EmptyishHeader: ;;,,;;,;\r\n" +
            "c: application/sdp\r\n" +
            "Route:\r\n <sip:proxy.example.net;lr;unknownwith=value;unknown-no-value>\r\n" +
            "v:  SIP  / 2.0  / TCP     relay.example.net   ;\r\n  branch  =   z9hG4bKr2  ,\r\n SIP  /    2.0   / UDP  192.168.7.9   ; branch=\r\n z9hG4bKr3\r\n" +
            "m:\"Quoted \\\"\\\"\" <sip:dave@example.org> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33\r\n" +
            "\r\n" +
            "v=0\r\n";

        [TestMethod]
        public void TortuousInviteParsesFieldByField()
        {
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(Tortuous, m));
            Assert.IsTrue(m.IsRequest);
            Assert.AreEqual("INVITE", m.Method);
            Assert.AreEqual("sip:carol@desk.example.net;unknownparam", m.RequestUri);

            SipNameAddr to = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTo(to));
            Assert.IsNull(to.DisplayName);
            Assert.AreEqual("carol", to.Uri.User);
            Assert.AreEqual("desk.example.net", to.Uri.Host);
            Assert.AreEqual("77aa1", to.Tag);

            SipNameAddr from = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetFrom(from));
            Assert.AreEqual("Dr. \"Quoted\"", from.DisplayName);
            Assert.AreEqual("dave", from.Uri.User);
            Assert.AreEqual("5b5b", from.Tag);

            Assert.AreEqual(42, m.MaxForwards);
            Assert.AreEqual("torture.1@192.0.2.7", m.CallId);
            Assert.AreEqual(5, m.ContentLength);
            Assert.AreEqual(5, m.BodyLength);

            SipCSeq cseq = new SipCSeq();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetCSeq(cseq));
            Assert.AreEqual(17, cseq.Number);
            Assert.AreEqual("INVITE", cseq.Method);

            Assert.AreEqual(3, m.ElementCount(SipHeader.Via));
            SipVia via = new SipVia();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(0, via));
            Assert.AreEqual("SIP", via.Protocol);
            Assert.AreEqual("2.0", via.Version);
            Assert.AreEqual("UDP", via.Transport);
            Assert.AreEqual("192.0.2.7", via.Host);
            Assert.AreEqual("z9hG4bKw1", via.Branch);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(1, via));
            Assert.AreEqual("TCP", via.Transport);
            Assert.AreEqual("relay.example.net", via.Host);
            Assert.AreEqual("z9hG4bKr2", via.Branch);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(2, via));
            Assert.AreEqual("192.168.7.9", via.Host);
            Assert.AreEqual("z9hG4bKr3", via.Branch);

            Assert.AreEqual("first part continued part", m.HeaderValue(m.FindHeader("OddHeader", 0)));
            Assert.AreEqual(";;,,;;,;", m.HeaderValue(m.FindHeader("emptyishheader", 0)));
            Assert.AreEqual("", m.HeaderValue(m.FindHeader(SipHeader.Subject, 0)));

            SipMediaType ct = new SipMediaType();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContentType(ct));
            Assert.AreEqual("application", ct.Type);
            Assert.AreEqual("sdp", ct.Subtype);

            SipNameAddr route = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetNameAddr(SipHeader.Route, 0, route));
            Assert.AreEqual("proxy.example.net", route.Uri.Host);
            Assert.IsTrue(route.Uri.Parameters.Contains("lr"));
            Assert.AreEqual("value", route.Uri.Parameters.Get("unknownwith"));
            Assert.IsTrue(route.Uri.Parameters.Contains("unknown-no-value"));

            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(0, c));
            Assert.AreEqual("Quoted \"\"", c.Address.DisplayName);
            Assert.AreEqual("newvalue", c.Address.Parameters.Get("newparam"));
            Assert.IsTrue(c.Address.Parameters.Contains("secondparam"));
            Assert.AreEqual(330, c.Q);
        }

        [TestMethod]
        public void WideRangeOfValidCharacters()
        {
            // RFC 4475 §3.1.1.2 (intmeth): every token character in a method, user and password characters,
            // escapes in a quoted display name, a Call-ID of word characters, UTF-8 in an unknown header.
            // The RFC's display name also escapes a NUL; we refuse any NUL in a header field (SipError.NulByte,
            // SipNulByteTests), because a nanoFramework string would end there, so it is left out here.
            string method = "!odd-Method0123456789_*+`.%indeed'~";
            string text =
                method + " sip:1_odd.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&pw+is=1,odd!*pa$s~d_too.(ok)@example.com SIP/2.0\r\n" +
                "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\r\n" +
                "To: \"BEL:\\\u0007 DEL:\\\u007F\" <sip:1_odd.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>\r\n" +
                "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.\r\n" +
                "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\r\n" +
                "CSeq: 139122385 " + method + "\r\n" +
                "Max-Forwards: 255\r\n" +
                "extensionHeader-!.%*+_`'~:\uFEFF\u5927\u505C\u96FB\r\n" +
                "Content-Length: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            Assert.AreEqual(method, m.Method);
            SipUri uri = new SipUri();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetRequestUri(uri));
            Assert.AreEqual("1_odd.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", uri.User);
            Assert.AreEqual("&pw+is=1,odd!*pa$s~d_too.(ok)", uri.Password);
            Assert.AreEqual("example.com", uri.Host);

            SipVia via = new SipVia();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(0, via));
            Assert.AreEqual("z9hG4bK-.!%66*_+`'~", via.Branch);

            SipNameAddr to = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTo(to));
            Assert.AreEqual("BEL:\u0007 DEL:\u007F", to.DisplayName);

            SipNameAddr from = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetFrom(from));
            Assert.AreEqual("token1~` token2'+_ token3*%!.-", from.DisplayName);
            Assert.AreEqual("_token~1'+`*%!-.", from.Tag);
            Assert.AreEqual("\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439", from.Parameters.Get("fromParam''~+*_!.-%"));

            Assert.AreEqual("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId);
            SipCSeq cseq = new SipCSeq();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetCSeq(cseq));
            Assert.AreEqual(139122385, cseq.Number);
            Assert.AreEqual(255, m.MaxForwards);
            Assert.AreEqual("\uFEFF\u5927\u505C\u96FB", m.HeaderValue(m.FindHeader("EXTENSIONHEADER-!.%*+_`'~", 0)));
        }

        [TestMethod]
        public void EscapedCharactersInUris()
        {
            // RFC 4475 §3.1.1.3 (esc01): %-escapes resolve in user parts. The RFC's escnull (§3.1.1.4, "%00") is
            // refused here on purpose (the text would end at the NUL on the device): see SipNulByteTests.
            string text =
                "REGISTER sip:sips%3Auser%40example.com@example.net SIP/2.0\r\n" +
                "To: sip:%75se%72@example.com\r\n" +
                "From: <sip:I%20have%20spaces@example.net>;tag=938\r\n" +
                "Max-Forwards: 87\r\n" +
                "i: esc01.239409asdfakjkn23onasd0-3234\r\n" +
                "CSeq: 234234 REGISTER\r\n" +
                "Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw\r\n" +
                "m: <sip:%41@host.example.com>, <sip:%c3%a9%20@host.example.com>\r\n" +
                "l: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            SipUri uri = new SipUri();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetRequestUri(uri));
            Assert.AreEqual("sips:user@example.com", uri.User);
            Assert.AreEqual("example.net", uri.Host);
            SipNameAddr na = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetTo(na));
            Assert.AreEqual("user", na.Uri.User);
            Assert.IsFalse(na.Bracketed);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetFrom(na));
            Assert.AreEqual("I have spaces", na.Uri.User);
            Assert.AreEqual(2, m.ElementCount(SipHeader.Contact));
            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(0, c));
            Assert.AreEqual("A", c.Address.Uri.User);
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(1, c));
            Assert.AreEqual("\u00e9 ", c.Address.Uri.User);
        }

        [TestMethod]
        public void PercentThatIsNotAnEscape()
        {
            // RFC 4475 §3.1.1.5 (esc02): "%" is a token character in methods and display names; it is not decoded.
            string text =
                "RE%47IST%45R sip:registrar.example.com SIP/2.0\r\n" +
                "To: \"%Z%45\" <sip:resource@example.com>\r\n" +
                "From: \"%Z%45\" <sip:resource@example.com>;tag=dsweij\r\n" +
                "Max-Forwards: 70\r\n" +
                "Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf\r\n" +
                "Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209%ssdef\r\n" +
                "CSeq: 29 RE%47IST%45R\r\n" +
                "Contact: <sip:alias1@host1.example.com>\r\n" +
                "Contact: <sip:alias2@host2.example.com>, <sip:alias3@host3.example.com>\r\n" +
                "l: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            Assert.AreEqual("RE%47IST%45R", m.Method);
            Assert.IsFalse(m.IsMethod("REGISTER"));
            SipNameAddr to = new SipNameAddr();
            m.GetTo(to);
            Assert.AreEqual("%Z%45", to.DisplayName);
            SipVia via = new SipVia();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(0, via));
            Assert.IsTrue(via.HasRport);
            Assert.AreEqual(-1, via.Rport);
            Assert.AreEqual(3, m.ElementCount(SipHeader.Contact));
            SipContact c = new SipContact();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetContact(2, c));
            Assert.AreEqual("host3.example.com", c.Address.Uri.Host);
        }

        [TestMethod]
        public void DisplayNameWithoutSpaceBeforeAngle()
        {
            // RFC 4475 §3.1.1.6 (lwsdisp).
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Replace(SipFixture.Options(""), "From: Alice <", "From: caller<"), m));
            SipNameAddr from = new SipNameAddr();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetFrom(from));
            Assert.AreEqual("caller", from.DisplayName);
            Assert.AreEqual("alice", from.Uri.User);
        }

        [TestMethod]
        public void LongValuesWithinTheBounds()
        {
            // RFC 4475 §3.1.1.7 (longreq): long user, long tag, many Via values, a long unknown header.
            string user = new string('l', 200);
            string tag = new string('t', 300);
            string vias = "";
            for (int i = 0; i < 20; i++)
            {
                vias += "Via: SIP/2.0/TCP sip" + i + ".example.com;branch=z9hG4bK" + i + "\r\n";
            }

            string text = "INVITE sip:" + user + "@example.com SIP/2.0\r\n" + vias +
                          "To: <sip:" + user + "@example.com>\r\nFrom: <sip:a@example.com>;tag=" + tag + "\r\n" +
                          "Call-ID: long@example.com\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n" +
                          "X-Long: " + new string('x', 1500) + "\r\nContent-Length: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            Assert.AreEqual(20, m.ElementCount(SipHeader.Via));
            SipVia via = new SipVia();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetVia(19, via));
            Assert.AreEqual("sip19.example.com", via.Host);
            SipNameAddr from = new SipNameAddr();
            m.GetFrom(from);
            Assert.AreEqual(tag, from.Tag);
            SipUri uri = new SipUri();
            m.GetRequestUri(uri);
            Assert.AreEqual(user, uri.User);
        }

        [TestMethod]
        public void ExtraOctetsAfterDatagramBodyAreIgnored()
        {
            // RFC 4475 §3.1.1.8 (dblreq); RFC 3261 §18.3.
            string first = SipFixture.Options("");
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(first + SipFixture.Options(""), m));
            Assert.AreEqual(first.Length, m.Length);
            Assert.AreEqual(0, m.BodyLength);
        }

        [TestMethod]
        public void SemicolonInUserPart()
        {
            // RFC 4475 §3.1.1.9 (semiuri): the ";" before "@" belongs to the user.
            SipMessage m = new SipMessage();
            string text = SipFixture.Replace(SipFixture.Options(""), "OPTIONS sip:bob@example.com", "OPTIONS sip:user;par=u%40example.net@example.com");
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            SipUri uri = new SipUri();
            Assert.AreEqual((int)SipError.Ok, (int)m.GetRequestUri(uri));
            Assert.AreEqual("user;par=u@example.net", uri.User);
            Assert.AreEqual("example.com", uri.Host);
            Assert.AreEqual(0, uri.Parameters.Count);
        }

        [TestMethod]
        public void VariedAndUnknownTransports()
        {
            // RFC 4475 §3.1.1.10 (transports).
            string vias = "Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKa\r\nVia: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKb\r\n" +
                          "Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bKc\r\nVia: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKd\r\n" +
                          "Via: SIP/2.0/TCP t5.example.com:5070;branch=z9hG4bKe;received=192.0.2.1;rport=5071;maddr=224.2.0.1;ttl=16\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Options(vias), m));
            Assert.AreEqual(6, m.ElementCount(SipHeader.Via));
            SipVia v = new SipVia();
            m.GetVia(2, v);
            Assert.AreEqual("SCTP", v.Transport);
            m.GetVia(4, v);
            Assert.AreEqual("UNKNOWN", v.Transport);
            m.GetVia(5, v);
            Assert.AreEqual("TCP", v.Transport);
            Assert.AreEqual(5070, v.Port);
            Assert.AreEqual("192.0.2.1", v.Received);
            Assert.AreEqual(5071, v.Rport);
            Assert.AreEqual("224.2.0.1", v.Maddr);
            Assert.AreEqual(16, v.Ttl);
        }

        [TestMethod]
        public void MultipartBodyIsFramedByContentLength()
        {
            // RFC 4475 §3.1.1.11 (mpart01): the body is opaque bytes, here with CRLFs and a boundary.
            string body = "--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1--\r\n";
            string text = SipFixture.Replace(SipFixture.Options("Content-Type: multipart/mixed;boundary=b1\r\n"), "Content-Length: 0", "Content-Length: " + body.Length) + body;
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.ParseStream(text, m));
            Assert.AreEqual(body.Length, m.BodyLength);
            Assert.AreEqual((int)'-', (int)m.Buffer[m.BodyOffset]);
            SipMediaType ct = new SipMediaType();
            m.GetContentType(ct);
            Assert.AreEqual("multipart", ct.Type);
            Assert.AreEqual("b1", ct.Parameters.Get("boundary"));
        }

        [TestMethod]
        public void UnusualAndEmptyReasonPhrases()
        {
            // RFC 4475 §3.1.1.12 (unreason) and §3.1.1.13 (noreason).
            string rest = "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\nCall-ID: unreason.1234ksdfak3j2erwedfsASdf\r\n" +
                          "CSeq: 35 INVITE\r\nFrom: <sip:user@example.com>;tag=11141343\r\nTo: <sip:user@example.edu>;tag=2229\r\nContent-Length: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse("SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e\r\n" + rest, m));
            Assert.IsFalse(m.IsRequest);
            Assert.AreEqual(200, m.StatusCode);
            Assert.AreEqual("= 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e", m.ReasonPhrase);
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse("SIP/2.0 100 \r\n" + rest, m));
            Assert.AreEqual(100, m.StatusCode);
            Assert.AreEqual("", m.ReasonPhrase);
        }

        [TestMethod]
        public void ResponseNeedsNoMaxForwards()
        {
            string text = "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=9\r\n" +
                          "From: <sip:a@example.com>;tag=1\r\nCall-ID: x@y\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(text, m));
            Assert.AreEqual(180, m.StatusCode);
            Assert.AreEqual("Ringing", m.ReasonPhrase);
        }
    

        [TestMethod]
        public void VersionIsCaseInsensitive()
        {
            // RFC 3261 §25.1: "SIP" in SIP-Version is an ABNF literal, so case-insensitive (§7.1 only makes methods case-sensitive).
            string rest = "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=9\r\n" +
                          "From: <sip:a@example.com>;tag=1\r\nCall-ID: x@y\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
            SipMessage m = new SipMessage();
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse("sip/2.0 200 OK\r\n" + rest, m));
            Assert.AreEqual(200, m.StatusCode);
            Assert.AreEqual((int)SipError.Ok, (int)SipFixture.Parse(SipFixture.Replace(SipFixture.Options(""), " SIP/2.0\r\nVia", " sip/2.0\r\nVia"), m));
            Assert.AreEqual("OPTIONS", m.Method);
        }
    }
}
