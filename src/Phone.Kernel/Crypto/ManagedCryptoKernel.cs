namespace Phone.Crypto
{
    /// <summary>
    /// The crypto kernel in portable managed code: table-driven AES (FIPS-197) in counter mode and
    /// HMAC-SHA1 (RFC 2104). Fast on the host and the reference the native kernel is checked against;
    /// on the device it is correct but slow (see the native kernel for per-packet use there).
    /// </summary>
    public sealed class ManagedCryptoKernel : ICryptoKernel
    {
        /// <inheritdoc />
        public string Name
        {
            get { return "managed"; }
        }

        /// <inheritdoc />
        public IAesCtr CreateAesCtr()
        {
            return new ManagedAesCtr();
        }

        /// <inheritdoc />
        public IHmacSha1 CreateHmacSha1()
        {
            return new ManagedHmacSha1();
        }

        /// <inheritdoc />
        public ISrtpTransform CreateSrtpTransform()
        {
            return new ComposedSrtpTransform(new ManagedAesCtr(), new ManagedHmacSha1());
        }
    }
}
