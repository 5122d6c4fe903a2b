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
            uint[] rk = _roundKeys;
            uint[] t0 = T0, t1 = T1, t2 = T2, t3 = T3;
            s0 ^= rk[0];
            s1 ^= rk[1];
            s2 ^= rk[2];
            s3 ^= rk[3];
            int k = 4;
            for (int round = 1; round < _rounds; round++)
            {
                uint u0 = t0[s0 >> 24] ^ t1[(s1 >> 16) & 0xFF] ^ t2[(s2 >> 8) & 0xFF] ^ t3[s3 & 0xFF] ^ rk[k];
                uint u1 = t0[s1 >> 24] ^ t1[(s2 >> 16) & 0xFF] ^ t2[(s3 >> 8) & 0xFF] ^ t3[s0 & 0xFF] ^ rk[k + 1];
                uint u2 = t0[s2 >> 24] ^ t1[(s3 >> 16) & 0xFF] ^ t2[(s0 >> 8) & 0xFF] ^ t3[s1 & 0xFF] ^ rk[k + 2];
                uint u3 = t0[s3 >> 24] ^ t1[(s0 >> 16) & 0xFF] ^ t2[(s1 >> 8) & 0xFF] ^ t3[s2 & 0xFF] ^ rk[k + 3];
                s0 = u0;
                s1 = u1;
                s2 = u2;
                s3 = u3;
                k += 4;
            }

            // Final round: no MixColumns (FIPS-197 §5.1).
            byte[] sb = SBox;
            WriteWord(output, outputOffset, (((uint)sb[s0 >> 24] << 24) | ((uint)sb[(s1 >> 16) & 0xFF] << 16) | ((uint)sb[(s2 >> 8) & 0xFF] << 8) | sb[s3 & 0xFF]) ^ rk[k]);
            WriteWord(output, outputOffset + 4, (((uint)sb[s1 >> 24] << 24) | ((uint)sb[(s2 >> 16) & 0xFF] << 16) | ((uint)sb[(s3 >> 8) & 0xFF] << 8) | sb[s0 & 0xFF]) ^ rk[k + 1]);
            WriteWord(output, outputOffset + 8, (((uint)sb[s2 >> 24] << 24) | ((uint)sb[(s3 >> 16) & 0xFF] << 16) | ((uint)sb[(s0 >> 8) & 0xFF] << 8) | sb[s1 & 0xFF]) ^ rk[k + 2]);
            WriteWord(output, outputOffset + 12, (((uint)sb[s3 >> 24] << 24) | ((uint)sb[(s0 >> 16) & 0xFF] << 16) | ((uint)sb[(s1 >> 8) & 0xFF] << 8) | sb[s2 & 0xFF]) ^ rk[k + 3]);
        }

        internal static uint ReadWord(byte[] b, int i)
        {
            return ((uint)b[i] << 24) | ((uint)b[i + 1] << 16) | ((uint)b[i + 2] << 8) | b[i + 3];
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
