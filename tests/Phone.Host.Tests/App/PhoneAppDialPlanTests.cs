using System;
using System.IO;
using Phone.Call;
using Phone.Device.Storage;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip.Registration;
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

        private static bool Registered(VirtualPhone p) =>
            p.App.Phone?.Core?.LastRegistration?.State == RegistrationState.Registered;

        [Fact]
        public void FourDigitsOfThePlanDialWithoutTheCallKey_TheHistoryEntrySurvivesAPowerCutAndRedials()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1001", out string dir, "", "rtp_port_min = 41200\nrtp_port_max = 41202\n[call]\ndial_plan = 1xxx\n");
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = 1000, AnswerMode = "auto" });
            string calls = Path.Combine(dir, "I", HistoryStore.CurrentName);
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(Registered, Step), phone.ScreenText());

                foreach (PhoneKey k in new[] { PhoneKey.D1, PhoneKey.D0, PhoneKey.D0, PhoneKey.D2 }) phone.Tap(k);
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip 1002: " + est + " from " + est.PeerUri);
                Assert.Contains("1001", est.PeerUri ?? est.Raw);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step));

                // Saved within about a second of the entry.
                DateTime until = DateTime.UtcNow + Step;
                while (!File.Exists(calls) && DateTime.UtcNow < until) System.Threading.Thread.Sleep(50);
                Assert.True(File.Exists(calls), "calls.txt was not written");
                _out.WriteLine(File.ReadAllText(calls));

                phone.PowerCut();
                phone.PowerOn();
                Assert.True(phone.WaitUntil(Registered, Step), phone.ScreenText());
                Assert.Equal(2, phone.Boots);
                CallHistory history = phone.Machine.History;
                Assert.Equal(1, history.Count);
                Assert.Equal(HistoryKind.Dialled, history.Get(0).Kind);
                Assert.Equal("1002", history.Get(0).Label);
                Assert.StartsWith("sip:1002@", history.Get(0).Uri);

                // The history screen shows it; Call redials it.
                int from = baresip.EventCount;
                phone.Tap(PhoneKey.Ok);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.History, Step), phone.ScreenText());
                Assert.Contains("1002", phone.ScreenText());
                phone.Tap(PhoneKey.Call);
                Assert.NotNull(baresip.WaitForEvent("CALL_ESTABLISHED", Step, null, from));
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());
                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step, null, from));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    }
}
