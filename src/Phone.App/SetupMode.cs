using System;
using Phone.App.Drivers;
using Phone.Call;
using Phone.Device.Input;
using Phone.Device.Provisioning;
using Phone.Device.Storage;

namespace Phone.App
{
    /// <summary>
    /// Setup: the hotspot with its password, the provisioning page over HTTPS with a one-time code (first boot) or the
    /// admin password, and the certificate fingerprint on the screen (docs/provisioning.md). A stored file restarts
    /// the phone into it; End leaves setup when a configuration exists.
    /// <para>
    /// The ESP32 starts its access point at boot only: the boot that enters setup stores the hotspot with a new
    /// password (kept in SetupPolicy.SetupKeyName for the next boot) and restarts; the boot that finds the hotspot
    /// running serves the page. The password is never read back from the Wi-Fi configuration block.
    /// </para>
    /// </summary>
    public sealed class SetupMode
    {
        /// <summary>How often the screen and keys are looked at while nothing else happens.</summary>
        public const int PollMs = 50;

        private readonly PhoneApp _app;
        private ProvisioningEndpoint _endpoint;
        private ProvisioningCode _code;

        internal SetupMode(PhoneApp app)
        {
            _app = app;
        }

        /// <summary>The one-time code shown on the screen (null when setup asks for the admin password).</summary>
        public string Code
        {
            get { return _endpoint != null && _endpoint.AcceptsCode ? _code.Value : null; }
        }

        /// <summary>The hotspot's name shown on the screen (null before the hotspot runs).</summary>
        public string Ssid { get; private set; }

        /// <summary>The hotspot's password shown on the screen (null before the hotspot runs).</summary>
        public string Password { get; private set; }

        /// <summary>The provisioning certificate's SHA-256 fingerprint shown on the screen, or null.</summary>
        public string Fingerprint { get; private set; }

        internal void Enter(SetupEntry entry, long nowMs)
        {
            PhoneDrivers d = _app.Drivers;
            _app.ClearBoot();
            if (entry == SetupEntry.FactoryReset)
            {
                // No admin password to ask for: whoever holds OK gets a blank phone, never the old owner's secrets.
                _app.Say("FACTORY RESET");
                if (!SetupPolicy.FactoryReset(d.Files))
                {
                    _app.Say("Reset failed; use nanoff");
                    _app.Halt();
                    return;
                }

                _app.ReloadConfig();
                entry = SetupEntry.FirstBoot;
            }

            _app.Say("SETUP MODE");
            byte[] mac = d.Wifi.Mac;
            d.Wifi.WarmRadio();
            string ssid = SoftApCredentials.SsidFor(mac);
            string password = d.Hotspot.IsEnabled ? ReadSetupKey() : null;
            if (password == null)
            {
                SoftApCredentials creds = SoftApCredentials.Create(mac, d.Entropy);
                string error;
                WriteSetupKey(creds.Password);
                if (!d.Hotspot.Configure(creds.Ssid, creds.Password, out error))
                {
                    _app.Say(error);
                    _app.Halt();
                    return;
                }

                _app.Say("Starting hotspot...");
                _app.Restart();
                return;
            }

            Ssid = ssid;
            Password = password;
            bool configured = _app.Load.Source != ConfigSource.None && _app.Load.Config != null;
            _code = new ProvisioningCode(d.Entropy, ProvisioningCode.MinDigits);
            _endpoint = new ProvisioningEndpoint(_app.Store, _code);
            _endpoint.DeviceName = configured ? _app.Load.Config.Device.Name : "phone";
            _endpoint.AdminPassword = configured ? _app.Load.Config.Device.AdminPassword : null;
            _endpoint.StatusText = _app.Load.Source == ConfigSource.None ? "no valid configuration" : "setup requested";
            // A configured phone takes a new file only with its admin password (SetupPolicy); no code is shown.
            _endpoint.AcceptsCode = entry == SetupEntry.FirstBoot;
            byte[] cert;
            byte[] key;
            Fingerprint = EndpointIdentityFiles.Read(d.Files, out cert, out key);
            bool serving = cert != null && d.Provisioning.Start(_endpoint, _app.StoreLock, cert, key);

            // Eight rows: network, its key, the address, the code (or the admin hint), the certificate fingerprint.
            _app.ClearBoot();
            _app.Say("WiFi " + ssid);
            _app.Say("Key " + password);
            _app.Say("https://" + d.Hotspot.Address);
            _app.Say(_endpoint.AcceptsCode ? "Code " + _code.Value : "Admin password needed");
            string[] lines = EndpointIdentity.DisplayLines(Fingerprint);
            if (lines.Length == 0)
            {
                _app.Say("No TLS key: see docs");
            }

            for (int i = 0; i < lines.Length; i++)
            {
                _app.Say(lines[i]);
            }

            if (cert != null && !serving)
            {
                _app.Say(d.Provisioning.LastError);
            }
        }

        internal long Turn(long nowMs)
        {
            PhoneDrivers d = _app.Drivers;
            if (d.Provisioning.ConfigApplied)
            {
                _app.Say("Config stored");
                _app.Say("Restarting...");
                d.Provisioning.Stop();
                Leave();
                return nowMs + 1000;
            }

            if (_app.Keypad != null && _app.Keypad.Poll(nowMs))
            {
                KeyEvent e;
                while (_app.Keypad.TryTake(out e))
                {
                    if (e.Kind == KeyEventKind.Down && e.Key == PhoneKey.HangUp && _app.Load.Source != ConfigSource.None)
                    {
                        // Back to the stored configuration without changes.
                        _app.Say("Leaving setup...");
                        d.Provisioning.Stop();
                        Leave();
                        return nowMs + 1000;
                    }
                }
            }

            _app.Show();
            long next = _app.Keypad != null ? _app.Keypad.NextScanMs : nowMs + PollMs;
            return next < nowMs + PollMs ? next : nowMs + PollMs;
        }

        /// <summary>Switches the hotspot off for the next boot, forgets its password, restarts.</summary>
        internal void Leave()
        {
            PhoneDrivers d = _app.Drivers;
            d.Hotspot.Disable();
            try
            {
                if (d.Files != null)
                {
                    d.Files.Delete(SetupPolicy.SetupKeyName);
                }
            }
            catch (Exception)
            {
            }

            _app.Restart();
        }

        private string ReadSetupKey()
        {
            try
            {
                IFileStore files = _app.Drivers.Files;
                byte[] b = files == null ? null : files.ReadAll(SetupPolicy.SetupKeyName, 64);
                if (b == null || b.Length == 0)
                {
                    return null;
                }

                // A NUL (e.g. flash damage) would cut the key short on the device: treat the file as missing.
                for (int i = 0; i < b.Length; i++)
                {
                    if (b[i] == 0)
                    {
                        return null;
                    }
                }

                return System.Text.Encoding.UTF8.GetString(b, 0, b.Length);
            }
            catch (Exception)
            {
                return null;
            }
        }

        private void WriteSetupKey(string key)
        {
            try
            {
                IFileStore files = _app.Drivers.Files;
                if (files != null)
                {
                    byte[] b = System.Text.Encoding.UTF8.GetBytes(key);
                    files.Write(SetupPolicy.SetupKeyName, b, 0, b.Length);
                }
            }
            catch (Exception)
            {
                // Without the file the next boot makes a new password and stores the AP again.
            }
        }
    }
}
