namespace Phone.Config
{
    /// <summary>SDES crypto suites (RFC 4568 / RFC 6188 names) the phone can offer.</summary>
    public enum SrtpSuite
    {
        AesCm128HmacSha1_80 = 0,
        AesCm128HmacSha1_32 = 1,
        Aes256CmHmacSha1_80 = 2,
        Aes256CmHmacSha1_32 = 3
    }
}
