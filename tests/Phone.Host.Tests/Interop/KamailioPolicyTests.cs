using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Phone.Host.Tests.Interop
{
    /// <summary>A rig rendered with RequireSavp and SipDump, shared by <see cref="KamailioPolicyTests"/>.</summary>
    public sealed class SavpSipDumpRig : IDisposable
    {
        public SavpSipDumpRig()
        {
            Rig = KamailioRig.Start(new KamailioRigOptions { RequireSavp = true, SipDump = true });
        }

        public KamailioRig Rig { get; }

        public void Dispose() => Rig.Dispose();
    }

    /// <summary>
    /// The rig's optional policies: with RequireSavp an offer that is not RTP/SAVP is refused with
    /// 488 after authentication, an RTP/SAVP one is routed on; with SipDump every message is written
    /// (TLS ones decrypted) to the dump folder: text in *.data, packets in *.pcap.
    /// </summary>
    public sealed class KamailioPolicyTests : IClassFixture<SavpSipDumpRig>
    {
        private readonly KamailioRig _rig;

        public KamailioPolicyTests(SavpSipDumpRig fixture)
        {
            _rig = fixture.Rig;
        }

        [Theory]
        [InlineData("RTP/AVP", 488)]
        [InlineData("RTP/SAVP", 404)] // passes the policy; 1003 is not registered
        public void Invite_OfferProfile_DecidesPolicy(string profile, int expected)
        {
            using var c = RigSipClient.Connect(_rig, RigTransport.Tls);
            SipText r = SendAuthenticatedInvite(c, "1001", "1003", RigSdp.Offer(profile, 40000));
            Assert.True(r.Status == expected, r.Raw);
        }

        [Fact]
        public void SipDump_RecordsTlsMessagesDecrypted()
        {
            using (var c = RigSipClient.Connect(_rig, RigTransport.Tls))
            {
                Assert.Equal(200, c.RegisterWithAuth(_rig, "1002", _rig.Users["1002"], 30).Status);
            }
            // sipdump writes from a timer process; poll briefly.
            string text = "";
            for (int i = 0; i < 40 && !text.Contains("SIP/2.0 200 OK"); i++)
            {
                System.Threading.Thread.Sleep(100);
                text = string.Concat(Directory.GetFiles(_rig.SipDumpDirectory, "*.data").Select(f => ReadShared(f)));
            }
            Assert.True(text.Contains("REGISTER sip:127.0.0.1:" + _rig.TlsPort + ";transport=tls"),
                "files: " + string.Join(", ", Directory.GetFiles(_rig.SipDumpDirectory).Select(f => f + " " + new FileInfo(f).Length)) + "\n" + text);
            Assert.Contains("SIP/2.0 200 OK", text);
            Assert.NotEmpty(Directory.GetFiles(_rig.SipDumpDirectory, "*.pcap"));
        }

        private static string ReadShared(string path)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(f);
            return r.ReadToEnd();
        }

        private SipText SendAuthenticatedInvite(RigSipClient c, string from, string to, string sdp)
        {
            string ruri = "sip:" + to + "@" + _rig.Realm;
            SipText last = null;
            string auth = null;
            for (int attempt = 1; attempt <= 2; attempt++)
            {
                string branch = c.NewBranch();
                int cseq = c.NextCSeq();
                c.Send("INVITE " + ruri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:" + c.LocalPort + ";branch=" + branch + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + from + "@" + _rig.Realm + ">;tag=" + c.Tag + "\r\n"
                    + "To: <sip:" + to + "@" + _rig.Realm + ">\r\n"
                    + "Call-ID: inv-" + c.CallId + "\r\n"
                    + "CSeq: " + cseq + " INVITE\r\n"
                    + "Contact: <sip:" + from + "@127.0.0.1:" + c.LocalPort + ";transport=tls>\r\n"
                    + (auth != null ? "Proxy-Authorization: " + auth + "\r\n" : "")
                    + "Content-Type: application/sdp\r\n"
                    + "Content-Length: " + sdp.Length + "\r\n\r\n" + sdp);
                last = c.ReceiveFinal();
                string toTag = last.Header("To").Contains(";tag=") ? last.Header("To").Split(";tag=")[1] : "x";
                c.Send("ACK " + ruri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TLS 127.0.0.1:" + c.LocalPort + ";branch=" + branch + ";rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + from + "@" + _rig.Realm + ">;tag=" + c.Tag + "\r\n"
                    + "To: <sip:" + to + "@" + _rig.Realm + ">;tag=" + toTag + "\r\n"
                    + "Call-ID: inv-" + c.CallId + "\r\n"
                    + "CSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n");
                if (last.Status != 407) return last;
                auth = Digest.Authorization(last.Header("Proxy-Authenticate"), from, _rig.Users[from], "INVITE", ruri, 1);
            }
            return last;
        }
    }
}
