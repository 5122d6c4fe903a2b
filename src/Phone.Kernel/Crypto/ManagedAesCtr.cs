namespace Phone.Crypto
{
    /// <summary>
    /// AES counter mode in managed code (NIST SP 800-38A §6.5), as used by SRTP's AES-CM
    /// (RFC 3711 §4.1.1) and its key derivation PRF (RFC 3711 §4.3.3). Allocates only at construction.
    /// </summary>
    public sealed class ManagedAesCtr : IAesCtr
    {
        readonly AesEncryptor _aes = new AesEncryptor();

        /// <inheritdoc />
        public bool SetKey(byte[] key, int offset, int length)
        {
            return _aes.SetKey(key, offset, length);
        }

        /// <inheritdoc />
        public void Xor(byte[] iv, int ivOffset, byte[] data, int offset, int length)
        {
            // The counter block is a 128-bit big-endian integer incremented per block (SP 800-38A §B.1).
            uint c0 = AesEncryptor.ReadWord(iv, ivOffset);
            uint c1 = AesEncryptor.ReadWord(iv, ivOffset + 4);
            uint c2 = AesEncryptor.ReadWord(iv, ivOffset + 8);
            uint c3 = AesEncryptor.ReadWord(iv, ivOffset + 12);
            _aes.XorCounterMode(c0, c1, c2, c3, data, offset, length);
        }

        /// <inheritdoc />
        public void Clear()
        {
            _aes.Clear();
        }
    }
}
