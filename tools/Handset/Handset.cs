using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Phone.App;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.Call;
using Phone.Config;
using Phone.Host.App;
using Phone.Host.Net;
using Phone.Sip;
using Phone.Sip.Registration;
using Phone.Ui;

namespace Phone.Tools.Handset
{
    /// <summary>How one virtual handset is put together.</summary>
    public sealed class HandsetOptions
    {
        /// <summary>Label for output (e.g. the SIP user).</summary>
        public string Name { get; set; }

        /// <summary>The nf.config text the phone boots with (the handset's options are written into a copy of it).</summary>
        public string ConfigText { get; set; }

        /// <summary>The same text parsed (the handset reads the [tls] paths and the RTP range from it).</summary>
        public PhoneConfig Config { get; set; }

        /// <summary>Where device paths in [tls] (I:\ca.pem) point; those files are copied onto the phone's volume.</summary>
        public string DeviceRoot { get; set; }

        /// <summary>REGISTER with the configured registrar (false writes sip.register = false).</summary>
        public bool Register { get; set; } = true;

        /// <summary>Accept inbound TLS with this certificate (sip.listen_port, prov.crt/prov.key); null: no listener.</summary>
        public X509Certificate2 ServerCertificate { get; set; }

        public IPAddress Address { get; set; } = IPAddress.Loopback;

        /// <summary>The address the phone announces in Via, Contact and SDP (default <see cref="Address"/>).</summary>
        public string SdpAddress { get; set; }

        /// <summary>The TLS listener's port with <see cref="ServerCertificate"/>; 0 picks one.</summary>
        public int SipPort { get; set; }

        /// <summary>First RTP port of the call slots (even); 0 picks a free range inside the configured one.</summary>
        public int FirstRtpPort { get; set; }

        public IMicrophone Microphone { get; set; }

        /// <summary>WAV file the speaker output is written to while a call has media (null: none).</summary>
        public string SpeakerPath { get; set; }

        /// <summary>Keep that speaker output in memory too.</summary>
        public bool KeepSpeakerSamples { get; set; }

        public bool AutoAnswer { get; set; }

        /// <summary>Delay between ringing and the automatic answer.</summary>
        public long AutoAnswerDelayMs { get; set; } = 300;

        public List<ScriptStep> Script { get; set; }

        public HandsetDisplay Display { get; set; }

        /// <summary>Event log lines ("[1001] ..."); null: quiet.</summary>
        public Action<string> Log { get; set; }

        /// <summary>A clock shared by several handsets (ladder times); default: the handset's own.</summary>
        public Stopwatch SharedClock { get; set; }

        /// <summary>Bounds of DNS + connect, the TLS handshake and a clean close (null: SipConnectOptions' defaults).</summary>
        public SipConnectOptions Connect { get; set; }
    }

    /// <summary>Media numbers of one call, sampled from the app's media engine while it runs and when it ends.</summary>
    public sealed class CallReport
    {
        public int CallId;
        public string Suite = "none";
        public bool Secure;
        public string Remote;

        /// <summary>Our RTP port for the call (RTCP is the next one).</summary>
        public int LocalRtpPort;
        public long PacketsSent;
        public long PacketsReceived;
        public long PacketsLost;
        public double JitterMs;
        public double RttMs = -1;

        /// <summary>SRTP packets whose tag did not verify.</summary>
        public long AuthFailures;

        /// <summary>SRTCP packets whose tag did not verify (the short-tag quirk apart).</summary>
        public long RtcpAuthFailures;

        /// <summary>SRTCP packets refused for a 32-bit tag in a _32 suite (linphonec; RFC 4568 §6.2.2 keeps 80 bits).</summary>
        public long ShortRtcpTags;
        public long Replays;
        public long Malformed;

        /// <summary>Plain RTP/RTCP while SRTP is required.</summary>
        public long Unprotected;

