using System;
using System.IO;
using Phone.App.Media;
using Phone.Call;
using Phone.Host.App;
using Phone.Tools.Handset;
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
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
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
            string work = Path.Combine(Path.GetTempPath(), "phone-vad-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            using ThrowawayCa ca = ThrowawayCa.LoadOrCreate(Path.Combine(work, "ca"));
            int p1 = Demo.FreeSipPort(), p2 = Demo.FreeSipPort(p1);
            int r1 = Demo.FreeRtpPair(0), r2 = Demo.FreeRtpPair(r1);
            string c1 = Demo.ConfigText("1001", p1, p2, r1, ca.CaPem).Replace("[audio]\n", "[audio]\nsilence_suppression = true\n");
            Assert.Contains("silence_suppression = true", c1);
            string v1 = Demo.Volume(work, "1001", c1, ca);
            string v2 = Demo.Volume(work, "1002", Demo.ConfigText("1002", p2, p1, r2, ca.CaPem), ca);
            using var a = new VirtualPhone(new VirtualPhoneOptions { Folder = v1 });
            using var b = new VirtualPhone(new VirtualPhoneOptions { Folder = v2 });
            try
            {
                // A faint background: ±100 of full scale 32767 (about -55 dBov), from a fixed generator.
                a.Microphone.Listen((rate, n) => (short)((int)(((uint)n * 2654435761u) >> 16) % 201 - 100));
                b.Microphone.Tone(1000);
                a.PowerOn();
                b.PowerOn();
                Assert.True(a.WaitUntil(p => p.SipListenPort == p1, Step) && b.WaitUntil(p => p.SipListenPort == p2, Step), "listeners");
                AppHarness.TapDigits(b, "1001");
                b.Tap(PhoneKey.Call);
                Assert.True(a.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), a.ScreenText() + b.ScreenText());
                a.Tap(PhoneKey.Call);
                Assert.True(b.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), b.ScreenText());

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

                b.Tap(PhoneKey.HangUp);
                Assert.True(a.WaitUntil(p => p.Machine.Current == null, Step), a.ScreenText());
                Assert.Equal(0, a.App.Faults);
                Assert.Equal(0, b.App.Faults);
            }
            finally
            {
                a.Dispose();
                b.Dispose();
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
        }
    }
}
