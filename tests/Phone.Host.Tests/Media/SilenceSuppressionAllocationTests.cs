using Phone.Audio;
using Phone.Sdp;
using Phone.Crypto;
using Phone.Media;
using Phone.Srtp;
using Xunit;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// Silence suppression adds nothing to the heap: talkspurts and pauses through two SRTP sessions (the level call,
    /// the detector, CN packets written and protected, skipped frames, marked talkspurts, CN played) allocate 0 bytes
    /// after a warm-up, per audio kernel.
    /// </summary>
    public sealed class SilenceSuppressionAllocationTests
    {
        [Theory]
        [InlineData("managed")]
        [InlineData("native")]
        public void TalkAndPausesAllocateNothing(string kernel)
        {
            IAudioKernel audio = kernel == "managed" ? new ManagedAudioKernel() : new Phone.Crypto.Native.NativeAudioKernel();
            var call = new MediaCallSetup(AudioCodec.Pcmu, 20, SrtpMode.Mandatory, SrtpSuite.AesCm128HmacSha1_80, 46);
            var a = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(3), 40, 200, audio) { SilenceSuppression = true };
            var b = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(4), 40, 200, audio);
            Assert.Equal(MediaStatus.Ok, a.Start(call.MediaA, 0));
            Assert.Equal(MediaStatus.Ok, b.Start(call.MediaB, 0));
            short[] mic = new short[160], speaker = new short[160];
            byte[] wire = new byte[MediaSession.MaxDatagramLength];
            int[] noise = PcmNoise.NewState();
            long now = 0;

            void Run(int cycles)
            {
                for (int c = 0; c < cycles; c++)
                {
                    for (int f = 0; f < 100; f++) // 0.5 s of talk, 1.5 s of pause
                    {
                        audio.ComfortNoise(noise, mic, 0, 160, f < 25 ? 20 : 55);
                        int n = a.Capture(mic, 0, now, wire, 0);
                        if (n > 0) b.Receive(wire, 0, n, now);
                        b.Playout(speaker, 0, now);
                        now += 20;
                    }
                }
            }

            Run(3); // warm up: JIT, P/Invoke stubs, tiering
            long allocated = SteadyAllocation.Least(() => Run(10));
            MediaStatistics sa = a.Statistics, sb = b.Statistics;
            Assert.Equal(0, allocated);
            Assert.True(sa.ComfortNoiseSent >= 26 && sa.SuppressedFrames >= 13 * 65, $"CN sent {sa.ComfortNoiseSent}, suppressed {sa.SuppressedFrames}");
            Assert.Equal(sa.ComfortNoiseSent, sb.ComfortNoisePackets);
            Assert.True(sb.ComfortNoiseFrames >= 13 * 60, $"noise frames played {sb.ComfortNoiseFrames}");
            Assert.Equal(0, sb.PacketsLost);
        }
    }
}
