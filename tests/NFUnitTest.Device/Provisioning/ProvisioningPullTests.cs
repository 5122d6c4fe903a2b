using nanoFramework.TestFramework;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>The pull schedule and what a fetched file does to the store.</summary>
    [TestClass]
    public class ProvisioningPullTests
    {
        static readonly byte[] Mac = new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };
        const string Template = "https://prov.example.com/phones/nf-{mac}.config";
        const int Interval = 3600;

        static SimulatedFlash _flash;
        static ConfigStore _store;

        /// <summary>Entropy of all-zero bytes: every random delay is 0, so the schedule's lower bounds show exactly.</summary>
        static ProvisioningPull Zero(long now)
        {
            _flash = StoreTexts.Volume(StoreTexts.Old, null);
            _store = new ConfigStore(_flash);
            _store.Load();
            return new ProvisioningPull(_store, new ScriptedEntropy(new byte[] { 0 }), Template, Interval, Mac, now);
        }

        /// <summary>Entropy of all-0xFF bytes: random delays at their largest.</summary>
        static ProvisioningPull Max(long now)
        {
            _flash = StoreTexts.Volume(StoreTexts.Old, null);
            _store = new ConfigStore(_flash);
            _store.Load();
            return new ProvisioningPull(_store, new ScriptedEntropy(new byte[] { 0xFF }), Template, Interval, Mac, now);
        }

        [TestMethod]
        public void MacIsTwelveLowerCaseHexDigitsWithoutSeparators()
        {
            Assert.AreEqual("https://prov.example.com/phones/nf-246f28a1b2c3.config", ProvisioningPull.ExpandUrl(Template, Mac));
            Assert.AreEqual("https://p/246f28a1b2c3/246f28a1b2c3", ProvisioningPull.ExpandUrl("https://p/{mac}/{mac}", Mac));
            Assert.AreEqual("https://p/static.config", ProvisioningPull.ExpandUrl("https://p/static.config", Mac));
            Assert.IsNull(ProvisioningPull.ExpandUrl(null, Mac));
        }

        [TestMethod]
        public void FirstFetchIsWithinAMinuteOfBootAndOneAtATime()
        {
            ProvisioningPull p = Max(1000);
            Assert.IsTrue(p.NextFetchMs >= 1000 && p.NextFetchMs <= 1000 + ProvisioningPull.MaxStartDelayMs);
            Assert.IsNull(p.Poll(p.NextFetchMs - 1));
            Assert.AreEqual("https://prov.example.com/phones/nf-246f28a1b2c3.config", p.Poll(p.NextFetchMs));
            // In flight: not handed out twice.
            Assert.IsNull(p.Poll(p.NextFetchMs + 100000));
        }

        [TestMethod]
        public void NoUrlMeansNoFetch()
        {
            ProvisioningPull p = new ProvisioningPull(new ConfigStore(StoreTexts.Volume(null, null)), new ScriptedEntropy(new byte[] { 0 }), null, Interval, Mac, 0);
            Assert.IsNull(p.Url);
            Assert.IsNull(p.Poll(long.MaxValue / 2));
        }

        [TestMethod]
        public void DifferentValidFileIsApplied()
        {
            ProvisioningPull p = Zero(0);
            Assert.IsNotNull(p.Poll(0));
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            Assert.AreEqual((int)PullOutcome.Applied, (int)p.OnFetched(b, 0, b.Length, 5000));
            StoreTexts.FileIs(_flash, ConfigStore.CurrentName, StoreTexts.New);
            Assert.AreEqual(5000 + Interval * 1000L, p.NextFetchMs);
        }

        [TestMethod]
        public void SameFileIsNotWritten()
        {
            ProvisioningPull p = Zero(0);
            p.Poll(0);
            byte[] b = StoreTexts.Bytes(StoreTexts.Old);
            int writes = _flash.Writes;
            Assert.AreEqual((int)PullOutcome.Unchanged, (int)p.OnFetched(b, 0, b.Length, 0));
            Assert.AreEqual(writes, _flash.Writes);
        }

        [TestMethod]
        public void InvalidFileIsNotAppliedAndRetriedWithBackoff()
        {
            ProvisioningPull p = Zero(0);
            p.Poll(0);
            byte[] b = StoreTexts.Bytes(StoreTexts.Broken);
            Assert.AreEqual((int)PullOutcome.Invalid, (int)p.OnFetched(b, 0, b.Length, 0));
            StoreTexts.FileIs(_flash, ConfigStore.CurrentName, StoreTexts.Old);
            Assert.AreEqual(9, p.LastErrors[0].Line);
            Assert.AreEqual(1, p.ConsecutiveFailures);
            // First retry: half of 60 s fixed, half random (here 0).
            Assert.AreEqual(30000L, p.NextFetchMs);
        }

        [TestMethod]
        public void OversizedFileIsRefused()
        {
            ProvisioningPull p = Zero(0);
            p.Poll(0);
            byte[] big = new byte[Phone.Config.ConfigParser.MaxFileBytes + 1];
            Assert.AreEqual((int)PullOutcome.TooLarge, (int)p.OnFetched(big, 0, big.Length, 0));
            Assert.AreEqual(0, _flash.Writes);
        }

        [TestMethod]
        public void FailuresDoubleTheWaitUpToTheInterval()
        {
            // Lower bounds (random part 0): 30, 60, 120, 240, 480, 960, 1920, then 1800 s = half the interval cap.
            ProvisioningPull p = Zero(0);
            long[] lower = new long[] { 30000, 60000, 120000, 240000, 480000, 960000, 1800000, 1800000 };
            long now = 0;
            for (int i = 0; i < lower.Length; i++)
            {
                p.Poll(p.NextFetchMs);
                now = p.NextFetchMs;
                p.OnFetchFailed(now);
                Assert.AreEqual(now + lower[i], p.NextFetchMs, "failure " + (i + 1).ToString());
            }

            // Upper bounds (random part maximal): never more than the full doubled wait, capped at the interval.
            ProvisioningPull q = Max(0);
            long[] upper = new long[] { 60000, 120000, 240000, 480000, 960000, 1920000, 3600000, 3600000 };
            for (int i = 0; i < upper.Length; i++)
            {
                q.Poll(q.NextFetchMs);
                now = q.NextFetchMs;
                q.OnFetchFailed(now);
                Assert.IsTrue(q.NextFetchMs - now <= upper[i] && q.NextFetchMs - now > upper[i] / 2, "failure " + (i + 1).ToString());
            }

            // A success resets the backoff: next check one interval (+ up to 10 %) later.
            q.Poll(q.NextFetchMs);
            now = q.NextFetchMs;
            byte[] b = StoreTexts.Bytes(StoreTexts.Old);
            q.OnFetched(b, 0, b.Length, now);
            Assert.AreEqual(0, q.ConsecutiveFailures);
            Assert.IsTrue(q.NextFetchMs >= now + Interval * 1000L && q.NextFetchMs <= now + Interval * 1100L);
        }
    }
}
