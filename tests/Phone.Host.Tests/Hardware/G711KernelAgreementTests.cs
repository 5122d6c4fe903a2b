using System;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Hardware
{
    /// <summary>
    /// G.711 of a frame has two implementations behind IAudioKernel: the managed twin (MuLaw/ALaw) and
    /// native/phone_crypto/pc_g711.c, which the device uses for every RTP frame. They must give the same
    /// codes for every 16-bit input, the same sample for every code, refuse the same arguments without
    /// writing, and allocate nothing. (pc_g711.c is also checked in C against the G.711 tables,
    /// native/phone_crypto/tests/test_g711.c; G711SoxTests runs sox against both kernels.)
    /// </summary>
    public class G711KernelAgreementTests
    {
        private static readonly IAudioKernel Managed = new ManagedAudioKernel();
        private static readonly IAudioKernel Native = new NativeAudioKernel();

        public static TheoryData<AudioCodec> Codecs => new TheoryData<AudioCodec> { AudioCodec.Pcmu, AudioCodec.Pcma };

        [Theory]
        [MemberData(nameof(Codecs))]
        public void EveryInputEncodesAlikeAndAsTheSingleSamplePath(AudioCodec codec)
        {
            short[] pcm = new short[65536];
            for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)(i - 32768);
            byte[] m = new byte[65536];
            byte[] n = new byte[65536];
            Assert.Equal(65536, Managed.EncodeG711(codec, pcm, 0, m, 0, 65536));
            Assert.Equal(65536, Native.EncodeG711(codec, pcm, 0, n, 0, 65536));
            Assert.Equal(m, n);
            for (int i = 0; i < pcm.Length; i++)
            {
                byte single = codec == AudioCodec.Pcma ? ALaw.Encode(pcm[i]) : MuLaw.Encode(pcm[i]);
                Assert.True(single == n[i], $"{codec} {pcm[i]}: single 0x{single:X2}, native 0x{n[i]:X2}");
            }
        }

        [Theory]
        [MemberData(nameof(Codecs))]
        public void EveryCodeDecodesAlikeAndAsTheSingleCodePath(AudioCodec codec)
        {
            byte[] codes = new byte[256];
            for (int c = 0; c < 256; c++) codes[c] = (byte)c;
            short[] m = new short[256];
            short[] n = new short[256];
            Assert.Equal(256, Managed.DecodeG711(codec, codes, 0, m, 0, 256));
            Assert.Equal(256, Native.DecodeG711(codec, codes, 0, n, 0, 256));
            Assert.Equal(m, n);
            for (int c = 0; c < 256; c++)
            {
                Assert.Equal(codec == AudioCodec.Pcma ? ALaw.Decode((byte)c) : MuLaw.Decode((byte)c), n[c]);
            }
        }

        [Theory]
        [MemberData(nameof(Codecs))]
        public void FramesAtOffsetsTouchOnlyTheirRange(AudioCodec codec)
        {
            var rng = new Random(7);
            short[] pcm = new short[500];
            for (int i = 0; i < pcm.Length; i++) pcm[i] = (short)rng.Next(-32768, 32768);
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                byte[] packet = new byte[12 + 160 + 5];
                Array.Fill(packet, (byte)0xEE);
                Assert.Equal(160, k.EncodeG711(codec, pcm, 37, packet, 12, 160));
                Assert.All(packet[..12], b => Assert.Equal(0xEE, b));
                Assert.All(packet[172..], b => Assert.Equal(0xEE, b));

                short[] back = new short[400];
                Array.Fill(back, (short)4242);
                Assert.Equal(160, k.DecodeG711(codec, packet, 12, back, 100, 160));
                Assert.All(back[..100], s => Assert.Equal(4242, s));
                Assert.All(back[260..], s => Assert.Equal(4242, s));
                for (int i = 0; i < 160; i++)
                {
                    byte c = codec == AudioCodec.Pcma ? ALaw.Encode(pcm[37 + i]) : MuLaw.Encode(pcm[37 + i]);
                    Assert.Equal(c, packet[12 + i]);
                    Assert.Equal(codec == AudioCodec.Pcma ? ALaw.Decode(c) : MuLaw.Decode(c), back[100 + i]);
                }

                Assert.Equal(0, k.EncodeG711(codec, null, 0, null, 0, 0));
                Assert.Equal(0, k.DecodeG711(codec, null, 0, null, 0, 0));
            }
        }

        [Theory]
        [InlineData(0, 8, 0, 8, 9)]     // count beyond both arrays
        [InlineData(0, 8, 0, 8, -1)]    // negative count
        [InlineData(-1, 8, 0, 8, 4)]    // negative source offset
        [InlineData(0, 8, 5, 8, 4)]     // destination too short at its offset
        [InlineData(5, 8, 0, 8, 4)]     // source too short at its offset
        [InlineData(0, 8, -1, 8, 1)]    // negative destination offset
        [InlineData(0, -1, 0, 8, 1)]    // no source array
        [InlineData(0, 8, 0, -1, 1)]    // no destination array
        public void BadArgumentsAreRefusedAlikeAndWriteNothing(int srcOffset, int srcLength, int dstOffset, int dstLength, int count)
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                short[] pcm = srcLength < 0 ? null : new short[srcLength];
                byte[] codes = dstLength < 0 ? null : new byte[dstLength];
                if (codes != null) Array.Fill(codes, (byte)0xEE);
                Assert.Equal(DecimationFilter.ErrorArgument, k.EncodeG711(AudioCodec.Pcmu, pcm, srcOffset, codes, dstOffset, count));
                if (codes != null) Assert.All(codes, b => Assert.Equal(0xEE, b));

                byte[] src = srcLength < 0 ? null : new byte[srcLength];
                short[] dst = dstLength < 0 ? null : new short[dstLength];
                if (dst != null) Array.Fill(dst, (short)4242);
                Assert.Equal(DecimationFilter.ErrorArgument, k.DecodeG711(AudioCodec.Pcma, src, srcOffset, dst, dstOffset, count));
                if (dst != null) Assert.All(dst, s => Assert.Equal(4242, s));
            }
        }

        [Fact]
        public void UnknownCodecIsRefused()
        {
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                byte[] codes = new byte[4];
                Assert.Equal(DecimationFilter.ErrorArgument, k.EncodeG711((AudioCodec)2, new short[4], 0, codes, 0, 4));
                Assert.Equal(DecimationFilter.ErrorArgument, k.DecodeG711((AudioCodec)(-1), codes, 0, new short[4], 0, 4));
            }
        }

        [Fact]
        public void NoAllocationPerFrame()
        {
            short[] pcm = new short[160];
            for (int i = 0; i < 160; i++) pcm[i] = (short)(i * 409 - 32768);
            byte[] packet = new byte[172];
            short[] back = new short[160];
            foreach (IAudioKernel k in new[] { Managed, Native })
            {
                k.EncodeG711(AudioCodec.Pcmu, pcm, 0, packet, 12, 160); // warm up (JIT, P/Invoke stubs)
                k.DecodeG711(AudioCodec.Pcmu, packet, 12, back, 0, 160);
                int total = 0;
                long allocated = SteadyAllocation.Least(() =>
                {
                    total = 0;
                    for (int i = 0; i < 200; i++)
                    {
                        AudioCodec codec = (i & 1) == 0 ? AudioCodec.Pcmu : AudioCodec.Pcma;
                        total += k.EncodeG711(codec, pcm, 0, packet, 12, 160);
                        total += k.DecodeG711(codec, packet, 12, back, 0, 160);
                    }
                });
                Assert.Equal(200 * 320, total);
                Assert.True(allocated == 0, k.Name + " allocated " + allocated + " bytes");
            }
        }
    }
}
