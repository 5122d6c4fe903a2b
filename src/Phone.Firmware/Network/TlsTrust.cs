using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Phone.Config;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// The [tls] section of nf.config turned into what nanoFramework's SslStream takes, following the policy of
    /// docs/tls-policy.md as far as the device's mbedTLS allows:
    /// <list type="bullet">
    /// <item>Trust only tls.ca: the CA is passed to AuthenticateAsClient(host, clientCert, ca, protocols); the
    /// firmware never calls CertificateManager.AddCaCertificateBundle. nanoCLR also trusts a CA bundle stored in
    /// the device configuration block (ssl_generic_init_internal.cpp loads it into every context), so a phone
    /// must be deployed without one (docs/firmware.md).</item>
    /// <item>Verification required: SslVerification.CertificateRequired (mbedTLS MBEDTLS_SSL_VERIFY_REQUIRED).</item>
    /// <item>Host name: the target host is handed to mbedtls_ssl_set_hostname (ssl_connect_internal.cpp), so SNI is
    /// sent and mbedTLS checks the name. verify_hostname = false passes an empty name, which skips both (the CA
    /// check stays). mbedTLS accepts a CN when there is no subjectAltName and accepts wildcards: looser than the
    /// host policy; recorded as a gap in docs/firmware.md.</item>
    /// <item>TLS 1.2 or newer: min_version 1.2 offers Tls12|Tls13, 1.3 offers Tls13 only.</item>
    /// </list>
    /// Certificates are read once at boot. PEM text and key material are never logged; errors name the key only.
    /// </summary>
    public sealed class TlsTrust
    {
        private TlsTrust()
        {
        }

        /// <summary>The trust anchor(s) from tls.ca; null when none was configured or it could not be read.</summary>
        public X509Certificate Ca { get; private set; }

        /// <summary>Client identity (tls.client_cert + tls.client_key), or null.</summary>
        public X509Certificate ClientCertificate { get; private set; }

        public SslProtocols Protocols { get; private set; }

        public bool VerifyHostname { get; private set; }

        /// <summary>Why the trust could not be built (names the nf.config key, never its value); null when fine.</summary>
        public string Error { get; private set; }

        public bool IsUsable
        {
            get { return Ca != null && Error == null; }
        }

        /// <summary>The name handed to the handshake: the server name, or empty when host-name verification is off.</summary>
        public string TargetHostFor(string serverName)
        {
            return VerifyHostname && serverName != null ? serverName : "";
        }

        public static TlsTrust FromConfig(TlsSettings tls)
        {
            TlsTrust t = new TlsTrust();
            t.VerifyHostname = tls.VerifyHostname;
            t.Protocols = tls.MinVersion == TlsVersion.Tls13 ? SslProtocols.Tls13 : (SslProtocols.Tls12 | SslProtocols.Tls13);
            string caText = ReadPem(tls.Ca, tls.CaIsPem);
            if (caText == null)
            {
                t.Error = "tls.ca: missing or unreadable";
                return t;
            }

            try
            {
                // The string constructor hands the PEM (all CERTIFICATE blocks) to mbedtls_x509_crt_parse.
                t.Ca = new X509Certificate(caText);
            }
            catch (Exception)
            {
                t.Error = "tls.ca: not a PEM certificate";
                return t;
            }

            if (tls.ClientCert != null && tls.ClientKey != null)
            {
                string cert = ReadPem(tls.ClientCert, tls.ClientCertIsPem);
                string key = ReadPem(tls.ClientKey, tls.ClientKeyIsPem);
                if (cert == null || key == null)
                {
                    t.Error = cert == null ? "tls.client_cert: unreadable" : "tls.client_key: unreadable";
                    return t;
                }

                try
                {
                    // Unencrypted keys only (docs/tls-policy.md): no password.
                    t.ClientCertificate = new X509Certificate2(cert, key, "");
                }
                catch (Exception)
                {
                    t.Error = "tls.client_cert/client_key: not a usable PEM pair";
                }
            }

            return t;
        }

        /// <summary>Inline PEM as is, or the text of a device file such as I:\ca.pem; null when it cannot be read.</summary>
        public static string ReadPem(string value, bool isPem)
        {
            if (value == null || value.Length == 0)
            {
                return null;
            }

            if (isPem)
            {
                return value;
            }

            try
            {
                return File.Exists(value) ? File.ReadAllText(value) : null;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
