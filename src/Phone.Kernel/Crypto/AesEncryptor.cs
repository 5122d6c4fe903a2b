namespace Phone.Crypto
{
    /// <summary>
    /// The AES forward cipher (FIPS-197) for 128- and 256-bit keys. SRTP only ever runs AES in counter
    /// mode (RFC 3711 §4.1.1, RFC 6188 §3), so the inverse cipher is not needed.
    /// Table-driven: the four round tables combine SubBytes, ShiftRows and MixColumns per column
    /// (FIPS-197 §5.1) and are built once per process; a block costs 16 table look-ups per round
    /// and allocates nothing.
    /// </summary>
    public sealed class AesEncryptor
    {
        /// <summary>Block size in bytes (FIPS-197 §3.1: Nb = 4 words).</summary>
        public const int BlockLength = 16;

        // FIPS-197 §5.1.1 S-box and the round tables T0..T3 (T1..T3 are T0 rotated by 8, 16, 24 bits).
        static readonly byte[] SBox = new byte[256];
        static readonly uint[] T0 = new uint[256];
        static readonly uint[] T1 = new uint[256];
        static readonly uint[] T2 = new uint[256];
        static readonly uint[] T3 = new uint[256];

        static AesEncryptor()
        {
            // Walk the multiplicative group of GF(2^8) with generator 3: p runs over 3^i, q over 3^-i,
            // so q is the inverse of p (FIPS-197 §4.2), then apply the affine transform (§5.1.1).
            int p = 1, q = 1;
            do
            {
                p = p ^ ((p << 1) & 0xFF) ^ ((p & 0x80) != 0 ? 0x1B : 0);
                q ^= q << 1;
                q ^= q << 2;
                q ^= q << 4;
                q &= 0xFF;
                if ((q & 0x80) != 0)
                {
                    q ^= 0x09;
                }

                int x = q ^ Rotl8(q, 1) ^ Rotl8(q, 2) ^ Rotl8(q, 3) ^ Rotl8(q, 4);
                SBox[p] = (byte)(x ^ 0x63);
            }
            while (p != 1);
            SBox[0] = 0x63; // zero has no inverse; FIPS-197 §5.1.1 maps it to 0x63.

            for (int i = 0; i < 256; i++)
            {
                uint s = SBox[i];
                uint s2 = XTime(s);
                uint s3 = s2 ^ s;
                // MixColumns column (2,1,1,3)·s (FIPS-197 §5.1.3), stored big-endian.
                uint t = (s2 << 24) | (s << 16) | (s << 8) | s3;
                T0[i] = t;
                T1[i] = (t >> 8) | (t << 24);
                T2[i] = (t >> 16) | (t << 16);
                T3[i] = (t >> 24) | (t << 8);
            }
        }

        static int Rotl8(int x, int n)
        {
            return ((x << n) | (x >> (8 - n))) & 0xFF;
        }

        // Multiplication by x in GF(2^8) (FIPS-197 §4.2.1).
        static uint XTime(uint b)
        {
            b <<= 1;
            if ((b & 0x100) != 0)
            {
                b ^= 0x11B;
            }

            return b;
        }

        // Round keys, 4·(Nr+1) words (FIPS-197 §5.2): 44 for AES-128, 60 for AES-256; then, at
        // FinalKey, the last round key again with each word's bytes reversed, for the final round's
        // little-endian output (see XorCounterMode).
        const int FinalKey = 60;
        readonly uint[] _roundKeys = new uint[FinalKey + 4];

        // BitConverter reads a word in the machine's byte order (one load on the host, one native call on
        // nanoFramework); a big-endian machine swaps it to the little-endian order the keystream words have.
        static readonly bool LittleEndian = System.BitConverter.IsLittleEndian;
        int _rounds;

        // Keystream of a final pair that covers less than two whole blocks; wiped after use.
        readonly byte[] _tail = new byte[2 * BlockLength];

        /// <summary>True once a key has been set.</summary>
        public bool IsKeyed
        {
            get { return _rounds != 0; }
        }

        /// <summary>KeyExpansion (FIPS-197 §5.2) for a 16- or 32-byte key. False, and unkeyed, for any other length.</summary>
        public bool SetKey(byte[] key, int offset, int length)
        {
            if (key == null || offset < 0 || length < 0 || offset > key.Length - length || (length != 16 && length != 32))
            {
                Clear();
                return false;
            }

            int nk = length / 4;
            int nr = nk + 6;
            int total = 4 * (nr + 1);
            for (int i = 0; i < nk; i++)
            {
                _roundKeys[i] = ReadWord(key, offset + 4 * i);
            }

            uint rcon = 0x01;
            for (int i = nk; i < total; i++)
            {
                uint temp = _roundKeys[i - 1];
                if (i % nk == 0)
                {
                    // SubWord(RotWord(temp)) xor Rcon[i/Nk]
                    temp = SubWord((temp << 8) | (temp >> 24)) ^ (rcon << 24);
                    rcon = XTime(rcon);
                }
                else if (nk > 6 && i % nk == 4)
                {
                    temp = SubWord(temp);
                }

                _roundKeys[i] = _roundKeys[i - nk] ^ temp;
            }

            for (int j = 0; j < 4; j++)
            {
                _roundKeys[FinalKey + j] = Swap(_roundKeys[4 * nr + j]);
            }

            _rounds = nr;
            return true;
        }

        static uint SubWord(uint w)
        {
            return ((uint)SBox[w >> 24] << 24) | ((uint)SBox[(w >> 16) & 0xFF] << 16) | ((uint)SBox[(w >> 8) & 0xFF] << 8) | SBox[w & 0xFF];
        }

        /// <summary>Wipes the round keys.</summary>
        public void Clear()
        {
            System.Array.Clear(_roundKeys, 0, _roundKeys.Length);
            _rounds = 0;
        }

        /// <summary>Cipher (FIPS-197 §5.1): encrypts one 16-byte block; input and output may overlap.</summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            EncryptWords(ReadWord(input, inputOffset), ReadWord(input, inputOffset + 4), ReadWord(input, inputOffset + 8), ReadWord(input, inputOffset + 12), output, outputOffset);
        }

        /// <summary>Encrypts the block given as four big-endian words and writes the 16 result bytes.</summary>
        internal void EncryptWords(uint s0, uint s1, uint s2, uint s3, byte[] output, int outputOffset)
        {
            // The cipher of a block is the keystream of a counter that starts at it.
            System.Array.Clear(output, outputOffset, BlockLength);
            XorCounterMode(s0, s1, s2, s3, output, outputOffset, BlockLength);
        }

        /// <summary>
        /// Counter mode (SP 800-38A §6.5): XORs the keystream for the 128-bit big-endian counter block
        /// c0..c3, incremented per block (§B.1), into <c>data[offset .. offset+length)</c>.
        /// </summary>
        /// <remarks>
        /// Consecutive counter blocks differ only in the last byte until it wraps, so most of the first
        /// two rounds is the same for every block (counter-mode caching): the 12 round-1 look-ups
        /// that do not read the last byte, and the 12 round-2 look-ups of the round-1 words that do not
        /// depend on it, are computed once per 256 blocks. Each block then costs 1 + 4 look-ups for those
        /// two rounds instead of 32. Blocks go through the remaining rounds two at a time: each round of
        /// one block waits on its table loads, and the other block's round fills that wait (about 7 %
        /// faster on the host than one block at a time). The keystream is XORed word by word; only a
        /// tail shorter than two blocks, or a pair whose second block would change the cached bytes,
        /// passes through <see cref="_tail"/>.
        /// </remarks>
        internal void XorCounterMode(uint c0, uint c1, uint c2, uint c3, byte[] data, int offset, int length)
        {
            // Table indices are masked with 0xFF, not cast to byte: the host's JIT then knows each is below
            // 256 and drops the bounds check (it kept one per cast of a whole word).
            uint[] rk = _roundKeys;
            uint[] t0 = T0, t1 = T1, t2 = T2, t3 = T3;
            int last = 4 * _rounds;
            uint p0 = 0, u1 = 0, u2 = 0, u3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            bool cached = false;
            int end = offset + length;
            while (offset < end)
            {
                uint a3 = c3 ^ rk[3];
                if (!cached || (c3 & 0xFF) == 0)
                {
                    // Round 1 without the last byte's term in column 0; columns 1-3 read only a3's upper
                    // bytes (FIPS-197 §5.1: ShiftRows takes column j's row r from column j + r).
                    uint a0 = c0 ^ rk[0], a1 = c1 ^ rk[1], a2 = c2 ^ rk[2];
                    p0 = t0[a0 >> 24] ^ t1[(a1 >> 16) & 0xFF] ^ t2[(a2 >> 8) & 0xFF] ^ rk[4];
                    u1 = t0[a1 >> 24] ^ t1[(a2 >> 16) & 0xFF] ^ t2[(a3 >> 8) & 0xFF] ^ t3[a0 & 0xFF] ^ rk[5];
                    u2 = t0[a2 >> 24] ^ t1[(a3 >> 16) & 0xFF] ^ t2[(a0 >> 8) & 0xFF] ^ t3[a1 & 0xFF] ^ rk[6];
                    u3 = t0[a3 >> 24] ^ t1[(a0 >> 16) & 0xFF] ^ t2[(a1 >> 8) & 0xFF] ^ t3[a2 & 0xFF] ^ rk[7];
                    // Round 2 without the terms of round-1 column 0, which takes one byte of each column.
                    q0 = t1[(u1 >> 16) & 0xFF] ^ t2[(u2 >> 8) & 0xFF] ^ t3[u3 & 0xFF] ^ rk[8];
                    q1 = t0[u1 >> 24] ^ t1[(u2 >> 16) & 0xFF] ^ t2[(u3 >> 8) & 0xFF] ^ rk[9];
                    q2 = t0[u2 >> 24] ^ t1[(u3 >> 16) & 0xFF] ^ t3[u1 & 0xFF] ^ rk[10];
                    q3 = t0[u3 >> 24] ^ t2[(u1 >> 8) & 0xFF] ^ t3[u2 & 0xFF] ^ rk[11];
                    cached = true;
                }

                // Blocks c and c + 1 (e and z) finish rounds 1 and 2 from the cache. When c's last byte
                // is FF, c + 1 would need a new cache: that pair yields only its first block.
                uint x0 = p0 ^ t3[a3 & 0xFF];
                uint y0 = p0 ^ t3[((c3 + 1) ^ rk[3]) & 0xFF];
                uint e0 = q0 ^ t0[x0 >> 24], e1 = q1 ^ t3[x0 & 0xFF], e2 = q2 ^ t2[(x0 >> 8) & 0xFF], e3 = q3 ^ t1[(x0 >> 16) & 0xFF];
                uint z0 = q0 ^ t0[y0 >> 24], z1 = q1 ^ t3[y0 & 0xFF], z2 = q2 ^ t2[(y0 >> 8) & 0xFF], z3 = q3 ^ t1[(y0 >> 16) & 0xFF];
                for (int k = 12; k < last; k += 4)
                {
                    uint k0 = rk[k], k1 = rk[k + 1], k2 = rk[k + 2], k3 = rk[k + 3];
                    uint v0 = t0[e0 >> 24] ^ t1[(e1 >> 16) & 0xFF] ^ t2[(e2 >> 8) & 0xFF] ^ t3[e3 & 0xFF] ^ k0;
                    uint w0 = t0[z0 >> 24] ^ t1[(z1 >> 16) & 0xFF] ^ t2[(z2 >> 8) & 0xFF] ^ t3[z3 & 0xFF] ^ k0;
                    uint v1 = t0[e1 >> 24] ^ t1[(e2 >> 16) & 0xFF] ^ t2[(e3 >> 8) & 0xFF] ^ t3[e0 & 0xFF] ^ k1;
                    uint w1 = t0[z1 >> 24] ^ t1[(z2 >> 16) & 0xFF] ^ t2[(z3 >> 8) & 0xFF] ^ t3[z0 & 0xFF] ^ k1;
                    uint v2 = t0[e2 >> 24] ^ t1[(e3 >> 16) & 0xFF] ^ t2[(e0 >> 8) & 0xFF] ^ t3[e1 & 0xFF] ^ k2;
                    uint w2 = t0[z2 >> 24] ^ t1[(z3 >> 16) & 0xFF] ^ t2[(z0 >> 8) & 0xFF] ^ t3[z1 & 0xFF] ^ k2;
                    e3 = t0[e3 >> 24] ^ t1[(e0 >> 16) & 0xFF] ^ t2[(e1 >> 8) & 0xFF] ^ t3[e2 & 0xFF] ^ k3;
                    z3 = t0[z3 >> 24] ^ t1[(z0 >> 16) & 0xFF] ^ t2[(z1 >> 8) & 0xFF] ^ t3[z2 & 0xFF] ^ k3;
                    e0 = v0;
                    e1 = v1;
                    e2 = v2;
                    z0 = w0;
                    z1 = w1;
                    z2 = w2;
                }

                // Final round (no MixColumns, FIPS-197 §5.1), written little-endian (the block's first byte
                // lowest) so that a word read from the data with BitConverter XORs it in one go. S(x) is a
                // byte of every T table (T0[x] holds it in bytes 1 and 2, T1 in 0 and 1, T2 in 0 and 3, T3 in
                // 2 and 3), so each output byte is masked out of a table that holds S(x) in that byte's place.
                uint rk0 = rk[FinalKey], rk1 = rk[FinalKey + 1], rk2 = rk[FinalKey + 2], rk3 = rk[FinalKey + 3];
                uint f0 = (t2[e0 >> 24] & 0xFF) ^ (t1[(e1 >> 16) & 0xFF] & 0xFF00) ^ (t0[(e2 >> 8) & 0xFF] & 0xFF0000) ^ (t3[e3 & 0xFF] & 0xFF000000) ^ rk0;
                uint f1 = (t2[e1 >> 24] & 0xFF) ^ (t1[(e2 >> 16) & 0xFF] & 0xFF00) ^ (t0[(e3 >> 8) & 0xFF] & 0xFF0000) ^ (t3[e0 & 0xFF] & 0xFF000000) ^ rk1;
                uint f2 = (t2[e2 >> 24] & 0xFF) ^ (t1[(e3 >> 16) & 0xFF] & 0xFF00) ^ (t0[(e0 >> 8) & 0xFF] & 0xFF0000) ^ (t3[e1 & 0xFF] & 0xFF000000) ^ rk2;
                uint f3 = (t2[e3 >> 24] & 0xFF) ^ (t1[(e0 >> 16) & 0xFF] & 0xFF00) ^ (t0[(e1 >> 8) & 0xFF] & 0xFF0000) ^ (t3[e2 & 0xFF] & 0xFF000000) ^ rk3;
                uint g0 = (t2[z0 >> 24] & 0xFF) ^ (t1[(z1 >> 16) & 0xFF] & 0xFF00) ^ (t0[(z2 >> 8) & 0xFF] & 0xFF0000) ^ (t3[z3 & 0xFF] & 0xFF000000) ^ rk0;
                uint g1 = (t2[z1 >> 24] & 0xFF) ^ (t1[(z2 >> 16) & 0xFF] & 0xFF00) ^ (t0[(z3 >> 8) & 0xFF] & 0xFF0000) ^ (t3[z0 & 0xFF] & 0xFF000000) ^ rk1;
                uint g2 = (t2[z2 >> 24] & 0xFF) ^ (t1[(z3 >> 16) & 0xFF] & 0xFF00) ^ (t0[(z0 >> 8) & 0xFF] & 0xFF0000) ^ (t3[z1 & 0xFF] & 0xFF000000) ^ rk2;
                uint g3 = (t2[z3 >> 24] & 0xFF) ^ (t1[(z0 >> 16) & 0xFF] & 0xFF00) ^ (t0[(z1 >> 8) & 0xFF] & 0xFF0000) ^ (t3[z2 & 0xFF] & 0xFF000000) ^ rk3;
                int n = end - offset;
                int room = (c3 & 0xFF) == 0xFF ? BlockLength : 2 * BlockLength;
                uint step;
                if (room == 2 * BlockLength && n >= room)
                {
                    XorLe(data, offset, f0);
                    XorLe(data, offset + 4, f1);
                    XorLe(data, offset + 8, f2);
                    XorLe(data, offset + 12, f3);
                    XorLe(data, offset + 16, g0);
                    XorLe(data, offset + 20, g1);
                    XorLe(data, offset + 24, g2);
                    XorLe(data, offset + 28, g3);
                    offset += 2 * BlockLength;
                    step = 2;
                }
                else
                {
                    byte[] tail = _tail;
                    WriteLe(tail, 0, f0);
                    WriteLe(tail, 4, f1);
                    WriteLe(tail, 8, f2);
                    WriteLe(tail, 12, f3);
                    WriteLe(tail, 16, g0);
                    WriteLe(tail, 20, g1);
                    WriteLe(tail, 24, g2);
                    WriteLe(tail, 28, g3);
                    int take = n < room ? n : room;
                    for (int i = 0; i < take; i++)
                    {
                        data[offset + i] ^= tail[i];
                    }

                    System.Array.Clear(tail, 0, 2 * BlockLength);
                    offset += take;
                    step = take > BlockLength ? 2u : 1u;
                }

                c3 += step;
                if (c3 < step)
                {
                    c2++;
                    if (c2 == 0)
                    {
                        c1++;
                        if (c1 == 0)
                        {
                            c0++;
                        }
                    }
                }
            }
        }

        internal static uint ReadWord(byte[] b, int i)
        {
            return ((uint)b[i] << 24) | ((uint)b[i + 1] << 16) | ((uint)b[i + 2] << 8) | b[i + 3];
        }

        // XORs the little-endian word w into b[i .. i+4): one word read, four byte writes.
        static void XorLe(byte[] b, int i, uint w)
        {
            uint m = System.BitConverter.ToUInt32(b, i);
            WriteLe(b, i, (LittleEndian ? m : Swap(m)) ^ w);
        }

        static void WriteLe(byte[] b, int i, uint w)
        {
            b[i] = (byte)w;
            b[i + 1] = (byte)(w >> 8);
            b[i + 2] = (byte)(w >> 16);
            b[i + 3] = (byte)(w >> 24);
        }

        // Reverses a word's bytes.
        static uint Swap(uint w)
        {
            return (w >> 24) | ((w >> 8) & 0xFF00) | ((w << 8) & 0xFF0000) | (w << 24);
        }
    }
}
