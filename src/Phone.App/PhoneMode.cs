using System;
using Phone.App.Core;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.App.Net;
using Phone.Crypto;
using Phone.Call;
using Phone.Config;
using Phone.Device.Diagnostics;
using Phone.Device.Input;
using Phone.Device.Provisioning;
using Phone.Device.Recovery;
using Phone.Device.Storage;
using Phone.Sip;
using Phone.Sip.Dns;
using Phone.Sip.Registration;
using Phone.Sip.Transport;
using Phone.Ui;

namespace Phone.App
{
    /// <summary>
    /// The phone in normal operation: Wi-Fi (LinkSupervisor), the SIP core and its network (PhoneCore, SipNetwork),
    /// media (MediaEngine, run by the owner's media thread), keys, the screen, diagnostics, the provisioning pull and
    /// the LAN provisioning endpoint. Each <see cref="Turn"/> takes in network events, keys, link changes and timers,
    /// executes what the core wants sent and redraws what changed; it never waits.
    /// </summary>
    public sealed class PhoneMode
    {
        /// <summary>Holding OK this long opens the diagnostics screen.</summary>
        public const int DiagnosticsHoldMs = 2000;

        /// <summary>The SIP UDP port (Via, Contact, and where requests over UDP arrive).</summary>
        public const int SipPort = 5060;

        /// <summary>Calls the history keeps, on screen and on flash.</summary>
        public const int HistoryCapacity = 20;

        /// <summary>Network events taken into the core per pass, so keys and the screen stay responsive under a flood.</summary>
        public const int EventsPerTurn = 16;

        private readonly PhoneApp _app;
        private readonly PhoneDrivers _d;
        private readonly PhoneConfig _config;
        private readonly NetEventQueue _events;
        private readonly PhoneStateMachine _machine;
        private readonly PhoneDisplay _screen;
        private readonly MediaEngine _media;
        private readonly LinkSupervisor _link;
        private readonly DiagnosticsScreen _diagnostics = new DiagnosticsScreen();
        private readonly MediaSnapshot _snapshot = new MediaSnapshot();
        private readonly HistoryStore _history;
        private int _savedHistory;
        private PhoneCore _core;
        private SipNetwork _sip;
        private string _coreAddress;
        private bool _startPending;
        private bool _wifiJoinedOnce;
        private SipRegistrationEvent _seenRegistration;
        private ProvisioningPull _pull;
        private bool _serverStarted;
        private bool _restartPending;
        private long _pullHeldUntilMs = -1;
        private bool _diagnosticsOpen;
        private long _okDownAtMs = -1;
        private long _nextSecondMs;

        internal PhoneMode(PhoneApp app, PhoneConfig config, long nowMs)
        {
            _app = app;
            _d = app.Drivers;
            _config = config;
            // One byte over the SIP bound, so that an over-limit datagram reaches the parser as over-limit (513)
            // instead of cut to exactly the bound (a wrong 400, or a truncated body taken as whole).
            _events = new NetEventQueue(8, SipLimits.MaxMessageSize + 1, _d.Wake);
            _d.Sip.Attach(_events, app.Marker);
            string tlsError = _d.Sip.UseTls(config.Tls);
            if (config.Sip.Transport == SipTransportKind.Tls && tlsError != null)
            {
                app.Say(tlsError);
            }

            _d.Fetcher.UseTls(config.Tls, app.Marker);
            _machine = new PhoneStateMachine(config, HistoryCapacity, nowMs);
            // The history of the last run comes back from flash; its missed calls were seen or not, nobody knows.
            _history = new HistoryStore(_d.Files, HistoryCapacity);
            lock (app.StoreLock)
            {
                _history.Load(_machine.History, nowMs);
            }

            _machine.History.MarkSeen();
            _savedHistory = _machine.History.Changes;
            _screen = new PhoneDisplay(_machine);
            _media = new MediaEngine(app.Kernel, app.AudioKernel, _d, config.Audio.JitterMinMs, config.Audio.JitterMaxMs,
                app.Board.Audio, config.Audio.MicGain);
            _media.SetVolume(VolumeTarget.Speaker, config.Audio.SpeakerVolume);
            _media.SetVolume(VolumeTarget.Ring, config.Audio.RingVolume);
            _media.SetSilenceSuppression(config.Audio.SilenceSuppression);
            _link = new LinkSupervisor(new Random(Seed(_d)));
            _link.Start(nowMs);
            _diagnostics.SelfTest = app.SelfTest.State;
            _diagnostics.KernelName = app.Kernel.Name;
            _diagnostics.User = config.Sip.User;
            _diagnostics.Ssid = config.Wifi.Ssid;
            _diagnostics.Transport = TransportName(config.Sip.Transport);
            _diagnostics.Server = config.Sip.OutboundProxy != null ? config.Sip.OutboundProxy : config.Sip.Registrar;
        }

