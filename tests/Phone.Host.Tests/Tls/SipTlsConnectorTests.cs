using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Tests.Interop;
using Xunit;

namespace Phone.Host.Tests.Tls
{
    /// <summary>
    /// SipStreamConnector + SipTlsPolicy against kamailio's three TLS listeners (good, foreign CA,
    /// wrong name) and openssl s_server for a TLS 1.1-only server and client certificates.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class SipTlsConnectorTests
    {
        private readonly KamailioRig _rig;

        public SipTlsConnectorTests(KamailioRig rig) { _rig = rig; }

        private SipStreamConnector Connector(TlsSettings tls, SipConnectOptions options = null) =>
            new SipStreamConnector(SipTlsPolicy.FromConfig(tls), options ?? new SipConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(5) });

        [Theory]
        [InlineData(false, "127.0.0.1")]
        [InlineData(true, "localhost")]
        public async Task RigCa_HandshakeCompletes_Tls12OrNewer(bool inlinePem, string serverName)
        {
            var tls = inlinePem ? new TlsSettings { Ca = File.ReadAllText(_rig.CaPath), CaIsPem = true } : TlsTestSupport.Settings(_rig.CaPath);
            using SipStreamConnection c = await Connector(tls).ConnectTlsAsync("127.0.0.1", _rig.TlsPort, serverName);
            Assert.True(c.IsTls);
            Assert.True(c.TlsProtocol == SslProtocols.Tls12 || c.TlsProtocol == SslProtocols.Tls13, c.TlsProtocol.ToString());
            Assert.Equal(SipSocketError.None, c.Verdict.Error);
            Assert.Equal(serverName, c.Key.ServerName);
            Assert.Equal(IPAddress.Loopback, c.RemoteEndPoint.Address);
            await c.CloseAsync(TimeSpan.FromSeconds(2));
        }

        [Fact]
        public async Task MinVersion13_NegotiatesTls13()
        {
            using SipStreamConnection c = await Connector(TlsTestSupport.Settings(_rig.CaPath, min: TlsVersion.Tls13)).ConnectTlsAsync("127.0.0.1", _rig.TlsPort, null);
            Assert.Equal(SslProtocols.Tls13, c.TlsProtocol);
        }

        [Fact]
        public async Task ForeignCa_IsRefused_AsUntrusted()
        {
            var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", _rig.TlsWrongCaPort, null));
            Assert.Equal(SipSocketError.UntrustedCertificate, e.Error);
            Assert.Contains("untrusted", e.Message);
            // The same server passes with its own CA: only the anchor made the difference.
            using SipStreamConnection ok = await Connector(TlsTestSupport.Settings(_rig.WrongCaPath)).ConnectTlsAsync("127.0.0.1", _rig.TlsWrongCaPort, null);
            // ... and the good server fails against the foreign CA.
            var e2 = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.WrongCaPath)).ConnectTlsAsync("127.0.0.1", _rig.TlsPort, null));
            Assert.Equal(SipSocketError.UntrustedCertificate, e2.Error);
        }

        [Theory]
        [InlineData("127.0.0.1")]
        [InlineData("localhost")]
        public async Task WrongName_IsRefused_AsNameMismatch_UnlessVerifyHostnameOff(string serverName)
        {
            var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", _rig.TlsWrongNamePort, serverName));
            Assert.Equal(SipSocketError.NameMismatch, e.Error);
            Assert.Contains("name mismatch", e.Message);
            Assert.Contains("wrong.invalid", e.Message);
            using SipStreamConnection lax = await Connector(TlsTestSupport.Settings(_rig.CaPath, verifyHostname: false)).ConnectTlsAsync("127.0.0.1", _rig.TlsWrongNamePort, serverName);
            Assert.Contains("not checked", lax.Verdict.Detail);
            // Correctly named, it passes with verify_hostname on.
            using SipStreamConnection named = await Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", _rig.TlsWrongNamePort, "wrong.invalid");
        }

        [Fact]
        public async Task Tls11OnlyServer_IsRefused_NoCommonVersion()
        {
            string certs = TlsTestSupport.CertsDir(_rig);
            using var server = new OpensslServer("-cert", Path.Combine(certs, "server.pem"), "-key", Path.Combine(certs, "server.key"),
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
            var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", server.Port, null));
            Assert.Equal(SipSocketError.HandshakeFailed, e.Error);
            Assert.Contains("no common TLS version", e.Message);
        }

        [Fact]
        public async Task ClientCertificate_IsPresented_WhenConfigured()
        {
            string certs = TlsTestSupport.CertsDir(_rig);
            string dir = TestPki.TempDir();
            try
            {
                using var clientCa = TestPki.CreateCa("Phone Client CA");
                using var client = TestPki.Issue(clientCa, "phone-1001", null, null, clientAuth: true);
                string clientCaPath = Path.Combine(dir, "client-ca.pem");
                File.WriteAllText(clientCaPath, TestPki.CertPem(clientCa));
                File.WriteAllText(Path.Combine(dir, "client.pem"), TestPki.CertPem(client));
                File.WriteAllText(Path.Combine(dir, "client.key"), TestPki.KeyPem(client));
                // -Verify: the server demands a certificate from clientCa and fails the handshake without one.
                using var server = new OpensslServer("-cert", Path.Combine(certs, "server.pem"), "-key", Path.Combine(certs, "server.key"),
                    "-Verify", "1", "-CAfile", clientCaPath, "-tls1_2");
                var tls = TlsTestSupport.Settings(_rig.CaPath);
                tls.ClientCert = Path.Combine(dir, "client.pem");
                tls.ClientKey = Path.Combine(dir, "client.key");
                using (SipStreamConnection c = await Connector(tls).ConnectTlsAsync("127.0.0.1", server.Port, null))
                {
                    Assert.True(server.WaitFor("phone-1001", TimeSpan.FromSeconds(3)), server.Output);
                    Assert.Contains("verify return:1", server.Output);
                }

                // Without the client certificate the same kind of server refuses us (TLS 1.2: the alert comes during the handshake).
                using var strict = new OpensslServer("-cert", Path.Combine(certs, "server.pem"), "-key", Path.Combine(certs, "server.key"),
                    "-Verify", "1", "-CAfile", clientCaPath, "-tls1_2");
                var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", strict.Port, null));
                Assert.Equal(SipSocketError.HandshakeFailed, e.Error);
                Assert.Contains("alert handshake failure", e.Message); // OpenSSL's reason, passed through
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public async Task ClosedPort_IsConnectRefused()
        {
            int port = KamailioRig.FreePort(null);
            var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath)).ConnectTlsAsync("127.0.0.1", port, null));
            Assert.Equal(SipSocketError.ConnectRefused, e.Error);
        }

        [Fact]
        public async Task SilentServer_IsHandshakeTimeout_WithinTheBound()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var e = await Assert.ThrowsAsync<SipConnectException>(() => Connector(TlsTestSupport.Settings(_rig.CaPath),
                    new SipConnectOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(400) }).ConnectTlsAsync("127.0.0.1", port, null));
                Assert.Equal(SipSocketError.HandshakeTimeout, e.Error);
                Assert.InRange(sw.ElapsedMilliseconds, 300, 3000);
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