        /// <summary>Authentic RTP from a source other than the peer's current one.</summary>
        public long UnknownSsrc;

        /// <summary>RTCP APP packets read (baresip's).</summary>
        public long RtcpApp;
        public long RtcpSent;
        public long RtcpReceived;

        /// <summary>20 ms frames the speaker played while the call had media.</summary>
        public long FramesClocked;
        public long FramesConcealed;
        public long FramesLate;

        /// <summary>The last digits the peer sent (RFC 4733), oldest first, as far as the media engine keeps them.</summary>
        public List<char> DigitsReceived = new List<char>();
        public long StartedAtMs = -1;
        public long StoppedAtMs = -1;

        /// <summary>
        /// Bytes the app's loop thread allocated from the end of the call's warm-up (a sample at least
        /// <see cref="Handset.AllocationWarmUpMs"/> after media started, once an RTCP report went each way) to the last
        /// sample; -1 before that. Everything the loop does is in it: SIP, keys, the screen, the event log.
        /// </summary>
        public long LoopAllocatedBytes = -1;

        /// <summary>Bytes the app's media thread allocated over the same span (capture, protect, send, receive, play out).</summary>
        public long MediaAllocatedBytes = -1;

        /// <summary>Speaker frames over the same span.</summary>
        public long MeasuredFrames;

        /// <summary>Gen-0 collections in the process over the same span (all threads' garbage).</summary>
        public int Gen0Collections;

        /// <summary>Bytes the whole process allocated over the same span (every thread: the handset's own too).</summary>
        public long ProcessAllocatedBytes;

        /// <summary>Managed heap (GC.GetTotalMemory(false), garbage included) when the warm-up ended, bytes.</summary>
        public long HeapAtWarmUpBytes;

        /// <summary>Managed heap at the last sample, bytes.</summary>
        public long HeapBytes;

        internal long SpeakerSamples;
        internal int DigitsLogged;
        internal string RemoteAddress;
        internal int RemotePort;
        internal long LoopBase = -1;
        internal long MediaBase;
        internal long FramesBase;
        internal int Gen0Base;
        internal long ProcessBase;
    }

    /// <summary>
    /// One virtual handset: the phone app itself (<see cref="VirtualPhone"/>: Phone.App on the host's drivers) with
    /// a volume folder made from the nf.config and the handset's options, a microphone source, a speaker recording,
    /// keys pressed on the key matrix model (script, control, terminal), and a monitor thread that follows the app
    /// from outside — state and registration changes, the screen, auto-answer, and the media statistics of each call.
    /// </summary>
    public sealed partial class Handset : IDisposable
    {
        /// <summary>Media must run this long before allocations are counted (JIT, first packets, buffers).</summary>
        public const long AllocationWarmUpMs = 3000;

        /// <summary>How often the monitor looks at the app.</summary>
        private const int MonitorMs = 20;

        /// <summary>How often the media statistics of running calls are sampled.</summary>
        private const int SampleMs = 250;

        private readonly HandsetOptions _o;
        private readonly HandsetVolume _volume;
        private readonly VirtualPhone _phone;
        private readonly Stopwatch _clock;
        private readonly IMicrophone _mic;
        private readonly object _lock = new object();
        private readonly object _finger = new object();
        private readonly List<SipTraceEntry> _trace = new List<SipTraceEntry>();
        private readonly Dictionary<int, CallReport> _live = new Dictionary<int, CallReport>();
        private readonly List<CallReport> _finished = new List<CallReport>();
        private readonly List<SipRegistrationEvent> _registrations = new List<SipRegistrationEvent>();
        private readonly MediaSnapshot _sample = new MediaSnapshot();
        private readonly MediaSnapshot _final = new MediaSnapshot();
        private readonly WavWriter _speaker;
        private readonly List<short> _speakerSamples = new List<short>();
        private readonly BlockingCollection<PhoneKey> _typed = new BlockingCollection<PhoneKey>();
        private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private Thread _monitor;
        private Thread _keys;
        private Thread _script;
        private PhoneState _lastState = (PhoneState)(-1);
        private SipRegistrationEvent _lastRegistration;
        private bool _connectedSeen;
        private volatile bool _upSaid;
        private bool _bootSaid;
        private long _startedAtMs;

