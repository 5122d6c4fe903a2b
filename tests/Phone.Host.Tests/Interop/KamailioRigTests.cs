using System;
using System.IO;
using System.Security.Authentication;
using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// Proves the interop rig with .NET alone (no phone code): digest registration with qop=auth
    /// over each transport, TLS validation against the rig CA (and its failure for a foreign CA
    /// or a wrong name), relaying a call over the callee's own connection, restart.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class KamailioRigTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public KamailioRigTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        [Theory]
        [InlineData(RigTransport.Tls)]
        [InlineData(RigTransport.Tcp)]
        [InlineData(RigTransport.Udp)]
        public void Register_IsChallengedWithQopAuth_ThenAcceptedWithContactExpires(RigTransport transport)
        {
            const string user = "1001";
            using var c = RigSipClient.Connect(_rig, transport);
            c.Send(c.Register(_rig, user, 120));
            SipText challenge = c.ReceiveFinal();
            Assert.Equal(401, challenge.Status);
            string www = challenge.Header("WWW-Authenticate");
            Assert.StartsWith("Digest ", www);
            Assert.Contains("qop=\"auth\"", www);
            var p = Digest.ParseChallenge(www);
            Assert.Equal(_rig.Realm, p["realm"]);
            Assert.False(string.IsNullOrEmpty(p["nonce"]));

            string uri = "sip:127.0.0.1:" + (transport == RigTransport.Tls ? _rig.TlsPort : _rig.SipPort) + c.UriTransportParam;
            c.Send(c.Register(_rig, user, 120, Digest.Authorization(www, user, _rig.Users[user], "REGISTER", uri, 1)));
            SipText ok = c.ReceiveFinal();
            Assert.True(ok.Status == 200, ok.Raw);
            string contact = ok.Header("Contact");
            Assert.Contains("sip:" + user + "@127.0.0.1:" + c.LocalPort, contact);
            Assert.Matches(";expires=(1[01][0-9]|120)\\b", contact);
            if (transport != RigTransport.Udp)
            {
                // NAT handling: the binding remembers the connection's source, so requests come back over it.
                Assert.Contains("received=\"sip:127.0.0.1:" + c.LocalPort, contact);
            }

            c.Send(c.Register(_rig, user, 0, Digest.Authorization(www, user, _rig.Users[user], "REGISTER", uri, 2)));
            Assert.Equal(200, c.ReceiveFinal().Status);
        }

        [Fact]
        public void Register_WrongPassword_IsChallengedAgain()
        {
            using var c = RigSipClient.Connect(_rig, RigTransport.Tls);
            SipText r = c.RegisterWithAuth(_rig, "1002", _rig.Users["1002"] + "x");
            Assert.Equal(401, r.Status);
        }

        [Fact]
        public void Register_AuthUserOtherThanToUser_IsForbidden()
        {
            using var c = RigSipClient.Connect(_rig, RigTransport.Tcp);
            c.Send(c.Register(_rig, "1002", 60));
            SipText challenge = c.ReceiveFinal();
            string uri = "sip:127.0.0.1:" + _rig.SipPort + ";transport=tcp";
            c.Send(c.Register(_rig, "1002", 60, Digest.Authorization(challenge.Header("WWW-Authenticate"), "1001", _rig.Users["1001"], "REGISTER", uri, 1)));
            Assert.Equal(403, c.ReceiveFinal().Status);
        }

        [Fact]
        public void Tls_GoodCertificate_ValidatesFor127001AndLocalhost()
        {
            var (a, sa) = RigSipClient.ConnectTls(_rig.TlsPort, "127.0.0.1", _rig.CaPath);
            Assert.True(sa.IsAuthenticated);
            Assert.True(sa.SslProtocol >= SslProtocolsTls12);
            sa.Dispose(); a.Dispose();
            var (b, sb) = RigSipClient.ConnectTls(_rig.TlsPort, "localhost", _rig.CaPath);
            Assert.True(sb.IsAuthenticated);
            sb.Dispose(); b.Dispose();
        }

        private const SslProtocols SslProtocolsTls12 = SslProtocols.Tls12;

        [Fact]
        public void Tls_CertificateFromForeignCa_FailsValidation()
        {
            TlsVerdict v = null;
            Assert.ThrowsAny<AuthenticationException>(() => RigSipClient.ConnectTls(_rig.TlsWrongCaPort, "127.0.0.1", _rig.CaPath, out v));
            Assert.True(v.Called);
            Assert.False(v.ChainTrusted);
            Assert.False(v.NameMismatch);
            // Control: the same listener validates against the CA that did sign it, so the failure is the CA.
            var (c, s) = RigSipClient.ConnectTls(_rig.TlsWrongCaPort, "127.0.0.1", _rig.WrongCaPath);
            s.Dispose(); c.Dispose();
            // And the rig's good certificate is not trusted by the foreign CA.
            Assert.ThrowsAny<AuthenticationException>(() => RigSipClient.ConnectTls(_rig.TlsPort, "127.0.0.1", _rig.WrongCaPath, out v));
            Assert.False(v.ChainTrusted);
        }

        [Fact]
        public void Tls_CertificateWithWrongName_FailsHostNameValidation()
        {
            foreach (string host in new[] { "127.0.0.1", "localhost" })
            {
                TlsVerdict v = null;
                Assert.ThrowsAny<AuthenticationException>(() => RigSipClient.ConnectTls(_rig.TlsWrongNamePort, host, _rig.CaPath, out v));
                Assert.True(v.NameMismatch, host);
                Assert.True(v.ChainTrusted, host); // only the name is wrong
                Assert.Contains("wrong.invalid", v.Subject);
            }
            // Control: under its own name it validates.
            var (c, s) = RigSipClient.ConnectTls(_rig.TlsWrongNamePort, "wrong.invalid", _rig.CaPath);
            s.Dispose(); c.Dispose();
        }

        [Theory]
        [InlineData(RigTransport.Tls)]
        [InlineData(RigTransport.Tcp)]
        public void Invite_IsProxyChallenged_ThenRelayedOverCalleesOwnConnection(RigTransport calleeTransport)
        {
            using var callee = RigSipClient.Connect(_rig, calleeTransport);
            Assert.Equal(200, callee.RegisterWithAuth(_rig, "1002", _rig.Users["1002"], 60).Status);
            using var caller = RigSipClient.Connect(_rig, RigTransport.Tls);
            Assert.Equal(200, caller.RegisterWithAuth(_rig, "1001", _rig.Users["1001"], 60).Status);

            string ruri = "sip:1002@" + _rig.Realm;
            string branch = caller.NewBranch();
            int cseq = caller.NextCSeq();
            string sdp = RigSdp.Offer("RTP/SAVP", caller.LocalPort + 1000);
            string Invite(string auth) =>
                "INVITE " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + caller.LocalPort + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:1001@" + _rig.Realm + ">;tag=" + caller.Tag + "\r\n"
                + "To: <sip:1002@" + _rig.Realm + ">\r\n"
                + "Call-ID: call-" + caller.CallId + "\r\n"
                + "CSeq: " + cseq + " INVITE\r\n"
                + "Contact: <sip:1001@127.0.0.1:" + caller.LocalPort + ";transport=tls>\r\n"
                + (auth != null ? "Proxy-Authorization: " + auth + "\r\n" : "")
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.Length + "\r\n\r\n" + sdp;
            string Ack(string toTag) =>
                "ACK " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/TLS 127.0.0.1:" + caller.LocalPort + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:1001@" + _rig.Realm + ">;tag=" + caller.Tag + "\r\n"
                + "To: <sip:1002@" + _rig.Realm + ">;tag=" + toTag + "\r\n"
                + "Call-ID: call-" + caller.CallId + "\r\n"
                + "CSeq: " + cseq + " ACK\r\nContent-Length: 0\r\n\r\n";

            caller.Send(Invite(null));
            SipText challenge = caller.ReceiveFinal();
            Assert.Equal(407, challenge.Status);
            string pa = challenge.Header("Proxy-Authenticate");
            Assert.Contains("qop=\"auth\"", pa);
            string toTag407 = challenge.Header("To").Split(";tag=")[1];
            caller.Send(Ack(toTag407));

            branch = caller.NewBranch();
            cseq = caller.NextCSeq();
            caller.Send(Invite(Digest.Authorization(pa, "1001", _rig.Users["1001"], "INVITE", ruri, 1)));

            // kamailio found 1002's binding and sent the INVITE down the TCP/TLS connection 1002 opened
            // (1002 listens nowhere: RigSipClient has no listening socket).
            SipText incoming = callee.Receive();
            Assert.Equal("INVITE", incoming.Method);
            Assert.StartsWith("INVITE sip:1002@127.0.0.1:" + callee.LocalPort, incoming.StartLine);
            Assert.NotNull(incoming.Header("Record-Route"));
            Assert.Null(incoming.Header("Proxy-Authorization"));
            Assert.Contains("RTP/SAVP", incoming.Body);

            string busy = "SIP/2.0 486 Busy Here\r\n";
            foreach (string via in incoming.Headers("Via")) busy += "Via: " + via + "\r\n";
            busy += "From: " + incoming.Header("From") + "\r\nTo: " + incoming.Header("To") + ";tag=callee1\r\n"
                + "Call-ID: " + incoming.Header("Call-ID") + "\r\nCSeq: " + incoming.Header("CSeq") + "\r\nContent-Length: 0\r\n\r\n";
            callee.Send(busy);

            SipText final = caller.ReceiveFinal();
            Assert.Equal(486, final.Status);
            caller.Send(Ack("callee1"));
        }

        [Fact]
        public void RenderedConfig_ListensOnLoopbackOnly()
        {
            string cfg = File.ReadAllText(Path.Combine(_rig.Directory, "kamailio.cfg"));
            int listens = 0;
            foreach (string line in cfg.Split('\n'))
            {
                string t = line.Trim();
                if (t.StartsWith("listen=", StringComparison.Ordinal)) { listens++; Assert.Matches("^listen=(udp|tcp|tls):127\\.0\\.0\\.1:[0-9]+$", t); }
                if (t.StartsWith("alias=", StringComparison.Ordinal)) Assert.Matches(":[0-9]+\"$", t); // never a port-less alias
            }
            Assert.Equal(5, listens);
            Assert.Contains("auto_aliases=no", cfg);
        }

        [Fact]
        public void Restart_ForgetsConnectionsButServesSamePortsAndUsers()
        {
            using (var before = RigSipClient.Connect(_rig, RigTransport.Tls))
            {
                Assert.Equal(200, before.RegisterWithAuth(_rig, "1003", _rig.Users["1003"], 60).Status);
                int port = _rig.TlsPort, starts = _rig.StartCount;
                var sw = Stopwatch.StartNew();
                _rig.Restart();
                _out.WriteLine("restart took " + sw.ElapsedMilliseconds + " ms");
                Assert.Equal(port, _rig.TlsPort);
                Assert.Equal(starts + 1, _rig.StartCount);
                Assert.True(_rig.IsRunning);
                // The phone's old connection is gone: reading it ends or fails.
                Assert.ThrowsAny<Exception>(() =>
                {
                    before.Send(before.Register(_rig, "1003", 60));
                    before.Receive(TimeSpan.FromSeconds(2));
                });
                _out.WriteLine("old connection failed after " + sw.ElapsedMilliseconds + " ms");
            }
            using var after = RigSipClient.Connect(_rig, RigTransport.Tls);
            Assert.Equal(200, after.RegisterWithAuth(_rig, "1003", _rig.Users["1003"], 60).Status);
        }
    }

    internal static class RigSdp
    {
        public static string Offer(string profile, int port)
        {
            string s = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + port + " " + profile + " 0 8\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n";
            if (profile == "RTP/SAVP") s += "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n";
            return s;
        }
    }
}
