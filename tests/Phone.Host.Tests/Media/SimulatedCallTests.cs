using System;
using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdes;
using Phone.Srtp;
using Xunit;
using Xunit.Abstractions;
using Phone.Audio;
using Phone.Crypto;

namespace Phone.Host.Tests.Media
{
    /// <summary>
    /// A 60-second call through the whole media path on a 1 ms simulation clock: microphone PCM →
    /// RtpPacketizer → SRTP protect → network (5 % loss, 30 ms base delay + 0..40 ms uniform jitter,
    /// fixed seed) → demux → SRTP unprotect → JitterBuffer (G.711 decode, concealment) → speaker PCM,
    /// with an RFC 4733 digit at 10 s and RTCP SR/RR (SRTCP-protected, compound-parsed) every
    /// §6.3.1 interval. After setup and a warm-up call on other instances, the measured call allocates
    /// 0 bytes on this thread. The numbers it prints are the ones in docs/media.md.
    /// </summary>
    public class SimulatedCallTests
    {
        private const int Seed = 20261122;
        private const int CallMs = 60_000;
        private const int LossPercent = 5;
        private const int BaseDelayMs = 30;
        private const int JitterMs = 40;

        private readonly ITestOutputHelper _out;

        public SimulatedCallTests(ITestOutputHelper output)
        {
            _out = output;
        }

        private sealed class SeededEntropy : IEntropySource
        {
            private readonly Random _random;
            public SeededEntropy(int seed) { _random = new Random(seed); }
            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = (byte)_random.Next(256);
            }
        }

        /// <summary>Everything one call needs, allocated once.</summary>
        private sealed class Call
        {
            public readonly Random Net = new Random(Seed);
            public readonly RtpPacketizer Tx;
            public readonly DtmfSender Dtmf;
            public readonly SrtpSession TxSrtp, RxSrtp;
            public readonly JitterBuffer Jb = new JitterBuffer(AudioCodec.Pcmu, 20, 40, 200);
            public readonly DtmfReceiver DtmfRx = new DtmfReceiver();
            public readonly RtpPacketView View = new RtpPacketView();
            public readonly RtcpScheduler TxRtcp, RxRtcp;
            public readonly RtcpCompoundReader RtcpReader = new RtcpCompoundReader();
            public readonly RtcpReportBlock[] Blocks = { new RtcpReportBlock() };
            public readonly byte[] Cname = System.Text.Encoding.ASCII.GetBytes("phone@example.com");
            public readonly short[] Mic = new short[160];
            public readonly short[] Speaker = new short[160];
            // The network: a pool of in-flight datagrams with delivery times.
            public readonly byte[][] Flight = new byte[64][];
            public readonly int[] FlightLength = new int[64];
            public readonly long[] FlightAt = new long[64];
            public readonly bool[] FlightToSender = new bool[64];
            public readonly byte[] Scratch = new byte[256];

            public long DelaySum, RealFrames, NetworkDelaySum, Sent, Dropped, DepthSum, DepthSamples;
            public int DtmfReports, DtmfDuration, RtcpReportsReceived, RttMs = -1, MaxDepthMs, MaxTargetMs;
            public uint Ts0;