        /// <summary>The phone mode is normally up within a second; after this the boot screen is printed.</summary>
        private const int BootWarnMs = 5000;
        private long _autoAnswerAtMs = -1;
        private long _nextSampleMs;
        private long _nextRenderMs;
        private readonly short[] _ring = new short[4 * 32000];
        private readonly short[] _drain = new short[4 * 32000];
        private long _ringWritten;
        private long _ringRead;

        /// <summary>The running calls' reports, replaced (never changed) under _lock when one starts or ends.</summary>
        private CallReport[] _liveArray = new CallReport[0];
        private bool _started;
        private int _disposed;

        public Handset(HandsetOptions options)
        {
            _o = options ?? throw new ArgumentNullException(nameof(options));
            if (_o.ConfigText == null || _o.Config == null) throw new ArgumentException("the handset needs the nf.config text and its parsed form");
            Name = _o.Name ?? _o.Config.Sip.User;
            _clock = _o.SharedClock ?? Stopwatch.StartNew();
            _mic = _o.Microphone ?? new ToneMicrophone(440);
            _volume = HandsetVolume.Create(_o, _o.Config);
            _phone = new VirtualPhone(new VirtualPhoneOptions
            {
                Folder = _volume.Folder,
                Address = _o.Address,
                AnnouncedAddress = _o.SdpAddress,
                Clock = new StopwatchClock(_clock),
                Connect = _o.Connect,
                Log = OnAppLine,
            });
            _phone.SipTraced += e =>
            {
                lock (_lock) _trace.Add(e);
            };
            _phone.Microphone.Listen8kHz(_mic.Read);
            if (_o.SpeakerPath != null) _speaker = new WavWriter(_o.SpeakerPath);
            _phone.Speaker.Sink = OnSpeaker;
        }

        public string Name { get; }

        /// <summary>The phone app and its simulated peripherals.</summary>
        public VirtualPhone Phone => _phone;

        /// <summary>The TLS listener's port (0: none).</summary>
        public int SipPort => _volume.ListenPort;

        public long NowMs => _clock.ElapsedMilliseconds;

        /// <summary>Completes when the script says quit, or <see cref="Stop"/> is called; true = script passed.</summary>
        public Task<bool> Finished => _done.Task;

        /// <summary>Why the script failed (null when it did not).</summary>
        public string ScriptError { get; private set; }

        public PhoneState State => _phone.Machine?.State ?? PhoneState.Idle;

        public RegistrationState Registration { get; private set; }

        /// <summary>A registration change the monitor saw (its thread; AtMs is on the handset's clock).</summary>
        public event Action<SipRegistrationEvent> RegistrationChanged;

        /// <summary>The registration changes seen so far, oldest first.</summary>
        public SipRegistrationEvent[] RegistrationEvents
        {
            get { lock (_lock) return _registrations.ToArray(); }
        }

        /// <summary>Times the phone entered the Connected state from another call state (calls that got through).</summary>
        public int CallsConnected { get; private set; }

        /// <summary>Calls whose media ended.</summary>
        public int CallsEnded { get; private set; }

        public SipTraceEntry[] Trace
        {
            get { lock (_lock) return _trace.ToArray(); }
        }

        public CallReport[] Reports
        {
            get { lock (_lock) return _finished.ToArray(); }
        }

        /// <summary>The reports of the calls whose media runs (sampled every <see cref="SampleMs"/>).</summary>
        public CallReport[] CurrentReports => (CallReport[])_liveArray.Clone();

