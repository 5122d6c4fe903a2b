using nanoFramework.TestFramework;
using Phone.Media;

namespace Phone.Tests.Media
{
    /// <summary>Pitch-repetition concealment (G.711 App. I style): period found, waveform continued, fade by 60 ms, smooth return.</summary>
    [TestClass]
    public class PacketLossConcealerTests
    {
        private const int Period = 57; // 140 Hz: not on the coarse (even) lag grid

        // A periodic, non-sinusoidal waveform with an exact period of 57 samples.
        private static short Wave(int n)
        {
            int k = n % Period;
            return (short)(k < 20 ? 400 * k : (k < 40 ? 8000 - 300 * (k - 20) : 2000 - 150 * (k - 40)));
        }

        private static PacketLossConcealer Primed(int samples)
        {
            PacketLossConcealer plc = new PacketLossConcealer();
            short[] frame = new short[160];
            for (int f = 0; f * 160 < samples; f++)
            {
                for (int i = 0; i < 160; i++) frame[i] = Wave(f * 160 + i);
                plc.RealFrame(frame, 0, 160);
            }

            return plc;
        }

        [TestMethod]
        public void RepetitionContinuesThePeriodicWaveform()
        {
            PacketLossConcealer plc = Primed(800);
            short[] out1 = new short[160];
            plc.Conceal(out1, 0, 160);
            Assert.AreEqual(0, plc.PitchPeriod % Period, "a multiple of the true period: " + plc.PitchPeriod.ToString());
            for (int i = 0; i < 80; i++)
            {
                Assert.AreEqual((int)Wave(800 + i), (int)out1[i], "sample " + i.ToString() + " of the first 10 ms");
            }
        }

        [TestMethod]
        public void FadesLinearlyToSilenceBySixtyMilliseconds()
        {
            PacketLossConcealer plc = Primed(800);
            short[] gap = new short[800];
            for (int f = 0; f < 5; f++)
            {
                plc.Conceal(gap, 160 * f, 160);
            }

            // 20 % less per 10 ms after the first 10 ms (App. I): the gain at sample t ≥ 80 is 1 − (t − 80)/400.
            for (int t = 80; t < 480; t += 37)
            {
                int expected = Wave(800 + t) * (400 - (t - 80)) / 400;
                int diff = gap[t] - expected;
                Assert.IsTrue(diff >= -30 && diff <= 30, "t=" + t.ToString() + ": " + gap[t].ToString() + " vs " + expected.ToString());
            }

            for (int t = 480; t < 800; t++)
            {
                Assert.AreEqual((short)0, gap[t]);
            }

            Assert.IsTrue(plc.Faded);
        }

        [TestMethod]
        public void ReturnToSpeechIsCrossFadedThenUntouched()
        {
            PacketLossConcealer plc = Primed(800);
            short[] gap = new short[160];
            plc.Conceal(gap, 0, 160);
            short[] real = new short[160];
            for (int i = 0; i < 160; i++) real[i] = 1000;
            plc.RealFrame(real, 0, 160);
            Assert.IsFalse(plc.InErasure);
            // overlap: ¼ period + 4 ms per 10 ms erased (20 ms → 8 ms = 64), at most 80 samples
            int overlap = plc.PitchPeriod / 4 + 64;
            if (overlap > 80) overlap = 80;
            Assert.AreNotEqual((short)1000, real[1], "the start is blended with the synthetic signal");
            for (int i = overlap; i < 160; i++)
            {
                Assert.AreEqual((short)1000, real[i]);
            }
        }
    }
}
