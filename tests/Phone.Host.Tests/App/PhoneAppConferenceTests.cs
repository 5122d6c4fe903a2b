using System;
using System.Linq;
using System.Threading;
using Phone.App.Boot;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// A local three-way conference through kamailio (TLS, SRTP mandatory) with two baresip peers, driven only by the
    /// phone's keys: 1001 calls and is answered, 1002 calls in as a waiting call and is answered (holding 1001), Conf
    /// joins them (1001 is resumed by re-INVITE). Verdicts come from the speaker model, which must play both peers'
    /// tones, and from 1002's recording, which must hold the phone's microphone and 1001's tone. A mix of two tones
    /// gives each only part of the energy, so a tone counts as heard when it stands 20 dB above its neighbouring
    /// probes and holds at least a tenth of the energy (ToneCheck's single-tone rule asks for half).
    /// 1001's recording is not a verdict: baresip 1.0.0 stops writing the received audio of a call once it is put on
    /// hold and does not start again on resume (its decode recording ends at the hold re-INVITE, with no SRTP error
    /// logged), so for 1001 the test checks that the phone sends to it throughout the conference.
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
        public void TwoBaresipCalls_ConfKey_EachPartyHearsTheOtherTwo()
        {
            // The reference board with Conf fitted in its first spare matrix position.
            string board = DefaultBoardProfile.Text.Replace("/ ok left - - -\n", "/ ok left conf - -\n");
            Assert.NotEqual(DefaultBoardProfile.Text, board);
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir, boardProfile: board);
            using var a = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = ToneA, AnswerMode = "manual" });
            using var b = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = ToneB, AnswerMode = "manual" });
            try
            {
                phone.Microphone.Tone(PhoneTone);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(p => p.App.Phone?.Core?.LastRegistration?.State == RegistrationState.Registered, Step), phone.ScreenText());

                a.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + a.LogTail());
                phone.Tap(PhoneKey.Call);
                BaresipEvent estA = a.WaitForEvent("CALL_ESTABLISHED", Step);

                b.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.Other != null && p.Machine.Other.Stage == CallStage.Waiting, Step), phone.ScreenText() + b.LogTail());
                phone.Tap(PhoneKey.Call);
                BaresipEvent estB = b.WaitForEvent("CALL_ESTABLISHED", Step);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected && p.Machine.Other != null && p.Machine.Other.HeldLocal, Step), phone.ScreenText());
                Thread.Sleep(1000);

                phone.Tap(PhoneKey.Conference);
                Assert.True(phone.WaitUntil(p => p.Machine.Conference && p.App.Phone.Media.Conference, Step), phone.ScreenText() + " " + phone.App.Phone.Media.LastError);
                string screen = phone.ScreenText();
                _out.WriteLine(screen);
                Assert.Contains("Conference", screen);
                Thread.Sleep(6000);

                int sentToA = SentTo(phone, phone.Machine.Other);
                Thread.Sleep(2000);
                Assert.True(SentTo(phone, phone.Machine.Other) - sentToA >= 80, "the phone stopped sending to 1001 in the conference");

                short[] speaker = phone.Speaker.Last(40000);
                _out.WriteLine("speaker " + ToneCheck.Analyse(speaker, 8000, ToneA) + " / " + ToneCheck.Analyse(speaker, 8000, ToneB));
                Assert.True(Heard(ToneCheck.Analyse(speaker, 8000, ToneA)) && Heard(ToneCheck.Analyse(speaker, 8000, ToneB)),
                    "the speaker does not play both peers: " + AppHarness.Media(phone));

                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(a.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == estA.CallId));
                Assert.NotNull(b.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == estB.CallId));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step), phone.ScreenText());
                Thread.Sleep(500);

                AssertHears(b, "1002", PhoneTone, ToneA);
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        private static int SentTo(VirtualPhone phone, CallLeg leg)
        {
            var m = new Phone.App.Media.MediaSnapshot();
            Assert.True(phone.App.Phone.Media.ReadStatistics(leg.Id, m));
            return m.PacketsSent;
        }

        /// <summary>The conference's part of what the peer recorded: its last seven seconds but one.</summary>
        private void AssertHears(BaresipPeer peer, string who, double phoneTone, double otherTone)
        {
            string recording = peer.ReceivedRecording;
            Assert.NotNull(recording);
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
