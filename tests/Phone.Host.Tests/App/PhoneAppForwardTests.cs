using System;
using System.IO;
using System.Linq;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Call forwarding end to end through kamailio: phone 1003 forwards always to 1002 (302 Moved Temporarily), phone
    /// 1001 dials 1003 by its keys, kamailio relays the 302, 1001 follows it (RFC 3261 §8.1.3.4) and baresip 1002
    /// answers: the call is verified by baresip's own event, and 1003 never rang.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppForwardTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppForwardTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }


        [Fact]
        public void ForwardAlways_302IsRelayedAndFollowed_BaresipAnswersTheForwardedCall()
        {
            using VirtualPhone forwarder = AppHarness.Configured(_rig, "1003", out string dir1, "", "rtp_port_min = 41000\nrtp_port_max = 41002\n[call]\nforward_always = 1002\n");
            using VirtualPhone caller = AppHarness.Configured(_rig, "1001", out string dir2, "", "rtp_port_min = 41100\nrtp_port_max = 41102\n");
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1002", ToneHz = 1000, AnswerMode = "auto" });
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            try
            {
                forwarder.PowerOn();
                caller.PowerOn();
                Assert.True(forwarder.WaitUntil(AppHarness.Registered, Step) && caller.WaitUntil(AppHarness.Registered, Step), forwarder.ScreenText() + caller.ScreenText());

                AppHarness.TapDigits(caller, "1003");
                caller.Tap(PhoneKey.Call);
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip 1002: " + est + " from " + est.PeerUri);
                Assert.Contains("1001", est.PeerUri ?? est.Raw);
                Assert.True(caller.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), caller.ScreenText());
                System.Threading.Thread.Sleep(1500);
                Assert.True(AppHarness.Hears(caller, 1000), "the caller does not hear the forwarded-to phone");

                // 1003 never rang and keeps the forwarded call in its history.
                Assert.Equal(PhoneState.Idle, forwarder.Machine.State);
                Assert.Equal(0, forwarder.Microphone.Opens); // the audio path never opened: no ring tone was played
                Assert.Equal(0, forwarder.Speaker.Written);
                Assert.Equal(HistoryKind.Forwarded, forwarder.Machine.History.Get(0).Kind);

                caller.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step));
                Assert.Equal(0, forwarder.App.Faults + caller.App.Faults);
            }
            finally
            {
                forwarder.Dispose();
                caller.Dispose();
                AppHarness.Delete(dir1);
                AppHarness.Delete(dir2);
            }
        }
    }
}
