using System;
using System.Device.Gpio;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Phone.Audio;
using Phone.Call;
using Phone.Config;
using Phone.Crypto;
using Phone.Device.Board;
using Phone.Device.Diagnostics;
using Phone.Device.Input;
using Phone.Device.Provisioning;
using Phone.Device.Recovery;
using Phone.Device.Storage;
using Phone.Firmware.Audio;
using Phone.Firmware.Clock;
using Phone.Firmware.Display;
using Phone.Firmware.Entropy;
using Phone.Firmware.Keypad;
using Phone.Firmware.Network;
using Phone.Firmware.Provisioning;
using Phone.Firmware.Recovery;
using Phone.Firmware.Storage;
using Phone.Firmware.Wifi;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Srtp;
using Phone.Ui;

namespace Phone.Firmware.App
{
    /// <summary>
    /// The handset application: boots the hardware and the configuration, then runs the core loop on the main
    /// thread, which alone owns the sans-I/O core (docs/firmware.md, "Threads").
    /// <para>
    /// Boot: flash volume → board settings → display and keypad → nf.config through ConfigStore (last known good;
    /// a missing or broken file is shown and leads to provisioning, never to a dead phone) → crypto kernel
    /// self-test → provisioning mode (key held at power-on, no valid configuration, or a provisioning boot in
    /// progress) or normal mode: Wi-Fi with SNTP time (TLS needs the clock) → SIP core, media, provisioning
    /// pull.
    /// </para>
    /// </summary>
    public sealed class PhoneApp
    {
        /// <summary>Key held at power-on for PowerOnHold.DefaultHoldMs to enter provisioning.</summary>
        public const PhoneKey ProvisioningKey = PhoneKey.Ok;

        /// <summary>Holding OK this long opens the diagnostics screen.</summary>
        public const int DiagnosticsHoldMs = 2000;

        /// <summary>The SIP UDP port (Via, Contact, and where requests over UDP arrive).</summary>
        public const int SipPort = 5060;

        private readonly AutoResetEvent _wake = new AutoResetEvent(false);

        /// <summary>One writer at a time for ConfigStore: the provisioning server thread and the core's pull.</summary>
        private readonly object _storeLock = new object();
        private readonly BootScreen _boot = new BootScreen();
        private readonly HardwareRandomEntropy _entropy = new HardwareRandomEntropy();
        private readonly WifiStation _wifi = new WifiStation();
        private readonly MemoryWatch _memory = new MemoryWatch();
        private readonly DiagnosticsScreen _diagnostics = new DiagnosticsScreen();
        private readonly MediaSnapshot _snapshot = new MediaSnapshot();
        private FlashFileStore _files;
        private ConfigStore _store;
        private ConfigLoadResult _load;
        private PhoneConfig _config;
        private BoardSettings _board;
        private GpioController _gpio;
        private DisplayDriver _display;
        private KeypadDriver _keypad;
        private ICryptoKernel _kernel;
        private IAudioKernel _audioKernel;
        private KernelSelfTest _selfTest;
        private string _selfTestText;
        private int _row;

        // normal mode
        private NetEventQueue _events;
        private HostResolver _resolver;
        private TlsTrust _trust;
        private SipSocketTransport _sip;
        private PhoneCore _core;
        private PhoneStateMachine _machine;
        private PhoneDisplay _screen;
        private MediaEngine _media;
        private LinkSupervisor _link;
        private WifiConnectJob _wifiJob;
        private bool _wifiJoinedOnce;
        private string _coreAddress;
        private SipRegistrationEvent _seenRegistration;
        private ProvisioningPull _pull;
        private HttpsFetcher _fetcher;
        private ProvisioningServer _server;
        private bool _restartPending;
        private string _stalledLastBoot;
        private long _pullHeldUntilMs = -1;
        private bool _diagnosticsOpen;
        private long _okDownAtMs = -1;
        private long _nextSecondMs;

