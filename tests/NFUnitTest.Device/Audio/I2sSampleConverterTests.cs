using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Audio;
using Phone.Audio;

namespace Phone.Tests.Device.Audio
{
    /// <summary>
    /// Capture words (24-bit samples left-justified in 32-bit little-endian I2S slots) to 16-bit PCM and G.711,
    /// and 16-bit PCM / G.711 to playback bytes. Expected values are worked out by hand from the definitions:
    /// 16-bit = 24-bit / 256 rounded half up and saturated; G.711 codes from ITU-T G.711 Tables 1 and 2.
    /// </summary>
    [TestClass]
    public class I2sSampleConverterTests
    {
        static readonly byte[] s_slots = new byte[64];
        static readonly short[] s_pcm = new short[16];
        static readonly byte[] s_codes = new byte[16];

        // Writes a 24-bit sample as the microphone sends it: bits 31..8 of the slot, little-endian bytes.
        static void PutSlot(byte[] b, int offset, int sample24, int lowByte)
        {
            b[offset] = (byte)lowByte;
            b[offset + 1] = (byte)sample24;
            b[offset + 2] = (byte)(sample24 >> 8);
            b[offset + 3] = (byte)(sample24 >> 16);
        }

        [TestMethod]
        [DataRow(0x123456, 4660)]        // 1193046 / 256 = 4660.34
        [DataRow(0x7FFFFF, 32767)]       // 32767.996 rounds to 32768: saturated
        [DataRow(0x7FFF7F, 32767)]       // 32767.496
        [DataRow(0x800000, -32768)]      // -8388608 / 256 exactly
        [DataRow(0x000080, 1)]           // 0.5: halves round up
        [DataRow(0x00007F, 0)]           // 0.496
        [DataRow(0xFFFF80, 0)]           // -0.5 rounds up to 0
        [DataRow(0xFFFF7F, -1)]          // -0.504
        [DataRow(0xEDCBAA, -4660)]       // -1193046 / 256 = -4660.34
        [DataRow(0x000000, 0)]
        public void TwentyFourBitSamplesRoundToSixteen(int sample24, int expected)
        {
            PutSlot(s_slots, 0, sample24, 0);
            Assert.AreEqual(1, I2sSampleConverter.CaptureToPcm(s_slots, 0, 1, 1, 0, 0, s_pcm, 0));
            Assert.AreEqual(expected, (int)s_pcm[0]);
            Assert.AreEqual(expected, (int)I2sSampleConverter.SlotToPcm(s_slots, 0, 0));
        }

        [TestMethod]
        public void TheIdleBitsBelowTheSampleAreIgnored()
        {
            // Bits 7..0 of the slot are after the 24th data bit: the line is tri-stated, they read as anything.
            PutSlot(s_slots, 0, 0x000080, 0xFF);
            Assert.AreEqual(1, (int)I2sSampleConverter.SlotToPcm(s_slots, 0, 0));
            PutSlot(s_slots, 0, 0x00007F, 0xFF);
            Assert.AreEqual(0, (int)I2sSampleConverter.SlotToPcm(s_slots, 0, 0));
            PutSlot(s_slots, 0, 0x00007F, 0xFF);
            // Gain x256: the 24-bit 0x7F is exactly 127; counting the 0xFF below it would make 127.996 -> 128.
            Assert.AreEqual(127, (int)I2sSampleConverter.SlotToPcm(s_slots, 0, 8));
        }

