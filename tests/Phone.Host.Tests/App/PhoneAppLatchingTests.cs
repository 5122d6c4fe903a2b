using System;
using System.Threading;
using Phone.Host.App;
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
        private readonly ITestOutputHelper _out;

        public PhoneAppLatchingTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public void ThePeerBehindANatNamesAPrivateAddress_ThePhoneLatchesOntoItsSrtp_AudioBothWays()
        {
            using var phones = new DirectPhones("phone-latch", announcedAddressB: "10.0.0.3");
            VirtualPhone a = phones.A, b = phones.B;
            a.Microphone.Tone(440);
            b.Microphone.Tone(1000);
            phones.PowerOn();
            phones.BCallsA();
            using var stranger = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            var strangerTarget = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, phones.RtpA);
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
            phones.AAnswers();

            Assert.True(AppHarness.Hears(a, 1000), "1001 does not hear 1002: " + AppHarness.Media(a));
            Assert.True(AppHarness.Hears(b, 440), "1002 (behind the NAT) does not hear 1001: " + AppHarness.Media(b) +
                "; 1001 latched " + a.App.Phone.Media.Latches + " times");
            Assert.Equal(1, a.App.Phone.Media.Latches);
            stop.Cancel();
            flood.Join();
            _out.WriteLine("1001 latched onto 1002's media; 1002 latched " + b.App.Phone.Media.Latches + " times; the stranger sent " +
                strangerSent + " packets; " + AppHarness.Media(a));

            phones.BHangsUp();
        }
    }
}
