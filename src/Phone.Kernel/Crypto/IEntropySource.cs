namespace Phone.Crypto
{
    /// <summary>
    /// Cryptographically strong random bytes for fresh SDES master keys and salts (RFC 4568 §8.1 /
    /// RFC 3711 §8: keys must be random). The device backs it with the ESP32 hardware RNG; tests use a
    /// deterministic fake.
    /// </summary>
    public interface IEntropySource
    {
        /// <summary>Fills <c>buffer[offset .. offset+count)</c> with random bytes.</summary>
        void GetBytes(byte[] buffer, int offset, int count);
    }
}