        /// <summary>The call and display state machine.</summary>
        public PhoneStateMachine Machine
        {
            get { return _machine; }
        }

        /// <summary>The SIP core (null until Wi-Fi first came up).</summary>
        public PhoneCore Core
        {
            get { return _core; }
        }

        /// <summary>The media engine; its owner runs Step/Idle on the media thread.</summary>
        public MediaEngine Media
        {
            get { return _media; }
        }

        /// <summary>The phone's screen model (what the panel shows outside diagnostics).</summary>
        public PhoneDisplay Screen
        {
            get { return _screen; }
        }

        public LinkSupervisor Link
        {
            get { return _link; }
        }

        public bool DiagnosticsOpen
        {
            get { return _diagnosticsOpen; }
        }

        public DiagnosticsScreen Diagnostics
        {
            get { return _diagnostics; }
        }

        /// <summary>The network events dropped because the core fell behind (a flood).</summary>
        public int DroppedEvents
        {
            get { return _events.DroppedDatagrams; }
        }

        /// <summary>A new configuration is stored and the phone restarts into it once no call is up.</summary>
        public bool RestartPending
        {
            get { return _restartPending; }
        }

        /// <summary>One pass: network events, keys, link, timers, what the core sends, once-a-second work, the screen.</summary>
        internal long Turn(long now)
        {
            // 1. Network events into the core (bounded per pass so keys and the screen stay responsive).
            for (int i = 0; i < EventsPerTurn && _sip != null; i++)
            {
                NetEvent e = _events.Peek();
                if (e == null)
                {
                    break;
                }

                _sip.Deliver(e, now);
                _events.Release();
                _core.AfterInput(now);
            }

            // 2. Keys.
            KeypadDriverPoll(now);
            LongPress(now);

            // 3. Wi-Fi and the links above it.
            Supervise(now);

            // 4. Timers of the core, then what it wants sent.
            if (_core != null)
            {
                if (_startPending && !_sip.Locating)
                {
                    _startPending = false;
                    _core.Start(now);
                }

                if (now >= _core.NextDeadlineMs)
                {
                    _core.AdvanceTo(now);
                }

                _sip.Execute(now);
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
                _app.Display.Show(_diagnostics.Screen, null);
            }
            else if (_core != null)
            {
                _app.Display.Renderer.Held = _machine.State == PhoneState.Held;
                _app.Display.Show(_screen.Screen, _screen.Icons);
            }
            else
            {
                _link.RenderStatus(_app.BootText, 7, now);
                _app.Show();
            }

            // 7. The next time anything is due: a key scan, a core deadline, the link, the once-a-second work.
            long next = _app.Keypad != null ? _app.Keypad.NextScanMs : now + 50;
            next = Min(next, _nextSecondMs);
            next = Min(next, _link.NextDeadlineMs);
            if (_core != null)
            {
                next = Min(next, _core.NextDeadlineMs);
                next = Min(next, _sip.NextDeadlineMs);
            }

            if (_d.Wifi.Busy)
            {
                next = Min(next, now + 100);
            }

            return next < now ? now : next;
        }

        // ================================================================ keys

        private void KeypadDriverPoll(long now)
        {
            if (_app.Keypad == null || !_app.Keypad.Poll(now))
            {
                return;
            }

            KeyEvent k;
            while (_app.Keypad.TryTake(out k))
            {
                OnKey(k, now);
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

        // ================================================================ link

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
                // ConnectTls and Register need nothing here: SipRegistration opens its flow and registers by itself,
                // with its own RFC 5626 §4.5 backoff, and the supervisor follows its progress (Observe). CloseTls
                // neither: the sockets fail on their own once the interface is gone, and a short drop can recover.
                if (a == LinkAction.ConnectWifi && !_d.Wifi.Busy)
                {
                    _d.Wifi.Reset();
                    _d.Wifi.Begin(_config.Wifi.Ssid, _config.Wifi.Password, _config.Device.Name, _wifiJoinedOnce);
                }
            }

            if (_d.Wifi.IsDone)
            {
                bool ok = _d.Wifi.Succeeded;
                _d.Wifi.Reset();
                if (ok)
                {
                    _wifiJoinedOnce = true;
                    _link.WifiConnected(now);
                    WifiUp(now);
                }
                else
                {
                    _link.WifiFailed(now);
                    _app.BootScreen.Line(6, _d.Wifi.LastError);
                }
            }
        }

