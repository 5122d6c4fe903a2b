using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Input;

namespace Phone.Tests.Device.Input
{
    /// <summary>Provisioning mode only for a key held from power-on for the whole hold time.</summary>
    [TestClass]
    public class PowerOnHoldTests
    {
        [TestMethod]
        public void HeldFromPowerOnForThreeSecondsEntersProvisioning()
        {
            PowerOnHold h = new PowerOnHold(PhoneKey.Ok);
            Assert.AreEqual(3000, h.HoldMs);
            // The scanner reports the key 20 ms after boot (its debounce time).
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(false, 0));
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(true, 20));
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(true, 3019));
            Assert.AreEqual(2999L, h.HeldMs(3019));
            Assert.AreEqual((int)PowerOnHoldResult.Provisioning, (int)h.Update(true, 3020));
            // Decided for good: releasing afterwards changes nothing.
            Assert.AreEqual((int)PowerOnHoldResult.Provisioning, (int)h.Update(false, 3100));
        }

        [TestMethod]
        public void ReleasedEarlyIsANormalBoot()
        {
            PowerOnHold h = new PowerOnHold(PhoneKey.Ok);
            h.Update(true, 0);
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(true, 1500));
            Assert.AreEqual((int)PowerOnHoldResult.Normal, (int)h.Update(false, 1510));
            Assert.AreEqual((int)PowerOnHoldResult.Normal, (int)h.Update(true, 1600));
        }

        [TestMethod]
        public void AKeyPressedAfterTheGraceTimeIsANormalBoot()
        {
            PowerOnHold h = new PowerOnHold(PhoneKey.Ok, 3000, 200);
            h.Update(false, 1000);
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(false, 1200));
            Assert.AreEqual((int)PowerOnHoldResult.Normal, (int)h.Update(true, 1201));
        }

        [TestMethod]
        public void NoKeyAtAllIsANormalBootOnceTheGraceTimeIsOver()
        {
            PowerOnHold h = new PowerOnHold(PhoneKey.Ok, 3000, 200);
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(false, 0));
            Assert.AreEqual((int)PowerOnHoldResult.Undecided, (int)h.Update(false, 200));
            Assert.AreEqual((int)PowerOnHoldResult.Normal, (int)h.Update(false, 201));
        }

        [TestMethod]
        public void FedFromTheScannerItWatchesOnlyItsKey()
        {
            KeyScanner k = new KeyScanner(KeyMap.Parse("ok 1").Map);
            PowerOnHold h = new PowerOnHold(PhoneKey.Ok, 1000, 200);
            int[] rows = new int[] { 0x2 };     // "1" held, not OK
            for (long t = 0; t <= 400; t += 10)
            {
                k.Scan(rows, t);
                h.Update(k, t);
            }
            Assert.AreEqual((int)PowerOnHoldResult.Normal, (int)h.Result);

            k = new KeyScanner(KeyMap.Parse("ok 1").Map);
            h = new PowerOnHold(PhoneKey.Ok, 1000, 200);
            rows[0] = 0x1;                      // OK held from power-on
            PowerOnHoldResult r = PowerOnHoldResult.Undecided;
            long at = -1;
            for (long t = 0; t <= 2000 && r == PowerOnHoldResult.Undecided; t += 10)
            {
                k.Scan(rows, t);
                r = h.Update(k, t);
                at = t;
            }
            Assert.AreEqual((int)PowerOnHoldResult.Provisioning, (int)r);
            Assert.AreEqual(1020L, at, "debounced down at 20, held 1000 ms");
        }
    }
}
