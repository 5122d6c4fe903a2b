using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Phone.Call;
using Phone.Config;
using Phone.Host.Sip;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Dialog;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Crypto;
using Phone.Media;

namespace Phone.Host.Tests.Sip.Dialog
{
    /// <summary>
    /// Test-only wiring of SipCallAgent onto the host pump (SipHostEndpoint, no REGISTER): the agent is the
    /// endpoint's TU hook, and its events and media updates are recorded for the test thread. Commands are posted
    /// to the pump thread, as the firmware's single loop would run them.
    /// </summary>
    internal sealed class CallAgentHost : ISipHostUser, ISipCallListener, IDisposable
    {
        private readonly object _lock = new object();
        private readonly List<PhoneEvent> _events = new List<PhoneEvent>();
        private readonly List<SdpNegotiationResult> _media = new List<SdpNegotiationResult>();
        private readonly List<string> _log = new List<string>();

        public CallAgentHost(SipTransportKind transport, SrtpMode srtp, bool autoAnswer)
        {
            Config = new PhoneConfig();
            Config.Sip.User = "1001";
            Config.Sip.AuthUser = "1001";
            Config.Sip.Password = "unused";
            Config.Sip.DisplayName = "Desk";
            Config.Sip.Transport = transport;
            Config.Sip.Port = 5060;
            Config.Srtp.Mode = srtp;
            // No registrar: sipp calls us (and answers our calls) straight, so requests come from an unlisted
            // address; the flood limits have their own tests (SourcePolicyTests, SippFloodTests).
            Config.Sip.AcceptFromAny = true;
            AutoAnswer = autoAnswer;
            Endpoint = new SipHostEndpoint(Config.Sip, null, new SipHostEndpointOptions { Register = false, ListenTcp = true });
            Endpoint.Layer.SourceBurst = 0;
            Endpoint.Layer.MaxServerPerSource = 0;
            Agent = new SipCallAgent(Endpoint.Layer, Config.Sip, Config.Srtp, Config.Audio, new CryptoEntropy(), "127.0.0.1", 42000, 2) { Listener = this };
            Endpoint.User = this;
            Endpoint.Traced += e => Log((e.Outbound ? "-> " : "<- ") + e);
            Endpoint.Start();
        }

        /// <summary>A phone registered as config says (the registrar's realms bound to the agent), with the phone's limits.</summary>
        public CallAgentHost(PhoneConfig config, SipHostEndpointOptions options, int firstRtpPort, bool autoAnswer)
        {
            Config = config;
            AutoAnswer = autoAnswer;
            Endpoint = new SipHostEndpoint(Config.Sip, null, options);
            Agent = new SipCallAgent(Endpoint.Layer, Config.Sip, Config.Srtp, Config.Audio, new CryptoEntropy(), "127.0.0.1", firstRtpPort, 2)
            {
                Listener = this,
                Realms = Endpoint.Registration.Realms,
            };
            Endpoint.User = this;
            Endpoint.Traced += e => Log((e.Outbound ? "-> " : "<- ") + e);
            Endpoint.Start();
        }

        public PhoneConfig Config { get; }

        public SipHostEndpoint Endpoint { get; }

        public SipCallAgent Agent { get; }

        /// <summary>Answer every incoming call 300 ms after it is announced.</summary>
        public bool AutoAnswer { get; set; }

        public void Execute(PhoneCommandKind kind, int callId, string uri = null, bool on = false, int status = 0)
        {
            var c = new PhoneCommand { Kind = kind, CallId = callId, Uri = uri, On = on, Status = status };
            Endpoint.Post(() => SipCallBridge.Execute(Agent, c, Endpoint.NowMs));
        }

        public PhoneEvent[] Events
        {
            get { lock (_lock) return _events.ToArray(); }
        }

        public SdpNegotiationResult[] Media
        {
            get { lock (_lock) return _media.ToArray(); }
        }

        public string Trace
        {
            get { lock (_lock) return string.Join("\n", _log); }
        }

        public PhoneEvent WaitFor(Func<PhoneEvent, bool> match, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                foreach (PhoneEvent e in Events)
                {
                    if (match(e)) return e;
                }

                Thread.Sleep(20);
            }

            return null;
        }

        public SdpNegotiationResult WaitForMedia(Func<SdpNegotiationResult, bool> match, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                foreach (SdpNegotiationResult m in Media)
                {
                    if (match(m)) return m;
                }

                Thread.Sleep(20);
            }

            return null;
        }

        private void Log(string s)
        {
            lock (_lock) _log.Add(s);
        }

        // ---- ISipCallListener (pump thread)

        public void OnCallEvent(SipCallEvent call, long nowMs)
        {
            PhoneEvent e = SipCallBridge.ToPhoneEvent(call);
            lock (_lock)
            {
                _events.Add(e);
                _log.Add(nowMs + " ms: event " + e.Kind + " call " + e.CallId + " status " + e.Status + " " + e.Reason);
            }

            if (AutoAnswer && e.Kind == PhoneEventKind.IncomingCall)
            {
                int id = e.CallId;
                System.Threading.Tasks.Task.Delay(300).ContinueWith(_ => Execute(PhoneCommandKind.Answer, id));
            }
        }

        public void OnMediaUpdate(int callId, SdpNegotiationResult media, long nowMs)
        {
            lock (_lock)
            {
                _media.Add(media);
                _log.Add(nowMs + " ms: media " + callId + " " + media);
            }
        }

        public void OnMediaStop(int callId, long nowMs)
        {
            Log(nowMs + " ms: media stop " + callId);
        }

        // ---- ISipHostUser (pump thread)

        public bool OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs) => Agent.OnRequest(tx, request, source, nowMs);

        public bool OnResponse(SipTransaction tx, SipMessage response, long nowMs) => Agent.OnResponse(tx, response, nowMs);

        public bool OnTimeout(SipTransaction tx, long nowMs) => Agent.OnTimeout(tx, nowMs);

        public bool OnTransportError(SipTransaction tx, long nowMs) => Agent.OnTransportError(tx, nowMs);

        public void OnFlowFailed(int connectionId, long nowMs)
        {
        }

        public long NextDeadlineMs => Agent.NextDeadlineMs;

        public void AdvanceTo(long nowMs) => Agent.AdvanceTo(nowMs);

        public void Dispose() => Endpoint.Dispose();

        private sealed class CryptoEntropy : Phone.Crypto.IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count) =>
                System.Security.Cryptography.RandomNumberGenerator.Fill(new Span<byte>(buffer, offset, count));
        }
    }
}
