using System;

namespace Phone.Audio
{
    /// <summary>
    /// ITU-T G.711 µ-law (RTP payload type 0, PCMU): 16-bit linear PCM to and from 8-bit codes.
    /// </summary>
    /// <remarks>
    /// Code word (G.711 §3, Table 2a): bit 7 = polarity (1 = positive), bits 6..4 = segment,
    /// bits 3..0 = step within the segment; every bit is transmitted inverted.
    /// In G.711's own units (the 14-bit scale, full range ±8159) segment s of the magnitude
    /// holds the reconstruction levels ((33 + 2q) &lt;&lt; s) - 33, q = 0..15; the step is 2 &lt;&lt; s.
    /// We work on 16-bit samples, i.e. those units times 4: levels ((132 + 8q) &lt;&lt; s) - 132,
    /// step 8 &lt;&lt; s, largest level 32124.
    ///
    /// Encoding rule (docs/g711.md): sign and magnitude are separated first, and the magnitude
    /// is truncated to the 14-bit grid (|x| &gt;&gt; 2, toward zero); the sign is kept, so -3..-1
    /// give the negative zero 0x7F (Table 2b, interval between decision values 0 and -1).
    /// That puts every decision value exactly where G.711 Table 2 puts it, scaled by 4, the same
    /// for both polarities, and equals sox on every exact 14-bit input. Magnitudes from the last
    /// decision value (8159 in 14-bit units) up clip to the largest code.
    ///
    /// Tables: 256 decode levels (512 bytes) and a 256-byte segment lookup, built once.
    /// The block methods allocate nothing.
    /// </remarks>
    public static class MuLaw
    {
        // G.711 §3.2: the bias of 33 (14-bit units) turns the µ-law segments into octaves.
        const int Bias = 33;

        // Largest magnitude still below the top of segment 7 once biased: 8191 - 33.
        // G.711 Table 2a's last decision value is 8159; every magnitude from 8158 up
        // yields the same (largest) code, so clipping to 8158 is exact.
        const int MaxMagnitude = 8158;

        static readonly short[] s_decode = new short[256];

        // Segment of a biased magnitude b (33..8191), indexed by b >> 5 (1..255).
        // Segment s >= 1 spans b in [32 << s, 64 << s) (segment 0: 33..63), so b >> 5 lies in
        // [1 << s, 2 << s) and the segment is the position of its highest set bit.
        static readonly byte[] s_segment = new byte[256];

        static MuLaw()
        {
            for (int i = 0; i < 256; i++)
            {
                int seg = 0;
                int v = i >> 1;
                while (v != 0) { seg++; v >>= 1; }
                s_segment[i] = (byte)seg;
            }

            for (int code = 0; code < 256; code++)
            {
                int u = ~code & 0xFF;                   // G.711: all bits are sent inverted
                int seg = (u >> 4) & 0x07;
                int q = u & 0x0F;
                int magnitude = ((132 + (q << 3)) << seg) - 132; // Table 2a level x 4
                s_decode[code] = (short)((u & 0x80) != 0 ? -magnitude : magnitude);
            }
        }

        /// <summary>Reconstruction level of one code, as a 16-bit sample.</summary>
        public static short Decode(byte code)
        {
            return s_decode[code];
        }

        /// <summary>Code of one 16-bit sample (magnitude truncated to 14 bits, see remarks).</summary>
        public static byte Encode(short sample)
        {
            int x = sample;
            int mask;
            int magnitude;
            if (x < 0)
            {
                magnitude = (-x) >> 2;
                mask = 0x7F;                            // polarity bit 0, then invert
            }
            else
            {
                magnitude = x >> 2;
                mask = 0xFF;
            }
            if (magnitude > MaxMagnitude) magnitude = MaxMagnitude;
            int biased = magnitude + Bias;
            int seg = s_segment[biased >> 5];
            return (byte)(((seg << 4) | ((biased >> (seg + 1)) & 0x0F)) ^ mask);
        }

        /// <summary>Decodes count codes from src[srcOff..] into dst[dstOff..]. Allocates nothing.</summary>
        public static void Decode(byte[] src, int srcOff, short[] dst, int dstOff, int count)
        {
            CheckRange(src, srcOff, dst, dstOff, count);
            short[] table = s_decode;
            int end = srcOff + count;
            while (srcOff < end)
            {
                dst[dstOff++] = table[src[srcOff++]];
            }
        }

        /// <summary>Encodes count samples from src[srcOff..] into dst[dstOff..]. Allocates nothing.</summary>
        public static void Encode(short[] src, int srcOff, byte[] dst, int dstOff, int count)
        {
            CheckRange(src, srcOff, dst, dstOff, count);
            byte[] segment = s_segment;
            int end = srcOff + count;
            while (srcOff < end)
            {
                // Same steps as Encode(short), inlined: a call costs more than the work on the device.
                int x = src[srcOff++];
                int mask = 0xFF;
                if (x < 0) { x = -x; mask = 0x7F; }
                int magnitude = x >> 2;
                if (magnitude > MaxMagnitude) magnitude = MaxMagnitude;
                int biased = magnitude + Bias;
                int seg = segment[biased >> 5];
                dst[dstOff++] = (byte)(((seg << 4) | ((biased >> (seg + 1)) & 0x0F)) ^ mask);
            }
        }

        // Checked once per block, before anything is written, so a bad call changes nothing.
        static void CheckRange(Array src, int srcOff, Array dst, int dstOff, int count)
        {
            if (src == null) throw new ArgumentNullException("src");
            if (dst == null) throw new ArgumentNullException("dst");
            if (count < 0) throw new ArgumentOutOfRangeException("count");
            if (srcOff < 0 || srcOff > src.Length - count) throw new ArgumentOutOfRangeException("srcOff");
            if (dstOff < 0 || dstOff > dst.Length - count) throw new ArgumentOutOfRangeException("dstOff");
        }
    }
}
