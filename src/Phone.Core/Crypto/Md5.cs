namespace Phone.Crypto
{
    /// <summary>
    /// MD5 (RFC 1321) in managed code, incremental, allocating only at construction. nanoFramework has no MD5
    /// class; SIP digest authentication still defaults to it (RFC 3261 §22.4, RFC 2617 §3.2.1). Not for new
    /// security designs: MD5 is kept for interoperability only (RFC 6151).
    /// </summary>
    public sealed class Md5 : IHashFunction
    {
        /// <summary>Digest size in bytes.</summary>
        public const int DigestLength = 16;

        /// <summary>Message block size in bytes.</summary>
        public const int BlockLength = 64;

        // RFC 1321 §3.4: T[i] = floor(4294967296 * abs(sin(i))), i = 1..64.
        static readonly uint[] T =
        {
            0xD76AA478, 0xE8C7B756, 0x242070DB, 0xC1BDCEEE, 0xF57C0FAF, 0x4787C62A, 0xA8304613, 0xFD469501,
            0x698098D8, 0x8B44F7AF, 0xFFFF5BB1, 0x895CD7BE, 0x6B901122, 0xFD987193, 0xA679438E, 0x49B40821,
            0xF61E2562, 0xC040B340, 0x265E5A51, 0xE9B6C7AA, 0xD62F105D, 0x02441453, 0xD8A1E681, 0xE7D3FBC8,
            0x21E1CDE6, 0xC33707D6, 0xF4D50D87, 0x455A14ED, 0xA9E3E905, 0xFCEFA3F8, 0x676F02D9, 0x8D2A4C8A,
            0xFFFA3942, 0x8771F681, 0x6D9D6122, 0xFDE5380C, 0xA4BEEA44, 0x4BDECFA9, 0xF6BB4B60, 0xBEBFBC70,
            0x289B7EC6, 0xEAA127FA, 0xD4EF3085, 0x04881D05, 0xD9D4D039, 0xE6DB99E5, 0x1FA27CF8, 0xC4AC5665,
            0xF4292244, 0x432AFF97, 0xAB9423A7, 0xFC93A039, 0x655B59C3, 0x8F0CCC92, 0xFFEFF47D, 0x85845DD1,
            0x6FA87E4F, 0xFE2CE6E0, 0xA3014314, 0x4E0811A1, 0xF7537E82, 0xBD3AF235, 0x2AD7D2BB, 0xEB86D391,
        };

        uint _a, _b, _c, _d;
        readonly byte[] _block = new byte[BlockLength];
        readonly uint[] _x = new uint[16];
        int _blockUsed;
        long _length;

        /// <summary>Creates a hash ready for <see cref="Update"/>.</summary>
        public Md5()
        {
            Reset();
        }

        /// <summary>Digest size in bytes (16).</summary>
        public int DigestSize
        {
            get { return DigestLength; }
        }

        /// <summary>Starts a new message with the MD buffer of RFC 1321 §3.3.</summary>
        public void Reset()
        {
            _a = 0x67452301;
            _b = 0xEFCDAB89;
            _c = 0x98BADCFE;
            _d = 0x10325476;
            _blockUsed = 0;
            _length = 0;
        }

        /// <summary>Hashes <c>data[offset .. offset+count)</c>; an invalid range hashes nothing.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            if (data == null || count <= 0 || offset < 0 || offset > data.Length - count)
            {
                return;
            }

            _length += count;
            if (_blockUsed > 0)
            {
                int take = BlockLength - _blockUsed;
                if (take > count)
                {
                    take = count;
                }

                System.Array.Copy(data, offset, _block, _blockUsed, take);
                _blockUsed += take;
                offset += take;
                count -= take;
                if (_blockUsed < BlockLength)
                {
                    return;
                }

                Compress(_block, 0);
                _blockUsed = 0;
            }

            while (count >= BlockLength)
            {
                Compress(data, offset);
                offset += BlockLength;
                count -= BlockLength;
            }

            if (count > 0)
            {
                System.Array.Copy(data, offset, _block, 0, count);
                _blockUsed = count;
            }
        }

        /// <summary>Pads (RFC 1321 §3.1–3.2), writes the 16-byte digest (§3.5, low-order byte first) and starts a new message.</summary>
        public void Finish(byte[] digest, int offset)
        {
            long bits = _length << 3;
            byte[] block = _block;
            block[_blockUsed++] = 0x80;
            if (_blockUsed > BlockLength - 8)
            {
                System.Array.Clear(block, _blockUsed, BlockLength - _blockUsed);
                Compress(block, 0);
                _blockUsed = 0;
            }

            System.Array.Clear(block, _blockUsed, BlockLength - 8 - _blockUsed);
            WriteLe(block, 56, (uint)bits);
            WriteLe(block, 60, (uint)(bits >> 32));
            Compress(block, 0);
            WriteLe(digest, offset, _a);
            WriteLe(digest, offset + 4, _b);
            WriteLe(digest, offset + 8, _c);
            WriteLe(digest, offset + 12, _d);
            System.Array.Clear(block, 0, BlockLength);
            Reset();
        }

        /// <summary>Finishes the message and returns its digest as 32 lower-case hex digits.</summary>
        public string FinishHex()
        {
            byte[] digest = new byte[DigestLength];
            Finish(digest, 0);
            return HexText.ToLower(digest, 0, DigestLength);
        }

        /// <summary>Wipes the chaining value, buffered input and message words.</summary>
        public void Clear()
        {
            System.Array.Clear(_block, 0, BlockLength);
            System.Array.Clear(_x, 0, 16);
            Reset();
        }

        static void WriteLe(byte[] b, int o, uint v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
            b[o + 2] = (byte)(v >> 16);
            b[o + 3] = (byte)(v >> 24);
        }

        // RFC 1321 §3.4: the four rounds over one 16-word block.
        void Compress(byte[] m, int offset)
        {
            uint[] x = _x;
            for (int i = 0; i < 16; i++)
            {
                int o = offset + 4 * i;
                x[i] = (uint)(m[o] | (m[o + 1] << 8) | (m[o + 2] << 16) | (m[o + 3] << 24));
            }

            uint[] t = T;
            uint a = _a, b = _b, c = _c, d = _d;

            // Round 1: F(X,Y,Z) = XY v not(X) Z; [abcd k s i] a = b + ((a + F(b,c,d) + X[k] + T[i]) <<< s).
            for (int i = 0; i < 16; i += 4)
            {
                a += ((b & c) | (~b & d)) + x[i] + t[i];
                a = ((a << 7) | (a >> 25)) + b;
                d += ((a & b) | (~a & c)) + x[i + 1] + t[i + 1];
                d = ((d << 12) | (d >> 20)) + a;
                c += ((d & a) | (~d & b)) + x[i + 2] + t[i + 2];
                c = ((c << 17) | (c >> 15)) + d;
                b += ((c & d) | (~c & a)) + x[i + 3] + t[i + 3];
                b = ((b << 22) | (b >> 10)) + c;
            }

            // Round 2: G(X,Y,Z) = XZ v Y not(Z); message word k = (1 + 5i) mod 16.
            for (int i = 16; i < 32; i += 4)
            {
                a += ((b & d) | (c & ~d)) + x[(5 * i + 1) & 15] + t[i];
                a = ((a << 5) | (a >> 27)) + b;
                d += ((a & c) | (b & ~c)) + x[(5 * i + 6) & 15] + t[i + 1];
                d = ((d << 9) | (d >> 23)) + a;
                c += ((d & b) | (a & ~b)) + x[(5 * i + 11) & 15] + t[i + 2];
                c = ((c << 14) | (c >> 18)) + d;
                b += ((c & a) | (d & ~a)) + x[(5 * i + 16) & 15] + t[i + 3];
                b = ((b << 20) | (b >> 12)) + c;
            }

            // Round 3: H(X,Y,Z) = X xor Y xor Z; message word k = (5 + 3i) mod 16.
            for (int i = 32; i < 48; i += 4)
            {
                a += (b ^ c ^ d) + x[(3 * i + 5) & 15] + t[i];
                a = ((a << 4) | (a >> 28)) + b;
                d += (a ^ b ^ c) + x[(3 * i + 8) & 15] + t[i + 1];
                d = ((d << 11) | (d >> 21)) + a;
                c += (d ^ a ^ b) + x[(3 * i + 11) & 15] + t[i + 2];
                c = ((c << 16) | (c >> 16)) + d;
                b += (c ^ d ^ a) + x[(3 * i + 14) & 15] + t[i + 3];
                b = ((b << 23) | (b >> 9)) + c;
            }

            // Round 4: I(X,Y,Z) = Y xor (X v not(Z)); message word k = 7i mod 16.
            for (int i = 48; i < 64; i += 4)
            {
                a += (c ^ (b | ~d)) + x[(7 * i) & 15] + t[i];
                a = ((a << 6) | (a >> 26)) + b;
                d += (b ^ (a | ~c)) + x[(7 * i + 7) & 15] + t[i + 1];
                d = ((d << 10) | (d >> 22)) + a;
                c += (a ^ (d | ~b)) + x[(7 * i + 14) & 15] + t[i + 2];
                c = ((c << 15) | (c >> 17)) + d;
                b += (d ^ (c | ~a)) + x[(7 * i + 21) & 15] + t[i + 3];
                b = ((b << 21) | (b >> 11)) + c;
            }

            _a += a;
            _b += b;
            _c += c;
            _d += d;
        }
    }
}
