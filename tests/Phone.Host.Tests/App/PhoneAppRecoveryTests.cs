using System;
using System.Diagnostics;
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
    /// The phone app losing its network and its registrar, idle and in a call: it comes back registered within the
    /// RFC 5626 §4.5 backoff (or at once when Wi-Fi returns), keeps its call state and screen consistent, and the
    /// call's audio (end to end, not through the registrar) survives a registrar restart. Each verdict is taken from
    /// kamailio's answers, the peer's events and recording, or the phone's speaker and panel models.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppRecoveryTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

        /// <summary>First failure of all flows: W = 30 s · 2 = 60 s (RFC 5626 §4.5), plus the time to notice the loss.</summary>
        private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(75);

        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppRecoveryTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }


        [Fact]
        public void Idle_WifiDropThenRegistrarRestart_ReRegistersAndTheScreenFollows()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir);
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                Assert.True(phone.Machine.Signal > 0);

                // Wi-Fi goes: the flow breaks, the signal icon goes to none, registration fails.
                phone.WifiDrop();
                Assert.True(phone.WaitUntil(p => p.Machine.Signal == 0 && !AppHarness.Registered(p), Step), phone.ScreenText());
                _out.WriteLine("Wi-Fi down:\n" + phone.ScreenText());
                Thread.Sleep(3000);
                Assert.False(AppHarness.Registered(phone));

                // Wi-Fi back: the supervisor rejoins (1 s base backoff) and the registration tries again at once.
                var back = Stopwatch.StartNew();
                phone.WifiRestore();
                Assert.True(phone.WaitUntil(AppHarness.Registered, TimeSpan.FromSeconds(30)), phone.ScreenText());
                _out.WriteLine("re-registered " + back.ElapsedMilliseconds + " ms after Wi-Fi returned");
                Assert.True(back.Elapsed < TimeSpan.FromSeconds(20), "did not re-register soon after Wi-Fi came back");
                Assert.True(phone.Machine.Signal > 0);
                Assert.True(phone.Wifi.Joins >= 2, "no rejoin");

                // The registrar restarts: the TLS flow closes; the phone re-registers within the backoff.
                var restart = Stopwatch.StartNew();
                _rig.Restart();
                Assert.True(phone.WaitUntil(p => !AppHarness.Registered(p), Step), "the loss of the flow was not noticed");
                Assert.True(phone.WaitUntil(AppHarness.Registered, Backoff), "not registered again within the backoff\n" + phone.ScreenText());
                _out.WriteLine("re-registered " + restart.ElapsedMilliseconds + " ms after the registrar restarted");
                Assert.Equal(PhoneState.Idle, phone.Machine.State);
                Assert.Equal(0, phone.App.Faults);
                Assert.Equal(1, phone.Boots);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void InCall_RegistrarRestartKeepsTheCall_WifiDropEndsItCleanly()
        {
            using VirtualPhone phone = AppHarness.Configured(_rig, "1003", out string dir);
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = 1000, AnswerMode = "auto" });
            try
            {
                phone.Microphone.Tone(440);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());

                // The phone dials by keys: 1 0 0 1, Call.
                AppHarness.TapDigits(phone, "1001");
                phone.Tap(PhoneKey.Call);
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), phone.ScreenText());

                // The registrar restarts mid-call: media is end to end and goes on; the phone re-registers.
                _rig.Restart();
                Thread.Sleep(2000);
                Assert.Equal(PhoneState.Connected, phone.Machine.State);
                Assert.True(AppHarness.Hears(phone, 1000), "the call's audio stopped with the registrar");
                Assert.True(phone.WaitUntil(AppHarness.Registered, Backoff), "not registered again within the backoff");
                Assert.Equal(PhoneState.Connected, phone.Machine.State);
                Assert.True(AppHarness.Hears(phone, 1000), "no audio after the re-registration");
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);

                // Wi-Fi goes for good: no media, the call ends; the screen returns to idle without a call on it.
                phone.WifiDrop();
                Assert.True(phone.WaitUntil(p => p.Machine.Signal == 0, Step));
                Assert.True(phone.WaitUntil(p => !AppHarness.HearsNow(p, 1000), Step), "audio still playing without a network");
                phone.Tap(PhoneKey.HangUp);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Idle || p.Machine.State == PhoneState.Ended, Step), phone.ScreenText());
                _out.WriteLine(phone.ScreenText());
                phone.WifiRestore();
                Assert.True(phone.WaitUntil(AppHarness.Registered, TimeSpan.FromSeconds(30)), phone.ScreenText());
                Assert.Equal(0, phone.App.Phone.Core.Agent.ActiveCalls);
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
