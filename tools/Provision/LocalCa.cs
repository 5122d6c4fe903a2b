using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// A throwaway certificate authority for the pull path's HTTPS server, kept in a state folder:
    /// ca.pem (goes into nf.config as tls.ca), ca.key, server.pem, server.key. ECDSA P-256 (supported by the
    /// phone's mbedTLS). The server certificate names localhost, 127.0.0.1, ::1 and the extra host names;
    /// files are reused while both certificates stay valid for another day and cover the names, else made anew.
    /// For tests and lab set-ups only: the CA key lies unencrypted on disk.
    /// </summary>
    public sealed class LocalCa
    {
        public const int ValidDays = 90;

        private LocalCa(string directory, X509Certificate2 ca, X509Certificate2 server)
        {
            Directory = directory;
            Ca = ca;
            Server = server;
        }

        public string Directory { get; }

        public X509Certificate2 Ca { get; }

        /// <summary>The server certificate with its private key.</summary>
        public X509Certificate2 Server { get; }

        public string CaPemPath => Path.Combine(Directory, "ca.pem");

        public static LocalCa LoadOrCreate(string directory, IEnumerable<string> extraNames)
        {
            System.IO.Directory.CreateDirectory(directory);
            var names = new List<string> { "localhost" };
            if (extraNames != null) names.AddRange(extraNames);
            string caPem = Path.Combine(directory, "ca.pem");
            string caKey = Path.Combine(directory, "ca.key");
            string serverPem = Path.Combine(directory, "server.pem");
            string serverKey = Path.Combine(directory, "server.key");
            if (File.Exists(caPem) && File.Exists(caKey) && File.Exists(serverPem) && File.Exists(serverKey))
            {
                X509Certificate2 ca = X509Certificate2.CreateFromPemFile(caPem, caKey);
                X509Certificate2 server = Usable(X509Certificate2.CreateFromPemFile(serverPem, serverKey));
                if (StillGood(ca, server, names)) return new LocalCa(directory, ca, server);
            }

            return Create(directory, names);
        }

        private static LocalCa Create(string directory, List<string> names)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var caReq = new CertificateRequest("CN=Phone provisioning test CA " + now.ToString("yyyy-MM-dd HH:mm"), caKey, HashAlgorithmName.SHA256);
            caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
            X509Certificate2 ca = caReq.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(ValidDays));

            using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=" + names[0], serverKey, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            foreach (string n in names)
            {
                if (IPAddress.TryParse(n, out IPAddress ip)) san.AddIpAddress(ip); else san.AddDnsName(n);
            }

            san.AddIpAddress(IPAddress.Loopback);
            san.AddIpAddress(IPAddress.IPv6Loopback);
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            req.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            byte[] serial = new byte[16];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7F;
            using X509Certificate2 signed = req.Create(ca, now.AddMinutes(-5), now.AddDays(ValidDays - 1), serial);
            X509Certificate2 server = Usable(signed.CopyWithPrivateKey(serverKey));

            File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem() + "\n");
            WriteSecret(Path.Combine(directory, "ca.key"), caKey.ExportPkcs8PrivateKeyPem() + "\n");
            File.WriteAllText(Path.Combine(directory, "server.pem"), server.ExportCertificatePem() + "\n");
            WriteSecret(Path.Combine(directory, "server.key"), serverKey.ExportPkcs8PrivateKeyPem() + "\n");
            return new LocalCa(directory, ca, server);
        }

        /// <summary>A PEM-loaded key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.</summary>
        private static X509Certificate2 Usable(X509Certificate2 withKey)
        {
            byte[] pfx = withKey.Export(X509ContentType.Pkcs12);
            return X509CertificateLoader.LoadPkcs12(pfx, null);
        }

        private static bool StillGood(X509Certificate2 ca, X509Certificate2 server, List<string> names)
        {
            DateTime soon = DateTime.Now.AddDays(1);
            if (ca.NotAfter < soon || server.NotAfter < soon || server.Issuer != ca.Subject) return false;
            foreach (string n in names)
            {
                if (!server.MatchesHostname(n)) return false;
            }

            return true;
        }

        private static void WriteSecret(string path, string text)
        {
            File.WriteAllText(path, text);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
