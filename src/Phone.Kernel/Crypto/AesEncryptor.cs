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

        // Round keys, 4·(Nr+1) words (FIPS-197 §5.2): 44 for AES-128, 60 for AES-256.
        readonly uint[] _roundKeys = new uint[60];
        int _rounds;

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
            Encrypt(ref s0, ref s1, ref s2, ref s3);
            WriteWord(output, outputOffset, s0);
            WriteWord(output, outputOffset + 4, s1);
            WriteWord(output, outputOffset + 8, s2);
            WriteWord(output, outputOffset + 12, s3);
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
        /// two rounds instead of 32, and the keystream is XORed word by word with no buffer in between.
        /// </remarks>
        internal void XorCounterMode(uint c0, uint c1, uint c2, uint c3, byte[] data, int offset, int length)
        {
            uint[] rk = _roundKeys;
            uint[] t0 = T0, t1 = T1, t2 = T2, t3 = T3;
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

                uint u0 = p0 ^ t3[a3 & 0xFF];
                uint s0 = q0 ^ t0[u0 >> 24];
                uint s1 = q1 ^ t3[u0 & 0xFF];
                uint s2 = q2 ^ t2[(u0 >> 8) & 0xFF];
                uint s3 = q3 ^ t1[(u0 >> 16) & 0xFF];
                Rounds(3, ref s0, ref s1, ref s2, ref s3);
                int n = end - offset;
                if (n >= BlockLength)
                {
                    XorWord(data, offset, s0);
                    XorWord(data, offset + 4, s1);
                    XorWord(data, offset + 8, s2);
                    XorWord(data, offset + 12, s3);
                    offset += BlockLength;
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        uint w = i < 4 ? s0 : i < 8 ? s1 : i < 12 ? s2 : s3;
                        data[offset + i] ^= (byte)(w >> (24 - 8 * (i & 3)));
                    }

                    offset = end;
                }

                c3++;
                if (c3 == 0)
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

        // Cipher (FIPS-197 §5.1) over the state held as four big-endian column words.
        void Encrypt(ref uint s0, ref uint s1, ref uint s2, ref uint s3)
        {
            uint[] rk = _roundKeys;
            s0 ^= rk[0];
            s1 ^= rk[1];
            s2 ^= rk[2];
            s3 ^= rk[3];
            Rounds(1, ref s0, ref s1, ref s2, ref s3);
        }

        // Rounds first .. Nr of the cipher (FIPS-197 §5.1), the last without MixColumns, over a state
        // that has been through rounds 0 .. first-1.
        void Rounds(int first, ref uint s0, ref uint s1, ref uint s2, ref uint s3)
        {
            uint[] rk = _roundKeys;
            uint[] t0 = T0, t1 = T1, t2 = T2, t3 = T3;
            uint a0 = s0, a1 = s1, a2 = s2, a3 = s3;
            int k = 4 * first;
            for (int round = first; round < _rounds; round++)
            {
                uint u0 = t0[a0 >> 24] ^ t1[(a1 >> 16) & 0xFF] ^ t2[(a2 >> 8) & 0xFF] ^ t3[a3 & 0xFF] ^ rk[k];
                uint u1 = t0[a1 >> 24] ^ t1[(a2 >> 16) & 0xFF] ^ t2[(a3 >> 8) & 0xFF] ^ t3[a0 & 0xFF] ^ rk[k + 1];
                uint u2 = t0[a2 >> 24] ^ t1[(a3 >> 16) & 0xFF] ^ t2[(a0 >> 8) & 0xFF] ^ t3[a1 & 0xFF] ^ rk[k + 2];
                uint u3 = t0[a3 >> 24] ^ t1[(a0 >> 16) & 0xFF] ^ t2[(a1 >> 8) & 0xFF] ^ t3[a2 & 0xFF] ^ rk[k + 3];
                a0 = u0;
                a1 = u1;
                a2 = u2;
                a3 = u3;
                k += 4;
            }

            // Final round: no MixColumns (FIPS-197 §5.1).
            byte[] sb = SBox;
            s0 = (((uint)sb[a0 >> 24] << 24) | ((uint)sb[(a1 >> 16) & 0xFF] << 16) | ((uint)sb[(a2 >> 8) & 0xFF] << 8) | sb[a3 & 0xFF]) ^ rk[k];
            s1 = (((uint)sb[a1 >> 24] << 24) | ((uint)sb[(a2 >> 16) & 0xFF] << 16) | ((uint)sb[(a3 >> 8) & 0xFF] << 8) | sb[a0 & 0xFF]) ^ rk[k + 1];
            s2 = (((uint)sb[a2 >> 24] << 24) | ((uint)sb[(a3 >> 16) & 0xFF] << 16) | ((uint)sb[(a0 >> 8) & 0xFF] << 8) | sb[a1 & 0xFF]) ^ rk[k + 2];
            s3 = (((uint)sb[a3 >> 24] << 24) | ((uint)sb[(a0 >> 16) & 0xFF] << 16) | ((uint)sb[(a1 >> 8) & 0xFF] << 8) | sb[a2 & 0xFF]) ^ rk[k + 3];
        }

        internal static uint ReadWord(byte[] b, int i)
        {
            return ((uint)b[i] << 24) | ((uint)b[i + 1] << 16) | ((uint)b[i + 2] << 8) | b[i + 3];
        }

        static void XorWord(byte[] b, int i, uint w)
        {
            b[i] ^= (byte)(w >> 24);
            b[i + 1] ^= (byte)(w >> 16);
            b[i + 2] ^= (byte)(w >> 8);
            b[i + 3] ^= (byte)w;
        }

        internal static void WriteWord(byte[] b, int i, uint w)
        {
            b[i] = (byte)(w >> 24);
            b[i + 1] = (byte)(w >> 16);
            b[i + 2] = (byte)(w >> 8);
            b[i + 3] = (byte)w;
        }
    }
}
