using Phone.Config;
using Phone.Sip.Registration;

namespace Phone.Call
{
    /// <summary>
    /// The phone's brain: keypad presses, a virtual clock and reports from the SIP/media side go in; commands for
    /// the SIP/media side (Commands) and its state come out; Revision counts the changes a screen would show
    /// (Phone.Ui.PhoneDisplay draws them). No I/O, no threads, no clock of its own: every input carries the time,
    /// and the caller calls Tick at NextDeadlineMs.
    /// At most two calls exist: the foreground one and one other (waiting to be answered, or held by us).
    /// </summary>
    public sealed class PhoneStateMachine
    {
        /// <summary>Dialing places the call this long after the last key press, unless [call] interdigit_ms says otherwise.</summary>
        public const int InterDigitTimeoutMs = CallSettings.DefaultInterDigitMs;

        /// <summary>How long the summary of an ended call stays up.</summary>
        public const int EndedDisplayMs = 3000;

        /// <summary>How long a volume change or a refused number is shown.</summary>
        public const int NoticeMs = 2000;

        public const int VolumeStep = 10;
        public const int MaxDialDigits = 20;

        /// <summary>NextDeadlineMs when nothing is timed.</summary>
        public const long NoDeadline = long.MaxValue;

        public const int StatusBusyHere = 486;
        public const int StatusDecline = 603;

        private readonly string domain;
        private readonly CommandQueue commands = new CommandQueue(8);
        private readonly CallHistory history;
        private readonly char[] dial = new char[MaxDialDigits];

        private int dialLength;
        private PhoneState state = PhoneState.Idle;
        private long now;
        private long dialDeadline;
        private long endedUntil;
        private long noticeUntil = -1;
        private VolumeTarget noticeTarget;
        private string noticeText;
        private CallLeg current;
        private CallLeg other;
        private string endedLabel;
        private string endedReason;
        private int endedId;
        private int endedSeconds = -1;
        private int nextOutgoingId = -1;
        private bool dnd;

        // Transfer: the target being typed (in dial), and a REFER of ours waiting for its outcome.
        private readonly bool transferAllowed;
        private bool transferDialing;
        private bool transferring;

        // [call] forwarding targets as URIs (null: none), and when a ringing or waiting call goes to forward_no_answer.
        private readonly string forwardAlways;
        private readonly string forwardBusy;
        private readonly string forwardNoAnswer;
        private readonly long forwardNoAnswerMs;

        // [sip] voicemail as a URI (null: none) and what its last message summary said.
        private readonly string voicemail;
        private bool messagesWaiting;
        private int newMessages;
        private int oldMessages;
        private long ringForwardAt = NoDeadline;
        private long waitingForwardAt = NoDeadline;

        // [call] dialing: the digit map (null: none), the timeout, numbers that always go out, speed-dial URIs by digit.
        private readonly DialPlan dialPlan;
        private readonly int interDigitMs;
        private readonly string[] emergency;
        private readonly string[] speedDialLabels;
        private readonly string[] speedDialUris = new string[10];

        private bool muted;
        private bool conference;
        private int speakerVolume;
        private int ringVolume;
        private RegistrationState registration = RegistrationState.Unregistered;
        private int registrationStatus;
        private string registrationReason;
        private long retryAt = -1;
        private int historyCursor;
        private int historyTop;
        private AlertTone alert = AlertTone.None;
        private string lastLabel;
        private string lastUri;
        private int signal;

        public PhoneStateMachine(PhoneConfig config, long nowMs) : this(config, CallHistory.DefaultCapacity, nowMs)
        {
        }

        /// <summary>Domain, own name and starting volumes come from nf.config ([sip] domain/display_name/user, [audio]).</summary>
        public PhoneStateMachine(PhoneConfig config, int historyCapacity, long nowMs)
        {
            domain = config.Sip.Domain;
            forwardAlways = TargetUri(config.Call.ForwardAlways, domain);
            forwardBusy = TargetUri(config.Call.ForwardBusy, domain);
            forwardNoAnswer = TargetUri(config.Call.ForwardNoAnswer, domain);
            forwardNoAnswerMs = config.Call.ForwardNoAnswerSeconds * 1000L;
            dialPlan = config.Call.DialPlan;
            interDigitMs = config.Call.InterDigitMs;
            transferAllowed = config.Call.Transfer;
            emergency = config.Call.Emergency != null ? config.Call.Emergency : new string[0];
            speedDialLabels = config.Call.SpeedDial != null ? config.Call.SpeedDial : new string[10];
            for (int i = 0; i < speedDialUris.Length && i < speedDialLabels.Length; i++)
            {
                speedDialUris[i] = TargetUri(speedDialLabels[i], domain);
            }
            voicemail = TargetUri(config.Sip.Voicemail, domain);
            OwnName = config.Sip.DisplayName != null ? config.Sip.DisplayName : config.Sip.User;
            speakerVolume = Clamp(config.Audio.SpeakerVolume);
            ringVolume = Clamp(config.Audio.RingVolume);
            history = new CallHistory(historyCapacity);
            now = nowMs;
            Render();
        }

