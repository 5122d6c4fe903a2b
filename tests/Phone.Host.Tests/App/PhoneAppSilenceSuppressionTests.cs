using System;
using Phone.App.Media;
using Phone.Call;
using Phone.Host.App;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Silence suppression through the whole app: nf.config's <c>[audio] silence_suppression = true</c> reaches the media
    /// engine's sessions. Two virtual phones call each other straight over TLS with SRTP (CN is negotiated by default);
    /// only 1001 suppresses. While 1001's microphone hears a faint background, 1001 sends CN packets instead of frames
    /// and 1002 plays noise; when 1001's microphone hears a tone, 1002 hears the tone. 1002 sends every frame.
    /// </summary>
    [Collection(Handset.HandsetMediaCollection.Name)]
    public sealed class PhoneAppSilenceSuppressionTests
    {
        private static readonly TimeSpan Step = DirectPhones.Step;
        private readonly ITestOutputHelper _out;

        public PhoneAppSilenceSuppressionTests(ITestOutputHelper output)
        {
            _out = output;
        }

        private static MediaSnapshot Snap(VirtualPhone p)
        {
            var m = new MediaSnapshot();
            CallLeg leg = p.Machine?.Current;
            return leg != null && p.App.Phone.Media.ReadStatistics(leg.Id, m) ? m : null;
        }

        private static string Says(MediaSnapshot m) => m == null ? "no media" :
            $"sent {m.PacketsSent}, suppressed {m.SuppressedFrames}, CN sent {m.ComfortNoiseSent}; received {m.PacketsReceived}, CN received {m.ComfortNoisePackets}, noise frames {m.ComfortNoiseFrames}";

        [Fact]
        public void AFaintBackgroundGoesOutAsCn_ThePeerPlaysNoise_ThenHearsTheTone()
        {
            using var phones = new DirectPhones("phone-vad", configA: text => text.Replace("[audio]\n", "[audio]\nsilence_suppression = true\n"));
            VirtualPhone a = phones.A, b = phones.B;
            // A faint background: ±100 of full scale 32767 (about -55 dBov), from a fixed generator.
            a.Microphone.Listen((rate, n) => (short)((int)(((uint)n * 2654435761u) >> 16) % 201 - 100));
            b.Microphone.Tone(1000);
            phones.PowerOn();
            phones.BCallsA();
            phones.AAnswers();

            // Three seconds of background: CN instead of frames from 1001, noise played at 1002.
            Assert.True(a.WaitUntil(p => Snap(p) is MediaSnapshot m && m.SuppressedFrames >= 150, Step), "1001: " + Says(Snap(a)));
            Assert.True(b.WaitUntil(p => Snap(p) is MediaSnapshot m && m.ComfortNoisePackets >= 1 && m.ComfortNoiseFrames >= 100, Step),
                "1002: " + Says(Snap(b)));
            MediaSnapshot quiet = Snap(a);
            _out.WriteLine("1001 over its background: " + Says(quiet));
            Assert.True(quiet.ComfortNoiseSent >= 2, Says(quiet));
            Assert.True(quiet.PacketsSent * 10 <= quiet.SuppressedFrames, "1001 sent more than one packet in ten frames: " + Says(quiet));
            Assert.True(AppHarness.Hears(a, 1000), "1001 hears 1002's tone: " + AppHarness.Media(a));

            // Speech: 1002 hears 1001's tone, and 1002 (without suppression) never held a frame back.
            a.Microphone.Tone(440);
            Assert.True(AppHarness.Hears(b, 440), "1002 does not hear 1001: " + AppHarness.Media(b));
            MediaSnapshot talking = Snap(a), other = Snap(b);
            _out.WriteLine("1001 talking: " + Says(talking) + "; 1002: " + Says(other));
            Assert.True(talking.PacketsSent >= quiet.PacketsSent + 25, Says(talking));
            Assert.Equal(0, other.SuppressedFrames);
            Assert.Equal(0, other.ComfortNoiseSent);

            phones.BHangsUp();
        }
    }
}
