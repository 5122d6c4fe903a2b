using System;
using System.Security.Cryptography.X509Certificates;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// The phone's own TLS identity for the servers it runs (the HTTPS provisioning endpoint, the SIP listener):
    /// I:\prov.crt with I:\prov.key, both PEM, handed to mbedTLS as they are.
    /// </summary>
    public static class ServerIdentity
    {
        /// <summary>The certificate with its private key (unencrypted PEM); null when either is missing or unusable.</summary>
        public static X509Certificate2 FromPem(byte[] certificatePem, byte[] keyPem)
        {
            if (certificatePem == null || keyPem == null)
            {
                return null;
            }

            try
            {
                return new X509Certificate2(System.Text.Encoding.UTF8.GetString(certificatePem, 0, certificatePem.Length),
                    System.Text.Encoding.UTF8.GetString(keyPem, 0, keyPem.Length), "");
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
