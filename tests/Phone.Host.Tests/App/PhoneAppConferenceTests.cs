using System;
using System.Linq;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// A local three-way conference through kamailio (TLS, SRTP mandatory), driven only by the phone's keys: linphonec
    /// (1002) calls and is answered, baresip (1001) calls in as a waiting call and is answered (which holds linphonec),
    /// Conf joins them (linphonec is resumed by re-INVITE). Verdicts come from all three ends: the speaker model must
    /// play both peers' tones; baresip's recording must hold the phone's microphone and linphonec's tone; linphonec's
    /// recording, after its hold and resume, must hold the phone's microphone and baresip's tone. A mix of two tones
    /// gives each only part of the energy, so a tone counts as heard when it stands 20 dB above its neighbouring
    /// probes and holds at least a tenth of the energy (ToneCheck's single-tone rule asks for half).
    /// The held-and-resumed leg is linphonec's because baresip 1.0.0 cannot show what it decodes after a hold: its
    /// <c>audio_decoder_set</c> (src/audio.c) empties the receive filter chain on any re-INVITE that is not sendrecv and
    /// <c>aufilt_setup</c> never rebuilds it while the send chain exists, so its sndfile recording (and its echo
    /// module's aubridge loop) stop at the hold for good (CallMatrix_Control_Baresip_StopsRecordingAtHold_EvenWithLinphonec).
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppConferenceTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private const double PhoneTone = 440;
        private const double ToneA = 1000;
        private const double ToneB = 1600;
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppConferenceTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        private static bool Heard(ToneReport r) => r.MedianNeighbourDb >= 20 && r.MedianEnergyShare >= 0.1 && r.Rms > 0.003;

        [Fact]
        public void LinphoneThenBaresip_ConfKey_EachPartyHearsTheOtherTwo()
        {
            // The reference board (its built-in profile), Conf in its fifth row.
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir);
            using var a = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = ToneA, Gruu = false, AutoAnswer = false });
            using var b = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = ToneB, AnswerMode = "manual" });
            try
            {
                phone.Microphone.Tone(PhoneTone);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());

                a.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + a.LogTail());
                phone.Tap(PhoneKey.Call);
                a.WaitForCallState("StreamsRunning", Step);

                b.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.Other != null && p.Machine.Other.Stage == CallStage.Waiting, Step), phone.ScreenText() + b.LogTail());
                phone.Tap(PhoneKey.Call);
                BaresipEvent estB = b.WaitForEvent("CALL_ESTABLISHED", Step);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected && p.Machine.Other != null && p.Machine.Other.HeldLocal, Step), phone.ScreenText());
                a.WaitForCallState("PausedByRemote", Step);
                Thread.Sleep(1000);

                phone.Tap(PhoneKey.Conference);
                Assert.True(phone.WaitUntil(p => p.Machine.Conference && p.App.Phone.Media.Conference, Step), phone.ScreenText() + " " + phone.App.Phone.Media.LastError);
                string screen = phone.ScreenText();
                _out.WriteLine(screen);
                Assert.Contains("Conference", screen);
                a.WaitForCallState("StreamsRunning", Step);
                Thread.Sleep(8000);

                short[] speaker = phone.Speaker.Last(40000);
                _out.WriteLine("speaker " + ToneCheck.Analyse(speaker, 8000, ToneA) + " / " + ToneCheck.Analyse(speaker, 8000, ToneB));
                Assert.True(Heard(ToneCheck.Analyse(speaker, 8000, ToneA)) && Heard(ToneCheck.Analyse(speaker, 8000, ToneB)),
                    "the speaker does not play both peers: " + AppHarness.Media(phone));

                phone.Tap(PhoneKey.HangUp);
                a.WaitForNoCall(Step);
                Assert.NotNull(b.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == estB.CallId));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step), phone.ScreenText());
                Thread.Sleep(500);

                AssertHears(b.ReceivedRecording, "baresip 1001", PhoneTone, ToneA);
                AssertHears(a.RecordingPath, "linphonec 1002 (held, then resumed by Conf)", PhoneTone, ToneB);
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        /// <summary>The conference's part of what the peer recorded: its last seven seconds but one.</summary>
        private void AssertHears(string recording, string who, double phoneTone, double otherTone)
        {
            Assert.True(recording != null && System.IO.File.Exists(recording), who + " has no recording");
            short[] all = ToneCheck.ReadMonoS16(recording, out int rate);
            int end = Math.Max(0, all.Length - rate);
            int start = Math.Max(0, end - 6 * rate);
            short[] part = all.Skip(start).Take(end - start).ToArray();
            ToneReport mic = ToneCheck.Analyse(part, rate, phoneTone);
            ToneReport other = ToneCheck.Analyse(part, rate, otherTone);
            _out.WriteLine(who + ": " + mic + " / " + other);
            Assert.True(Heard(mic), who + " did not hear the phone's microphone: " + mic);
            Assert.True(Heard(other), who + " did not hear the other party: " + other);
        }
    }
}
