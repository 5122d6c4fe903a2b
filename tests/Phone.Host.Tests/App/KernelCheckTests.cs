using Phone.App.Boot;
using Phone.Audio;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// The boot check of the audio kernel: the real native kernel (the C library the board links, through P/Invoke
    /// here) is taken; one that differs from the managed kernel in any per-frame call is refused with the reason on the
    /// boot screen, so the phone runs the managed path rather than wrong audio.
    /// </summary>
    public sealed class KernelCheckTests
    {
        [Fact]
        public void TheNativeAudioKernelIsTaken()
        {
            var native = new NativeAudioKernel();
            Assert.Same(native, KernelCheck.SelectAudio(native, out string text));
            Assert.Equal("audio: native filter", text);
        }

        [Fact]
        public void WithoutANativeKernelTheManagedPathRuns()
        {
            Assert.Null(KernelCheck.SelectAudio(null, out string text));
            Assert.Equal("audio: no native filter", text);
        }

        [Theory]
        [InlineData("capture", "audio: I2S conv WRONG")]
        [InlineData("playback", "audio: I2S conv WRONG")]
        [InlineData("encode", "audio: G.711 WRONG")]
        [InlineData("decimate", "audio: filter WRONG")]
        [InlineData("mix", "audio: mix WRONG")]
        [InlineData("noise", "audio: noise WRONG")]
        [InlineData("noise state", "audio: noise WRONG")]
        [InlineData("level", "audio: level WRONG")]
        [InlineData("level of silence", "audio: level WRONG")]
        [InlineData("level at full scale", "audio: level WRONG")]
        public void AKernelThatDiffersInOneCallIsRefused(string wrong, string expected)
        {
            Assert.Null(KernelCheck.SelectAudio(new OffByOne(new NativeAudioKernel(), wrong), out string text));
            Assert.Equal(expected, text);
        }

        /// <summary>The native kernel with one call's first output value off by one.</summary>
        private sealed class OffByOne : IAudioKernel
        {
            private readonly IAudioKernel _k;
            private readonly string _wrong;

            public OffByOne(IAudioKernel k, string wrong)
            {
                _k = k;
                _wrong = wrong;
            }

            public string Name => "off by one";

            public int DecimateCapture(int[] state, byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, short[] pcm, int pcmOffset)
            {
                int n = _k.DecimateCapture(state, slots, offset, frames, slotsPerFrame, channel, gainBits, pcm, pcmOffset);
                if (_wrong == "decimate" && n > 0) pcm[pcmOffset]++;
                return n;
            }

            public int EncodeG711(AudioCodec codec, short[] pcm, int pcmOffset, byte[] dst, int dstOffset, int count)
            {
                int n = _k.EncodeG711(codec, pcm, pcmOffset, dst, dstOffset, count);
                if (_wrong == "encode" && n > 0) dst[dstOffset]++;
                return n;
            }

            public int DecodeG711(AudioCodec codec, byte[] src, int srcOffset, short[] pcm, int pcmOffset, int count) =>
                _k.DecodeG711(codec, src, srcOffset, pcm, pcmOffset, count);

            public int CaptureToPcm(byte[] slots, int offset, int frames, int slotsPerFrame, int channel, int gainBits, int average, short[] pcm, int pcmOffset)
            {
                int n = _k.CaptureToPcm(slots, offset, frames, slotsPerFrame, channel, gainBits, average, pcm, pcmOffset);
                if (_wrong == "capture" && n > 0) pcm[pcmOffset]++;
                return n;
            }

            public int PcmToPlayback(short[] pcm, int pcmOffset, int count, int volumePercent, bool stereo, byte[] dst, int dstOffset)
            {
                int n = _k.PcmToPlayback(pcm, pcmOffset, count, volumePercent, stereo, dst, dstOffset);
                if (_wrong == "playback" && n > 0) dst[dstOffset]++;
                return n;
            }

            public int MixClip(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count)
            {
                int n = _k.MixClip(a, aOffset, b, bOffset, into, intoOffset, count);
                if (_wrong == "mix" && n > 0) into[intoOffset]++;
                return n;
            }

            public int ComfortNoise(int[] state, short[] pcm, int pcmOffset, int count, int levelDbov)
            {
                int n = _k.ComfortNoise(state, pcm, pcmOffset, count, levelDbov);
                if (_wrong == "noise" && n > 0) pcm[pcmOffset]++;
                if (_wrong == "noise state" && n > 0) state[0]++;
                return n;
            }

            public int MeasureLevel(short[] pcm, int pcmOffset, int count)
            {
                int n = _k.MeasureLevel(pcm, pcmOffset, count);
                if (_wrong == "level" && n >= 0) n ^= 1; // one dB off, still 0..127
                if (_wrong == "level of silence" && n == PcmLevel.Quietest) n--;
                if (_wrong == "level at full scale" && n == 0) n++;
                return n;
            }
        }
    }
}
