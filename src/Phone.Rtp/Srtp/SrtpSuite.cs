namespace Phone.Srtp
{
    /// <summary>
    /// The SRTP crypto suites of SDES (RFC 4568 §6.2, RFC 6188 §7). All use AES in counter mode and
    /// HMAC-SHA1; the suffix is the SRTP tag length in bits. SRTCP always uses the 80-bit tag
    /// (RFC 4568 §6.2.1; RFC 3711 §5.2 makes authentication mandatory for SRTCP).
    /// </summary>
    public enum SrtpSuite
    {
        /// <summary>AES_CM_128_HMAC_SHA1_80: 128-bit master key, 80-bit tag (RFC 4568 §6.2.1).</summary>
        AesCm128HmacSha1_80 = 0,

        /// <summary>AES_CM_128_HMAC_SHA1_32: 128-bit master key, 32-bit SRTP tag (RFC 4568 §6.2.2).</summary>
        AesCm128HmacSha1_32 = 1,

        /// <summary>AES_256_CM_HMAC_SHA1_80: 256-bit master key, 80-bit tag (RFC 6188 §7).</summary>
        Aes256CmHmacSha1_80 = 2,

        /// <summary>AES_256_CM_HMAC_SHA1_32: 256-bit master key, 32-bit SRTP tag (RFC 6188 §7).</summary>
        Aes256CmHmacSha1_32 = 3,
    }
}
