using nanoFramework.TestFramework;
using Phone.Sip.Registration;

namespace Phone.Tests.Sip.Registration
{
    /// <summary>Refresh time and RFC 5626 §4.5 backoff, computed from the formulas in SipRegistrationTimers' summary.</summary>
    [TestClass]
    public class RegistrationTimerTests
    {
        [TestMethod]
        public void RefreshIsTheSmallerOfNinetyPercentAndThirtySecondsBeforeExpiry()
        {
            SipRegistrationTimers t = new SipRegistrationTimers();
            Assert.AreEqual(540000L, t.RefreshDelayMs(600));     // min(540, 570)
            Assert.AreEqual(3240000L, t.RefreshDelayMs(3600));   // min(3240, 3570)
            Assert.AreEqual(90000L, t.RefreshDelayMs(120));      // min(108, 90)
            Assert.AreEqual(30000L, t.RefreshDelayMs(60));       // min(54, 30), not before half
            Assert.AreEqual(5000L, t.RefreshDelayMs(10));        // 10 − 30 < 0: half the lifetime
            Assert.AreEqual(500L, t.RefreshDelayMs(0));
        }

        [TestMethod]
        public void BackoffCeilingDoublesFromBaseAndIsCapped()
        {
            SipRegistrationTimers t = new SipRegistrationTimers();
            Assert.AreEqual(60000L, t.BackoffCeilingMs(1, false));
            Assert.AreEqual(240000L, t.BackoffCeilingMs(3, false));   // the RFC 5626 §4.5 example
            Assert.AreEqual(180000L, t.BackoffCeilingMs(1, true));
            Assert.AreEqual(1800000L, t.BackoffCeilingMs(6, false));  // 1920 s capped at 1800 s
            Assert.AreEqual(1800000L, t.BackoffCeilingMs(40, false));
        }

        [TestMethod]
        public void JitterSpansFiftyToHundredPercent()
        {
            SipRegistrationTimers t = new SipRegistrationTimers();
            Assert.AreEqual(120000L, t.BackoffMs(3, false, 0));
            Assert.AreEqual(240000L, t.BackoffMs(3, false, 65535));
            long mid = t.BackoffMs(3, false, 32768);
            Assert.IsTrue(mid > 179000 && mid < 181000);
            t.AllFailedBaseMs = 1000;
            t.MaxBackoffMs = 4000;
            Assert.AreEqual(4000L, t.BackoffMs(5, false, 65535));
        }
    }
}
