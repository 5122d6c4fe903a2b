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

        // BitConverter reads a word in the machine's byte order (a native call on nanoFramework, one load on
        // the host); on a little-endian machine Compress swaps it into SHA's big-endian order (FIPS 180-4 §3.1).
        static readonly bool LittleEndian = System.BitConverter.IsLittleEndian;

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
            // W_0..W_15: the block as big-endian words (§6.1.2 step 1), read in place a word at a time and
            // byte-swapped with two masks and two rotations (about 10 % faster per HMAC on the host than
            // assembling each word from four bytes).
            uint w0 = System.BitConverter.ToUInt32(m, offset);
            uint w1 = System.BitConverter.ToUInt32(m, offset + 4);
            uint w2 = System.BitConverter.ToUInt32(m, offset + 8);
            uint w3 = System.BitConverter.ToUInt32(m, offset + 12);
            uint w4 = System.BitConverter.ToUInt32(m, offset + 16);
            uint w5 = System.BitConverter.ToUInt32(m, offset + 20);
            uint w6 = System.BitConverter.ToUInt32(m, offset + 24);
            uint w7 = System.BitConverter.ToUInt32(m, offset + 28);
            uint w8 = System.BitConverter.ToUInt32(m, offset + 32);
            uint w9 = System.BitConverter.ToUInt32(m, offset + 36);
            uint w10 = System.BitConverter.ToUInt32(m, offset + 40);
            uint w11 = System.BitConverter.ToUInt32(m, offset + 44);
            uint w12 = System.BitConverter.ToUInt32(m, offset + 48);
            uint w13 = System.BitConverter.ToUInt32(m, offset + 52);
            uint w14 = System.BitConverter.ToUInt32(m, offset + 56);
            uint w15 = System.BitConverter.ToUInt32(m, offset + 60);
            if (LittleEndian)
            {
                w0 = ((w0 & 0x00FF00FF) >> 8 | (w0 & 0x00FF00FF) << 24) | ((w0 & 0xFF00FF00) << 8 | (w0 & 0xFF00FF00) >> 24);
                w1 = ((w1 & 0x00FF00FF) >> 8 | (w1 & 0x00FF00FF) << 24) | ((w1 & 0xFF00FF00) << 8 | (w1 & 0xFF00FF00) >> 24);
                w2 = ((w2 & 0x00FF00FF) >> 8 | (w2 & 0x00FF00FF) << 24) | ((w2 & 0xFF00FF00) << 8 | (w2 & 0xFF00FF00) >> 24);
                w3 = ((w3 & 0x00FF00FF) >> 8 | (w3 & 0x00FF00FF) << 24) | ((w3 & 0xFF00FF00) << 8 | (w3 & 0xFF00FF00) >> 24);
                w4 = ((w4 & 0x00FF00FF) >> 8 | (w4 & 0x00FF00FF) << 24) | ((w4 & 0xFF00FF00) << 8 | (w4 & 0xFF00FF00) >> 24);
                w5 = ((w5 & 0x00FF00FF) >> 8 | (w5 & 0x00FF00FF) << 24) | ((w5 & 0xFF00FF00) << 8 | (w5 & 0xFF00FF00) >> 24);
                w6 = ((w6 & 0x00FF00FF) >> 8 | (w6 & 0x00FF00FF) << 24) | ((w6 & 0xFF00FF00) << 8 | (w6 & 0xFF00FF00) >> 24);
                w7 = ((w7 & 0x00FF00FF) >> 8 | (w7 & 0x00FF00FF) << 24) | ((w7 & 0xFF00FF00) << 8 | (w7 & 0xFF00FF00) >> 24);
                w8 = ((w8 & 0x00FF00FF) >> 8 | (w8 & 0x00FF00FF) << 24) | ((w8 & 0xFF00FF00) << 8 | (w8 & 0xFF00FF00) >> 24);
                w9 = ((w9 & 0x00FF00FF) >> 8 | (w9 & 0x00FF00FF) << 24) | ((w9 & 0xFF00FF00) << 8 | (w9 & 0xFF00FF00) >> 24);
                w10 = ((w10 & 0x00FF00FF) >> 8 | (w10 & 0x00FF00FF) << 24) | ((w10 & 0xFF00FF00) << 8 | (w10 & 0xFF00FF00) >> 24);
                w11 = ((w11 & 0x00FF00FF) >> 8 | (w11 & 0x00FF00FF) << 24) | ((w11 & 0xFF00FF00) << 8 | (w11 & 0xFF00FF00) >> 24);
                w12 = ((w12 & 0x00FF00FF) >> 8 | (w12 & 0x00FF00FF) << 24) | ((w12 & 0xFF00FF00) << 8 | (w12 & 0xFF00FF00) >> 24);
                w13 = ((w13 & 0x00FF00FF) >> 8 | (w13 & 0x00FF00FF) << 24) | ((w13 & 0xFF00FF00) << 8 | (w13 & 0xFF00FF00) >> 24);
                w14 = ((w14 & 0x00FF00FF) >> 8 | (w14 & 0x00FF00FF) << 24) | ((w14 & 0xFF00FF00) << 8 | (w14 & 0xFF00FF00) >> 24);
                w15 = ((w15 & 0x00FF00FF) >> 8 | (w15 & 0x00FF00FF) << 24) | ((w15 & 0xFF00FF00) << 8 | (w15 & 0xFF00FF00) >> 24);
            }

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

            // Rounds 40-59: Maj, K = 8F1BBCDC. Maj(b,c,d) = (b AND c) + (d AND (b XOR c)): the two terms share
            // no bit, so their sum is their OR, and an addition joins the others of T in any order.
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            e = e + w8 + 0x8F1BBCDC + (b & c) + (d & (b ^ c)) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            d = d + w9 + 0x8F1BBCDC + (a & b) + (c & (a ^ b)) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            c = c + w10 + 0x8F1BBCDC + (e & a) + (b & (e ^ a)) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            b = b + w11 + 0x8F1BBCDC + (d & e) + (a & (d ^ e)) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w9 ^ w4 ^ w14 ^ w12;
            w12 = (x << 1) | (x >> 31);
            a = a + w12 + 0x8F1BBCDC + (c & d) + (e & (c ^ d)) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w10 ^ w5 ^ w15 ^ w13;
            w13 = (x << 1) | (x >> 31);
            e = e + w13 + 0x8F1BBCDC + (b & c) + (d & (b ^ c)) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w11 ^ w6 ^ w0 ^ w14;
            w14 = (x << 1) | (x >> 31);
            d = d + w14 + 0x8F1BBCDC + (a & b) + (c & (a ^ b)) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w12 ^ w7 ^ w1 ^ w15;
            w15 = (x << 1) | (x >> 31);
            c = c + w15 + 0x8F1BBCDC + (e & a) + (b & (e ^ a)) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w13 ^ w8 ^ w2 ^ w0;
            w0 = (x << 1) | (x >> 31);
            b = b + w0 + 0x8F1BBCDC + (d & e) + (a & (d ^ e)) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w14 ^ w9 ^ w3 ^ w1;
            w1 = (x << 1) | (x >> 31);
            a = a + w1 + 0x8F1BBCDC + (c & d) + (e & (c ^ d)) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w15 ^ w10 ^ w4 ^ w2;
            w2 = (x << 1) | (x >> 31);
            e = e + w2 + 0x8F1BBCDC + (b & c) + (d & (b ^ c)) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w0 ^ w11 ^ w5 ^ w3;
            w3 = (x << 1) | (x >> 31);
            d = d + w3 + 0x8F1BBCDC + (a & b) + (c & (a ^ b)) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w1 ^ w12 ^ w6 ^ w4;
            w4 = (x << 1) | (x >> 31);
            c = c + w4 + 0x8F1BBCDC + (e & a) + (b & (e ^ a)) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w2 ^ w13 ^ w7 ^ w5;
            w5 = (x << 1) | (x >> 31);
            b = b + w5 + 0x8F1BBCDC + (d & e) + (a & (d ^ e)) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w3 ^ w14 ^ w8 ^ w6;
            w6 = (x << 1) | (x >> 31);
            a = a + w6 + 0x8F1BBCDC + (c & d) + (e & (c ^ d)) + ((b << 5) | (b >> 27));
            c = (c << 30) | (c >> 2);
            x = w4 ^ w15 ^ w9 ^ w7;
            w7 = (x << 1) | (x >> 31);
            e = e + w7 + 0x8F1BBCDC + (b & c) + (d & (b ^ c)) + ((a << 5) | (a >> 27));
            b = (b << 30) | (b >> 2);
            x = w5 ^ w0 ^ w10 ^ w8;
            w8 = (x << 1) | (x >> 31);
            d = d + w8 + 0x8F1BBCDC + (a & b) + (c & (a ^ b)) + ((e << 5) | (e >> 27));
            a = (a << 30) | (a >> 2);
            x = w6 ^ w1 ^ w11 ^ w9;
            w9 = (x << 1) | (x >> 31);
            c = c + w9 + 0x8F1BBCDC + (e & a) + (b & (e ^ a)) + ((d << 5) | (d >> 27));
            e = (e << 30) | (e >> 2);
            x = w7 ^ w2 ^ w12 ^ w10;
            w10 = (x << 1) | (x >> 31);
            b = b + w10 + 0x8F1BBCDC + (d & e) + (a & (d ^ e)) + ((c << 5) | (c >> 27));
            d = (d << 30) | (d >> 2);
            x = w8 ^ w3 ^ w13 ^ w11;
            w11 = (x << 1) | (x >> 31);
            a = a + w11 + 0x8F1BBCDC + (c & d) + (e & (c ^ d)) + ((b << 5) | (b >> 27));
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
