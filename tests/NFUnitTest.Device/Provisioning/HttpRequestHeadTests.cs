using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>The request head parser against RFC 9110/9112 examples and the MUST-reject rules.</summary>
    [TestClass]
    public class HttpRequestHeadTests
    {
        static HttpRequestHead Parse(string head)
        {
            byte[] b = Encoding.UTF8.GetBytes(head);
            return HttpRequestHead.Parse(b, b.Length);
        }

        [TestMethod]
        public void Rfc9110ExampleRequestParses()
        {
            // RFC 9110 §3.9, the example request of a client (curl) to an origin server.
            HttpRequestHead h = Parse("GET /hello.txt HTTP/1.1\r\nUser-Agent: curl/7.64.1\r\nHost: www.example.com\r\nAccept-Language: en, mi\r\n\r\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual("GET", h.Method);
            Assert.AreEqual("/hello.txt", h.Path);
            Assert.AreEqual(1, h.MinorVersion);
            Assert.AreEqual(HttpRequestHead.NoLength, h.ContentLength);
        }

        [TestMethod]
        public void OriginFormQueryIsNotPartOfThePath()
        {
            // RFC 9112 §3.2.1: "GET /where?q=now HTTP/1.1" / "Host: www.example.org".
            HttpRequestHead h = Parse("GET /where?q=now HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual("/where", h.Path);
        }

        [TestMethod]
        public void AbsoluteFormIsReducedToItsPath()
        {
            // RFC 9112 §3.2.2: "GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1".
            HttpRequestHead h = Parse("GET http://www.example.org/pub/WWW/TheProject.html HTTP/1.1\r\nHost: www.example.org\r\n\r\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual("/pub/WWW/TheProject.html", h.Path);
        }

        [TestMethod]
        public void AuthorityAndAsteriskFormsBelongToConnectAndOptions()
        {
            // RFC 9112 §3.2.3: "CONNECT www.example.com:80 HTTP/1.1"; §3.2.4: "OPTIONS * HTTP/1.1".
            HttpRequestHead connect = Parse("CONNECT www.example.com:80 HTTP/1.1\r\nHost: www.example.com:80\r\n\r\n");
            Assert.AreEqual(0, connect.ErrorStatus);
            Assert.AreEqual("www.example.com:80", connect.Path);
            HttpRequestHead options = Parse("OPTIONS * HTTP/1.1\r\nHost: www.example.org:8001\r\n\r\n");
            Assert.AreEqual(0, options.ErrorStatus);
            Assert.AreEqual("*", options.Path);
            // Neither form with another method.
            Assert.AreEqual(400, Parse("GET * HTTP/1.1\r\nHost: a\r\n\r\n").ErrorStatus);
            Assert.AreEqual(400, Parse("GET www.example.com:80 HTTP/1.1\r\nHost: a\r\n\r\n").ErrorStatus);
        }

        [TestMethod]
        public void BareLineFeedsAreAccepted()
        {
            // RFC 9112 §2.2: a recipient MAY recognise a single LF as a line terminator.
            HttpRequestHead h = Parse("POST /config HTTP/1.1\nHost: phone\nContent-Length: 12\nX-Phone-Code:  123456 \n\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual(12, h.ContentLength);
            // RFC 9112 §5.1: leading and trailing whitespace of a field value is not part of it.
            Assert.AreEqual("123456", h.PhoneCode);
        }

        [TestMethod]
        public void Http10WithoutHostIsAccepted()
        {
            Assert.AreEqual(0, Parse("GET / HTTP/1.0\r\n\r\n").ErrorStatus);
        }

        [TestMethod]
        [DataRow("GET / HTTP/1.1\r\n\r\n", 400)]                                          // §3.2: 1.1 without Host
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]                     // §3.2: two Host fields
        [DataRow("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)]                               // §5.1: space before colon
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400)]                     // §5.2: obs-fold
        [DataRow("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400)]                          // §2.2: bare CR
        [DataRow("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]                               // §3: one SP
        [DataRow("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400)]                               // §3: nothing after version
        [DataRow("GET / http/1.1\r\nHost: a\r\n\r\n", 400)]                                // §2.3: case-sensitive name
        [DataRow("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)]                                // major version 2
        [DataRow("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400)]                                // method is a token
        [DataRow("GET where HTTP/1.1\r\nHost: a\r\n\r\n", 400)]                            // neither origin- nor absolute-form
        [DataRow("POST /config HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400)]   // RFC 9110 §8.6: 1*DIGIT
        [DataRow("POST /config HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400)]
        [DataRow("POST /config HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400)] // §6.3 (5)
        [DataRow("POST /config HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 501)]             // §6.1
        [DataRow("POST /config HTTP/1.1\r\nHost: a\r\nX-Phone-Code: 1\r\nX-Phone-Code: 2\r\n\r\n", 400)]
        [DataRow("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n", 400)]                 // RFC 9110 §5.5: control in value
        public void MalformedHeadsAreRejected(string head, int status)
        {
            Assert.AreEqual(status, Parse(head).ErrorStatus);
        }

        [TestMethod]
        public void EqualRepeatedContentLengthIsOneLength()
        {
            HttpRequestHead h = Parse("POST /config HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\ncontent-length: 7\r\n\r\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual(7, h.ContentLength);
        }

        [TestMethod]
        public void LengthBeyondIntRangeIsHuge()
        {
            HttpRequestHead h = Parse("POST /config HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n");
            Assert.AreEqual(0, h.ErrorStatus);
            Assert.AreEqual(HttpRequestHead.HugeLength, h.ContentLength);
        }

        [TestMethod]
        public void InvalidRangeIsBadRequest()
        {
            Assert.AreEqual(400, HttpRequestHead.Parse(null, 0).ErrorStatus);
            Assert.AreEqual(400, HttpRequestHead.Parse(new byte[4], 5).ErrorStatus);
        }
    }
}
