using System;
using nanoFramework.TestFramework;
using Phone.Device.Recovery;

namespace Phone.Tests.Device.Recovery
{
    /// <summary>Backoff doubling to its cap, jitter within its band, reset on success, the countdown.</summary>
    [TestClass]
    public class ReconnectPolicyTests
    {
        [TestMethod]
        public void WithoutJitterTheWaitDoublesUpToTheCap()
        {
            ReconnectPolicy p = new ReconnectPolicy(1000, 60000, 0, new Random(1));
            int[] expected = new int[] { 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000 };
            long now = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], p.Failed(now), "failure " + (i + 1).ToString());
                Assert.AreEqual(now + expected[i], p.RetryAtMs);
                now += expected[i];
            }
            Assert.AreEqual(9, p.Failures);
        }

        [TestMethod]
        public void JitterTakesUpToAQuarterOffAndSpreadsPhones()
        {
            // 40 phones that lost the same access point at the same moment.
            int distinct = 0;
            int previous = -1;
            for (int seed = 0; seed < 40; seed++)
            {
                ReconnectPolicy p = ReconnectPolicy.ForWifi(new Random(seed));
                p.Failed(0);
                p.Failed(0);
                int d = p.Failed(0);           // nominal 4 s
                Assert.IsTrue(d >= 3000 && d <= 4000, "wait " + d.ToString());
                if (d != previous) distinct++;
                previous = d;
            }
            Assert.IsTrue(distinct > 20, "jitter spreads the retries: " + distinct.ToString());
        }

        [TestMethod]
        public void SuccessStartsOverFromTheBase()
        {
            ReconnectPolicy p = new ReconnectPolicy(2000, 120000, 0, new Random(1));
            p.Failed(0);
            p.Failed(0);
            p.Failed(0);
            p.Succeeded();
            Assert.AreEqual(0, p.Failures);
            Assert.AreEqual(ReconnectPolicy.NoRetry, p.RetryAtMs);
            Assert.IsFalse(p.IsDue(long.MaxValue - 1));
            Assert.AreEqual(2000, p.Failed(500));
        }

        [TestMethod]
        public void TheCountdownRoundsUpToWholeSeconds()
        {
            ReconnectPolicy p = new ReconnectPolicy(8000, 60000, 0, null);
            p.Failed(1000);                    // retry at 9000
            Assert.AreEqual(8, p.SecondsUntilRetry(1000));
            Assert.AreEqual(8, p.SecondsUntilRetry(1001));
            Assert.AreEqual(1, p.SecondsUntilRetry(8999));
            Assert.AreEqual(0, p.SecondsUntilRetry(9000));
            Assert.IsFalse(p.IsDue(8999));
            Assert.IsTrue(p.IsDue(9000));
        }

        [TestMethod]
        public void NominalWaitsOfTheDefaultPolicies()
        {
            Assert.AreEqual(1000, ReconnectPolicy.ForWifi(null).NominalDelayMs(1));
            Assert.AreEqual(60000, ReconnectPolicy.ForWifi(null).NominalDelayMs(30));
            Assert.AreEqual(2000, ReconnectPolicy.ForTls(null).NominalDelayMs(1));
            Assert.AreEqual(120000, ReconnectPolicy.ForTls(null).NominalDelayMs(100));
            Assert.AreEqual(4000, ReconnectPolicy.ForRegistration(null).NominalDelayMs(1));
            Assert.AreEqual(0, ReconnectPolicy.ForRegistration(null).NominalDelayMs(0));
        }

        [TestMethod]
        public void NonsenseSettingsAreClamped()
        {
            ReconnectPolicy p = new ReconnectPolicy(0, -5, 250, new Random(3));
            Assert.AreEqual(1, p.BaseMs);
            Assert.AreEqual(1, p.CapMs);
            Assert.AreEqual(100, p.JitterPercent);
            Assert.IsTrue(p.Failed(0) >= 1, "never a zero wait");
        }
    }
}
