using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Sip.Registration;
using Phone.Ui;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// The control interface's handset side: a command presses the phone's keys and reads its state as a user would
    /// (one command at a time, on the client's thread, bounded), state and registration changes become event lines,
    /// and `wait` is completed by the monitor when the state is reached — so a client never has to sleep and poll.
    /// The socket side is <see cref="ControlServer"/>.
    /// </summary>
    public sealed partial class Handset
    {
        /// <summary>How long a command may take before the client is told so.</summary>
        private const int ControlTimeoutMs = 5000;

        private readonly SemaphoreSlim _control = new SemaphoreSlim(1, 1);
        private readonly List<ControlWaiter> _controlWaiters = new List<ControlWaiter>();

        /// <summary>
        /// Event lines ("event state connected call -1", "event registration registered"), raised on the monitor
        /// thread; a subscriber must not block (the server queues them per client).
        /// </summary>
        public event Action<string> ControlEvent;

        private sealed class ControlWaiter
        {
            public string Condition;

            /// <summary>The condition as the script's until step, its state parsed once.</summary>
            public ScriptStep Step;
            public readonly TaskCompletionSource<string> Done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Runs a parsed command and returns its one reply line ("ok …" or "error …").</summary>
        public async Task<string> ControlAsync(ControlCommand c)
        {
            if (c.Verb != ControlVerb.Wait) return await Serial(() => ExecuteControl(c)).ConfigureAwait(false);

            var w = new ControlWaiter { Condition = c.Condition, Step = new ScriptStep { Kind = ScriptStepKind.Until, Condition = c.Condition } };
            if (Enum.TryParse(c.Condition, true, out PhoneState parsed)) w.Step.State = parsed;
            lock (_controlWaiters)
            {
                if (Reached(w.Step)) return Ok(w.Condition);
                _controlWaiters.Add(w);
            }

            Task timeout = Task.Delay(TimeSpan.FromMilliseconds(c.TimeoutMs));
            if (await Task.WhenAny(w.Done.Task, timeout).ConfigureAwait(false) == w.Done.Task) return w.Done.Task.Result;

            // Timed out on this side; a state reached at the last moment is still an ok.
            lock (_controlWaiters)
            {
                _controlWaiters.Remove(w);
                if (w.Done.Task.IsCompleted) return w.Done.Task.Result;
                if (Reached(w.Step)) return Ok(w.Condition);
            }

            return "error timeout waiting for " + w.Condition + " after " + c.TimeoutMs + " ms: state " + StateName(State) +
                   " registration " + Registration.ToString().ToLowerInvariant();
        }

        /// <summary>One command at a time; one that cannot get its turn or finish in time is answered with an error.</summary>
        private async Task<string> Serial(Func<string> f)
        {
            if (!await _control.WaitAsync(ControlTimeoutMs).ConfigureAwait(false)) return "error handset not responding";
            Task<string> t = Task.Run(f);
            try
            {
                if (await Task.WhenAny(t, Task.Delay(ControlTimeoutMs)).ConfigureAwait(false) != t) return "error handset not responding";
                return await t.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A bug in a command must not take the handset or the socket down; say what happened.
                Log("control: " + e.GetType().Name + ": " + e.Message);
                return "error internal " + e.GetType().Name;
            }
            finally
            {
                // A command that overran still holds the keypad: the next one waits for it.
                _ = t.ContinueWith(_ => _control.Release(), TaskScheduler.Default);
            }
        }

        /// <summary>Monitor: the phone's state changed.</summary>
        private void ControlStateChanged(PhoneState s, CallLeg current)
        {
            ControlEvent?.Invoke("event state " + StateName(s) + " call " + CallIdText(current));
            CompleteWaiters();
        }

        /// <summary>Monitor: the registration changed.</summary>
        private void ControlRegistrationChanged(RegistrationState s)
        {
            ControlEvent?.Invoke("event registration " + s.ToString().ToLowerInvariant());
            CompleteWaiters();
        }

        private void CompleteWaiters()
        {
            lock (_controlWaiters)
            {
                for (int i = _controlWaiters.Count - 1; i >= 0; i--)
                {
                    ControlWaiter w = _controlWaiters[i];
                    if (!Reached(w.Step)) continue;
                    _controlWaiters.RemoveAt(i);
                    w.Done.TrySetResult(Ok(w.Condition));
                }
            }
        }

        private string Ok(string condition) => "ok " + condition + " call " + CallIdText(_phone.Machine?.Current);

        private static string StateName(PhoneState s) => s.ToString().ToLowerInvariant();

        private static string CallIdText(CallLeg leg) => leg == null ? "none" : leg.Id.ToString(CultureInfo.InvariantCulture);

        // ---------------------------------------------------------------- the commands

        private string ExecuteControl(ControlCommand c)
        {
            // After quit the run is hanging up: no new calls or keys in between.
            if (_done.Task.IsCompleted && c.Verb != ControlVerb.State && c.Verb != ControlVerb.Stats && c.Verb != ControlVerb.Ping)
            {
                return "error stopping";
            }

            PhoneStateMachine m = _phone.Machine;
            if (m == null && c.Verb != ControlVerb.Ping && c.Verb != ControlVerb.Help && c.Verb != ControlVerb.Quit) return "error phone still booting";
            PhoneState s = State;
            switch (c.Verb)
            {
                case ControlVerb.Dial:
                    if (s == PhoneState.Dialing) PressKey(PhoneKey.HangUp); // start from an empty number
                    else if (s != PhoneState.Idle && s != PhoneState.Ended) return Busy("dial", s);
                    Log("control: dial " + c.Digits + (c.Uri != null ? " (" + c.Uri + ")" : ""));
                    NoteUri(c.Uri);
                    foreach (char d in c.Digits) PressKey(HandsetScript.DigitKey(d));
                    PressKey(PhoneKey.Call);
                    return State == PhoneState.Calling || State == PhoneState.Ringback
                        ? "ok calling call " + CallIdText(m.Current)
                        : "error call not placed: state " + StateName(State);
                case ControlVerb.Key:
                    Log("control: key " + c.Key);
                    if (!PressKey(c.Key)) return "error key " + c.Key.ToString().ToLowerInvariant() + ": not on this board's keypad";
                    return "ok state " + StateName(State);
                case ControlVerb.Answer:
                    CallLeg other = m.Other;
                    bool waiting = other != null && other.Stage == CallStage.Waiting;
                    if (s != PhoneState.Incoming && !waiting) return Busy("answer: no call ringing", s);
                    return Press("answer", PhoneKey.Call);
                case ControlVerb.Hangup:
                    if (m.Current == null) return Busy("hangup: no call", s);
                    return Press("hangup", PhoneKey.HangUp);
                case ControlVerb.Hold:
                    if (s == PhoneState.Held) return "ok held call " + CallIdText(m.Current);
                    if (s != PhoneState.Connected) return Busy("hold: no connected call", s);
                    return Press("hold", PhoneKey.Hold);
                case ControlVerb.Resume:
                    if (s == PhoneState.Connected) return "ok connected call " + CallIdText(m.Current);
                    if (s != PhoneState.Held) return Busy("resume: no held call", s);
                    return Press("resume", PhoneKey.Hold);
                case ControlVerb.Dtmf:
                    if (s != PhoneState.Connected) return Busy("dtmf: no connected call", s);
                    return Press("dtmf", c.Key);
                case ControlVerb.State:
                    return StateLine(m);
                case ControlVerb.Stats:
                    return StatsLine(c.CallId, m);
                case ControlVerb.Ping:
                    return "ok pong";
                case ControlVerb.Help:
                    return "ok commands: " + ControlProtocol.Commands;
                case ControlVerb.Quit:
                    // The connection stops the run once this reply is queued (ControlServer), so the reply is not lost
                    // to the shutdown that closes every connection.
                    Log("control: quit");
                    return "ok quit";
                default:
                    return "error unknown command";
            }
        }

        private string Press(string what, PhoneKey key)
        {
            Log("control: " + what);
            PressKey(key);
            return "ok " + StateName(State) + " call " + CallIdText(_phone.Machine.Current);
        }

        private static string Busy(string what, PhoneState s) => "error " + what + " (state " + StateName(s) + ")";

        private string StateLine(PhoneStateMachine m)
        {
            var b = new StringBuilder("ok state=").Append(StateName(m.State));
            b.Append(" registration=").Append(Registration.ToString().ToLowerInvariant());
            b.Append(" muted=").Append(m.Muted ? 1 : 0).Append(" dnd=").Append(m.Dnd ? 1 : 0);
            b.Append(" volume=").Append(m.SpeakerVolume.ToString(CultureInfo.InvariantCulture));
            CallLeg current = m.Current, other = m.Other;
            int n = (current != null ? 1 : 0) + (other != null ? 1 : 0);
            b.Append(" calls=").Append(n);
            foreach (CallLeg leg in new[] { current, other })
            {
                if (leg == null) continue;
                b.Append(" call=").Append(leg.Id.ToString(CultureInfo.InvariantCulture)).Append(':').Append(leg.Stage.ToString().ToLowerInvariant())
                    .Append(':').Append(leg.Outgoing ? "out" : "in");
                if (leg.HeldLocal) b.Append(":held");
                if (leg.HeldRemote) b.Append(":remote-held");
                if (leg.Secure) b.Append(":secure");
            }

            TextScreen screen = _phone.App.Phone.Screen.Screen;
            for (int r = 0; r < TextScreen.Rows; r++) b.Append(" row").Append(r).Append('=').Append(ControlProtocol.Quote(screen.Line(r)));
            return b.ToString();
        }

        private string StatsLine(int? callId, PhoneStateMachine m)
        {
            CallReport r = null;
            bool live = false;
            lock (_lock)
            {
                int want = callId ?? (m.Current != null ? m.Current.Id : int.MinValue);
                if (_live.TryGetValue(want, out r))
                {
                    live = true;
                }
                else if (!callId.HasValue && _live.Count > 0)
                {
                    foreach (CallReport any in _live.Values)
                    {
                        r = any;
                        break;
                    }

                    live = true;
                }
                else
                {
                    foreach (CallReport f in _finished)
                    {
                        if (!callId.HasValue || f.CallId == callId.Value) r = f;
                    }
                }

                if (live && _phone.App.Phone.Media.ReadStatistics(r.CallId, _statsSnapshot)) MediaFacts.Fill(r, _statsSnapshot);
            }

            if (r == null) return callId.HasValue ? "error no media for call " + callId.Value : "error no call has had media yet";
            var inv = CultureInfo.InvariantCulture;
            var b = new StringBuilder("ok call=").Append(r.CallId.ToString(inv)).Append(" live=").Append(live ? 1 : 0);
            b.Append(" suite=").Append(r.Secure ? ControlProtocol.Quote(r.Suite) : "none");
            b.Append(" remote=").Append(ControlProtocol.Quote(r.Remote ?? "none"));
            b.Append(" packets_sent=").Append(r.PacketsSent).Append(" packets_received=").Append(r.PacketsReceived);
            b.Append(" lost=").Append(r.PacketsLost).Append(" late=").Append(r.FramesLate);
            b.Append(" concealed=").Append(r.FramesConcealed).Append(" frames=").Append(r.FramesClocked);
            b.Append(" jitter_ms=").Append(r.JitterMs.ToString("0.0", inv));
            b.Append(" rtt_ms=").Append(r.RttMs >= 0 ? r.RttMs.ToString("0.0", inv) : "na");
            b.Append(" auth_failures_rtp=").Append(r.AuthFailures).Append(" auth_failures_rtcp=").Append(r.RtcpAuthFailures);
            b.Append(" replayed=").Append(r.Replays).Append(" malformed=").Append(r.Malformed).Append(" unprotected=").Append(r.Unprotected);
            b.Append(" unknown_ssrc=").Append(r.UnknownSsrc).Append(" srtcp_short_tag=").Append(r.ShortRtcpTags).Append(" rtcp_app=").Append(r.RtcpApp);
            b.Append(" rtcp_sent=").Append(r.RtcpSent).Append(" rtcp_received=").Append(r.RtcpReceived);
            b.Append(" dtmf_received=").Append(r.DigitsReceived.Count == 0 ? "none" : ControlProtocol.Quote(new string(r.DigitsReceived.ToArray())));
            return b.ToString();
        }

        /// <summary>The snapshot a stats command reads into (under the report lock).</summary>
        private readonly Phone.App.Media.MediaSnapshot _statsSnapshot = new Phone.App.Media.MediaSnapshot();
    }
}
