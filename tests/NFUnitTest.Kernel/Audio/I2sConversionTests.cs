using System;
using nanoFramework.TestFramework;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// The managed kernel's I2S conversion (what the emulator and a device without the native kernel run)
    /// against values worked out by hand from the definition (docs/native-kernel.md, "I2S slot conversion"):
    /// the slot's top 24 bits × 2^gain / 2^16 rounded half up and saturated, the boxcar mean truncated toward
    /// zero, x · volume / 100 truncated toward zero as little-endian bytes. Agreement with the native kernel
    /// over every input is host-only (tests/Phone.Host.Tests/Hardware/I2sKernelAgreementTests.cs).
    /// </summary>
    [TestClass]
    public class I2sConversionTests
    {
        static readonly IAudioKernel s_kernel = new ManagedAudioKernel();
        static readonly byte[] s_slots = new byte[32];
        static readonly short[] s_pcm = new short[8];
        static readonly byte[] s_bytes = new byte[16];

        // 24-bit value x in the top bytes of slot i, low byte as given.
        static void Slot(int i, int x24, int low)
        {
            int word = (x24 << 8) | (low & 0xFF);
            s_slots[4 * i] = (byte)word;
            s_slots[4 * i + 1] = (byte)(word >> 8);
            s_slots[4 * i + 2] = (byte)(word >> 16);
            s_slots[4 * i + 3] = (byte)(word >> 24);
        }

        [TestMethod]
        [DataRow(0x7FFFFF, 0xFF, 0, 32767)]   // full scale: 8388607 / 256 = 32767.99 -> saturated
        [DataRow(-0x800000, 0x00, 0, -32768)] // -8388608 / 256
        [DataRow(0x80, 0x00, 0, 1)]           // 0.5 rounds up
        [DataRow(-0x80, 0x00, 0, 0)]          // -0.5 rounds up to 0
        [DataRow(-0x81, 0x00, 0, -1)]         // -0.504 rounds to -1
        [DataRow(0x100, 0xFF, 0, 1)]          // the low byte does not count
        [DataRow(0x100, 0x00, 6, 64)]         // 256 * 64 / 256
        [DataRow(0x10000, 0x00, 15, 32767)]   // 65536 * 32768 / 256 saturates
        [DataRow(-3, 0x00, 15, -384)]         // -3 * 32768 / 256
        public void CaptureScalesRoundsAndSaturates(int x24, int low, int gain, int expected)
        {
            Slot(0, x24, low);
            Assert.AreEqual(1, s_kernel.CaptureToPcm(s_slots, 0, 1, 1, 0, gain, 1, s_pcm, 0));
            Assert.AreEqual(expected, (int)s_pcm[0]);
        }

        [TestMethod]
        public void CaptureTakesTheChannelAndAveragesTowardZero()
        {
            // Stereo frames: left 256 * k, right -256 * k (1, -1 / 2, -2 / 3, -3 / 4, -4 at gain 0).
            for (int f = 0; f < 4; f++)
            {
                Slot(2 * f, 256 * (f + 1), 0);
                Slot(2 * f + 1, -256 * (f + 1), 0);
            }

            Assert.AreEqual(2, s_kernel.CaptureToPcm(s_slots, 0, 4, 2, 1, 0, 2, s_pcm, 3));
            Assert.AreEqual(-1, (int)s_pcm[3]); // (-1 + -2) / 2 = -1.5 -> -1
            Assert.AreEqual(-3, (int)s_pcm[4]); // (-3 + -4) / 2 = -3.5 -> -3
            Assert.AreEqual(1, s_kernel.CaptureToPcm(s_slots, 0, 4, 2, 0, 0, 4, s_pcm, 0));
            Assert.AreEqual(2, (int)s_pcm[0]);  // (1 + 2 + 3 + 4) / 4 = 2.5 -> 2
        }

        [TestMethod]
        public void PlaybackScalesTowardZeroAndWritesLittleEndianTwice()
        {
            s_pcm[0] = -199;
            s_pcm[1] = 32767;
            Array.Clear(s_bytes, 0, s_bytes.Length);
            Assert.AreEqual(8, s_kernel.PcmToPlayback(s_pcm, 0, 2, 1, true, s_bytes, 0));
            Assert.AreEqual(0xFF, (int)s_bytes[0]); // -199 * 1 / 100 = -1.99 -> -1 = 0xFFFF
            Assert.AreEqual(0xFF, (int)s_bytes[1]);
            Assert.AreEqual(0xFF, (int)s_bytes[2]);
            Assert.AreEqual(0xFF, (int)s_bytes[3]);
            Assert.AreEqual(0x47, (int)s_bytes[4]); // 32767 / 100 = 327 = 0x0147
            Assert.AreEqual(0x01, (int)s_bytes[5]);
            Assert.AreEqual(4, s_kernel.PcmToPlayback(s_pcm, 1, 1, 100, true, s_bytes, 8));
            Assert.AreEqual(0xFF, (int)s_bytes[8]); // full volume leaves 32767 = 0x7FFF
            Assert.AreEqual(0x7F, (int)s_bytes[9]);
            Assert.AreEqual(2, s_kernel.PcmToPlayback(s_pcm, 0, 1, 50, false, s_bytes, 12));
            Assert.AreEqual(0x9D, (int)s_bytes[12]); // -199 * 50 / 100 = -99 = 0xFF9D
            Assert.AreEqual(0xFF, (int)s_bytes[13]);
            Assert.AreEqual(-199, (int)s_pcm[0]); // the frame itself is not changed
        }

        [TestMethod]
        public void BadArgumentsWriteNothing()
        {
            s_pcm[0] = 4242;
            s_bytes[0] = 0xEE;
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.CaptureToPcm(s_slots, 0, 3, 1, 0, 0, 2, s_pcm, 0)); // 3 frames, boxcar of 2
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.CaptureToPcm(s_slots, 0, 1, 1, 0, 16, 1, s_pcm, 0)); // gain 16
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.CaptureToPcm(s_slots, 0, 8, 1, 0, 0, 1, s_pcm, 1));  // pcm too short at its offset
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.CaptureToPcm(s_slots, 4, 8, 1, 0, 0, 1, s_pcm, 0));  // slots too short
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.CaptureToPcm(s_slots, 0, 1, 2, 2, 0, 1, s_pcm, 0));  // channel 2 of 2
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.PcmToPlayback(s_pcm, 0, 5, 50, true, s_bytes, 0));   // 20 bytes into 16
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.PcmToPlayback(s_pcm, 0, 1, 101, true, s_bytes, 0));  // volume 101
            Assert.AreEqual(4242, (int)s_pcm[0]);
            Assert.AreEqual(0xEE, (int)s_bytes[0]);
        }
    }
}
