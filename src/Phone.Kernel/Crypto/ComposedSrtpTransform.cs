namespace Phone.Crypto
{
    /// <summary>
    /// <see cref="ISrtpTransform"/> built from an <see cref="IAesCtr"/> and an <see cref="IHmacSha1"/>:
    /// the managed kernel's transform (both run in C#, so composing costs nothing extra), and the
    /// reference any kernel's transform must match bit for bit. Over the native block contexts it is
    /// the two-native-calls-per-packet path (the native kernel's fallback when its context table is
    /// full). Buffers are allocated at construction; no call allocates.
    /// </summary>
    public sealed class ComposedSrtpTransform : ISrtpTransform
    {
        const int SaltLength = 14;
        const int TagLength = 20;
        const int MaxAuthKeyLength = 64;

        readonly IAesCtr _cipher;
        readonly IHmacSha1 _auth;
        readonly byte[] _salt = new byte[SaltLength];
        readonly byte[] _iv = new byte[16];
        readonly byte[] _roc = new byte[4];
        readonly byte[] _tag = new byte[TagLength];
        bool _keyed;

        public ComposedSrtpTransform(IAesCtr cipher, IHmacSha1 auth)
        {
            if (cipher == null || auth == null)
            {
                throw new System.ArgumentNullException(cipher == null ? "cipher" : "auth");
            }

            _cipher = cipher;
            _auth = auth;
        }

        /// <inheritdoc />
        public bool SetKeys(byte[] cipherKey, int cipherKeyOffset, int cipherKeyLength, byte[] salt, int saltOffset,
            byte[] authKey, int authKeyOffset, int authKeyLength)
        {
            Clear();
            if (salt == null || saltOffset < 0 || saltOffset > salt.Length - SaltLength ||
                authKeyLength < 0 || authKeyLength > MaxAuthKeyLength)
            {
                return false;
            }

            if (!_cipher.SetKey(cipherKey, cipherKeyOffset, cipherKeyLength) ||
                !_auth.SetKey(authKey, authKeyOffset, authKeyLength))
            {
                Clear();
                return false;
            }

            System.Array.Copy(salt, saltOffset, _salt, 0, SaltLength);
            _keyed = true;
            return true;
        }

        /// <inheritdoc />
        public void Protect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength)
        {
            Check(buffer, offset, authLength, cipherOffset, cipherLength, index, tagOffset, tagLength);
            if (cipherLength > 0)
            {
                SetIv(ssrc, index);
                _cipher.Xor(_iv, 0, buffer, cipherOffset, cipherLength);
            }

            Mac(buffer, offset, authLength, index, authenticateRoc);
            System.Array.Copy(_tag, 0, buffer, tagOffset, tagLength);
        }

        /// <inheritdoc />
        public bool Unprotect(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, uint ssrc,
            long index, bool authenticateRoc, int tagOffset, int tagLength)
        {
            Check(buffer, offset, authLength, cipherOffset, cipherLength, index, tagOffset, tagLength);
            Mac(buffer, offset, authLength, index, authenticateRoc);
            if (!ConstantTime.BytesEqual(_tag, 0, buffer, tagOffset, tagLength))
            {
                return false;
            }

            if (cipherLength > 0)
            {
                SetIv(ssrc, index);
                _cipher.Xor(_iv, 0, buffer, cipherOffset, cipherLength);
            }

            return true;
        }

        /// <inheritdoc />
        public void Clear()
        {
            _keyed = false;
            _cipher.Clear();
            _auth.Clear();
            System.Array.Clear(_salt, 0, SaltLength);
            System.Array.Clear(_iv, 0, _iv.Length);
            System.Array.Clear(_tag, 0, TagLength);
        }

        void Check(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, long index,
            int tagOffset, int tagLength)
        {
            if (!_keyed)
            {
                throw new System.InvalidOperationException("SRTP transform not keyed");
            }

            if (!SrtpTransformRanges.Valid(buffer, offset, authLength, cipherOffset, cipherLength, index, tagOffset, tagLength))
            {
                throw new System.ArgumentOutOfRangeException("offset");
            }
        }

        void Mac(byte[] buffer, int offset, int authLength, long index, bool authenticateRoc)
        {
            if (authenticateRoc)
            {
                uint roc = (uint)(index >> 16);
                _roc[0] = (byte)(roc >> 24);
                _roc[1] = (byte)(roc >> 16);
                _roc[2] = (byte)(roc >> 8);
                _roc[3] = (byte)roc;
                _auth.Compute(buffer, offset, authLength, _roc, 0, 4, _tag, 0);
            }
            else
            {
                _auth.Compute(buffer, offset, authLength, null, 0, 0, _tag, 0);
            }
        }

        // RFC 3711 §4.1.1: IV = (k_s·2^16) XOR (SSRC·2^64) XOR (i·2^16).
        void SetIv(uint ssrc, long index)
        {
            byte[] iv = _iv;
            System.Array.Copy(_salt, 0, iv, 0, SaltLength);
            iv[14] = 0;
            iv[15] = 0;
            iv[4] ^= (byte)(ssrc >> 24);
            iv[5] ^= (byte)(ssrc >> 16);
            iv[6] ^= (byte)(ssrc >> 8);
            iv[7] ^= (byte)ssrc;
            iv[8] ^= (byte)(index >> 40);
            iv[9] ^= (byte)(index >> 32);
            iv[10] ^= (byte)(index >> 24);
            iv[11] ^= (byte)(index >> 16);
            iv[12] ^= (byte)(index >> 8);
            iv[13] ^= (byte)index;
        }
    }

    /// <summary>The range rules of <see cref="ISrtpTransform"/>, shared by every kernel so all refuse the same calls.</summary>
    public static class SrtpTransformRanges
    {
        public static bool Valid(byte[] buffer, int offset, int authLength, int cipherOffset, int cipherLength, long index,
            int tagOffset, int tagLength)
        {
            return buffer != null && offset >= 0 && authLength >= 0 && offset <= buffer.Length - authLength &&
                cipherLength >= 0 && cipherOffset >= offset && cipherOffset - offset <= authLength - cipherLength &&
                tagLength > 0 && tagLength <= 20 && tagOffset >= 0 && tagOffset <= buffer.Length - tagLength &&
                index >= 0 && index <= 0xFFFFFFFFFFFFL;
        }
    }
}
