using System;
using Phone.Audio;
using Phone.Crypto.Native;
using Phone.Device.Audio;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// The I2S slot conversion of a frame has two implementations behind IAudioKernel: the managed twin
    /// (ManagedAudioKernel, what the host and the emulator run) and native/phone_crypto/pc_i2s.c (the device).
    /// Both must give the same samples and bytes for every input class — every 24-bit sample at every gain with
    /// any low byte, mono and stereo frames, either slot, every boxcar length, every 16-bit sample at every
    /// volume, offsets — refuse the same arguments without writing, and allocate nothing. The reference is the
    /// per-frame code the device ran before (I2sSampleConverter, a boxcar written here, and the volume loop
    /// (short)(x * volume / 100)); pc_i2s.c is also checked in C against the definition (tests/test_i2s.c).
    /// </summary>
    public class I2sKernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        private const int Chunk = 65536;

        public static TheoryData<int> Gains()
        {
            var d = new TheoryData<int>();
            for (int g = 0; g <= I2sSlots.MaxGainBits; g++) d.Add(g);
            return d;
        }

        [Theory]
        [MemberData(nameof(Gains))]
        public void EveryTwentyFourBitSampleConvertsAlikeAtEveryGain(int gain)
        {
            var rng = new Random(gain);
            byte[] slots = new byte[Chunk * 4];
            short[] m = new short[Chunk];
            short[] n = new short[Chunk];
            short[] reference = new short[Chunk];
            for (int baseValue = -(1 << 23); baseValue < (1 << 23); baseValue += Chunk)
            {
                for (int i = 0; i < Chunk; i++)
                {
                    int word = ((baseValue + i) << 8) | rng.Next(256); // the low byte must not matter
                    BitConverter.TryWriteBytes(slots.AsSpan(4 * i), word);
                }

                Assert.Equal(Chunk, Managed.CaptureToPcm(slots, 0, Chunk, 1, 0, gain, 1, m, 0));
                Assert.Equal(Chunk, Native.CaptureToPcm(slots, 0, Chunk, 1, 0, gain, 1, n, 0));
                Assert.Equal(Chunk, I2sSampleConverter.CaptureToPcm(slots, 0, Chunk, 1, 0, gain, reference, 0));
                Assert.True(m.AsSpan().SequenceEqual(n), "gain " + gain + " from " + baseValue + ": managed and native differ");
                Assert.True(reference.AsSpan().SequenceEqual(n), "gain " + gain + " from " + baseValue + ": differs from I2sSampleConverter");
            }
        }

        [Fact]
        public void RandomFramesSlotsChannelsAndAveragesAgree()
        {
            var rng = new Random(11);
            for (int round = 0; round < 5000; round++)
            {
                int spf = rng.Next(1, 3);
                int channel = rng.Next(spf);
                int gain = rng.Next(I2sSlots.MaxGainBits + 1);
                int average = rng.Next(1, I2sSlots.MaxAverage + 1);
                int outputs = rng.Next(0, 200);
                int frames = outputs * average;
                int offset = rng.Next(0, 9);
                int pcmOffset = rng.Next(0, 9);
                byte[] slots = new byte[offset + frames * spf * 4 + rng.Next(0, 5)];
                rng.NextBytes(slots);
                if (rng.Next(4) == 0)
                {
                    // near full scale, where saturation and the boxcar's sum matter
                    for (int p = offset + 3; p < slots.Length; p += 4) slots[p] = (byte)(rng.Next(2) == 0 ? 0x7F : 0x80);
                }

                short[] m = new short[pcmOffset + outputs + 3];
                short[] n = new short[m.Length];
                Array.Fill(m, (short)4242);
                Array.Fill(n, (short)4242);
                Assert.Equal(outputs, Managed.CaptureToPcm(slots, offset, frames, spf, channel, gain, average, m, pcmOffset));
                Assert.Equal(outputs, Native.CaptureToPcm(slots, offset, frames, spf, channel, gain, average, n, pcmOffset));
                Assert.Equal(m, n);
                Assert.Equal(Boxcar(slots, offset, frames, spf, channel, gain, average), n.AsSpan(pcmOffset, outputs).ToArray());
                Assert.All(n[..pcmOffset], s => Assert.Equal(4242, s));
                Assert.All(n[(pcmOffset + outputs)..], s => Assert.Equal(4242, s));
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void EverySampleAtEveryVolumeWritesTheSameBytes(bool stereo)
        {
            short[] pcm = new short[Chunk];
            for (int i = 0; i < Chunk; i++) pcm[i] = (short)(i - 32768);
            int bytes = I2sSlots.PlaybackBytes(Chunk, stereo);
            byte[] m = new byte[bytes + 6];
            byte[] n = new byte[bytes + 6];
            byte[] reference = new byte[bytes + 6];
            short[] scaled = new short[Chunk];
            for (int volume = 0; volume <= 100; volume++)
            {
                Array.Fill(m, (byte)0xEE);
                Array.Fill(n, (byte)0xEE);
                Array.Fill(reference, (byte)0xEE);
                Assert.Equal(bytes, Managed.PcmToPlayback(pcm, 0, Chunk, volume, stereo, m, 3));
                Assert.Equal(bytes, Native.PcmToPlayback(pcm, 0, Chunk, volume, stereo, n, 3));

                // What the media engine did before: scale the frame in place, then convert it.
                for (int i = 0; i < Chunk; i++) scaled[i] = (short)(pcm[i] * volume / 100);
                Assert.Equal(bytes, I2sSampleConverter.PcmToPlayback(scaled, 0, Chunk, stereo, reference, 3));
                Assert.True(m.AsSpan().SequenceEqual(n), "volume " + volume + ": managed and native differ");
                Assert.True(reference.AsSpan().SequenceEqual(n), "volume " + volume + ": differs from the scaled conversion");
            }

            Assert.Equal((short)-32768, pcm[0]); // the source frame is not changed
        }

        [Theory]
        [InlineData(0, 64, 16, 1, 0, 0, 1, 16, 0)]     // sanity: accepted
        [InlineData(0, 64, 17, 1, 0, 0, 1, 32, 0)]     // frames beyond the slots
        [InlineData(1, 64, 16, 1, 0, 0, 1, 16, 0)]     // offset leaves too few slots
        [InlineData(-1, 64, 1, 1, 0, 0, 1, 16, 0)]     // negative offset
        [InlineData(0, 64, -1, 1, 0, 0, 1, 16, 0)]     // negative frames
        [InlineData(0, 64, 1, 3, 0, 0, 1, 16, 0)]      // three slots per frame
        [InlineData(0, 64, 1, 0, 0, 0, 1, 16, 0)]      // no slots per frame
        [InlineData(0, 64, 1, 2, 2, 0, 1, 16, 0)]      // channel beyond the frame
        [InlineData(0, 64, 1, 1, -1, 0, 1, 16, 0)]     // negative channel
        [InlineData(0, 64, 1, 1, 0, -1, 1, 16, 0)]     // negative gain
        [InlineData(0, 64, 1, 1, 0, 16, 1, 16, 0)]     // gain beyond 15 bits
        [InlineData(0, 64, 2, 1, 0, 0, 0, 16, 0)]      // average 0
        [InlineData(0, 64, 16, 1, 0, 0, 17, 16, 0)]    // average beyond 16
        [InlineData(0, 64, 3, 1, 0, 0, 2, 16, 0)]      // frames not a multiple of average
        [InlineData(0, 64, 16, 1, 0, 0, 1, 15, 0)]     // pcm too short
        [InlineData(0, 64, 16, 1, 0, 0, 1, 16, 1)]     // pcm too short at its offset
        [InlineData(0, 64, 4, 1, 0, 0, 1, 16, -1)]     // negative pcm offset
        [InlineData(0, -1, 4, 1, 0, 0, 1, 16, 0)]      // no slots
        [InlineData(0, 64, 4, 1, 0, 0, 1, -1, 0)]      // no pcm
        public void CaptureArgumentsAreJudgedAlike(int offset, int slotsLength, int frames, int spf, int channel, int gain,
            int average, int pcmLength, int pcmOffset)
        {
            int expected = 0;
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                byte[] slots = slotsLength < 0 ? null : new byte[slotsLength];
                short[] pcm = pcmLength < 0 ? null : new short[pcmLength];
                if (pcm != null) Array.Fill(pcm, (short)4242);
                int r = k.CaptureToPcm(slots, offset, frames, spf, channel, gain, average, pcm, pcmOffset);
                if (k == Managed) expected = r;
                Assert.Equal(expected, r);
                if (r < 0)
                {
                    Assert.Equal(DecimationFilter.ErrorArgument, r);
                    if (pcm != null) Assert.All(pcm, s => Assert.Equal(4242, s));
                }
            }

            bool sane = offset == 0 && slotsLength == 64 && frames == 16 && spf == 1 && channel == 0 && gain == 0
                && average == 1 && pcmLength == 16 && pcmOffset == 0;
            Assert.Equal(sane ? 16 : DecimationFilter.ErrorArgument, expected);
        }

        [Theory]
        [InlineData(0, 8, 8, 50, true, 32, 0, true)]   // sanity: accepted
        [InlineData(0, 8, 8, 50, true, 31, 0, false)]  // destination too short for stereo
        [InlineData(0, 8, 8, 50, false, 16, 1, false)] // destination too short at its offset
        [InlineData(1, 8, 8, 50, false, 16, 0, false)] // source too short at its offset
        [InlineData(0, 8, -1, 50, false, 16, 0, false)] // negative count
        [InlineData(0, 8, 8, -1, false, 16, 0, false)] // negative volume
        [InlineData(0, 8, 8, 101, false, 16, 0, false)] // volume above 100
        [InlineData(-1, 8, 1, 50, false, 16, 0, false)] // negative source offset
        [InlineData(0, 8, 1, 50, false, 16, -1, false)] // negative destination offset
        [InlineData(0, -1, 1, 50, false, 16, 0, false)] // no source
        [InlineData(0, 8, 1, 50, false, -1, 0, false)] // no destination
        public void PlaybackArgumentsAreJudgedAlike(int pcmOffset, int pcmLength, int count, int volume, bool stereo,
            int dstLength, int dstOffset, bool accepted)
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                short[] pcm = pcmLength < 0 ? null : new short[pcmLength];
                byte[] dst = dstLength < 0 ? null : new byte[dstLength];
                if (dst != null) Array.Fill(dst, (byte)0xEE);
                int r = k.PcmToPlayback(pcm, pcmOffset, count, volume, stereo, dst, dstOffset);
                if (accepted)
                {
                    Assert.Equal(I2sSlots.PlaybackBytes(count, stereo), r);
                }
                else
                {
                    Assert.Equal(DecimationFilter.ErrorArgument, r);
                    if (dst != null) Assert.All(dst, b => Assert.Equal(0xEE, b));
                }
            }
        }

        [Fact]
        public void EmptyCallsNeedNoArrays()
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                Assert.Equal(0, k.CaptureToPcm(null, 0, 0, 2, 1, 6, 4, null, 0));
                Assert.Equal(0, k.PcmToPlayback(null, 0, 0, 70, true, null, 0));
            }
        }

        [Fact]
        public void NoAllocationPerFrame()
        {
            byte[] slots = new byte[640 * 8];
            new Random(3).NextBytes(slots);
            short[] pcm = new short[160];
            byte[] play = new byte[640];
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                k.CaptureToPcm(slots, 0, 640, 2, 1, 6, 4, pcm, 0); // warm up (JIT, P/Invoke stubs)
                k.PcmToPlayback(pcm, 0, 160, 70, true, play, 0);
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++)
                    {
                        total += k.CaptureToPcm(slots, 0, 640, 2, i & 1, 6, 4, pcm, 0);
                        total += k.PcmToPlayback(pcm, 0, 160, i % 101, true, play, 0);
                    }
                });
                Assert.Equal(200 * (160 + 640), total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }

        // I2sSampleConverter per sample, then the mean of each group, truncated toward zero.
        private static short[] Boxcar(byte[] slots, int offset, int frames, int spf, int channel, int gain, int average)
        {
            short[] raw = new short[frames];
            I2sSampleConverter.CaptureToPcm(slots, offset, frames, spf, channel, gain, raw, 0);
            short[] result = new short[frames / average];
            for (int o = 0; o < result.Length; o++)
            {
                int sum = 0;
                for (int k = 0; k < average; k++) sum += raw[o * average + k];
                result[o] = (short)(sum / average);
            }

            return result;
        }
    }
}
