using System;
using Phone.Config;
using Phone.Media;
using Phone.Srtp;
using Xunit;
using Xunit.Abstractions;
using Phone.Audio;
using Phone.Crypto;
using Phone.Sdp;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// Network input never throws and never reaches the speaker unauthenticated: random datagrams and
    /// bit-flipped, truncated and extended copies of the peer's real SRTP/SRTCP go into a running
    /// session (seeded), interleaved with the real traffic. Over SRTP none of the mutants may be
    /// accepted (HMAC-SHA1 80/32-bit tags), and the real packets keep playing.
    /// </summary>
    public class MediaSessionFuzzTests
    {
        private readonly ITestOutputHelper _out;

        public MediaSessionFuzzTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData(SrtpMode.Mandatory, 100_000)]
        [InlineData(SrtpMode.Off, 50_000)]
        public void RandomAndMutatedDatagrams_AreCountedNeverThrown(SrtpMode mode, int count)
        {
            var call = new MediaCallSetup(AudioCodec.Pcmu, 20, mode, SrtpSuite.AesCm128HmacSha1_80, 77);
            var a = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(1), 40, 200);
            var b = new MediaSession(new ManagedCryptoKernel(), new SeededEntropy(2), 40, 200);
            Assert.Equal(MediaStatus.Ok, a.Start(call.MediaA, 0));
            Assert.Equal(MediaStatus.Ok, b.Start(call.MediaB, 0));
            var random = new Random(20261122);
            short[] mic = new short[160], speaker = new short[160];
            byte[] real = new byte[MediaSession.MaxDatagramLength], fuzz = new byte[MediaSession.MaxDatagramLength + 64];
            for (int i = 0; i < 160; i++) mic[i] = (short)(8000 * Math.Sin(2 * Math.PI * i / 8));
            int realPackets = 0;
            long now = 0;
            for (int i = 0; i < count; i++)
            {
                if (i % 50 == 0)
                {
                    // Real traffic every 50 fuzz datagrams: one frame each way, RTCP when due.
                    int n = a.Capture(mic, 0, now, real, 0);
                    Array.Copy(real, fuzz, n);
                    b.Receive(real, 0, n, now);
                    realPackets++;
                    b.Playout(speaker, 0, now);
                    int r = a.PollRtcp(now, fuzz, 0);
                    if (r > 0) b.Receive(fuzz, 0, r, now);
                    now += 20;
                    Mutate(random, fuzz, n, out int m);
                    b.Receive(fuzz, 0, m, now);
                    continue;
                }

                int length;
                if (random.Next(3) == 0)
                {
                    length = random.Next(fuzz.Length);
                    random.NextBytes(fuzz.AsSpan(0, length));
                    if (length > 0 && random.Next(2) == 0) fuzz[0] = (byte)(0x80 | random.Next(64)); // looks like RTP/RTCP
                }
                else
                {
                    int n = a.Capture(mic, 0, now, real, 0);
                    Array.Copy(real, fuzz, n);
                    Mutate(random, fuzz, n, out length);
                }

                int offset = random.Next(4) == 0 ? random.Next(-2, 3) : 0;
                b.Receive(fuzz, offset, length, now);
            }

            MediaStatistics s = b.Statistics;
            _out.WriteLine($"{mode}: received {s.PacketsReceived}, auth failures {s.AuthenticationFailures}, replays {s.Replays}, malformed {s.Malformed}, unprotected {s.UnprotectedDropped}, wrong SSRC {s.WrongSsrc}, other PT {s.OtherPayloadTypes}, STUN {s.StunPackets}, other {s.OtherPackets}, RTCP {s.RtcpReceived}");
            Assert.True(b.Active);
            if (mode == SrtpMode.Mandatory)
            {
                // Only the real packets (and only once each) got through.
                Assert.Equal(realPackets, s.PacketsReceived);
                Assert.True(s.AuthenticationFailures > count / 4);
            }
        }

        /// <summary>Always returns a datagram that differs from the n octets given: a flipped bit, a shorter or longer length, or changed octets.</summary>
        private static void Mutate(Random random, byte[] buf, int n, out int length)
        {
            length = n;
            switch (random.Next(4))
            {
                case 0:
                    buf[random.Next(n)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    length = random.Next(n);
                    break;
                case 2:
                    length = n + random.Next(1, 40);
                    break;
                default:
                    // A run of 1..5 octets, each changed (XOR with a non-zero value), so the packet always differs.
                    int run = random.Next(1, 6), at = random.Next(n - run);
                    for (int k = 0; k < run; k++) buf[at + k] ^= (byte)random.Next(1, 256);
                    break;
            }
        }
    }
}
