namespace Phone.Crypto
{
    /// <summary>
    /// The per-byte work of SRTP behind one small seam, as libsrtp separates its crypto kernel from
    /// packet logic. Per packet the SRTP core uses one <see cref="ISrtpTransform"/> call (keystream,
    /// XOR, HMAC-SHA1 and for unprotect the tag check), so on the device a packet costs one native
    /// call; the block-level AES-CTR and HMAC-SHA1 contexts remain for session-key derivation and
    /// other users. Packet code never loops over payload bytes itself, and the SRTP core is the same
    /// code whichever kernel is plugged in. Contexts are created once per session and keyed once per
    /// session key; nothing here allocates after that.
    /// </summary>
    public interface ICryptoKernel
    {
        /// <summary>Short name for diagnostics, e.g. "managed" or "native".</summary>
        string Name { get; }

        /// <summary>A new, unkeyed AES-CTR context. Called at session setup, never per packet.</summary>
        IAesCtr CreateAesCtr();

        /// <summary>A new, unkeyed HMAC-SHA1 context. Called at session setup, never per packet.</summary>
        IHmacSha1 CreateHmacSha1();

        /// <summary>
        /// A new, unkeyed packet transform (AES-CM + HMAC-SHA1, RFC 3711). Called at session setup,
        /// never per packet. Every kernel's transform gives bit-identical packets and verdicts.
        /// </summary>
        ISrtpTransform CreateSrtpTransform();
    }

    /// <summary>
    /// The byte work of one SRTP or SRTCP packet in one call (RFC 3711 §3.3, §3.4): the AES-CM IV from
    /// the session salt, SSRC and index (§4.1.1), the keystream XOR, and HMAC-SHA1 over the
    /// authenticated range, followed for SRTP by the ROC (§4.2). Unprotect compares the tag in
    /// constant time and decrypts only when it matches. Protocol state (index estimation, replay
    /// window, when to commit) stays with the caller. All offsets index the one packet array:
    /// the authenticated range is <c>[offset, offset+authLength)</c>, the encrypted range
    /// <c>[cipherOffset, cipherOffset+cipherLength)</c> lies inside it (length 0: nothing to
    /// encrypt), the tag is <c>[tagOffset, tagOffset+tagLength)</c> with tagLength 1..20.
    /// Bad ranges or an unkeyed transform throw (a caller bug); a wrong tag is a false return.
    /// </summary>
    public interface ISrtpTransform
    {
        /// <summary>
        /// Sets the session keys: AES key of 16 or 32 bytes, 14-byte salt, HMAC key of at most 64 bytes.
        /// False (and unkeyed) on any other length.
        /// </summary>
        bool SetKeys(byte[] cipherKey, int cipherKeyOffset, int cipherKeyLength, byte[] salt, int saltOffset,
            byte[] authKey, int authKeyOffset, int authKeyLength);

        /// <summary>
        /// Encrypts the cipher range in place, then writes the first tagLength bytes of
        /// HMAC-SHA1(buffer[offset..offset+authLength) || ROC) to the tag range; the 4-byte ROC
        /// (index &gt;&gt; 16, big-endian) is appended only when <paramref name="authenticateRoc"/> (SRTP).
        /// </summary>
        void Protect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength);

        /// <summary>
        /// Computes the same MAC and compares it with the tag range in constant time. False: the packet
        /// is left untouched. True: the cipher range has been decrypted in place.
        /// </summary>
        bool Unprotect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength);

        /// <summary>Wipes all key state (native state too).</summary>
        void Clear();
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
