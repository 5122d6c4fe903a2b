namespace Phone.Crypto
{
    /// <summary>
    /// The Merkle–Damgård frame MD5 (RFC 1321 §3.1–3.2), SHA-1 and SHA-256 (FIPS 180-4 §5.1.1) share:
    /// 64-byte blocks, input buffered until a block is full, then padding with 0x80, zeros and the
    /// message length in bits as a 64-bit integer. Only the byte order of that length, the initial
    /// chaining value, the compression function and the digest's byte order differ, and those are
    /// what each algorithm supplies. Allocates only at construction.
    /// </summary>
    public abstract class BlockHash : IHashFunction
    {
        /// <summary>Message block size in bytes, the same for all three algorithms.</summary>
        public const int BlockLength = 64;

        readonly byte[] _block = new byte[BlockLength];
        readonly bool _bigEndianLength;
        int _blockUsed;
        long _length;

        /// <param name="bigEndianLength">True for SHA (FIPS 180-4 §5.1.1), false for MD5 (RFC 1321 §3.2: low-order word first).</param>
        protected BlockHash(bool bigEndianLength)
        {
            _bigEndianLength = bigEndianLength;
        }

        /// <summary>Digest size in bytes.</summary>
        public abstract int DigestSize { get; }

        /// <summary>Sets the algorithm's initial chaining value.</summary>
        protected abstract void InitState();

        /// <summary>Folds one 64-byte block at <c>m[offset]</c> into the chaining value.</summary>
        protected abstract void Compress(byte[] m, int offset);

        /// <summary>Writes the chaining value as the digest.</summary>
        protected abstract void WriteDigest(byte[] digest, int offset);

        /// <summary>Wipes the algorithm's own working arrays (message schedule).</summary>
        protected abstract void ClearWorkingState();

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            InitState();
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

        /// <summary>Pads the message, writes the digest at <c>digest[offset]</c> and starts a new message.</summary>
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
            if (_bigEndianLength)
            {
                WriteBe(block, 56, (uint)(bits >> 32));
                WriteBe(block, 60, (uint)bits);
            }
            else
            {
                WriteLe(block, 56, (uint)bits);
                WriteLe(block, 60, (uint)(bits >> 32));
            }

            Compress(block, 0);
            WriteDigest(digest, offset);
            System.Array.Clear(block, 0, BlockLength);
            Reset();
        }

        /// <summary>Finishes the message and returns its digest as lower-case hex digits.</summary>
        public string FinishHex()
        {
            byte[] digest = new byte[DigestSize];
            Finish(digest, 0);
            return HexText.ToLower(digest, 0, digest.Length);
        }

        /// <summary>Wipes the chaining value, buffered input and working state.</summary>
        public void Clear()
        {
            System.Array.Clear(_block, 0, BlockLength);
            ClearWorkingState();
            Reset();
        }

        /// <summary>
        /// Resumes a message after <paramref name="bytesHashed"/> bytes (a multiple of 64) whose chaining
        /// value the caller has just restored: HMAC's precomputed padded-key blocks (RFC 2104 §4).
        /// </summary>
        protected void ResumeAfter(long bytesHashed)
        {
            _length = bytesHashed;
            _blockUsed = 0;
        }

        /// <summary>Big-endian 32-bit word at <c>b[o]</c> (SHA, FIPS 180-4 §3.1).</summary>
        protected static uint ReadBe(byte[] b, int o)
        {
            return (uint)((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
        }

        /// <summary>Writes a big-endian 32-bit word (SHA).</summary>
        protected static void WriteBe(byte[] b, int o, uint v)
        {
            b[o] = (byte)(v >> 24);
            b[o + 1] = (byte)(v >> 16);
            b[o + 2] = (byte)(v >> 8);
            b[o + 3] = (byte)v;
        }

        /// <summary>Writes a little-endian 32-bit word (MD5, RFC 1321 §2).</summary>
        protected static void WriteLe(byte[] b, int o, uint v)
        {
            b[o] = (byte)v;
            b[o + 1] = (byte)(v >> 8);
            b[o + 2] = (byte)(v >> 16);
            b[o + 3] = (byte)(v >> 24);
        }
    }
}