        /// <summary>Wi-Fi is up: (re)build the core when our address is new, tell the state machine.</summary>
        private void WifiUp(long now)
        {
            string address = _d.Wifi.Address;
            if (_core == null || address != _coreAddress)
            {
                BuildCore(address, now);
            }

            _d.Sip.FlushNames();
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
            _core = new PhoneCore(_config, _d.Entropy, address, SipPort, InstanceId(_d.Wifi.Mac), _media, _machine, _d.Log, now);
            _sip = new SipNetwork(_core.Transport, _d.Sip, _core.Layer, _core.Registration);
            // Over TLS every request comes on our flow to the registrar: no UDP (or TCP) SIP port is opened, so
            // nobody can ring the phone past TLS. Over UDP/TCP the socket is filtered by the core.
            if (_config.Sip.Transport != SipTransportKind.Tls && !_sip.Listen(SipPort))
            {
                _app.BootScreen.Line(6, _sip.LastFailure);
            }

            if (_config.Sip.ListenPort > 0)
            {
                // Calls straight to the phone (sip.listen_port): TLS only, with the phone's own certificate.
                byte[] cert;
                byte[] key;
                EndpointIdentityFiles.Read(_d.Files, out cert, out key);
                if (cert == null)
                {
                    _app.BootScreen.Line(6, "No TLS key for listen");
                }
                else if (!_d.Sip.ListenTls(_config.Sip.ListenPort, cert, key))
                {
                    _app.BootScreen.Line(6, _d.Sip.LastError);
                }
            }

            // RFC 3263: the registrar's (or outbound proxy's) targets come from DNS before the first REGISTER.
            _startPending = LocateServer(now);
            if (!_startPending)
            {
                _core.Start(now);
            }

            _sip.Execute(now);
            if (_pull == null)
            {
                _pull = new ProvisioningPull(_app.Store, _d.Entropy, _config.Provisioning.Url, _config.Provisioning.Interval, _d.Wifi.Mac, now);
                string stalled = _app.StalledLastBoot;
                if (stalled != null && stalled.IndexOf(HandshakeMarker.ProvisioningPrefix) == 0)
                {
                    // The last boot froze in the pull's handshake: wait one interval before going there again.
                    _pullHeldUntilMs = now + (long)_config.Provisioning.Interval * 1000;
                }
            }

            if (!_serverStarted && _config.Device.AdminPassword != null)
            {
                // On the LAN the endpoint only accepts the admin password (Basic); the one-time code is never shown
                // in normal mode, and without an admin password there is no LAN endpoint at all.
                _serverStarted = true;
                ProvisioningEndpoint endpoint = new ProvisioningEndpoint(_app.Store, new ProvisioningCode(_d.Entropy, ProvisioningCode.MaxDigits));
                endpoint.DeviceName = _config.Device.Name;
                endpoint.AdminPassword = _config.Device.AdminPassword;
                endpoint.StatusText = "running";
                endpoint.AcceptsCode = false;
                byte[] cert;
                byte[] key;
                EndpointIdentityFiles.Read(_d.Files, out cert, out key);
                if (cert == null || !_d.Provisioning.Start(endpoint, _app.StoreLock, cert, key))
                {
                    _app.BootScreen.Line(6, cert == null ? "No LAN provisioning key" : _d.Provisioning.LastError);
                }
            }
        }

