using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>
    /// Security finding 4, item 4 (a pulled file must arrive complete: Content-Length or chunked with its last chunk)
    /// and item 6 (the pull always verifies the server name, whatever tls.verify_hostname says).
    /// </summary>
    [TestClass]
    public class PulledAnswerTests
    {
        const int Max = 32768;

        static PulledAnswer Parse(string answer)
        {
            byte[] b = Encoding.UTF8.GetBytes(answer);
            return Parse(b);
        }

        static PulledAnswer Parse(byte[] b)
        {
            return PulledAnswer.Parse(b, b.Length, Max);
        }

        static string BodyOf(string answer)
        {
            byte[] b = Encoding.UTF8.GetBytes(answer);
            PulledAnswer a = Parse(b);
            Assert.IsTrue(a.IsComplete, a.Error);
            return Encoding.UTF8.GetString(b, a.BodyOffset, a.BodyCount);
        }

        [TestMethod]
        public void ContentLengthMatchedExactlyIsComplete()
        {
            string file = StoreTexts.New;
            Assert.AreEqual(file, BodyOf("HTTP/1.1 200 OK\r\nContent-Length: " + Encoding.UTF8.GetBytes(file).Length.ToString() + "\r\n\r\n" + file));
        }

        [TestMethod]
        public void NoContentLengthIsRefusedEvenWhenTheServerClosedCleanly()
        {
            // The old fetcher took "whatever arrived until the close": here a file cut after [sip] user.
            PulledAnswer a = Parse("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n[wifi]\nssid = Net\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = example.com\nuser = 1\npassword = pw\n");
            Assert.IsFalse(a.IsComplete);
            Assert.IsTrue(a.Incomplete);
            Assert.AreEqual(200, a.Status);
        }

        [TestMethod]
        public void ShorterOrLongerThanContentLengthIsRefused()
        {
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n123456789").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345678901").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n1234567890").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n1").IsComplete);
            Assert.AreEqual("1234567890", BodyOf("HTTP/1.1 200 OK\r\ncontent-length:10\r\nContent-Length: 10 \r\n\r\n1234567890"));
        }

        [TestMethod]
        public void ChunkedWithLastChunkIsJoined()
        {
            // RFC 9112 §7.1 layout, with a chunk extension and a trailer field.
            Assert.AreEqual("[wifi]\nssid = Net\n", BodyOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n[wifi]\n\r\nb;x=1\r\nssid = Net\n\r\n0\r\nX-Trailer: y\r\n\r\n"));
            Assert.AreEqual("abc", BodyOf("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
        }

        [TestMethod]
        public void ChunkedWithoutItsEndIsRefused()
        {
            string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
            Assert.IsFalse(Parse(head + "3\r\nabc\r\n").IsComplete, "no last chunk");
            Assert.IsFalse(Parse(head + "3\r\nabc\r\n0\r\n").IsComplete, "no empty line after the last chunk");
            Assert.IsFalse(Parse(head + "5\r\nabc").IsComplete, "chunk cut short");
            Assert.IsTrue(Parse(head + "5\r\nabc").Incomplete);
            Assert.IsFalse(Parse(head + "3\r\nabcd\r\n0\r\n\r\n").IsComplete, "chunk longer than its size");
            Assert.IsFalse(Parse(head + "zz\r\nabc\r\n0\r\n\r\n").IsComplete, "bad size");
            Assert.IsFalse(Parse(head + "3\r\nabc\r\n0\r\n\r\nextra").IsComplete, "bytes after the end");
        }

        [TestMethod]
        public void AmbiguousOrUnknownFramingIsRefused()
        {
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n").IsComplete);
        }

        [TestMethod]
        public void OtherStatusesAndOversizedFilesAreRefused()
        {
            PulledAnswer a = Parse("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
            Assert.AreEqual(404, a.Status);
            Assert.IsFalse(a.IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 32769\r\n\r\n").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8001\r\n").IsComplete);
            Assert.IsFalse(Parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n").IsComplete, "no head end");
        }

        [TestMethod]
        public void PullVerifiesTheHostEvenWithVerifyHostnameOff()
        {
            byte[] text = Encoding.UTF8.GetBytes("[wifi]\nssid = Net\n[tls]\nca = I:\\ca.pem\nverify_hostname = false\n[sip]\ndomain = example.com\nuser = 1\npassword = pw\n[provisioning]\nurl = https://prov.example.com:8443/nf-{mac}.config\n");
            ConfigResult r = ConfigParser.Parse(text, 0, text.Length);
            Assert.IsTrue(r.IsValid);
            Assert.IsFalse(r.Config.Tls.VerifyHostname);
            PullTarget t = PullTarget.Parse(ProvisioningPull.ExpandUrl(r.Config.Provisioning.Url, new byte[] { 0x24, 0x6f, 0x28, 0xa1, 0xb2, 0xc3 }));
            Assert.AreEqual("prov.example.com", t.ServerName);
            Assert.AreEqual(8443, t.Port);
            Assert.AreEqual("/nf-246f28a1b2c3.config", t.Path);
        }

        [TestMethod]
        public void OnlyHttpsUrlsMakeATarget()
        {
            Assert.IsNull(PullTarget.Parse("http://prov.example.com/x"));
            Assert.IsNull(PullTarget.Parse("https://user@prov.example.com/x"));
            Assert.IsNull(PullTarget.Parse("https://prov.example.com:0/x"));
            Assert.IsNull(PullTarget.Parse("https://:443/x"));
            Assert.AreEqual("/", PullTarget.Parse("HTTPS://prov.example.com").Path);
            Assert.AreEqual(443, PullTarget.Parse("https://prov.example.com/a").Port);
        }
    }
}