        /// <summary>Never returns: runs the phone until power-off or a restart.</summary>
        public void Run()
        {
            Boot();
            SetupEntry setup = SetupWanted();
            if (setup != SetupEntry.None)
            {
                RunProvisioning(setup);
            }
            else
            {
                RunPhone();
            }
        }

        // ================================================================ boot

        private void Boot()
        {
            _files = new FlashFileStore(FlashFileStore.Root);
            bool mounted = _files.WaitMounted(5000);

            _board = BoardSettings.Load(mounted ? _files : null);
            try
            {
                _gpio = new GpioController();
            }
            catch (Exception)
            {
                _gpio = null;
            }

            OpenDisplay();
            Say("Phone " + _board.Name);
            if (_board.Problem != null)
            {
                // A profile with errors is not used: its first error is shown, the built-in profile runs.
                Say(_board.Problem);
            }

            OpenKeypad();
            if (!mounted)
            {
                Say("Storage I: missing");
            }

            // A handshake note left by the previous boot means it froze in that handshake (a stalled TLS server on
            // a nanoCLR without the handshake bound): say so, and hold back a pull to that server (PullConfiguration).
            HandshakeMarker.Files = mounted ? _files : null;
            _stalledLastBoot = HandshakeMarker.TakeLeftover();
            if (_stalledLastBoot != null)
            {
                Say("TLS stalled: " + _stalledLastBoot);
            }

            _store = new ConfigStore(_files);
            _load = _store.Load();
            _config = _load.Config;
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

            _kernel = KernelCheck.Select(out _selfTest, out _selfTestText);
            Say(_selfTestText);
            string audioText;
            _audioKernel = KernelCheck.SelectAudio(out audioText);
            Say(audioText);
        }

        private void OpenDisplay()
        {
            Ssd1306Panel panel = new Ssd1306Panel();
            BoardProfile p = _board.Profile;
            if (p.DisplaySda >= 0 && p.DisplayScl >= 0)
            {
                panel.Open(p.DisplayI2cBus, p.DisplaySda, p.DisplayScl, p.DisplayAddress, _board.DisplaySpeed);
            }

            _display = new DisplayDriver(panel);
            _display.Initialise();
        }

        private void OpenKeypad()
        {
            if (_gpio == null)
            {
                Say("GPIO unavailable");
                return;
            }

            BoardProfile p = _board.Profile;
            if (_board.KeyMap == null || p.KeypadRows == null || p.KeypadColumns == null)
            {
                Say("No keypad in profile");
                return;
            }

            try
            {
                KeyMatrixPort port = new KeyMatrixPort(_gpio, p.KeypadRows, p.KeypadColumns, p.KeypadExternalPullUps);
                _keypad = new KeypadDriver(port, _board.KeyMap);
            }
            catch (Exception)
            {
                // A phone without keys can still take provisioning over the network and show its state.
                _keypad = null;
                Say("Keypad fault");
            }
        }

        /// <summary>
        /// Setup mode per SetupPolicy: always without a usable configuration; with one, when OK is held at power-on or
        /// the previous boot set up the hotspot — admin password only when device.admin_password is set, otherwise a
        /// factory reset (only on an explicit hold: a hotspot left over from an earlier setup is just switched off).
        /// </summary>
        private SetupEntry SetupWanted()
        {
            bool configured = _load.Source != ConfigSource.None && _config != null;
            string admin = configured ? _config.Device.AdminPassword : null;
            bool hotspotBoot = SoftAccessPoint.IsEnabled();
            bool held = configured && !hotspotBoot && OkHeldAtPowerOn();
            SetupEntry entry = SetupPolicy.Decide(configured, admin, held || hotspotBoot);
            if (entry == SetupEntry.FactoryReset && !held)
            {
                LeaveSetup();
            }

            return entry;
        }

