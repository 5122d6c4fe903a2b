using System;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Call transfer end to end through kamailio (TLS, SRTP mandatory), three parties: the phone app (1003) and two
    /// baresip peers (1001, 1002). The phone as transferee: baresip 1001 transfers its call with the phone to 1002
    /// (baresip's `transfer` command: REFER). The phone as transferor: its Transfer key sends baresip 1001 to 1002
    /// (blind). Verdicts come from the peers (their events and recordings) and the phone's speaker model.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppTransferTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private const double PhoneTone = 440;
        private const double ToneA = 1000;
        private const double ToneB = 1500;
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppTransferTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }


        /// <summary>baresip 1001 calls the phone, which answers by its Call key; returns 1001's call.</summary>
        private BaresipEvent Connect(VirtualPhone phone, BaresipPeer a)
        {
            phone.Microphone.Tone(PhoneTone);
            phone.PowerOn();
            Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
            a.Dial("sip:1003@" + _rig.Realm);
            Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + a.LogTail());
            phone.Tap(PhoneKey.Call);
            BaresipEvent est = a.WaitForEvent("CALL_ESTABLISHED", Step);
            Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
            Assert.True(AppHarness.Hears(phone, ToneA), "no audio from 1001 before the transfer; " + AppHarness.Media(phone));
            return est;
        }

        [Fact]
        public void PhoneIsTransferee_BaresipRefersItTo1002_TheNewCallCarriesAudioBothWays()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir, "", "rtp_port_min = 41400\nrtp_port_max = 41402\n");
            using var a = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = ToneA, AnswerMode = "manual" });
            using var b = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = ToneB, AnswerMode = "auto" });
            try
            {
                BaresipEvent first = Connect(phone, a);

                // RFC 3515: 1001 sends REFER (Refer-To: 1002) in its call with the phone.
                a.Command("transfer", "sip:1002@" + _rig.Realm);
                BaresipEvent est = b.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip 1002: " + est + " from " + est.PeerUri);
                Assert.Contains("1003", est.PeerUri ?? est.Raw);
                // 1001's call ends (the phone's BYE after its final NOTIFY, or 1001's own after the 200 sipfrag).
                BaresipEvent closed = a.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == first.CallId);
                _out.WriteLine("baresip 1001: " + closed + "; events: " + string.Join(", ", EventNames(a)));

                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected && p.Machine.Current != null &&
                    (p.Machine.Current.Uri ?? "").Contains("1002"), Step), phone.ScreenText());
                _out.WriteLine(phone.ScreenText());
                Assert.True(AppHarness.Hears(phone, ToneB), "the phone does not hear 1002 after the transfer; " + AppHarness.Media(phone));
                Thread.Sleep(2500);
                Assert.False(AppHarness.HearsNow(phone, ToneA), "the phone still hears 1001");

                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(b.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == est.CallId));
                string recording = b.ReceivedRecording;
                Assert.True(recording != null && ToneCheck.Contains(recording, PhoneTone), "1002 did not hear the phone's microphone");
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void PhoneIsTransferor_TransferKeySendsBaresip1001To1002_TheyTalkAndThePhoneIsOut()
        {
            // The reference board (its built-in profile): Xfer in its fifth key row.
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir, "", "rtp_port_min = 41500\nrtp_port_max = 41502\n");
            using var a = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = ToneA, AnswerMode = "manual" });
            using var b = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = ToneB, AnswerMode = "auto" });
            try
            {
                BaresipEvent first = Connect(phone, a);

                phone.Tap(PhoneKey.Transfer);
                AppHarness.TapDigits(phone, "1002");
                _out.WriteLine(phone.ScreenText());
                Assert.Contains("Transfer to:", phone.ScreenText());
                phone.Tap(PhoneKey.Transfer);

                // 1001 follows the REFER: it calls 1002, which answers; 1001's call with the phone ends.
                BaresipEvent est = b.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip 1002: " + est + " from " + est.PeerUri);
                Assert.Contains("1001", est.PeerUri ?? est.Raw);
                BaresipEvent closed = a.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == first.CallId);
                _out.WriteLine("baresip 1001: " + closed + "; events: " + string.Join(", ", EventNames(a)));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step), phone.ScreenText());
                _out.WriteLine(phone.ScreenText());

                // 1001 and 1002 hear each other: 1002's recording carries 1001's tone, not the phone's.
                Thread.Sleep(3000);
                b.Hangup();
                a.WaitForEvent("CALL_CLOSED", Step, e => e.CallId != first.CallId);
                string recording = b.ReceivedRecording;
                Assert.True(recording != null && ToneCheck.Contains(recording, ToneA), "1002 did not hear 1001 after the transfer");
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void PhoneIsTransferorAttended_HeldLinphoneIsReferredToBaresipWithReplaces()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir, "", "rtp_port_min = 41600\nrtp_port_max = 41604\n");
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = ToneA, Gruu = false, AutoAnswer = false });
            using var c = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = ToneB, AnswerMode = "auto" });
            try
            {
                phone.Microphone.Tone(PhoneTone);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                // linphonec (the party to transfer) calls the phone, which answers.
                linphone.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), phone.ScreenText() + linphone.LogTail());
                phone.Tap(PhoneKey.Call);
                linphone.WaitForCallState("StreamsRunning", Step);
                Assert.True(AppHarness.Hears(phone, ToneA), "no audio from linphonec; " + AppHarness.Media(phone));

                // baresip (the transfer target) calls in; answering it holds linphonec.
                c.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.Other != null && p.Machine.Other.Stage == CallStage.Waiting, Step), phone.ScreenText() + c.LogTail());
                phone.Tap(PhoneKey.Call);
                BaresipEvent first = c.WaitForEvent("CALL_ESTABLISHED", Step);
                Assert.True(AppHarness.Hears(phone, ToneB), "no audio from baresip; " + AppHarness.Media(phone));
                _out.WriteLine(phone.ScreenText());

                // Transfer: REFER to linphonec, Refer-To baresip with Replaces naming the phone's call with baresip.
                phone.Tap(PhoneKey.Transfer);
                BaresipEvent est = c.WaitForEvent("CALL_ESTABLISHED", Step, e => e.CallId != first.CallId);
                _out.WriteLine("baresip 1001: " + est + " from " + est.PeerUri);
                Assert.Contains("1002", est.PeerUri ?? est.Raw);
                // linphonec's call with the phone ends (the phone's BYE after the 200 sipfrag, RFC 5589 §7).
                linphone.WaitForOutput("with sip:1003@" + _rig.Realm + " ended", Step);
                string calls = linphone.Generic("calls");
                _out.WriteLine("linphonec calls: " + calls);
                Assert.Contains("?Replaces=", calls);
                Thread.Sleep(3000);
                // linphonec and baresip hear each other: one of baresip's recordings carries linphonec's tone.
                Assert.Contains(System.IO.Directory.GetFiles(c.RecordDirectory, "*-dec.wav"), f => ToneCheck.Contains(f, ToneA));
                // baresip 1.0.0 has no Replaces (RFC 3891): it answers linphonec's INVITE as one more call and keeps its
                // call with the phone (no CALL_CLOSED for it), so the phone ends that call itself.
                _out.WriteLine("baresip 1001 events: " + string.Join(", ", EventNames(c)));
                _out.WriteLine(phone.ScreenText());
                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(c.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == first.CallId));
                c.Hangup();
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void AttendedBetweenTwoPhones_LinphoneFollowsReplaces_TheTargetPhoneTakesOverTheCall()
        {
            // 1003 transfers held linphonec (1002) to its call with the phone 1001; 1001 is the Replaces target.
            using VirtualPhone transferor = AppHarness.Configured(_rig, "1003", out string dir1, "", "rtp_port_min = 41700\nrtp_port_max = 41704\n");
            using VirtualPhone target = AppHarness.Configured(_rig, "1001", out string dir2, "", "rtp_port_min = 41800\nrtp_port_max = 41804\n");
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = ToneA, Gruu = false, AutoAnswer = false });
            try
            {
                transferor.Microphone.Tone(PhoneTone);
                target.Microphone.Tone(ToneB);
                transferor.PowerOn();
                target.PowerOn();
                Assert.True(transferor.WaitUntil(AppHarness.Registered, Step) && target.WaitUntil(AppHarness.Registered, Step), transferor.ScreenText() + target.ScreenText());
                linphone.Dial("sip:1003@" + _rig.Realm);
                Assert.True(transferor.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), transferor.ScreenText() + linphone.LogTail());
                transferor.Tap(PhoneKey.Call);
                linphone.WaitForCallState("StreamsRunning", Step);

                AppHarness.TapDigits(target, "1003");
                target.Tap(PhoneKey.Call);
                Assert.True(transferor.WaitUntil(p => p.Machine.Other != null && p.Machine.Other.Stage == CallStage.Waiting, Step), transferor.ScreenText());
                transferor.Tap(PhoneKey.Call);
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), target.ScreenText());
                Assert.True(AppHarness.Hears(target, PhoneTone), "1001 does not hear 1003; " + AppHarness.Media(target));

                transferor.Tap(PhoneKey.Transfer);
                // linphonec follows the REFER: a new call to 1001 with Replaces, answered at once (RFC 3891 §3); its
                // call with 1003 ends.
                linphone.WaitForOutput("with sip:1003@" + _rig.Realm + " ended", Step);
                string calls = linphone.Generic("calls");
                _out.WriteLine("linphonec calls: " + calls);
                Assert.Contains("StreamsRunning", calls);
                Assert.Contains("1001@", calls);
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Connected && (p.Machine.Current.Uri ?? "").Contains("1002"), Step),
                    target.ScreenText());
                _out.WriteLine(target.ScreenText());
                // The target hears linphonec, not the transferor any more; the transferor has no call left.
                Assert.True(AppHarness.Hears(target, ToneA), "1001 does not hear linphonec; " + AppHarness.Media(target));
                Thread.Sleep(2500);
                Assert.False(AppHarness.HearsNow(target, PhoneTone), "1001 still hears 1003");
                Assert.True(transferor.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step),
                    transferor.ScreenText());
                _out.WriteLine(transferor.ScreenText());

                target.Tap(PhoneKey.HangUp);
                linphone.WaitForNoCall(Step);
                Assert.Equal(0, transferor.App.Faults + target.App.Faults);
            }
            finally
            {
                transferor.Dispose();
                target.Dispose();
                AppHarness.Delete(dir1);
                AppHarness.Delete(dir2);
            }
        }

        [Fact]
        public void PhoneIsTransfereeAttended_LinphoneJoinsItsTwoCalls_ThePhoneCallsTheTargetWithReplaces()
        {
            // linphonec (1002) calls the phone 1003 and the phone 1001, then joins them: REFER to 1003 with Replaces
            // for its call with 1001. 1003 calls 1001 with that Replaces; 1001 takes the call over.
            using VirtualPhone transferee = AppHarness.Configured(_rig, "1003", out string dir1, "", "rtp_port_min = 41900\nrtp_port_max = 41904\n");
            using VirtualPhone target = AppHarness.Configured(_rig, "1001", out string dir2, "", "rtp_port_min = 42000\nrtp_port_max = 42004\n");
            using var linphone = LinphonePeer.Start(_rig, new LinphonePeerOptions { User = "1002", ToneHz = ToneA, Gruu = false, AutoAnswer = false });
            try
            {
                transferee.Microphone.Tone(PhoneTone);
                target.Microphone.Tone(ToneB);
                transferee.PowerOn();
                target.PowerOn();
                Assert.True(transferee.WaitUntil(AppHarness.Registered, Step) && target.WaitUntil(AppHarness.Registered, Step), transferee.ScreenText() + target.ScreenText());
                linphone.Dial("sip:1003@" + _rig.Realm);
                Assert.True(transferee.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), transferee.ScreenText() + linphone.LogTail());
                transferee.Tap(PhoneKey.Call);
                linphone.WaitForCallState("StreamsRunning", Step);
                // linphonec holds its first call before it places a second one.
                linphone.Pause();
                linphone.WaitForCallState("Paused", Step);
                linphone.Dial("sip:1001@" + _rig.Realm);
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), target.ScreenText() + linphone.LogTail());
                target.Tap(PhoneKey.Call);
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), target.ScreenText());
                _out.WriteLine("linphonec calls: " + linphone.Generic("calls"));

                _out.WriteLine("linphonec: " + linphone.Generic("transfer 1 --to-call 2"));
                // RFC 3891: 1001's call with linphonec is taken over by 1003's INVITE; linphonec's calls both end.
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Connected && (p.Machine.Current.Uri ?? "").Contains("1003"), Step),
                    target.ScreenText() + linphone.LogTail());
                Assert.True(transferee.WaitUntil(p => p.Machine.State == PhoneState.Connected && (p.Machine.Current.Uri ?? "").Contains("1001"), Step),
                    transferee.ScreenText());
                linphone.WaitForNoCall(Step);
                Assert.True(AppHarness.Hears(target, PhoneTone), "1001 does not hear 1003; " + AppHarness.Media(target));
                Assert.True(AppHarness.Hears(transferee, ToneB), "1003 does not hear 1001; " + AppHarness.Media(transferee));
                _out.WriteLine(transferee.ScreenText() + target.ScreenText());
                _out.WriteLine(linphone.Output);

                transferee.Tap(PhoneKey.HangUp);
                Assert.True(target.WaitUntil(p => p.Machine.State == PhoneState.Ended || p.Machine.State == PhoneState.Idle, Step), target.ScreenText());
                Assert.Equal(0, transferee.App.Faults + target.App.Faults);
            }
            finally
            {
                transferee.Dispose();
                target.Dispose();
                AppHarness.Delete(dir1);
                AppHarness.Delete(dir2);
            }
        }

        private static string[] EventNames(BaresipPeer p)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (BaresipEvent e in p.Events) names.Add(e.Type + (e.Param != null ? "(" + e.Param + ")" : ""));
            return names.ToArray();
        }
    }
}
