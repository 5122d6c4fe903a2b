using System;
using Phone.Crypto;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// The LAN endpoint's TLS identity as the display shows it: the SHA-256 fingerprint of the certificate (over its
    /// DER bytes, as `openssl x509 -fingerprint -sha256` and `provision push --pin` compute it), so the admin can pin
    /// a self-signed certificate that no CA vouches for. Sans-I/O: the firmware reads prov.crt
    /// (SetupPolicy.EndpointCertName) and hands the bytes in.
    /// </summary>
    public static class EndpointIdentity
    {
        const string Begin = "-----BEGIN CERTIFICATE-----";
        const string End = "-----END CERTIFICATE-----";

        /// <summary>DER of the first CERTIFICATE block of a PEM text, or the bytes themselves when they are DER already; null when unreadable.</summary>
        public static byte[] Der(byte[] certificate)
        {
            if (certificate == null || certificate.Length == 0)
            {
                return null;
            }

            if (certificate[0] == 0x30)
            {
                return certificate;
            }

            for (int i = 0; i < certificate.Length; i++)
            {
                // A NUL would cut the text short on the device.
                if (certificate[i] == 0)
                {
                    return null;
                }
            }

            string text = System.Text.Encoding.UTF8.GetString(certificate, 0, certificate.Length);
            int b = text.IndexOf(Begin);
            if (b < 0)
            {
                return null;
            }

            int e = text.IndexOf(End, b + Begin.Length);
            if (e < 0)
            {
                return null;
            }

            char[] base64 = new char[e - b - Begin.Length];
            int n = 0;
            for (int i = b + Begin.Length; i < e; i++)
            {
                char c = text[i];
                if (c != '\r' && c != '\n' && c != ' ' && c != '\t')
                {
                    base64[n++] = c;
                }
            }

            try
            {
                return Convert.FromBase64String(new string(base64, 0, n));
            }
            catch (Exception)
            {
                return null;
            }
        }

        /// <summary>"5B:65:D1:…" — 32 upper-case hex pairs joined by ':'; null when the certificate is unreadable.</summary>
        public static string Fingerprint(byte[] certificate)
        {
            byte[] der = Der(certificate);
            if (der == null)
            {
                return null;
            }

            Sha256 sha = new Sha256();
            sha.Update(der, 0, der.Length);
            byte[] digest = new byte[Sha256.DigestLength];
            sha.Finish(digest, 0);
            string hex = HexText.ToLower(digest, 0, digest.Length).ToUpper();
            char[] result = new char[digest.Length * 3 - 1];
            int k = 0;
            for (int i = 0; i < digest.Length; i++)
            {
                if (i > 0)
                {
                    result[k++] = ':';
                }

                result[k++] = hex[2 * i];
                result[k++] = hex[2 * i + 1];
            }

            return new string(result);
        }

        /// <summary>The fingerprint in four display lines of 8 bytes ("5B65 D143 C131 8E9B"), for a narrow screen.</summary>
        public static string[] DisplayLines(string fingerprint)
        {
            if (fingerprint == null || fingerprint.Length != 95)
            {
                return new string[0];
            }

            string[] lines = new string[4];
            for (int line = 0; line < 4; line++)
            {
                char[] c = new char[19];
                int k = 0;
                for (int pair = 0; pair < 8; pair++)
                {
                    int at = (line * 8 + pair) * 3;
                    if (pair > 0 && pair % 2 == 0)
                    {
                        c[k++] = ' ';
                    }

                    c[k++] = fingerprint[at];
                    c[k++] = fingerprint[at + 1];
                }

                lines[line] = new string(c, 0, k);
            }

            return lines;
        }
    }
}