        private bool OkHeldAtPowerOn()
        {
            if (_keypad == null)
            {
                return false;
            }

            PowerOnHold hold = new PowerOnHold(ProvisioningKey);
            PowerOnHoldResult r = PowerOnHoldResult.Undecided;
            long start = MonotonicClock.NowMs;
            while (r == PowerOnHoldResult.Undecided && MonotonicClock.NowMs - start < PowerOnHold.DefaultHoldMs + 1000)
            {
                long now = MonotonicClock.NowMs;
                _keypad.Poll(now);
                r = hold.Update(_keypad.Scanner, now);
                if (hold.HeldMs(now) > 0)
                {
                    _boot.Line(7, "Hold OK for setup...");
                    Show();
                }

                Thread.Sleep(KeypadDriver.ScanIntervalMs);
            }

            DrainKeys();
            return r == PowerOnHoldResult.Provisioning;
        }

        // ================================================================ provisioning mode

        private void RunProvisioning(SetupEntry entry)
        {
            _boot.Clear();
            _row = 0;
            if (entry == SetupEntry.FactoryReset)
            {
                // No admin password to ask for: whoever holds OK gets a blank phone, never the old owner's secrets.
                Say("FACTORY RESET");
                Show();
                if (!SetupPolicy.FactoryReset(_files))
                {
                    Say("Reset failed; use nanoff");
                    IdleForever();
                }

                _config = null;
                _load = _store.Load();
                entry = SetupEntry.FirstBoot;
            }

            Say("SETUP MODE");
            byte[] mac = _wifi.Mac;
            WifiStation.WarmRadio();
            string ssid = SoftApCredentials.SsidFor(mac);

            // The hotspot password is made on the boot that stores the AP configuration and kept in SetupKeyFile
            // for the boot that runs the AP (the AP starts at boot only); reading it back from the Wi-Fi
            // configuration block is not relied on. The stored Enable|AutoStart means the firmware started the AP at
            // this boot; the interface is not polled for it, so a slow AP start can never cause a restart loop.
            string password = SoftAccessPoint.IsEnabled() ? ReadSetupKey() : null;
            if (password == null)
            {
                SoftApCredentials creds = SoftApCredentials.Create(mac, _entropy);
                string error;
                WriteSetupKey(creds.Password);
                SoftAccessPoint.Configure(creds.Ssid, creds.Password, out error);
                if (error != null)
                {
                    Say(error);
                    IdleForever();
                }

                Say("Starting hotspot...");
                DeviceRestart.Now();
                IdleForever();
            }

            ProvisioningCode code = new ProvisioningCode(_entropy, ProvisioningCode.MinDigits);
            ProvisioningEndpoint endpoint = new ProvisioningEndpoint(_store, code);
            endpoint.DeviceName = _config != null ? _config.Device.Name : "phone";
            endpoint.AdminPassword = _config != null ? _config.Device.AdminPassword : null;
            endpoint.StatusText = _load.Source == ConfigSource.None ? "no valid configuration" : "setup requested";
            // A configured phone takes a new file only with its admin password (SetupPolicy); no code is shown.
            endpoint.AcceptsCode = entry == SetupEntry.FirstBoot;
            string fingerprint;
            ProvisioningServer server = new ProvisioningServer(endpoint, _storeLock, LoadEndpointIdentity(out fingerprint));
            bool serving = server.Start();

            // Eight rows: network, its key, the address, the code (or the admin hint), the certificate fingerprint.
            _boot.Clear();
            _row = 0;
            Say("WiFi " + ssid);
            Say("Key " + password);
            Say("https://" + SoftAccessPoint.Address);
            Say(endpoint.AcceptsCode ? "Code " + code.Value : "Admin password needed");
            ShowFingerprint(fingerprint);
            if (!serving)
            {
                Say(server.LastError);
            }

            while (true)
            {
                long now = MonotonicClock.NowMs;
                if (server.ConfigApplied)
                {
                    Say("Config stored");
                    Say("Restarting...");
                    Show();
                    server.Stop();
                    LeaveSetup();
                }

                KeyEvent e;
                if (_keypad != null && _keypad.Poll(now))
                {
                    while (_keypad.TryTake(out e))
                    {
                        if (e.Kind == KeyEventKind.Down && e.Key == PhoneKey.HangUp && _load.Source != ConfigSource.None)
                        {
                            // Back to the stored configuration without changes.
                            Say("Leaving setup...");
                            Show();
                            LeaveSetup();
                        }
                    }
                }

                Show();
                _wake.WaitOne(KeypadDriver.ScanIntervalMs * 5, false);
            }
        }

