using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Sip;
using Phone.Media;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Srtp;
using Phone.Crypto;
using Phone.Ui;

namespace Phone.Tools.Handset
{
    /// <summary>How one virtual handset is put together.</summary>
    public sealed class HandsetOptions
    {
        /// <summary>Label for output (e.g. the SIP user).</summary>
        public string Name { get; set; }

        public PhoneConfig Config { get; set; }

        /// <summary>Maps device paths in [tls] (I:\ca.pem) to host files.</summary>
        public Func<string, string> ResolvePath { get; set; }

        /// <summary>REGISTER with the configured registrar.</summary>
        public bool Register { get; set; } = true;

        /// <summary>Accept inbound TLS with this certificate (calls straight to the handset); null: no listener.</summary>
        public X509Certificate2 ServerCertificate { get; set; }

        public IPAddress Address { get; set; } = IPAddress.Loopback;

        /// <summary>
        /// The address put in SDP c= (default <see cref="Address"/>). Another one makes the handset look like a
        /// phone behind NAT: the peer must latch to where our media really comes from.
        /// </summary>
        public string SdpAddress { get; set; }

        /// <summary>SIP port (UDP and, with a certificate, TLS); 0 picks one.</summary>
        public int SipPort { get; set; }

        /// <summary>First RTP port the call agent hands out (even); 0 picks a free random range.</summary>
        public int FirstRtpPort { get; set; }

        public IMicrophone Microphone { get; set; }

        /// <summary>WAV file the speaker output is written to (null: none).</summary>
        public string SpeakerPath { get; set; }

        /// <summary>Keep the speaker output in memory too (for the demo's audio check).</summary>
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

        /// <summary>Bounds of DNS + connect, the TLS handshake and a clean close (null: SipConnectOptions' defaults, 5/10/2 s).</summary>
        public SipConnectOptions Connect { get; set; }

        /// <summary>Registration retry/backoff timers (null: RFC 5626 defaults).</summary>
        public SipRegistrationTimers RegistrationTimers { get; set; }

        /// <summary>SIP transaction timers (null: RFC 3261 defaults, T1 500 ms).</summary>
        public SipTimerSettings TransactionTimers { get; set; }
    }

    /// <summary>Media numbers of one call, read when it ends or while it runs.</summary>
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
        public long FramesPlayed;
        public long FramesConcealed;
        public long FramesClocked;
        public long FramesLate;
        public int ClockResets;

        /// <summary>The most the media clock was behind when the pump got to it, ms (how stalled the process was).</summary>
        public long MaxLateMs;
        public int Latches;
        public string LatchedFrom;
        public List<char> DigitsReceived = new List<char>();
        public long StartedAtMs = -1;
        public long StoppedAtMs = -1;

        /// <summary>
        /// Bytes the pump thread allocated from the end of the call's warm-up (its first stats tick at least
        /// <see cref="Handset.AllocationWarmUpMs"/> after media started, once an RTCP report went each way) to its last
        /// stats tick; -1 before that.
        /// Everything the pump does is in it: media, SIP, the display, the log.
        /// </summary>
        public long PumpAllocatedBytes = -1;

        /// <summary>Frames clocked over the same span as <see cref="PumpAllocatedBytes"/>.</summary>
        public long PumpAllocatedFrames;

        /// <summary>Gen-0 collections in the process over the same span (all threads' garbage).</summary>
        public int Gen0Collections;

        /// <summary>Bytes the whole process allocated over the same span (every thread: TLS and socket tasks too).</summary>
        public long ProcessAllocatedBytes;

        internal long ProcessAllocBase;

        /// <summary>Managed heap (GC.GetTotalMemory(false), garbage included) when the warm-up ended, bytes.</summary>
        public long HeapAtWarmUpBytes;

        /// <summary>Managed heap at the last stats tick, bytes.</summary>
        public long HeapBytes;

