using System;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// The conference mix has two implementations behind IAudioKernel: the managed twin (ManagedAudioKernel) and
    /// native/phone_crypto/pc_mix.c (the device). Both must give the sum saturated to 16 bits — the reference here is
    /// Math.Clamp of the int sum — for every 16-bit sample against the edge values (both ends, -1, 0, 1) and against
    /// itself, random frames, in place and at offsets; refuse the same arguments without writing; allocate nothing.
    /// </summary>
    public class MixKernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        private const int All = 65536;

        private static short Reference(int a, int b) => (short)Math.Clamp(a + b, short.MinValue, short.MaxValue);

        private static void AssertAgree(short[] a, int aOff, short[] b, int bOff, int count, string what)
        {
            short[] m = new short[count];
            short[] n = new short[count];
            Assert.Equal(count, Managed.MixClip(a, aOff, b, bOff, m, 0, count));
            Assert.Equal(count, Native.MixClip(a, aOff, b, bOff, n, 0, count));
            for (int i = 0; i < count; i++)
            {
                short want = Reference(a[aOff + i], b[bOff + i]);
                Assert.True(m[i] == want, what + ": managed " + a[aOff + i] + " + " + b[bOff + i] + " = " + m[i] + ", not " + want);
                Assert.True(n[i] == want, what + ": native " + a[aOff + i] + " + " + b[bOff + i] + " = " + n[i] + ", not " + want);
            }
        }

        [Theory]
        [InlineData(short.MinValue)]
        [InlineData(-1)]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(short.MaxValue)]
        public void EverySampleAgainstAnEdgeValue(short edge)
        {
            short[] every = new short[All];
            short[] flat = new short[All];
            for (int i = 0; i < All; i++)
            {
                every[i] = (short)(i - 32768);
                flat[i] = edge;
            }

            AssertAgree(every, 0, flat, 0, All, "edge " + edge);
            AssertAgree(flat, 0, every, 0, All, "edge " + edge + " first");
        }

        [Fact]
        public void EverySampleDoubled()
        {
            short[] every = new short[All];
            for (int i = 0; i < All; i++) every[i] = (short)(i - 32768);
            AssertAgree(every, 0, every, 0, All, "doubled");
        }

        [Fact]
        public void RandomFramesAtOffsets()
        {
            var rng = new Random(29);
            for (int round = 0; round < 200; round++)
            {
                short[] a = new short[400];
                short[] b = new short[400];
                for (int i = 0; i < 400; i++)
                {
                    a[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                    b[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                }

                AssertAgree(a, rng.Next(0, 80), b, rng.Next(0, 80), rng.Next(0, 321), "round " + round);
            }
        }

        [Fact]
        public void InPlaceAgrees()
        {
            var rng = new Random(31);
            short[] a = new short[160];
            short[] b = new short[160];
            for (int i = 0; i < 160; i++)
            {
                a[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
                b[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
            }

            short[] m = (short[])a.Clone();
            short[] n = (short[])a.Clone();
            Assert.Equal(160, Managed.MixClip(m, 0, b, 0, m, 0, 160));
            Assert.Equal(160, Native.MixClip(n, 0, b, 0, n, 0, 160));
            for (int i = 0; i < 160; i++)
            {
                Assert.Equal(Reference(a[i], b[i]), m[i]);
                Assert.Equal(Reference(a[i], b[i]), n[i]);
            }

            short[] mb = (short[])b.Clone();
            short[] nb = (short[])b.Clone();
            Assert.Equal(160, Managed.MixClip(a, 0, mb, 0, mb, 0, 160));
            Assert.Equal(160, Native.MixClip(a, 0, nb, 0, nb, 0, 160));
            Assert.Equal(mb, nb);
        }

        [Fact]
        public void BothRefuseTheSameArgumentsAndWriteNothing()
        {
            short[] a = new short[8];
            short[] b = new short[8];
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                short[] into = new short[8];
                Array.Fill(into, (short)4242);
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, 0, b, 0, into, 1, 8));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, 1, b, 0, into, 0, 8));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, 0, b, 1, into, 0, 8));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, -1, b, 0, into, 0, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(null, 0, b, 0, into, 0, 1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, 0, b, 0, into, 0, -1));
                Assert.Equal(DecimationFilter.ErrorArgument, k.MixClip(a, 0, b, 0, into, 0, PcmMix.MaxCount + 1));
                Assert.All(into, v => Assert.Equal(4242, v));
                Assert.Equal(0, k.MixClip(null, 0, null, 0, null, 0, 0));
            }
        }

        [Fact]
        public void NoAllocationPerFrame()
        {
            short[] a = new short[160];
            short[] b = new short[160];
            short[] into = new short[160];
            new Random(5).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(a.AsSpan()));
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                k.MixClip(a, 0, b, 0, into, 0, 160); // warm up (JIT, P/Invoke stubs)
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++)
                    {
                        total += k.MixClip(a, 0, b, 0, into, 0, 160);
                        total += k.MixClip(into, 0, a, 0, into, 0, 160);
                    }
                });
                Assert.Equal(200 * 320, total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }
    }
}
