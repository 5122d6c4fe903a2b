using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Storage;

namespace Phone.Tests.Device.Storage
{
    /// <summary>Boot: which file is used, what the journal check does, and the line shown on the display.</summary>
    [TestClass]
    public class ConfigStoreLoadTests
    {
        [TestMethod]
        public void ValidCurrentIsUsedWithoutMessage()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, StoreTexts.Prev);
            ConfigStore store = new ConfigStore(flash);
            ConfigLoadResult r = store.Load();
            Assert.AreEqual((int)ConfigSource.Current, (int)r.Source);
            Assert.AreEqual((int)ConfigRecovery.None, (int)r.Recovery);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.Old));
            Assert.AreEqual(string.Empty, r.Message);
            Assert.AreEqual(0, r.RejectedErrors.Length);
            Assert.IsTrue(StoreTexts.SameBytes(r.Digest, store.Digest));
        }

        [TestMethod]
        public void BrokenCurrentFallsBackToPreviousNamingTheLine()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Broken, StoreTexts.Prev);
            ConfigLoadResult r = new ConfigStore(flash).Load();
            Assert.AreEqual((int)ConfigSource.Previous, (int)r.Source);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.Prev));
            // Line 9 is "port = 70000" (see StoreTexts.Broken); docs/nf-config.md: OutOfRange, 1..65535.
            Assert.AreEqual(1, r.RejectedErrors.Length);
            Assert.AreEqual(9, r.RejectedErrors[0].Line);
            Assert.AreEqual((int)ConfigErrorCode.OutOfRange, (int)r.RejectedErrors[0].Code);
            Assert.StartsWith("nf.config line 9 [sip] port: OutOfRange", r.Message);
            Assert.EndsWith("; using previous", r.Message);
            Assert.DoesNotContains("70000", r.Message);
            // Nothing on the volume was touched by the fallback.
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, StoreTexts.Broken);
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Prev);
        }

        [TestMethod]
        public void MissingCurrentFallsBackToPrevious()
        {
            ConfigLoadResult r = new ConfigStore(StoreTexts.Volume(null, StoreTexts.Prev)).Load();
            Assert.AreEqual((int)ConfigSource.Previous, (int)r.Source);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.Prev));
            Assert.AreEqual("nf.config: file missing; using previous", r.Message);
        }

        [TestMethod]
        public void EmptyVolumeMeansProvisioningMode()
        {
            ConfigStore store = new ConfigStore(StoreTexts.Volume(null, null));
            ConfigLoadResult r = store.Load();
            Assert.AreEqual((int)ConfigSource.None, (int)r.Source);
            Assert.IsNull(r.Config);
            Assert.IsNull(r.Digest);
            Assert.IsNull(store.Digest);
            Assert.AreEqual("nf.config: file missing; provisioning mode", r.Message);
        }

        [TestMethod]
        public void BrokenCurrentAndBrokenPreviousMeanProvisioningMode()
        {
            ConfigLoadResult r = new ConfigStore(StoreTexts.Volume(StoreTexts.Broken, StoreTexts.Broken)).Load();
            Assert.AreEqual((int)ConfigSource.None, (int)r.Source);
            Assert.StartsWith("nf.config line 9 [sip] port: OutOfRange", r.Message);
            Assert.EndsWith("; provisioning mode", r.Message);
        }

        [TestMethod]
        public void OversizedCurrentIsRejectedWithoutReadingIt()
        {
            // One byte above the parser's documented 32768-byte limit: FileTooLarge.
            byte[] big = new byte[ConfigParser.MaxFileBytes + 1];
            for (int i = 0; i < big.Length; i++) big[i] = (byte)'#';
            SimulatedFlash flash = StoreTexts.Volume(null, StoreTexts.Prev);
            flash.Put(ConfigStore.CurrentName, big);
            ConfigLoadResult r = new ConfigStore(flash).Load();
            Assert.AreEqual((int)ConfigSource.Previous, (int)r.Source);
            Assert.AreEqual((int)ConfigErrorCode.FileTooLarge, (int)r.RejectedErrors[0].Code);
            Assert.AreEqual("nf.config: at most 32768 bytes; using previous", r.Message);
        }

        [TestMethod]
        public void UncommittedNewFileIsRemoved()
        {
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, null);
            flash.Put(ConfigStore.NewName, StoreTexts.Bytes(StoreTexts.New));
            ConfigLoadResult r = new ConfigStore(flash).Load();
            Assert.AreEqual((int)ConfigRecovery.RolledBack, (int)r.Recovery);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.Old));
            Assert.IsNull(flash.Peek(ConfigStore.NewName));
        }

        [TestMethod]
        public void CommittedNewFileIsSwappedIn()
        {
            // The marker is the lower-case hex SHA-256 of the new text, written after it was verified.
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, null);
            byte[] fresh = StoreTexts.Bytes(StoreTexts.New);
            flash.Put(ConfigStore.NewName, fresh);
            byte[] digest = ConfigStore.ComputeDigest(fresh, 0, fresh.Length);
            flash.Put(ConfigStore.MarkerName, Encoding.UTF8.GetBytes(Phone.Crypto.HexText.ToLower(digest, 0, digest.Length)));
            ConfigLoadResult r = new ConfigStore(flash).Load();
            Assert.AreEqual((int)ConfigRecovery.RolledForward, (int)r.Recovery);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.New));
            StoreTexts.FileIs(flash, ConfigStore.PreviousName, StoreTexts.Old);
            Assert.IsNull(flash.Peek(ConfigStore.MarkerName));
        }

        [TestMethod]
        public void MarkerThatDoesNotMatchIsUndone()
        {
            // A torn marker (half the hex digits) must not commit the new file.
            SimulatedFlash flash = StoreTexts.Volume(StoreTexts.Old, null);
            byte[] fresh = StoreTexts.Bytes(StoreTexts.New);
            flash.Put(ConfigStore.NewName, fresh);
            byte[] digest = ConfigStore.ComputeDigest(fresh, 0, fresh.Length);
            flash.Put(ConfigStore.MarkerName, Encoding.UTF8.GetBytes(Phone.Crypto.HexText.ToLower(digest, 0, 16)));
            ConfigLoadResult r = new ConfigStore(flash).Load();
            Assert.AreEqual((int)ConfigRecovery.RolledBack, (int)r.Recovery);
            Assert.IsTrue(StoreTexts.Is(r, StoreTexts.Old));
            Assert.IsNull(flash.Peek(ConfigStore.NewName));
            Assert.IsNull(flash.Peek(ConfigStore.MarkerName));
        }
    }
}
