using System.Text;
using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Tests.Device.Storage;

namespace Phone.Tests.Device.Provisioning
{
    /// <summary>
    /// Security finding 4, item 3 (setup mode on a configured phone needs the admin password, or is a factory reset
    /// that erases the secrets first) and item 5 (rollback protection with [provisioning] version).
    /// </summary>
    [TestClass]
    public class SetupAndVersionTests
    {
        // base64("admin:open sesame"), computed outside this code base.
        const string Admin = "Authorization: Basic YWRtaW46b3BlbiBzZXNhbWU=\r\n";

        static string Versioned(string user, int version)
        {
            return VersionText(user, version.ToString());
        }

        static string VersionText(string user, string version)
        {
            return "[wifi]\nssid = Net\n[tls]\nca = I:\\ca.pem\n[sip]\ndomain = example.com\nuser = " + user + "\npassword = pw\n"
                + "[device]\nadmin_password = open sesame\n[provisioning]\nversion = " + version + "\n";
        }

        static ConfigStore Booted(SimulatedFlash flash)
        {
            ConfigStore store = new ConfigStore(flash);
            store.Load();
            return store;
        }

        static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        // ------------------------------------------------------------ item 3: setup mode

        [TestMethod]
        public void SetupEntryDependsOnConfigurationAndAdminPassword()
        {
            Assert.AreEqual((int)SetupEntry.FirstBoot, (int)SetupPolicy.Decide(false, null, false));
            Assert.AreEqual((int)SetupEntry.FirstBoot, (int)SetupPolicy.Decide(false, "secret12", true));
            Assert.AreEqual((int)SetupEntry.None, (int)SetupPolicy.Decide(true, "secret12", false));
            Assert.AreEqual((int)SetupEntry.AdminOnly, (int)SetupPolicy.Decide(true, "secret12", true));
            Assert.AreEqual((int)SetupEntry.FactoryReset, (int)SetupPolicy.Decide(true, null, true));
            Assert.AreEqual((int)SetupEntry.FactoryReset, (int)SetupPolicy.Decide(true, string.Empty, true));
        }

        [TestMethod]
        public void ConfiguredSetupRefusesTheDisplayCodeButTakesTheAdminPassword()
        {
            EndpointFixture f = new EndpointFixture();
            f.Endpoint.AdminPassword = "open sesame";
            f.Endpoint.AcceptsCode = false;
            string r = f.From("192.168.4.2", EndpointFixture.Post("X-Phone-Code: " + EndpointFixture.FirstCode + "\r\n", StoreTexts.New), 0);
            Assert.AreEqual(401, EndpointFixture.Status(r));
            f.Unchanged();
            Assert.AreEqual(1, f.Endpoint.Limiter.FailuresOf("192.168.4.2"), "the code counts as a wrong credential");
            Assert.AreEqual(200, EndpointFixture.Status(f.From("192.168.4.2", EndpointFixture.Post(Admin, StoreTexts.New), 0)));
            Assert.DoesNotContains("X-Phone-Code", EndpointFixture.Body(f.From("192.168.4.2", "GET / HTTP/1.1\r\nHost: p\r\n\r\n", 0)));
        }

        [TestMethod]
        public void FactoryResetErasesConfigurationJournalVersionAndKeys()
        {
            SimulatedFlash flash = StoreTexts.Volume(Versioned("100", 3), StoreTexts.Prev);
            for (int i = 0; i < SetupPolicy.SecretFiles.Length; i++)
            {
                if (!flash.Exists(SetupPolicy.SecretFiles[i]))
                {
                    flash.Put(SetupPolicy.SecretFiles[i], Bytes("secret"));
                }
            }

            flash.Put("ca.pem", Bytes("not a secret"));
            Assert.IsTrue(SetupPolicy.FactoryReset(flash));
            for (int i = 0; i < SetupPolicy.SecretFiles.Length; i++)
            {
                Assert.IsFalse(flash.Exists(SetupPolicy.SecretFiles[i]), SetupPolicy.SecretFiles[i]);
            }

            ConfigStore store = new ConfigStore(flash);
            Assert.AreEqual((int)ConfigSource.None, (int)store.Load().Source);
            Assert.AreEqual(0, store.HighestVersion);
        }

        // ------------------------------------------------------------ item 5: versions

        [TestMethod]
        public void VersionIsParsedAndValidated()
        {
            Assert.AreEqual(7, StoreTexts.Parse(Versioned("1", 7)).Config.Provisioning.Version);
            Assert.AreEqual(0, StoreTexts.Parse(StoreTexts.Old).Config.Provisioning.Version);
            Assert.IsFalse(StoreTexts.Parse(VersionText("1", "-1")).IsValid);
            Assert.IsFalse(StoreTexts.Parse(VersionText("1", "1.5")).IsValid);
            Assert.IsFalse(StoreTexts.Parse(VersionText("1", "1000000000")).IsValid);
        }