        public PhoneState State
        {
            get { return state; }
        }

        /// <summary>Commands emitted so far; the caller executes them and clears the queue.</summary>
        public CommandQueue Commands
        {
            get { return commands; }
        }

        /// <summary>History entries a screen shows at once; the cursor scrolls within them.</summary>
        public const int HistoryRows = 5;

        /// <summary>Grows with every input that may change what the screen shows (each key, event and tick).</summary>
        public int Revision { get; private set; }

        /// <summary>Network signal, 0 (none) .. 4, from the last NetworkChanged.</summary>
        public int Signal
        {
            get { return signal; }
        }

        public CallHistory History
        {
            get { return history; }
        }

        /// <summary>The call shown in the foreground, or null.</summary>
        public CallLeg Current
        {
            get { return current; }
        }

        /// <summary>The second call: waiting to be answered, or held behind the foreground one; or null.</summary>
        public CallLeg Other
        {
            get { return other; }
        }

        /// <summary>The voicemail's last summary said messages are waiting (RFC 3842 Messages-Waiting: yes).</summary>
        public bool MessagesWaiting
        {
            get { return messagesWaiting; }
        }

        /// <summary>New voice messages in the last summary (0 when it gave no count).</summary>
        public int NewMessages
        {
            get { return newMessages; }
        }

        public int OldMessages
        {
            get { return oldMessages; }
        }

        /// <summary>The voicemail URI the # key dials on the idle screen; null when sip.voicemail is not set.</summary>
        public string VoicemailUri
        {
            get { return voicemail; }
        }

        public bool Dnd
        {
            get { return dnd; }
        }

        public bool Muted
        {
            get { return muted; }
        }

        /// <summary>The two calls are joined into a local three-way conference (the current call and the other).</summary>
        public bool Conference
        {
            get { return conference; }
        }

        public int SpeakerVolume
        {
            get { return speakerVolume; }
        }

        public int RingVolume
        {
            get { return ringVolume; }
        }

        public AlertTone Alert
        {
            get { return alert; }
        }

        public RegistrationState Registration
        {
            get { return registration; }
        }

        public string OwnName { get; private set; }