        /// <summary>
        /// The LAN endpoint's certificate and key (I:\prov.crt, I:\prov.key; docs/provisioning.md "HTTPS on the LAN")
        /// and its SHA-256 fingerprint for the display; null (and no server) when they are missing or unusable.
        /// </summary>
        private X509Certificate2 LoadEndpointIdentity(out string fingerprint)
        {
            fingerprint = null;
            try
            {
                byte[] cert = _files.ReadAll(SetupPolicy.EndpointCertName, 8192);
                byte[] key = _files.ReadAll(SetupPolicy.EndpointKeyName, 8192);
                if (cert == null || key == null)
                {
                    return null;
                }

                fingerprint = EndpointIdentity.Fingerprint(cert);
                if (fingerprint == null)
                {
                    return null;
                }

                // Unencrypted PEM key, as for tls.client_key; mbedTLS parses both.
                return new X509Certificate2(System.Text.Encoding.UTF8.GetString(cert, 0, cert.Length), System.Text.Encoding.UTF8.GetString(key, 0, key.Length), "");
            }
            catch (Exception)
            {
                fingerprint = null;
                return null;
            }
        }

        /// <summary>The certificate fingerprint in four lines, for `provision push --pin`.</summary>
        private void ShowFingerprint(string fingerprint)
        {
            string[] lines = EndpointIdentity.DisplayLines(fingerprint);
            if (lines.Length == 0)
            {
                Say("No TLS key: see docs");
                return;
            }

            for (int i = 0; i < lines.Length; i++)
            {
                Say(lines[i]);
            }
        }

        /// <summary>Holds the hotspot password between the boot that stores the AP and the boot that runs it.</summary>
        private const string SetupKeyFile = SetupPolicy.SetupKeyName;

        private string ReadSetupKey()
        {
            try
            {
                byte[] b = _files.ReadAll(SetupKeyFile, 64);
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
                byte[] b = System.Text.Encoding.UTF8.GetBytes(key);
                _files.Write(SetupKeyFile, b, 0, b.Length);
            }
            catch (Exception)
            {
                // Without the file the next boot makes a new password and stores the AP again.
            }
        }

        /// <summary>Switches the hotspot off for the next boot, forgets its password, restarts.</summary>
        private void LeaveSetup()
        {
            SoftAccessPoint.Disable();
            try
            {
                _files.Delete(SetupKeyFile);
            }
            catch (Exception)
            {
            }

            DeviceRestart.Now();
            IdleForever();
        }

        // ================================================================ normal mode

        private void RunPhone()
        {
            long now = MonotonicClock.NowMs;
            // One byte over the SIP bound, so that an over-limit datagram reaches the parser as over-limit (513)
            // instead of cut to exactly the bound (a wrong 400, or a truncated body taken as whole).
            _events = new NetEventQueue(8, SipLimits.MaxMessageSize + 1, _wake);
            _resolver = new HostResolver();
            _trust = TlsTrust.FromConfig(_config.Tls);
            if (_config.Sip.Transport == SipTransportKind.Tls && !_trust.IsUsable)
            {
                Say(_trust.Error);
            }

            _machine = new PhoneStateMachine(_config, now);
            _screen = new PhoneDisplay(_machine);
            _media = new MediaEngine(_kernel, _audioKernel, _entropy, PhoneCore.MaxCalls, _config.Audio.JitterMinMs, _config.Audio.JitterMaxMs,
                _board.Audio, _gpio, _config.Audio.MicGain);
            _media.SetVolume(VolumeTarget.Speaker, _config.Audio.SpeakerVolume);
            _media.SetVolume(VolumeTarget.Ring, _config.Audio.RingVolume);
            _media.Start();
            _wifiJob = new WifiConnectJob(_wifi);
            _link = new LinkSupervisor(new Random());
            _link.Start(now);
            _fetcher = new HttpsFetcher(_resolver, _trust, ConfigParser.MaxFileBytes);
            _diagnostics.SelfTest = _selfTest.State;
            _diagnostics.KernelName = _kernel.Name;
            _diagnostics.User = _config.Sip.User;
            _diagnostics.Ssid = _config.Wifi.Ssid;
            _diagnostics.Transport = TransportName(_config.Sip.Transport);
            _diagnostics.Server = _config.Sip.OutboundProxy != null ? _config.Sip.OutboundProxy : _config.Sip.Registrar;

            while (true)
            {
                try
                {
                    Turn();
                }
                catch (Exception)
                {
                    // The core is built not to throw; a fault here is a bug. Keep the phone alive and count it.
                    Faults++;
                    Thread.Sleep(50);
                }
            }
        }

