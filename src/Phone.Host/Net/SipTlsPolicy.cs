using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Phone.Config;

namespace Phone.Host.Net
{
    /// <summary>
    /// The phone's TLS trust policy, built from nf.config [tls] (see docs/tls-policy.md):
    /// <list type="bullet">
    /// <item>trust only the CA certificate(s) from <c>tls.ca</c> (inline PEM or a file); the
    /// operating system's store is never consulted (<see cref="X509ChainTrustMode.CustomRootTrust"/>,
    /// no AIA downloads, no revocation checks);</item>
    /// <item>the server certificate must chain to one of them and be valid now;</item>
    /// <item>with <c>verify_hostname</c> (the default) its subjectAltName must name the host we
    /// connect to — dNSName for a host name, iPAddress for an address literal; exact match, no
    /// wildcards, and the subject CN is never used;</item>
    /// <item>TLS 1.2 or newer (<c>min_version</c> 1.2 → 1.2 and 1.3, 1.3 → 1.3 only);</item>
    /// <item>an optional client certificate and unencrypted key (PEM) for mutual TLS.</item>
    /// </list>
    /// Neither <see cref="ToString"/> nor any exception message contains a private key or password.
    /// </summary>
    public sealed class SipTlsPolicy : IDisposable
    {
        private readonly X509Certificate2Collection _anchors;
        private readonly X509Certificate2 _clientCertificate;
        private readonly SslStreamCertificateContext _clientContext;

        private SipTlsPolicy(X509Certificate2Collection anchors, bool verifyHostname, TlsVersion minVersion,
            X509Certificate2 clientCertificate, X509Certificate2Collection clientChain)
        {
            _anchors = anchors;
            VerifyHostname = verifyHostname;
            MinVersion = minVersion;
            EnabledProtocols = minVersion == TlsVersion.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
            _clientCertificate = clientCertificate;
            if (clientCertificate != null)
            {
                _clientContext = SslStreamCertificateContext.Create(clientCertificate, clientChain, offline: true);
            }
        }

        /// <summary>The CA certificates the server's chain must end at; nothing else is trusted.</summary>
        public X509Certificate2Collection TrustAnchors => new X509Certificate2Collection(_anchors);

        /// <summary>nf.config tls.verify_hostname; true unless explicitly switched off.</summary>
        public bool VerifyHostname { get; }

        public TlsVersion MinVersion { get; }

        /// <summary>Tls12|Tls13 or Tls13; never anything older.</summary>
        public SslProtocols EnabledProtocols { get; }

        /// <summary>The client certificate (with its private key) presented when the server asks, or null.</summary>
        public X509Certificate2 ClientCertificate => _clientCertificate;

        /// <summary>
        /// Builds the policy from the typed [tls] section. <paramref name="resolvePath"/> maps a
        /// device path such as <c>I:\ca.pem</c> to a host file (see <see cref="DeviceDrive"/>); by
        /// default the value is used as a host path unchanged.
        /// </summary>
        /// <exception cref="ArgumentException">no CA, unreadable PEM, or a client key that does not fit its certificate.</exception>
        public static SipTlsPolicy FromConfig(TlsSettings tls, Func<string, string> resolvePath = null)
        {
            if (tls == null) throw new ArgumentNullException(nameof(tls));
            if (string.IsNullOrEmpty(tls.Ca)) throw new ArgumentException("tls.ca is not set: a TLS connection needs the CA that signs the server's certificate");
            resolvePath ??= p => p;

            string caPem = ReadPem("tls.ca", tls.Ca, tls.CaIsPem, resolvePath);
            var anchors = new X509Certificate2Collection();
            try
            {
                anchors.ImportFromPem(caPem);
            }
            catch (CryptographicException e)
            {
                throw new ArgumentException("tls.ca: a CERTIFICATE block could not be decoded (" + e.GetType().Name + ")");
            }
            if (anchors.Count == 0) throw new ArgumentException("tls.ca holds no -----BEGIN CERTIFICATE----- block");

            X509Certificate2 client = null;
            X509Certificate2Collection clientChain = null;
            bool hasCert = !string.IsNullOrEmpty(tls.ClientCert), hasKey = !string.IsNullOrEmpty(tls.ClientKey);
            if (hasCert != hasKey) throw new ArgumentException("tls.client_cert and tls.client_key must be given together");
            if (hasCert)
            {
                string certPem = ReadPem("tls.client_cert", tls.ClientCert, tls.ClientCertIsPem, resolvePath);
                string keyPem = ReadPem("tls.client_key", tls.ClientKey, tls.ClientKeyIsPem, resolvePath);
                try
                {
                    // The first CERTIFICATE block is ours; later ones are intermediates sent along with it.
                    client = X509Certificate2.CreateFromPem(certPem, keyPem);
                    clientChain = new X509Certificate2Collection();
                    clientChain.ImportFromPem(certPem);
                    if (clientChain.Count > 0) clientChain.RemoveAt(0);
                }
                catch (CryptographicException e)
                {
                    // Deliberately no inner exception and no PEM text: the key must not reach a log.
                    throw new ArgumentException("tls.client_key/client_cert: could not load an unencrypted private key matching the client certificate ("
                        + e.GetType().Name + ")");
                }
            }
            return new SipTlsPolicy(anchors, tls.VerifyHostname, tls.MinVersion, client, clientChain);
        }

