using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Threading;
using Phone.App;
using Phone.App.Boot;
using Phone.App.Core;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.Call;
using Phone.Config;
using Phone.Device.Storage;
using Phone.Host.Drivers;
using Phone.Host.Net;
using Phone.Sip.Registration;

namespace Phone.Host.App
{
    /// <summary>How a <see cref="VirtualPhone"/> is built.</summary>
    public sealed class VirtualPhoneOptions
    {
        /// <summary>The folder that is the phone's flash volume (I:\): nf.config, board.profile, prov.crt/prov.key, ca.pem.</summary>
        public string Folder { get; set; }

        /// <summary>The host address the phone's sockets use (its "DHCP address").</summary>
        public IPAddress Address { get; set; } = IPAddress.Loopback;

        /// <summary>Port of the provisioning page (443 on the board; 0 picks a free one here).</summary>
        public int ProvisioningPort { get; set; }

        /// <summary>Bounds of connect and handshake for SIP (null: the defaults).</summary>
        public SipConnectOptions Connect { get; set; }

        /// <summary>The address put in Via, Contact and SDP (the phone's "DHCP address"); default <see cref="Address"/>.</summary>
        public string AnnouncedAddress { get; set; }

        /// <summary>The clock (shared by several phones for one time line); default a new SystemClock.</summary>
        public IClock Clock { get; set; }

        /// <summary>The app's event lines (registration, call events, media); null: none.</summary>
        public Action<string> Log { get; set; }

        /// <summary>The file store the app gets (default: a DirectoryFileStore on <see cref="Folder"/>); tests wrap it to cut power.</summary>
        public Func<IFileStore, IFileStore> WrapFiles { get; set; }

        /// <summary>The Wi-Fi MAC (null: the model's default); the phone's RFC 5626 instance id derives from it.</summary>
        public byte[] Mac { get; set; }
    }

    /// <summary>
    /// A phone on the host: the very app the board runs (Phone.App's <see cref="PhoneApp"/>), on simulated
    /// peripherals — an SSD1306 model for the display, a key matrix model, I2S models for microphone and speaker
    /// with the board's frame cadence, a folder for the flash volume, a Wi-Fi and hotspot model — and the host's
    /// sockets for SIP, RTP and HTTPS. Like the board it runs one loop thread for the app and one media thread; a
    /// restart boots a new app on the same persistent parts (volume, hotspot, Wi-Fi, keys, display, audio).
    /// </summary>
    public sealed class VirtualPhone : IDisposable
    {
        private readonly VirtualPhoneOptions _o;
        private readonly object _bootLock = new object();
        private Thread _loop;
        private Thread _mediaThread;
        private volatile bool _stop;
        private HostSipLinks _sip;
        private HostProvisioningServer _server;
        private UdpMediaPort[] _ports;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private bool _networkDown;
        private long _loopAllocated;
        private long _mediaAllocated;
        private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _work = new System.Collections.Concurrent.ConcurrentQueue<Action>();
        private readonly List<SipRegistrationEvent> _registrations = new List<SipRegistrationEvent>();
        private SipRegistrationEvent _seenRegistration;

        public VirtualPhone(VirtualPhoneOptions options)
        {
            _o = options ?? throw new ArgumentNullException(nameof(options));
            if (_o.Folder == null) throw new ArgumentException("a folder for the flash volume is required");
            Directory.CreateDirectory(_o.Folder);
            Volume = new DirectoryFileStore(_o.Folder);
            Files = _o.WrapFiles != null ? _o.WrapFiles(Volume) : Volume;
            Keys = new KeyMatrixModel(BoardSettings.Load(Files).KeyMap);
            Hotspot = new HotspotModel { Address = _o.Address.ToString() };
            Clock = _o.Clock ?? new SystemClock();
            Wifi = new WifiModel(_o.AnnouncedAddress ?? _o.Address.ToString(), _o.Mac);
        }

        public IClock Clock { get; }

        /// <summary>Every SIP message the phone sends or receives (its links' view), stamped with <see cref="Clock"/>.</summary>
        public event Action<SipTraceEntry> SipTraced;

        /// <summary>The TLS listener's port in this boot (sip.listen_port; 0 when none).</summary>
        public int SipListenPort => _sip?.ListenPort ?? 0;

        public DirectoryFileStore Volume { get; }

        public IFileStore Files { get; }

        public Ssd1306Model Display { get; } = new Ssd1306Model();

        public KeyMatrixModel Keys { get; }

        public MicrophoneModel Microphone { get; } = new MicrophoneModel();

        public SpeakerModel Speaker { get; } = new SpeakerModel();

        public WifiModel Wifi { get; }

        public HotspotModel Hotspot { get; }