        /// <summary>Unexpected exceptions caught by the core loop (diagnostics).</summary>
        public int Faults { get; private set; }

        /// <summary>One pass of the core loop: network events, keys, link, timers, actions, screen; then wait.</summary>
        private void Turn()
        {
            long now = MonotonicClock.NowMs;

            // 1. Network events into the core (bounded per pass so keys and the screen stay responsive).
            for (int i = 0; i < 16 && _sip != null; i++)
            {
                NetEvent e = _events.Peek();
                if (e == null)
                {
                    break;
                }

                _sip.Deliver(e);
                _events.Release();
                _core.AfterInput(now);
            }

            // 2. Keys.
            if (_keypad != null && _keypad.Poll(now))
            {
                KeyEvent k;
                while (_keypad.TryTake(out k))
                {
                    OnKey(k, now);
                }
            }

            LongPress(now);

            // 3. Wi-Fi and the links above it.
            Supervise(now);

            // 4. Timers of the core, then what it wants sent.
            if (_core != null)
            {
                if (now >= _core.NextDeadlineMs)
                {
                    _core.AdvanceTo(now);
                }

                _sip.Execute();
                Observe(now);
            }

            // 5. Once a second: diagnostics figures, memory, provisioning pull, pending restart.
            if (now >= _nextSecondMs)
            {
                _nextSecondMs = now + 1000;
                EverySecond(now);
            }

            // 6. The screen: only dirty rows and changed bytes go to the panel.
            if (_diagnosticsOpen)
            {
                _display.Show(_diagnostics.Screen, null);
            }
            else if (_machine != null && _core != null)
            {
                _display.Renderer.Held = _machine.State == PhoneState.Held;
                _display.Show(_screen.Screen, _screen.Icons);
            }
            else
            {
                _link.RenderStatus(_boot.Screen, 7, now);
                _display.Show(_boot.Screen, null);
            }

            // 7. Sleep until the next deadline, a network event (Wake) or the next key scan.
            long next = _keypad != null ? _keypad.NextScanMs : now + 50;
            if (_core != null && _core.NextDeadlineMs < next)
            {
                next = _core.NextDeadlineMs;
            }

            long wait = next - MonotonicClock.NowMs;
            if (wait > 0)
            {
                _wake.WaitOne(wait > 1000 ? 1000 : (int)wait, false);
            }
        }

        private void OnKey(KeyEvent k, long now)
        {
            if (k.Key == PhoneKey.Ok)
            {
                _okDownAtMs = k.Kind == KeyEventKind.Up ? -1 : (k.Kind == KeyEventKind.Down ? now : _okDownAtMs);
            }

            if (k.Kind == KeyEventKind.Up)
            {
                return;
            }

            if (_diagnosticsOpen)
            {
                _diagnostics.Press(k.Key);
                if (_diagnostics.ExitRequested)
                {
                    _diagnosticsOpen = false;
                }

                return;
            }

            if (_core != null)
            {
                _core.Press(k.Key, now);
            }
        }

