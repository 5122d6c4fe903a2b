using System;
using System.Linq;
using Phone.Audio;
using Phone.Crypto;
using Phone.Crypto.Native;
using Phone.Host.App;
using Xunit;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// The media engine's local three-way conference over two SRTP calls on simulated time (MediaEngineRig): the
    /// speaker plays both far ends mixed, each far end hears the microphone and the other far end, sums saturate,
    /// mute leaves only the microphone out, and the steady state allocates nothing. Levels are steady samples, so
    /// what each party hears is the G.711 (µ-law) image of the expected sum: MuLaw.Decode(MuLaw.Encode(x)), composed
    /// once per hop it crossed, an independent reference for the whole path.
    /// </summary>
    public class ConferenceMediaTests
    {
        private const short Mic = 2000;
        private const short SaysA = 1000;
        private const short SaysB = -3000;

        private static short G711(int x) => MuLaw.Decode(MuLaw.Encode((short)Math.Clamp(x, short.MinValue, short.MaxValue)));

        private static MediaEngineRig Conference(IAudioKernel audio, ICryptoKernel crypto)
        {
            var rig = new MediaEngineRig(crypto, audio);
            rig.Microphone.Listen((rate, n) => Mic);
            rig.Connect(1, 0);
            rig.Connect(2, 1);
            rig.Say(0, SaysA);
            rig.Say(1, SaysB);
            Assert.True(rig.Engine.SetConference(true), rig.Engine.LastError);
            Assert.True(rig.Engine.Conference);
            rig.Run(600);
            return rig;
        }

        public static TheoryData<string> Kernels() => new TheoryData<string> { "managed", "native" };

        private static MediaEngineRig Conference(string kernel) => kernel == "native"
            ? Conference(new NativeAudioKernel(), new NativeCryptoKernel())
            : Conference(null, new ManagedCryptoKernel());

        [Theory]
        [MemberData(nameof(Kernels))]
        public void EachPartyHearsTheOtherTwo(string kernel)
        {
            MediaEngineRig rig = Conference(kernel);
            short a = G711(SaysA);
            short b = G711(SaysB);
            // The speaker: both far ends, each through one G.711 hop, summed.
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(a + b, s));
            // Far end A: the microphone plus what the phone decoded from B, encoded once more.
            Assert.All(rig.Peers[0].Heard, s => Assert.Equal(G711(Mic + b), s));
            Assert.All(rig.Peers[1].Heard, s => Assert.Equal(G711(Mic + a), s));
            Assert.Equal(0, rig.Peers[0].Session.Statistics.AuthenticationFailures);
        }

        [Fact]
        public void SumsSaturate()
        {
            MediaEngineRig rig = Conference(new NativeAudioKernel(), new NativeCryptoKernel());
            rig.Say(0, 30000);
            rig.Say(1, 30000);
            rig.Microphone.Listen((rate, n) => 20000);
            rig.Run(400);
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(short.MaxValue, s));
            Assert.All(rig.Peers[0].Heard, s => Assert.Equal(G711(short.MaxValue), s));
            rig.Say(0, -30000);
            rig.Say(1, -30000);
            rig.Run(400);
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(short.MinValue, s));
        }

        [Fact]
        public void MuteLeavesOnlyTheMicrophoneOut()
        {
            MediaEngineRig rig = Conference(new NativeAudioKernel(), new NativeCryptoKernel());
            rig.Engine.SetMuted(true);
            rig.Run(400);
            Assert.All(rig.Peers[0].Heard, s => Assert.Equal(G711(G711(SaysB)), s));
            Assert.All(rig.Peers[1].Heard, s => Assert.Equal(G711(G711(SaysA)), s));
            rig.Engine.SetConference(false);
            rig.Run(400);
            // Out of the conference, mute is the sessions' again: a muted call sends silence.
            Assert.All(rig.Peers[0].Heard, s => Assert.Equal(G711(0), s));
        }

        [Fact]
        public void SplittingGoesBackToTheAudibleCallOnly()
        {
            MediaEngineRig rig = Conference(new NativeAudioKernel(), new NativeCryptoKernel());
            Assert.True(rig.Engine.SetConference(false));
            rig.Run(400);
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(G711(SaysA), s));
            Assert.All(rig.Peers[0].Heard, s => Assert.Equal(G711(Mic), s));
        }

        [Fact]
        public void StoppingOneCallEndsTheConference()
        {
            MediaEngineRig rig = Conference(new NativeAudioKernel(), new NativeCryptoKernel());
            rig.Engine.Stop(1, rig.Clock.NowMs);
            Assert.False(rig.Engine.Conference);
            rig.Peers[0] = null;
            rig.Run(400);
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(G711(SaysB), s));
            Assert.All(rig.Peers[1].Heard, s => Assert.Equal(G711(Mic), s));
        }

        [Fact]
        public void RefusedWithoutTwoCallsOrWithAnotherPtime()
        {
            var rig = new MediaEngineRig(new NativeCryptoKernel(), new NativeAudioKernel());
            Assert.False(rig.Engine.SetConference(true));
            Assert.Equal("conference needs two calls", rig.Engine.LastError);
            rig.Connect(1, 0);
            Assert.False(rig.Engine.SetConference(true));
            rig.Connect(2, 1, ptime: 30);
            Assert.False(rig.Engine.SetConference(true));
            Assert.Equal("conference needs 20 ms ptime on both calls", rig.Engine.LastError);
            Assert.False(rig.Engine.Conference);
        }

        [Fact]
        public void ALegRenegotiatedToAnotherPtimeEndsTheMix()
        {
            MediaEngineRig rig = Conference(new NativeAudioKernel(), new NativeCryptoKernel());
            // A re-INVITE of call 2 settles on 30 ms: the engine can no longer mix frame by frame.
            rig.Connect(2, 1, ptime: 30);
            Assert.False(rig.Engine.Conference);
            Assert.Equal("conference ended: ptime not 20 ms", rig.Engine.LastError);
            rig.Run(400);
            // Out of the conference the speaker plays the audible call only (call 1: A).
            Assert.All(rig.Speaker.Last(160), s => Assert.Equal(G711(SaysA), s));
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void SteadyStateAllocatesNothing(string kernel)
        {
            MediaEngineRig rig = Conference(kernel);
            // Any allocation of the engine's own comes back every frame, so the quietest of three 50-frame windows
            // must be empty (see SteadyAllocation).
            rig.Run(2000);
            long allocated = SteadyAllocation.Least(() => rig.Run(1000));

            Assert.True(allocated == 0, kernel + ": each of three windows of 50 conference frames allocated, the least " + allocated + " bytes");
            Assert.True(rig.Peers[0].Session.Statistics.PacketsReceived > 70);
        }
    }
}
