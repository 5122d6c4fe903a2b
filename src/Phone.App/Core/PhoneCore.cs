using Phone.Call;
using Phone.Config;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.Media;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Mwi;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Crypto;

namespace Phone.App.Core
{
    /// <summary>
    /// The sans-I/O core as the phone runs it, owned by the core thread alone: SipTransport → SipTransactionLayer →
    /// SipRequestPolicy → this TU, which hands responses to SipRegistration first, then to the voicemail's
    /// SipMwiSubscription (when sip.voicemail and sip.mwi ask for one), and to SipCallAgent otherwise; NOTIFY goes to
    /// the subscription, every other request to the call agent; PhoneStateMachine for keys, display and calls.
    /// Call-agent events go to the state machine, media updates to the MediaEngine, and the state machine's
    /// commands go back to the call agent (call control) or the MediaEngine (mute, volume, tones, DTMF).
    /// Nothing here blocks or touches a socket: SipNetwork executes the transport's actions through the SIP link driver.
    /// </summary>
    public sealed class PhoneCore : ISipTransactionUser, ISipRegistrationListener, ISipCallListener, ISipMwiListener
    {
        /// <summary>
        /// The state machine keeps at most two calls (one in the foreground, one waiting or held). RTP of call slot i
        /// is on audio.rtp_port_min + 2i (RTCP + 1, RFC 3550 §11); the config validator keeps room for every slot.
        /// </summary>
        public const int MaxCalls = ConfigValidator.CallSlots;

        /// <summary>Stream connections the SIP transport keeps at most (the registrar's flow, calls' other flows).</summary>
        public const int MaxConnections = 4;

        private readonly SipTransport _transport;
        private readonly SipTransactionLayer _layer;
        private readonly SipRequestPolicy _policy;
        private readonly SipRegistration _registration;
        private readonly SipCallAgent _agent;
        private readonly SipMwiSubscription _mwi;
        private readonly PhoneStateMachine _machine;
        private readonly MediaEngine _media;
        private readonly MediaSnapshot _snapshot = new MediaSnapshot();
        private long _nextStatsMs;
        private readonly bool _register;
        private readonly IEventLog _log;

        /// <param name="localAddress">our IPv4 address (Via, Contact, SDP c=).</param>
        /// <param name="sipPort">the SIP UDP port (Via sent-by).</param>
        /// <param name="instanceId">RFC 5626 instance id: stable per device (derived from the MAC).</param>
        public PhoneCore(PhoneConfig config, IEntropySource entropy, string localAddress, int sipPort, string instanceId,
            MediaEngine media, PhoneStateMachine machine, long nowMs)
            : this(config, entropy, localAddress, sipPort, instanceId, media, machine, null, nowMs)
        {
        }