        internal long AllocBase = -1;
        internal long AllocFramesBase;
        internal int Gen0Base;
    }

    /// <summary>
    /// One virtual handset: the sans-I/O phone (PhoneStateMachine, SipCallAgent, one MediaSession per call,
    /// SipRegistration, SipTransactionLayer, SipTransport) run on the single pump thread of a SipHostEndpoint,
    /// with UDP sockets for RTP/RTCP per call, a 20 ms media clock on the pump, a microphone source, a speaker
    /// recording and a text display. Keys come in through <see cref="Press"/> (any thread) or the script.
    /// </summary>
    public sealed partial class Handset : ISipHostUser, ISipCallListener, IDisposable
    {
        private readonly HandsetOptions _o;
        private readonly SipHostEndpoint _ep;
        private readonly SipTlsPolicy _tls;
        private readonly PhoneStateMachine _phone;
        private readonly PhoneDisplay _screen;
        private readonly SipCallAgent _agent;
        private readonly ICryptoKernel _kernel = new ManagedCryptoKernel();
        private readonly IEntropySource _entropy = new OsEntropy();
        private readonly Dictionary<int, CallMedia> _calls = new Dictionary<int, CallMedia>();
        private readonly List<CallReport> _finished = new List<CallReport>();
        private int _tableFullLogged;
        private readonly List<SipTraceEntry> _trace = new List<SipTraceEntry>();
        private readonly List<Cmd> _pending = new List<Cmd>();
        private readonly Stopwatch _clock;
        private readonly WavWriter _speaker;
        private readonly List<short> _speakerSamples = new List<short>();
        private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _lock = new object();
        private int _scriptIndex;
        private long _scriptWakeMs = -1;
        private long _untilDeadlineMs = -1;
        private string _pendingUri;
        private long _autoAnswerAtMs = -1;
        private long _nextStatsMs;
        private int _speakerVolume;
        private bool _muted;
        private PhoneState _lastState = (PhoneState)(-1);
        private bool _started;
        private bool _connectedSeen;
        private int _disposed;

        public Handset(HandsetOptions options)
        {
            _o = options ?? throw new ArgumentNullException(nameof(options));
            if (_o.Config == null) throw new ArgumentException("no configuration");
            Name = _o.Name ?? _o.Config.Sip.User;
            _clock = _o.SharedClock ?? Stopwatch.StartNew();
            _tls = _o.Config.Sip.Transport == SipTransportKind.Tls || !string.IsNullOrEmpty(_o.Config.Tls.Ca)
                ? SipTlsPolicy.FromConfig(_o.Config.Tls, _o.ResolvePath)
                : null;
            _ep = new SipHostEndpoint(_o.Config.Sip, _tls, new SipHostEndpointOptions
            {
                ListenAddress = _o.Address,
                UdpPort = _o.SipPort,
                ListenTcp = false,
                Register = _o.Register,
                ServerCertificate = _o.ServerCertificate,
                Clock = _clock,
                Connect = _o.Connect ?? new SipConnectOptions(),
                RegistrationTimers = _o.RegistrationTimers,
                TransactionTimers = _o.TransactionTimers,
            });
            _speakerVolume = _o.Config.Audio.SpeakerVolume;
            _phone = new PhoneStateMachine(_o.Config, NowMs);
            _screen = new PhoneDisplay(_phone);
            int firstRtp = _o.FirstRtpPort != 0 ? _o.FirstRtpPort : PickRtpBase(_o.Address, _o.Config.Audio.RtpPortMin, _o.Config.Audio.RtpPortMax, 2);
            _agent = new SipCallAgent(_ep.Layer, _o.Config.Sip, _o.Config.Srtp, _o.Config.Audio, _entropy, _o.SdpAddress ?? _o.Address.ToString(), firstRtp, 2)
            {
                Listener = this,
                // Calls answer digest challenges only for the realm our registrar challenged REGISTER with (digest leak).
                Realms = _ep.Registration.Realms,
            };
            _ep.User = this;
            _ep.Traced += e =>
            {
                e.AtMs = NowMs;
                lock (_lock) _trace.Add(e);
            };
            _ep.RegistrationChanged += OnRegistration;
            if (_o.SpeakerPath != null) _speaker = new WavWriter(_o.SpeakerPath);
            _o.Microphone ??= new ToneMicrophone(440);
        }

        public string Name { get; }

        /// <summary>The SIP port (UDP and TLS; over sip.transport tls only the TLS listener's, when there is one).</summary>
        public int SipPort => _ep.SipPort;

        public int TlsPort => _ep.TlsPort;

        public SipHostEndpoint Endpoint => _ep;

        public long NowMs => _clock.ElapsedMilliseconds;

        /// <summary>Completes when the script says quit, or <see cref="Stop"/> is called; true = script passed.</summary>
        public Task<bool> Finished => _done.Task;

        /// <summary>Why the script failed (null when it did not).</summary>
        public string ScriptError { get; private set; }

        public PhoneState State { get; private set; }

        public RegistrationState Registration { get; private set; }

        /// <summary>Times the phone entered the Connected state from another call state (calls that got through).</summary>
        public int CallsConnected { get; private set; }

        public int CallsEnded { get; private set; }

        public SipTraceEntry[] Trace
        {
            get { lock (_lock) return _trace.ToArray(); }
        }

        public CallReport[] Reports
        {
            get { lock (_lock) return _finished.ToArray(); }
        }

        /// <summary>
        /// The reports of the calls whose media runs, read without the pump (their counters are updated by the pump
        /// once a second; going through the pump would add its own allocations to what the pump measures).
        /// </summary>
        public CallReport[] CurrentReports
        {
            get { lock (_lock) return _current.ToArray(); }
        }

        private readonly List<CallReport> _current = new List<CallReport>();

        public short[] SpeakerSamples
        {
            get { lock (_lock) return _speakerSamples.ToArray(); }
        }

        public void Start()
        {
            if (_started) return;
            _started = true;
            _ep.Start();
            _ep.Post(() =>
            {
                Log("up: sip " + _o.Address + ":" + SipPort + (_ep.UdpPort == 0 ? " (tls)" : TlsPort != 0 ? " (udp, tls)" : " (udp)") +
                    (_o.Register ? ", registering with " + (_o.Config.Sip.Registrar ?? _o.Config.Sip.Domain) + ":" + _o.Config.Sip.Port : ", no registrar") +
                    ", mic " + _o.Microphone.Describe());
                Drain(NowMs);
                Render();
            });
        }

        /// <summary>Presses a key on the pump thread.</summary>
        public void Press(PhoneKey key) => _ep.Post(() => DoPress(key, NowMs));

        /// <summary>Ends the handset's run (Finished completes with the script's verdict).</summary>
        public void Stop() => _done.TrySetResult(ScriptError == null);

        /// <summary>Runs f on the pump thread.</summary>
        public Task<T> Invoke<T>(Func<T> f) => _ep.Invoke(f);

        /// <summary>Hangs up every call and unregisters, waiting up to timeout.</summary>
        public async Task ShutdownAsync(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            await _ep.Invoke(() =>
            {
                if (_phone.Current != null) DoPress(PhoneKey.HangUp, NowMs);
                return 0;
            }).ConfigureAwait(false);
            while (sw.Elapsed < timeout && await _ep.Invoke(() => _calls.Count).ConfigureAwait(false) > 0) await Task.Delay(50).ConfigureAwait(false);
            if (_o.Register)
            {
                TimeSpan left = timeout - sw.Elapsed;
                if (left > TimeSpan.Zero) await _ep.UnregisterAsync(left).ConfigureAwait(false);
            }
        }

        // ---------------------------------------------------------------- pump: time

        public long NextDeadlineMs
        {
            get
            {
                long next = Math.Min(_agent.NextDeadlineMs, _phone.NextDeadlineMs);
                if (_scriptWakeMs >= 0) next = Math.Min(next, _scriptWakeMs);
                if (_untilDeadlineMs >= 0) next = Math.Min(next, NowMs + 20);
                if (_autoAnswerAtMs >= 0) next = Math.Min(next, _autoAnswerAtMs);
                foreach (CallMedia c in _calls.Values)
                {
                    next = Math.Min(next, c.NextFrameMs);
                    next = Math.Min(next, c.Session.NextRtcpDeadlineMs);
                }

                if (_calls.Count > 0) next = Math.Min(next, _nextStatsMs);
                return next;
            }
        }

        public void AdvanceTo(long nowMs)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            _agent.AdvanceTo(nowMs);
            if (nowMs >= _phone.NextDeadlineMs) _phone.Tick(nowMs);
            Drain(nowMs);
            RunMedia(nowMs);
            if (_autoAnswerAtMs >= 0 && nowMs >= _autoAnswerAtMs)
            {
                _autoAnswerAtMs = -1;
                if (_phone.State == PhoneState.Incoming)
                {
                    Log("auto-answer");
                    DoPress(PhoneKey.Call, nowMs);
                }
            }

            RunScript(nowMs);
            Drain(nowMs);
            if (_screen.Screen.DirtyMask != 0 || nowMs >= _nextRenderMs) Render();
        }

        private long _nextRenderMs;

        // ---------------------------------------------------------------- keys, script, commands

        private void DoPress(PhoneKey key, long nowMs)
        {
            _phone.Press(key, nowMs);
            Drain(nowMs);
            Render();
        }

        private void RunScript(long nowMs)
        {
            List<ScriptStep> s = _o.Script;
            if (s == null || _done.Task.IsCompleted) return;
            while (_scriptIndex < s.Count)
            {
                if (_scriptWakeMs >= 0)
                {
                    if (nowMs < _scriptWakeMs) return;
                    _scriptWakeMs = -1;
                    _scriptIndex++;
                    continue;
                }

                ScriptStep step = s[_scriptIndex];
                switch (step.Kind)
                {
                    case ScriptStepKind.Wait:
                        _scriptWakeMs = nowMs + step.Ms;
                        return;
                    case ScriptStepKind.Key:
                        Log("key " + step.Key);
                        _phone.Press(step.Key, nowMs);
                        Drain(nowMs);
                        break;
                    case ScriptStepKind.Dial:
                        Log("dial " + step.Digits + (step.Uri != null ? " (" + step.Uri + ")" : ""));
                        _pendingUri = step.Uri;
                        foreach (char c in step.Digits)
                        {
                            _phone.Press(HandsetScript.DigitKey(c), nowMs);
                            Drain(nowMs);
                        }

                        break;
                    case ScriptStepKind.Until:
                        if (_untilDeadlineMs < 0) _untilDeadlineMs = nowMs + step.Ms;
                        if (!Reached(step))
                        {
                            if (nowMs < _untilDeadlineMs) return;
                            ScriptError = "'" + step.Text + "' timed out in state " + _phone.State.ToString().ToLowerInvariant();
                            Log("script failed: " + ScriptError);
                            _done.TrySetResult(false);
                            return;
                        }

                        _untilDeadlineMs = -1;
                        break;
                    case ScriptStepKind.Quit:
                        Log("script done");
                        _scriptIndex = s.Count;
                        _done.TrySetResult(true);
                        return;
                }

                _scriptIndex++;
            }
        }

        /// <summary>Checked every 20 ms while an until waits, so it compares enums (PhoneState.ToString() made a string each time).</summary>
        private bool Reached(ScriptStep step)
        {
            if (step.Condition == "registered") return _phone.Registration == RegistrationState.Registered;
            return _phone.State == step.State;
        }

        private struct Cmd
        {
            public PhoneCommandKind Kind;
            public int CallId;
            public string Uri;
            public int Status;
            public bool On;
            public char Digit;
            public VolumeTarget Target;
            public int Level;
            public AlertTone Tone;
        }

        /// <summary>Executes the state machine's commands until none are left (agent events may add more).</summary>
        private void Drain(long nowMs)
        {
            for (int round = 0; round < 16 && _phone.Commands.Count > 0; round++)
            {
                _pending.Clear();
                CommandQueue q = _phone.Commands;
                for (int i = 0; i < q.Count; i++)
                {
                    PhoneCommand c = q[i];
                    _pending.Add(new Cmd
                    {
                        Kind = c.Kind, CallId = c.CallId, Uri = c.Uri, Status = c.Status, On = c.On, Digit = c.Digit,
                        Target = c.Target, Level = c.Level, Tone = c.Tone,
                    });
                }

                q.Clear();
                foreach (Cmd c in _pending.ToArray()) Execute(c, nowMs);
            }

            if (_phone.State != _lastState)
            {
                _lastState = _phone.State;
                State = _phone.State;
                if (_o.AutoAnswer && State == PhoneState.Incoming) _autoAnswerAtMs = nowMs + _o.AutoAnswerDelayMs;
                if (State == PhoneState.Connected && !_connectedSeen)
                {
                    _connectedSeen = true;
                    CallsConnected++;
                }
                else if (State != PhoneState.Connected && State != PhoneState.Held)
                {
                    _connectedSeen = false;
                }

                ControlStateChanged(); // HandsetControl.cs: event line, wake `wait`
            }
        }

        private readonly PhoneCommandHolder _holder = new PhoneCommandHolder();

        private void Execute(Cmd c, long nowMs)
        {
            switch (c.Kind)
            {
                case PhoneCommandKind.PlaceCall:
                case PhoneCommandKind.Answer:
                case PhoneCommandKind.Reject:
                case PhoneCommandKind.HangUp:
                case PhoneCommandKind.Hold:
                    string uri = c.Uri;
                    if (c.Kind == PhoneCommandKind.PlaceCall && _pendingUri != null)
                    {
                        uri = _pendingUri;
                        _pendingUri = null;
                    }

                    Log(Describe(c, uri));
                    SipCallBridge.Execute(_agent, _holder.Fill(c.Kind, c.CallId, uri, c.Status, c.On), nowMs);
                    break;
                case PhoneCommandKind.SendDtmf:
                    if (_calls.TryGetValue(c.CallId, out CallMedia m))
                    {
                        bool ok = m.Session.SendDtmf(c.Digit, 120, nowMs);
                        Log("dtmf " + c.Digit + (ok ? "" : " (not sent: no telephone-event)"));
                    }

                    break;
                case PhoneCommandKind.SetMute:
                    _muted = c.On;
                    foreach (CallMedia cm in _calls.Values) cm.Session.Muted = c.On;
                    Log(c.On ? "microphone muted" : "microphone on");
                    break;
                case PhoneCommandKind.SetVolume:
                    if (c.Target == VolumeTarget.Speaker) _speakerVolume = c.Level;
                    Log("volume " + c.Target.ToString().ToLowerInvariant() + " " + c.Level + "%");
                    break;
                case PhoneCommandKind.SetAlert:
                    if (c.Tone != AlertTone.None) Log("alert " + c.Tone.ToString().ToLowerInvariant());
                    break;
            }
        }

        private static string Describe(Cmd c, string uri)
        {
            switch (c.Kind)
            {
                case PhoneCommandKind.PlaceCall: return "place call " + c.CallId + " to " + uri;
                case PhoneCommandKind.Answer: return "answer call " + c.CallId;
                case PhoneCommandKind.Reject: return "reject call " + c.CallId + " with " + c.Status;
                case PhoneCommandKind.HangUp: return "hang up call " + c.CallId;
                default: return (c.On ? "hold" : "resume") + " call " + c.CallId;
            }
        }

        // ---------------------------------------------------------------- SIP: TU and agent events

        bool ISipHostUser.OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            bool handled = _agent.OnRequest(tx, request, source, nowMs);
            Drain(nowMs);
            return handled;
        }

        bool ISipHostUser.OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            bool handled = _agent.OnResponse(tx, response, nowMs);
            Drain(nowMs);
            return handled;
        }

        bool ISipHostUser.OnTimeout(SipTransaction tx, long nowMs)
        {
            bool handled = _agent.OnTimeout(tx, nowMs);
            Drain(nowMs);
            return handled;
        }

        bool ISipHostUser.OnTransportError(SipTransaction tx, long nowMs)
        {
            bool handled = _agent.OnTransportError(tx, nowMs);
            Drain(nowMs);
            return handled;
        }

        void ISipHostUser.OnFlowFailed(int connectionId, long nowMs)
        {
        }

        private void OnRegistration(SipRegistrationEvent e)
        {
            Registration = e.State;
            _agent.ConnectionIdHint = _ep.Registration.ConnectionId;
            Log("registration " + e);
            _phone.Handle(SipCallBridge.ToPhoneEvent(e), NowMs);
            Drain(NowMs);
            Render();
            ControlRegistrationChanged(e.State);
        }

        public void OnCallEvent(SipCallEvent call, long nowMs)
        {
            PhoneEvent e = SipCallBridge.ToPhoneEvent(call);
            Log("event " + e); // RemoteHold/RemoteResume, RequestRejected METHOD status reason, HangupFailed status reason
            _phone.Handle(e, nowMs);
        }

        public void OnMediaUpdate(int callId, SdpNegotiationResult media, long nowMs)
        {
            if (!_calls.TryGetValue(callId, out CallMedia c))
            {
                c = new CallMedia(this, callId, new MediaSession(_kernel, _entropy, _o.Config.Audio.JitterMinMs, _o.Config.Audio.JitterMaxMs));
                MediaStatus st = c.Session.Start(media, nowMs);
                try
                {
                    c.Open(_o.Address, _agent.LocalRtpPort(callId));
                }
                catch (SocketException ex)
                {
                    Log("media: cannot bind RTP port " + _agent.LocalRtpPort(callId) + ": " + ex.SocketErrorCode);
                    c.Session.Stop(nowMs);
                    return;
                }

                c.Session.Muted = _muted;
                c.Report.LocalRtpPort = c.LocalPort;
                c.Report.StartedAtMs = nowMs;
                c.NextFrameMs = nowMs;
                _calls[callId] = c;
                lock (_lock) _current.Add(c.Report);
                _nextStatsMs = nowMs + 1000;
                Log("media start call " + callId + ": " + media + ", " + MediaFacts.Suite(media) + ", to " + media.RemoteAddress + ":" + media.RemotePort +
                    " from :" + c.LocalPort + " (" + st + ")");
            }
            else
            {
                MediaStatus st = c.Session.Update(media, nowMs);
                Log("media update call " + callId + ": " + media + ", " + MediaFacts.Suite(media) + " (" + st + ")");
            }

            c.Report.Suite = MediaFacts.Suite(media);
            c.Report.Secure = media.UsesSrtp;
            c.Retarget();
        }

        public void OnMediaStop(int callId, long nowMs)
        {
            if (!_calls.Remove(callId, out CallMedia c)) return;
            c.Fill(nowMs);
            c.Session.Stop(nowMs);
            c.Close();
            c.Report.StoppedAtMs = nowMs;
            lock (_lock)
            {
                _current.Remove(c.Report);
                _finished.Add(c.Report);
            }
            CallsEnded++;
            Log("media stop call " + callId + ": " + MediaFacts.Summary(c.Report));
        }

        // ---------------------------------------------------------------- media

        private readonly short[] _pcm = new short[480];
        private readonly byte[] _out = new byte[1500];

        private void RunMedia(long nowMs)
        {
            foreach (CallMedia c in _calls.Values)
            {
                int frame = Math.Max(10, c.Session.PtimeMs);
                int samples = c.Session.SamplesPerFrame;
                if (samples <= 0 || samples > _pcm.Length) continue;

                c.Poll();

                // A late pump (GC, a loaded machine) catches up frame by frame; more than 5 s behind
                // restarts the clock rather than bursting a long backlog into the network.
                c.Report.MaxLateMs = Math.Max(c.Report.MaxLateMs, nowMs - c.NextFrameMs);
                if (nowMs - c.NextFrameMs > 5000)
                {
                    c.Report.ClockResets++;
                    c.NextFrameMs = nowMs;
                }

                while (nowMs >= c.NextFrameMs)
                {
                    long t = c.NextFrameMs;
                    _o.Microphone.Read(_pcm, 0, samples);
                    int n = c.Session.Capture(_pcm, 0, t, _out, 0);
                    if (n > 0) c.SendRtp(_out, n);
                    PlayoutKind kind = c.Session.Playout(_pcm, 0, t);
                    if (kind == PlayoutKind.Real) c.Report.FramesPlayed++;
                    else if (kind == PlayoutKind.Concealed) c.Report.FramesConcealed++;
                    Speak(_pcm, samples);
                    c.NextFrameMs += frame;
                    c.Report.FramesClocked++;
                }

                int r = c.Session.PollRtcp(nowMs, _out, 0);
                if (r > 0) c.SendRtcp(_out, r);
                while (c.Session.TryTakeReceivedDigit(out char d))
                {
                    c.Report.DigitsReceived.Add(d);
                    Log("dtmf received " + d);
                }
            }

            // The transaction layer refuses statelessly when every slot is busy (RFC 3261 §21.5.4); say so once per change.
            int full = _ep.Layer.TableFullRejects;
            if (full != _tableFullLogged)
            {
                Log("refused " + (full - _tableFullLogged) + " request(s) with 503 Service Unavailable: no free transaction slot");
                _tableFullLogged = full;
            }

            if (_calls.Count > 0 && nowMs >= _nextStatsMs)
            {
                _nextStatsMs = nowMs + 1000;
                foreach (CallMedia c in _calls.Values)
                {
                    SampleAllocation(c.Report, nowMs);
                    c.Fill(nowMs);
                    _stats = PhoneEvent.MediaStats(_stats, c.CallId, c.Report.Secure, MediaFacts.LossPercent(c.Report));
                    _phone.Handle(_stats, nowMs);
                }
            }
        }

        /// <summary>Media must run this long before the pump's allocations are counted (JIT, first packets, buffers).</summary>
        public const long AllocationWarmUpMs = 3000;

        /// <summary>Pump-thread allocation since the call's warm-up ended (stats tick, pump thread; allocates nothing).</summary>
        private static void SampleAllocation(CallReport r, long nowMs)
        {
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            if (r.AllocBase < 0)
            {
                // The first RTCP each way runs code (and the sockets' paths) for the first time: part of the warm-up.
                if (nowMs - r.StartedAtMs < AllocationWarmUpMs || r.RtcpSent == 0 || r.RtcpReceived == 0) return;
                r.AllocBase = bytes;
                r.AllocFramesBase = r.FramesClocked;
                r.Gen0Base = GC.CollectionCount(0);
                r.ProcessAllocBase = GC.GetTotalAllocatedBytes(true);
                r.HeapAtWarmUpBytes = GC.GetTotalMemory(false);
                return;
            }

            r.PumpAllocatedBytes = bytes - r.AllocBase;
            r.PumpAllocatedFrames = r.FramesClocked - r.AllocFramesBase;
            r.Gen0Collections = GC.CollectionCount(0) - r.Gen0Base;
            r.ProcessAllocatedBytes = GC.GetTotalAllocatedBytes(true) - r.ProcessAllocBase;
            r.HeapBytes = GC.GetTotalMemory(false);
        }

        /// <summary>The MediaStats event, refilled every stats tick.</summary>
        private PhoneEvent _stats;

        private void Speak(short[] pcm, int count)
        {
            int vol = _speakerVolume;
            if (vol != 100)
            {
                for (int i = 0; i < count; i++) pcm[i] = (short)(pcm[i] * vol / 100);
            }

            _speaker?.Write(pcm, 0, count);
            if (_o.KeepSpeakerSamples)
            {
                lock (_lock)
                {
                    for (int i = 0; i < count; i++) _speakerSamples.Add(pcm[i]);
                }
            }
        }

        private void OnDatagram(CallMedia c, bool rtcp, byte[] data, int count, SocketAddress from)
        {
            long now = NowMs;
            int before = MediaFacts.AcceptedCount(c.Session.Statistics, rtcp);
            c.Session.Receive(data, 0, count, now);
            if (MediaFacts.AcceptedCount(c.Session.Statistics, rtcp) > before) c.Latch(rtcp, from);
        }

        /// <summary>The live numbers of every call (pump thread).</summary>
        public Task<CallReport[]> LiveReports() => _ep.Invoke(() =>
        {
            var list = new List<CallReport>();
            foreach (CallMedia c in _calls.Values)
            {
                c.Fill(NowMs);
                list.Add(c.Report);
            }

            return list.ToArray();
        });

        /// <summary>
        /// The RTP/RTCP sockets and clock of one call. Per packet nothing is allocated: datagrams are sent to and
        /// received from SocketAddress objects made when the target changes (the EndPoint overloads of SendTo and
        /// ReceiveFrom serialise or create an endpoint on every call).
        /// </summary>
        private sealed class CallMedia
        {
            private readonly Handset _h;
            private Socket _rtp;
            private Socket _rtcp;
            private IPEndPoint _rtpTo;
            private IPEndPoint _rtcpTo;
            private SocketAddress _rtpToAddress;
            private SocketAddress _rtcpToAddress;
            private bool _rtpLatched;
            private bool _rtcpLatched;

            public CallMedia(Handset h, int callId, MediaSession session)
            {
                _h = h;
                CallId = callId;
                Session = session;
                Report = new CallReport { CallId = callId };
            }

            public readonly int CallId;
            public readonly MediaSession Session;
            public readonly CallReport Report;
            public long NextFrameMs;
            public int LocalPort;

            public void Open(IPAddress address, int port)
            {
                LocalPort = port;
                _rtp = Bind(address, port);
                try
                {
                    _rtcp = Bind(address, port + 1);
                }
                catch
                {
                    _rtp.Dispose();
                    throw;
                }

            }

            private static Socket Bind(IPAddress address, int port)
            {
                var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                s.Bind(new IPEndPoint(address, port));
                return s;
            }

            /// <summary>The SDP said where to send; a latched source (symmetric RTP) wins until the SDP changes.</summary>
            public void Retarget()
            {
                if (!IPAddress.TryParse(Session.RemoteAddress ?? "", out IPAddress a) || Session.RemotePort <= 0) return;
                var rtp = new IPEndPoint(a, Session.RemotePort);
                var rtcp = new IPEndPoint(a, Session.RemoteRtcpPort > 0 ? Session.RemoteRtcpPort : Session.RemotePort + 1);
                if (!_rtpLatched || (_sdpRtp != null && !_sdpRtp.Equals(rtp))) { Target(false, rtp); _rtpLatched = false; }
                if (!_rtcpLatched || (_sdpRtcp != null && !_sdpRtcp.Equals(rtcp))) { Target(true, rtcp); _rtcpLatched = false; }
                _sdpRtp = rtp;
                _sdpRtcp = rtcp;
            }

            private IPEndPoint _sdpRtp;
            private IPEndPoint _sdpRtcp;

            /// <summary>Where RTP (or RTCP) goes from now on: the endpoint, and its socket address for SendTo.</summary>
            private void Target(bool rtcp, IPEndPoint to)
            {
                if (rtcp)
                {
                    _rtcpTo = to;
                    _rtcpToAddress = to.Serialize();
                }
                else
                {
                    _rtpTo = to;
                    _rtpToAddress = to.Serialize();
                    Report.Remote = to.ToString();
                }
            }

            /// <summary>
            /// Symmetric RTP (RFC 4961): answer to where authenticated packets come from. The source is compared as
            /// a socket address, so a packet from the current target (every packet but the first) allocates nothing.
            /// </summary>
            public void Latch(bool rtcp, SocketAddress from)
            {
                SocketAddress to = rtcp ? _rtcpToAddress : _rtpToAddress;
                if (to != null && to.Equals(from))
                {
                    if (rtcp) _rtcpLatched = true;
                    else _rtpLatched = true;
                    return;
                }

                var ep = (IPEndPoint)AnyEndPoint.Create(from);
                Target(rtcp, ep);
                if (rtcp) _rtcpLatched = true;
                else _rtpLatched = true;
                Report.Latches++;
                if (!rtcp) Report.LatchedFrom = ep.ToString();
                _h.Log("media call " + CallId + ": " + (rtcp ? "rtcp" : "rtp") + " latched to " + ep + " (SDP said " + (rtcp ? _sdpRtcp : _sdpRtp) + ")");
            }

            private static readonly IPEndPoint AnyEndPoint = new IPEndPoint(IPAddress.Any, 0);

            public void SendRtp(byte[] data, int count) => Send(_rtp, _rtpToAddress, data, count);

            public void SendRtcp(byte[] data, int count) => Send(_rtcp, _rtcpToAddress, data, count);

            private static void Send(Socket s, SocketAddress to, byte[] data, int count)
            {
                if (s == null || to == null) return;
                try
                {
                    s.SendTo(new ReadOnlySpan<byte>(data, 0, count), SocketFlags.None, to);
                }
                catch (SocketException)
                {
                    // ICMP port unreachable before the far end opened its socket, etc.: media is best effort.
                }
                catch (ObjectDisposedException)
                {
                }
            }

            private readonly byte[] _rx = new byte[2048];
            private readonly SocketAddress _from = new SocketAddress(AddressFamily.InterNetwork);

            /// <summary>
            /// Reads every datagram waiting on the RTP and RTCP sockets into the session (pump thread, before the
            /// frame clock runs), so after a stall the packets that arrived meanwhile are in the jitter buffer
            /// before the frames they carry are due.
            /// </summary>
            public void Poll()
            {
                PollOne(_rtp, false);
                PollOne(_rtcp, true);
            }

            private void PollOne(Socket s, bool rtcp)
            {
                for (int i = 0; i < 500 && s != null; i++)
                {
                    int n;
                    try
                    {
                        // Poll, not Available: Available counts bytes, so an empty datagram at the head of the
                        // queue reads as "nothing waiting" and would hold every datagram behind it for good.
                        if (!s.Poll(0, SelectMode.SelectRead)) return;
                        n = s.ReceiveFrom(_rx.AsSpan(), SocketFlags.None, _from);
                    }
                    catch (SocketException)
                    {
                        continue; // an ICMP error queued on the socket: read on
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }

                    _h.OnDatagram(this, rtcp, _rx, n, _from);
                }
            }

            public void Fill(long nowMs)
            {
                MediaFacts.Fill(Report, Session.Statistics); // Report.Remote is set when the target changes
            }

            public void Close()
            {
                _rtp?.Dispose();
                _rtcp?.Dispose();
            }
        }

        // ---------------------------------------------------------------- display and log

        private void Render()
        {
            HandsetDisplay d = _o.Display;
            if (d == null) return;
            CallReport live = null;
            foreach (CallMedia c in _calls.Values)
            {
                live = c.Report;
                break;
            }

            d.Render(Name, _screen.Screen, _phone.State, _phone.Registration, live);
            _screen.Screen.ClearDirty();
            _nextRenderMs = NowMs + 1000;
        }

        internal void Log(string line) => _o.Log?.Invoke(line);

        /// <summary>
        /// An even base inside audio.rtp_port_min..rtp_port_max whose pairs for every call slot are free (two handsets on
        /// one machine share the default range); the range's first port when none is found.
        /// </summary>
        public static int PickRtpBase(IPAddress address, int min, int max, int slots)
        {
            int bases = (max - min) / 2 - (slots - 1) + 1;
            for (int attempt = 0; attempt < 50 && bases > 0; attempt++)
            {
                int p = min + 2 * RandomNumberGenerator.GetInt32(0, bases);
                if (Free(address, p, 2 * slots)) return p;
            }

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
            _ep.Dispose();
            foreach (CallMedia c in _calls.Values) c.Close();
            _speaker?.Dispose();
            _tls?.Dispose();
            _done.TrySetResult(ScriptError == null);
        }

        /// <summary>Random bytes from the OS CSPRNG (the device uses the ESP32 hardware RNG).</summary>
        private sealed class OsEntropy : IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count) => RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
        }
    }
}
