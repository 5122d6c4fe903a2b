using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Phone.Audio;
using Phone.Sdp;

namespace Phone.Tests.Media
{
    /// <summary>
    /// RTCP from the session: reports on the RFC 3550 §6.3.1 randomised schedule (first after Tmin/2,
    /// then Tmin × [0.5, 1.5] / 1.21828), SR while sending with a report block about the peer, the
    /// peer's RR giving an RTT, and the BYE after Stop (§6.6) as the last packet of the compound.
    /// </summary>
    [TestClass]
    public class MediaSessionRtcpTests
    {
        [TestMethod]
        public void ReportsFollowTheRandomisedIntervalBounds()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            long last = p.Now;
            long sum = 0;
            for (int i = 0; i < 12; i++)
            {
                long due = p.A.NextRtcpDeadlineMs;
                long interval = due - last;
                // §6.3.1: initial interval Tmin/2 = 2500 ms, later Tmin = 5000 ms; × [0.5, 1.5]; ÷ (e − 3/2).
                long td = i == 0 ? 2500 : 5000;
                Assert.IsTrue(interval >= td / 2 * 100000 / 121828 - 1, "interval " + interval.ToString());
                Assert.IsTrue(interval <= td * 3 / 2 * 100000 / 121828 + 1, "interval " + interval.ToString());
                Assert.AreEqual(0, p.A.PollRtcp(due - 1, p.Wire, 0), "not before the deadline");
                int n = p.A.PollRtcp(due, p.Wire, 0);
                Assert.IsTrue(n > 0, "due at the deadline");
                Assert.AreEqual(0, p.A.PollRtcp(due, p.Wire, 0), "once");
                Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)p.B.Receive(p.Wire, 0, n, due));
                if (i > 0)
                {
                    sum += interval;
                }

                last = due;
            }

            Assert.AreEqual(12, p.B.Statistics.RtcpReceived, "every SRTCP packet authenticated and parsed");
            long mean = sum / 11;
            Assert.IsTrue(mean > 2500 && mean < 5700, "mean " + mean.ToString());
        }

        [TestMethod]
        public void SenderReportsCarryTheStream_ReceiverReportGivesRoundTrip()
        {
            // Plain RTP so the compound can be read on the wire.
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Off);
            Assert.IsTrue(p.StartCall());
            RtcpCompoundReader reader = new RtcpCompoundReader();
            p.AutoRtcpA = false;
            bool sawSr = false;
            for (int i = 0; i < 600 && !sawSr; i++)
            {
                p.Frame();
                long due = p.A.NextRtcpDeadlineMs;
                if (due <= p.Now)
                {
                    int n = p.A.PollRtcp(p.Now, p.Wire, 0);
                    Assert.AreEqual((int)RtcpParseStatus.Ok, (int)reader.Read(p.Wire, 0, n, p.B.LocalSsrc, 0));
                    Assert.IsTrue(reader.HasSenderReport, "A sends RTP, so SR (RFC 3550 §6.4)");
                    Assert.AreEqual(p.A.LocalSsrc, reader.SenderSsrc);
                    Assert.AreEqual((uint)p.A.Statistics.PacketsSent, reader.SenderPacketCount);
                    Assert.AreEqual((uint)p.A.Statistics.OctetsSent, reader.SenderOctetCount);
                    Assert.IsTrue(reader.HasReportForUs, "a report block about B's stream");
                    Assert.AreEqual(0, reader.ReportForUs.CumulativeLost);
                    Assert.IsTrue(reader.CnameLength > 0, "SDES CNAME (RFC 3550 §6.5.1)");
                    p.B.Receive(p.Wire, 0, n, p.Now);
                    sawSr = true;
                }
            }

            Assert.IsTrue(sawSr);
            p.AutoRtcpA = true;
            p.Frames(400); // 8 s: B reports on A's SR, A reads its LSR/DLSR
            Assert.IsTrue(p.A.Statistics.RoundTripMs >= 0, "RTT known");
            Assert.IsTrue(p.A.Statistics.RoundTripMs <= 25, "in-memory network: RTT within a frame period, got " + p.A.Statistics.RoundTripMs.ToString());
        }

        [TestMethod]
        [DataRow(2)]
        [DataRow(0)]
        public void StopSendsByeOnceThenNothing(int srtpMode)
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcma, 20, (SrtpMode)srtpMode);
            Assert.IsTrue(p.StartCall());
            p.Frames(10);
            p.A.Stop(p.Now);
            Assert.IsFalse(p.A.Active);
            Assert.AreEqual(p.Now, p.A.NextRtcpDeadlineMs, "the BYE is due at once");
            Assert.AreEqual(0, p.A.Capture(p.MicA, 0, p.Now, p.Wire, 0));
            int n = p.A.PollRtcp(p.Now, p.Wire, 0);
            Assert.IsTrue(n > 0);
            if (srtpMode == (int)SrtpMode.Off)
            {
                RtcpCompoundReader reader = new RtcpCompoundReader();
                Assert.AreEqual((int)RtcpParseStatus.Ok, (int)reader.Read(p.Wire, 0, n, 0, 0));
                Assert.IsTrue(reader.ByeReceived);
                // RFC 3550 §6.1: BYE is the last packet: its header starts 8 octets before the end.
                Assert.AreEqual(203, (int)p.Wire[n - 8 + 1]);
                Assert.AreEqual(p.A.LocalSsrc, MediaSessionPair.Word(p.Wire, n - 4));
            }

            Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)p.B.Receive(p.Wire, 0, n, p.Now));
            Assert.IsTrue(p.B.Statistics.ByeReceived);
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures);
            Assert.AreEqual(0, p.A.PollRtcp(p.Now + 10000, p.Wire, 0), "nothing after the BYE");
            Assert.AreEqual(long.MaxValue, p.A.NextRtcpDeadlineMs);
        }
    }
}