        public RestartSignal Restarts { get; } = new RestartSignal();

        /// <summary>Boots so far (the first power-on counts).</summary>
        public int Boots { get; private set; }

        /// <summary>The app of the current boot.</summary>
        public PhoneApp App { get; private set; }

        /// <summary>The provisioning page's port in this boot (0 when it does not listen).</summary>
        public int ProvisioningPort => _server?.Port ?? 0;

        /// <summary>The SIP UDP port in this boot (0 over TLS, where none is opened).</summary>
        public int SipUdpPort => _sip?.DatagramPort ?? 0;

        /// <summary>
        /// Bytes the loop thread of this power-on has allocated so far (GC.GetAllocatedBytesForCurrentThread, read
        /// after each turn): the difference over a span is what the app's loop allocated in it.
        /// </summary>
        public long LoopAllocatedBytes => Interlocked.Read(ref _loopAllocated);

        /// <summary>Bytes the media thread of this power-on has allocated so far (read after each step and idle).</summary>
        public long MediaAllocatedBytes => Interlocked.Read(ref _mediaAllocated);

        /// <summary>The phone's state machine (null before phone mode).</summary>
        public PhoneStateMachine Machine => App?.Phone?.Machine;

        /// <summary>Power on: boots the app and starts its loop and media threads.</summary>
        public void PowerOn()
        {
            _stop = false;
            Boot();
            _loop = new Thread(RunLoop) { IsBackground = true, Name = "phone-loop" };
            _loop.Start();
            _mediaThread = new Thread(RunMedia) { IsBackground = true, Name = "phone-media" };
            _mediaThread.Start();
        }

        /// <summary>Cuts the power: both threads stop where they are, sockets close; nothing is shut down cleanly.</summary>
        public void PowerCut()
        {
            StopThreads();
            TearDown();
        }

        /// <summary>The access point goes away: the station drops, connections break, media is lost both ways.</summary>
        public void WifiDrop()
        {
            lock (_bootLock)
            {
                _networkDown = true;
                Wifi.Drop();
                _sip?.NetworkDown();
                if (_ports != null) foreach (UdpMediaPort p in _ports) p.NetworkDown = true;
            }
        }

        /// <summary>The access point is back; the phone's link supervisor rejoins on its own schedule.</summary>
        public void WifiRestore()
        {
            lock (_bootLock)
            {
                _networkDown = false;
                Wifi.Restore();
                _sip?.NetworkUp();
                if (_ports != null) foreach (UdpMediaPort p in _ports) p.NetworkDown = false;
            }
        }

        /// <summary>
        /// Presses a key for at least holdMs and until the app has scanned it held several times (its debounce needs
        /// stable scans, and a loaded machine can delay the loop), then lets it go the same way. At most 3 s each.
        /// </summary>
        public void Tap(PhoneKey key, int holdMs = 80)
        {
            HoldFor(() => Keys.Press(key), holdMs, 6);
            HoldFor(() => Keys.Release(key), 40, 4);
        }

        /// <summary>Does change (a key pressed or let go), then waits at least ms and until the app made scans more scans (at most 3 s).</summary>
        public void HoldFor(Action change, int ms, int scans)
        {
            long before = Keys.Scans;
            change();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while ((sw.ElapsedMilliseconds < ms || Keys.Scans < before + scans) && sw.ElapsedMilliseconds < 3000) Thread.Sleep(5);
        }

        /// <summary>
        /// Every registration change of the core so far (across restarts), oldest first: read after each turn of the
        /// loop, so two changes within one turn show as the later one (the core's changes are timer- or response-driven
        /// and come turns apart).
        /// </summary>
        public SipRegistrationEvent[] Registrations
        {
            get { lock (_registrations) return _registrations.ToArray(); }
        }

        /// <summary>
        /// Runs f on the loop thread between two turns, where the app's core may be read or changed (it has no lock:
        /// the loop owns it), and returns its result; throws TimeoutException when the loop does not get to it in 10 s.
        /// Reading the core's counters or state this way is what a test may do; driving the phone goes through its keys.
        /// </summary>
        public T Invoke<T>(Func<PhoneApp, T> f)
        {
            T result = default;
            Exception error = null;
            using var done = new ManualResetEventSlim(false);
            _work.Enqueue(() =>
            {
                try { result = f(App); } catch (Exception e) { error = e; }
                done.Set();
            });
            _wake.Set();
            if (!done.Wait(10000)) throw new TimeoutException("the phone's loop did not run the work");
            if (error != null) throw new InvalidOperationException("work on the loop thread failed", error);
            return result;
        }

