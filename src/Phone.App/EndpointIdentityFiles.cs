using System;
using Phone.Device.Provisioning;
using Phone.Device.Storage;

namespace Phone.App
{
    /// <summary>
    /// The provisioning endpoint's certificate and key on the flash volume (SetupPolicy.EndpointCertName and
    /// EndpointKeyName; docs/provisioning.md "HTTPS on the LAN"): read once per boot for the HTTPS listener and the
    /// fingerprint on the screen.
    /// </summary>
    internal static class EndpointIdentityFiles
    {
        /// <summary>The certificate's SHA-256 fingerprint, with both PEM files; null (and no files) when missing or unusable.</summary>
        public static string Read(IFileStore files, out byte[] certificate, out byte[] key)
        {
            certificate = null;
            key = null;
            if (files == null)
            {
                return null;
            }

            try
            {
                byte[] cert = files.ReadAll(SetupPolicy.EndpointCertName, 8192);
                byte[] k = files.ReadAll(SetupPolicy.EndpointKeyName, 8192);
                if (cert == null || k == null)
                {
                    return null;
                }

                string fingerprint = EndpointIdentity.Fingerprint(cert);
                if (fingerprint != null)
                {
                    certificate = cert;
                    key = k;
                }

                return fingerprint;
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
