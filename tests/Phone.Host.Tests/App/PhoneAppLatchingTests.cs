using System;
using System.IO;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Media latching (symmetric RTP, RFC 4961): phone 1002 sits behind a NAT and names 10.0.0.3 in its SDP, an
    /// address no one here can reach; its media really comes from 127.0.0.1. It calls phone 1001 straight over TLS
    /// (the demo's set-up). 1001's audio reaches 1002 only if 1001 sends to where 1002's authenticated SRTP comes
    /// from. Meanwhile a stranger floods 1001's RTP port with packets that look like the call's RTP but carry no
    /// valid SRTP tag: 1001 must latch once, onto 1002, never onto the stranger. Verdicts from the speaker models
    /// (each hears the other's tone).
    /// </summary>
    [Collection(Handset.HandsetMediaCollection.Name)]
    public sealed class PhoneAppLatchingTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly ITestOutputHelper _out;

        public PhoneAppLatchingTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public void ThePeerBehindANatNamesAPrivateAddress_ThePhoneLatchesOntoItsSrtp_AudioBothWays()
        {
            string work = Path.Combine(Path.GetTempPath(), "phone-latch-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            using ThrowawayCa ca = ThrowawayCa.LoadOrCreate(Path.Combine(work, "ca"));
            int p1 = Demo.FreeSipPort(), p2 = Demo.FreeSipPort(p1);
            int r1 = Demo.FreeRtpPair(0), r2 = Demo.FreeRtpPair(r1);
            string v1 = Demo.Volume(work, "1001", Demo.ConfigText("1001", p1, p2, r1, ca.CaPem), ca);
            string v2 = Demo.Volume(work, "1002", Demo.ConfigText("1002", p2, p1, r2, ca.CaPem), ca);
            using var a = new VirtualPhone(new VirtualPhoneOptions { Folder = v1 });
            using var b = new VirtualPhone(new VirtualPhoneOptions { Folder = v2, AnnouncedAddress = "10.0.0.3" });
            try
            {
                a.Microphone.Tone(440);
                b.Microphone.Tone(1000);
                a.PowerOn();
                b.PowerOn();
                Assert.True(a.WaitUntil(p => p.SipListenPort == p1, Step) && b.WaitUntil(p => p.SipListenPort == p2, Step), "listeners");
                AppHarness.TapDigits(b, "1001");
                b.Tap(PhoneKey.Call);
                Assert.True(a.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), a.ScreenText() + b.ScreenText());
                using var stranger = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
                var strangerTarget = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, r1);
                int strangerSent = 0;
                using var stop = new CancellationTokenSource();
                var flood = new Thread(() =>
                {
                    var packet = new byte[12 + 160 + 10];
                    packet[0] = 0x80;
                    packet[8] = 0x5a; packet[9] = 0x5a; packet[10] = 0x5a; packet[11] = 0x5a;
                    for (ushort seq = 1; !stop.IsCancellationRequested; seq++)
                    {
                        packet[2] = (byte)(seq >> 8); packet[3] = (byte)seq;
                        stranger.Send(packet, packet.Length, strangerTarget);
                        strangerSent++;
                        Thread.Sleep(5);
                    }
                }) { IsBackground = true };
                flood.Start();
                Thread.Sleep(200);
                a.Tap(PhoneKey.Call);
                Assert.True(b.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), b.ScreenText());

                Assert.True(AppHarness.Hears(a, 1000), "1001 does not hear 1002: " + AppHarness.Media(a));
                Assert.True(AppHarness.Hears(b, 440), "1002 (behind the NAT) does not hear 1001: " + AppHarness.Media(b) +
                    "; 1001 latched " + a.App.Phone.Media.Latches + " times");
                Assert.Equal(1, a.App.Phone.Media.Latches);
                stop.Cancel();
                flood.Join();
                _out.WriteLine("1001 latched onto 1002's media; 1002 latched " + b.App.Phone.Media.Latches + " times; the stranger sent " +
                    strangerSent + " packets; " + AppHarness.Media(a));

                b.Tap(PhoneKey.HangUp);
                Assert.True(a.WaitUntil(p => p.Machine.Current == null, Step), a.ScreenText());
                Assert.Equal(0, a.App.Faults);
                Assert.Equal(0, b.App.Faults);
            }
            finally
            {
                a.Dispose();
                b.Dispose();
                try { Directory.Delete(work, true); } catch (IOException) { }
            }
        }
    }
}
