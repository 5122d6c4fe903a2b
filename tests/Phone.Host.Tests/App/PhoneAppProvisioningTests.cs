using System;
using System.IO;
using System.Linq;
using Phone.App;
using Phone.Device.Provisioning;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Tools.Provision;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// The phone app (the composition the board runs) on host drivers, from an empty flash volume to a registered
    /// phone: first boot stores the hotspot and restarts; the setup boot shows network, key, code and certificate
    /// fingerprint on the panel; `provision push` uploads nf.config with the code and the pinned fingerprint; the
    /// phone restarts into it, joins Wi-Fi and registers with a real kamailio over TLS.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppProvisioningTests
    {
        private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppProvisioningTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        [Fact]
        public void FirstBoot_SetupScreen_Push_RestartsIntoRegisteredPhone()
        {
            string dir = Path.Combine(Path.GetTempPath(), "phone-app-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            string volume = Path.Combine(dir, "I");
            Directory.CreateDirectory(volume);
            // The factory puts the LAN identity and the CA on the volume (nanoff-json --identity); no nf.config yet.
            DeviceIdentity identity = DeviceIdentity.LoadOrCreate(volume);
            File.Copy(_rig.CaPath, Path.Combine(volume, Path.GetFileName(_rig.CaPath)));
            string config = Path.Combine(dir, "1003.nf.config");
            File.WriteAllText(config, RigPhoneConfig.Text(_rig, "desk-1003", "1003"));

            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();

                // Boot 1 finds no configuration, stores the hotspot and restarts; boot 2 runs it and serves the page.
                Assert.True(phone.WaitUntil(p => p.App.Mode == AppMode.Setup && p.App.Setup?.Code != null, Wait), phone.ScreenText());
                Assert.Equal(2, phone.Boots);
                Assert.True(phone.Hotspot.IsEnabled);
                string screen = phone.ScreenText();
                _out.WriteLine(screen);
                SetupMode setup = phone.App.Setup;
                Assert.Contains("WiFi " + phone.Hotspot.Ssid, screen);
                Assert.Contains("Key " + phone.Hotspot.Password, screen);
                Assert.Contains("Code " + setup.Code, screen);
                foreach (string line in EndpointIdentity.DisplayLines(setup.Fingerprint)) Assert.Contains(line, screen);
                Assert.Equal(DeviceIdentity.NormalisePin(identity.Fingerprint), DeviceIdentity.NormalisePin(setup.Fingerprint));
                Assert.True(phone.Display.DisplayOn, "the panel was switched on");

                // The admin reads code and fingerprint off the display and pushes the file.
                var output = new StringWriter();
                var error = new StringWriter();
                int exit = PushCommand.Run(new[] { "push", "--to", "https://127.0.0.1:" + phone.ProvisioningPort, "--pin", setup.Fingerprint,
                    "--code", setup.Code, config }, output, error);
                _out.WriteLine(output.ToString() + error);
                Assert.Equal(0, exit);

                // Boot 3 switched the hotspot off and runs the phone from the stored file.
                Assert.True(phone.WaitUntil(p => p.App.Mode == AppMode.Phone
                    && AppHarness.Registered(p), Wait),
                    "not registered: " + phone.App.Phone?.Core?.LastRegistration?.Reason + "\n" + phone.ScreenText());
                Assert.Equal(3, phone.Boots);
                Assert.False(phone.Hotspot.Stored);
                Assert.False(phone.Hotspot.IsEnabled);
                Assert.Equal("RigNet", phone.Wifi.LastSsid);
                Assert.Equal(File.ReadAllBytes(config), File.ReadAllBytes(Path.Combine(volume, "nf.config")));
                Assert.Equal(0, phone.App.Faults);
                // Over TLS no SIP UDP port is opened.
                Assert.Equal(0, phone.SipUdpPort);
                _out.WriteLine(phone.ScreenText());
            }
            finally
            {
                phone.Dispose();
                try { Directory.Delete(dir, true); } catch (IOException) { }
            }
        }
    }
}