        [TestMethod]
        public void OlderVersionIsRefusedNewerAndEqualAreStored()
        {
            SimulatedFlash flash = StoreTexts.Volume(Versioned("100", 5), null);
            ConfigStore store = Booted(flash);
            Assert.AreEqual(5, store.HighestVersion);

            byte[] older = Bytes(Versioned("200", 4));
            ConfigUpdateResult r = store.Update(older, 0, older.Length);
            Assert.AreEqual((int)ConfigUpdateStatus.Downgrade, (int)r.Status);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, Versioned("100", 5));

            byte[] same = Bytes(Versioned("300", 5));
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)store.Update(same, 0, same.Length).Status);
            byte[] newer = Bytes(Versioned("400", 9));
            Assert.AreEqual((int)ConfigUpdateStatus.Applied, (int)store.Update(newer, 0, newer.Length).Status);
            Assert.AreEqual(9, store.HighestVersion);
            StoreTexts.FileIs(flash, ConfigStore.VersionName, "9");

            // The previous file (version 5) is still on the volume, yet it may not come back by push or pull.
            Assert.AreEqual((int)ConfigUpdateStatus.Downgrade, (int)store.Update(same, 0, same.Length).Status);
            // After a restart too: the stored highest version counts, not only the running file's.
            ConfigStore rebooted = Booted(flash);
            Assert.AreEqual(9, rebooted.HighestVersion);
            Assert.AreEqual((int)ConfigUpdateStatus.Downgrade, (int)rebooted.Update(same, 0, same.Length).Status);
        }

        [TestMethod]
        public void UnversionedFileCountsAsZeroOnceAVersionWasAccepted()
        {
            ConfigStore store = Booted(StoreTexts.Volume(Versioned("100", 1), null));
            byte[] plain = Bytes(StoreTexts.New);
            Assert.AreEqual((int)ConfigUpdateStatus.Downgrade, (int)store.Update(plain, 0, plain.Length).Status);
        }

        [TestMethod]
        public void LostVersionFileFallsBackToTheRunningFilesVersion()
        {
            SimulatedFlash flash = StoreTexts.Volume(Versioned("100", 6), null);
            flash.Put(ConfigStore.VersionName, Bytes("2"));
            ConfigStore store = Booted(flash);
            Assert.AreEqual(6, store.HighestVersion);
            flash.Put(ConfigStore.VersionName, Bytes("8x"));
            Assert.AreEqual(6, Booted(flash).HighestVersion);
        }

        [TestMethod]
        public void PushOfAnOlderFileIs409UnlessTheAdminForcesIt()
        {
            SimulatedFlash flash = StoreTexts.Volume(Versioned("100", 5), null);
            ConfigStore store = Booted(flash);
            ProvisioningEndpoint endpoint = new ProvisioningEndpoint(store, new ProvisioningCode(new ScriptedEntropy(new byte[] { 1, 2, 3, 4, 5, 6 }), 6));
            endpoint.AdminPassword = "open sesame";
            string older = Versioned("200", 4);

            Assert.AreEqual(409, Send(endpoint, EndpointFixture.Post(Admin, older)));
            // The code never forces a downgrade.
            Assert.AreEqual(409, Send(endpoint, EndpointFixture.Post("X-Phone-Force-Downgrade: 1\r\nX-Phone-Code: 123456\r\n", older)));
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, Versioned("100", 5));

            Assert.AreEqual(200, Send(endpoint, EndpointFixture.Post("X-Phone-Force-Downgrade: 1\r\n" + Admin, older)));
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, older);
            Assert.AreEqual(4, store.HighestVersion);
            StoreTexts.FileIs(flash, ConfigStore.VersionName, "4");
        }

        [TestMethod]
        public void PulledOlderFileIsRefused()
        {
            SimulatedFlash flash = StoreTexts.Volume(Versioned("100", 5), null);
            ConfigStore store = Booted(flash);
            ProvisioningPull pull = new ProvisioningPull(store, new ScriptedEntropy(new byte[] { 0 }), "https://p.example/{mac}", 3600, new byte[6], 0);
            byte[] older = Bytes(Versioned("200", 3));
            Assert.AreEqual((int)PullOutcome.Downgrade, (int)pull.OnFetched(older, 0, older.Length, 0));
            Assert.AreEqual(1, pull.ConsecutiveFailures);
            Assert.AreEqual(1, pull.LastErrors.Length);
            StoreTexts.FileIs(flash, ConfigStore.CurrentName, Versioned("100", 5));
            byte[] newer = Bytes(Versioned("200", 6));
            Assert.AreEqual((int)PullOutcome.Applied, (int)pull.OnFetched(newer, 0, newer.Length, 0));
        }

        static int Send(ProvisioningEndpoint endpoint, string request)
        {
            byte[] b = Bytes(request);
            ProvisioningConnection c = endpoint.Accept("192.168.1.10", 0);
            c.Receive(b, 0, b.Length, 0);
            Assert.IsTrue(c.IsComplete);
            return c.Response.Status;
        }
    }
}
