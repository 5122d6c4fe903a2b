using System;

namespace Phone.Crypto.Native
{
    /// <summary>
    /// AES-CTR (NIST SP 800-38A §6.5, RFC 3711 AES-CM) with one native call per Xor, for session-key
    /// derivation and the transform's fallback; per packet <see cref="NativeSrtpTransform"/> uses a
    /// key schedule cached natively. Only the raw key is kept here, in a managed array sized for
    /// AES-256 at construction; the native side expands it on every call (mbedtls_aes_setkey_enc; a
    /// plain copy on the ESP32 AES accelerator). Nothing is allocated after construction.
    /// </summary>
    public sealed class NativeAesCtr : IAesCtr
    {
        private const int BlockSize = 16;
        private readonly byte[] _key = new byte[32];
        private int _keyLength;

        public bool SetKey(byte[] key, int offset, int length)
        {
            if (key == null || (length != 16 && length != 32) || offset < 0 || offset > key.Length - length)
            {
                return false;
            }

            Array.Copy(key, offset, _key, 0, length);
            if (length < _key.Length)
            {
                Array.Clear(_key, length, _key.Length - length);
            }

            _keyLength = length;
            return true;
        }

        public void Xor(byte[] iv, int ivOffset, byte[] data, int offset, int length)
        {
            if (_keyLength == 0)
            {
                throw new InvalidOperationException("AES-CTR key not set");
            }

            if (iv == null || ivOffset < 0 || ivOffset > iv.Length - BlockSize)
            {
                throw new ArgumentOutOfRangeException("ivOffset");
            }

            if (length < 0 || (length > 0 && (data == null || offset < 0 || offset > data.Length - length)))
            {
                throw new ArgumentOutOfRangeException("length");
            }

            if (length == 0)
            {
                return;
            }

            int rc = NativeMethods.AesCtrXor(_key, 0, _keyLength, iv, ivOffset, data, offset, length);
            if (rc != 0)
            {
                throw new InvalidOperationException("native AES-CTR failed");
            }
        }

        public void Clear()
        {
            Array.Clear(_key, 0, _key.Length);
            _keyLength = 0;
        }
    }
}
