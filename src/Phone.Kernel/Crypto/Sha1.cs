namespace Phone.Crypto
{
    /// <summary>
    /// SHA-1 (FIPS 180-4 §6.1) in managed code, incremental, allocating only at construction.
    /// SRTP needs it only inside HMAC-SHA1 (RFC 3711 §4.2.1); the saved/restored chaining state lets
    /// HMAC precompute its padded-key blocks once per key (RFC 2104 §4, "precomputations").
    /// </summary>
    public sealed class Sha1 : BlockHash
    {
        /// <summary>Digest size in bytes.</summary>
        public const int DigestLength = 20;

        uint _h0, _h1, _h2, _h3, _h4;
        readonly uint[] _w = new uint[80];

        /// <summary>Creates a hash ready for <see cref="Update"/>.</summary>
        public Sha1() : base(true)
        {
            Reset();
        }

        /// <summary>Digest size in bytes (20).</summary>
        public override int DigestSize
        {
            get { return DigestLength; }
        }

        /// <summary>The initial hash value H(0) (FIPS 180-4 §5.3.1).</summary>
        protected override void InitState()
        {
            _h0 = 0x67452301;
            _h1 = 0xEFCDAB89;
            _h2 = 0x98BADCFE;
            _h3 = 0x10325476;
            _h4 = 0xC3D2E1F0;
        }

        /// <summary>Copies the chaining value H0..H4 into <c>state[0..5)</c>; valid only on a block boundary.</summary>
        internal void SaveState(uint[] state)
        {
            state[0] = _h0;
            state[1] = _h1;
            state[2] = _h2;
            state[3] = _h3;
            state[4] = _h4;
        }

        /// <summary>Resumes from a chaining value saved after <paramref name="bytesHashed"/> bytes (a multiple of 64).</summary>
        internal void RestoreState(uint[] state, long bytesHashed)
        {
            _h0 = state[0];
            _h1 = state[1];
            _h2 = state[2];
            _h3 = state[3];
            _h4 = state[4];
            ResumeAfter(bytesHashed);
        }

        /// <summary>The 20-byte digest H0..H4, big-endian (FIPS 180-4 §6.1.2 step 4).</summary>
        protected override void WriteDigest(byte[] digest, int offset)
        {
            WriteBe(digest, offset, _h0);
            WriteBe(digest, offset + 4, _h1);
            WriteBe(digest, offset + 8, _h2);
            WriteBe(digest, offset + 12, _h3);
            WriteBe(digest, offset + 16, _h4);
        }

        /// <summary>Wipes the message schedule.</summary>
        protected override void ClearWorkingState()
        {
            System.Array.Clear(_w, 0, 80);
        }

        // SHA-1 hash computation, one 512-bit block (FIPS 180-4 §6.1.2).
        protected override void Compress(byte[] m, int offset)
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                w[t] = ReadBe(m, offset + 4 * t);
            }

            for (int t = 16; t < 80; t++)
            {
                uint x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
                w[t] = (x << 1) | (x >> 31);
            }

            uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4;
            for (int t = 0; t < 20; t++)
            {
                uint temp = ((a << 5) | (a >> 27)) + ((b & c) | (~b & d)) + e + 0x5A827999 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            for (int t = 20; t < 40; t++)
            {
                uint temp = ((a << 5) | (a >> 27)) + (b ^ c ^ d) + e + 0x6ED9EBA1 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            for (int t = 40; t < 60; t++)
            {
                uint temp = ((a << 5) | (a >> 27)) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDC + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            for (int t = 60; t < 80; t++)
            {
                uint temp = ((a << 5) | (a >> 27)) + (b ^ c ^ d) + e + 0xCA62C1D6 + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }

            _h0 += a;
            _h1 += b;
            _h2 += c;
            _h3 += d;
            _h4 += e;
        }
    }
}