        [TestMethod]
        [DataRow(0x001000, 4, 256)]      // 4096 x 16 / 256
        [DataRow(0x000008, 4, 1)]        // 8 x 16 / 256 = 0.5 -> 1
        [DataRow(0x000007, 4, 0)]        // 0.4375
        [DataRow(0x100000, 4, 32767)]    // 65536: saturated
        [DataRow(0xF00000, 4, -32768)]   // -1048576 x 16 / 256 = -65536: saturated
        [DataRow(0x000100, 8, 256)]      // gain 256: 24-bit LSB = 16-bit LSB
        [DataRow(0x000001, 15, 128)]     // the largest gain: 1 x 32768 / 256
        [DataRow(0x000001, 20, 128)]     // more is clamped to 15 bits
        [DataRow(0x123456, -3, 4660)]    // negative gain is none
        public void GainShiftsBeforeRounding(int sample24, int gainBits, int expected)
        {
            PutSlot(s_slots, 0, sample24, 0);
            I2sSampleConverter.CaptureToPcm(s_slots, 0, 1, 1, 0, gainBits, s_pcm, 0);
            Assert.AreEqual(expected, (int)s_pcm[0]);
        }

        [TestMethod]
        public void TheBoardsSlotIsPickedFromStereoFrames()
        {
            // Three frames of (slot 0, slot 1).
            for (int f = 0; f < 3; f++)
            {
                PutSlot(s_slots, f * 8, 0x000100 * (f + 1), 0);         // 1, 2, 3 in 16 bits
                PutSlot(s_slots, f * 8 + 4, -0x000100 * (f + 1), 0);    // -1, -2, -3
            }
            Assert.AreEqual(3, I2sSampleConverter.CaptureToPcm(s_slots, 0, 3, 2, 0, 0, s_pcm, 1));
            Assert.AreEqual(1, (int)s_pcm[1]);
            Assert.AreEqual(2, (int)s_pcm[2]);
            Assert.AreEqual(3, (int)s_pcm[3]);
            Assert.AreEqual(3, I2sSampleConverter.CaptureToPcm(s_slots, 0, 3, 2, 1, 0, s_pcm, 0));
            Assert.AreEqual(-1, (int)s_pcm[0]);
            Assert.AreEqual(-2, (int)s_pcm[1]);
            Assert.AreEqual(-3, (int)s_pcm[2]);
        }

        [TestMethod]
        public void CaptureGoesStraightToG711Codes()
        {
            // 0x03E800 / 256 = 1000 in 16 bits.
            // µ-law (G.711 Table 2a, 14-bit units = 1000 / 4 = 250): segment 223..479 (segment bits 011),
            //   step 16, interval 1 -> 011 0001. Positive: the character 0 011 0001 with all bits inverted,
            //   0xCE; negative: polarity set, bits 6..0 inverted, 0x4E (as the CCITT/Sun reference g711.c:
            //   0x31 ^ 0xFF and 0x31 ^ 0x7F; µ-law 0xFF is +0, 0x80 the largest positive level).
            // A-law (Table 1a, 12-bit units = 1000 / 8 = 125): segment 64..128 (bits 010), step 4, interval 15
            //   -> 1 010 1111 = 0xAF, even bits inverted (XOR 0x55): 0xFA; negative 0 010 1111 ^ 0x55 = 0x7A.
            PutSlot(s_slots, 0, 0x03E800, 0);
            PutSlot(s_slots, 4, -0x03E800, 0);
            Assert.AreEqual(2, I2sSampleConverter.CaptureToG711(s_slots, 0, 2, 1, 0, 0, AudioCodec.Pcmu, s_codes, 0));
            Assert.AreEqual((byte)0xCE, s_codes[0]);
            Assert.AreEqual((byte)0x4E, s_codes[1]);
            Assert.AreEqual(2, I2sSampleConverter.CaptureToG711(s_slots, 0, 2, 1, 0, 0, AudioCodec.Pcma, s_codes, 0));
            Assert.AreEqual((byte)0xFA, s_codes[0]);
            Assert.AreEqual((byte)0x7A, s_codes[1]);
        }

        [TestMethod]
        public void PlaybackIsLittleEndianAndDuplicatedForStereo()
        {
            s_pcm[0] = 0x1234;
            s_pcm[1] = -2;
            byte[] b = new byte[10];
            Assert.AreEqual(8, I2sSampleConverter.PcmToPlayback(s_pcm, 0, 2, true, b, 1));
            AssertBytes(new byte[] { 0, 0x34, 0x12, 0x34, 0x12, 0xFE, 0xFF, 0xFE, 0xFF, 0 }, b);
            b = new byte[4];
            Assert.AreEqual(4, I2sSampleConverter.PcmToPlayback(s_pcm, 0, 2, false, b, 0));
            AssertBytes(new byte[] { 0x34, 0x12, 0xFE, 0xFF }, b);
        }