        /// <param name="log">event lines (registration, call events, media); null for none.</param>
        public PhoneCore(PhoneConfig config, IEntropySource entropy, string localAddress, int sipPort, string instanceId,
            MediaEngine media, PhoneStateMachine machine, IEventLog log, long nowMs)
        {
            _log = log;
            _media = media;
            _machine = machine;
            _register = config.Sip.Register;
            _transport = new SipTransport(MaxConnections, 64);
            if (config.Sip.KeepAliveSeconds >= 0)
            {
                // sip.keepalive_s also sets the TCP/TLS ping (RFC 5626 §4.4.1); 0 leaves a dead flow to TCP itself.
                _transport.KeepAliveIntervalMs = config.Sip.KeepAliveSeconds * 1000L;
            }

            // Own requests and received requests in separate pools: a flood of strangers' requests never blocks a
            // REGISTER refresh or a call (security finding 2).
            _layer = new SipTransactionLayer(_transport, entropy, null, 16, 16);
            _layer.LocalHost = localAddress;
            _layer.LocalPort = sipPort;
            _layer.CheckSentBy = true;
            _policy = new SipRequestPolicy(_layer, this);
            // RFC 4028: the call agent answers session timers (a Require: timer from a caller or proxy is met);
            // RFC 3891: an INVITE may Require: replaces (a transfer target taking over a call).
            _policy.SupportedOptions = new string[] { "timer", "replaces" };
            // REFER and NOTIFY carry transfers (RFC 3515); NOTIFY also the voicemail's summaries (RFC 3842).
            _policy.AllowedMethods = new string[] { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "REFER", "NOTIFY" };
            _layer.User = _policy;
            _registration = new SipRegistration(_layer, config.Sip, instanceId, entropy, null);
            _registration.Listener = this;
            // Requests only from the registrar / outbound proxy (listed by SipRegistration) unless sip.accept_from_any.
            _layer.UsePhoneLimits(config.Sip.AcceptFromAny);
            _agent = new SipCallAgent(_layer, config.Sip, config.Srtp, config.Audio, entropy, localAddress, config.Audio.RtpPortMin, MaxCalls);
            _agent.Listener = this;
            _agent.TransferEnabled = config.Call.Transfer;
            // Calls answer digest challenges only for the realm our registrar challenged REGISTER with (digest leak).
            _agent.Realms = _registration.Realms;
            if (config.Sip.Mwi && config.Sip.Voicemail != null && config.Sip.Voicemail.Length > 0)
            {
                // RFC 3842 message waiting: SUBSCRIBE answers challenges of the registrar's realms only, as calls do.
                _mwi = new SipMwiSubscription(_layer, config.Sip, _registration.Realms, entropy, null);
                _mwi.Listener = this;
            }
        }

        public SipTransport Transport
        {
            get { return _transport; }
        }

        public SipRegistration Registration
        {
            get { return _registration; }
        }

        public SipCallAgent Agent
        {
            get { return _agent; }
        }

        /// <summary>The voicemail's message-summary subscription; null when sip.voicemail is unset or sip.mwi is false.</summary>
        public SipMwiSubscription Mwi
        {
            get { return _mwi; }
        }

        /// <summary>The request policy in front of the call agent (its refusal counters feed the diagnostics).</summary>
        public SipRequestPolicy Policy
        {
            get { return _policy; }
        }

        public SipTransactionLayer Layer
        {
            get { return _layer; }
        }

        public PhoneStateMachine Machine
        {
            get { return _machine; }
        }

        /// <summary>The last registration change, for the diagnostics screen.</summary>
        public SipRegistrationEvent LastRegistration { get; private set; }

        public void Start(long nowMs)
        {
            if (_register)
            {
                _registration.Start(nowMs);
            }
            else if (_mwi != null)
            {
                _mwi.Start(nowMs);
            }

            RunCommands(nowMs);
        }

        /// <summary>Unregisters (Expires: 0) before a restart or when the network goes away for good.</summary>
        public void Shutdown(long nowMs)
        {
            if (_mwi != null)
            {
                _mwi.Shutdown(nowMs);
            }

            _registration.Shutdown(nowMs);
        }

        /// <summary>Timers of every layer, then the state machine's commands.</summary>
        public void AdvanceTo(long nowMs)
        {
            _transport.AdvanceTo(nowMs);
            _layer.AdvanceTo(nowMs);
            _registration.AdvanceTo(nowMs);
            if (_mwi != null)
            {
                _mwi.AdvanceTo(nowMs);
            }

            _agent.AdvanceTo(nowMs);
            _machine.Tick(nowMs);
            ReportMedia(nowMs);
            RunCommands(nowMs);
        }

        /// <summary>The earliest deadline of any layer (long.MaxValue when none).</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (_machine.Commands.Count > 0)
                {
                    return 0; // commands left over from a bounded pass run on the next one
                }

                long d = _transport.NextDeadlineMs;
                d = Min(d, _layer.NextDeadlineMs);
                d = Min(d, _registration.NextDeadlineMs);
                if (_mwi != null)
                {
                    d = Min(d, _mwi.NextDeadlineMs);
                }