        /// <summary>Under _lock: the live set changed.</summary>
        private void LiveChanged()
        {
            var a = new CallReport[_live.Count];
            _live.Values.CopyTo(a, 0);
            _liveArray = a;
        }

        public short[] SpeakerSamples
        {
            get { lock (_lock) return _speakerSamples.ToArray(); }
        }

        /// <summary>Powers the phone on and starts the monitor, the key and the script threads.</summary>
        public void Start()
        {
            if (_started) return;
            _started = true;
            _startedAtMs = NowMs;
            _phone.PowerOn();
            _monitor = new Thread(Monitor) { IsBackground = true, Name = "handset-monitor" };
            _monitor.Start();
            _keys = new Thread(TypeKeys) { IsBackground = true, Name = "handset-keys" };
            _keys.Start();
            if (_o.Script != null)
            {
                _script = new Thread(RunScript) { IsBackground = true, Name = "handset-script" };
                _script.Start();
            }
        }

        /// <summary>
        /// Waits until the phone is up (its SIP core built and, when configured, its TLS listener open: the start
        /// line was printed); false after timeout (setup mode, a listener port taken).
        /// </summary>
        public bool WaitUp(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (!_upSaid && sw.Elapsed < timeout) Thread.Sleep(MonitorMs);
            return _upSaid;
        }

        /// <summary>Presses a key (any thread; the keys are typed in order on the key thread).</summary>
        public void Press(PhoneKey key)
        {
            if (!_typed.IsAddingCompleted) _typed.Add(key);
        }

        /// <summary>Ends the handset's run (Finished completes with the script's verdict).</summary>
        public void Stop() => _done.TrySetResult(ScriptError == null);

        /// <summary>Hangs up every call, waiting up to timeout for its media to stop.</summary>
        public async Task ShutdownAsync(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            await Task.Run(() =>
            {
                PhoneStateMachine m = _phone.Machine;
                if (m != null && m.Current != null) PressKey(PhoneKey.HangUp);
            }).ConfigureAwait(false);
            while (sw.Elapsed < timeout && _liveArray.Length > 0) await Task.Delay(50).ConfigureAwait(false);
        }

        // ---------------------------------------------------------------- keys

        /// <summary>
        /// One key press on the matrix, held until the app's scanner has seen it for longer than its debounce, then let
        /// go until it has seen that too; by then the app has taken the key, so the state read next is the one after it.
        /// One finger: presses from the script, the control socket and the terminal never overlap.
        /// </summary>
        internal bool PressKey(PhoneKey key)
        {
            lock (_finger)
            {
                try
                {
                    _phone.HoldFor(() => _phone.Keys.Press(key), 80, 6);
                }
                catch (ArgumentException)
                {
                    // A board profile on the device root may leave keys out, as the reference board does.
                    Log("key " + key + ": not on this board's keypad");
                    return false;
                }

                _phone.HoldFor(() => _phone.Keys.Release(key), 40, 4);
                return true;
            }
        }

        private void TypeKeys()
        {
            try
            {
                foreach (PhoneKey k in _typed.GetConsumingEnumerable(_stop.Token)) PressKey(k);
            }
            catch (Exception e) when (e is OperationCanceledException || e is ObjectDisposedException)
            {
            }
        }

        // ---------------------------------------------------------------- script

        private void RunScript()
        {
            try
            {
                Script();
            }
            catch (Exception e)
            {
                // A fault here must not take the process (and the phone with it) down: the script fails.
                ScriptError = "script stopped: " + e.GetType().Name + ": " + e.Message;
                Log("script failed: " + ScriptError);
                _done.TrySetResult(false);
            }
        }

