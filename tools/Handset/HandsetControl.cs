using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Sip.Registration;
using Phone.Ui;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// The control interface's handset side: every command runs on the pump thread (the core is single-threaded),
    /// state and registration changes become event lines, and `wait` is completed from the pump when the state is
    /// reached — so a client never has to sleep and poll. The socket side is <see cref="ControlServer"/>.
    /// </summary>
    public sealed partial class Handset
    {
        /// <summary>How long a command may wait for the pump before the client is told so.</summary>
        private const int ControlPumpTimeoutMs = 5000;

        // Pump thread only.
        private readonly List<ControlWaiter> _controlWaiters = new List<ControlWaiter>();

        /// <summary>
        /// Event lines ("event state connected call -1", "event registration registered"), raised on the pump thread;
        /// a subscriber must not block (the server queues them per client).
        /// </summary>
        public event Action<string> ControlEvent;

        private sealed class ControlWaiter
        {
            public string Condition;

            /// <summary>The condition as the script's until step, its state parsed once.</summary>
            public ScriptStep Step;
            public readonly TaskCompletionSource<string> Done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        /// <summary>Runs a parsed command on the pump and returns its one reply line ("ok …" or "error …").</summary>
        public async Task<string> ControlAsync(ControlCommand c)
        {
            if (c.Verb != ControlVerb.Wait) return await OnPump(() => ExecuteControl(c), ControlPumpTimeoutMs).ConfigureAwait(false);

            var w = new ControlWaiter { Condition = c.Condition, Step = new ScriptStep { Kind = ScriptStepKind.Until, Condition = c.Condition } };
            if (Enum.TryParse(c.Condition, true, out PhoneState parsed)) w.Step.State = parsed;
            string now = await OnPump(() =>
            {
                if (Reached(w.Step)) return Ok(w.Condition);
                _controlWaiters.Add(w);
                return null;
            }, ControlPumpTimeoutMs).ConfigureAwait(false);
            if (now != null) return now;

            Task timeout = Task.Delay(TimeSpan.FromMilliseconds(c.TimeoutMs));
            if (await Task.WhenAny(w.Done.Task, timeout).ConfigureAwait(false) == w.Done.Task) return w.Done.Task.Result;

            // Timed out on this side; the pump decides, so a state reached at the last moment is still an ok.
            return await OnPump(() =>
            {
                _controlWaiters.Remove(w);
                if (w.Done.Task.IsCompleted) return w.Done.Task.Result;
                return "error timeout waiting for " + w.Condition + " after " + c.TimeoutMs + " ms: state " + StateName(_phone.State) +
                       " registration " + _phone.Registration.ToString().ToLowerInvariant();
            }, ControlPumpTimeoutMs).ConfigureAwait(false);
        }

        private async Task<string> OnPump(Func<string> f, int timeoutMs)
        {
            Task<string> t = Invoke(f);
            if (await Task.WhenAny(t, Task.Delay(timeoutMs)).ConfigureAwait(false) != t) return "error handset not responding";
            try
            {
                return await t.ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // A bug in a command must not take the handset or the socket down; say what happened.
                Log("control: " + e.GetType().Name + ": " + e.Message);
                return "error internal " + e.GetType().Name;
            }
        }

        /// <summary>Pump: Drain saw the phone's state change.</summary>
        private void ControlStateChanged()
        {
            ControlEvent?.Invoke("event state " + StateName(_phone.State) + " call " + CallIdText(_phone.Current));
            CompleteWaiters();
        }

        /// <summary>Pump: the registration changed.</summary>
        private void ControlRegistrationChanged(RegistrationState s)
        {
            ControlEvent?.Invoke("event registration " + s.ToString().ToLowerInvariant());
            CompleteWaiters();
        }

        private void CompleteWaiters()
        {
            for (int i = _controlWaiters.Count - 1; i >= 0; i--)
            {
                ControlWaiter w = _controlWaiters[i];
                if (!Reached(w.Step)) continue;
                _controlWaiters.RemoveAt(i);
                w.Done.TrySetResult(Ok(w.Condition));
            }
        }

        private string Ok(string condition) => "ok " + condition + " call " + CallIdText(_phone.Current);

        private static string StateName(PhoneState s) => s.ToString().ToLowerInvariant();

        private static string CallIdText(CallLeg leg) => leg == null ? "none" : leg.Id.ToString(CultureInfo.InvariantCulture);

        // ---------------------------------------------------------------- pump: the commands

        private string ExecuteControl(ControlCommand c)
        {
            long now = NowMs;
            PhoneState s = _phone.State;

            // After quit the run is hanging up and unregistering: no new calls or keys in between.
            if (_done.Task.IsCompleted && c.Verb != ControlVerb.State && c.Verb != ControlVerb.Stats && c.Verb != ControlVerb.Ping)
            {
                return "error stopping";
            }

            switch (c.Verb)
            {
                case ControlVerb.Dial:
                    if (s == PhoneState.Dialing) DoPress(PhoneKey.HangUp, now); // start from an empty number
                    else if (s != PhoneState.Idle && s != PhoneState.Ended) return Busy("dial", s);
                    Log("control: dial " + c.Digits + (c.Uri != null ? " (" + c.Uri + ")" : ""));
                    _pendingUri = c.Uri;
                    foreach (char d in c.Digits)
                    {
                        _phone.Press(HandsetScript.DigitKey(d), now);
                        Drain(now);
                    }

                    DoPress(PhoneKey.Call, now);
                    _pendingUri = null;
                    return _phone.State == PhoneState.Calling || _phone.State == PhoneState.Ringback
                        ? "ok calling call " + CallIdText(_phone.Current)
                        : "error call not placed: state " + StateName(_phone.State);
                case ControlVerb.Key:
                    Log("control: key " + c.Key);
                    DoPress(c.Key, now);
                    return "ok state " + StateName(_phone.State);
                case ControlVerb.Answer:
                    bool waiting = _phone.Other != null && _phone.Other.Stage == CallStage.Waiting;
                    if (s != PhoneState.Incoming && !waiting) return Busy("answer: no call ringing", s);
                    return Press("answer", PhoneKey.Call, now);
                case ControlVerb.Hangup:
                    if (_phone.Current == null) return Busy("hangup: no call", s);
                    return Press("hangup", PhoneKey.HangUp, now);
                case ControlVerb.Hold:
                    if (s == PhoneState.Held) return "ok held call " + CallIdText(_phone.Current);
                    if (s != PhoneState.Connected) return Busy("hold: no connected call", s);
                    return Press("hold", PhoneKey.Hold, now);
                case ControlVerb.Resume:
                    if (s == PhoneState.Connected) return "ok connected call " + CallIdText(_phone.Current);
                    if (s != PhoneState.Held) return Busy("resume: no held call", s);
                    return Press("resume", PhoneKey.Hold, now);
                case ControlVerb.Dtmf:
                    if (s != PhoneState.Connected) return Busy("dtmf: no connected call", s);
                    return Press("dtmf", c.Key, now);
                case ControlVerb.State:
                    return StateLine();
                case ControlVerb.Stats:
                    return StatsLine(c.CallId);
                case ControlVerb.Ping:
                    return "ok pong";
                case ControlVerb.Help:
                    return "ok commands: " + ControlProtocol.Commands;
                case ControlVerb.Quit:
                    Log("control: quit");
                    Stop();
                    return "ok quit";
                default:
                    return "error unknown command";
            }
        }

        private string Press(string what, PhoneKey key, long now)
        {
            Log("control: " + what);
            DoPress(key, now);
            return "ok " + StateName(_phone.State) + " call " + CallIdText(_phone.Current);
        }

        private static string Busy(string what, PhoneState s) => "error " + what + " (state " + StateName(s) + ")";

        private string StateLine()
        {
            var b = new StringBuilder("ok state=").Append(StateName(_phone.State));
            b.Append(" registration=").Append(_phone.Registration.ToString().ToLowerInvariant());
            b.Append(" muted=").Append(_phone.Muted ? 1 : 0).Append(" dnd=").Append(_phone.Dnd ? 1 : 0);
            b.Append(" volume=").Append(_phone.SpeakerVolume.ToString(CultureInfo.InvariantCulture));
            int n = (_phone.Current != null ? 1 : 0) + (_phone.Other != null ? 1 : 0);
            b.Append(" calls=").Append(n);
            foreach (CallLeg leg in new[] { _phone.Current, _phone.Other })
            {
                if (leg == null) continue;
                b.Append(" call=").Append(leg.Id.ToString(CultureInfo.InvariantCulture)).Append(':').Append(leg.Stage.ToString().ToLowerInvariant())
                    .Append(':').Append(leg.Outgoing ? "out" : "in");
                if (leg.HeldLocal) b.Append(":held");
                if (leg.HeldRemote) b.Append(":remote-held");
                if (leg.Secure) b.Append(":secure");
            }

            TextScreen screen = _screen.Screen;
            for (int r = 0; r < TextScreen.Rows; r++) b.Append(" row").Append(r).Append('=').Append(ControlProtocol.Quote(screen.Line(r)));
            return b.ToString();
        }

        private string StatsLine(int? callId)
        {
            CallReport r = null;
            bool live = false;
            if (callId.HasValue)
            {
                if (_calls.TryGetValue(callId.Value, out CallMedia m))
                {
                    m.Fill(NowMs);
                    r = m.Report;
                    live = true;
                }
                else
                {
                    foreach (CallReport f in Reports) if (f.CallId == callId.Value) r = f;
                }
            }
            else
            {
                CallMedia m = null;
                if (_phone.Current != null) _calls.TryGetValue(_phone.Current.Id, out m);
                if (m == null)
                {
                    foreach (CallMedia any in _calls.Values)
                    {
                        m = any;
                        break;
                    }
                }

                if (m != null)
                {
                    m.Fill(NowMs);
                    r = m.Report;
                    live = true;
                }
                else
                {
                    CallReport[] done = Reports;
                    if (done.Length > 0) r = done[done.Length - 1];
                }
            }

            if (r == null) return callId.HasValue ? "error no media for call " + callId.Value : "error no call has had media yet";
            var inv = CultureInfo.InvariantCulture;
            var b = new StringBuilder("ok call=").Append(r.CallId.ToString(inv)).Append(" live=").Append(live ? 1 : 0);
            b.Append(" suite=").Append(r.Secure ? ControlProtocol.Quote(r.Suite) : "none");
            b.Append(" remote=").Append(ControlProtocol.Quote(r.Remote ?? "none"));
            b.Append(" packets_sent=").Append(r.PacketsSent).Append(" packets_received=").Append(r.PacketsReceived);
            b.Append(" lost=").Append(r.PacketsLost).Append(" late=").Append(r.FramesLate);
            b.Append(" played=").Append(r.FramesPlayed).Append(" concealed=").Append(r.FramesConcealed).Append(" frames=").Append(r.FramesClocked);
            b.Append(" jitter_ms=").Append(r.JitterMs.ToString("0.0", inv));
            b.Append(" rtt_ms=").Append(r.RttMs >= 0 ? r.RttMs.ToString("0.0", inv) : "na");
            b.Append(" auth_failures_rtp=").Append(r.AuthFailures).Append(" auth_failures_rtcp=").Append(r.RtcpAuthFailures);
            b.Append(" replayed=").Append(r.Replays).Append(" malformed=").Append(r.Malformed).Append(" unprotected=").Append(r.Unprotected);
            b.Append(" unknown_ssrc=").Append(r.UnknownSsrc).Append(" srtcp_short_tag=").Append(r.ShortRtcpTags).Append(" rtcp_app=").Append(r.RtcpApp);
            b.Append(" rtcp_sent=").Append(r.RtcpSent).Append(" rtcp_received=").Append(r.RtcpReceived);
            b.Append(" clock_resets=").Append(r.ClockResets).Append(" max_late_ms=").Append(r.MaxLateMs).Append(" latches=").Append(r.Latches);
            b.Append(" dtmf_received=").Append(r.DigitsReceived.Count == 0 ? "none" : ControlProtocol.Quote(new string(r.DigitsReceived.ToArray())));
            return b.ToString();
        }
    }
}
