using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>Updates without power cuts: refused texts change nothing, accepted ones rotate nf.config to .prev.</summary>
    [TestClass]
    public class ConfigStoreUpdateTests
    {
        static ConfigStore Booted(SimulatedFlash flash)
        {
            ConfigStore store = new ConfigStore(flash);
            store.Load();
            return store;
        }

        [TestMethod]
        public void ValidUpdateRotatesCurrentToPrevious()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
            ConfigStore store = Booted(flash);
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            ConfigUpdateResult r = store.Update(b, 0, b.Length);
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)r.Status);
            Assert.AreEqual("200", r.Config.Sip.User);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, StoreTexts.New);
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Old);
            Assert.IsNull(flash.Peek(ConfigStore.NewName));
            Assert.IsNull(flash.Peek(ConfigStore.MarkerName));
            Assert.IsTrue(StoreTexts.SameBytes(ConfigStore.ComputeDigest(b, 0, b.Length), store.Digest));
        }

        [TestMethod]
        public void InvalidUpdateChangesNothingAndReturnsParserErrors()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
            ConfigStore store = Booted(flash);
            string before = flash.Snapshot();
            int writes = flash.Writes;
            byte[] b = StoreTexts.Bytes(StoreTexts.Broken);
            ConfigUpdateResult r = store.Update(b, 0, b.Length);
            Assert.AreEqual((int)ConfigUpdateStatus.Invalid, (int)r.Status);
            Assert.AreEqual(1, r.Errors.Length);
            Assert.AreEqual(9, r.Errors[0].Line);
            Assert.AreEqual((int)ConfigErrorCode.OutOfRange, (int)r.Errors[0].Code);
            Assert.AreEqual(before, flash.Snapshot());
            Assert.AreEqual(writes, flash.Writes);
        }

        [TestMethod]
        public void SameTextIsNotWrittenAgain()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, null);
            ConfigStore store = Booted(flash);
            byte[] b = StoreTexts.Bytes(StoreTexts.Old);
            Assert.AreEqual((int)ConfigUpdateStatus.Unchanged, (int)store.Update(b, 0, b.Length).Status);
            Assert.AreEqual(0, flash.Writes);
        }

        [TestMethod]
        public void TextOfThePreviousFileIsWrittenWhenCurrentIsBroken()
        {
            // Running from .prev because nf.config is broken: uploading .prev's text must repair nf.config.
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Broken, StoreTexts.Prev);
            ConfigStore store = Booted(flash);
            byte[] b = StoreTexts.Bytes(StoreTexts.Prev);
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)store.Update(b, 0, b.Length).Status);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, StoreTexts.Prev);
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Prev);
        }

        [TestMethod]
        public void WriteThatReadsBackDifferentIsRemoved()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
            ConfigStore store = Booted(flash);
            flash.CorruptWrites = true;
            byte[] b = StoreTexts.Bytes(StoreTexts.New);
            Assert.AreEqual((int)ConfigUpdateStatus.VerifyFailed, (int)store.Update(b, 0, b.Length).Status);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, StoreTexts.Old);
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Prev);
            Assert.IsNull(flash.Peek(ConfigStore.NewName));
            Assert.IsNull(flash.Peek(ConfigStore.MarkerName));
        }

        [TestMethod]
        public void OversizedUpdateIsRefusedByTheParser()
        {
            byte[] big = new byte[ConfigParser.MaxFileBytes + 1];
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, null);
            ConfigStore store = Booted(flash);
            ConfigUpdateResult r = store.Update(big, 0, big.Length);
            Assert.AreEqual((int)ConfigUpdateStatus.Invalid, (int)r.Status);
            Assert.AreEqual((int)ConfigErrorCode.FileTooLarge, (int)r.Errors[0].Code);
            Assert.AreEqual(0, flash.Writes);
        }
    }
}