        /// <summary>OK held for DiagnosticsHoldMs opens the diagnostics screen (End closes it).</summary>
        private void LongPress(long now)
        {
            if (_okDownAtMs >= 0 && now - _okDownAtMs >= DiagnosticsHoldMs && !_diagnosticsOpen)
            {
                _okDownAtMs = -1;
                _diagnosticsOpen = true;
                FillDiagnostics(now);
                _diagnostics.Open();
            }
        }

        /// <summary>Runs LinkSupervisor's actions and watches the Wi-Fi link.</summary>
        private void Supervise(long now)
        {
            if (now >= _link.NextDeadlineMs)
            {
                _link.Tick(now);
            }

            LinkAction a;
            while ((a = _link.TakeAction()) != LinkAction.None)
            {
                switch (a)
                {
                    case LinkAction.ConnectWifi:
                        if (!_wifiJob.Busy)
                        {
                            _wifiJob.Reset();
                            _wifiJob.Begin(_config.Wifi.Ssid, _config.Wifi.Password, _config.Device.Name, _wifiJoinedOnce);
                        }

                        break;
                    case LinkAction.ConnectTls:
                    case LinkAction.Register:
                        // SipRegistration opens the flow and registers by itself, with its own RFC 5626 §4.5 backoff;
                        // the supervisor only follows its progress (Observe).
                        break;
                    case LinkAction.CloseTls:
                        // The sockets fail on their own once the interface is gone, and each failure reaches the core
                        // as a flow failure; nothing is closed early so a short drop can still recover.
                        break;
                }
            }

            if (_wifiJob.IsDone)
            {
                bool ok = _wifiJob.Succeeded;
                _wifiJob.Reset();
                if (ok)
                {
                    _wifiJoinedOnce = true;
                    _link.WifiConnected(now);
                    WifiUp(now);
                }
                else
                {
                    _link.WifiFailed(now);
                    _boot.Line(6, _wifi.LastError);
                }
            }
        }

        /// <summary>Wi-Fi is up: (re)build the core when our address is new, tell the state machine.</summary>
        private void WifiUp(long now)
        {
            string address = _wifi.Address;
            if (_core == null || address != _coreAddress)
            {
                BuildCore(address, now);
            }

            _resolver.Flush();
            _core.NetworkChanged(3, now);
        }

        private void BuildCore(string address, long now)
        {
            if (_sip != null)
            {
                // A new address invalidates every flow and the Contact; calls on the old address are lost.
                _sip.StopAll();
            }

            _coreAddress = address;
            _core = new PhoneCore(_config, _entropy, address, SipPort, InstanceId(_wifi.Mac), _media, _machine, now);
            _sip = new SipSocketTransport(_core.Transport, _events, _resolver, _trust);
            _sip.Registration = _core.Registration;
            _sip.Layer = _core.Layer;
            // Over TLS every request comes on our flow to the registrar: no UDP (or TCP) SIP port is opened, so
            // nobody can ring the phone past TLS (security finding 2). Over UDP/TCP the socket is filtered by the core.
            if (_config.Sip.Transport != SipTransportKind.Tls && !_sip.Start(SipPort))
            {
                _boot.Line(6, _sip.LastFailure);
            }

            _core.Start(now);
            _sip.Execute();
            if (_pull == null)
            {
                _pull = new ProvisioningPull(_store, _entropy, _config.Provisioning.Url, _config.Provisioning.Interval, _wifi.Mac, now);
                if (_stalledLastBoot != null && _stalledLastBoot.IndexOf(HandshakeMarker.ProvisioningPrefix) == 0)
                {
                    // The last boot froze in the pull's handshake: wait one interval before going there again.
                    _pullHeldUntilMs = now + (long)_config.Provisioning.Interval * 1000;
                }
            }

            if (_server == null)
            {
                // On the LAN the endpoint only accepts the admin password (Basic); the one-time code is never shown
                // in normal mode.
                ProvisioningEndpoint endpoint = new ProvisioningEndpoint(_store, new ProvisioningCode(_entropy, ProvisioningCode.MaxDigits));
                endpoint.DeviceName = _config.Device.Name;
                endpoint.AdminPassword = _config.Device.AdminPassword;
                endpoint.StatusText = "running";
                endpoint.AcceptsCode = false;
                if (_config.Device.AdminPassword != null)
                {
                    string fingerprint;
                    _server = new ProvisioningServer(endpoint, _storeLock, LoadEndpointIdentity(out fingerprint));
                    if (!_server.Start())
                    {
                        _boot.Line(6, _server.LastError);
                    }
                }
            }
        }

