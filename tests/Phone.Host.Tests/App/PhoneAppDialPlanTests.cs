using System;
using System.IO;
using System.Threading;
using Phone.Call;
using Phone.Device.Storage;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Dial plan and call history on flash end to end through kamailio: phone 1001 with dial_plan 1xxx calls baresip 1002
    /// by typing its four digits, no Call key; the Dialled entry reaches calls.txt, survives a power cut, and the
    /// history screen redials it after the reboot (baresip answers again).
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppDialPlanTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppDialPlanTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }


        /// <summary>
        /// Holds key until done holds, then lets go and waits a while: on a loaded machine a tap, or the gap between two
        /// presses of the same key, shorter than the loop's scan gap could be missed, and a lost digit here would read as
        /// a dial-plan refusal. The pause is far below the inter-digit timeout.
        /// </summary>
        private static void Press(VirtualPhone phone, PhoneKey key, Func<VirtualPhone, bool> done, string what)
        {
            phone.Keys.Press(key);
            bool ok = phone.WaitUntil(done, Step);
            phone.Keys.Release(key);
            Assert.True(ok, what + "\n" + phone.ScreenText());
            Thread.Sleep(300);
        }

        private static void Type(VirtualPhone phone, PhoneKey key, string typed) =>
            Press(phone, key, p => p.Machine.State == PhoneState.Dialing && p.ScreenText().Contains("\n" + typed.PadRight(21) + "\n"),
                "dial row never showed " + typed);

        [Fact]
        public void FourDigitsOfThePlanDialWithoutTheCallKey_TheHistoryEntrySurvivesAPowerCutAndRedials()
        {
            string volume = AppHarness.NewVolume(_rig, out string dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                RigPhoneConfig.Text(_rig, "desk-1001", "1001", "", "rtp_port_min = 41200\nrtp_port_max = 41202\n[call]\ndial_plan = 1xxx\n"));
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Log = log.Enqueue });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = 1000, AnswerMode = "auto" });
            string calls = Path.Combine(volume, HistoryStore.CurrentName);
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());

                Type(phone, PhoneKey.D1, "1");
                Type(phone, PhoneKey.D0, "10");
                Type(phone, PhoneKey.D0, "100");
                // The fourth digit completes 1xxx: the call goes out with no Call key.
                Press(phone, PhoneKey.D2, p => p.Machine.State != PhoneState.Dialing, "1002 was not dialled");
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip 1002: " + est + " from " + est.PeerUri);
                Assert.Contains("1001", est.PeerUri ?? est.Raw);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                Press(phone, PhoneKey.HangUp, p => p.Machine.State != PhoneState.Connected, "End not taken");
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step));

                // Saved within about a second of the entry.
                DateTime until = DateTime.UtcNow + Step;
                while (!File.Exists(calls) && DateTime.UtcNow < until) System.Threading.Thread.Sleep(50);
                Assert.True(File.Exists(calls), "calls.txt was not written");
                _out.WriteLine(File.ReadAllText(calls));

                phone.PowerCut();
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                Assert.Equal(2, phone.Boots);
                CallHistory history = phone.Machine.History;
                Assert.Equal(1, history.Count);
                Assert.Equal(HistoryKind.Dialled, history.Get(0).Kind);
                Assert.Equal("1002", history.Get(0).Label);
                Assert.StartsWith("sip:1002@", history.Get(0).Uri);

                // The history screen shows it; Call redials it.
                int from = baresip.EventCount;
                Press(phone, PhoneKey.Ok, p => p.Machine.State == PhoneState.History, "OK did not open the history");
                Assert.Contains(">D 1002", phone.ScreenText());
                Press(phone, PhoneKey.Call, p => p.Machine.State != PhoneState.History, "Call did not redial");
                Assert.NotNull(baresip.WaitForEvent("CALL_ESTABLISHED", Step, null, from));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                Press(phone, PhoneKey.HangUp, p => p.Machine.State != PhoneState.Connected, "End not taken");
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step, null, from));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                foreach (string line in log) _out.WriteLine(line);
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    }
}
