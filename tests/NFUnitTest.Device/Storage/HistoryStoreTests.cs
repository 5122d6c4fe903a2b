using System.Text;
using nanoFramework.TestFramework;
using Phone.Call;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>
    /// The call history on flash: saved lists come back at boot, and a power cut at every step of a save (tearing the
    /// write it hits in several ways), and again at every step of the recovering boot, leaves the old or the new list.
    /// </summary>
    [TestClass]
    public class HistoryStoreTests
    {
        private const int Capacity = 4;
        private static readonly int[] Tears = new int[] { -1, 0, 4, 7 };

        private static CallHistory Old()
        {
            CallHistory h = new CallHistory(Capacity);
            h.Add(HistoryKind.Dialled, "1002", "sip:1002@example.com", 0);
            h.Add(HistoryKind.Missed, "Alice", "sip:alice@example.com", 0);
            return h;
        }

        private static CallHistory New()
        {
            CallHistory h = Old();
            h.Add(HistoryKind.Received, "Bob", "sip:bob@example.com", 0);
            return h;
        }

        private static string Text(CallHistory h)
        {
            byte[] b = HistoryText.Encode(h);
            return Encoding.UTF8.GetString(b, 0, b.Length);
        }

        /// <summary>What a boot finds on flash, as the history text.</summary>
        private static string Boot(SimulatedFlash flash)
        {
            CallHistory h = new CallHistory(Capacity);
            new HistoryStore(flash, Capacity).Load(h, 0);
            return Text(h);
        }

        private static void NoJournal(SimulatedFlash flash, string where)
        {
            Assert.IsNull(flash.Peek(HistoryStore.NewName), where + ": .new left");
            Assert.IsNull(flash.Peek(HistoryStore.MarkerName), where + ": marker left");
        }

        private static SimulatedFlash WithOld()
        {
            SimulatedFlash flash = new SimulatedFlash();
            Assert.IsTrue(new HistoryStore(flash, Capacity).Save(Old()));
            return flash;
        }

        [TestMethod]
        public void SavedListComesBackNewestFirstWithoutLeftovers()
        {
            SimulatedFlash flash = WithOld();
            Assert.IsTrue(new HistoryStore(flash, Capacity).Save(New()));
            CallHistory h = new CallHistory(Capacity);
            Assert.AreEqual(3, new HistoryStore(flash, Capacity).Load(h, 0));
            Assert.AreEqual("Bob", h.Get(0).Label);
            Assert.AreEqual("sip:1002@example.com", h.Get(2).Uri);
            Assert.AreEqual(Text(New()), Text(h));
            NoJournal(flash, "after a save");
        }

        [TestMethod]
        public void EmptyOrForeignVolumeLoadsNothing()
        {
            SimulatedFlash flash = new SimulatedFlash();
            CallHistory h = new CallHistory(Capacity);
            Assert.AreEqual(0, new HistoryStore(flash, Capacity).Load(h, 0));
            flash.Put(HistoryStore.CurrentName, Encoding.UTF8.GetBytes("not a history\n"));
            Assert.AreEqual(0, new HistoryStore(flash, Capacity).Load(h, 0));
            // Longer than any list of Capacity entries can be: not read at all.
            flash.Put(HistoryStore.CurrentName, new byte[HistoryText.MaxBytes(Capacity) + 1]);
            Assert.AreEqual(0, new HistoryStore(flash, Capacity).Load(h, 0));
            Assert.AreEqual(0, h.Count);
        }

        [TestMethod]
        public void FailedFlashKeepsTheOldList()
        {
            SimulatedFlash flash = WithOld();
            flash.CorruptWrites = true;
            Assert.IsFalse(new HistoryStore(flash, Capacity).Save(New()), "the read-back differs");
            flash.CorruptWrites = false;
            Assert.AreEqual(Text(Old()), Boot(flash));
        }

        [TestMethod]
        public void EveryCutDuringASaveLeavesTheOldOrTheNewList()
        {
            SimulatedFlash probe = WithOld();
            int before = probe.Operations;
            Assert.IsTrue(new HistoryStore(probe, Capacity).Save(New()));
            int total = probe.Operations - before;
            Assert.IsTrue(total >= 8, "a save has recovery checks, write, read-back, marker, delete, rename");

            int sawOld = 0;
            int sawNew = 0;
            for (int cut = 0; cut <= total; cut++)
            {
                for (int t = 0; t < Tears.Length; t++)
                {
                    string where = "cut " + cut.ToString() + " tear " + Tears[t].ToString();
                    SimulatedFlash flash = WithOld();
                    flash.CutAfter(cut, Tears[t]);
                    bool saved = new HistoryStore(flash, Capacity).Save(New());
                    flash.PowerOn();
                    string boot = Boot(flash);
                    Assert.IsTrue(boot == Text(Old()) || boot == Text(New()), where + ": neither list: " + boot);
                    if (saved) Assert.AreEqual(Text(New()), boot, where + ": saved, but the old list came back");
                    if (boot == Text(New())) sawNew++; else sawOld++;
                    NoJournal(flash, where);
                    Assert.AreEqual(boot, Boot(flash), where + ": the next boot disagrees");
                }
            }

            Assert.IsTrue(sawOld > 0, "no cut kept the old list");
            Assert.IsTrue(sawNew > 0, "no cut produced the new list");
        }

        [TestMethod]
        public void CutDuringTheRecoveringBootStillEndsOldOrNew()
        {
            for (int cut = 0; cut <= 12; cut++)
            {
                for (int again = 0; again <= 8; again++)
                {
                    string where = "cut " + cut.ToString() + " then " + again.ToString();
                    SimulatedFlash flash = WithOld();
                    flash.CutAfter(cut, 4);
                    new HistoryStore(flash, Capacity).Save(New());
                    flash.PowerOn();
                    flash.CutAfter(again, 4);
                    Boot(flash);
                    flash.PowerOn();
                    string boot = Boot(flash);
                    Assert.IsTrue(boot == Text(Old()) || boot == Text(New()), where + ": neither list: " + boot);
                }
            }
        }
    }
}