        /// <summary>Follows registration changes into the LinkSupervisor (status line, outage count).</summary>
        private void Observe(long now)
        {
            SipRegistrationEvent e = _core.LastRegistration;
            if (e == null || e == _seenRegistration)
            {
                return;
            }

            _seenRegistration = e;
            if (e.State == RegistrationState.Registered)
            {
                _link.TlsConnected(now);
                _link.Registered(now);
            }
            else if (e.State == RegistrationState.Failed)
            {
                if (_link.Phase == LinkPhase.TlsConnecting)
                {
                    _link.TlsFailed(now);
                }
                else if (_link.Phase == LinkPhase.Ready)
                {
                    _link.TlsClosed(now);
                }
                else
                {
                    _link.RegistrationFailed(now);
                }
            }
        }

        private void EverySecond(long now)
        {
            // Wi-Fi lost: the automatic rejoin of the firmware may repair it; the supervisor retries if not.
            if (_wifiJoinedOnce && !_wifiJob.Busy && _link.Phase != LinkPhase.WifiWaiting &&
                _link.Phase != LinkPhase.WifiConnecting && !_wifi.IsUp)
            {
                _link.WifiLost(now);
                if (_core != null)
                {
                    _core.NetworkChanged(0, now);
                }
            }

            _memory.Sample();
            if (_diagnosticsOpen)
            {
                FillDiagnostics(now);
                _diagnostics.Render();
            }

            PullConfiguration(now);
            if (_server != null && _server.ConfigApplied)
            {
                _restartPending = true;
            }

            if (_restartPending && _core != null && _core.Agent.ActiveCalls == 0)
            {
                // A new nf.config was stored: unregister, give the REGISTER a moment to leave, restart into it.
                _core.Shutdown(now);
                _sip.Execute();
                Thread.Sleep(1000);
                DeviceRestart.Now();
            }
        }

        /// <summary>provisioning.url: one fetch at a time, never during a call (the TLS handshake stalls audio).</summary>
        private void PullConfiguration(long now)
        {
            if (_pull == null)
            {
                return;
            }

            if (_fetcher.IsDone)
            {
                if (_fetcher.Succeeded)
                {
                    PullOutcome outcome;
                    lock (_storeLock)
                    {
                        outcome = _pull.OnFetched(_fetcher.Body, _fetcher.BodyOffset, _fetcher.BodyCount, now);
                    }

                    if (outcome == PullOutcome.Applied)
                    {
                        _restartPending = true;
                    }
                }
                else
                {
                    _pull.OnFetchFailed(now);
                }

                _fetcher.Reset();
                return;
            }

            if (_fetcher.Busy || _core == null || _core.Agent.ActiveCalls > 0 || !_wifi.IsUp || now < _pullHeldUntilMs)
            {
                return;
            }

            string url = _pull.Poll(now);
            if (url != null)
            {
                _fetcher.Begin(url);
            }
        }

