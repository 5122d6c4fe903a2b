using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>The provisioning endpoint over raw request bytes: routing, framing limits, authentication, validation.</summary>
    [TestClass]
    public class ProvisioningEndpointTests
    {
        const string Host = "Host: 192.168.4.1\r\n";

        [TestMethod]
        public void StatusPageShowsNameAndStateButNoSecrets()
        {
            EndpointFixture f = new EndpointFixture();
            string r = f.Exchange("GET / HTTP/1.1\r\n" + Host + "\r\n", 0);
            Assert.AreEqual(200, EndpointFixture.Status(r));
            Assert.Contains("Content-Type: text/plain; charset=utf-8\r\n", r);
            Assert.Contains("Connection: close\r\n", r);
            Assert.Contains("desk-1", EndpointFixture.Body(r));
            Assert.Contains("provisioning mode", EndpointFixture.Body(r));
            Assert.DoesNotContains(EndpointFixture.FirstCode, r);
            Assert.DoesNotContains("pw", EndpointFixture.Body(r));
        }

        [TestMethod]
        public void HeadHasTheHeadersOfGetAndNoBody()
        {
            EndpointFixture f = new EndpointFixture();
            string get = f.Exchange("GET / HTTP/1.1\r\n" + Host + "\r\n", 0);
            string head = f.Exchange("HEAD / HTTP/1.1\r\n" + Host + "\r\n", 0);
            // RFC 9110 §9.3.2: same header fields as GET, no content.
            Assert.AreEqual(get.Substring(0, get.IndexOf("\r\n\r\n") + 4), head);
        }

        [TestMethod]
        [DataRow("GET /admin HTTP/1.1\r\nHost: p\r\n\r\n", 404, "")]
        [DataRow("PUT /config HTTP/1.1\r\nHost: p\r\nContent-Length: 0\r\n\r\n", 405, "Allow: POST\r\n")]
        [DataRow("DELETE / HTTP/1.1\r\nHost: p\r\n\r\n", 405, "Allow: GET, HEAD\r\n")]
        [DataRow("BREW /config HTTP/1.1\r\nHost: p\r\n\r\n", 501, "")]
        [DataRow("CONNECT www.example.com:80 HTTP/1.1\r\nHost: www.example.com:80\r\n\r\n", 501, "")]
        [DataRow("OPTIONS * HTTP/1.1\r\nHost: p\r\n\r\n", 501, "")]
        [DataRow("POST /config HTTP/1.1\r\nHost: p\r\nX-Phone-Code: 123456\r\n\r\n", 411, "")]
        [DataRow("POST /config HTTP/1.1\r\nHost: p\r\nX-Phone-Code: 123456\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501, "")]
        [DataRow("POST /config HTTP/1.1\r\nHost: p\r\nX-Phone-Code: 123456\r\nContent-Length: 32769\r\n\r\n", 413, "")]
        [DataRow("POST /config HTTP/1.1\r\nHost: p\r\nContent-Length: 99999999999\r\n\r\n", 413, "")]
        [DataRow("POST /config HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", 400, "")]
        [DataRow("POST /config HTTP/3.0\r\nHost: p\r\n\r\n", 505, "")]
        public void RefusedRequestsChangeNothing(string request, int status, string header)
        {
            EndpointFixture f = new EndpointFixture();
            string r = f.Exchange(request, 0);
            Assert.AreEqual(status, EndpointFixture.Status(r));
            if (header.Length > 0)
            {
                Assert.Contains(header, r);
            }

            f.Unchanged();
            Assert.AreEqual(0, f.Endpoint.Failures);
        }

        [TestMethod]
        public void OversizedBodyIsRefusedBeforeItIsRead()
        {
            // The answer comes from the head alone: no body byte has been sent yet.
            EndpointFixture f = new EndpointFixture();
            ProvisioningConnection c = f.Endpoint.Accept();
            byte[] head = Encoding.UTF8.GetBytes("POST /config HTTP/1.1\r\n" + Host + "X-Phone-Code: 123456\r\nContent-Length: 1000000\r\n\r\n");
            c.Receive(head, 0, head.Length, 0);
            Assert.IsTrue(c.IsComplete);
            Assert.AreEqual(413, c.Response.Status);
        }

        [TestMethod]
        public void TooManyHeaderBytesGet431AndTooLongRequestLine414()
        {
            EndpointFixture f = new EndpointFixture();
            StringBuilder fields = new StringBuilder();
            while (fields.Length <= ProvisioningEndpoint.MaxHeadBytes)
            {
                fields.Append("X-Filler: 0123456789012345678901234567890123456789\r\n");
            }

            Assert.AreEqual(431, EndpointFixture.Status(f.Exchange("GET / HTTP/1.1\r\n" + Host + fields.ToString() + "\r\n", 0)));

            StringBuilder path = new StringBuilder("GET /");
            while (path.Length <= ProvisioningEndpoint.MaxHeadBytes)
            {
                path.Append("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
            }

            Assert.AreEqual(414, EndpointFixture.Status(f.Exchange(path.ToString() + " HTTP/1.1\r\n" + Host + "\r\n", 0)));
        }

        [TestMethod]
        public void MissingCredentialsGetAChallengeAndDoNotCount()
        {
            EndpointFixture f = new EndpointFixture();
            string r = f.Exchange(EndpointFixture.Post(string.Empty, StoreTexts.New), 0);
            Assert.AreEqual(401, EndpointFixture.Status(r));
            // RFC 7617 §2 / §2.1: the Basic challenge with realm and charset.
            Assert.Contains("WWW-Authenticate: Basic realm=\"phone\", charset=\"UTF-8\"\r\n", r);
            Assert.AreEqual(0, f.Endpoint.Failures);
            f.Unchanged();
        }

        [TestMethod]
        public void WrongCodeIsRefusedAndCounted()
        {
            EndpointFixture f = new EndpointFixture();
            string r = f.Exchange(EndpointFixture.Post("X-Phone-Code: 123457\r\n", StoreTexts.New), 0);
            Assert.AreEqual(401, EndpointFixture.Status(r));
            Assert.Contains("WWW-Authenticate: Basic", r);
            Assert.AreEqual(1, f.Endpoint.Failures);
            f.Unchanged();
            // A prefix of the code is not the code.
            Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("X-Phone-Code: 12345\r\n", StoreTexts.New), 0)));
            Assert.AreEqual(2, f.Endpoint.Failures);
        }

        [TestMethod]
        public void RightCodeStoresTheConfigAndIsSpent()
        {
            EndpointFixture f = new EndpointFixture();
            ProvisioningConnection c = f.Endpoint.Accept();
            byte[] req = Encoding.UTF8.GetBytes(EndpointFixture.Post("X-Phone-Code: " + EndpointFixture.FirstCode + "\r\n", StoreTexts.New));
            c.Receive(req, 0, req.Length, 0);
            Assert.AreEqual(200, c.Response.Status);
            Assert.IsTrue(c.Response.ConfigApplied);
            StoreTexts.FileIs(f.Flash, ConfigStore.CurrentName, StoreTexts.New);
            StoreTexts.FileIs(f.Flash, ConfigStore.PreviousName, StoreTexts.Old);
            Assert.AreEqual(EndpointFixture.SecondCode, f.Code.Value);

            // The same code again is refused: it was consumed.
            string again = f.Exchange(EndpointFixture.Post("X-Phone-Code: " + EndpointFixture.FirstCode + "\r\n", StoreTexts.Prev), 0);
            Assert.AreEqual(401, EndpointFixture.Status(again));
            StoreTexts.FileIs(f.Flash, ConfigStore.CurrentName, StoreTexts.New);
        }

        [TestMethod]
        public void InvalidConfigGets422WithTheParserLines()
        {
            EndpointFixture f = new EndpointFixture();
            // StoreTexts.Broken: line 9 "port = 70000", OutOfRange (docs/nf-config.md: 1-65535). A second
            // mistake on line 10: an unknown key.
            string body = StoreTexts.Broken + "colour = blue\n";
            string r = f.Exchange(EndpointFixture.Post("X-Phone-Code: 123456\r\n", body), 0);
            Assert.AreEqual(422, EndpointFixture.Status(r));
            Assert.Contains("Content-Type: text/plain", r);
            string[] lines = EndpointFixture.Body(r).Split(new char[] { '\n' });
            Assert.AreEqual(3, lines.Length);
            Assert.StartsWith("line 9 [sip] port: OutOfRange", lines[0]);
            Assert.StartsWith("line 10 [sip] colour: UnknownKey", lines[1]);
            Assert.AreEqual(string.Empty, lines[2]);
            Assert.DoesNotContains("70000", r);
            f.Unchanged();
            // Authenticated but refused: the code stays valid for the corrected file.
            Assert.AreEqual(EndpointFixture.FirstCode, f.Code.Value);
        }

        [TestMethod]
        public void SameConfigIsAcceptedWithoutRewriting()
        {
            EndpointFixture f = new EndpointFixture();
            int writes = f.Flash.Writes;
            ProvisioningConnection c = f.Endpoint.Accept();
            byte[] req = Encoding.UTF8.GetBytes(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.Old));
            c.Receive(req, 0, req.Length, 0);
            Assert.AreEqual(200, c.Response.Status);
            Assert.IsFalse(c.Response.ConfigApplied);
            Assert.AreEqual(writes, f.Flash.Writes);
        }

        [TestMethod]
        public void LockoutAfterFiveFailuresRefusesEvenTheRightCode()
        {
            EndpointFixture f = new EndpointFixture();
            for (int i = 0; i < ProvisioningEndpoint.MaxFailures; i++)
            {
                Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("X-Phone-Code: 000000\r\n", StoreTexts.New), 1000)));
            }

            string r = f.Exchange(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), 1000);
            // RFC 6585 §4: 429 with Retry-After; 60 s is the documented first lock-out of a source.
            Assert.AreEqual(429, EndpointFixture.Status(r));
            Assert.Contains("Retry-After: 60\r\n", r);
            f.Unchanged();

            Assert.AreEqual(429, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), 1000 + ProvisioningEndpoint.LockoutMs - 1)));
            Assert.AreEqual(200, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New), 1000 + ProvisioningEndpoint.LockoutMs)));
        }

        [TestMethod]
        public void AdminBasicAuthWorksOnlyWhenAPasswordIsConfigured()
        {
            EndpointFixture f = new EndpointFixture();
            // base64("admin:open sesame"), computed outside this code base.
            string admin = "Authorization: Basic YWRtaW46b3BlbiBzZXNhbWU=\r\n";
            Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post(admin, StoreTexts.New), 0)));
            f.Unchanged();

            f.Endpoint.AdminPassword = "open sesame";
            // RFC 7617 §2 example credentials (user Aladdin) are not the admin user.
            Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n", StoreTexts.New), 0)));
            // base64("admin:wrong pass").
            Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("Authorization: Basic YWRtaW46d3JvbmcgcGFzcw==\r\n", StoreTexts.New), 0)));
            Assert.AreEqual(401, EndpointFixture.Status(f.Exchange(EndpointFixture.Post("Authorization: Basic !!notbase64!!\r\n", StoreTexts.New), 0)));
            f.Unchanged();

            // Scheme names are case-insensitive (RFC 9110 §11.1).
            string r = f.Exchange(EndpointFixture.Post("Authorization: bAsIc YWRtaW46b3BlbiBzZXNhbWU=\r\n", StoreTexts.New), 0);
            Assert.AreEqual(200, EndpointFixture.Status(r));
            StoreTexts.FileIs(f.Flash, ConfigStore.CurrentName, StoreTexts.New);
            // Admin authentication does not spend the display code.
            Assert.AreEqual(EndpointFixture.FirstCode, f.Code.Value);
        }

        [TestMethod]
        public void ByteByByteGivesTheSameAnswer()
        {
            EndpointFixture f = new EndpointFixture();
            byte[] req = Encoding.UTF8.GetBytes("\r\n" + EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New) + "GARBAGE AFTER");
            ProvisioningConnection c = f.Endpoint.Accept();
            int used = 0;
            for (int i = 0; i < req.Length && !c.IsComplete; i++)
            {
                used += c.Receive(req, i, 1, 0);
            }

            Assert.IsTrue(c.IsComplete);
            Assert.AreEqual(200, c.Response.Status);
            // RFC 9112 §2.2: the empty line before the request is skipped; bytes after the body are not consumed.
            Assert.AreEqual(req.Length - "GARBAGE AFTER".Length, used);
            Assert.AreEqual(0, c.Receive(req, 0, req.Length, 0));
            StoreTexts.FileIs(f.Flash, ConfigStore.CurrentName, StoreTexts.New);
        }

        [TestMethod]
        public void IncompleteBodyWaitsForMore()
        {
            EndpointFixture f = new EndpointFixture();
            byte[] req = Encoding.UTF8.GetBytes(EndpointFixture.Post("X-Phone-Code: 123456\r\n", StoreTexts.New));
            ProvisioningConnection c = f.Endpoint.Accept();
            c.Receive(req, 0, req.Length - 1, 0);
            Assert.IsFalse(c.IsComplete);
            f.Unchanged();
        }

        [TestMethod]
        public void HandleForAParsedRequestFollowsTheSameRules()
        {
            EndpointFixture f = new EndpointFixture();
            byte[] body = Encoding.UTF8.GetBytes(StoreTexts.New);
            Assert.AreEqual(401, f.Endpoint.Handle("POST", "/config", "999999", null, body.Length, body, body.Length, 0).Status);
            Assert.AreEqual(411, f.Endpoint.Handle("POST", "/config", "123456", null, -1, body, body.Length, 0).Status);
            f.Unchanged();
            ProvisioningResponse ok = f.Endpoint.Handle("POST", "/config", "123456", null, body.Length, body, body.Length, 0);
            Assert.AreEqual(200, ok.Status);
            Assert.IsTrue(ok.ConfigApplied);
        }
    }
}