            public Call(int seed)
            {
                var entropy = new SeededEntropy(seed);
                Tx = new RtpPacketizer(entropy, AudioCodec.Pcmu, 20);
                Dtmf = new DtmfSender(Tx, 101, 10);
                byte[] key = new byte[16], salt = new byte[14];
                entropy.GetBytes(key, 0, 16);
                entropy.GetBytes(salt, 0, 14);
                TxSrtp = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new ManagedCryptoKernel());
                RxSrtp = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), new ManagedCryptoKernel());
                TxRtcp = new RtcpScheduler(entropy, 5000);
                RxRtcp = new RtcpScheduler(entropy, 5000);
                for (int i = 0; i < Flight.Length; i++) Flight[i] = new byte[256];
                Ts0 = Tx.Timestamp;
            }
        }

        [Fact]
        public void SixtySecondCall_WithLossAndJitter_AllocatesNothingAndConcealsTheLoss()
        {
            Run(new Call(1), 2_000); // warm-up: JIT and tiering on throwaway instances
            Call call = null;
            long allocated = SteadyAllocation.Least(() => call = new Call(Seed), () => Run(call, CallMs));

            JitterBuffer jb = call.Jb;
            int frames = CallMs / 20;
            double avgDelay = (double)call.DelaySum / call.RealFrames;
            double avgNet = (double)call.NetworkDelaySum / (call.Sent - call.Dropped);
            _out.WriteLine($"frames {frames}, sent {call.Sent}, dropped by network {call.Dropped} ({100.0 * call.Dropped / call.Sent:F2} %)");
            _out.WriteLine($"received {jb.Received}, lost at playout {jb.Lost}, late {jb.Late}, duplicates {jb.Duplicates}");
            _out.WriteLine($"concealed {jb.Concealed} ({100.0 * jb.Concealed / frames:F2} % of frames), silence {jb.SilenceFrames}, stretched {jb.Stretched}, dropped {jb.Dropped}");
            _out.WriteLine($"jitter {jb.JitterMs} ms, target {jb.TargetDepthMs} ms (max {call.MaxTargetMs}), mean depth {(double)call.DepthSum / call.DepthSamples:F1} ms (max {call.MaxDepthMs})");
            _out.WriteLine($"mean network delay {avgNet:F1} ms, mean send-to-playout delay {avgDelay:F1} ms, buffering {avgDelay - avgNet:F1} ms");
            _out.WriteLine($"DTMF reports {call.DtmfReports} (duration {call.DtmfDuration}), RTCP reports parsed {call.RtcpReportsReceived}, RTT {call.RttMs} ms");
            _out.WriteLine($"allocated during the call: {allocated} bytes");

            Assert.Equal(0, allocated);
            // Every frame that did not arrive in time was concealed or (after 60 ms) silent, and the
            // network's 5 % plus the late ones account for them.
            Assert.Equal(jb.Lost, jb.Concealed + jb.SilenceFrames);
            Assert.InRange(call.Dropped, call.Sent * 3 / 100, call.Sent * 7 / 100);
            Assert.InRange(jb.Concealed, (int)call.Dropped - 20, (int)call.Dropped + jb.Late + 20);
            Assert.InRange(jb.Late, 0, frames / 50); // under 2 % of frames late once the buffer has adapted
            // Playout delay: network delay plus a buffer between the configured bounds.
            Assert.InRange(avgDelay, avgNet, avgNet + 200);
            Assert.InRange(call.MaxDepthMs, 0, 200 + 40);
            Assert.Equal(1, call.DtmfReports);
            Assert.Equal(800, call.DtmfDuration);
            Assert.True(call.RtcpReportsReceived >= 10, call.RtcpReportsReceived.ToString());
            Assert.InRange(call.RttMs, 2 * BaseDelayMs, 2 * (BaseDelayMs + JitterMs));
        }

        private void Run(Call c, int durationMs)
        {
            c.TxRtcp.Start(0);
            c.RxRtcp.Start(0);
            for (long now = 0; now < durationMs; now++)
            {
                Deliver(c, now);
                if (now % 20 == 0)
                {
                    SendFrame(c, now);
                    Play(c, now);
                }

                if (c.TxRtcp.IsDue(now))
                {
                    // Sender: SR about what it sent, + SDES CNAME; SRTCP-protected.
                    ulong ntp = NtpTime.FromUnixMilliseconds(1_700_000_000_000L + now);
                    byte[] b = c.Scratch;
                    int n = RtcpWriter.WriteSenderReport(b, 0, c.Tx.Ssrc, ntp, c.Tx.Timestamp, c.Tx.PacketsSent, c.Tx.OctetsSent, null, 0);
                    n += RtcpWriter.WriteSourceDescription(b, n, c.Tx.Ssrc, c.Cname, 0, c.Cname.Length);
                    if (c.TxSrtp.ProtectRtcp(b, 0, n, out n) == SrtpStatus.Ok) Send(c, b, n, now, false);
                    c.TxRtcp.Sent(now);
                }

                if (c.RxRtcp.IsDue(now) && c.Jb.Reception.FillReportBlock(c.Blocks[0], now))
                {
                    // Receiver: RR with one report block, back to the sender.
                    byte[] b = c.Scratch;
                    int n = RtcpWriter.WriteReceiverReport(b, 0, 0x0BADCAFE, c.Blocks, 1);
                    n += RtcpWriter.WriteSourceDescription(b, n, 0x0BADCAFE, c.Cname, 0, c.Cname.Length);
                    if (c.RxSrtp.ProtectRtcp(b, 0, n, out n) == SrtpStatus.Ok) Send(c, b, n, now, true);
                    c.RxRtcp.Sent(now);
                }
            }
        }

        private static void SendFrame(Call c, long now)
        {
            byte[] b = c.Scratch;
            int n;
            if (now == 10_000) c.Dtmf.Start(5, 100);
            if (c.Dtmf.Active)
            {
                n = c.Dtmf.NextPacket(b, 0);
            }
            else
            {
                // Voice-like test signal: a 150 Hz buzz with a 3 Hz syllable envelope, silent 30 % of the time.
                int frame = (int)(now / 20);
                int phase = (int)(now % 333);
                int envelope = phase < 233 ? 12000 * (phase < 117 ? phase : 233 - phase) / 117 : 0;
                for (int i = 0; i < 160; i++)
                {
                    int t = frame * 160 + i;
                    int saw = (t % 53) * 2 - 53; // period 53 samples ≈ 151 Hz
                    c.Mic[i] = (short)(envelope * saw / 53);
                }

                n = c.Tx.Packetize(c.Mic, 0, b, 0);
            }

            if (c.TxSrtp.Protect(b, 0, n, out n) != SrtpStatus.Ok) throw new InvalidOperationException("protect");
            Send(c, b, n, now, false);
        }

        private static void Send(Call c, byte[] b, int n, long now, bool toSender)
        {
            c.Sent++;
            if (c.Net.Next(100) < LossPercent)
            {
                c.Dropped++;
                return;
            }

            int delay = BaseDelayMs + c.Net.Next(JitterMs + 1);
            c.NetworkDelaySum += delay;
            for (int i = 0; i < c.Flight.Length; i++)
            {
                if (c.FlightLength[i] == 0)
                {
                    Array.Copy(b, 0, c.Flight[i], 0, n);
                    c.FlightLength[i] = n;
                    c.FlightAt[i] = now + delay;
                    c.FlightToSender[i] = toSender;
                    return;
                }
            }

            throw new InvalidOperationException("network pool full");
        }

        private static void Deliver(Call c, long now)
        {
            for (int i = 0; i < c.Flight.Length; i++)
            {
                int n = c.FlightLength[i];
                if (n == 0 || c.FlightAt[i] > now) continue;
                c.FlightLength[i] = 0;
                byte[] b = c.Flight[i];
                MediaPacketKind kind = MediaPacketDemux.Classify(b, 0, n);
                if (kind == MediaPacketKind.Rtcp)
                {
                    SrtpSession s = c.FlightToSender[i] ? c.TxSrtp : c.RxSrtp;
                    if (s.UnprotectRtcp(b, 0, n, out n) != SrtpStatus.Ok) continue;
                    ulong arrival = NtpTime.FromUnixMilliseconds(1_700_000_000_000L + now);
                    uint local = c.FlightToSender[i] ? c.Tx.Ssrc : 0x0BADCAFE;
                    if (c.RtcpReader.Read(b, 0, n, local, arrival) != RtcpParseStatus.Ok) continue;
                    c.RtcpReportsReceived++;
                    if (c.RtcpReader.HasSenderReport) c.Jb.Reception.OnSenderReport(NtpTime.Middle32(c.RtcpReader.NtpTimestamp), now);
                    if (c.RtcpReader.RoundTripMs >= 0) c.RttMs = c.RtcpReader.RoundTripMs;
                }
                else if (kind == MediaPacketKind.Rtp)
                {
                    if (c.RxSrtp.Unprotect(b, 0, n, out n) != SrtpStatus.Ok) continue;
                    if (c.Jb.Put(b, 0, n, now) == JitterPutStatus.OtherPayloadType &&
                        c.View.Parse(b, 0, n) == RtpParseStatus.Ok && c.View.PayloadType == 101 &&
                        c.DtmfRx.Receive(b, c.View.PayloadOffset, c.View.PayloadLength, c.View.Timestamp))
                    {
                        c.DtmfReports++;
                        c.DtmfDuration = c.DtmfRx.Duration;
                    }
                }
            }
        }

        private static void Play(Call c, long now)
        {
            JitterBuffer jb = c.Jb;
            PlayoutKind kind = jb.Get(c.Speaker, 0, 160, now);
            if (kind == PlayoutKind.Real)
            {
                // Frame with timestamp ts was captured (and sent) at (ts − ts0)/8 ms.
                long sentAt = (long)(uint)(jb.LastPlayedTimestamp - c.Ts0) / 8;
                c.DelaySum += now - sentAt;
                c.RealFrames++;
            }

            if (jb.Playing)
            {
                int d = jb.CurrentDepthMs;
                c.DepthSum += d;
                c.DepthSamples++;
                if (d > c.MaxDepthMs) c.MaxDepthMs = d;
                if (jb.TargetDepthMs > c.MaxTargetMs) c.MaxTargetMs = jb.TargetDepthMs;
            }
        }
    }
}
