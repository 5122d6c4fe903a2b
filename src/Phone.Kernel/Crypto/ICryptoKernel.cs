namespace Phone.Crypto
{
    /// <summary>
    /// The per-byte work of SRTP behind one small seam, as libsrtp separates its crypto kernel from
    /// packet logic: AES in counter mode and HMAC-SHA1. Packet code never loops over payload bytes
    /// itself, so on the device one packet costs a couple of native calls (the native kernel runs
    /// AES on the ESP32 accelerator) and the SRTP core is the same code whichever kernel is plugged in.
    /// Contexts are created once per session and keyed once per session key; nothing here allocates
    /// after that.
    /// </summary>
    public interface ICryptoKernel
    {
        /// <summary>Short name for diagnostics, e.g. "managed" or "native".</summary>
        string Name { get; }

        /// <summary>A new, unkeyed AES-CTR context. Called at session setup, never per packet.</summary>
        IAesCtr CreateAesCtr();

        /// <summary>A new, unkeyed HMAC-SHA1 context. Called at session setup, never per packet.</summary>
        IHmacSha1 CreateHmacSha1();
    }

    /// <summary>AES in counter mode (NIST SP 800-38A §6.5; RFC 3711 §4.1.1 AES-CM).</summary>
    public interface IAesCtr
    {
        /// <summary>Expands a 16-byte (AES-128, RFC 3711) or 32-byte (AES-256, RFC 6188) key. False on any other length.</summary>
        bool SetKey(byte[] key, int offset, int length);

        /// <summary>
        /// XORs the keystream into <c>data[offset .. offset+length)</c> in place. Keystream block j is
        /// AES(key, iv + j), the 16-byte counter block read big-endian from <c>iv[ivOffset..+16)</c>
        /// and incremented as a 128-bit integer. Encryption and decryption are the same operation.
        /// </summary>
        void Xor(byte[] iv, int ivOffset, byte[] data, int offset, int length);

        /// <summary>Wipes the expanded key.</summary>
        void Clear();
    }

    /// <summary>HMAC-SHA1 (RFC 2104, FIPS 180-4) over up to two byte ranges.</summary>
    public interface IHmacSha1
    {
        /// <summary>Sets the MAC key (SRTP session auth keys are 20 bytes; any length up to 64 is accepted). False if longer than 64.</summary>
        bool SetKey(byte[] key, int offset, int length);

        /// <summary>
        /// Writes the full 20-byte HMAC-SHA1(key, a || b) to <c>tag[tagOffset .. tagOffset+20)</c>.
        /// SRTP authenticates the packet followed by the 4-byte ROC (RFC 3711 §4.2); SRTCP passes the
        /// E-flag/index word inside the first range and an empty second range.
        /// </summary>
        void Compute(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset);

        /// <summary>Wipes the key state.</summary>
        void Clear();
    }
}
