using System;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// Comfort noise has two implementations behind IAudioKernel: the managed twin (ManagedAudioKernel) and
    /// native/phone_crypto/pc_noise.c (the device). From the same state both must write the same samples and leave
    /// the same state, at every level, count, offset and split of a stream into calls — the reference here is the
    /// generator written out again in ulong arithmetic with the amplitude from the level in double arithmetic checked
    /// against PcmNoise.Amplitude; refuse the same arguments without writing or advancing; allocate nothing.
    /// </summary>
    public class NoiseKernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        /// <summary>The stream from <paramref name="state"/> by the definition, sample by sample.</summary>
        private static short[] Reference(uint state, int count, int level, out uint after)
        {
            int a = PcmNoise.Amplitude(level);
            short[] pcm = new short[count];
            ulong x = state;
            for (int i = 0; i < count; i++)
            {
                x = (x * 1664525 + 1013904223) % 4294967296;
                pcm[i] = (short)((long)(((x >> 16) * (ulong)a) >> 15) - a);
            }

            after = (uint)x;
            return pcm;
        }

        private static void AssertAgree(int seed, int level, int offset, int[] sizes, string what)
        {
            int total = 0;
            foreach (int n in sizes) total += n;
            short[] m = new short[offset + total + 3];
            short[] n2 = new short[offset + total + 3];
            Array.Fill(m, (short)4242);
            Array.Fill(n2, (short)4242);
            int[] ms = { seed };
            int[] ns = { seed };
            int at = offset;
            foreach (int size in sizes)
            {
                Assert.Equal(size, Managed.ComfortNoise(ms, m, at, size, level));
                Assert.Equal(size, Native.ComfortNoise(ns, n2, at, size, level));
                Assert.True(ms[0] == ns[0], what + ": state after " + (at - offset + size) + " samples: managed " + ms[0] + ", native " + ns[0]);
                at += size;
            }

            short[] want = Reference((uint)seed, total, level, out uint after);
            Assert.Equal((int)after, ms[0]);
            for (int i = 0; i < m.Length; i++)
            {
                short expected = i >= offset && i < offset + total ? want[i - offset] : (short)4242;
                Assert.True(m[i] == expected, what + ": managed sample " + i + " = " + m[i] + ", not " + expected);
                Assert.True(n2[i] == expected, what + ": native sample " + i + " = " + n2[i] + ", not " + expected);
            }
        }

        [Fact]
        public void AmplitudeFollowsTheLevel()
        {
            for (int level = 0; level <= PcmNoise.MaxLevel; level++)
            {
                double ideal = Math.Min(32767, 32767 * Math.Sqrt(3) * Math.Pow(10, -level / 20.0));
                int a = PcmNoise.Amplitude(level);
                Assert.True(Math.Abs(a - ideal) <= 1, "level " + level + ": A " + a + ", ideal " + ideal);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(4)]
        [InlineData(5)]
        [InlineData(6)]
        [InlineData(20)]
        [InlineData(37)]
        [InlineData(60)]
        [InlineData(70)]
        [InlineData(89)]
        [InlineData(90)]
        [InlineData(91)]
        [InlineData(127)]
        public void OneFrameAtEveryKindOfLevel(int level)
        {
            AssertAgree(PcmNoise.Seed, level, 0, new[] { 160 }, "level " + level);
            AssertAgree(0, level, 5, new[] { 160 }, "seed 0, level " + level);
            AssertAgree(-1, level, 1, new[] { 161 }, "seed -1, level " + level);
        }

        [Fact]
        public void EveryLevelSplitStreams()
        {
            var rng = new Random(41);
            for (int level = 0; level <= PcmNoise.MaxLevel; level++)
            {
                int[] sizes = new int[rng.Next(1, 8)];
                for (int k = 0; k < sizes.Length; k++) sizes[k] = rng.Next(0, 330);
                AssertAgree(rng.Next(int.MinValue, int.MaxValue), level, rng.Next(0, 40), sizes, "level " + level);
            }
        }

        [Fact]
        public void LongestCallAgrees()
        {
            AssertAgree(12345, 10, 2, new[] { PcmNoise.MaxCount }, "max count");
            AssertAgree(777, 30, 0, new[] { 1, PcmNoise.MaxCount - 1, 0, 9 }, "max count split");
        }

        [Fact]
        public void BothRefuseTheSameArgumentsAndChangeNothing()
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                short[] pcm = new short[8];
                Array.Fill(pcm, (short)4242);
                int[] state = PcmNoise.NewState();
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 1, 8, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, -1, 1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 8, 1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 0, -1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 0, PcmNoise.MaxCount + 1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 0, 1, -1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, pcm, 0, 1, PcmNoise.MaxLevel + 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(state, null, 0, 1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(null, pcm, 0, 1, 20));
                Assert.Equal(DecimationFilter.ErrorArgument, k.ComfortNoise(Array.Empty<int>(), pcm, 0, 1, 20));
                Assert.All(pcm, v => Assert.Equal(4242, v));
                Assert.Equal(PcmNoise.Seed, state[0]);
                Assert.Equal(0, k.ComfortNoise(state, null, 0, 0, 20));
                Assert.Equal(0, k.ComfortNoise(state, pcm, 8, 0, 20));
                Assert.Equal(PcmNoise.Seed, state[0]);
            }
        }

        [Fact]
        public void NoAllocationPerFrame()
        {
            short[] pcm = new short[160];
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                int[] state = PcmNoise.NewState();
                k.ComfortNoise(state, pcm, 0, 160, 40); // warm up (JIT, P/Invoke stubs)
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++)
                    {
                        total += k.ComfortNoise(state, pcm, 0, 160, i % 128);
                    }
                });
                Assert.Equal(200 * 160, total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }
    }
}
