using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// A local CA with a server and a client certificate for localhost / 127.0.0.1, made with
    /// System.Security.Cryptography on first use and kept as PEM files in the state directory
    /// (ca.pem, ca.key, server.pem, server.key, client.pem, client.key). Reused while every certificate is valid
    /// for at least another day and the leaves still chain to the CA; otherwise all are made anew.
    /// Good for demos and tests only: the CA key lies unencrypted on disk.
    /// </summary>
    public sealed class ThrowawayCa : IDisposable
    {
        private const int ValidDays = 30;

        private ThrowawayCa(string directory, X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client, bool created)
        {
            Directory = directory;
            Ca = ca;
            Server = server;
            Client = client;
            Created = created;
        }

        public string Directory { get; }

        /// <summary>The CA certificate (with its key).</summary>
        public X509Certificate2 Ca { get; }

        /// <summary>Server certificate with private key: DNS localhost, IP 127.0.0.1, serverAuth.</summary>
        public X509Certificate2 Server { get; }

        /// <summary>Client certificate with private key, clientAuth.</summary>
        public X509Certificate2 Client { get; }

        /// <summary>True when this run made the certificates (false: reused from the state directory).</summary>
        public bool Created { get; }

        public string CaPem => Ca.ExportCertificatePem();

        public string CaPath => Path.Combine(Directory, "ca.pem");

        /// <summary>The default state directory: $XDG_CACHE_HOME/phone-handset or ~/.cache/phone-handset.</summary>
        public static string DefaultStateDirectory()
        {
            string xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseDir = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseDir, "phone-handset");
        }

        /// <summary>Loads the certificates from <paramref name="directory"/>, or makes and stores them.</summary>
        public static ThrowawayCa LoadOrCreate(string directory)
        {
            System.IO.Directory.CreateDirectory(directory);
            ThrowawayCa existing = TryLoad(directory);
            if (existing != null) return existing;

            DateTimeOffset from = DateTimeOffset.UtcNow.AddMinutes(-5);
            DateTimeOffset until = DateTimeOffset.UtcNow.AddDays(ValidDays);
            X509Certificate2 ca;
            using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
            {
                var req = new CertificateRequest("CN=Phone Handset Throwaway CA", key, HashAlgorithmName.SHA256);
                req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
                req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
                req.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(req.PublicKey, false));
                ca = req.CreateSelfSigned(from, until.AddDays(1));
            }

            X509Certificate2 server = Issue(ca, "localhost", true, from, until);
            X509Certificate2 client = Issue(ca, "phone-handset", false, from, until);
            Write(directory, "ca", ca);
            Write(directory, "server", server);
            Write(directory, "client", client);
            return new ThrowawayCa(directory, ca, Usable(server), Usable(client), true);
        }

        private static X509Certificate2 Issue(X509Certificate2 ca, string cn, bool server, DateTimeOffset from, DateTimeOffset until)
        {
            using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=" + cn, key, HashAlgorithmName.SHA256);
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                new OidCollection { new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") }, false));
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(server ? "localhost" : cn);
            if (server) san.AddIpAddress(IPAddress.Loopback);
            req.CertificateExtensions.Add(san.Build());
            byte[] serial = new byte[12];
            RandomNumberGenerator.Fill(serial);
            serial[0] &= 0x7f;
            using X509Certificate2 pub = req.Create(ca, from, until, serial);
            return pub.CopyWithPrivateKey(key);
        }

        private static void Write(string dir, string name, X509Certificate2 cert)
        {
            File.WriteAllText(Path.Combine(dir, name + ".pem"), cert.ExportCertificatePem());
            string keyPath = Path.Combine(dir, name + ".key");
            File.WriteAllText(keyPath, cert.GetECDsaPrivateKey().ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        private static ThrowawayCa TryLoad(string dir)
        {
            try
            {
                X509Certificate2 ca = Load(dir, "ca");
                X509Certificate2 server = Load(dir, "server");
                X509Certificate2 client = Load(dir, "client");
                if (ca == null || server == null || client == null) return null;
                DateTime soon = DateTime.Now.AddDays(1);
                foreach (X509Certificate2 c in new[] { ca, server, client })
                {
                    if (c.NotAfter < soon || c.NotBefore > DateTime.Now) return null;
                }

                if (!ChainsTo(server, ca) || !ChainsTo(client, ca)) return null;
                return new ThrowawayCa(dir, ca, Usable(server), Usable(client), false);
            }
            catch (Exception e) when (e is CryptographicException || e is IOException || e is ArgumentException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static X509Certificate2 Load(string dir, string name)
        {
            string cert = Path.Combine(dir, name + ".pem"), key = Path.Combine(dir, name + ".key");
            if (!File.Exists(cert) || !File.Exists(key)) return null;
            return X509Certificate2.CreateFromPemFile(cert, key);
        }

        private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 ca)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(leaf);
        }

        /// <summary>A PKCS#12 round trip so the private key is usable by SslStream on every platform.</summary>
        private static X509Certificate2 Usable(X509Certificate2 c) =>
            X509CertificateLoader.LoadPkcs12(c.Export(X509ContentType.Pkcs12), null);

        public void Dispose()
        {
            Ca.Dispose();
            Server.Dispose();
            Client.Dispose();
        }
    }
}
