using System;
using System.IO;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Phone.Config;
using Phone.Host.Net;
using Xunit;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Tests.Tls
{
    /// <summary>The policy object alone: how nf.config [tls] becomes trust anchors, versions, names and a client identity.</summary>
    public sealed class SipTlsPolicyTests
    {
        private static readonly X509Certificate2 Ca = TestPki.CreateCa("Policy Test CA");
        private static readonly X509Certificate2 OtherCa = TestPki.CreateCa("Other CA");

        private static SipTlsPolicy InlinePolicy(bool verify = true, TlsVersion min = TlsVersion.Tls12) =>
            SipTlsPolicy.FromConfig(new TlsSettings { Ca = TestPki.CertPem(Ca), CaIsPem = true, VerifyHostname = verify, MinVersion = min });

        [Fact]
        public void FromConfig_WithoutCa_IsRefused()
        {
            Assert.Throws<ArgumentException>(() => SipTlsPolicy.FromConfig(new TlsSettings()));
            Assert.Throws<ArgumentException>(() => SipTlsPolicy.FromConfig(new TlsSettings { Ca = "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----", CaIsPem = true }));
            Assert.Throws<ArgumentException>(() => SipTlsPolicy.FromConfig(new TlsSettings { Ca = "/nonexistent/ca.pem" }));
        }

        [Fact]
        public void FromConfig_InlinePemFileAndDevicePath_GiveTheSameAnchors()
        {
            string dir = TestPki.TempDir();
            try
            {
                Directory.CreateDirectory(Path.Combine(dir, "certs"));
                File.WriteAllText(Path.Combine(dir, "certs", "ca.pem"), TestPki.CertPem(Ca) + "\n" + TestPki.CertPem(OtherCa));
                using SipTlsPolicy inline = SipTlsPolicy.FromConfig(new TlsSettings { Ca = TestPki.CertPem(Ca) + "\n" + TestPki.CertPem(OtherCa), CaIsPem = true });
                using SipTlsPolicy file = SipTlsPolicy.FromConfig(new TlsSettings { Ca = Path.Combine(dir, "certs", "ca.pem") });
                using SipTlsPolicy device = SipTlsPolicy.FromConfig(new TlsSettings { Ca = @"I:\certs\ca.pem" }, SipTlsPolicy.DeviceDrive(dir));
                foreach (SipTlsPolicy p in new[] { inline, file, device })
                {
                    Assert.Equal(2, p.TrustAnchors.Count);
                    Assert.Equal(Ca.Thumbprint, p.TrustAnchors[0].Thumbprint);
                    Assert.Equal(OtherCa.Thumbprint, p.TrustAnchors[1].Thumbprint);
                    Assert.True(p.VerifyHostname);
                }
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Theory]
        [InlineData(TlsVersion.Tls12, SslProtocols.Tls12 | SslProtocols.Tls13)]
        [InlineData(TlsVersion.Tls13, SslProtocols.Tls13)]
        public void MinVersion_NeverOffersAnythingOlder(TlsVersion min, SslProtocols expected)
        {
            using SipTlsPolicy p = InlinePolicy(min: min);
            Assert.Equal(expected, p.EnabledProtocols);
            var verdict = new SipTlsVerdict();
            Assert.Equal(expected, p.CreateClientOptions("sip.example.com", verdict).EnabledSslProtocols);
            Assert.Equal("sip.example.com", p.CreateClientOptions("sip.example.com", verdict).TargetHost);
        }

        [Fact]
        public void Names_SubjectAltNameOnly_ExactAndCaseInsensitive_NoWildcards_NoCommonName()
        {
            using X509Certificate2 c = TestPki.Issue(Ca, "cn.example.com", new[] { "sip.example.com", "*.example.net" }, new[] { IPAddress.Parse("192.0.2.7") }, false);
            Assert.True(SipTlsPolicy.MatchesName(c, "sip.example.com"));
            Assert.True(SipTlsPolicy.MatchesName(c, "SIP.Example.COM."));
            Assert.True(SipTlsPolicy.MatchesName(c, "192.0.2.7"));
            Assert.False(SipTlsPolicy.MatchesName(c, "cn.example.com"));      // CN is never used
            Assert.False(SipTlsPolicy.MatchesName(c, "a.example.net"));       // no wildcard matching (RFC 5922)
            Assert.False(SipTlsPolicy.MatchesName(c, "example.com"));
            Assert.False(SipTlsPolicy.MatchesName(c, "192.0.2.8"));
            using X509Certificate2 cnOnly = TestPki.Issue(Ca, "sip.example.com", null, null, false);
            Assert.False(SipTlsPolicy.MatchesName(cnOnly, "sip.example.com"));
            using X509Certificate2 dnsLooksLikeIp = TestPki.Issue(Ca, "x", new[] { "192.0.2.7" }, null, false);
            Assert.False(SipTlsPolicy.MatchesName(dnsLooksLikeIp, "192.0.2.7")); // an address must be an iPAddress entry
        }

        [Fact]
        public void Check_ReportsUntrustedInvalidAndNameMismatchDistinctly()
        {
            using SipTlsPolicy p = InlinePolicy();
            using X509Certificate2 good = TestPki.Issue(Ca, "s", new[] { "sip.example.com" }, null, false);
            using X509Certificate2 foreign = TestPki.Issue(OtherCa, "s", new[] { "sip.example.com" }, null, false);
            Assert.Equal(SipSocketError.None, p.Check(good, null, "sip.example.com").Error);
            Assert.Equal(SipSocketError.NameMismatch, p.Check(good, null, "other.example.com").Error);
            Assert.Equal(SipSocketError.UntrustedCertificate, p.Check(foreign, null, "sip.example.com").Error);
            // The CA itself is in the OS store of no machine, and a self-signed stranger is untrusted too.
            using X509Certificate2 selfSigned = TestPki.CreateCa("sip.example.com");
            Assert.Equal(SipSocketError.UntrustedCertificate, p.Check(selfSigned, null, "sip.example.com").Error);
            using X509Certificate2 clientOnly = TestPki.Issue(Ca, "s", new[] { "sip.example.com" }, null, clientAuth: true);
            Assert.Equal(SipSocketError.CertificateInvalid, p.Check(clientOnly, null, "sip.example.com").Error); // EKU without serverAuth
            using SipTlsPolicy lax = InlinePolicy(verify: false);
            Assert.Equal(SipSocketError.None, lax.Check(good, null, "other.example.com").Error);
            Assert.Equal(SipSocketError.UntrustedCertificate, lax.Check(foreign, null, "other.example.com").Error); // verify_hostname=false keeps the CA check
        }

        [Fact]
        public void Check_ExpiredCertificateFromOurCa_IsInvalidNotUntrusted()
        {
            using X509Certificate2 oldCa = TestPki.CreateCa("Old CA", DateTimeOffset.UtcNow.AddDays(-10));
            using SipTlsPolicy p = SipTlsPolicy.FromConfig(new TlsSettings { Ca = TestPki.CertPem(oldCa), CaIsPem = true });
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=old", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("sip.example.com");
            req.CertificateExtensions.Add(san.Build());
            using X509Certificate2 expired = req.Create(oldCa, DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(1), new byte[] { 1, 2, 3 });
            SipTlsVerdict v = p.Check(expired, null, "sip.example.com");
            Assert.Equal(SipSocketError.CertificateInvalid, v.Error);
            Assert.Contains("NotTimeValid", v.Detail);
        }

        [Fact]
        public void ClientIdentity_LoadsInlineOrFromFiles_AndNeverShowsTheKey()
        {
            using X509Certificate2 client = TestPki.Issue(Ca, "phone-1001", null, null, clientAuth: true);
            string certPem = TestPki.CertPem(client), keyPem = TestPki.KeyPem(client);
            string keyBody = keyPem.Split('\n')[1];
            using SipTlsPolicy p = SipTlsPolicy.FromConfig(new TlsSettings
            {
                Ca = TestPki.CertPem(Ca), CaIsPem = true,
                ClientCert = certPem, ClientCertIsPem = true,
                ClientKey = keyPem, ClientKeyIsPem = true,
            });
            Assert.True(p.ClientCertificate.HasPrivateKey);
            Assert.Equal(client.Thumbprint, p.ClientCertificate.Thumbprint);
            Assert.NotNull(p.CreateClientOptions("x", new SipTlsVerdict()).ClientCertificateContext);
            string text = p.ToString();
            Assert.Contains("phone-1001", text);
            Assert.DoesNotContain(keyBody, text);
            Assert.DoesNotContain("PRIVATE", text);

            // Half an identity, or a key that is not the certificate's: refused, and the message holds no key text.
            Assert.Throws<ArgumentException>(() => SipTlsPolicy.FromConfig(new TlsSettings { Ca = TestPki.CertPem(Ca), CaIsPem = true, ClientCert = certPem, ClientCertIsPem = true }));
            using X509Certificate2 other = TestPki.Issue(Ca, "other", null, null, clientAuth: true);
            string otherKey = TestPki.KeyPem(other);
            var e = Assert.Throws<ArgumentException>(() => SipTlsPolicy.FromConfig(new TlsSettings
            {
                Ca = TestPki.CertPem(Ca), CaIsPem = true, ClientCert = certPem, ClientCertIsPem = true, ClientKey = otherKey, ClientKeyIsPem = true,
            }));
            Assert.DoesNotContain(otherKey.Split('\n')[1], e.ToString());
            Assert.Null(e.InnerException);
        }

        [Fact]
        public void Target_FromSipSettings_UsesOutboundProxyElseRegistrar_AsServerName()
        {
            var sip = new SipSettings { Domain = "example.com", Registrar = "registrar.example.com", Transport = SipTransportKind.Tls, Port = 5061 };
            SipTarget t = SipTarget.FromConfig(sip);
            Assert.Equal(("registrar.example.com", 5061, "registrar.example.com"), (t.Host, t.Port, t.ServerName));
            sip.OutboundProxy = "proxy.example.com:5071";
            t = SipTarget.FromConfig(sip);
            Assert.Equal(("proxy.example.com", 5071, "proxy.example.com"), (t.Host, t.Port, t.ServerName));
            sip.OutboundProxy = "[2001:db8::1]";
            t = SipTarget.FromConfig(sip);
            Assert.Equal(("2001:db8::1", 5061), (t.Host, t.Port));
            Assert.NotEqual(new SipConnectionKey(SipTransportKind.Tls, "h", 5061, "a.example.com"), new SipConnectionKey(SipTransportKind.Tls, "h", 5061, "b.example.com"));
            Assert.Equal(new SipConnectionKey(SipTransportKind.Tls, "H", 5061, "A.example.com"), new SipConnectionKey(SipTransportKind.Tls, "h", 5061, "a.example.com"));
        }
    }
}
