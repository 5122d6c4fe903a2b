using System;
using Phone.App.Boot;
using Phone.App.Drivers;
using Phone.App.Net;
using Phone.App.Panel;
using Phone.Call;
using Phone.Config;
using Phone.Crypto;
using Phone.Device.Board;
using Phone.Device.Diagnostics;
using Phone.Device.Input;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Audio;
using Phone.Ui;

namespace Phone.App
{
    /// <summary>
    /// The phone: one composition of the sans-I/O core and the device logic, run on whichever drivers it is given
    /// (<see cref="PhoneDrivers"/>: the nanoFramework drivers on the board, the simulated peripherals of the virtual
    /// handset and the end-to-end tests). It owns no thread and reads no clock: the owner of the loop calls
    /// <see cref="Boot"/> once, then <see cref="Turn"/> whenever the time it returned has come or the drivers' Wake
    /// event fired (docs/firmware.md, "One app, two sets of drivers").
    /// <para>
    /// Boot: board profile from the flash volume → display and keypad → nf.config through ConfigStore (last known
    /// good; a missing or broken file is shown and leads to setup, never to a dead phone) → kernel self-tests →
    /// either the power-on hold check (configured phones), setup mode (<see cref="SetupMode"/>) or the phone
    /// (<see cref="PhoneMode"/>: Wi-Fi, SIP core, media, provisioning pull).
    /// </para>
    /// </summary>
    public sealed class PhoneApp
    {
        /// <summary>Key held at power-on for PowerOnHold.DefaultHoldMs to enter setup.</summary>
        public const PhoneKey ProvisioningKey = PhoneKey.Ok;

        private readonly PhoneDrivers _drivers;
        private readonly BootScreen _boot = new BootScreen();

        /// <summary>One writer at a time for ConfigStore: the provisioning server's thread and the loop's pull.</summary>
        private readonly object _storeLock = new object();
        private BoardSettings _board;
        private DisplayDriver _display;
        private KeypadDriver _keypad;
        private ConfigStore _store;
        private ConfigLoadResult _load;
        private HandshakeMarker _marker;
        private ICryptoKernel _kernel;
        private IAudioKernel _audioKernel;
        private KernelSelfTest _selfTest;
        private string _stalledLastBoot;
        private PowerOnHold _hold;
        private long _holdStartMs;
        private SetupMode _setup;
        private PhoneMode _phone;
        private int _row;

        public PhoneApp(PhoneDrivers drivers)
        {
            _drivers = drivers;
        }

        public AppMode Mode { get; private set; }

        /// <summary>Unexpected exceptions caught by the loop (diagnostics); the app keeps running.</summary>
        public int Faults { get; private set; }

        /// <summary>The running phone (null before the phone mode started).</summary>
        public PhoneMode Phone
        {
            get { return _phone; }
        }

        /// <summary>The setup mode (null unless the app is in it).</summary>
        public SetupMode Setup
        {
            get { return _setup; }
        }

        /// <summary>What the boot and setup screens show (the phone's own screen is PhoneMode's).</summary>
        public TextScreen BootText
        {
            get { return _boot.Screen; }
        }

        internal PhoneDrivers Drivers
        {
            get { return _drivers; }
        }

        internal ConfigStore Store
        {
            get { return _store; }
        }

        internal ConfigLoadResult Load
        {
            get { return _load; }
        }

        internal object StoreLock
        {
            get { return _storeLock; }
        }

        internal BoardSettings Board
        {
            get { return _board; }
        }

        internal DisplayDriver Display
        {
            get { return _display; }
        }

        internal KeypadDriver Keypad
        {
            get { return _keypad; }
        }

        internal HandshakeMarker Marker
        {
            get { return _marker; }
        }

        internal ICryptoKernel Kernel
        {
            get { return _kernel; }
        }

        internal IAudioKernel AudioKernel
        {
            get { return _audioKernel; }
        }

        internal KernelSelfTest SelfTest
        {
            get { return _selfTest; }
        }

        internal string StalledLastBoot
        {
            get { return _stalledLastBoot; }
        }

        internal BootScreen BootScreen
        {
            get { return _boot; }
        }

        // ================================================================ boot

        /// <summary>Power-on: everything up to the choice between hold check, setup and phone.</summary>
        public void Boot(long nowMs)
        {
            IFileStore files = _drivers.Files;
            _board = BoardSettings.Load(files);
            OpenDisplay();
            Say("Phone " + _board.Name);
            if (_board.Problem != null)
            {
                // A profile with errors is not used: its first error is shown, the built-in profile runs.
                Say(_board.Problem);
            }

            OpenKeypad();
            if (files == null)
            {
                Say("Storage I: missing");
            }

            // A handshake note left by the previous boot means it froze in that handshake (a stalled TLS server on
            // a nanoCLR without the handshake bound): say so, and hold back a pull to that server (PhoneMode).
            _marker = new HandshakeMarker(files);
            _stalledLastBoot = _marker.TakeLeftover();
            if (_stalledLastBoot != null)
            {
                Say("TLS stalled: " + _stalledLastBoot);
            }

            _store = new ConfigStore(files);
            _load = _store.Load();
            if (_load.Source == ConfigSource.Current)
            {
                Say("Config OK");
            }
            else if (_load.Source == ConfigSource.Previous)
            {
                Say("Config: last good");
                Say(_load.Message);
            }
            else
            {
                Say("No valid config");
                Say(_load.Message);
            }

            string text;
            _kernel = KernelCheck.Select(_drivers.NativeCrypto, _drivers.Clock, out _selfTest, out text);
            Say(text);
            _audioKernel = KernelCheck.SelectAudio(_drivers.NativeAudio, out text);
            Say(text);

            // A configured phone that is not already in a setup boot watches the power-on hold first; the others
            // decide at once (SetupPolicy).
            if (Configured && !_drivers.Hotspot.IsEnabled && _keypad != null)
            {
                _hold = new PowerOnHold(ProvisioningKey);
                _holdStartMs = nowMs;
                Mode = AppMode.HoldCheck;
            }
            else
            {
                Decide(false, nowMs);
            }
        }

