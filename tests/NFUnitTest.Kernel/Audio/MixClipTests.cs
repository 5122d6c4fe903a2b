using nanoFramework.TestFramework;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// The managed kernel's conference mix (what the emulator and a device without the native kernel run) against
    /// sums worked out by hand: a + b when it fits 16 bits, otherwise the nearer end, -32768 or 32767. Agreement
    /// with the native kernel over every input class is host-only (tests/Phone.Host.Tests/Hardware/MixKernelAgreementTests.cs).
    /// </summary>
    [TestClass]
    public class MixClipTests
    {
        static readonly IAudioKernel s_kernel = new ManagedAudioKernel();

        [TestMethod]
        [DataRow(0, 0, 0)]
        [DataRow(1000, -250, 750)]
        [DataRow(32767, 0, 32767)]
        [DataRow(-32768, 0, -32768)]
        [DataRow(32767, 1, 32767)]        // one above the top
        [DataRow(20000, 20000, 32767)]    // 40000 saturates
        [DataRow(32767, 32767, 32767)]
        [DataRow(-32768, -1, -32768)]     // one below the bottom
        [DataRow(-20000, -20000, -32768)] // -40000 saturates
        [DataRow(-32768, -32768, -32768)]
        [DataRow(-32768, 32767, -1)]      // opposite ends cancel
        [DataRow(16384, 16383, 32767)]    // exactly the top
        [DataRow(-16384, -16384, -32768)] // exactly the bottom
        public void SumsAndSaturates(int a, int b, int expected)
        {
            short[] x = new short[] { (short)a };
            short[] y = new short[] { (short)b };
            short[] into = new short[1];
            Assert.AreEqual(1, s_kernel.MixClip(x, 0, y, 0, into, 0, 1));
            Assert.AreEqual(expected, (int)into[0]);
        }

        [TestMethod]
        public void HonoursOffsetsAndTouchesNothingElse()
        {
            short[] a = new short[] { 9, 1, 2, 3 };
            short[] b = new short[] { 10, 20, 30, 9, 9 };
            short[] into = new short[] { -7, -7, -7, -7, -7 };
            Assert.AreEqual(3, s_kernel.MixClip(a, 1, b, 0, into, 2, 3));
            Assert.AreEqual(-7, (int)into[0]);
            Assert.AreEqual(-7, (int)into[1]);
            Assert.AreEqual(11, (int)into[2]);
            Assert.AreEqual(22, (int)into[3]);
            Assert.AreEqual(33, (int)into[4]);
        }

        [TestMethod]
        public void MixesInPlace()
        {
            short[] a = new short[] { 30000, -30000, 5 };
            short[] b = new short[] { 30000, -30000, -6 };
            Assert.AreEqual(3, s_kernel.MixClip(a, 0, b, 0, a, 0, 3));
            Assert.AreEqual(32767, (int)a[0]);
            Assert.AreEqual(-32768, (int)a[1]);
            Assert.AreEqual(-1, (int)a[2]);
            Assert.AreEqual(30000, (int)b[0]); // the other input is not changed
        }

        [TestMethod]
        public void BadArgumentsWriteNothing()
        {
            short[] a = new short[4];
            short[] b = new short[4];
            short[] into = new short[] { 4242, 4242, 4242, 4242 };
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MixClip(a, 0, b, 0, into, 1, 4)); // into too short at its offset
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MixClip(a, 1, b, 0, into, 0, 4)); // a too short
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MixClip(a, 0, b, -1, into, 0, 1)); // negative offset
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MixClip(null, 0, b, 0, into, 0, 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MixClip(a, 0, b, 0, into, 0, -1));
            Assert.AreEqual(4242, (int)into[0]);
            Assert.AreEqual(0, s_kernel.MixClip(null, 0, null, 0, null, 0, 0)); // nothing to mix
        }
    }
}
