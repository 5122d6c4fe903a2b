using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Phone.Host.Drivers
{
    /// <summary>A TLS server identity from the phone's PEM files (I:\prov.crt, I:\prov.key), as SslStream takes it.</summary>
    public static class PemIdentity
    {
        /// <summary>The certificate with its private key; null when the PEM text is not a usable pair.</summary>
        public static X509Certificate2 Load(byte[] certificatePem, byte[] keyPem)
        {
            try
            {
                using X509Certificate2 pem = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certificatePem), Encoding.UTF8.GetString(keyPem));
                // Through PKCS #12 so the key is usable by the TLS stack on every platform (an ephemeral key is not on all).
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is CryptographicException || e is ArgumentException)
            {
                return null;
            }
        }
    }
}