        /// <summary>When Tick must be called next (virtual-clock ms), or NoDeadline.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long d = NoDeadline;
                if (state == PhoneState.Dialing) d = Min(d, dialDeadline);
                if (state == PhoneState.Ended) d = Min(d, endedUntil);
                if (state == PhoneState.Incoming && current != null && current.Stage == CallStage.Ringing) d = Min(d, ringForwardAt);
                if (other != null && other.Stage == CallStage.Waiting) d = Min(d, waitingForwardAt);
                if (noticeUntil > now) d = Min(d, noticeUntil);
                if ((state == PhoneState.Connected || state == PhoneState.Held) && current.ConnectedAtMs >= 0)
                {
                    // The duration on screen changes at each whole second since the answer.
                    long elapsed = now - current.ConnectedAtMs;
                    d = Min(d, current.ConnectedAtMs + (elapsed / 1000 + 1) * 1000);
                }
                if (state == PhoneState.Idle && registration == RegistrationState.Failed && retryAt > now)
                {
                    // The retry countdown changes when the remaining whole seconds drop by one.
                    long secs = (retryAt - now + 999) / 1000;
                    d = Min(d, retryAt - (secs - 1) * 1000);
                }
                return d;
            }
        }

        // ---- what the view reads ----

        internal long Now
        {
            get { return now; }
        }

        internal char[] DialBuffer
        {
            get { return dial; }
        }

        internal int DialLength
        {
            get { return dialLength; }
        }

        internal string EndedLabel
        {
            get { return endedLabel; }
        }

        internal string EndedReason
        {
            get { return endedReason; }
        }

        internal int EndedSeconds
        {
            get { return endedSeconds; }
        }

        internal int RegistrationStatus
        {
            get { return registrationStatus; }
        }

        internal string RegistrationReason
        {
            get { return registrationReason; }
        }

        internal long RetryAtMs
        {
            get { return retryAt; }
        }

        internal int HistoryCursor
        {
            get { return historyCursor; }
        }

        /// <summary>First history entry on screen; moves only when the cursor would leave the visible rows.</summary>
        internal int HistoryTop
        {
            get { return historyTop; }
        }

        internal bool NoticeShown
        {
            get { return noticeUntil > now; }
        }

        internal VolumeTarget NoticeTarget
        {
            get { return noticeTarget; }
        }

        /// <summary>The notice's text (a refused number), or null for a volume change.</summary>
        internal string NoticeText
        {
            get { return noticeText; }
        }

        // ---- inputs ----

        /// <summary>Lets time pass: fires the inter-digit timeout, ends the call summary, refreshes clocks.</summary>
        public void Tick(long nowMs)
        {
            Advance(nowMs);
            Render();
        }

        public void Press(PhoneKey key, long nowMs)
        {
            Advance(nowMs);
            if (key == PhoneKey.Dnd)
            {
                dnd = !dnd;
            }
            else if (key == PhoneKey.VolumeUp)
            {
                AdjustVolume(VolumeStep);
            }
            else if (key == PhoneKey.VolumeDown)
            {
                AdjustVolume(-VolumeStep);
            }
            else
            {
                switch (state)
                {
                    case PhoneState.Idle: IdleKey(key); break;
                    case PhoneState.Ended:
                        // Any key dismisses the summary; all but HangUp then act as in idle.
                        GoIdle();
                        if (key != PhoneKey.HangUp) IdleKey(key);
                        break;
                    case PhoneState.Dialing: DialingKey(key); break;
                    case PhoneState.History: HistoryKey(key); break;
                    case PhoneState.Calling:
                    case PhoneState.Ringback: OutgoingKey(key); break;
                    case PhoneState.Incoming: IncomingKey(key); break;
                    case PhoneState.Connected: ConnectedKey(key); break;
                    case PhoneState.Held: HeldKey(key); break;
                }
            }
            Render();
        }

        public void Handle(PhoneEvent e, long nowMs)
        {
            Advance(nowMs);
            switch (e.Kind)
            {
                case PhoneEventKind.IncomingCall: OnIncoming(e); break;
                case PhoneEventKind.CallProgress: OnProgress(e); break;
                case PhoneEventKind.CallAnswered: OnAnswered(e); break;
                case PhoneEventKind.CallFailed: OnCallGone(e.CallId, FailureText(e.Status, e.Reason)); break;
                case PhoneEventKind.RemoteHangup: OnCallGone(e.CallId, "Remote hung up"); break;
                case PhoneEventKind.MediaFailed:
                    // Up without media the call would be silence on both ends: it is hung up (BYE, or CANCEL before
                    // an answer), and the ended screen says why; the reason itself stays in the event log.
                    if (Find(e.CallId) != null)
                    {
                        Emit(PhoneCommandKind.HangUp, e.CallId);
                        OnCallGone(e.CallId, "No audio");
                    }
                    break;
                case PhoneEventKind.RemoteHold:
                    {
                        CallLeg leg = Find(e.CallId);
                        if (leg != null) leg.HeldRemote = e.Flag;
                        break;
                    }
                case PhoneEventKind.RegistrationChanged:
                    registration = e.Registration;
                    registrationStatus = e.Status;
                    registrationReason = e.Reason;
                    retryAt = e.RetryInMs > 0 ? now + e.RetryInMs : -1;
                    break;
                case PhoneEventKind.MediaStats:
                    {
                        CallLeg leg = Find(e.CallId);
                        if (leg != null)
                        {
                            leg.Secure = e.Flag;
                            leg.LossPercent = e.Level;
                        }
                        break;
                    }
                case PhoneEventKind.MessageWaiting:
                    messagesWaiting = e.Flag;
                    newMessages = e.Level;
                    oldMessages = e.Status;
                    break;
                case PhoneEventKind.ConferenceRefused:
                    if (conference)
                    {
                        Split();
                        // The reason stays in the event log; the screen says only that it did not work.
                        noticeText = "Conference failed";
                        noticeUntil = now + NoticeMs;
                    }
                    break;
                case PhoneEventKind.NetworkChanged:
                    signal = e.Level < 0 ? 0 : e.Level > 4 ? 4 : e.Level;
                    break;
                case PhoneEventKind.CallReplaced: OnReplaced(e); break;
                case PhoneEventKind.TransferResult: OnTransferResult(e); break;
                case PhoneEventKind.HangupFailed:
                    // The call is over here either way (RFC 3261 §15.1.1); while its end is on screen, say the BYE failed.
                    if (state == PhoneState.Ended && endedId == e.CallId)
                    {
                        endedReason = e.Status > 0 ? "Hang-up failed " + e.Status.ToString() : "Hang-up failed";
                        endedUntil = now + EndedDisplayMs;
                    }
                    break;
            }
            Render();
        }

        // ---- keys per state ----

        private void IdleKey(PhoneKey key)
        {
            if (IsDialKey(key) && key != PhoneKey.Pound)
            {
                state = PhoneState.Dialing;
                dialLength = 0;
                AppendDigit(KeyChar(key));
            }
            else if (key == PhoneKey.Call)
            {
                // Redial: nothing happens until a number has been dialled once.
                if (lastUri != null) PlaceCall(lastLabel, lastUri);
            }
            else if (key == PhoneKey.Pound)
            {
                // # on the idle screen (no number typed: # is the dial key while dialing) calls the voicemail.
                if (voicemail != null) PlaceCall("Voicemail", voicemail);
            }
            else if (key == PhoneKey.Up || key == PhoneKey.Down || key == PhoneKey.Ok)
            {
                state = PhoneState.History;
                historyCursor = 0;
                historyTop = 0;
                history.MarkSeen();
            }
        }

        private void DialingKey(PhoneKey key)
        {
            if (key == PhoneKey.Call && dialLength == 1 && SpeedDialUri() != null)
            {
                // Speed dial: one digit, then Call at once (docs/keypad.md).
                int digit = dial[0] - '0';
                dialLength = 0;
                PlaceCall(speedDialLabels[digit], speedDialUris[digit]);
            }
            else if (key == PhoneKey.Pound || key == PhoneKey.Call)
            {
                if (dialLength > 0) DialIfAllowed();
                else if (key == PhoneKey.Call && lastUri != null) PlaceCall(lastLabel, lastUri);
            }
            else if (IsDialKey(key))
            {
                AppendDigit(KeyChar(key));
            }
            else if (key == PhoneKey.Left)
            {
                if (dialLength > 0) dialLength--;
                dialDeadline = now + interDigitMs;
            }
            else if (key == PhoneKey.HangUp)
            {
                GoIdle();
            }
        }

        private void HistoryKey(PhoneKey key)
        {
            if (key == PhoneKey.Up)
            {
                if (historyCursor > 0) historyCursor--;
                KeepCursorVisible();
            }
            else if (key == PhoneKey.Down)
            {
                if (historyCursor < history.Count - 1) historyCursor++;
                KeepCursorVisible();
            }
            else if (key == PhoneKey.Call || key == PhoneKey.Ok)
            {
                if (history.Count > 0)
                {
                    HistoryEntry entry = history.Get(historyCursor);
                    PlaceCall(entry.Label, entry.Uri);
                }
            }
            else if (key == PhoneKey.HangUp || key == PhoneKey.Left)
            {
                GoIdle();
            }
            else if (IsDialKey(key) && key != PhoneKey.Pound)
            {
                GoIdle();
                IdleKey(key);
            }
        }

        private void KeepCursorVisible()
        {
            if (historyCursor < historyTop) historyTop = historyCursor;
            if (historyCursor >= historyTop + HistoryRows) historyTop = historyCursor - (HistoryRows - 1);
        }

        private void OutgoingKey(PhoneKey key)
        {
            if (key == PhoneKey.HangUp)
            {
                // Before a final response the SIP side turns this into CANCEL (RFC 3261 9.1).
                Emit(PhoneCommandKind.HangUp, current.Id);
                EndCurrent("Cancelled");
            }
        }

        private void IncomingKey(PhoneKey key)
        {
            if (key == PhoneKey.Call)
            {
                SetAlert(AlertTone.None);
                Emit(PhoneCommandKind.Answer, current.Id);
                Connect(current);
                history.Add(HistoryKind.Received, current.Label, current.Uri, now);
            }
            else if (key == PhoneKey.HangUp)
            {
                SetAlert(AlertTone.None);
                Reject(current, StatusDecline);
                history.Add(HistoryKind.Rejected, current.Label, current.Uri, now);
                current = null;
                GoIdle();
            }
        }

        private void ConnectedKey(PhoneKey key)
        {
            if (!conference && TransferKey(key)) return;
            if (IsDialKey(key))
            {
                Emit(PhoneCommandKind.SendDtmf, current.Id).Digit = KeyChar(key);
            }
            else if (key == PhoneKey.Conference || (conference && (key == PhoneKey.Hold || key == PhoneKey.HangUp)))
            {
                ConferenceKey(key);
            }
            else if (key == PhoneKey.Hold)
            {
                if (other != null && other.Stage == CallStage.Connected)
                {
                    // Two calls: Hold swaps them, so the user is never left with both on hold.
                    HoldLeg(current, true);
                    HoldLeg(other, false);
                    CallLeg t = current;
                    current = other;
                    other = t;
                }
                else
                {
                    HoldLeg(current, true);
                    state = PhoneState.Held;
                }
            }
            else
            {
                CommonCallKey(key);
            }
        }

        /// <summary>
        /// The local conference's keys. With the current call active and the other held, Conference resumes the held
        /// one (re-INVITE sendrecv) and has the media mix both; in a conference, Conference or Hold splits it (the
        /// other call goes back on hold) and HangUp ends both calls.
        /// </summary>
        private void ConferenceKey(PhoneKey key)
        {
            if (conference)
            {
                if (key == PhoneKey.HangUp)
                {
                    conference = false;
                    Emit(PhoneCommandKind.Conference, 0).On = false;
                    Emit(PhoneCommandKind.HangUp, other.Id);
                    other = null;
                    CommonCallKey(key);
                }
                else
                {
                    Split();
                }
            }
            else if (other != null && other.Stage == CallStage.Connected && other.HeldLocal && !current.HeldLocal)
            {
                HoldLeg(other, false);
                conference = true;
                Emit(PhoneCommandKind.Conference, 0).On = true;
            }
        }

        private void Split()
        {
            conference = false;
            Emit(PhoneCommandKind.Conference, 0).On = false;
            if (other != null)
            {
                HoldLeg(other, true);
            }
        }

        private void HeldKey(PhoneKey key)
        {
            if (TransferKey(key)) return;
            if (key == PhoneKey.Hold || (key == PhoneKey.Call && !HasWaiting()))
            {
                HoldLeg(current, false);
                state = PhoneState.Connected;
            }
            else
            {
                CommonCallKey(key);
            }
        }

        /// <summary>
        /// The Transfer key and the keys of a transfer target being typed; true when the key was taken. Transfer
        /// with a held call beside the active one joins them (attended: the held party takes over the active
        /// call, RFC 3891); with one call it starts typing a target, and Transfer, Call or # sends it (blind).
        /// End or Transfer with nothing typed abandons the target; the call goes on.
        /// </summary>
        private bool TransferKey(PhoneKey key)
        {
            if (transferDialing)
            {
                if (key == PhoneKey.Transfer || key == PhoneKey.Call || key == PhoneKey.Pound)
                {
                    transferDialing = false;
                    if (dialLength == 0) return true;
                    string digits = new string(dial, 0, dialLength);
                    dialLength = 0;
                    transferring = true;
                    Emit(PhoneCommandKind.Transfer, current.Id).Uri = TargetUri(digits, domain);
                }
                else if (IsDialKey(key))
                {
                    if (dialLength < MaxDialDigits) dial[dialLength++] = KeyChar(key);
                }
                else if (key == PhoneKey.Left)
                {
                    if (dialLength > 0) dialLength--;
                }
                else if (key == PhoneKey.HangUp)
                {
                    transferDialing = false;
                    dialLength = 0;
                }
                else
                {
                    return false;
                }
                return true;
            }
            if (key != PhoneKey.Transfer || !transferAllowed || transferring || current.Stage != CallStage.Connected) return key == PhoneKey.Transfer;
            if (other != null && other.Stage == CallStage.Connected)
            {
                // Attended (RFC 5589 §7): the held party is referred to the active one, with Replaces for its call.
                transferring = true;
                Emit(PhoneCommandKind.Transfer, other.Id).OtherCallId = current.Id;
            }
            else if (other == null)
            {
                transferDialing = true;
                dialLength = 0;
            }
            return true;
        }

        /// <summary>A transfer target is being typed (its digits are the dial buffer).</summary>
        internal bool TransferDialing
        {
            get { return transferDialing; }
        }

        /// <summary>Our REFER waits for its outcome.</summary>
        internal bool Transferring
        {
            get { return transferring; }
        }

        private void OnTransferResult(PhoneEvent e)
        {
            transferring = false;
            if (e.Status >= 200 && e.Status < 300)
            {
                // The SIP side has ended the transferred call (BYE, RFC 5589 §6).
                OnCallGone(e.CallId, "Transferred");
                return;
            }
            noticeText = e.Status > 0 ? "Transfer failed " + e.Status.ToString() : "Transfer failed";
            noticeUntil = now + NoticeMs;
        }

        /// <summary>A new call took an old one's place (we were transferred, or Replaces): same place, new party.</summary>
        private void OnReplaced(PhoneEvent e)
        {
            string label = e.DisplayName != null && e.DisplayName.Length > 0 ? e.DisplayName : e.Uri;
            CallLeg leg = Find(e.ReplacedCallId);
            if (leg == null)
            {
                if (current != null) return;
                // The old call ended while the new one was placed: the new one comes up on its own.
                leg = new CallLeg(e.CallId, false, label, e.Uri, CallStage.Connected);
                current = leg;
                Connect(leg);
                return;
            }
            leg.Id = e.CallId;
            leg.Label = label;
            leg.Uri = e.Uri;
            leg.HeldRemote = false;
            leg.ConnectedAtMs = now;
            if (leg.HeldLocal)
            {
                // The new call is not on hold: the old call's hold went with it.
                leg.HeldLocal = false;
                if (leg == current) state = PhoneState.Connected;
            }
        }

        /// <summary>Keys that mean the same with the foreground call connected or held.</summary>
        private void CommonCallKey(PhoneKey key)
        {
            if (key == PhoneKey.Mute)
            {
                muted = !muted;
                Emit(PhoneCommandKind.SetMute, 0).On = muted;
            }
            else if (key == PhoneKey.HangUp)
            {
                Emit(PhoneCommandKind.HangUp, current.Id);
                EndCurrent("You hung up");
            }
            else if (key == PhoneKey.Call && HasWaiting())
            {
                // Answering a waiting call holds the one in progress first.
                SetAlert(AlertTone.None);
                if (!current.HeldLocal) HoldLeg(current, true);
                CallLeg waiting = other;
                Emit(PhoneCommandKind.Answer, waiting.Id);
                Connect(waiting);
                history.Add(HistoryKind.Received, waiting.Label, waiting.Uri, now);
                other = current;
                current = waiting;
            }
            else if (key == PhoneKey.Ok && HasWaiting())
            {
                SetAlert(AlertTone.None);
                Reject(other, StatusDecline);
                history.Add(HistoryKind.Rejected, other.Label, other.Uri, now);
                other = null;
            }
        }

        // ---- SIP/media events ----

        private void OnIncoming(PhoneEvent e)
        {
            string label = e.DisplayName != null && e.DisplayName.Length > 0 ? e.DisplayName : e.Uri;
            CallLeg leg = new CallLeg(e.CallId, false, label, e.Uri, CallStage.Ringing);
            // Forward always comes first (the phone does not ring at all), then do-not-disturb, then forward busy.
            if (forwardAlways != null)
            {
                Forward(leg, forwardAlways);
                return;
            }
            if (dnd)
            {
                Refuse(leg);
                return;
            }
            if (current == null)
            {
                // Whatever was being typed or browsed gives way to the ringing call.
                dialLength = 0;
                current = leg;
                state = PhoneState.Incoming;
                SetAlert(AlertTone.Ring);
                ringForwardAt = forwardNoAnswer != null ? now + forwardNoAnswerMs : NoDeadline;
            }
            else if (forwardBusy != null)
            {
                Forward(leg, forwardBusy);
            }
            else if (other == null && current.Stage == CallStage.Connected)
            {
                leg.Stage = CallStage.Waiting;
                other = leg;
                SetAlert(AlertTone.CallWaiting);
                waitingForwardAt = forwardNoAnswer != null ? now + forwardNoAnswerMs : NoDeadline;
            }
            else
            {
                // Ringing, calling out, or already two calls: one more would be unmanageable on this handset.
                Refuse(leg);
            }
        }

        private void OnProgress(PhoneEvent e)
        {
            if (current == null || current.Id != e.CallId) return;
            if (current.Stage != CallStage.Calling && current.Stage != CallStage.Ringback) return;
            // 100 Trying says nothing about the callee; only 18x moves the call to ringback (RFC 3261 21.1).
            if (e.Status < 180 || e.Status > 199) return;
            current.Stage = CallStage.Ringback;
            current.ProgressStatus = e.Status;
            state = PhoneState.Ringback;
            // 183 Session Progress brings early media from the far end; play our own ringback only otherwise.
            SetAlert(e.Status == 183 ? AlertTone.None : AlertTone.Ringback);
        }

        private void OnAnswered(PhoneEvent e)
        {
            if (current == null || current.Id != e.CallId || !current.Outgoing) return;
            if (current.Stage != CallStage.Calling && current.Stage != CallStage.Ringback) return;
            SetAlert(AlertTone.None);
            Connect(current);
        }

        private void OnCallGone(int id, string reason)
        {
            transferring = false;
            if (conference && ((current != null && current.Id == id) || (other != null && other.Id == id)))
            {
                // The media stops mixing by itself when a call's media stops; the call left continues alone.
                conference = false;
            }

            if (other != null && other.Id == id)
            {
                if (other.Stage == CallStage.Waiting)
                {
                    history.Add(HistoryKind.Missed, other.Label, other.Uri, now);
                    SetAlert(AlertTone.None);
                }
                other = null;
                return;
            }
            if (current == null || current.Id != id) return;
            if (current.Stage == CallStage.Ringing)
            {
                history.Add(HistoryKind.Missed, current.Label, current.Uri, now);
                reason = "Missed call";
            }
            EndCurrent(reason);
        }

        // ---- helpers ----

        private void Advance(long nowMs)
        {
            if (nowMs > now) now = nowMs;
            if (state == PhoneState.Dialing && now >= dialDeadline)
            {
                if (dialLength > 0) DialIfAllowed();
                else GoIdle();
            }
            if (state == PhoneState.Ended && now >= endedUntil) GoIdle();
            if (state == PhoneState.Incoming && current != null && current.Stage == CallStage.Ringing && now >= ringForwardAt)
            {
                // Not answered in time: forward_no_answer takes it (302), the phone stops ringing.
                ringForwardAt = NoDeadline;
                SetAlert(AlertTone.None);
                Forward(current, forwardNoAnswer);
                current = null;
                GoIdle();
            }
            if (other != null && other.Stage == CallStage.Waiting && now >= waitingForwardAt)
            {
                waitingForwardAt = NoDeadline;
                SetAlert(AlertTone.None);
                Forward(other, forwardNoAnswer);
                other = null;
            }
        }

        /// <summary>302 to target for a call that rings or would ring (RFC 3261 §21.3.3); it shows in the history.</summary>
        private void Forward(CallLeg leg, string target)
        {
            Emit(PhoneCommandKind.Redirect, leg.Id).Uri = target;
            history.Add(HistoryKind.Forwarded, leg.Label, leg.Uri, now);
        }

        /// <summary>A [call] forward_* or speed_dial target as a URI: a sip:/sips: URI as it is, a number or user in the phone's domain.</summary>
        private static string TargetUri(string target, string domain)
        {
            if (target == null || target.Length == 0) return null;
            if (target.IndexOf("sip:") == 0 || target.IndexOf("sips:") == 0) return target;
            return DialUri.Build(target, domain);
        }

        private void Render()
        {
            Revision++;
        }

        private void AppendDigit(char c)
        {
            if (dialLength < MaxDialDigits) dial[dialLength++] = c;
            dialDeadline = now + interDigitMs;
            if (dialPlan == null) return;
            DialMatch match = dialPlan.Match(dial, dialLength);
            if (EmergencyMatch(false) && match != DialMatch.Partial && match != DialMatch.CompleteCanGrow)
            {
                // An emergency number goes at once unless a longer number of the plan starts with it (an extension
                // 1120 beside 112): then it goes on the timeout, #, or Call, and the plan never refuses it.
                DialBufferNow();
                return;
            }
            if (match == DialMatch.Complete)
            {
                DialBufferNow();
            }
            else if (match == DialMatch.NoMatch && !EmergencyMatch(true) && !(dialLength == 1 && SpeedDialUri() != null))
            {
                // Nothing more can make it a number of the plan; a speed-dial digit or the start of an emergency
                // number still can become a call.
                RefuseNumber();
            }
        }

        /// <summary>#, Call or the timeout: the buffer goes out unless the dial plan has no whole number like it.</summary>
        private void DialIfAllowed()
        {
            if (dialPlan == null || EmergencyMatch(false))
            {
                DialBufferNow();
                return;
            }
            DialMatch match = dialPlan.Match(dial, dialLength);
            if (match == DialMatch.Complete || match == DialMatch.CompleteCanGrow) DialBufferNow();
            else RefuseNumber();
        }

        private void RefuseNumber()
        {
            noticeText = "Not in dial plan";
            noticeUntil = now + NoticeMs;
            GoIdle();
        }

        /// <summary>The buffer is one of [call] emergency (or, with prefix, the start of one).</summary>
        private bool EmergencyMatch(bool prefix)
        {
            for (int i = 0; i < emergency.Length; i++)
            {
                string number = emergency[i];
                if (prefix ? number.Length < dialLength : number.Length != dialLength) continue;
                int k = 0;
                while (k < dialLength && number[k] == dial[k]) k++;
                if (k == dialLength) return true;
            }
            return false;
        }

        /// <summary>The speed-dial URI of the one digit typed, or null.</summary>
        private string SpeedDialUri()
        {
            char c = dial[0];
            return c >= '0' && c <= '9' ? speedDialUris[c - '0'] : null;
        }

        private void DialBufferNow()
        {
            string digits = new string(dial, 0, dialLength);
            dialLength = 0;
            PlaceCall(digits, DialUri.Build(digits, domain));
        }

        private void PlaceCall(string label, string uri)
        {
            int id = nextOutgoingId--;
            current = new CallLeg(id, true, label, uri, CallStage.Calling);
            state = PhoneState.Calling;
            Emit(PhoneCommandKind.PlaceCall, id).Uri = uri;
            history.Add(HistoryKind.Dialled, label, uri, now);
            lastLabel = label;
            lastUri = uri;
        }

        private void Connect(CallLeg leg)
        {
            leg.Stage = CallStage.Connected;
            leg.ConnectedAtMs = now;
            state = PhoneState.Connected;
        }

        private void HoldLeg(CallLeg leg, bool on)
        {
            leg.HeldLocal = on;
            Emit(PhoneCommandKind.Hold, leg.Id).On = on;
        }

        private void Reject(CallLeg leg, int status)
        {
            Emit(PhoneCommandKind.Reject, leg.Id).Status = status;
        }

        /// <summary>486 Busy Here for a call the user never saw (RFC 3261 21.4.24); it counts as missed.</summary>
        private void Refuse(CallLeg leg)
        {
            Reject(leg, StatusBusyHere);
            history.Add(HistoryKind.Missed, leg.Label, leg.Uri, now);
        }

        private bool HasWaiting()
        {
            return other != null && other.Stage == CallStage.Waiting;
        }

        /// <summary>
        /// The foreground call is over. If another call exists it comes forward at once (a waiting call rings, a
        /// held one is offered for resuming); otherwise the summary shows for EndedDisplayMs.
        /// </summary>
        private void EndCurrent(string reason)
        {
            if (transferDialing) dialLength = 0;
            transferDialing = false;
            CallLeg ended = current;
            current = null;
            if (other != null)
            {
                current = other;
                other = null;
                if (current.Stage == CallStage.Waiting)
                {
                    current.Stage = CallStage.Ringing;
                    state = PhoneState.Incoming;
                    SetAlert(AlertTone.Ring);
                    // It keeps the time it has been ringing as a waiting call.
                    ringForwardAt = waitingForwardAt;
                    waitingForwardAt = NoDeadline;
                }
                else
                {
                    state = current.HeldLocal ? PhoneState.Held : PhoneState.Connected;
                }
                return;
            }
            SetAlert(AlertTone.None);
            if (muted)
            {
                muted = false;
                Emit(PhoneCommandKind.SetMute, 0).On = false;
            }
            endedLabel = ended.Label;
            endedId = ended.Id;
            endedReason = reason;
            endedSeconds = ended.ConnectedAtMs >= 0 ? (int)((now - ended.ConnectedAtMs) / 1000) : -1;
            endedUntil = now + EndedDisplayMs;
            state = PhoneState.Ended;
        }

        private void GoIdle()
        {
            dialLength = 0;
            state = PhoneState.Idle;
        }

        private void AdjustVolume(int delta)
        {
            // The speaker while a call has (or is about to have) audio, the ringer otherwise.
            bool speaker = current != null && current.Stage != CallStage.Ringing;
            int before = speaker ? speakerVolume : ringVolume;
            int after = Clamp(before + delta);
            noticeTarget = speaker ? VolumeTarget.Speaker : VolumeTarget.Ring;
            noticeText = null;
            noticeUntil = now + NoticeMs;
            if (after == before) return;
            if (speaker) speakerVolume = after;
            else ringVolume = after;
            PhoneCommand c = Emit(PhoneCommandKind.SetVolume, 0);
            c.Target = noticeTarget;
            c.Level = after;
        }

        private void SetAlert(AlertTone tone)
        {
            if (tone == alert) return;
            alert = tone;
            Emit(PhoneCommandKind.SetAlert, 0).Tone = tone;
        }

        private PhoneCommand Emit(PhoneCommandKind kind, int callId)
        {
            return commands.Add(kind, callId);
        }

        private CallLeg Find(int id)
        {
            if (current != null && current.Id == id) return current;
            if (other != null && other.Id == id) return other;
            return null;
        }

        /// <summary>Short words for the common final responses (RFC 3261 21.4-21.6); the reason phrase otherwise.</summary>
        private static string FailureText(int status, string reason)
        {
            switch (status)
            {
                case 404: return "Not found";
                case 408: return "No answer";
                case 480: return "Unavailable";
                case 486: return "Busy";
                case 487: return "Cancelled";
                case 600: return "Busy everywhere";
                case 603: return "Declined";
            }
            if (reason != null && reason.Length > 0) return reason;
            if (status > 0) return "Failed " + status.ToString();
            return "Failed";
        }

        private static bool IsDialKey(PhoneKey key)
        {
            return key <= PhoneKey.Pound;
        }

        private static char KeyChar(PhoneKey key)
        {
            if (key == PhoneKey.Star) return '*';
            if (key == PhoneKey.Pound) return '#';
            return (char)('0' + (int)key);
        }

        private static int Clamp(int v)
        {
            return v < 0 ? 0 : v > 100 ? 100 : v;
        }

        private static long Min(long a, long b)
        {
            return a < b ? a : b;
        }
    }
}
