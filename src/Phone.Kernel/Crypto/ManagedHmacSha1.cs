using Phone.Crypto;

namespace Phone.Crypto
{
    /// <summary>
    /// HMAC-SHA1 (RFC 2104) in managed code. SetKey hashes the two padded-key blocks once and keeps
    /// their chaining values (RFC 2104 §4), so each <see cref="Compute"/> hashes only the message and
    /// one outer block: two SHA-1 compressions fewer per SRTP packet. The outer block is laid out once
    /// (inner digest, then its padding); the inner hash writes its digest straight into it.
    /// </summary>
    public sealed class ManagedHmacSha1 : IHmacSha1
    {
        readonly Sha1 _sha = new Sha1();
        readonly uint[] _inner = new uint[5];
        readonly uint[] _outer = new uint[5];
        readonly byte[] _pad = new byte[Sha1.BlockLength];
        // The outer hash's only block after K xor opad: H(K xor ipad, text) in bytes 0-19, then the
        // padding of a 64 + 20-byte message (FIPS 180-4 §5.1.1): 0x80, zeros, length 672 bits.
        readonly byte[] _outerBlock = new byte[Sha1.BlockLength];

        /// <inheritdoc />
        public bool SetKey(byte[] key, int offset, int length)
        {
            // Keys longer than the block must be hashed first (RFC 2104 §2); the kernel contract leaves
            // that to the caller, since SRTP auth keys are 20 bytes (RFC 3711 §4.2.1).
            if (key == null || offset < 0 || length < 0 || length > Sha1.BlockLength || offset > key.Length - length)
            {
                return false;
            }

            // K xor ipad (0x36 repeated), zero-padded to B = 64 bytes (RFC 2104 §2).
            System.Array.Clear(_pad, 0, Sha1.BlockLength);
            System.Array.Copy(key, offset, _pad, 0, length);
            for (int i = 0; i < Sha1.BlockLength; i++)
            {
                _pad[i] ^= 0x36;
            }

            _sha.Reset();
            _sha.Update(_pad, 0, Sha1.BlockLength);
            _sha.SaveState(_inner);

            // K xor opad (0x5C): flip each byte from ipad to opad.
            for (int i = 0; i < Sha1.BlockLength; i++)
            {
                _pad[i] ^= 0x36 ^ 0x5C;
            }

            _sha.Reset();
            _sha.Update(_pad, 0, Sha1.BlockLength);
            _sha.SaveState(_outer);
            _sha.Reset();
            System.Array.Clear(_pad, 0, Sha1.BlockLength);
            System.Array.Clear(_outerBlock, 0, Sha1.BlockLength);
            _outerBlock[Sha1.DigestLength] = 0x80;
            _outerBlock[Sha1.BlockLength - 2] = (Sha1.BlockLength + Sha1.DigestLength) * 8 >> 8;
            _outerBlock[Sha1.BlockLength - 1] = (Sha1.BlockLength + Sha1.DigestLength) * 8 & 0xFF;
            return true;
        }

        /// <inheritdoc />
        public void Compute(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset)
        {
            // H(K xor opad, H(K xor ipad, text)) with text = a || b (RFC 2104 §2).
            _sha.RestoreState(_inner, Sha1.BlockLength);
            if (aLength > 0)
            {
                _sha.Update(a, aOffset, aLength);
            }

            if (bLength > 0)
            {
                _sha.Update(b, bOffset, bLength);
            }

            _sha.Finish(_outerBlock, 0);
            _sha.RestoreState(_outer, Sha1.BlockLength);
            _sha.FinishPadded(_outerBlock, 0, tag, tagOffset);
        }

        /// <inheritdoc />
        public void Clear()
        {
            System.Array.Clear(_inner, 0, 5);
            System.Array.Clear(_outer, 0, 5);
            System.Array.Clear(_outerBlock, 0, Sha1.BlockLength);
            _sha.Clear();
        }
    }
}
