using System;

namespace Phone.Audio
{
    /// <summary>
    /// ITU-T G.711 A-law (RTP payload type 8, PCMA): 16-bit linear PCM to and from 8-bit codes.
    /// </summary>
    /// <remarks>
    /// Code word (G.711 §2, Table 1a): bit 7 = polarity (1 = positive), bits 6..4 = segment,
    /// bits 3..0 = step within the segment; the even bits are transmitted inverted (XOR 0x55).
    /// In G.711's own units (the 13-bit scale, full range ±4096) segment 0 holds the levels
    /// 1 + 2q and segment s &gt;= 1 the levels (33 + 2q) &lt;&lt; (s - 1), q = 0..15; the step is 2 in
    /// segments 0 and 1 and 2 &lt;&lt; (s - 1) above. We work on 16-bit samples, i.e. those units
    /// times 8: levels 8 + 16q and (264 + 16q) &lt;&lt; (s - 1), largest level 32256.
    ///
    /// Encoding rule (docs/g711.md): the sample is truncated to the 13-bit grid in two's
    /// complement (x &gt;&gt; 3, toward minus infinity, as the ITU-T G.191 reference does), and a
    /// negative value v is coded with magnitude -v - 1 (one's complement). That puts every
    /// decision threshold exactly where G.711 Table 1a puts it, scaled by 8, and equals sox on
    /// every exact 13-bit input. The 16-bit range never exceeds the A-law range: no clipping.
    ///
    /// Tables: 256 decode levels (512 bytes) and a 256-byte segment lookup, built once.
    /// The block methods allocate nothing.
    /// </remarks>
    public static class ALaw
    {
        // G.711 §2: even bits inverted on the line.
        const int PositiveMask = 0xD5;                  // polarity bit 1, XOR 0x55
        const int NegativeMask = 0x55;                  // polarity bit 0, XOR 0x55

        static readonly short[] s_decode = new short[256];

        // Segment of a 13-bit magnitude m (0..4095), indexed by m >> 4 (0..255).
        // Segment 0 spans m in [0, 32), segment s >= 1 spans [16 << s, 32 << s), so m >> 4
        // lies in [1 << s, 2 << s) and the segment is the position of its highest set bit.
        static readonly byte[] s_segment = new byte[256];

        static ALaw()
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
                int a = code ^ 0x55;
                int seg = (a >> 4) & 0x07;
                int q = a & 0x0F;
                // Table 1a level x 8
                int magnitude = seg == 0 ? 8 + (q << 4) : (264 + (q << 4)) << (seg - 1);
                s_decode[code] = (short)((a & 0x80) != 0 ? magnitude : -magnitude);
            }
        }

        /// <summary>Reconstruction level of one code, as a 16-bit sample.</summary>
        public static short Decode(byte code)
        {
            return s_decode[code];
        }

        /// <summary>Code of one 16-bit sample (truncated to 13 bits, see remarks).</summary>
        public static byte Encode(short sample)
        {
            int x = sample;
            int mask = PositiveMask;
            if (x < 0) { x = ~x; mask = NegativeMask; }  // (~x) >> 3 == -(x >> 3) - 1
            int magnitude = x >> 3;
            int seg = s_segment[magnitude >> 4];
            // Segments 0 and 1 share the step 2 (13-bit units), so both shift by 1.
            int shift = seg == 0 ? 1 : seg;
            return (byte)(((seg << 4) | ((magnitude >> shift) & 0x0F)) ^ mask);
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
                int mask = PositiveMask;
                if (x < 0) { x = ~x; mask = NegativeMask; }
                int magnitude = x >> 3;
                int seg = segment[magnitude >> 4];
                int shift = seg == 0 ? 1 : seg;
                dst[dstOff++] = (byte)(((seg << 4) | ((magnitude >> shift) & 0x0F)) ^ mask);
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
