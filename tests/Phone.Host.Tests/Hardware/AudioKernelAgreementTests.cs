using System;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// The device's capture path has two implementations of one specification (pc_decim.c header):
    /// the native kernel the firmware uses and the managed twin. They must give the same samples,
    /// refuse the same arguments, and allocate nothing per call. The filter's response itself is
    /// checked in C against the limits and sox (native/phone_crypto/tests/test_decim.c).
    /// </summary>
    public class AudioKernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        [Theory]
        [InlineData(2, 0, 0, 1)]
        [InlineData(2, 1, 3, 2)]
        [InlineData(1, 0, 12, 3)]
        [InlineData(2, 0, 7, 4)]
        public void SameSamplesForRandomSlotsInRandomChunks(int slotsPerFrame, int channel, int gainBits, int seed)
        {
            var rng = new Random(seed);
            const int Frames = 20000;
            byte[] slots = new byte[Frames * slotsPerFrame * 4];
            rng.NextBytes(slots);
            // Mix full-scale noise with quieter stretches so saturation and small values both occur.
            for (int i = 0; i < slots.Length / 3; i += 4) slots[i + 3] = (byte)(rng.Next(2) == 0 ? 0x00 : 0xFF);

            int[] sm = DecimationFilter.NewState();
            int[] sn = DecimationFilter.NewState();
            short[] pm = new short[Frames / 4 + 8];
            short[] pn = new short[Frames / 4 + 8];
            int frame = 0, outM = 3, outN = 3;
            while (frame < Frames)
            {
                int chunk = Math.Min(Frames - frame, rng.Next(0, 700));
                int offset = frame * slotsPerFrame * 4;
                int a = Managed.DecimateCapture(sm, slots, offset, chunk, slotsPerFrame, channel, gainBits, pm, outM);
                int b = Native.DecimateCapture(sn, slots, offset, chunk, slotsPerFrame, channel, gainBits, pn, outN);
                Assert.Equal(a, b);
                Assert.True(a >= 0);
                outM += a;
                outN += b;
                frame += chunk;
            }

            Assert.Equal(3 + Frames / 4, outM);
            Assert.Equal(pm, pn);
            Assert.Equal(sm, sn);
        }

        [Fact]
        public void DcComesOutAsTheTopSixteenBitsRounded()
        {
            // Independent of the filter: the taps sum to 1.0, so a constant x settles at round(x / 256).
            byte[] slots = new byte[4 * 400];
            for (int i = 0; i < 400; i++)
            {
                slots[4 * i] = 0xEE; slots[4 * i + 1] = 0x80; slots[4 * i + 2] = 0xFF; slots[4 * i + 3] = 0xFF; // x = -128
            }

            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                short[] pcm = new short[100];
                Assert.Equal(100, k.DecimateCapture(DecimationFilter.NewState(), slots, 0, 400, 1, 0, 0, pcm, 0));
                Assert.Equal((short)0, pcm[99]); // -128/256 = -0.5 rounds half up to 0
                Assert.Equal(100, k.DecimateCapture(DecimationFilter.NewState(), slots, 0, 400, 1, 0, 1, pcm, 0));
                Assert.Equal((short)-1, pcm[99]); // -256/256
            }
        }

        [Theory]
        [InlineData(8, 2, 2, 0, 2, 0)]   // channel 2 of a 2-slot frame
        [InlineData(8, 3, 0, 0, 2, 0)]   // 3 slots per frame
        [InlineData(8, 2, 0, 13, 2, 0)]  // gain above 12
        [InlineData(8, 2, 0, 0, 1, 0)]   // room for 1 sample, 8 frames make 2
        [InlineData(8, 2, 0, 0, 2, 1)]   // pcm offset leaves room for 1
        [InlineData(9, 2, 0, 0, 4, 0)]   // 9 stereo frames do not fit in 64 bytes
        [InlineData(-1, 2, 0, 0, 2, 0)]  // negative frame count
        public void BadArgumentsAreRefusedAlikeAndChangeNothing(int frames, int slotsPerFrame, int channel, int gainBits, int pcmLength, int pcmOffset)
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                int[] state = DecimationFilter.NewState();
                state[1] = 2;
                short[] pcm = new short[pcmLength];
                int rc = k.DecimateCapture(state, new byte[64], 0, frames, slotsPerFrame, channel, gainBits, pcm, pcmOffset);
                Assert.Equal(DecimationFilter.ErrorArgument, rc);
                Assert.Equal(2, state[1]);
                Assert.All(pcm, s => Assert.Equal((short)0, s));
            }
        }

        [Fact]
        public void CorruptStateIsRefused()
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                int[] state = DecimationFilter.NewState();
                state[0] = DecimationFilter.Taps;
                Assert.Equal(DecimationFilter.ErrorArgument, k.DecimateCapture(state, new byte[32], 0, 4, 2, 0, 0, new short[4], 0));
                Assert.Equal(DecimationFilter.ErrorArgument, k.DecimateCapture(new int[10], new byte[32], 0, 4, 2, 0, 0, new short[4], 0));
                Assert.Equal(DecimationFilter.ErrorArgument, k.DecimateCapture(null, new byte[32], 0, 4, 2, 0, 0, new short[4], 0));
            }
        }

        [Fact]
        public void NoAllocationPerCall()
        {
            byte[] slots = new byte[640 * 8]; // one 20 ms read of 32 kHz stereo frames
            new Random(9).NextBytes(slots);
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                int[] state = DecimationFilter.NewState();
                short[] pcm = new short[160];
                k.DecimateCapture(state, slots, 0, 640, 2, 0, 2, pcm, 0); // warm up (JIT, P/Invoke stub)
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++) total += k.DecimateCapture(state, slots, 0, 640, 2, 0, 2, pcm, 0);
                });
                Assert.Equal(200 * 160, total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }
    }
}