        private void Script()
        {
            // Keys only count once the phone mode scans them: wait for its SIP core (as a user waits for the screen).
            var boot = Stopwatch.StartNew();
            while (_phone.App?.Phone?.Core == null && boot.ElapsedMilliseconds < 15000 && !_stop.IsCancellationRequested) Thread.Sleep(MonitorMs);
            foreach (ScriptStep step in _o.Script)
            {
                if (_done.Task.IsCompleted || _stop.IsCancellationRequested) return;
                switch (step.Kind)
                {
                    case ScriptStepKind.Wait:
                        _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(step.Ms));
                        break;
                    case ScriptStepKind.Key:
                        Log("key " + step.Key);
                        PressKey(step.Key);
                        break;
                    case ScriptStepKind.Dial:
                        Log("dial " + step.Digits + (step.Uri != null ? " (" + step.Uri + ")" : ""));
                        NoteUri(step.Uri);
                        foreach (char c in step.Digits) PressKey(HandsetScript.DigitKey(c));
                        break;
                    case ScriptStepKind.Until:
                        var sw = Stopwatch.StartNew();
                        while (!Reached(step))
                        {
                            if (sw.ElapsedMilliseconds >= step.Ms || _stop.IsCancellationRequested)
                            {
                                ScriptError = "'" + step.Text + "' timed out in state " + StateName(State);
                                Log("script failed: " + ScriptError);
                                _done.TrySetResult(false);
                                return;
                            }

                            Thread.Sleep(MonitorMs);
                        }

                        break;
                    case ScriptStepKind.Quit:
                        Log("script done");
                        _done.TrySetResult(true);
                        return;
                }
            }
        }

        /// <summary>
        /// The keypad dials sip:DIGITS@sip.domain through the configured server (sip.registrar or domain, sip.port),
        /// as the phone does; a URI is accepted for its digits, and a host or port that differs is said, not used.
        /// </summary>
        private void NoteUri(string uri)
        {
            if (uri == null) return;
            SipSettings sip = _o.Config.Sip;
            string server = (sip.Registrar ?? sip.Domain) + ":" + sip.Port;
            int at = uri.IndexOf('@');
            string host = at < 0 ? "" : uri.Substring(at + 1);
            int semi = host.IndexOf(';');
            if (semi >= 0) host = host.Substring(0, semi);
            if (host != server && host != sip.Domain && host != sip.Domain + ":" + sip.Port)
            {
                Log("dial: the phone calls the digits at " + sip.Domain + " through " + server + ", not " + host);
            }
        }

        /// <summary>Missed (and refused) calls the panel counts as unseen.</summary>
        public int MissedCalls => _phone.Machine?.History.MissedUnseen ?? 0;

        private bool Reached(ScriptStep step)
        {
            if (step.Condition == "registered") return Registration == RegistrationState.Registered;
            if (step.Condition == "missed") return MissedCalls >= step.Count;
            if (State != step.State) return false;
            // "ended" means the call is over and its report final: the state machine enters Ended a moment before the
            // app stops the media and the final figures are taken ("media stop call N").
            if (step.State != global::Phone.Call.PhoneState.Ended) return true;
            lock (_lock) return _live.Count == 0;
        }

        // ---------------------------------------------------------------- the app's event log

        /// <summary>
        /// The app's event lines (its loop thread): printed, and the media ones open and close the call's report —
        /// "media update call N: … (ok)" starts it, "media stop call N" (logged before the engine stops the session)
        /// takes the final figures.
        /// </summary>
        private void OnAppLine(string line)
        {
            Log(line);
            if (line.StartsWith("media update call ", StringComparison.Ordinal) && line.EndsWith("(ok)", StringComparison.Ordinal))
            {
                int id = CallIdOf(line, "media update call ".Length);
                lock (_lock)
                {
                    if (!_live.ContainsKey(id))
                    {
                        _live[id] = new CallReport
                        {
                            CallId = id,
                            StartedAtMs = NowMs,
                            LocalRtpPort = _phone.App?.Phone?.Core?.Agent.LocalRtpPort(id) ?? 0,
                        };
                        LiveChanged();
                    }
                }
            }
            else if (line.StartsWith("media stop call ", StringComparison.Ordinal))
            {
                int id = CallIdOf(line, "media stop call ".Length);
                CallReport r;
                lock (_lock)
                {
                    if (!_live.Remove(id, out r)) return;
                    LiveChanged();
                }

                MediaEngine media = _phone.App?.Phone?.Media;
                if (media != null && media.ReadStatistics(id, _final))
                {
                    lock (_lock) MediaFacts.Fill(r, _final);
                    NoteDigits(r, _final);
                }

                r.StoppedAtMs = NowMs;
                lock (_lock) _finished.Add(r);
                CallsEnded++;
                Log("media summary call " + id + ": " + MediaFacts.Summary(r));
            }
        }

