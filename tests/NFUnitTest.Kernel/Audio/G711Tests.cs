using System;
using nanoFramework.TestFramework;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// G.711 against the standard itself: table values of ITU-T G.711 (1988) Tables 1a/1b (A-law)
    /// and 2a/2b (µ-law), scaled to 16 bits (A-law units x 8, µ-law units x 4), and the
    /// structural properties the tables imply. Bit-exact cross-checks with sox are host-only
    /// (tests/Phone.Host.Tests/G711SoxTests.cs).
    /// </summary>
    [TestClass]
    public class G711Tests
    {
        // Block buffers, allocated once (test methods run with a null target).
        static readonly short[] s_samples = new short[256];
        static readonly byte[] s_codes = new byte[256];

        // ---- decoding: reconstruction levels of the G.711 tables ----

        // Table 2a/2b (µ-law). Code words as transmitted (all bits inverted). The level is the
        // table's decoder output value in units of the 8159 range, times 4.
        [TestMethod]
        [DataRow(0xFF, 0)]          // 1 0000000 before inversion: output 0
        [DataRow(0x7F, 0)]          // negative zero
        [DataRow(0xFE, 8)]          // output 2, segment 1 (15 intervals of 2 from 1 to 31)
        [DataRow(0xF0, 120)]        // output 30, top of segment 1
        [DataRow(0xEF, 132)]        // output 33, first of segment 2 (31..95, step 4)
        [DataRow(0xE0, 372)]        // output 93, last of segment 2
        [DataRow(0xDF, 396)]        // output 99, first of segment 3 (95..223, step 8)
        [DataRow(0x90, 15996)]      // output 3999, last of segment 7 (2015..4063, step 128)
        [DataRow(0x8F, 16764)]      // output 4191, first of segment 8 (4063..8159, step 256)
        [DataRow(0x80, 32124)]      // output 8031, the largest
        [DataRow(0x00, -32124)]     // Table 2b: -8031
        [DataRow(0x6F, -132)]       // Table 2b: -33
        [DataRow(0x7E, -8)]         // Table 2b: -2
        public void MuLawDecodesTable2Levels(int code, int level)
        {
            Assert.AreEqual(level, (int)MuLaw.Decode((byte)code));
        }

        // Table 1a/1b (A-law). Code words as transmitted (even bits inverted, XOR 0x55). The level
        // is the table's decoder output value in units of the 4096 range, times 8.
        [TestMethod]
        [DataRow(0xD5, 8)]          // 1 000 0000: output 1, segment 1 (0..32, step 2)
        [DataRow(0x55, -8)]         // Table 1b: -1
        [DataRow(0xD4, 24)]         // 1 000 0001: output 3
        [DataRow(0xDA, 248)]        // 1 000 1111: output 31
        [DataRow(0xC5, 264)]        // 1 001 0000: output 33, segment 2 (32..64, step 2)
        [DataRow(0xCA, 504)]        // 1 001 1111: output 63
        [DataRow(0xF5, 528)]        // 1 010 0000: output 66, segment 3 (64..128, step 4)
        [DataRow(0xBA, 16128)]      // 1 110 1111: output 2016, last of segment 7 (1024..2048, step 64)
        [DataRow(0xA5, 16896)]      // 1 111 0000: output 2112, segment 8 (2048..4096, step 128)
        [DataRow(0xAA, 32256)]      // 1 111 1111: output 4032, the largest
        [DataRow(0x2A, -32256)]     // Table 1b: -4032
        [DataRow(0x45, -264)]       // 0 001 0000: -33
        public void ALawDecodesTable1Levels(int code, int level)
        {
            Assert.AreEqual(level, (int)ALaw.Decode((byte)code));
        }

        // ---- encoding: decision values of the G.711 tables ----

        // Table 2a decision values x4: 4 (=1), 124 (=31), 380 (=95), 16252 (=4063), 32636 (=8159).
        // A value on a decision value goes to the larger magnitude (as in ITU-T G.191 and sox).
        [TestMethod]
        [DataRow(0, 0xFF)]
        [DataRow(3, 0xFF)]
        [DataRow(4, 0xFE)]
        [DataRow(123, 0xF0)]
        [DataRow(124, 0xEF)]
        [DataRow(379, 0xE0)]
        [DataRow(380, 0xDF)]
        [DataRow(16251, 0x90)]
        [DataRow(16252, 0x8F)]
        [DataRow(32636, 0x80)]
        [DataRow(32767, 0x80)]      // beyond the last decision value: clipped
        [DataRow(-1, 0x7F)]         // Table 2b: between decision values 0 and -1, negative zero
        [DataRow(-3, 0x7F)]
        [DataRow(-4, 0x7E)]
        [DataRow(-123, 0x70)]
        [DataRow(-124, 0x6F)]
        [DataRow(-32636, 0x00)]
        [DataRow(-32768, 0x00)]
        public void MuLawEncodesAtTable2DecisionValues(int sample, int code)
        {
            Assert.AreEqual((byte)code, MuLaw.Encode((short)sample));
        }

        // Table 1a decision values x8: 16 (=2), 256 (=32), 512 (=64), 16384 (=2048). Negative
        // inputs are the one's complement mirror (-1 - x), as in ITU-T G.191 and sox.
        [TestMethod]
        [DataRow(0, 0xD5)]
        [DataRow(15, 0xD5)]
        [DataRow(16, 0xD4)]
        [DataRow(255, 0xDA)]
        [DataRow(256, 0xC5)]
        [DataRow(511, 0xCA)]
        [DataRow(512, 0xF5)]
        [DataRow(16383, 0xBA)]
        [DataRow(16384, 0xA5)]
        [DataRow(32767, 0xAA)]
        [DataRow(-1, 0x55)]
        [DataRow(-16, 0x55)]
        [DataRow(-17, 0x54)]
        [DataRow(-257, 0x45)]
        [DataRow(-32768, 0x2A)]
        public void ALawEncodesAtTable1DecisionValues(int sample, int code)
        {
            Assert.AreEqual((byte)code, ALaw.Encode((short)sample));
        }

        // ---- symmetry (Tables 1b/2b mirror 1a/2a; the polarity bit is bit 7) ----

        [TestMethod]
        public void MuLawNegativeCodesMirrorPositive()
        {
            for (int c = 0; c < 128; c++)
            {
                Assert.AreEqual(-MuLaw.Decode((byte)(c | 0x80)), (int)MuLaw.Decode((byte)c), "code " + c.ToString());
            }
            int bad = -1;
            for (int x = 1; x < 32768 && bad < 0; x++)
            {
                if (MuLaw.Encode((short)-x) != (MuLaw.Encode((short)x) ^ 0x80)) bad = x;
            }
            Assert.AreEqual(-1, bad, "encode(-x) != encode(x) ^ 0x80");
        }

        [TestMethod]
        public void ALawNegativeCodesMirrorPositive()
        {
            for (int c = 0; c < 128; c++)
            {
                Assert.AreEqual(-ALaw.Decode((byte)(c | 0x80)), (int)ALaw.Decode((byte)c), "code " + c.ToString());
            }
            int bad = -1;
            for (int x = 0; x < 32768 && bad < 0; x++)
            {
                if (ALaw.Encode((short)(-1 - x)) != (ALaw.Encode((short)x) ^ 0x80)) bad = x;
            }
            Assert.AreEqual(-1, bad, "encode(-1 - x) != encode(x) ^ 0x80");
        }

        // ---- a reconstruction level lies inside its own decision interval ----

        [TestMethod]
        public void MuLawLevelsReencodeToThemselves()
        {
            for (int c = 0; c < 256; c++)
            {
                // 0x7F (negative zero) decodes to 0, which has the one code 0xFF.
                int expected = c == 0x7F ? 0xFF : c;
                Assert.AreEqual((byte)expected, MuLaw.Encode(MuLaw.Decode((byte)c)), "code " + c.ToString());
            }
        }

        [TestMethod]
        public void ALawLevelsReencodeToThemselves()
        {
            for (int c = 0; c < 256; c++)
            {
                Assert.AreEqual((byte)c, ALaw.Encode(ALaw.Decode((byte)c)), "code " + c.ToString());
            }
        }

        // ---- the encoder is exactly the G.711 quantizer, over all 65,536 inputs ----

        // Each decoder output of Table 2a is the middle of its decision interval, so the interval
        // of a level L with segment step S (8 << segment in 16-bit units) is L - S/2 .. L + S/2,
        // the end on the larger magnitude belonging to the next interval. Level 0 has two
        // intervals split at decision value 0: [0, 4) is 0xFF and (-4, 0) is 0x7F (Table 2b).
        // Beyond the last decision value (32636) everything clips to +-32124.
        [TestMethod]
        public void MuLawEncodesIntoTheDecisionIntervalOfItsLevel()
        {
            int bad = int.MinValue;
            for (int x = -32768; x < 32768 && bad == int.MinValue; x++)
            {
                int c = MuLaw.Encode((short)x);
                int level = MuLaw.Decode((byte)c);
                int half = (8 << (((~c) >> 4) & 0x07)) >> 1;
                bool inside;
                if (x >= 32636) inside = c == 0x80;
                else if (x <= -32636) inside = c == 0x00;
                else if (level > 0) inside = x >= level - half && x < level + half;
                else if (level < 0) inside = x > level - half && x <= level + half;
                else inside = x > -half && x < half && c == (x < 0 ? 0x7F : 0xFF);
                if (!inside) bad = x;
            }
            Assert.AreEqual(int.MinValue, bad, "sample outside its decision interval: " + bad.ToString());
        }

        // Table 1a: level L with step S (16 in segments 1-2, doubling above) owns [L - S/2, L + S/2)
        // on the 16-bit scale, for both polarities (negatives mirror around -1/2). No clipping:
        // the top interval ends at 32768.
        [TestMethod]
        public void ALawEncodesIntoTheDecisionIntervalOfItsLevel()
        {
            int bad = int.MinValue;
            for (int x = -32768; x < 32768 && bad == int.MinValue; x++)
            {
                int c = ALaw.Encode((short)x);
                int level = ALaw.Decode((byte)c);
                int seg = ((c ^ 0x55) >> 4) & 0x07;
                int half = (16 << (seg == 0 ? 0 : seg - 1)) >> 1;
                if (!(x >= level - half && x < level + half)) bad = x;
            }
            Assert.AreEqual(int.MinValue, bad, "sample outside its decision interval: " + bad.ToString());
        }

        // The rounding rule of docs/g711.md: µ-law keeps the sign and truncates the magnitude to
        // the 14-bit grid (toward zero), so code(x) = code(|x| & ~3) with bit 7 cleared for x < 0;
        // A-law truncates the two's complement value to the 13-bit grid (floor): code(x & ~7).
        [TestMethod]
        public void MuLawTruncatesMagnitudeTo14Bits()
        {
            int bad = int.MinValue;
            for (int x = -32768; x < 32768 && bad == int.MinValue; x++)
            {
                int magnitude = x < 0 ? -x : x;
                int grid = magnitude & ~3;
                if (grid > 32767) grid = 32767;                 // |-32768|: clips either way
                int expected = MuLaw.Encode((short)grid);
                if (x < 0) expected &= 0x7F;
                if (MuLaw.Encode((short)x) != expected) bad = x;
            }
            Assert.AreEqual(int.MinValue, bad, "encode(x) != encode(grid(x)) at " + bad.ToString());
        }

        [TestMethod]
        public void ALawTruncatesTo13Bits()
        {
            int bad = int.MinValue;
            for (int x = -32768; x < 32768 && bad == int.MinValue; x++)
            {
                if (ALaw.Encode((short)x) != ALaw.Encode((short)(x & ~7))) bad = x;
            }
            Assert.AreEqual(int.MinValue, bad, "encode(x) != encode(x & ~7) at " + bad.ToString());
        }

        // ---- block API ----

        [TestMethod]
        public void MuLawBlockDecodeTouchesOnlyItsRange()
        {
            byte[] src = new byte[] { 0x11, 0xFF, 0x80, 0x00, 0xEF, 0x22 };
            short[] dst = new short[] { 1111, 2222, 3333, 4444, 5555, 6666, 7777 };
            MuLaw.Decode(src, 1, dst, 2, 4);
            Assert.AreEqual((short)1111, dst[0]);
            Assert.AreEqual((short)2222, dst[1]);
            Assert.AreEqual((short)0, dst[2]);
            Assert.AreEqual((short)32124, dst[3]);
            Assert.AreEqual((short)-32124, dst[4]);
            Assert.AreEqual((short)132, dst[5]);
            Assert.AreEqual((short)7777, dst[6]);
        }

        [TestMethod]
        public void ALawBlockDecodeTouchesOnlyItsRange()
        {
            byte[] src = new byte[] { 0x11, 0xD5, 0x55, 0xAA, 0x22 };
            short[] dst = new short[] { 1111, 2222, 3333, 4444, 5555 };
            ALaw.Decode(src, 1, dst, 1, 3);
            Assert.AreEqual((short)1111, dst[0]);
            Assert.AreEqual((short)8, dst[1]);
            Assert.AreEqual((short)-8, dst[2]);
            Assert.AreEqual((short)32256, dst[3]);
            Assert.AreEqual((short)5555, dst[4]);
        }

        [TestMethod]
        public void MuLawBlockEncodeTouchesOnlyItsRange()
        {
            short[] src = new short[] { 999, 0, 124, -32768, 32767, 999 };
            byte[] dst = new byte[] { 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11 };
            MuLaw.Encode(src, 1, dst, 3, 4);
            Assert.AreEqual((byte)0x11, dst[2]);
            Assert.AreEqual((byte)0xFF, dst[3]);
            Assert.AreEqual((byte)0xEF, dst[4]);
            Assert.AreEqual((byte)0x00, dst[5]);
            Assert.AreEqual((byte)0x80, dst[6]);
            Assert.AreEqual((byte)0x11, dst[0]);
        }

        [TestMethod]
        public void ALawBlockEncodeTouchesOnlyItsRange()
        {
            short[] src = new short[] { 999, 0, -1, 16384, 999 };
            byte[] dst = new byte[] { 0x11, 0x11, 0x11, 0x11, 0x11 };
            ALaw.Encode(src, 1, dst, 0, 3);
            Assert.AreEqual((byte)0xD5, dst[0]);
            Assert.AreEqual((byte)0x55, dst[1]);
            Assert.AreEqual((byte)0xA5, dst[2]);
            Assert.AreEqual((byte)0x11, dst[3]);
            Assert.AreEqual((byte)0x11, dst[4]);
        }

        [TestMethod]
        public void BlockCountZeroWritesNothing()
        {
            byte[] codes = new byte[] { 0x11 };
            short[] samples = new short[] { 1234 };
            MuLaw.Decode(codes, 1, samples, 1, 0);
            ALaw.Decode(codes, 0, samples, 0, 0);
            MuLaw.Encode(samples, 0, codes, 0, 0);
            ALaw.Encode(samples, 1, codes, 1, 0);
            Assert.AreEqual((short)1234, samples[0]);
            Assert.AreEqual((byte)0x11, codes[0]);
        }

        // A range that does not fit is refused before anything is written.
        [TestMethod]
        public void BlockRangeOutsideArraysIsRefused()
        {
            byte[] codes = new byte[] { 0x11, 0x11, 0x11, 0x11 };
            short[] samples = new short[] { 7, 7, 7, 7 };
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => MuLaw.Decode(codes, 1, samples, 0, 4));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => MuLaw.Decode(codes, 0, samples, 1, 4));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ALaw.Decode(codes, -1, samples, 0, 2));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ALaw.Decode(codes, 0, samples, 0, -1));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => MuLaw.Encode(samples, 0, codes, 2, 3));
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => ALaw.Encode(samples, 3, codes, 0, 2));
            Assert.ThrowsException(typeof(ArgumentNullException), () => MuLaw.Encode(null, 0, codes, 0, 0));
            Assert.ThrowsException(typeof(ArgumentNullException), () => ALaw.Decode(codes, 0, null, 0, 0));
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual((byte)0x11, codes[i]);
                Assert.AreEqual((short)7, samples[i]);
            }
        }

        // Block and single-sample paths are written separately (the block loop is inlined):
        // they must agree on every input.
        [TestMethod]
        public void BlockEncodeMatchesSingleSampleEncode()
        {
            short[] samples = s_samples;
            byte[] codes = s_codes;
            int bad = int.MinValue;
            for (int start = -32768; start < 32768 && bad == int.MinValue; start += 256)
            {
                for (int i = 0; i < 256; i++) samples[i] = (short)(start + i);
                MuLaw.Encode(samples, 0, codes, 0, 256);
                for (int i = 0; i < 256; i++) if (codes[i] != MuLaw.Encode(samples[i])) bad = start + i;
                ALaw.Encode(samples, 0, codes, 0, 256);
                for (int i = 0; i < 256; i++) if (codes[i] != ALaw.Encode(samples[i])) bad = start + i;
            }
            Assert.AreEqual(int.MinValue, bad, "block and single encode differ at " + bad.ToString());
        }
    }
}
