using System;
using System.Numerics;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// The frame level has two implementations behind IAudioKernel: the managed twin (ManagedAudioKernel) and
    /// native/phone_crypto/pc_level.c (the device). Both must give the same level for every input — the reference here
    /// is the arithmetic written out again: the mean square in BigInteger, and the level as the
    /// number of boundaries, from a table built once, that the mean square lies below — for silence, one-LSB patterns,
    /// clipped and full-scale frames, sines from 0 to 90 dB down, random frames, a mean square exactly on and one unit
    /// below every boundary, at every kind of offset and count; the level must also be RFC 3389's rounded dB by double
    /// arithmetic wherever that can tell; both must refuse the same arguments, read nothing outside the range and
    /// allocate nothing.
    /// </summary>
    public class LevelKernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        private const int Max = PcmLevel.MaxCount;
        private const double FullScaleSquared = 32767.0 * 32767.0;

        /// <summary>The 127 boundaries, in 1/65536 units: round(32767² · 2^16 · 10^-0.05), then each times 52057 / 2^16, floored.</summary>
        private static readonly BigInteger[] Boundaries = BuildBoundaries();

        private static BigInteger[] BuildBoundaries()
        {
            var t = new BigInteger[PcmLevel.Quietest];
            t[0] = new BigInteger(62712381428414L);
            for (int k = 1; k < t.Length; k++)
            {
                t[k] = BigInteger.Divide(t[k - 1] * 52057, 65536);
            }

            return t;
        }

        /// <summary>The level by the definition: the mean square floored to 1/65536 units, counted against every boundary.</summary>
        private static int Reference(short[] pcm, int offset, int count)
        {
            if (count == 0)
            {
                return PcmLevel.Quietest;
            }

            long sum = 0; // at most 65,536 · 2^30 = 2^46
            for (int i = 0; i < count; i++)
            {
                sum += (long)pcm[offset + i] * pcm[offset + i];
            }

            BigInteger e = BigInteger.Divide(new BigInteger(sum) * 65536, count);
            int below = 0;
            foreach (BigInteger t in Boundaries)
            {
                if (e < t) below++;
            }

            return below;
        }

        /// <summary>
        /// RFC 3389's level in double arithmetic, or -1 when the mean square is too near a boundary for double arithmetic
        /// to say which side the kernels' integers put it: within 0.01 dB or 6 units of 1/65536 (the mean square is
        /// truncated by less than one unit, the boundaries by less than five in all; native/phone_crypto/tests/test_level.c).
        /// </summary>
        private static int Ideal(short[] pcm, int offset, int count)
        {
            double sum = 0;
            for (int i = 0; i < count; i++) sum += (double)pcm[offset + i] * pcm[offset + i];
            if (sum == 0) return PcmLevel.Quietest;
            double e = sum / count * 65536;
            for (int k = 0; k < PcmLevel.Quietest; k++)
            {
                double b = FullScaleSquared * 65536 * Math.Pow(10, -(k + 0.5) / 10);
                if (Math.Abs(e - b) <= b * (1 - Math.Pow(10, -0.001)) + 6) return -1;
            }

            double db = -10 * Math.Log10(sum / count / FullScaleSquared);
            return (int)Math.Clamp(Math.Round(db), 0, PcmLevel.Quietest);
        }

        private static void AssertAgree(short[] pcm, int offset, int count, string what)
        {
            int want = Reference(pcm, offset, count);
            int m = Managed.MeasureLevel(pcm, offset, count);
            int n = Native.MeasureLevel(pcm, offset, count);
            Assert.True(m == want, what + ": managed " + m + ", not " + want + " (offset " + offset + ", count " + count + ")");
            Assert.True(n == want, what + ": native " + n + ", not " + want + " (offset " + offset + ", count " + count + ")");
            int ideal = Ideal(pcm, offset, count);
            Assert.True(ideal < 0 || ideal == want, what + ": " + want + ", RFC 3389's rounded dB " + ideal + " (offset " + offset + ", count " + count + ")");
        }

        /// <summary>The frame at every kind of offset and count: whole, shifted, the first and last sample, odd lengths.</summary>
        private static void AssertAgreeEverywhere(short[] frame, string what)
        {
            short[] padded = new short[frame.Length + 10];
            Array.Fill(padded, short.MinValue); // loud guards: a read outside the range changes the level
            Array.Copy(frame, 0, padded, 7, frame.Length);
            AssertAgree(frame, 0, frame.Length, what);
            AssertAgree(padded, 7, frame.Length, what + " at offset 7");
            AssertAgree(frame, 0, 0, what + ", count 0");
            AssertAgree(frame, frame.Length, 0, what + ", count 0 at the end");
            AssertAgree(frame, 0, 1, what + ", first sample");
            AssertAgree(frame, frame.Length - 1, 1, what + ", last sample");
            if (frame.Length > 3)
            {
                AssertAgree(frame, 1, frame.Length - 2, what + ", inner");
                AssertAgree(frame, 3, frame.Length - 3, what + ", tail");
                AssertAgree(frame, 0, frame.Length / 2 + 1, what + ", head");
            }
        }

        private static short[] Filled(int count, Func<int, int> sample)
        {
            var pcm = new short[count];
            for (int i = 0; i < count; i++) pcm[i] = (short)sample(i);
            return pcm;
        }

        [Fact]
        public void TheConstantsAndBoundariesAreWhereTheySayTheyAre()
        {
            long first = (long)Math.Round(FullScaleSquared * 65536 * Math.Pow(10, -0.05));
            long step = (long)Math.Round(65536 * Math.Pow(10, -0.1));
            Assert.True(PcmLevel.FirstBoundary == first, "FirstBoundary " + PcmLevel.FirstBoundary + ", by its definition " + first);
            Assert.True(PcmLevel.StepFactor == step, "StepFactor " + PcmLevel.StepFactor + ", by its definition " + step);
            for (int k = 0; k < PcmLevel.Quietest; k++)
            {
                double ideal = FullScaleSquared * 65536 * Math.Pow(10, -(k + 0.5) / 10);
                double t = (double)Boundaries[k];
                Assert.True(t <= ideal + 0.5 && t >= ideal * (1 - 2.4e-4) - 5, "boundary " + k + ": " + t + " for " + ideal);
                if (k <= 108)
                {
                    Assert.True(Math.Abs(10 * Math.Log10(t / ideal)) <= 0.01, "boundary " + k + " more than 0.01 dB off");
                }
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(159)]
        [InlineData(160)]
        [InlineData(161)]
        [InlineData(8000)]
        [InlineData(Max - 1)]
        [InlineData(Max)]
        public void SilenceLsbsAndFullScale(int count)
        {
            AssertAgreeEverywhere(new short[count], "silence");
            AssertAgreeEverywhere(Filled(count, i => i == count / 3 ? 1 : 0), "one +1");
            AssertAgreeEverywhere(Filled(count, i => i == count - 1 ? -1 : 0), "one -1 at the end");
            AssertAgreeEverywhere(Filled(count, i => (i & 1) == 0 ? 1 : -1), "±1 square");
            AssertAgreeEverywhere(Filled(count, i => i % 3 - 1), "-1, 0, 1");
            AssertAgreeEverywhere(Filled(count, i => (i & 1) == 0 ? 32767 : -32767), "full-scale square");
            AssertAgreeEverywhere(Filled(count, i => -32768), "-32768 throughout");
            AssertAgreeEverywhere(Filled(count, i => (i & 1) == 0 ? 32767 : -32768), "both ends");
            AssertAgreeEverywhere(Filled(count, i => i == 0 ? -32768 : 0), "one -32768");
        }

        [Fact]
        public void TheLargestSumsDoNotOverflow()
        {
            // 65,536 samples of -32768: the sum is 2^46, sum << 16 is 2^62.
            short[] pcm = Filled(Max, i => -32768);
            Assert.Equal(0, Managed.MeasureLevel(pcm, 0, Max));
            Assert.Equal(0, Native.MeasureLevel(pcm, 0, Max));
            AssertAgree(pcm, 0, Max, "-32768 throughout the largest frame");
        }

        [Fact]
        public void SinesFromFullScaleTo90dBDown()
        {
            for (int db = 0; db <= 90; db++)
            {
                double a = 32767 * Math.Pow(10, -db / 20.0);
                short[] frame = Filled(8000, i => (int)Math.Round(a * Math.Sin(2 * Math.PI * 1004 * i / 8000 + 0.7)));
                AssertAgreeEverywhere(frame, "sine " + db + " dB down");
                if (db <= 60)
                {
                    // a sine is 10 · log10(2) = 3.01 dB below the square of its amplitude
                    Assert.Equal(db + 3, Native.MeasureLevel(frame, 0, frame.Length));
                }

                short[] clipped = Filled(160, i => (int)Math.Clamp(Math.Round(2 * a * Math.Sin(2 * Math.PI * 1000 * i / 8000)), -32768, 32767));
                AssertAgreeEverywhere(clipped, "sine twice " + db + " dB down, clipped");
            }
        }

        [Fact]
        public void SquaresAtEveryLevel()
        {
            for (int level = 0; level <= 100; level++)
            {
                int a = (int)Math.Round(32767 * Math.Pow(10, -level / 20.0));
                short[] frame = Filled(160, i => (i & 1) == 0 ? a : -a);
                AssertAgreeEverywhere(frame, "square at " + level + " dB");
                if (level <= 73)
                {
                    Assert.Equal(level, Native.MeasureLevel(frame, 0, 160)); // coarser integer amplitudes below (docs)
                }
            }
        }

        [Fact]
        public void RandomFrames()
        {
            var rng = new Random(3389);
            for (int trial = 0; trial < 600; trial++)
            {
                int count = trial % 10 == 0 ? rng.Next(1, Max + 1) : rng.Next(1, 2000);
                int shift = rng.Next(0, 16);
                bool clip = trial % 5 == 1;
                short[] frame = Filled(count, i =>
                {
                    int v = rng.Next(-32768, 32768);
                    if (clip) v = Math.Clamp(v * 2, -32768, 32767);
                    return v >> shift;
                });
                int offset = rng.Next(0, count);
                AssertAgree(frame, 0, count, "random frame " + trial);
                AssertAgree(frame, offset, rng.Next(0, count - offset + 1), "random range " + trial);
            }
        }

        /// <summary>Samples whose squares add up to exactly <paramref name="sum"/>: full scale first, then each the largest that fits.</summary>
        private static short[] WithSumOfSquares(long sum, int count)
        {
            short[] pcm = new short[count];
            long left = sum;
            for (int i = 0; i < count && left > 0; i++)
            {
                long x = Math.Min(32767, (long)Math.Sqrt(left));
                while (x * x > left) x--;
                while (x < 32767 && (x + 1) * (x + 1) <= left) x++;
                pcm[i] = (short)((i & 1) == 0 ? x : -x);
                left -= x * x;
            }

            Assert.Equal(0, left);
            return pcm;
        }

        [Fact]
        public void OnAndJustBelowEveryBoundary()
        {
            // With 65,536 samples the mean square in 1/65536 units is the sum of squares itself.
            for (int k = 0; k < PcmLevel.Quietest; k++)
            {
                long t = (long)Boundaries[k];
                short[] on = WithSumOfSquares(t, Max);
                short[] below = WithSumOfSquares(t - 1, Max);
                Assert.Equal(k, Managed.MeasureLevel(on, 0, Max));
                Assert.Equal(k, Native.MeasureLevel(on, 0, Max));
                Assert.Equal(k + 1, Managed.MeasureLevel(below, 0, Max));
                Assert.Equal(k + 1, Native.MeasureLevel(below, 0, Max));

                // Over 65,535 samples the mean square has a fraction, which both truncate.
                short[] odd = WithSumOfSquares(t * (Max - 1) / Max, Max - 1);
                AssertAgree(odd, 0, Max - 1, "just under boundary " + k + " over 65,535 samples");
            }
        }

        [Fact]
        public void BothRefuseTheSameArguments()
        {
            short[] pcm = new short[8];
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(null, 0, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, -1, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 8, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 1, 8));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 0, -1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 0, Max + 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(new short[Max + 1], 0, Max + 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, int.MaxValue, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, int.MinValue, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 0, int.MaxValue));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MeasureLevel(pcm, 0, int.MinValue));
                Assert.Equal(PcmLevel.Quietest, k.MeasureLevel(null, 0, 0));
                Assert.Equal(PcmLevel.Quietest, k.MeasureLevel(pcm, 8, 0));
                Assert.Equal(PcmLevel.Quietest, k.MeasureLevel(new short[Max + 1], 1, Max));
            }
        }

        [Fact]
        public void NoAllocationPerFrame()
        {
            short[] pcm = Filled(160, i => (i * 409) % 20000 - 10000);
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                k.MeasureLevel(pcm, 0, 160); // warm up (JIT, P/Invoke stubs)
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++)
                    {
                        total += k.MeasureLevel(pcm, i % 8, 152);
                    }
                });
                int expected = 0;
                for (int i = 0; i < 200; i++) expected += Reference(pcm, i % 8, 152);
                Assert.Equal(expected, total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }
    }
}