        private static int CallIdOf(string line, int from)
        {
            int end = line.IndexOf(':', from);
            if (end < 0) end = line.Length;
            return int.TryParse(line.AsSpan(from, end - from), out int id) ? id : 0;
        }

        // ---------------------------------------------------------------- monitor

        private void Monitor()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    Look(NowMs);
                }
                catch (Exception e) when (e is NullReferenceException || e is InvalidOperationException || e is ArgumentException)
                {
                    // The app's objects are read from outside its loop thread; a torn read is retried on the next look.
                }

                _stop.Token.WaitHandle.WaitOne(MonitorMs);
            }
        }

        private void Look(long now)
        {
            PhoneMode mode = _phone.App?.Phone;
            if (mode == null)
            {
                if (!_bootSaid && now - _startedAtMs > BootWarnMs)
                {
                    // Setup mode (no usable nf.config) or a boot that stopped: the boot screen says why.
                    _bootSaid = true;
                    Log("not in phone mode after " + BootWarnMs / 1000 + " s; screen: " + _phone.ScreenText().Replace("\n", " | "));
                }

                return;
            }

            PhoneStateMachine m = mode.Machine;
            bool changed = false;
            // Said once the core is up and its listener (when configured) is open, or could not be within the boot bound.
            if (mode.Core != null && !_upSaid && (_volume.ListenPort == 0 || _phone.SipListenPort != 0 || now - _startedAtMs > BootWarnMs))
            {
                _upSaid = true;
                Log(UpLine());
            }

            SipRegistrationEvent reg = mode.Core?.LastRegistration;
            if (reg != null && reg != _lastRegistration)
            {
                _lastRegistration = reg;
                Registration = reg.State;
                lock (_lock) _registrations.Add(reg);
                RegistrationChanged?.Invoke(reg);
                ControlRegistrationChanged(reg.State);
                changed = true;
            }

            PhoneState s = m.State;
            if (s != _lastState)
            {
                _lastState = s;
                if (_o.AutoAnswer && s == PhoneState.Incoming) _autoAnswerAtMs = now + _o.AutoAnswerDelayMs;
                if (s == PhoneState.Connected && !_connectedSeen)
                {
                    _connectedSeen = true;
                    CallsConnected++;
                }
                else if (s != PhoneState.Connected && s != PhoneState.Held)
                {
                    _connectedSeen = false;
                }

                ControlStateChanged(s, m.Current);
                changed = true;
            }

            if (_autoAnswerAtMs >= 0 && now >= _autoAnswerAtMs)
            {
                _autoAnswerAtMs = -1;
                if (m.State == PhoneState.Incoming)
                {
                    Log("auto-answer");
                    Press(PhoneKey.Call);
                }
            }

            if (now >= _nextSampleMs)
            {
                _nextSampleMs = now + SampleMs;
                SampleMedia(mode.Media, now);
            }

            TakeSpeaker();
            if (changed || now >= _nextRenderMs) Render(mode, now);
        }

        /// <summary>The media figures of every running call (monitor thread).</summary>
        private void SampleMedia(MediaEngine media, long now)
        {
            foreach (CallReport r in _liveArray)
            {
                if (!media.ReadStatistics(r.CallId, _sample)) continue;
                lock (_lock) MediaFacts.Fill(r, _sample);
                NoteDigits(r, _sample);
                SampleAllocation(r, now);
            }
        }

        /// <summary>"dtmf received D" for each digit (RFC 4733) the peer sent since the last sample.</summary>
        private void NoteDigits(CallReport r, MediaSnapshot s)
        {
            int fresh = Math.Min(s.DtmfReceived - r.DigitsLogged, s.DigitCount);
            for (int i = s.DigitCount - fresh; i < s.DigitCount; i++) Log("dtmf received " + s.Digits[i]);
            r.DigitsLogged = s.DtmfReceived;
        }

        /// <summary>Loop- and media-thread allocation since the call's warm-up ended.</summary>
        private void SampleAllocation(CallReport r, long now)
        {
            long loop = _phone.LoopAllocatedBytes, media = _phone.MediaAllocatedBytes;
            if (r.LoopBase < 0)
            {
                // The first RTCP each way runs code (and the sockets' paths) for the first time: part of the warm-up.
                if (now - r.StartedAtMs < AllocationWarmUpMs || r.RtcpSent == 0 || r.RtcpReceived == 0) return;
                r.LoopBase = loop;
                r.MediaBase = media;
                r.FramesBase = r.FramesClocked;
                r.Gen0Base = GC.CollectionCount(0);
                r.ProcessBase = GC.GetTotalAllocatedBytes(true);
                r.HeapAtWarmUpBytes = GC.GetTotalMemory(false);
                return;
            }

            r.LoopAllocatedBytes = loop - r.LoopBase;
            r.MediaAllocatedBytes = media - r.MediaBase;
            r.MeasuredFrames = r.FramesClocked - r.FramesBase;
            r.Gen0Collections = GC.CollectionCount(0) - r.Gen0Base;
            r.ProcessAllocatedBytes = GC.GetTotalAllocatedBytes(true) - r.ProcessBase;
            r.HeapBytes = GC.GetTotalMemory(false);
        }

        /// <summary>Media thread: the speaker's samples into the ring, without allocating (the media thread is measured).</summary>
        private void OnSpeaker(short[] frame, int count)
        {
            lock (_ring)
            {
                for (int i = 0; i < count; i++) _ring[(int)((_ringWritten + i) % _ring.Length)] = frame[i];
                _ringWritten += count;
            }
        }

        /// <summary>
        /// What the speaker played since the last look, kept (WAV, memory) while a call has media and counted as the
        /// call's frames; at a speaker rate above 8 kHz each group of rate / 8000 samples is averaged.
        /// </summary>
        private void TakeSpeaker()
        {
            int n;
            lock (_ring)
            {
                long fresh = _ringWritten - _ringRead;
                n = (int)Math.Min(fresh, _ring.Length);
                for (int i = 0; i < n; i++) _drain[i] = _ring[(int)((_ringWritten - n + i) % _ring.Length)];
                _ringRead = _ringWritten;
            }

            CallReport[] live = _liveArray;
            if (n == 0 || live.Length == 0) return;
            int factor = Math.Max(1, _phone.Speaker.Rate / Wav.Rate);
            if (factor > 1)
            {
                int m = n / factor;
                for (int i = 0; i < m; i++)
                {
                    int sum = 0;
                    for (int k = 0; k < factor; k++) sum += _drain[i * factor + k];
                    _drain[i] = (short)(sum / factor);
                }

                n = m;
            }

            _speaker?.Write(_drain, 0, n);
            lock (_lock)
            {
                if (_o.KeepSpeakerSamples) for (int i = 0; i < n; i++) _speakerSamples.Add(_drain[i]);
                foreach (CallReport r in live)
                {
                    r.SpeakerSamples += n;
                    r.FramesClocked = r.SpeakerSamples / MediaEngine.FrameSamples;
                }
            }
        }

        private string UpLine()
        {
            SipSettings sip = _o.Config.Sip;
            string where = sip.Transport == SipTransportKind.Tls
                ? (_phone.SipListenPort != 0 ? "sip " + _o.Address + ":" + _phone.SipListenPort + " (tls)"
                    : "sip " + _o.Address + " (tls), " + (_volume.ListenPort != 0 ? "listener on :" + _volume.ListenPort + " not open: " + _phone.ScreenText().Replace("\n", " | ") : "no listener"))
                : "sip " + _o.Address + ":" + _phone.SipUdpPort + " (" + sip.Transport.ToString().ToLowerInvariant() +
                  (_phone.SipListenPort != 0 ? ", tls listener :" + _phone.SipListenPort : "") + ")";
            if (sip.Transport != SipTransportKind.Tls && _o.SipPort != 0 && _o.ServerCertificate == null)
            {
                where += " (--sip-port " + _o.SipPort + " not applied: the phone binds its UDP port itself, 5060 or any free one)";
            }

            return "up: the phone app on host drivers, " + where +
                   (_o.Register && sip.Register ? ", registering with " + (sip.Registrar ?? sip.Domain) + ":" + sip.Port : ", no registrar") +
                   ", rtp from :" + _volume.FirstRtpPort + ", mic " + _mic.Describe();
        }

        // ---------------------------------------------------------------- display and log

        private void Render(PhoneMode mode, long now)
        {
            _nextRenderMs = now + 200;
            HandsetDisplay d = _o.Display;
            if (d == null) return;
            CallReport[] live = _liveArray;
            TextScreen screen = mode.Core != null && !mode.DiagnosticsOpen ? mode.Screen.Screen : _phone.App.BootText;
            d.Render(Name, screen, mode.Machine.State, Registration, live.Length > 0 ? live[0] : null);
        }

        internal void Log(string line) => _o.Log?.Invoke(line);

        /// <summary>
        /// An even base inside audio.rtp_port_min..rtp_port_max whose pairs for every call slot are free and claimed by
        /// no other handset (handsets on one machine share the default range; <paramref name="claim"/> holds the pairs
        /// until disposed); the range's first port, unclaimed, when none is found.
        /// </summary>
        public static int PickRtpBase(IPAddress address, int min, int max, int slots, out RtpPortClaim claim)
        {
            int bases = (max - min) / 2 - (slots - 1) + 1;
            for (int attempt = 0; attempt < 50 && bases > 0; attempt++)
            {
                int p = min + 2 * RandomNumberGenerator.GetInt32(0, bases);
                claim = RtpPortClaim.TryClaim(address, p, slots);
                if (claim == null) continue;
                if (Free(address, p, 2 * slots)) return p;
                claim.Dispose();
            }

            claim = null;
            return min;
        }

        private static bool Free(IPAddress address, int first, int count)
        {
            var held = new List<Socket>();
            try
            {
                for (int i = 0; i < count; i++)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    held.Add(s);
                    s.Bind(new IPEndPoint(address, first + i));
                }

                return true;
            }
            catch (SocketException)
            {
                return false;
            }
            finally
            {
                foreach (Socket s in held) s.Dispose();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stop.Cancel();
            _typed.CompleteAdding();
            _monitor?.Join(2000);
            _keys?.Join(2000);
            _script?.Join(2000);
            _phone.Dispose();
            _speaker?.Dispose();
            _volume.Dispose();
            _done.TrySetResult(ScriptError == null);
        }

        /// <summary>The handset's stopwatch as the app's clock (one time line for the log, the trace and the app).</summary>
        private sealed class StopwatchClock : IClock
        {
            private readonly Stopwatch _watch;

            public StopwatchClock(Stopwatch watch) => _watch = watch;

            public long NowMs => _watch.ElapsedMilliseconds;

            public long NowUs => _watch.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
        }
    }
}
