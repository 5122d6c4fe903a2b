using Phone.Srtp;

namespace Phone.Sdes
{
    /// <summary>
    /// The SDP names of the SRTP crypto-suites (RFC 4568 §6.2, RFC 6188 §7) and the SRTP core's
    /// <see cref="SrtpSuite"/> they stand for, plus the mapping from the nf.config suite list.
    /// </summary>
    public static class SdesSuiteNames
    {
        /// <summary>RFC 4568 §6.2.1.</summary>
        public const string AesCm128HmacSha1_80 = "AES_CM_128_HMAC_SHA1_80";

        /// <summary>RFC 4568 §6.2.2.</summary>
        public const string AesCm128HmacSha1_32 = "AES_CM_128_HMAC_SHA1_32";

        /// <summary>RFC 6188 §7.1.</summary>
        public const string Aes256CmHmacSha1_80 = "AES_256_CM_HMAC_SHA1_80";

        /// <summary>RFC 6188 §7.1.</summary>
        public const string Aes256CmHmacSha1_32 = "AES_256_CM_HMAC_SHA1_32";

        /// <summary>The suite for an SDP name (case-sensitive, as the RFC 4568 §9.1 tokens are); false if unknown.</summary>
        public static bool TryParse(string name, out SrtpSuite suite)
        {
            switch (name)
            {
                case AesCm128HmacSha1_80:
                    suite = SrtpSuite.AesCm128HmacSha1_80;
                    return true;
                case AesCm128HmacSha1_32:
                    suite = SrtpSuite.AesCm128HmacSha1_32;
                    return true;
                case Aes256CmHmacSha1_80:
                    suite = SrtpSuite.Aes256CmHmacSha1_80;
                    return true;
                case Aes256CmHmacSha1_32:
                    suite = SrtpSuite.Aes256CmHmacSha1_32;
                    return true;
                default:
                    suite = SrtpSuite.AesCm128HmacSha1_80;
                    return false;
            }
        }

        /// <summary>The SDP name of a suite; null for a value outside the enum.</summary>
        public static string NameOf(SrtpSuite suite)
        {
            switch (suite)
            {
                case SrtpSuite.AesCm128HmacSha1_80:
                    return AesCm128HmacSha1_80;
                case SrtpSuite.AesCm128HmacSha1_32:
                    return AesCm128HmacSha1_32;
                case SrtpSuite.Aes256CmHmacSha1_80:
                    return Aes256CmHmacSha1_80;
                case SrtpSuite.Aes256CmHmacSha1_32:
                    return Aes256CmHmacSha1_32;
                default:
                    return null;
            }
        }

        /// <summary>True for the four suites the SRTP core implements.</summary>
        public static bool IsKnown(SrtpSuite suite)
        {
            return NameOf(suite) != null;
        }

        /// <summary>Length of the inline key‖salt in bytes: master key plus the 14-byte master salt (RFC 4568 §6.2, RFC 6188 §7).</summary>
        public static int KeySaltLength(SrtpSuite suite)
        {
            return SrtpPolicy.MasterKeyLength(suite) + SrtpPolicy.MasterSaltLength;
        }
    }
}
