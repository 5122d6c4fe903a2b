namespace Phone.Crypto
{
    /// <summary>
    /// An incremental message digest (MD5, SHA-256): the one shape digest authentication needs to switch
    /// algorithms per challenge (RFC 7616 §3.2, "H(data)").
    /// </summary>
    public interface IHashFunction
    {
        /// <summary>Digest size in bytes.</summary>
        int DigestSize { get; }

        /// <summary>Hashes <c>data[offset .. offset+count)</c>; out-of-range arguments are ignored (nothing is hashed).</summary>
        void Update(byte[] data, int offset, int count);

        /// <summary>Pads the message, writes the digest at <c>digest[offset]</c> and starts a new message.</summary>
        void Finish(byte[] digest, int offset);

        /// <summary>Starts a new message, discarding buffered input.</summary>
        void Reset();
    }
}
