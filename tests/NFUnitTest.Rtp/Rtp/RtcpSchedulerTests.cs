using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Rtp
{
    /// <summary>RFC 3550 §6.3.1 interval: Td × [0.5, 1.5] / (e − 3/2), first one from Td/2, on the caller's clock.</summary>
    [TestClass]
    public class RtcpSchedulerTests
    {
        [TestMethod]
        public void RandomizationBounds()
        {
            // random 0x0000 → factor 0.5; 0xffff → just under 1.5; 0x8000 → 1.0
            RtcpScheduler s = new RtcpScheduler(new FixedEntropy(Hex.Parse("00 00 ff ff 80 00 80 00")), 5000);
            s.Start(1000);
            Assert.AreEqual(1000L + 2500 * 5 / 10 * 100000 / 121828, s.NextReportMs, "first: Td/2 × 0.5 / 1.21828");
            Assert.IsFalse(s.IsDue(s.NextReportMs - 1));
            Assert.IsTrue(s.IsDue(s.NextReportMs));
            s.Sent(10000);
            long t = s.NextReportMs - 10000;
            // 5000 × 1.49998 / 1.21828 = 6156.2
            Assert.IsTrue(t >= 6155 && t <= 6157, t.ToString());
            s.Sent(20000);
            // 5000 / 1.21828 = 4104.2
            Assert.AreEqual(20000L + 4104, s.NextReportMs);
        }

        [TestMethod]
        public void NotDueBeforeStart()
        {
            RtcpScheduler s = new RtcpScheduler(new FixedEntropy(new byte[] { 1, 2 }), 5000);
            Assert.IsFalse(s.IsDue(1000000));
        }
    }
}
