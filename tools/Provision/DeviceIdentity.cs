using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Phone.Device.Provisioning;

namespace Phone.Tools.Provision
{
    /// <summary>
    /// The stand-in's TLS identity for its provisioning endpoint, as the phone would have it: an ECDSA P-256 key and a
    /// self-signed certificate made once, at the first start, and kept in the state folder under the phone's file names
    /// (SetupPolicy.EndpointKeyName / EndpointCertName, erased by a factory reset). Nobody signs it: the admin pins its
    /// SHA-256 fingerprint, which the display shows, with `provision push --pin`.
    /// </summary>
    public sealed class DeviceIdentity
    {
        private DeviceIdentity(X509Certificate2 certificate)
        {
            Certificate = certificate;
            Fingerprint = FingerprintOf(certificate);
        }

        public X509Certificate2 Certificate { get; }

        /// <summary>SHA-256 of the DER certificate, upper-case hex pairs separated by ':' (as openssl x509 -fingerprint -sha256 prints).</summary>
        public string Fingerprint { get; }

        public static string FingerprintOf(X509Certificate2 certificate)
        {
            byte[] hash = SHA256.HashData(certificate.RawData);
            return BitConverter.ToString(hash).Replace('-', ':');
        }

        /// <summary>Hex digits of a pin (colons, blanks and an optional "SHA256:" prefix ignored), upper-case; null when not 64 hex digits.</summary>
        public static string NormalisePin(string pin)
        {
            if (pin == null) return null;
            string p = pin.Trim();
            if (p.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase)) p = p.Substring(7);
            if (p.StartsWith("sha256 Fingerprint=", StringComparison.OrdinalIgnoreCase)) p = p.Substring(19);
            var sb = new System.Text.StringBuilder();
            foreach (char c in p)
            {
                if (c == ':' || c == ' ') continue;
                if (!Uri.IsHexDigit(c)) return null;
                sb.Append(char.ToUpperInvariant(c));
            }

            return sb.Length == 64 ? sb.ToString() : null;
        }

        public static DeviceIdentity LoadOrCreate(string state)
        {
            string certPath = Path.Combine(state, SetupPolicy.EndpointCertName);
            string keyPath = Path.Combine(state, SetupPolicy.EndpointKeyName);
            if (File.Exists(certPath) && File.Exists(keyPath))
            {
                return new DeviceIdentity(Usable(X509Certificate2.CreateFromPemFile(certPath, keyPath)));
            }

            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=Phone provisioning", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName("localhost");
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
            san.AddIpAddress(System.Net.IPAddress.Parse("192.168.4.1"));
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using X509Certificate2 cert = req.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(20));
            Directory.CreateDirectory(state);
            File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return new DeviceIdentity(Usable(X509Certificate2.CreateFromPemFile(certPath, keyPath)));
        }

        /// <summary>An ephemeral PEM key is not usable by SslStream on every platform; a PKCS#12 round trip is.</summary>
        private static X509Certificate2 Usable(X509Certificate2 withKey)
        {
            byte[] pfx = withKey.Export(X509ContentType.Pkcs12);
            return X509CertificateLoader.LoadPkcs12(pfx, null);
        }
    }
}
