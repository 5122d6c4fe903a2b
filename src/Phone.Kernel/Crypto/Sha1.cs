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

        /// <summary>
        /// Ends a message whose last block the caller has already padded (FIPS 180-4 §5.1.1): compresses
        /// <c>m[offset .. offset+64)</c>, writes the digest and starts a new message. HMAC's outer hash
        /// is one such block of fixed layout, so it skips the buffering of <see cref="BlockHash.Update"/>.
        /// </summary>
        internal void FinishPadded(byte[] m, int offset, byte[] digest, int digestOffset)
        {
            Compress(m, offset);
            WriteDigest(digest, digestOffset);
            Reset();
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
        // T is summed as e + W_t + K_t + f(b,c,d) + ROTL^5(a): only a was written by the round before, so
        // the other four terms add up while it is computed and each round waits for one rotate and one
        // add (summing ROTL^5(a) first chains four operations per round: about 30 % slower on the host).
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
            e = e + w0 + 0x5A827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            d = d + w1 + 0x5A827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            c = c + w2 + 0x5A827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            b = b + w3 + 0x5A827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            a = a + w4 + 0x5A827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            e = e + w5 + 0x5A827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            d = d + w6 + 0x5A827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            c = c + w7 + 0x5A827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            b = b + w8 + 0x5A827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            a = a + w9 + 0x5A827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            e = e + w10 + 0x5A827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            d = d + w11 + 0x5A827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            c = c + w12 + 0x5A827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            b = b + w13 + 0x5A827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            a = a + w14 + 0x5A827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            e = e + w15 + 0x5A827999 + (d ^ (b & (c ^ d))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            d = d + w0 + 0x5A827999 + (c ^ (a & (b ^ c))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            c = c + w1 + 0x5A827999 + (b ^ (e & (a ^ b))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            b = b + w2 + 0x5A827999 + (a ^ (d & (e ^ a))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            a = a + w3 + 0x5A827999 + (e ^ (c & (d ^ e))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);

            // Rounds 20-39: Parity, K = 6ED9EBA1.
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            e = e + w4 + 0x6ED9EBA1 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            d = d + w5 + 0x6ED9EBA1 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            c = c + w6 + 0x6ED9EBA1 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            b = b + w7 + 0x6ED9EBA1 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            a = a + w8 + 0x6ED9EBA1 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            e = e + w9 + 0x6ED9EBA1 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            d = d + w10 + 0x6ED9EBA1 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            c = c + w11 + 0x6ED9EBA1 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            b = b + w12 + 0x6ED9EBA1 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            a = a + w13 + 0x6ED9EBA1 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            e = e + w14 + 0x6ED9EBA1 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            d = d + w15 + 0x6ED9EBA1 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            c = c + w0 + 0x6ED9EBA1 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            b = b + w1 + 0x6ED9EBA1 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            a = a + w2 + 0x6ED9EBA1 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            e = e + w3 + 0x6ED9EBA1 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            d = d + w4 + 0x6ED9EBA1 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            c = c + w5 + 0x6ED9EBA1 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            b = b + w6 + 0x6ED9EBA1 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            a = a + w7 + 0x6ED9EBA1 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);

            // Rounds 40-59: Maj, K = 8F1BBCDC.
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            e = e + w8 + 0x8F1BBCDC + ((b & c) | (d & (b | c))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            d = d + w9 + 0x8F1BBCDC + ((a & b) | (c & (a | b))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            c = c + w10 + 0x8F1BBCDC + ((e & a) | (b & (e | a))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            b = b + w11 + 0x8F1BBCDC + ((d & e) | (a & (d | e))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            a = a + w12 + 0x8F1BBCDC + ((c & d) | (e & (c | d))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            e = e + w13 + 0x8F1BBCDC + ((b & c) | (d & (b | c))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            d = d + w14 + 0x8F1BBCDC + ((a & b) | (c & (a | b))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            c = c + w15 + 0x8F1BBCDC + ((e & a) | (b & (e | a))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            b = b + w0 + 0x8F1BBCDC + ((d & e) | (a & (d | e))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            a = a + w1 + 0x8F1BBCDC + ((c & d) | (e & (c | d))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            e = e + w2 + 0x8F1BBCDC + ((b & c) | (d & (b | c))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            d = d + w3 + 0x8F1BBCDC + ((a & b) | (c & (a | b))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            c = c + w4 + 0x8F1BBCDC + ((e & a) | (b & (e | a))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            b = b + w5 + 0x8F1BBCDC + ((d & e) | (a & (d | e))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            a = a + w6 + 0x8F1BBCDC + ((c & d) | (e & (c | d))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            e = e + w7 + 0x8F1BBCDC + ((b & c) | (d & (b | c))) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            d = d + w8 + 0x8F1BBCDC + ((a & b) | (c & (a | b))) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            c = c + w9 + 0x8F1BBCDC + ((e & a) | (b & (e | a))) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            b = b + w10 + 0x8F1BBCDC + ((d & e) | (a & (d | e))) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            a = a + w11 + 0x8F1BBCDC + ((c & d) | (e & (c | d))) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);

            // Rounds 60-79: Parity, K = CA62C1D6.
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            e = e + w12 + 0xCA62C1D6 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            d = d + w13 + 0xCA62C1D6 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            c = c + w14 + 0xCA62C1D6 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            b = b + w15 + 0xCA62C1D6 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            a = a + w0 + 0xCA62C1D6 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            e = e + w1 + 0xCA62C1D6 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            d = d + w2 + 0xCA62C1D6 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            c = c + w3 + 0xCA62C1D6 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            b = b + w4 + 0xCA62C1D6 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            a = a + w5 + 0xCA62C1D6 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            e = e + w6 + 0xCA62C1D6 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            d = d + w7 + 0xCA62C1D6 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            c = c + w8 + 0xCA62C1D6 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            b = b + w9 + 0xCA62C1D6 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            a = a + w10 + 0xCA62C1D6 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            e = e + w11 + 0xCA62C1D6 + (b ^ c ^ d) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            d = d + w12 + 0xCA62C1D6 + (a ^ b ^ c) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            c = c + w13 + 0xCA62C1D6 + (e ^ a ^ b) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            b = b + w14 + 0xCA62C1D6 + (d ^ e ^ a) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            a = a + w15 + 0xCA62C1D6 + (c ^ d ^ e) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);

            _h0 += a;
            _h1 += b;
            _h2 += c;
            _h3 += d;
            _h4 += e;
        }
    }
}
