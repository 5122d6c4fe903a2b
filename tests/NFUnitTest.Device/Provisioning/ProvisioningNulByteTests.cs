using System;
using System.Text;
using nanoFramework.TestFramework;
using Phone.Device.Provisioning;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>
    /// The NUL rule for the provisioning endpoint (issue 10): nanoFramework strings end at U+0000, so a NUL in
    /// the request head is refused on the bytes (400, HttpRequestHead.NulReason), a NUL inside Basic credentials
    /// fails authentication, and a NUL in the nf.config body is the parser's ControlCharacter error (422).
    /// Every '~' in a text becomes 0x00; no NUL is ever written in a string literal.
    /// </summary>
    [TestClass]
    public class ProvisioningNulByteTests
    {
        private const string Config = "[sip]\nserver = sip.example.com\nuser = 1001\n";

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

        private static string Post(string headers, string body)
        {
            return "POST /config HTTP/1.1\r\nHost: 192.168.4.1\r\nContent-Type: text/plain\r\n" + headers
                + "Content-Length: " + Encoding.UTF8.GetBytes(body).Length.ToString() + "\r\n\r\n" + body;
        }

        private static string Exchange(EndpointFixture f, byte[] request)
        {
            ProvisioningConnection c = f.Endpoint.Accept();
            c.Receive(request, 0, request.Length, 0);
            Assert.IsTrue(c.IsComplete);
            byte[] r = c.Response.ToBytes();
            return Encoding.UTF8.GetString(r, 0, r.Length);
        }

        [DataRow("GE~T /config HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET /con~fig HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET /config?x=~ HTTP/1.1\r\nHost: a\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1~\r\nHost: a\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHo~st: a\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHost: a~\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHost: a\r\nX-Phone-Code: 123456~789\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHost: a\r\nAuthorization: Basic YWRt~aW4=\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHost: a\r\nContent-Length: 1~0\r\n\r\n")]
        [DataRow("GET /config HTTP/1.1\r\nHost: a\r\nX-Other: ~\r\n\r\n")]
        [TestMethod]
        public void NulAnywhereInTheHeadIs400(string text)
        {
            byte[] b = WithNul(text);
            HttpRequestHead h = HttpRequestHead.Parse(b, b.Length);
            Assert.AreEqual(400, h.ErrorStatus);
            Assert.AreEqual(HttpRequestHead.NulReason, h.ErrorReason);
            Assert.IsNull(h.Method);
            Assert.IsNull(h.PhoneCode);
            Assert.IsNull(h.Authorization);
        }

        [TestMethod]
        public void NulAfterTheCodeIsRefusedAndTheCodeIsNotSpent()
        {
            // On the device "123456" NUL ... would read as the right code.
            EndpointFixture f = new EndpointFixture();
            string r = Exchange(f, WithNul(Post("X-Phone-Code: " + EndpointFixture.FirstCode + "~\r\n", Config)));
            Assert.AreEqual(400, EndpointFixture.Status(r));
            Assert.Contains(HttpRequestHead.NulReason, r);
            Assert.AreEqual(EndpointFixture.FirstCode, f.Code.Value);
            f.Unchanged();
        }

        [TestMethod]
        public void NulInsideBasicCredentialsFailsAuthentication()
        {
            // base64("admin:open sesame" NUL "x"): the device would read the password as "open sesame".
            EndpointFixture f = new EndpointFixture();
            f.Endpoint.AdminPassword = "open sesame";
            string token = Convert.ToBase64String(WithNul("admin:open sesame~x"));
            string r = Exchange(f, Encoding.UTF8.GetBytes(Post("Authorization: Basic " + token + "\r\n", Config)));
            Assert.AreEqual(401, EndpointFixture.Status(r));
            token = Convert.ToBase64String(WithNul("admin:open sesame~"));
            Assert.AreEqual(401, EndpointFixture.Status(Exchange(f, Encoding.UTF8.GetBytes(Post("Authorization: Basic " + token + "\r\n", Config)))));
            f.Unchanged();
        }

        [DataRow("[sip]\nserver = sip.example.com~evil.example\nuser = 1001\n")]
        [DataRow("[sip]\nserver = sip.example.com\nuser = 1001~\n")]
        [DataRow("[s~ip]\nserver = sip.example.com\nuser = 1001\n")]
        [DataRow("[sip]\nser~ver = sip.example.com\nuser = 1001\n")]
        [TestMethod]
        public void NulInTheConfigBodyIs422ControlCharacter(string body)
        {
            EndpointFixture f = new EndpointFixture();
            string r = Exchange(f, WithNul(Post("X-Phone-Code: " + EndpointFixture.FirstCode + "\r\n", body)));
            Assert.AreEqual(422, EndpointFixture.Status(r));
            Assert.Contains("ControlCharacter: NUL byte", EndpointFixture.Body(r));
            f.Unchanged();
        }
    }
}
