using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Phone.App;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// A call from baresip to the phone app through kamailio (TLS, SRTP mandatory), driven only through the phone's
    /// peripherals: the ring tone on the speaker and the caller on the panel, answer by the Call key, audio both ways
    /// through the I2S models, DTMF and hold by key, hang-up by key. Verdicts come from the peer (its events and
    /// recording) and from the speaker and panel models, never from the app's own report.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppCallTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private const double PhoneTone = 440;
        private const double PeerTone = 1000;
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppCallTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        [Fact]
        public void BaresipCalls_PhoneRingsAnswersByKey_AudioBothWays_Dtmf_Hold_HangUpByKey()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir);
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = PeerTone, AnswerMode = "manual" });
            try
            {
                phone.Microphone.Tone(PhoneTone);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());

                baresip.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + baresip.LogTail());
                Thread.Sleep(1200);
                string ringing = phone.ScreenText();
                _out.WriteLine(ringing);
                Assert.Contains("1001", ringing);
                Assert.True(phone.Speaker.AmplifierOn, "the speaker rings");
                // The ring tone (ToneGenerator: 400 Hz, 1 s on in 3 s) is on the speaker, not the peer's audio.
                Thread.Sleep(2000);
                Assert.True(ToneCheck.Analyse(AppHarness.Sounding(phone.Speaker.Last(24000)), 8000, 400).Present, "no ring tone on the speaker");
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);

                phone.Tap(PhoneKey.Call);
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                BaresipEvent menc = baresip.WaitForEvent("CALL_MENC", Step, e => e.CallId == est.CallId);
                _out.WriteLine("peer: " + menc);
                Thread.Sleep(3000);

                // The peer's 1000 Hz on our speaker (and not our own 440 Hz coming back).
                short[] heard = phone.Speaker.Last(16000);
                if (!ToneCheck.Analyse(heard, 8000, PeerTone).Present)
                {
                    // A loaded machine can hold the media thread back for a moment: look again over the next seconds.
                    phone.WaitUntil(p => ToneCheck.Analyse(p.Speaker.Last(16000), 8000, PeerTone).Present, TimeSpan.FromSeconds(4));
                    heard = phone.Speaker.Last(16000);
                }

                Assert.True(ToneCheck.Analyse(heard, 8000, PeerTone).Present, "the phone's speaker did not play the peer's tone: " +
                    ToneCheck.Analyse(heard, 8000, PeerTone) + "; " + AppHarness.Media(phone));
                Assert.False(ToneCheck.Analyse(heard, 8000, PhoneTone).Present, "the phone hears its own microphone");
                string connected = phone.ScreenText();
                _out.WriteLine(connected);
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);

                phone.Tap(PhoneKey.D5);
                Assert.NotNull(baresip.WaitForEvent("CALL_DTMF_START", Step, e => e.Param == "5"));

                phone.Tap(PhoneKey.Hold);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Held, Step), phone.ScreenText());
                Thread.Sleep(500);
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, true);
                phone.Tap(PhoneKey.Hold);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                Thread.Sleep(1000);

                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == est.CallId));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step), phone.ScreenText());

                // The peer recorded our microphone's 440 Hz.
                string recording = baresip.ReceivedRecording;
                Assert.True(recording != null && ToneCheck.Contains(recording, PhoneTone), "the peer did not hear the phone's microphone");
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void RtpPortTakenByTheTimeTheCallIsAnswered_TheCallIsHungUp_TheScreenSaysNoAudio()
        {
            // The phone offers its slot's RTP port in the SDP and binds it when media starts. When something else
            // holds the port by then, media cannot start: the call is ended with a BYE, not left up in silence.
            using Socket squatter = TakeEvenPort(out int port);
            string volume = AppHarness.NewVolume(_rig, out string dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"), RigPhoneConfig.Text(_rig, "desk-1003", "1003", "",
                "rtp_port_min = " + port + "\nrtp_port_max = " + (port + 10) + "\n"));
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Log = log.Enqueue });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = PeerTone, AnswerMode = "manual" });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                baresip.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + baresip.LogTail());

                phone.Tap(PhoneKey.Call);
                Assert.True(phone.WaitUntil(p => p.ScreenText().Contains("No audio"), Step), phone.ScreenText());
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step));
                Assert.Contains(log, l => l.Contains("RTP port " + port + " unavailable"));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        /// <summary>A socket holding an even loopback port whose odd neighbour was free too (a whole RTP/RTCP pair for the phone to want).</summary>
        private static Socket TakeEvenPort(out int port)
        {
            var random = new Random();
            for (int attempt = 0; attempt < 200; attempt++)
            {
                port = 44000 + 2 * random.Next(0, 2000);
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    s.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    using var odd = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    odd.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                    return s;
                }
                catch (SocketException)
                {
                    s.Dispose();
                }
            }

            throw new InvalidOperationException("no free even UDP port");
        }
    }
}
