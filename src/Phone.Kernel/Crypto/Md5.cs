namespace Phone.Crypto
{
    /// <summary>
    /// MD5 (RFC 1321) in managed code, incremental, allocating only at construction. nanoFramework has no MD5
    /// class; SIP digest authentication still defaults to it (RFC 3261 §22.4, RFC 2617 §3.2.1). Not for new
    /// security designs: MD5 is kept for interoperability only (RFC 6151).
    /// </summary>
    public sealed class Md5 : BlockHash
    {
        /// <summary>Digest size in bytes.</summary>
        public const int DigestLength = 16;

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
        readonly uint[] _x = new uint[16];

        /// <summary>Creates a hash ready for <see cref="Update"/>.</summary>
        public Md5() : base(false)
        {
            Reset();
        }

        /// <summary>Digest size in bytes (16).</summary>
        public override int DigestSize
        {
            get { return DigestLength; }
        }

        /// <summary>The MD buffer of RFC 1321 §3.3.</summary>
        protected override void InitState()
        {
            _a = 0x67452301;
            _b = 0xEFCDAB89;
            _c = 0x98BADCFE;
            _d = 0x10325476;
        }

        /// <summary>The 16-byte digest, low-order byte first (RFC 1321 §3.5).</summary>
        protected override void WriteDigest(byte[] digest, int offset)
        {
            WriteLe(digest, offset, _a);
            WriteLe(digest, offset + 4, _b);
            WriteLe(digest, offset + 8, _c);
            WriteLe(digest, offset + 12, _d);
        }

        /// <summary>Wipes the message words.</summary>
        protected override void ClearWorkingState()
        {
            System.Array.Clear(_x, 0, 16);
        }

        // RFC 1321 §3.4: the four rounds over one 16-word block.
        protected override void Compress(byte[] m, int offset)
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
