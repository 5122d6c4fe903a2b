using System;
using System.IO;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// The phone behind a NAT on UDP: it believes its address is 10.0.0.2 (a private address no one here can reach),
    /// while kamailio sees its packets come from 127.0.0.1 and says so in Via received/rport (RFC 3581). Kamailio does
    /// no NAT repair on UDP (its route fixes contacts only on TCP/TLS), so baresip's call reaches the phone only if the
    /// phone registered the address kamailio saw, and baresip's audio reaches the phone only if the phone's SDP names
    /// it. Verdicts: the call rings, baresip's events, the phone's speaker and baresip's recording; then kamailio's
    /// answer to the phone's STUN keep-alive (RFC 5626 §4.4.2).
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppNatTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppNatTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        [Fact]
        public void BehindANatOnUdp_BaresipsCallRings_AudioBothWays()
        {
            string volume = AppHarness.NewVolume(_rig, out string dir);
            string config = RigPhoneConfig.Text(_rig, "desk-1003", "1003", "allow_unprotected_keys = true\n", "rtp_port_min = 41300\nrtp_port_max = 41302\n")
                .Replace("transport = tls\nport = " + _rig.TlsPort, "transport = udp\nkeepalive_s = 10\nport = " + _rig.SipPort);
            File.WriteAllText(Path.Combine(volume, "nf.config"), config);
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, AnnouncedAddress = "10.0.0.2", Log = log.Enqueue });
            using var baresip = BaresipPeer.Start(_rig, new BaresipPeerOptions { User = "1001", ToneHz = 1000, AnswerMode = "manual" });
            try
            {
                phone.Microphone.Tone(440);
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, Step), phone.ScreenText());
                // The 2xx showed kamailio sees us elsewhere: the phone registers that address at once.
                Thread.Sleep(1000);
                Assert.Equal(10000L, phone.Invoke(a => a.Phone.Core.Registration.UdpKeepAliveMs));
                Assert.Equal(10000L, phone.Invoke(a => a.Phone.Core.Transport.KeepAliveIntervalMs));

                baresip.Dial("sip:1003@" + _rig.Realm);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step),
                    "kamailio's INVITE did not reach the phone: " + phone.ScreenText() + baresip.LogTail());
                phone.Tap(PhoneKey.Call);
                BaresipEvent est = baresip.WaitForEvent("CALL_ESTABLISHED", Step);
                _out.WriteLine("baresip: " + est);
                Assert.True(AppHarness.Hears(phone, 1000), "baresip's audio did not reach the phone: " + AppHarness.Media(phone));
                Thread.Sleep(1500);
                phone.Tap(PhoneKey.HangUp);
                Assert.NotNull(baresip.WaitForEvent("CALL_CLOSED", Step, e => e.CallId == est.CallId));
                string recording = baresip.ReceivedRecording;
                Assert.True(recording != null && ToneCheck.Contains(recording, 440), "baresip did not hear the phone");

                // RFC 5626 §4.4.2: the keep-alive (every 10 s here) is a STUN Binding request kamailio answers on its
                // SIP port; the answer's mapped address is where kamailio sees the phone.
                Assert.True(phone.WaitUntil(p => p.Invoke(a => a.Phone.Core.Transport.StunAnswers) >= 1, TimeSpan.FromSeconds(15)),
                    "kamailio answered no STUN keep-alive (sent " + phone.Invoke(a => a.Phone.Core.Registration.KeepAlivesSent) + ")");
                Assert.Equal("127.0.0.1", phone.Invoke(a => a.Phone.Core.Transport.PublicHost));
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                foreach (string line in log) if (line.Contains("regist")) _out.WriteLine(line);
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    }
}