        /// <summary>Waits until condition holds (polled every 20 ms); false when timeout passes first.</summary>
        public bool WaitUntil(Func<VirtualPhone, bool> condition, TimeSpan timeout)
        {
            DateTime end = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < end)
            {
                if (condition(this)) return true;
                Thread.Sleep(20);
            }

            return condition(this);
        }

        /// <summary>The text of the row of the screen model the app draws (boot, setup or the phone's screen).</summary>
        public string ScreenText()
        {
            PhoneApp app = App;
            if (app == null) return "";
            Phone.Ui.TextScreen t = app.Phone != null && app.Phone.Core != null && !app.Phone.DiagnosticsOpen ? app.Phone.Screen.Screen : app.BootText;
            var sb = new System.Text.StringBuilder();
            for (int r = 0; r < Phone.Ui.TextScreen.Rows; r++) sb.Append(t.Line(r)).Append('\n');
            return sb.ToString();
        }

        public void Dispose()
        {
            StopThreads();
            TearDown();
        }

        private sealed class LineLog : IEventLog
        {
            private readonly Action<string> _line;

            public LineLog(Action<string> line) => _line = line;

            public void Line(string text) => _line(text);
        }

        private void Boot()
        {
            lock (_bootLock)
            {
                Restarts.Clear();
                Hotspot.PowerOn();
                Boots++;
                _sip = new HostSipLinks(_o.Address, SipTlsPolicy.DeviceDrive(_o.Folder), _o.Connect) { TraceClock = () => Clock.NowMs };
                _sip.Traced += e => SipTraced?.Invoke(e);
                if (_networkDown) _sip.NetworkDown();
                _ports = new UdpMediaPort[PhoneCore.MaxCalls];
                var ports = new IMediaPort[_ports.Length];
                for (int i = 0; i < _ports.Length; i++) ports[i] = _ports[i] = new UdpMediaPort(_o.Address) { NetworkDown = _networkDown };
                _server = new HostProvisioningServer(_o.Address, _o.ProvisioningPort, Clock);
                var drivers = new PhoneDrivers
                {
                    Clock = Clock,
                    Files = Files,
                    Entropy = new SystemEntropy(),
                    Panel = Display,
                    Keys = Keys,
                    Microphone = Microphone,
                    Speaker = Speaker,
                    MediaPorts = ports,
                    Sip = _sip,
                    Wifi = Wifi,
                    Hotspot = Hotspot,
                    Fetcher = new HostHttpsFetcher(SipTlsPolicy.DeviceDrive(_o.Folder), ConfigParser.MaxFileBytes),
                    Provisioning = _server,
                    Restart = Restarts,
                    Memory = new NoMemoryGauge(),
                    NativeCrypto = null,
                    NativeAudio = null,
                    Wake = _wake,
                    Log = _o.Log != null ? new LineLog(_o.Log) : null,
                };
                var app = new PhoneApp(drivers);
                app.Boot(Clock.NowMs);
                App = app;
            }
        }

        private void TearDown()
        {
            lock (_bootLock)
            {
                _server?.Stop();
                _sip?.Dispose();
                if (_ports != null) foreach (UdpMediaPort p in _ports) p.Dispose();
                Microphone.Close();
                Speaker.Close();
            }
        }

        private void StopThreads()
        {
            _stop = true;
            _loop?.Join(5000);
            _mediaThread?.Join(5000);
        }

        private void RunLoop()
        {
            while (!_stop)
            {
                PhoneApp app = App;
                long now = Clock.NowMs;
                long next = app.Turn(now);
                while (_work.TryDequeue(out Action work))
                {
                    work();
                    next = Clock.NowMs;
                }

                NoteRegistration(app);
                Interlocked.Exchange(ref _loopAllocated, GC.GetAllocatedBytesForCurrentThread());
                if (Restarts.Requested && !_stop)
                {
                    // The board resets here; the host tears this boot's sockets down and boots again.
                    TearDown();
                    Boot();
                    continue;
                }

                long wait = next - Clock.NowMs;
                if (wait > 0) _wake.WaitOne((int)Math.Min(wait, 50));
            }
        }

        private void NoteRegistration(PhoneApp app)
        {
            SipRegistrationEvent e = app.Phone?.Core?.LastRegistration;
            if (e == null || e == _seenRegistration) return;
            _seenRegistration = e;
            lock (_registrations) _registrations.Add(e);
        }

        private void RunMedia()
        {
            while (!_stop)
            {
                MediaEngine media = App?.Phone?.Media;
                if (media == null)
                {
                    Thread.Sleep(10);
                    continue;
                }

                int w = media.Step();
                if (!_stop) media.Idle(Math.Min(w, 20));
                Interlocked.Exchange(ref _mediaAllocated, GC.GetAllocatedBytesForCurrentThread());
            }
        }
    }
}
