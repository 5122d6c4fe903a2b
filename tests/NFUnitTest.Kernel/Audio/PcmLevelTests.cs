using nanoFramework.TestFramework;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// The managed kernel's frame level (what the emulator and a device without the native kernel run) against levels
    /// worked out by hand: the mean square in 1/65536 units, e = (sum of squares &lt;&lt; 16) / count truncated, against
    /// the boundaries FirstBoundary, then times 52057 &gt;&gt; 16 per dB (t0 = 62712381428414, t1 = 49814124145796, ...),
    /// with -10 · log10(mean square / 32767²) beside it (RFC 3389 §3.1: -dBov, a full-scale square wave being 0).
    /// System.Math is not in the device's mscorlib, so every level is a literal. Offsets, silence and refusals too.
    /// Agreement with the native kernel is host-only (tests/Phone.Host.Tests/Hardware/LevelKernelAgreementTests.cs).
    /// </summary>
    [TestClass]
    public class PcmLevelTests
    {
        static readonly IAudioKernel s_kernel = new ManagedAudioKernel();

        const int Frame = 160;

        static short[] Square(int amplitude, int count)
        {
            short[] pcm = new short[count];
            for (int i = 0; i < count; i++)
            {
                pcm[i] = (short)((i & 1) != 0 ? -amplitude : amplitude);
            }

            return pcm;
        }

        [TestMethod]
        public void TheConstantsAreTheSpecifiedOnes()
        {
            Assert.AreEqual(65536, PcmLevel.MaxCount);
            Assert.AreEqual(127, PcmLevel.Quietest);
            Assert.AreEqual(62712381428414L, PcmLevel.FirstBoundary); // 32767² · 2^16 · 10^(-0.05) = 62712381428413.79
            Assert.AreEqual(52057L, PcmLevel.StepFactor);             // 2^16 · 10^(-0.1) = 52057.095
        }

        // A square wave of amplitude A has mean square A², e = A² · 65536:
        //   32767: e 70364449275904 >= t0                                        0     (0 dB)
        //   30935: e 62716262809600 >= t0 = 62712381428414                       0     (0.4997 dB)
        //   30934: e 62712208162816 <  t0, >= t1 = 49814124145796                1     (0.5000 dB, 0.00001 dB past the boundary)
        //   23197: e 35264974618624 in [t3 31430472541660, t2 39568692942164)    3     (3.0001 dB)
        //    3277: e 703773343744   in [t20 627100879680, t19 789474676811)      20    (19.9992 dB)
        //     328: e 7050625024     in [t40 6270779457, t39 7894458046)          40    (39.9913 dB)
        //      33: e 71368704       in [t60 62705499, t59 78941691)              60    (59.9385 dB)
        //      10: e 6553600        in [t70 6270433, t69 7894023)                70    (70.3087 dB)
        //       1: e 65536          in [t90 62700, t89 78935)                    90    (90.3087 dB)
        //       0: silence                                                       127
        [TestMethod]
        [DataRow(32767, 0)]
        [DataRow(30935, 0)]
        [DataRow(30934, 1)]
        [DataRow(23197, 3)]
        [DataRow(3277, 20)]
        [DataRow(328, 40)]
        [DataRow(33, 60)]
        [DataRow(10, 70)]
        [DataRow(1, 90)]
        [DataRow(0, 127)]
        public void SquareWaves(int amplitude, int expected)
        {
            Assert.AreEqual(expected, s_kernel.MeasureLevel(Square(amplitude, Frame), 0, Frame));
            Assert.AreEqual(expected, s_kernel.MeasureLevel(Square(amplitude, 1), 0, 1));
            Assert.AreEqual(expected, s_kernel.MeasureLevel(Square(amplitude, Frame + 1), 0, Frame + 1)); // one more +A
        }

        [TestMethod]
        public void MostNegativeSamplesAreFullScale()
        {
            // (-32768)² = 2^30, a little above 32767²: still 0 (-0.0003 dB, limited to 0). 65,536 of them: the sum is
            // 2^46 and sum << 16 is 2^62, the largest the arithmetic meets.
            short[] pcm = new short[Frame];
            for (int i = 0; i < Frame; i++)
            {
                pcm[i] = -32768;
            }

            Assert.AreEqual(0, s_kernel.MeasureLevel(pcm, 0, Frame));
            Assert.AreEqual(0, s_kernel.MeasureLevel(pcm, 7, 1));
        }

        // One sample of ±1 among count - 1 zeros: e = 65536 / count truncated.
        //   count 1:    e 65536 in [t90 62700, t89 78935)   90 (90.31 dB)
        //   count 160:  e 409 in [t112 393, t111 496)       112 (112.35 dB)
        //   count 4000: e 16 >= t126 14                     126 (126.33 dB)
        //   count 8000: e 8 < t126 14                       127 (129.34 dB, limited)
        [TestMethod]
        [DataRow(1, 90)]
        [DataRow(160, 112)]
        [DataRow(4000, 126)]
        [DataRow(8000, 127)]
        public void OneLsbAmongZeros(int count, int expected)
        {
            short[] pcm = new short[count];
            pcm[count / 2] = 1;
            Assert.AreEqual(expected, s_kernel.MeasureLevel(pcm, 0, count));
            pcm[count / 2] = -1;
            Assert.AreEqual(expected, s_kernel.MeasureLevel(pcm, 0, count));
        }

        // One sample of amplitude A among count - 1 zeros whose mean square lands exactly on a boundary or a fraction
        // of a unit under one (t89 = 78935, t95 = 19826, t104 = 2494, t106 = 1573, t108 = 992):
        //   18 in 269: e = 324 · 65536 / 269 = 78935.55 -> 78935 = t89, not below it        89  (89.501 dB)
        //    6 in 119: e = 36 · 65536 / 119 = 19826.02 -> 19826 = t95                        95  (95.501 dB)
        //    1 in 66:  e = 65536 / 66 = 992.97 -> 992 = t108                                 108 (108.504 dB)
        //    5 in 657: e = 25 · 65536 / 657 = 2493.76 -> 2493, truncated, one below t104    105 (104.505 dB; rounded up it would say 104)
        //    3 in 375: e = 9 · 65536 / 375 = 1572.86 -> 1572, one below t106                 107 (106.507 dB)
        [TestMethod]
        [DataRow(18, 269, 89)]
        [DataRow(6, 119, 95)]
        [DataRow(1, 66, 108)]
        [DataRow(5, 657, 105)]
        [DataRow(3, 375, 107)]
        public void OnABoundaryAndAFractionUnder(int amplitude, int count, int expected)
        {
            short[] pcm = new short[count];
            pcm[count - 1] = (short)amplitude;
            Assert.AreEqual(expected, s_kernel.MeasureLevel(pcm, 0, count));
            pcm[count - 1] = 0;
            pcm[0] = (short)-amplitude;
            Assert.AreEqual(expected, s_kernel.MeasureLevel(pcm, 0, count));
        }

        [TestMethod]
        public void SilenceAndNoSamplesAreTheQuietest()
        {
            Assert.AreEqual(127, s_kernel.MeasureLevel(new short[Frame], 0, Frame));
            Assert.AreEqual(127, s_kernel.MeasureLevel(new short[Frame], 0, 0));
            Assert.AreEqual(127, s_kernel.MeasureLevel(null, 0, 0));
            Assert.AreEqual(127, s_kernel.MeasureLevel(new short[4], 4, 0)); // an empty range at the end
        }

        [TestMethod]
        public void OnlyTheRangeCounts()
        {
            // 160 zeros between full-scale samples: the range alone is silence; one full-scale sample in 160 or 161 is
            // 10 · log10(160) = 22.04 dB and 10 · log10(161) = 22.07 dB: e 439777807974 and 437046268794, both in
            // [t22 395672458717, t21 498123023887).
            short[] pcm = new short[Frame + 8];
            for (int i = 0; i < pcm.Length; i++)
            {
                pcm[i] = (short)(i < 4 || i >= Frame + 4 ? 32767 : 0);
            }

            Assert.AreEqual(127, s_kernel.MeasureLevel(pcm, 4, Frame));
            Assert.AreEqual(22, s_kernel.MeasureLevel(pcm, 3, Frame));
            Assert.AreEqual(22, s_kernel.MeasureLevel(pcm, 4, Frame + 1));
            Assert.AreEqual(0, s_kernel.MeasureLevel(pcm, Frame + 4, 4));
            for (int i = 0; i < pcm.Length; i++)
            {
                Assert.AreEqual(i < 4 || i >= Frame + 4 ? 32767 : 0, (int)pcm[i]); // nothing written
            }
        }

        [TestMethod]
        public void QuieterIsNeverLouder()
        {
            // One sample of amplitude x, from full scale down to 1: the level never goes down as x does, and reaches
            // 90 at x = 1.
            short[] pcm = new short[1];
            int previous = 0;
            for (int x = 32767; x >= 1; x -= x / 32 + 1)
            {
                pcm[0] = (short)x;
                int level = s_kernel.MeasureLevel(pcm, 0, 1);
                Assert.IsTrue(level >= previous, "x " + x.ToString() + ": level " + level.ToString() + " after " + previous.ToString());
                previous = level;
            }

            pcm[0] = 1;
            Assert.AreEqual(90, s_kernel.MeasureLevel(pcm, 0, 1));
        }

        [TestMethod]
        public void BadArgumentsAreRefused()
        {
            short[] pcm = new short[] { 100, 100, 100, 100 };
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(null, 0, 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, -1, 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 1, 4)); // too short at its offset
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 4, 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 0, -1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 0, PcmLevel.MaxCount + 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 2147483647, 1));
            Assert.AreEqual(DecimationFilter.ErrorArgument, s_kernel.MeasureLevel(pcm, 0, 2147483647));
            Assert.IsFalse(PcmLevel.ArgumentsOk(pcm, 3, 2));
            Assert.IsTrue(PcmLevel.ArgumentsOk(pcm, 3, 1));
        }
    }
}