        private bool Configured
        {
            get { return _load.Source != ConfigSource.None && _load.Config != null; }
        }

        /// <summary>
        /// Setup mode per SetupPolicy: always without a usable configuration; with one, when OK is held at power-on or
        /// the previous boot set up the hotspot — admin password only when device.admin_password is set, otherwise a
        /// factory reset (only on an explicit hold: a hotspot left over from an earlier setup is just switched off).
        /// </summary>
        private void Decide(bool held, long nowMs)
        {
            bool hotspotBoot = _drivers.Hotspot.IsEnabled;
            string admin = Configured ? _load.Config.Device.AdminPassword : null;
            SetupEntry entry = SetupPolicy.Decide(Configured, admin, held || hotspotBoot);
            if (entry == SetupEntry.FactoryReset && !held)
            {
                _setup = new SetupMode(this);
                _setup.Leave();
                return;
            }

            if (entry != SetupEntry.None)
            {
                _setup = new SetupMode(this);
                Mode = AppMode.Setup;
                _setup.Enter(entry, nowMs);
                return;
            }

            _phone = new PhoneMode(this, _load.Config, nowMs);
            Mode = AppMode.Phone;
        }

        // ================================================================ the loop

        /// <summary>
        /// One pass of the app's loop. Returns the time (ms, the clock driver's) by which the loop must call again;
        /// the drivers' Wake event may bring it earlier. Never throws: a fault is counted and the loop goes on.
        /// </summary>
        public long Turn(long nowMs)
        {
            try
            {
                switch (Mode)
                {
                    case AppMode.HoldCheck:
                        return CheckHold(nowMs);
                    case AppMode.Setup:
                        return _setup.Turn(nowMs);
                    case AppMode.Phone:
                        return _phone.Turn(nowMs);
                    default:
                        Show();
                        return nowMs + 1000;
                }
            }
            catch (Exception)
            {
                // The core is built not to throw; a fault here is a bug. Keep the phone alive and count it.
                Faults++;
                return nowMs + 50;
            }
        }

        private long CheckHold(long nowMs)
        {
            _keypad.Poll(nowMs);
            PowerOnHoldResult r = _hold.Update(_keypad.Scanner, nowMs);
            if (_hold.HeldMs(nowMs) > 0)
            {
                _boot.Line(7, "Hold OK for setup...");
                Show();
            }

            if (r == PowerOnHoldResult.Undecided && nowMs - _holdStartMs < PowerOnHold.DefaultHoldMs + 1000)
            {
                return _keypad.NextScanMs;
            }

            DrainKeys();
            Decide(r == PowerOnHoldResult.Provisioning, nowMs);
            return nowMs;
        }

        /// <summary>Reads the stored configuration again (after a factory reset emptied the volume).</summary>
        internal void ReloadConfig()
        {
            _load = _store.Load();
        }

        /// <summary>Asks the drivers for a restart; the app stops (on the board the restart does not return).</summary>
        internal void Restart()
        {
            Mode = AppMode.Halted;
            Show();
            _drivers.Restart.Restart();
        }

        /// <summary>Nothing left to run (a fault the screen explains); the app only keeps the screen.</summary>
        internal void Halt()
        {
            Mode = AppMode.Halted;
            Show();
        }

        // ================================================================ panel

        private void OpenDisplay()
        {
            BoardProfile p = _board.Profile;
            if (p.DisplaySda >= 0 && p.DisplayScl >= 0)
            {
                _drivers.Panel.Open(p.DisplayI2cBus, p.DisplaySda, p.DisplayScl, p.DisplayAddress, _board.DisplayHz);
            }

            _display = new DisplayDriver(_drivers.Panel);
            _display.Initialise();
        }

        private void OpenKeypad()
        {
            BoardProfile p = _board.Profile;
            if (_drivers.Keys == null)
            {
                Say("GPIO unavailable");
                return;
            }

            if (_board.KeyMap == null || p.KeypadRows == null || p.KeypadColumns == null)
            {
                Say("No keypad in profile");
                return;
            }

            if (!_drivers.Keys.Open(p.KeypadRows, p.KeypadColumns, p.KeypadExternalPullUps))
            {
                // A phone without keys can still take provisioning over the network and show its state.
                Say("Keypad fault");
                return;
            }

            _keypad = new KeypadDriver(_drivers.Keys, _board.KeyMap);
        }

        internal void Say(string text)
        {
            _row = _boot.Line(_row >= TextScreen.Rows ? TextScreen.Rows - 1 : _row, text);
            Show();
        }

        /// <summary>Starts the boot screen over at the top row.</summary>
        internal void ClearBoot()
        {
            _boot.Clear();
            _row = 0;
        }

        internal void Show()
        {
            if (_display != null)
            {
                _display.Show(_boot.Screen, null);
            }
        }

        internal void DrainKeys()
        {
            KeyEvent e;
            while (_keypad != null && _keypad.TryTake(out e))
            {
            }
        }
    }
}