        /// <summary>
        /// A path resolver for device paths: <c>X:\dir\file.pem</c> becomes <c>root/dir/file.pem</c>
        /// (any drive letter); other values are returned unchanged.
        /// </summary>
        public static Func<string, string> DeviceDrive(string root)
        {
            return p =>
            {
                if (p != null && p.Length > 3 && char.IsLetter(p[0]) && p[1] == ':' && p[2] == '\\')
                {
                    return Path.Combine(root, p.Substring(3).Replace('\\', Path.DirectorySeparatorChar));
                }
                return p;
            };
        }

        private static string ReadPem(string key, string value, bool isPem, Func<string, string> resolvePath)
        {
            if (isPem || value.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)) return value;
            string path = resolvePath(value);
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new ArgumentException(key + ": cannot read " + path + " (" + e.GetType().Name + ")");
            }
        }

        /// <summary>
        /// Options for one handshake with <paramref name="serverName"/> (SNI and the name checked).
        /// The verdict of the certificate check is written to <paramref name="verdict"/>, so a
        /// failed handshake can be reported as untrusted / name mismatch rather than a bare
        /// AuthenticationException.
        /// </summary>
        public SslClientAuthenticationOptions CreateClientOptions(string serverName, SipTlsVerdict verdict)
        {
            if (string.IsNullOrEmpty(serverName)) throw new ArgumentException("a TLS server name is required", nameof(serverName));
            if (verdict == null) throw new ArgumentNullException(nameof(verdict));
            return new SslClientAuthenticationOptions
            {
                TargetHost = StripBrackets(serverName),
                EnabledSslProtocols = EnabledProtocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                AllowRenegotiation = false,
                ClientCertificateContext = _clientContext,
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
                {
                    // .NET's own verdict (errors) used the system store: ignore it, decide from our anchors only.
                    X509Certificate2Collection extra = chain?.ChainPolicy?.ExtraStore;
                    SipTlsVerdict v = Check(certificate == null ? null : new X509Certificate2(certificate), extra, serverName);
                    verdict.Set(v.Error, v.Detail, v.ServerSubject);
                    return v.Error == SipSocketError.None;
                },
            };
        }

        /// <summary>Checks a server certificate (and the intermediates it sent) against this policy for <paramref name="serverName"/>.</summary>
        public SipTlsVerdict Check(X509Certificate2 certificate, X509Certificate2Collection intermediates, string serverName)
        {
            var verdict = new SipTlsVerdict();
            if (certificate == null)
            {
                verdict.Set(SipSocketError.NoServerCertificate, "the server sent no certificate", null);
                return verdict;
            }
            string subject = certificate.Subject;
            using (var chain = new X509Chain())
            {
                X509ChainPolicy p = chain.ChainPolicy;
                p.TrustMode = X509ChainTrustMode.CustomRootTrust;
                p.CustomTrustStore.AddRange(_anchors);
                p.RevocationMode = X509RevocationMode.NoCheck;
                p.DisableCertificateDownloads = true;
                p.VerificationFlags = X509VerificationFlags.NoFlag;
                p.VerificationTime = DateTime.Now;
                p.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // id-kp-serverAuth (a certificate without EKU passes)
                if (intermediates != null)
                {
                    foreach (X509Certificate2 c in intermediates) p.ExtraStore.Add(c);
                }
                bool ok = chain.Build(certificate);
                if (!ok)
                {
                    X509ChainStatusFlags flags = X509ChainStatusFlags.NoError;
                    foreach (X509ChainStatus s in chain.ChainStatus) flags |= s.Status;
                    const X509ChainStatusFlags untrusted = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain;
                    SipSocketError error = (flags & untrusted) != 0 ? SipSocketError.UntrustedCertificate : SipSocketError.CertificateInvalid;
                    string detail = error == SipSocketError.UntrustedCertificate
                        ? "certificate of '" + subject + "' (issuer '" + certificate.Issuer + "') does not chain to a CA from tls.ca (" + flags + ")"
                        : "certificate of '" + subject + "' chains to tls.ca but is not valid: " + flags;
                    verdict.Set(error, detail, subject);
                    return verdict;
                }
            }
            if (VerifyHostname && !MatchesName(certificate, serverName))
            {
                verdict.Set(SipSocketError.NameMismatch, "certificate names " + DescribeNames(certificate) + ", not '" + serverName + "'", subject);
                return verdict;
            }
            verdict.Set(SipSocketError.None, "trusted" + (VerifyHostname ? " for '" + serverName + "'" : " (host name not checked: verify_hostname = false)"), subject);
            return verdict;
        }

        /// <summary>
        /// RFC 5922 / RFC 6125 style match: an address literal against subjectAltName iPAddress
        /// entries, a host name against dNSName entries, case-insensitive, exact (no wildcards).
        /// The subject CN is deliberately not consulted, with or without a subjectAltName.
        /// </summary>
        public static bool MatchesName(X509Certificate2 certificate, string serverName)
        {
            if (certificate == null || string.IsNullOrEmpty(serverName)) return false;
            string name = StripBrackets(serverName).TrimEnd('.');
            X509SubjectAlternativeNameExtension san = FindSan(certificate);
            if (san == null) return false;
            UriHostNameType type = Uri.CheckHostName(name);
            if (type == UriHostNameType.IPv4 || type == UriHostNameType.IPv6)
            {
                IPAddress want = IPAddress.Parse(name);
                foreach (IPAddress a in san.EnumerateIPAddresses())
                {
                    if (a.Equals(want)) return true;
                }
                return false;
            }
            foreach (string dns in san.EnumerateDnsNames())
            {
                if (string.Equals(dns.TrimEnd('.'), name, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        private static X509SubjectAlternativeNameExtension FindSan(X509Certificate2 certificate)
        {
            foreach (X509Extension e in certificate.Extensions)
            {
                if (e.Oid?.Value != "2.5.29.17") continue;
                return e as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(e.RawData, e.Critical);
            }
            return null;
        }

        private static string DescribeNames(X509Certificate2 certificate)
        {
            X509SubjectAlternativeNameExtension san = FindSan(certificate);
            if (san == null) return "no subjectAltName (CN '" + certificate.GetNameInfo(X509NameType.SimpleName, false) + "' is not used)";
            var names = new List<string>();
            foreach (string d in san.EnumerateDnsNames()) names.Add("DNS:" + d);
            foreach (IPAddress a in san.EnumerateIPAddresses()) names.Add("IP:" + a);
            return "[" + string.Join(", ", names) + "]";
        }

        private static string StripBrackets(string host) =>
            host.Length > 2 && host[0] == '[' && host[host.Length - 1] == ']' ? host.Substring(1, host.Length - 2) : host;

        /// <summary>A loggable summary: CA subjects and SHA-256 fingerprints, versions, client certificate subject. Never key material.</summary>
        public override string ToString()
        {
            var sb = new StringBuilder("TLS policy: trust ");
            for (int i = 0; i < _anchors.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                sb.Append('\'').Append(_anchors[i].Subject).Append("' sha256 ")
                  .Append(_anchors[i].GetCertHashString(HashAlgorithmName.SHA256));
            }
            sb.Append(" only; verify_hostname ").Append(VerifyHostname ? "on" : "OFF");
            sb.Append("; min ").Append(MinVersion == TlsVersion.Tls13 ? "TLS 1.3" : "TLS 1.2");
            sb.Append("; client certificate ").Append(_clientCertificate == null ? "none" : "'" + _clientCertificate.Subject + "'");
            return sb.ToString();
        }

        public void Dispose()
        {
            foreach (X509Certificate2 c in _anchors) c.Dispose();
            _clientCertificate?.Dispose();
        }
    }
}
