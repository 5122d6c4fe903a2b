using nanoFramework.TestFramework;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>
    /// Cuts the power at every operation of an update (and tears the write it hits, leaving nothing, none,
    /// half or 7/8 of the data), reboots, and checks that the phone comes up with the old or the new
    /// configuration exactly as the parser reads each text, never with nothing while a good file existed.
    /// Each cut is then combined with a second cut at every step of the recovering boot.
    /// </summary>
    [TestClass]
    public class ConfigStorePowerCutTests
    {
        static readonly int[] Tears = new int[] { -1, 0, 4, 7 };

        /// <summary>Scenario: 0 valid nf.config + valid .prev; 1 broken nf.config + valid .prev; 2 empty volume; 3 valid nf.config, no .prev.</summary>
        static SimulatedFlash Start(int scenario)
        {
            switch (scenario)
            {
                case 0: return StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
                case 1: return StoreTexts.Volume(StoreTexts.Broken, StoreTexts.Prev);
                case 2: return StoreTexts.Volume(null, null);
                default: return StoreTexts.Volume(StoreTexts.Old, null);
            }
        }

        /// <summary>The good configuration in use before the update, or null.</summary>
        static string Before(int scenario)
        {
            switch (scenario)
            {
                case 0: return StoreTexts.Old;
                case 1: return StoreTexts.Prev;
                case 2: return null;
                default: return StoreTexts.Old;
            }
        }

        static void CheckBoot(int scenario, ConfigLoadResult boot, SimulatedFlash flash, string where)
        {
            string before = Before(scenario);
            bool isNew = StoreTexts.Is(boot, StoreTexts.New);
            bool isOld = before != null && StoreTexts.Is(boot, before);
            if (before == null)
            {
                Assert.IsTrue(isNew || boot.Source == ConfigSource.None, where + ": neither new nor none");
            }
            else
            {
                Assert.IsTrue(isNew || isOld, where + ": loaded neither the old nor the new configuration; source " + ((int)boot.Source).ToString());
            }

            // Whichever survives is nf.config itself: a valid nf.config is never lost to the fallback.
            if (isNew || scenario == 0 || scenario == 3)
            {
                Assert.AreEqual((int)ConfigSource.Current, (int)boot.Source, where + ": not booted from nf.config");
            }

            // A finished recovery leaves no journal behind.
            Assert.IsNull(flash.Peek(ConfigStore.NewName), where + ": .new left");
            Assert.IsNull(flash.Peek(ConfigStore.MarkerName), where + ": marker left");
        }

        static int OperationsOfUpdate(int scenario)
        {
            SimulatedFlash flash = Start(scenario);
            ConfigStore store = new ConfigStore(flash);
            store.Load();
            int before = flash.Operations;
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            ConfigUpdateResult r = store.Update(b, 0, b.Length);
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)r.Status);
            return flash.Operations - before;
        }

        /// <summary>Leaves the volume as a cut at <paramref name="cut"/> with tear <paramref name="tear"/> left it; returns whether Update reported Applied.</summary>
        static bool CutUpdate(int scenario, int cut, int tear, out SimulatedFlash flash)
        {
            flash = Start(scenario);
            ConfigStore store = new ConfigStore(flash);
            store.Load();
            flash.CutAfter(cut, tear);
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            ConfigUpdateResult r = store.Update(b, 0, b.Length);
            flash.PowerOn();
            return r.Status == ConfigUpdateStatus.Applied;
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void EveryCutDuringUpdateBootsOldOrNew(int scenario)
        {
            int total = OperationsOfUpdate(scenario);
            Assert.IsTrue(total >= 8, "an update has write, read-back, marker, renames and deletes");
            int sawOld = 0;
            int sawNew = 0;
            for (int cut = 0; cut <= total; cut++)
            {
                for (int t = 0; t < Tears.Length; t++)
                {
                    SimulatedFlash flash;
                    bool applied = CutUpdate(scenario, cut, Tears[t], out flash);
                    string where = "scenario " + scenario.ToString() + " cut " + cut.ToString() + " tear " + Tears[t].ToString();
                    ConfigLoadResult boot = new ConfigStore(flash).Load();
                    CheckBoot(scenario, boot, flash, where);
                    if (applied)
                    {
                        Assert.IsTrue(StoreTexts.Is(boot, StoreTexts.New), where + ": Applied was reported but the old file booted");
                    }

                    if (StoreTexts.Is(boot, StoreTexts.New)) sawNew++; else sawOld++;

                    // The next boot must agree: recovery is finished, nothing flips back.
                    ConfigLoadResult again = new ConfigStore(flash).Load();
                    Assert.AreEqual((int)boot.Source, (int)again.Source, where + ": second boot");
                    Assert.IsTrue(StoreTexts.SameBytes(boot.Digest, again.Digest) || (boot.Digest == null && again.Digest == null), where + ": second boot changed file");
                }
            }

            // Early cuts keep the old file, late cuts the new one: both outcomes must have occurred.
            Assert.IsTrue(sawOld > 0, "no cut kept the old configuration");
            Assert.IsTrue(sawNew > 0, "no cut produced the new configuration");
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void CutDuringRecoveryBootStillBootsOldOrNew(int scenario)
        {
            int total = OperationsOfUpdate(scenario);
            for (int cut = 0; cut <= total; cut++)
            {
                // Two tear modes here (no data, half): the full set is covered by the single-cut test above,
                // and the nested loops stay affordable on the device.
                for (int t = 0; t < Tears.Length; t += 2)
                {
                    // How many operations the first recovering boot takes from this state.
                    SimulatedFlash probe;
                    CutUpdate(scenario, cut, Tears[t], out probe);
                    int start = probe.Operations;
                    new ConfigStore(probe).Load();
                    int bootOps = probe.Operations - start;

                    for (int cut2 = 0; cut2 < bootOps; cut2++)
                    {
                        SimulatedFlash flash;
                        CutUpdate(scenario, cut, Tears[t], out flash);
                        flash.CutAfter(cut2, 4);
                        new ConfigStore(flash).Load();
                        flash.PowerOn();
                        ConfigLoadResult boot = new ConfigStore(flash).Load();
                        CheckBoot(scenario, boot, flash, "scenario " + scenario.ToString() + " cut " + cut.ToString() + " tear " + Tears[t].ToString() + " boot cut " + cut2.ToString());
                    }
                }
            }
        }

        [TestMethod]
        public void BrokenCurrentIsDroppedAndGoodPreviousKept()
        {
            // Scenario 1 after a complete update: the last known good .prev must not be replaced by the broken file.
            SimulatedFlash flash = Start(1);
            ConfigStore store = new ConfigStore(flash);
            store.Load();
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)store.Update(b, 0, b.Length).Status);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, StoreTexts.New);
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Prev);
        }
    }
}