        /// <summary>
        /// Starts the RFC 3263 lookup of the first hop when a DNS server is known (sip.dns_server, else the network's):
        /// its queries go over the SIP UDP socket, which over TLS is opened on a free port for DNS alone. True while
        /// the core has to wait for the first answer.
        /// </summary>
        private bool LocateServer(long now)
        {
            string server = _config.Sip.DnsServer != null ? _config.Sip.DnsServer : _d.Sip.DnsServer;
            SipRegistration reg = _core.Registration;
            if (server == null || reg.FirstHopHost == null || reg.FirstHopHost.Length == 0)
            {
                return false;
            }

            if (_config.Sip.Transport == SipTransportKind.Tls && !_sip.Listen(0))
            {
                _app.BootScreen.Line(6, _sip.LastFailure);
                return false;
            }

            int colon = server.IndexOf(':');
            int dnsPort = colon < 0 ? 53 : int.Parse(server.Substring(colon + 1));
            string proxy = _config.Sip.OutboundProxy;
            // RFC 3263 §4.2: a configured port means no NAPTR or SRV lookup.
            bool portGiven = proxy != null && proxy.Length > 0 ? proxy.IndexOf(':') >= 0 : _config.Sip.PortIsSet;
            _sip.Locate(new SipServerLocator(_d.Entropy), reg.FirstHopHost, reg.FirstHopPort, portGiven ? reg.FirstHopPort : 0,
                _config.Sip.Transport, colon < 0 ? server : server.Substring(0, colon), dnsPort, now);
            return _sip.Locating;
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
                // RFC 3263 §4.3: a transport failure, timeout or 503 moves on to the next located server at once.
                if ((e.Status == 0 || e.Status == 408 || e.Status == 503) && _sip.Failover(e.Reason, now))
                {
                    _core.Registration.NetworkRestored(now);
                }

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

        // ================================================================ once a second

        private void EverySecond(long now)
        {
            // New history entries go to flash at most once a second (each save is a few small writes).
            if (_machine.History.Changes != _savedHistory)
            {
                _savedHistory = _machine.History.Changes;
                lock (_app.StoreLock)
                {
                    _history.Save(_machine.History);
                }
            }

            // Wi-Fi lost: the automatic rejoin of the station may repair it; the supervisor retries if not.
            if (_wifiJoinedOnce && !_d.Wifi.Busy && _link.Phase != LinkPhase.WifiWaiting &&
                _link.Phase != LinkPhase.WifiConnecting && !_d.Wifi.IsUp)
            {
                _link.WifiLost(now);
                if (_core != null)
                {
                    _core.NetworkChanged(0, now);
                }
            }

            _d.Memory.Sample();
            if (_diagnosticsOpen)
            {
                FillDiagnostics(now);
                _diagnostics.Render();
            }

            PullConfiguration(now);
            if (_serverStarted && _d.Provisioning.ConfigApplied)
            {
                _restartPending = true;
            }

            if (_restartPending && _core != null && _core.Agent.ActiveCalls == 0)
            {
                // A new nf.config was stored: unregister, let the REGISTER leave, restart into it.
                _core.Shutdown(now);
                _sip.Execute(now);
                _d.Provisioning.Stop();
                _app.Restart();
            }
        }

        /// <summary>provisioning.url: one fetch at a time, never during a call (the TLS handshake stalls audio).</summary>
        private void PullConfiguration(long now)
        {
            if (_pull == null)
            {
                return;
            }

            IHttpsFetcher fetcher = _d.Fetcher;
            if (fetcher.IsDone)
            {
                if (fetcher.Succeeded)
                {
                    PullOutcome outcome;
                    lock (_app.StoreLock)
                    {
                        outcome = _pull.OnFetched(fetcher.Body, fetcher.BodyOffset, fetcher.BodyCount, now);
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

                fetcher.Reset();
                return;
            }

            if (fetcher.Busy || _core == null || _core.Agent.ActiveCalls > 0 || !_d.Wifi.IsUp || now < _pullHeldUntilMs)
            {
                return;
            }

            string url = _pull.Poll(now);
            if (url != null)
            {
                fetcher.Begin(url);
            }
        }

        private void FillDiagnostics(long now)
        {
            DiagnosticsScreen d = _diagnostics;
            d.IpAddress = _d.Wifi.Address;
            d.Outages = _link.Outages;
            d.LinkState = _d.Wifi.IsUp ? (_link.Online ? "online" : "Wi-Fi up") : "Wi-Fi down";
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

            CallLeg leg = _machine.Current;
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
            KernelSelfTest selfTest = _app.SelfTest;
            d.ProtectMicros = _media.ProtectCost.Count > 0 ? _media.ProtectCost.MeanUs
                : (selfTest.ProtectMicroseconds >= 0 ? (int)selfTest.ProtectMicroseconds : -1);
            d.UnprotectMicros = _media.UnprotectCost.Count > 0 ? _media.UnprotectCost.MeanUs : -1;
            d.NativeFreeBytes = _d.Memory.Known ? (int)_d.Memory.FreeBytes : -1;
            d.NativeLargestBlock = _d.Memory.Known ? (int)_d.Memory.LargestFreeBlock : -1;
        }

        // ================================================================ helpers

        /// <summary>
        /// RFC 5626 §4.1 wants a stable instance id: a UUID whose node field is the station MAC (the layout of an
        /// RFC 4122 §4.1.6 version-1 UUID with zero time fields), so it survives reboots and re-provisioning.
        /// </summary>
        private static string InstanceId(byte[] mac)
        {
            string node = mac != null && mac.Length >= 6 ? HexText.ToLower(mac, 0, 6) : "000000000000";
            return "00000000-0000-1000-8000-" + node;
        }

        /// <summary>The link backoff's jitter seed, from the entropy driver.</summary>
        private static int Seed(PhoneDrivers d)
        {
            byte[] b = new byte[4];
            d.Entropy.GetBytes(b, 0, 4);
            return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) & 0x7fffffff;
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

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }
    }
}