        [TestMethod]
        public void G711DecodesStraightIntoPlaybackBytes()
        {
            // µ-law 0x80: Table 2a's largest output 8031 x 4 = 32124 = 0x7D7C. 0xFF: 0.
            // A-law 0xD5: output 1 x 8 = 8. 0x2A: -4032 x 8 = -32256 = 0x8200.
            s_codes[0] = 0x80;
            s_codes[1] = 0xFF;
            byte[] b = new byte[8];
            Assert.AreEqual(8, I2sSampleConverter.G711ToPlayback(s_codes, 0, 2, AudioCodec.Pcmu, true, b, 0));
            AssertBytes(new byte[] { 0x7C, 0x7D, 0x7C, 0x7D, 0, 0, 0, 0 }, b);
            s_codes[0] = 0xD5;
            s_codes[1] = 0x2A;
            Assert.AreEqual(4, I2sSampleConverter.G711ToPlayback(s_codes, 0, 2, AudioCodec.Pcma, false, b, 0));
            Assert.AreEqual((byte)0x08, b[0]);
            Assert.AreEqual((byte)0x00, b[1]);
            Assert.AreEqual((byte)0x00, b[2]);
            Assert.AreEqual((byte)0x82, b[3]);
        }

        [TestMethod]
        public void BadArgumentsConvertNothingAndDoNotThrow()
        {
            s_pcm[0] = 77;
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(null, 0, 1, 1, 0, 0, s_pcm, 0));
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 0, 1, 1, 0, 0, null, 0));
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 0, 17, 1, 0, 0, s_pcm, 0), "dst too small");
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 60, 2, 1, 0, 0, s_pcm, 0), "src too small");
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 0, 1, 2, 2, 0, s_pcm, 0), "no slot 2");
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 0, 1, 3, 0, 0, s_pcm, 0), "3 slots");
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, -4, 1, 1, 0, 0, s_pcm, 0));
            Assert.AreEqual(0, I2sSampleConverter.CaptureToPcm(s_slots, 0, -1, 1, 0, 0, s_pcm, 0));
            Assert.AreEqual(77, (int)s_pcm[0], "nothing written");
            Assert.AreEqual(0, I2sSampleConverter.CaptureToG711(s_slots, 0, 17, 1, 0, 0, AudioCodec.Pcmu, s_codes, 0));
            Assert.AreEqual(0, I2sSampleConverter.PcmToPlayback(s_pcm, 0, 4, true, new byte[15], 0));
            Assert.AreEqual(0, I2sSampleConverter.PcmToPlayback(null, 0, 1, true, new byte[4], 0));
            Assert.AreEqual(0, I2sSampleConverter.G711ToPlayback(s_codes, 15, 2, AudioCodec.Pcmu, false, new byte[4], 0));
            Assert.AreEqual(0, (int)I2sSampleConverter.SlotToPcm(s_slots, 61, 0));
            Assert.AreEqual(0, (int)I2sSampleConverter.SlotToPcm(null, 0, 0));
        }

        [TestMethod]
        public void BufferSizes()
        {
            Assert.AreEqual(1280, I2sSampleConverter.CaptureBytes(160, 2));
            Assert.AreEqual(2560, I2sSampleConverter.CaptureBytes(640, 1));
            Assert.AreEqual(640, I2sSampleConverter.PlaybackBytes(160, true));
            Assert.AreEqual(320, I2sSampleConverter.PlaybackBytes(160, false));
        }

        static void AssertBytes(byte[] expected, byte[] actual)
        {
            Assert.AreEqual(expected.Length, actual.Length, "length");
            for (int i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], "byte " + i.ToString());
        }
    }
}
