using nanoFramework.TestFramework;
using Phone.Rtp;

namespace Phone.Tests.Rtp
{
    /// <summary>
    /// Reception statistics against RFC 3550 formulas evaluated in the test: §A.8 jitter
    /// J += (|D| − J)/16 in floating point, §A.3 expected/lost/fraction, §6.4.1 DLSR.
    /// </summary>
    [TestClass]
    public class RtpReceiveStatisticsTests
    {
        [TestMethod]
        public void JitterFollowsTheA8Estimator()
        {
            // Packets every 160 timestamp units; arrival times (ms) with an irregular delay pattern.
            int[] delayMs = new int[] { 0, 7, 3, 25, 1, 0, 40, 12, 9, 33, 2, 18, 5, 5, 27, 0, 14, 39, 6, 11 };
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            double j = 0;
            double prevTransit = 0;
            for (int i = 0; i < delayMs.Length; i++)
            {
                uint ts = (uint)(1000 + 160 * i);
                long arrivalMs = 5000 + 20 * i + delayMs[i];
                uint arrival = (uint)(arrivalMs * 8);
                s.Update(0x42, 10 + i, ts, arrival);
                double transit = (double)arrival - ts;
                if (i > 0)
                {
                    double d = transit - prevTransit;
                    if (d < 0) d = -d;
                    j += (d - j) / 16; // RFC 3550 §6.4.1 / §A.8
                }

                prevTransit = transit;
                int diff = (int)s.Jitter - (int)j;
                Assert.IsTrue(diff >= -1 && diff <= 1, "packet " + i.ToString() + ": " + s.Jitter.ToString() + " vs " + j.ToString());
            }

            Assert.IsTrue(s.Jitter > 50, "the pattern has tens of ms of jitter: " + s.Jitter.ToString());
        }

        [TestMethod]
        public void ConstantDelayHasZeroJitter()
        {
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            for (int i = 0; i < 50; i++)
            {
                s.Update(1, i, (uint)(0xFFFFFF00 + 160 * i), (uint)(123456 + 160 * i)); // timestamp wraps
            }

            Assert.AreEqual((uint)0, s.Jitter);
        }

        [TestMethod]
        public void LossFractionAndCumulativeLost()
        {
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            // 100..119 without 105, 110, 111: expected 20, received 17.
            for (int seq = 100; seq < 120; seq++)
            {
                if (seq == 105 || seq == 110 || seq == 111) continue;
                s.Update(7, seq, (uint)(seq * 160), (uint)(seq * 160));
            }

            RtcpReportBlock b = new RtcpReportBlock();
            Assert.IsTrue(s.FillReportBlock(b, 0));
            Assert.AreEqual((uint)7, b.Ssrc);
            Assert.AreEqual(3, b.CumulativeLost);
            Assert.AreEqual(3 * 256 / 20, b.FractionLost); // 38
            Assert.AreEqual((uint)119, b.ExtendedHighestSequence);

            // Next interval: 120..129 all arrive, plus a duplicate of 125.
            for (int seq = 120; seq < 130; seq++)
            {
                s.Update(7, seq, (uint)(seq * 160), (uint)(seq * 160));
            }

            s.Update(7, 125, 125 * 160, 125 * 160);
            Assert.IsTrue(s.FillReportBlock(b, 0));
            Assert.AreEqual(0, b.FractionLost, "more received than expected in the interval: 0 (§A.3)");
            Assert.AreEqual(2, b.CumulativeLost, "duplicates reduce the cumulative count, as §6.4.1 says they may");
            Assert.AreEqual((uint)129, b.ExtendedHighestSequence);
        }

        [TestMethod]
        public void SequenceWrapExtendsTheHighestSequence()
        {
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            for (int i = 0; i < 12; i++)
            {
                s.Update(7, (65530 + i) & 0xFFFF, (uint)(i * 160), (uint)(i * 160));
            }

            Assert.AreEqual((uint)(65536 + 5), s.ExtendedMaxSequence);
            RtcpReportBlock b = new RtcpReportBlock();
            s.FillReportBlock(b, 0);
            Assert.AreEqual(0, b.CumulativeLost);
            // A late packet from before the wrap does not move the maximum.
            s.Update(7, 65534, 0, 0);
            Assert.AreEqual((uint)(65536 + 5), s.ExtendedMaxSequence);
        }

        [TestMethod]
        public void LargeJumpIsConfirmedByTheNextPacket()
        {
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            s.Update(7, 10, 0, 0);
            s.Update(7, 11, 160, 160);
            Assert.IsFalse(s.Update(7, 20000, 320, 320), "§A.1: a jump beyond MAX_DROPOUT is held");
            Assert.AreEqual((uint)11, s.ExtendedMaxSequence);
            Assert.IsTrue(s.Update(7, 20001, 480, 480), "the next sequential packet confirms it");
            Assert.AreEqual((uint)20001, s.ExtendedMaxSequence);
            RtcpReportBlock b = new RtcpReportBlock();
            s.FillReportBlock(b, 0);
            Assert.AreEqual(0, b.CumulativeLost, "statistics restart at the new base");
        }

        [TestMethod]
        public void LsrAndDlsrFromTheLastSenderReport()
        {
            RtpReceiveStatistics s = new RtpReceiveStatistics();
            s.Update(7, 1, 0, 0);
            RtcpReportBlock b = new RtcpReportBlock();
            s.FillReportBlock(b, 1000);
            Assert.AreEqual((uint)0, b.LastSenderReport);
            Assert.AreEqual((uint)0, b.DelaySinceLastSenderReport);
            s.OnSenderReport(0xb7052000, 10000);
            s.FillReportBlock(b, 15250);
            Assert.AreEqual((uint)0xb7052000, b.LastSenderReport);
            Assert.AreEqual((uint)0x00054000, b.DelaySinceLastSenderReport, "5.250 s in 1/65536 s (§6.4.1 example)");
        }

        [TestMethod]
        public void NoReportBeforeTheFirstPacket()
        {
            Assert.IsFalse(new RtpReceiveStatistics().FillReportBlock(new RtcpReportBlock(), 0));
        }
    }
}
