using System;

namespace Phone.Crypto.Native
{
    /// <summary>
    /// HMAC-SHA1 (RFC 2104) over two ranges with one native call per Compute. Only the raw key is
    /// kept, in a managed 64-byte array (the SHA-1 block size, the longest key the interface
    /// accepts); the native side hashes both pad blocks again on every call, two SHA-1 compressions
    /// the per-packet path avoids (<see cref="NativeSrtpTransform"/> caches the pad state natively).
    /// This block-level context serves other users and the transform's fallback. Nothing is
    /// allocated after construction.
    /// </summary>
    public sealed class NativeHmacSha1 : IHmacSha1
    {
        private const int TagSize = 20;
        private readonly byte[] _key = new byte[64];
        private int _keyLength = -1;

        public bool SetKey(byte[] key, int offset, int length)
        {
            if (key == null || length < 0 || length > _key.Length || offset < 0 || offset > key.Length - length)
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

        public void Compute(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset)
        {
            if (_keyLength < 0)
            {
                throw new InvalidOperationException("HMAC key not set");
            }

            if (!RangeOk(a, aOffset, aLength))
            {
                throw new ArgumentOutOfRangeException("aLength");
            }

            if (!RangeOk(b, bOffset, bLength))
            {
                throw new ArgumentOutOfRangeException("bLength");
            }

            if (tag == null || tagOffset < 0 || tagOffset > tag.Length - TagSize)
            {
                throw new ArgumentOutOfRangeException("tagOffset");
            }

            int rc = NativeMethods.HmacSha1(_key, 0, _keyLength, a, aOffset, aLength, b, bOffset, bLength, tag, tagOffset);
            if (rc != 0)
            {
                throw new InvalidOperationException("native HMAC-SHA1 failed");
            }
        }

        public void Clear()
        {
            Array.Clear(_key, 0, _key.Length);
            _keyLength = -1;
        }

        // An empty range may come with a null array (SRTCP passes no second range).
        private static bool RangeOk(byte[] buffer, int offset, int length)
        {
            if (length == 0)
            {
                return true;
            }

            return buffer != null && length > 0 && offset >= 0 && offset <= buffer.Length - length;
        }
    }
}
