using System;
using System.IO;
using System.Threading;
using Phone.App;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Tools.Provision;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Power cut at every flash change of a provisioning push, through the whole app: a registered phone takes a new
    /// nf.config over its LAN endpoint (admin password), the power goes at change N, and the next boot must come up
    /// registered with either the old or the new file — the new one whenever the push was answered as stored — and
    /// never without a configuration, in setup, or faulting.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppPowerCutTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
        private const string Admin = "desk-admin-4711";
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppPowerCutTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        private string Config(string user) =>
            RigPhoneConfig.Text(_rig, "desk-" + user, user).Replace("[device]\n", "[device]\nadmin_password = " + Admin + "\n");

        private static bool RegisteredAs(VirtualPhone p, string user) =>
            AppHarness.Registered(p) && p.App.Phone.Core.Registration != null
            && p.App.Phone.Screen.Screen.Line(1).Trim() == user;

        [Fact]
        public void PowerCutAtEveryChangeOfALanPush_BootsRegisteredWithTheOldOrTheStoredFile()
        {
            int cuts = 0;
            for (int n = 1; n < 20; n++)
            {
                string volume = AppHarness.NewVolume(_rig, out string dir);
                DeviceIdentity identity = DeviceIdentity.LoadOrCreate(volume);
                File.WriteAllText(Path.Combine(volume, "nf.config"), Config("1003"));
                string pushed = Path.Combine(dir, "1002.nf.config");
                File.WriteAllText(pushed, Config("1002"));
                PowerCutFileStore store = null;
                using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, WrapFiles = f => store = new PowerCutFileStore(f) });
                try
                {
                    phone.PowerOn();
                    Assert.True(phone.WaitUntil(p => RegisteredAs(p, "1003"), Step), phone.ScreenText());
                    store.Arm(n);
                    var output = new StringWriter();
                    int exit = PushCommand.Run(new[] { "push", "--to", "https://127.0.0.1:" + phone.ProvisioningPort, "--pin", identity.Fingerprint,
                        "--admin-password", Admin, pushed }, output, output);
                    if (!store.Cut)
                    {
                        // Past the last change: the push completed, and the phone restarts into the new file by itself.
                        Assert.Equal(0, exit);
                        Assert.True(phone.WaitUntil(p => p.Boots == 2 && RegisteredAs(p, "1002"), Step), phone.ScreenText());
                        _out.WriteLine("change " + n + ": none left; " + (n - 1) + " changes per push");
                        break;
                    }

                    cuts++;
                    bool acknowledged = exit == 0;
                    phone.PowerCut();
                    store.Disarm();
                    phone.PowerOn();
                    bool asNew = phone.WaitUntil(p => RegisteredAs(p, "1002"), TimeSpan.FromSeconds(1));
                    bool either = asNew || phone.WaitUntil(p => RegisteredAs(p, "1002") || RegisteredAs(p, "1003"), Step);
                    asNew = RegisteredAs(phone, "1002");
                    _out.WriteLine("change " + n + " (" + store.CutDuring + "): push " + (acknowledged ? "answered stored" : "failed")
                        + ", boot registered as " + (asNew ? "1002 (new)" : either ? "1003 (old)" : "nothing"));
                    Assert.True(either, "after a cut at " + store.CutDuring + " the phone did not come up registered\n" + phone.ScreenText());
                    Assert.True(!acknowledged || asNew, "the push was answered as stored but the old file came back");
                    Assert.Equal(AppMode.Phone, phone.App.Mode);
                    Assert.Equal(0, phone.App.Faults);
                }
                finally
                {
                    phone.Dispose();
                    AppHarness.Delete(dir);
                }
            }

            Assert.True(cuts >= 4, "only " + cuts + " changes were cut");
        }
    }
}
