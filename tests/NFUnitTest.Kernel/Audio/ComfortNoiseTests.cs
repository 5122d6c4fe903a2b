using nanoFramework.TestFramework;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// The managed kernel's comfort noise (what the emulator and a device without the native kernel run): the RMS of
    /// a second of noise against 32767 · 10^(-level/20) (RFC 3389 §3.1, -dBov against a full-scale square wave), the
    /// amplitude and the first samples against values worked out from the definition by hand, split calls against one
    /// call, and refusals that change nothing. Agreement with the native kernel is host-only
    /// (tests/Phone.Host.Tests/Hardware/NoiseKernelAgreementTests.cs).
    /// </summary>
    [TestClass]
    public class ComfortNoiseTests
    {
        static readonly IAudioKernel s_kernel = new ManagedAudioKernel();

        const int Frame = 160;
        const int Second = 8000;

        // 0.3 dB either way as a ratio of mean squares: 10^(-0.03) and 10^(0.03) (System.Math is not in mscorlib on
        // the device, so the bounds are literals).
        const double Below = 0.9332543008;
        const double Above = 1.0715193052;

        // Levels in whole tens, so the nominal mean square 32767² · 10^(-level/10) is 1073676289 divided by ten
        // level/10 times.
        [TestMethod]
        [DataRow(10)]
        [DataRow(20)]
        [DataRow(30)]
        [DataRow(40)]
        [DataRow(50)]
        [DataRow(60)]
        public void RmsFollowsTheLevel(int level)
        {
            int[] state = PcmNoise.NewState();
            short[] pcm = new short[Second];
            for (int at = 0; at < Second; at += Frame)
            {
                Assert.AreEqual(Frame, s_kernel.ComfortNoise(state, pcm, at, Frame, level));
            }

            double sum = 0;
            for (int i = 0; i < Second; i++)
            {
                sum += (double)pcm[i] * pcm[i];
            }

            double meanSquare = sum / Second;
            double nominal = 1073676289.0;
            for (int tens = 0; tens < level / 10; tens++)
            {
                nominal /= 10;
            }

            Assert.IsTrue(meanSquare > nominal * Below && meanSquare < nominal * Above,
                "level " + level.ToString() + ": mean square " + meanSquare.ToString() + " against " + nominal.ToString());
        }

        // A from the definition (56754 << 15, times 58409 >> 16 once per dB, rounded >> 15, at most 32767), worked out
        // by hand in 64-bit integers; 32767 · √3 · 10^(-level/20) is 56754.1, 31915.2, 5675.4, 567.5, 56.8, 17.9, 0.6.
        [TestMethod]
        [DataRow(0, 32767)]
        [DataRow(5, 31915)]
        [DataRow(20, 5675)]
        [DataRow(40, 568)]
        [DataRow(60, 57)]
        [DataRow(70, 18)]
        [DataRow(100, 1)]
        [DataRow(127, 0)]
        public void AmplitudeOfALevel(int level, int expected)
        {
            Assert.AreEqual(expected, PcmNoise.Amplitude(level));
            int[] state = PcmNoise.NewState();
            short[] pcm = new short[2000];
            Assert.AreEqual(2000, s_kernel.ComfortNoise(state, pcm, 0, 2000, level));
            for (int i = 0; i < 2000; i++)
            {
                Assert.IsTrue(pcm[i] >= -expected && pcm[i] <= (expected > 0 ? expected - 1 : 0), "sample " + pcm[i].ToString());
            }
        }

        [TestMethod]
        public void FirstSamplesFromANewState()
        {
            // x = x · 1664525 + 1013904223 from 0x2545F491; sample = ((x >> 16) · 5675 >> 15) - 5675 at level 20.
            int[] state = PcmNoise.NewState();
            short[] pcm = new short[6];
            Assert.AreEqual(6, s_kernel.ComfortNoise(state, pcm, 0, 6, 20));
            Assert.AreEqual(4371, (int)pcm[0]);
            Assert.AreEqual(580, (int)pcm[1]);
            Assert.AreEqual(-4460, (int)pcm[2]);
            Assert.AreEqual(1100, (int)pcm[3]);
            Assert.AreEqual(-1526, (int)pcm[4]);
            Assert.AreEqual(-1506, (int)pcm[5]);
            Assert.AreEqual(0x5E0B1D4F, state[0]);
        }

        [TestMethod]
        public void SplitCallsContinueOneStream()
        {
            int[] one = PcmNoise.NewState();
            int[] split = PcmNoise.NewState();
            short[] whole = new short[500];
            short[] parts = new short[500];
            Assert.AreEqual(500, s_kernel.ComfortNoise(one, whole, 0, 500, 30));
            int[] sizes = new int[] { 1, 159, 0, 160, 7, 173 };
            int at = 0;
            for (int k = 0; k < sizes.Length; k++)
            {
                Assert.AreEqual(sizes[k], s_kernel.ComfortNoise(split, parts, at, sizes[k], 30));
                at += sizes[k];
            }

            Assert.AreEqual(500, at);
            for (int i = 0; i < 500; i++)
            {
                Assert.AreEqual((int)whole[i], (int)parts[i]);
            }

            Assert.AreEqual(one[0], split[0]);
        }

        [TestMethod]
        public void TheQuietestLevelIsSilence()
        {
            int[] state = PcmNoise.NewState();
            short[] pcm = new short[] { 9, 9, 9, 9 };
            Assert.AreEqual(4, s_kernel.ComfortNoise(state, pcm, 0, 4, PcmNoise.MaxLevel));
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual(0, (int)pcm[i]);
            }

            Assert.AreNotEqual(PcmNoise.Seed, state[0]); // the generator still runs
        }

        [TestMethod]
        public void BadArgumentsWriteNothingAndKeepTheState()
        {
            int[] state = PcmNoise.NewState();
            short[] pcm = new short[] { 4242, 4242, 4242, 4242 };
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, 1, 4, 20)); // too short at its offset
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, -1, 1, 20));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, 0, -1, 20));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, 0, 1, -1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, 0, 1, PcmNoise.MaxLevel + 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, null, 0, 1, 20));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(null, pcm, 0, 1, 20));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(new int[0], pcm, 0, 1, 20));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.ComfortNoise(state, pcm, 0, PcmNoise.MaxCount + 1, 20));
            for (int i = 0; i < 4; i++)
            {
                Assert.AreEqual(4242, (int)pcm[i]);
            }

            Assert.AreEqual(PcmNoise.Seed, state[0]);
            Assert.AreEqual(0, s_kernel.ComfortNoise(state, null, 0, 0, 20)); // nothing to fill
            Assert.AreEqual(PcmNoise.Seed, state[0]);
        }
    }
}
