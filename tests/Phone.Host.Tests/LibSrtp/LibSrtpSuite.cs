using System;

namespace Phone.Host.Tests.LibSrtp
{
    /// <summary>
    /// The four SDES crypto suites the phone supports (RFC 4568 §6.2, RFC 6188 §7.1), as libsrtp
    /// policies. For the _32 suites only SRTP uses the 32-bit tag: SRTCP keeps the 80-bit tag
    /// (RFC 4568 §6.2.1 / §6.2.2; libsrtp's srtp.h says the same of its _32 setters), so RTCP gets
    /// the 80-bit policy of the same key size.
    /// </summary>
    public enum LibSrtpSuite
    {
        AesCm128HmacSha1_80,
        AesCm128HmacSha1_32,
        AesCm256HmacSha1_80,
        AesCm256HmacSha1_32,
    }

    internal static class LibSrtpSuites
    {
        /// <summary>Master key length in bytes (16 or 32); the master salt is always 14 bytes.</summary>
        internal static int KeyLength(LibSrtpSuite suite)
        {
            return suite == LibSrtpSuite.AesCm256HmacSha1_80 || suite == LibSrtpSuite.AesCm256HmacSha1_32 ? 32 : 16;
        }

        internal static int RtpTagLength(LibSrtpSuite suite)
        {
            return suite == LibSrtpSuite.AesCm128HmacSha1_32 || suite == LibSrtpSuite.AesCm256HmacSha1_32 ? 4 : 10;
        }

        internal static void SetRtp(LibSrtpSuite suite, IntPtr cryptoPolicy)
        {
            switch (suite)
            {
                case LibSrtpSuite.AesCm128HmacSha1_80: LibSrtpNative.srtp_crypto_policy_set_rtp_default(cryptoPolicy); break;
                case LibSrtpSuite.AesCm128HmacSha1_32: LibSrtpNative.srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(cryptoPolicy); break;
                case LibSrtpSuite.AesCm256HmacSha1_80: LibSrtpNative.srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(cryptoPolicy); break;
                case LibSrtpSuite.AesCm256HmacSha1_32: LibSrtpNative.srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(cryptoPolicy); break;
                default: throw new ArgumentOutOfRangeException(nameof(suite));
            }
        }

        internal static void SetRtcp(LibSrtpSuite suite, IntPtr cryptoPolicy)
        {
            if (KeyLength(suite) == 16)
            {
                LibSrtpNative.srtp_crypto_policy_set_rtcp_default(cryptoPolicy);
            }
            else
            {
                LibSrtpNative.srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(cryptoPolicy);
            }
        }
    }
}
