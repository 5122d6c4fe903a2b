using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Phone.Host.Tests.Tls
{
    /// <summary>Throwaway ECDSA P-256 certificates made in-process (client certificates, name-matching cases).</summary>
    public static class TestPki
    {
        public static X509Certificate2 CreateCa(string cn, DateTimeOffset? notBefore = null)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            return req.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        }

        /// <summary>A leaf signed by <paramref name="ca"/>; <paramref name="dns"/>/<paramref name="ips"/> null means no subjectAltName at all.</summary>
        public static X509Certificate2 Issue(X509Certificate2 ca, string cn, string[] dns, IPAddress[] ips, bool clientAuth)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(clientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1") }, false));
            if (dns != null || ips != null)
            {
                var san = new SubjectAlternativeNameBuilder();
                foreach (string d in dns ?? Array.Empty<string>()) san.AddDnsName(d);
                foreach (IPAddress a in ips ?? Array.Empty<IPAddress>()) san.AddIpAddress(a);
                req.CertificateExtensions.Add(san.Build());
            }
            byte[] serial = new byte[8];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7f;
            using X509Certificate2 pub = req.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(12), serial);
            return pub.CopyWithPrivateKey(key);
        }

        public static string CertPem(X509Certificate2 c) => c.ExportCertificatePem();

        public static string KeyPem(X509Certificate2 c) => c.GetECDsaPrivateKey().ExportPkcs8PrivateKeyPem();

        public static string TempDir()
        {
            string d = Path.Combine(Path.GetTempPath(), "phone-tls-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
