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

        /// <summary>Nothing to wipe: the message schedule lives in locals of <see cref="Compress"/>.</summary>
        protected override void ClearWorkingState()
        {
        }

        // SHA-1 hash computation, one 512-bit block (FIPS 180-4 §6.1.2), unrolled over locals: the
        // message schedule W_t lives in w0..w15 (W_t in w[t mod 16], §6.1.3's alternate method), so
        // the block costs no array accesses beyond reading its 64 bytes. Each round writes
        // T = ROTL^5(a) + f(b,c,d) + e + K_t + W_t into e's variable and ROTL^30(b) into b's instead of
        // moving all five, so the names rotate by one per round and are back in place after 80.
        protected override void Compress(byte[] m, int offset)
        {
            // W_0..W_15: the block as big-endian words (§6.1.2 step 1), read in place.
            uint w0 = ((uint)m[offset] << 24) | ((uint)m[offset + 1] << 16) | ((uint)m[offset + 2] << 8) | m[offset + 3];
            uint w1 = ((uint)m[offset + 4] << 24) | ((uint)m[offset + 5] << 16) | ((uint)m[offset + 6] << 8) | m[offset + 7];
            uint w2 = ((uint)m[offset + 8] << 24) | ((uint)m[offset + 9] << 16) | ((uint)m[offset + 10] << 8) | m[offset + 11];
            uint w3 = ((uint)m[offset + 12] << 24) | ((uint)m[offset + 13] << 16) | ((uint)m[offset + 14] << 8) | m[offset + 15];
            uint w4 = ((uint)m[offset + 16] << 24) | ((uint)m[offset + 17] << 16) | ((uint)m[offset + 18] << 8) | m[offset + 19];
            uint w5 = ((uint)m[offset + 20] << 24) | ((uint)m[offset + 21] << 16) | ((uint)m[offset + 22] << 8) | m[offset + 23];
            uint w6 = ((uint)m[offset + 24] << 24) | ((uint)m[offset + 25] << 16) | ((uint)m[offset + 26] << 8) | m[offset + 27];
            uint w7 = ((uint)m[offset + 28] << 24) | ((uint)m[offset + 29] << 16) | ((uint)m[offset + 30] << 8) | m[offset + 31];
            uint w8 = ((uint)m[offset + 32] << 24) | ((uint)m[offset + 33] << 16) | ((uint)m[offset + 34] << 8) | m[offset + 35];
            uint w9 = ((uint)m[offset + 36] << 24) | ((uint)m[offset + 37] << 16) | ((uint)m[offset + 38] << 8) | m[offset + 39];
            uint w10 = ((uint)m[offset + 40] << 24) | ((uint)m[offset + 41] << 16) | ((uint)m[offset + 42] << 8) | m[offset + 43];
            uint w11 = ((uint)m[offset + 44] << 24) | ((uint)m[offset + 45] << 16) | ((uint)m[offset + 46] << 8) | m[offset + 47];
            uint w12 = ((uint)m[offset + 48] << 24) | ((uint)m[offset + 49] << 16) | ((uint)m[offset + 50] << 8) | m[offset + 51];
            uint w13 = ((uint)m[offset + 52] << 24) | ((uint)m[offset + 53] << 16) | ((uint)m[offset + 54] << 8) | m[offset + 55];
            uint w14 = ((uint)m[offset + 56] << 24) | ((uint)m[offset + 57] << 16) | ((uint)m[offset + 58] << 8) | m[offset + 59];
            uint w15 = ((uint)m[offset + 60] << 24) | ((uint)m[offset + 61] << 16) | ((uint)m[offset + 62] << 8) | m[offset + 63];
            uint a = _h0, b = _h1, c = _h2, d = _h3, e = _h4;
            uint x;

            // Rounds 0-19: Ch (FIPS 180-4 §4.1.1), K = 5A827999 (§4.2.1).
            e += (((a << 5) | (a >> 27)) + (d ^ (b & (c ^ d)))) + 0x5A827999 + w0;
            b = (b << 30) | (b >> 2);
            d += (((e << 5) | (e >> 27)) + (c ^ (a & (b ^ c)))) + 0x5A827999 + w1;
            a = (a << 30) | (a >> 2);
            c += (((d << 5) | (d >> 27)) + (b ^ (e & (a ^ b)))) + 0x5A827999 + w2;
            e = (e << 30) | (e >> 2);
            b += (((c << 5) | (c >> 27)) + (a ^ (d & (e ^ a)))) + 0x5A827999 + w3;
            d = (d << 30) | (d >> 2);
            a += (((b << 5) | (b >> 27)) + (e ^ (c & (d ^ e)))) + 0x5A827999 + w4;
            c = (c << 30) | (c >> 2);
            e += (((a << 5) | (a >> 27)) + (d ^ (b & (c ^ d)))) + 0x5A827999 + w5;
            b = (b << 30) | (b >> 2);
            d += (((e << 5) | (e >> 27)) + (c ^ (a & (b ^ c)))) + 0x5A827999 + w6;
            a = (a << 30) | (a >> 2);
            c += (((d << 5) | (d >> 27)) + (b ^ (e & (a ^ b)))) + 0x5A827999 + w7;
            e = (e << 30) | (e >> 2);
            b += (((c << 5) | (c >> 27)) + (a ^ (d & (e ^ a)))) + 0x5A827999 + w8;
            d = (d << 30) | (d >> 2);
            a += (((b << 5) | (b >> 27)) + (e ^ (c & (d ^ e)))) + 0x5A827999 + w9;
            c = (c << 30) | (c >> 2);
            e += (((a << 5) | (a >> 27)) + (d ^ (b & (c ^ d)))) + 0x5A827999 + w10;
            b = (b << 30) | (b >> 2);
            d += (((e << 5) | (e >> 27)) + (c ^ (a & (b ^ c)))) + 0x5A827999 + w11;
            a = (a << 30) | (a >> 2);
            c += (((d << 5) | (d >> 27)) + (b ^ (e & (a ^ b)))) + 0x5A827999 + w12;
            e = (e << 30) | (e >> 2);
            b += (((c << 5) | (c >> 27)) + (a ^ (d & (e ^ a)))) + 0x5A827999 + w13;
            d = (d << 30) | (d >> 2);
            a += (((b << 5) | (b >> 27)) + (e ^ (c & (d ^ e)))) + 0x5A827999 + w14;
            c = (c << 30) | (c >> 2);
            e += (((a << 5) | (a >> 27)) + (d ^ (b & (c ^ d)))) + 0x5A827999 + w15;
            b = (b << 30) | (b >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (c ^ (a & (b ^ c)))) + 0x5A827999 + w0;
            a = (a << 30) | (a >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (b ^ (e & (a ^ b)))) + 0x5A827999 + w1;
            e = (e << 30) | (e >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (a ^ (d & (e ^ a)))) + 0x5A827999 + w2;
            d = (d << 30) | (d >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (e ^ (c & (d ^ e)))) + 0x5A827999 + w3;
            c = (c << 30) | (c >> 2);

            // Rounds 20-39: Parity, K = 6ED9EBA1.
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0x6ED9EBA1 + w4;
            b = (b << 30) | (b >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0x6ED9EBA1 + w5;
            a = (a << 30) | (a >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0x6ED9EBA1 + w6;
            e = (e << 30) | (e >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0x6ED9EBA1 + w7;
            d = (d << 30) | (d >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0x6ED9EBA1 + w8;
            c = (c << 30) | (c >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0x6ED9EBA1 + w9;
            b = (b << 30) | (b >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0x6ED9EBA1 + w10;
            a = (a << 30) | (a >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0x6ED9EBA1 + w11;
            e = (e << 30) | (e >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0x6ED9EBA1 + w12;
            d = (d << 30) | (d >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0x6ED9EBA1 + w13;
            c = (c << 30) | (c >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0x6ED9EBA1 + w14;
            b = (b << 30) | (b >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0x6ED9EBA1 + w15;
            a = (a << 30) | (a >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0x6ED9EBA1 + w0;
            e = (e << 30) | (e >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0x6ED9EBA1 + w1;
            d = (d << 30) | (d >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0x6ED9EBA1 + w2;
            c = (c << 30) | (c >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0x6ED9EBA1 + w3;
            b = (b << 30) | (b >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0x6ED9EBA1 + w4;
            a = (a << 30) | (a >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0x6ED9EBA1 + w5;
            e = (e << 30) | (e >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0x6ED9EBA1 + w6;
            d = (d << 30) | (d >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0x6ED9EBA1 + w7;
            c = (c << 30) | (c >> 2);

            // Rounds 40-59: Maj, K = 8F1BBCDC.
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + ((b & c) | (d & (b | c)))) + 0x8F1BBCDC + w8;
            b = (b << 30) | (b >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + ((a & b) | (c & (a | b)))) + 0x8F1BBCDC + w9;
            a = (a << 30) | (a >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + ((e & a) | (b & (e | a)))) + 0x8F1BBCDC + w10;
            e = (e << 30) | (e >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + ((d & e) | (a & (d | e)))) + 0x8F1BBCDC + w11;
            d = (d << 30) | (d >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + ((c & d) | (e & (c | d)))) + 0x8F1BBCDC + w12;
            c = (c << 30) | (c >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + ((b & c) | (d & (b | c)))) + 0x8F1BBCDC + w13;
            b = (b << 30) | (b >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + ((a & b) | (c & (a | b)))) + 0x8F1BBCDC + w14;
            a = (a << 30) | (a >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + ((e & a) | (b & (e | a)))) + 0x8F1BBCDC + w15;
            e = (e << 30) | (e >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + ((d & e) | (a & (d | e)))) + 0x8F1BBCDC + w0;
            d = (d << 30) | (d >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + ((c & d) | (e & (c | d)))) + 0x8F1BBCDC + w1;
            c = (c << 30) | (c >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + ((b & c) | (d & (b | c)))) + 0x8F1BBCDC + w2;
            b = (b << 30) | (b >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + ((a & b) | (c & (a | b)))) + 0x8F1BBCDC + w3;
            a = (a << 30) | (a >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + ((e & a) | (b & (e | a)))) + 0x8F1BBCDC + w4;
            e = (e << 30) | (e >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + ((d & e) | (a & (d | e)))) + 0x8F1BBCDC + w5;
            d = (d << 30) | (d >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + ((c & d) | (e & (c | d)))) + 0x8F1BBCDC + w6;
            c = (c << 30) | (c >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + ((b & c) | (d & (b | c)))) + 0x8F1BBCDC + w7;
            b = (b << 30) | (b >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + ((a & b) | (c & (a | b)))) + 0x8F1BBCDC + w8;
            a = (a << 30) | (a >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + ((e & a) | (b & (e | a)))) + 0x8F1BBCDC + w9;
            e = (e << 30) | (e >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + ((d & e) | (a & (d | e)))) + 0x8F1BBCDC + w10;
            d = (d << 30) | (d >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + ((c & d) | (e & (c | d)))) + 0x8F1BBCDC + w11;
            c = (c << 30) | (c >> 2);

            // Rounds 60-79: Parity, K = CA62C1D6.
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0xCA62C1D6 + w12;
            b = (b << 30) | (b >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0xCA62C1D6 + w13;
            a = (a << 30) | (a >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0xCA62C1D6 + w14;
            e = (e << 30) | (e >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0xCA62C1D6 + w15;
            d = (d << 30) | (d >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0xCA62C1D6 + w0;
            c = (c << 30) | (c >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0xCA62C1D6 + w1;
            b = (b << 30) | (b >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0xCA62C1D6 + w2;
            a = (a << 30) | (a >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0xCA62C1D6 + w3;
            e = (e << 30) | (e >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0xCA62C1D6 + w4;
            d = (d << 30) | (d >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0xCA62C1D6 + w5;
            c = (c << 30) | (c >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0xCA62C1D6 + w6;
            b = (b << 30) | (b >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0xCA62C1D6 + w7;
            a = (a << 30) | (a >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0xCA62C1D6 + w8;
            e = (e << 30) | (e >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0xCA62C1D6 + w9;
            d = (d << 30) | (d >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0xCA62C1D6 + w10;
            c = (c << 30) | (c >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            e += (((a << 5) | (a >> 27)) + (b ^ c ^ d)) + 0xCA62C1D6 + w11;
            b = (b << 30) | (b >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            d += (((e << 5) | (e >> 27)) + (a ^ b ^ c)) + 0xCA62C1D6 + w12;
            a = (a << 30) | (a >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            c += (((d << 5) | (d >> 27)) + (e ^ a ^ b)) + 0xCA62C1D6 + w13;
            e = (e << 30) | (e >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            b += (((c << 5) | (c >> 27)) + (d ^ e ^ a)) + 0xCA62C1D6 + w14;
            d = (d << 30) | (d >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            a += (((b << 5) | (b >> 27)) + (c ^ d ^ e)) + 0xCA62C1D6 + w15;
            c = (c << 30) | (c >> 2);

            _h0 += a;
            _h1 += b;
            _h2 += c;
            _h3 += d;
            _h4 += e;
        }
    }
}
