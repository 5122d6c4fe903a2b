namespace Phone.Sip
{
    /// <summary>
    /// The digest algorithms this phone answers (RFC 7616 §3.3 "algorithm"; RFC 8760 §2 for SIP).
    /// A challenge without the parameter means MD5 (RFC 2617 §3.2.1).
    /// </summary>
    public enum DigestAlgorithm
    {
        /// <summary>Any other algorithm token (e.g. SHA-512-256): not answered.</summary>
        Unsupported = 0,

        /// <summary>MD5 (RFC 2617 §3.2.2.2).</summary>
        Md5,

        /// <summary>MD5-sess: HA1 also covers nonce and cnonce.</summary>
        Md5Sess,

        /// <summary>SHA-256 (RFC 7616 §3.2).</summary>
        Sha256,

        /// <summary>SHA-256-sess.</summary>
        Sha256Sess,
    }
}
