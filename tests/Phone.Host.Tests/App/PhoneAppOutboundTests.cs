using System;
using System.IO;
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
    /// RFC 5626 outbound against kamailio's registrar (outbound_mode 1, flow_timer 12): the phone's REGISTER offers
    /// reg-id and the outbound option tag, kamailio's 200 requires outbound and sets Flow-Timer: 12, the phone's TLS
    /// flow is then pinged every 9.6–12 s and kamailio answers each ping, and the Contact of the phone's INVITE carries
    /// ;ob. Verdicts from kamailio's own dump of the messages and from the phone's transport counters.
    /// </summary>
    public sealed class PhoneAppOutboundTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly ITestOutputHelper _out;

        public PhoneAppOutboundTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public void KamailiosFlowTimerSetsThePingAndTheInviteContactCarriesOb()
        {
            using KamailioRig rig = KamailioRig.Start(new KamailioRigOptions { SipDump = true, OutboundFlowTimer = 12 });
            string volume = AppHarness.NewVolume(rig, out string dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"), RigPhoneConfig.Text(rig, "desk-1003", "1003"));
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Log = log.Enqueue });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());

                string ok = MatrixSipDump.WaitForLast(rig, m => MatrixSipDump.IsResponse(m, 200, "REGISTER"), Step);
                Assert.NotNull(ok);
                string register = MatrixSipDump.Messages(rig).Last(m => MatrixSipDump.IsRequest(m, "REGISTER"));
                _out.WriteLine("REGISTER Contact: " + MatrixSipDump.Header(register, "Contact"));
                _out.WriteLine("200: Require " + MatrixSipDump.Header(ok, "Require") + ", Flow-Timer " + MatrixSipDump.Header(ok, "Flow-Timer"));
                Assert.Contains(";reg-id=1", MatrixSipDump.Header(register, "Contact"));
                Assert.Contains("outbound", MatrixSipDump.Header(register, "Supported") ?? MatrixSipDump.Header(register, "k") ?? "");
                Assert.Equal("outbound", MatrixSipDump.Header(ok, "Require"));
                Assert.Equal("12", MatrixSipDump.Header(ok, "Flow-Timer"));

                Assert.True(phone.Invoke(a => a.Phone.Core.Registration.OutboundActive));
                // The event log (the board's console) says so.
                Assert.Contains(log, l => l.Contains("registration Registered(") && l.EndsWith(" outbound, Flow-Timer 12 s"));
                Assert.Equal(12, phone.Invoke(a => a.Phone.Core.Registration.FlowTimerSeconds));
                long ping = phone.Invoke(a => a.Phone.Core.Transport.KeepAliveIntervalMs);
                Assert.InRange(ping, 9600L, 12000L);

                // Two pings within 25 s (the configured default would be one per 120 s), both answered by kamailio.
                int before = phone.Invoke(a => a.Phone.Core.Transport.PongsReceived);
                Assert.True(phone.WaitUntil(p => p.Invoke(a => a.Phone.Core.Transport.PongsReceived) >= before + 2, TimeSpan.FromSeconds(26)),
                    "kamailio answered " + (phone.Invoke(a => a.Phone.Core.Transport.PongsReceived) - before) + " pings in 26 s");
                Assert.Equal(0, phone.Invoke(a => a.Phone.Core.Transport.DeadFlows));

                // A call to a user that is not registered: kamailio refuses it, and its dump shows the INVITE's Contact.
                AppHarness.TapDigits(phone, "1002");
                phone.Tap(PhoneKey.Call);
                string invite = MatrixSipDump.WaitForLast(rig, m => MatrixSipDump.IsRequest(m, "INVITE"), Step);

                Assert.NotNull(invite);
                string contact = MatrixSipDump.Header(invite, "Contact") ?? MatrixSipDump.Header(invite, "m");
                _out.WriteLine("INVITE Contact: " + contact);
                Assert.Contains(";ob>", contact);
                Assert.True(phone.WaitUntil(p => p.Machine.State != PhoneState.Dialing && p.Machine.State != PhoneState.Calling, Step),
                    phone.ScreenText());
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