        private void FillDiagnostics(long now)
        {
            DiagnosticsScreen d = _diagnostics;
            d.IpAddress = _wifi.Address;
            d.Outages = _link.Outages;
            d.LinkState = _wifi.IsUp ? (_link.Online ? "online" : "Wi-Fi up") : "Wi-Fi down";
            SipRegistrationEvent e = _core != null ? _core.LastRegistration : null;
            if (e != null)
            {
                d.Registration = e.State;
                d.RegistrationStatus = e.Status;
                d.RegistrationReason = e.Reason;
                d.ExpiresInSeconds = e.State == RegistrationState.Registered
                    ? (int)(e.ExpiresSeconds - (now - e.AtMs) / 1000)
                    : -1;
            }

            if (_core != null)
            {
                d.ForeignChallenges = _core.Agent.ForeignChallenges;
                d.ForeignRequests = _core.Layer.ForeignRequests;
                d.RateLimited = _core.Layer.RateLimited;
                d.PoolFull = _core.Layer.TableFullRejects;
                d.MalformedRequests = _core.Policy.MalformedDropped;
            }

            CallLeg leg = _machine != null ? _machine.Current : null;
            if (leg != null && _media.ReadStatistics(leg.Id, _snapshot))
            {
                d.SrtpActive = _snapshot.Secure;
                d.Suite = _snapshot.Suite;
                d.Codec = _snapshot.Codec;
                d.AuthFailures = _snapshot.AuthenticationFailures;
                d.ReplayDrops = _snapshot.Replays;
                d.RtcpAuthFailures = _snapshot.RtcpAuthenticationFailures;
                d.ShortRtcpTags = _snapshot.ShortRtcpTags;
                d.Unprotected = _snapshot.UnprotectedDropped;
                d.Malformed = _snapshot.Malformed;
                d.UnknownSsrc = _snapshot.WrongSsrc;
                d.PacketsSent = _snapshot.PacketsSent;
                d.PacketsReceived = _snapshot.PacketsReceived;
                d.PacketsLost = _snapshot.PacketsLost;
                d.LateFrames = _snapshot.LateFrames;
                d.RoundTripMs = _snapshot.RoundTripMs;
                d.LossPermille = _snapshot.LossPermille;
                d.JitterMs = _snapshot.JitterMs;
                d.ConcealedFrames = _snapshot.ConcealedFrames;
            }
            else
            {
                d.SrtpActive = false;
            }

            d.PlaybackUnderruns = _media.Cadence.PlaybackUnderruns;
            d.CaptureOverruns = _media.Cadence.CaptureOverruns;
            // During and after calls the measured media path; before the first call the boot self-test's figure.
            d.ProtectMicros = _media.ProtectCost.Count > 0 ? _media.ProtectCost.MeanUs
                : (_selfTest.ProtectMicroseconds >= 0 ? (int)_selfTest.ProtectMicroseconds : -1);
            d.UnprotectMicros = _media.UnprotectCost.Count > 0 ? _media.UnprotectCost.MeanUs : -1;
            d.NativeFreeBytes = _memory.Known ? (int)_memory.FreeBytes : -1;
            d.NativeLargestBlock = _memory.Known ? (int)_memory.LargestFreeBlock : -1;
        }

        // ================================================================ helpers

        private void Say(string text)
        {
            _row = _boot.Line(_row >= TextScreen.Rows ? TextScreen.Rows - 1 : _row, text);
            Show();
        }

        private void Show()
        {
            if (_display != null)
            {
                _display.Show(_boot.Screen, null);
            }
        }

        private void DrainKeys()
        {
            KeyEvent e;
            while (_keypad != null && _keypad.TryTake(out e))
            {
            }
        }

        private void IdleForever()
        {
            while (true)
            {
                Show();
                Thread.Sleep(1000);
            }
        }

        /// <summary>
        /// RFC 5626 §4.1 wants a stable instance id: a UUID whose node field is the station MAC (the layout of an
        /// RFC 4122 §4.1.6 version-1 UUID with zero time fields), so it survives reboots and re-provisioning.
        /// </summary>
        private static string InstanceId(byte[] mac)
        {
            string node = mac != null && mac.Length >= 6 ? HexText.ToLower(mac, 0, 6) : "000000000000";
            return "00000000-0000-1000-8000-" + node;
        }

        private static string TransportName(SipTransportKind kind)
        {
            switch (kind)
            {
                case SipTransportKind.Tls: return "TLS";
                case SipTransportKind.Tcp: return "TCP";
                default: return "UDP";
            }
        }
    }
}