                d = Min(d, _agent.NextDeadlineMs);
                d = Min(d, _machine.NextDeadlineMs);
                if (_agent.ActiveCalls > 0)
                {
                    d = Min(d, _nextStatsMs);
                }

                return d;
            }
        }

        public void Press(PhoneKey key, long nowMs)
        {
            _machine.Press(key, nowMs);
            RunCommands(nowMs);
        }

        /// <summary>Wi-Fi came or went: the signal icon (0 = no network), and a re-registration is due when it came back.</summary>
        public void NetworkChanged(int signal, long nowMs)
        {
            if (signal > 0)
            {
                // Back on the network: a registration waiting out its backoff tries again now.
                _registration.NetworkRestored(nowMs);
            }

            _machine.Handle(PhoneEvent.NetworkChanged(signal), nowMs);
            RunCommands(nowMs);
        }

        /// <summary>Call after anything fed the core (network events), so commands the state machine emitted run.</summary>
        public void AfterInput(long nowMs)
        {
            RunCommands(nowMs);
        }

        // ================================================================ TU (behind SipRequestPolicy)

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            // A NOTIFY in a call's dialog reports a transfer (RFC 3515 §2.4.4); any other belongs to the voicemail
            // subscription (it answers strangers 481); INVITE, ACK, CANCEL, BYE, UPDATE and REFER go to the call
            // agent; OPTIONS and unknown methods were answered by the policy before this point (RFC 3261 §11, §8.2.1).
            if (_mwi != null && !_agent.OwnsDialog(request) && _mwi.OnRequest(tx, request, nowMs))
            {
                return;
            }

            _agent.OnRequest(tx, request, source, nowMs);
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (!_registration.OnResponse(tx, response, nowMs) && (_mwi == null || !_mwi.OnResponse(tx, response, nowMs)))
            {
                _agent.OnResponse(tx, response, nowMs);
            }
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            if (!_registration.OnTimeout(tx, nowMs) && (_mwi == null || !_mwi.OnTimeout(tx, nowMs)))
            {
                _agent.OnTimeout(tx, nowMs);
            }
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            if (!_registration.OnTransportError(tx, nowMs) && (_mwi == null || !_mwi.OnTransportError(tx, nowMs)))
            {
                _agent.OnTransportError(tx, nowMs);
            }
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            _registration.OnFlowFailed(connectionId, nowMs);
        }

        // ================================================================ registration and calls upwards

        public void OnRegistrationChanged(SipRegistrationEvent e)
        {
            LastRegistration = e;
            string outbound = "";
            if (e.State == RegistrationState.Registered && _registration.OutboundActive)
            {
                // RFC 5626: the registrar took the flow as an outbound flow; its Flow-Timer sets the keep-alives.
                outbound = _registration.FlowTimerSeconds > 0
                    ? " outbound, Flow-Timer " + _registration.FlowTimerSeconds.ToString() + " s"
                    : " outbound";
            }

            Log("registration " + e.ToString() + outbound);

            // Calls reuse the registration's flow, so the proxy sees one connection (RFC 5626 §5).
            _agent.ConnectionIdHint = _registration.ConnectionId;
            _agent.OutboundFlow = _registration.OutboundActive;
            _machine.Handle(SipCallBridge.ToPhoneEvent(e), e.AtMs);
            if (_mwi != null && e.State == RegistrationState.Registered)
            {
                // Subscribe once the registrar knows us (and its realm is learnt); Start does nothing while active.
                _mwi.Start(e.AtMs);
            }
        }

        public void OnMessageSummary(MessageSummary summary, long nowMs)
        {
            PhoneEvent p = PhoneEvent.MessageWaiting(summary.MessagesWaiting, summary.NewMessages, summary.OldMessages);
            Log("event " + p.ToString());
            _machine.Handle(p, nowMs);
        }

        public void OnCallEvent(SipCallEvent e, long nowMs)
        {
            PhoneEvent p = SipCallBridge.ToPhoneEvent(e);
            Log("event " + p.ToString());
            _machine.Handle(p, nowMs);
        }

        public void OnMediaUpdate(int callId, SdpNegotiationResult media, long nowMs)
        {
            bool mixing = _media.Conference;
            MediaStatus status = _media.Update(callId, _agent.LocalRtpPort(callId), media, nowMs);
            if (_log != null)
            {
                Log("media update call " + callId.ToString() + ": " + media.ToString() + " (" + (status == MediaStatus.Ok ? "ok" : _media.LastError) + ")");
            }

            if (status != MediaStatus.Ok && !_media.HasMedia(callId))
            {
                // The call has no media at all (its RTP port could not be bound, the keys were refused): not a silent call.
                PhoneEvent failed = PhoneEvent.MediaFailed(callId, _media.LastError);
                Log("event " + failed.ToString());
                _machine.Handle(failed, nowMs);
            }

            if (mixing && !_media.Conference && _machine.Conference)
            {
                // A leg's new offer/answer cannot be mixed (another ptime): the screen and the calls follow the media.
                _machine.Handle(PhoneEvent.ConferenceRefused(_media.LastError), nowMs);
            }

            _nextStatsMs = nowMs + 2000;
        }

        public void OnMediaStop(int callId, long nowMs)
        {
            Log("media stop call " + callId.ToString());
            _media.Stop(callId, nowMs);
        }

        // ================================================================ commands downwards

        /// <summary>
        /// Executes the state machine's commands oldest first, one taken at a time: executing one can make the call
        /// agent report an event that emits more, which queue behind it and run in this same pass. Bounded, so a
        /// command storm cannot hold the loop.
        /// </summary>
        private void RunCommands(long nowMs)
        {
            CommandQueue q = _machine.Commands;
            for (int n = 0; n < MaxCommandsPerPass && q.TryTake(_command); n++)
            {
                Run(_command, nowMs);
            }
        }

        /// <summary>Commands run per pass at most; what is left runs on the next pass of the loop.</summary>
        public const int MaxCommandsPerPass = 32;

        private readonly PhoneCommand _command = new PhoneCommand();

        private void Run(PhoneCommand c, long nowMs)
        {
            switch (c.Kind)
            {
                case PhoneCommandKind.SendDtmf:
                    _media.SendDtmf(c.CallId, c.Digit, nowMs);
                    break;
                case PhoneCommandKind.SetMute:
                    _media.SetMuted(c.On);
                    break;
                case PhoneCommandKind.SetVolume:
                    _media.SetVolume(c.Target, c.Level);
                    break;
                case PhoneCommandKind.SetAlert:
                    _media.SetAlert(c.Tone, nowMs);
                    break;
                case PhoneCommandKind.Conference:
                    if (!_media.SetConference(c.On))
                    {
                        _machine.Handle(PhoneEvent.ConferenceRefused(_media.LastError), nowMs);
                    }
                    break;
                default:
                    SipCallBridge.Execute(_agent, c, nowMs);
                    break;
            }
        }

        /// <summary>Every 2 s during a call: secure flag and loss for the call screen (PhoneEvent.MediaStats).</summary>
        private void ReportMedia(long nowMs)
        {
            if (nowMs < _nextStatsMs || _agent.ActiveCalls == 0)
            {
                return;
            }

            _nextStatsMs = nowMs + 2000;
            CallLeg leg = _machine.Current;
            if (leg != null && _media.ReadStatistics(leg.Id, _snapshot))
            {
                _stats = PhoneEvent.MediaStats(_stats, leg.Id, _snapshot.Secure, _snapshot.LossPercent);
                _machine.Handle(_stats, nowMs);
            }
        }

        /// <summary>The MediaStats event, made once and refilled (ReportMedia runs for as long as a call lasts).</summary>
        private PhoneEvent _stats;

        private void Log(string line)
        {
            if (_log != null)
            {
                _log.Line(line);
            }
        }

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }
    }
}
