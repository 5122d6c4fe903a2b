using Phone.Call;
using Phone.Sip.Registration;

namespace Phone.Ui
{
    /// <summary>
    /// Draws rows 1-7 of the screen from the state machine (row 0 is the status bar, drawn by StatusIcons).
    /// Every row is rewritten on every input; TextScreen keeps the dirty mask down to rows whose text changed.
    /// The screens are written out in docs/keypad.md.
    /// </summary>
    public static class PhoneView
    {
        public static void Render(PhoneStateMachine m, TextScreen s)
        {
            switch (m.State)
            {
                case PhoneState.Idle: Idle(m, s); break;
                case PhoneState.Dialing: Dialing(m, s); break;
                case PhoneState.Calling:
                case PhoneState.Ringback: Outgoing(m, s); break;
                case PhoneState.Incoming: Incoming(m, s); break;
                case PhoneState.Connected:
                case PhoneState.Held: InCall(m, s); break;
                case PhoneState.Ended: Ended(m, s); break;
                case PhoneState.History: History(m, s); break;
            }
        }

        private static void Idle(PhoneStateMachine m, TextScreen s)
        {
            Text(s, 1, m.OwnName);
            s.Begin();
            if (m.MessagesWaiting)
            {
                // RFC 3842: the mailbox's summary; a server that gives no count only says that messages wait.
                s.Put("Msgs");
                if (m.NewMessages > 0)
                {
                    s.Put(' ');
                    s.PutNumber(m.NewMessages);
                    s.Put(" new");
                }

                if (m.VoicemailUri != null) s.Put("  #:listen");
            }
            s.End(2);
            s.Begin();
            switch (m.Registration)
            {
                case RegistrationState.Registered: s.Put("Registered"); break;
                case RegistrationState.Registering: s.Put("Registering..."); break;
                case RegistrationState.Failed:
                    s.Put("Reg failed");
                    if (m.RegistrationStatus > 0)
                    {
                        s.Put(' ');
                        s.PutNumber(m.RegistrationStatus);
                    }
                    break;
                default: s.Put("Not registered"); break;
            }
            s.End(3);
            bool failed = m.Registration == RegistrationState.Failed;
            Text(s, 4, failed ? m.RegistrationReason : null);
            s.Begin();
            if (failed && m.RetryAtMs > m.Now)
            {
                s.Put("Retry in ");
                s.PutNumber((int)((m.RetryAtMs - m.Now + 999) / 1000));
                s.Put('s');
            }
            s.End(5);
            s.Begin();
            int missed = m.History.MissedUnseen;
            if (missed > 0)
            {
                s.PutNumber(missed);
                s.Put(missed == 1 ? " missed call" : " missed calls");
            }
            s.End(6);
            Hint(m, s, m.Dnd ? "Do not disturb" : null);
        }

        private static void Dialing(PhoneStateMachine m, TextScreen s)
        {
            Text(s, 1, "Dial:");
            s.Begin();
            s.Put(m.DialBuffer, 0, m.DialLength);
            s.End(2);
            Blanks(s, 3, 6);
            Hint(m, s, "Call/# dial  <:del");
        }

        private static void Outgoing(PhoneStateMachine m, TextScreen s)
        {
            CallLeg c = m.Current;
            Text(s, 1, m.State == PhoneState.Calling ? "Calling..." : "Ringing...");
            Text(s, 2, c.Label);
            Text(s, 3, c.Uri);
            Blanks(s, 4, 6);
            Hint(m, s, "End:cancel");
        }

        private static void Incoming(PhoneStateMachine m, TextScreen s)
        {
            CallLeg c = m.Current;
            Text(s, 1, "Incoming call");
            Text(s, 2, c.Label);
            Text(s, 3, c.Uri);
            Blanks(s, 4, 6);
            Hint(m, s, "Call:ans  End:decline");
        }

        private static void InCall(PhoneStateMachine m, TextScreen s)
        {
            CallLeg c = m.Current;
            CallLeg o = m.Other;
            if (m.Conference && o != null)
            {
                ConferenceCall(m, s, c, o);
                return;
            }

            Text(s, 1, m.TransferDialing ? "Transfer to:" : m.Transferring ? "Transferring..." : m.State == PhoneState.Held ? "On hold" : "Connected");
            Text(s, 2, c.Label);
            s.Begin();
            PutDuration(s, (int)((m.Now - c.ConnectedAtMs) / 1000));
            s.End(3);
            Text(s, 4, c.HeldRemote ? "Held by remote" : null);
            s.Begin();
            if (o != null)
            {
                s.Put(o.Stage == CallStage.Waiting ? "Waiting: " : "Held: ");
                s.Put(o.Label);
            }
            s.End(5);
            s.Begin();
            if (m.TransferDialing)
            {
                s.Put(m.DialBuffer, 0, m.DialLength);
            }
            else if (c.LossPercent >= 5)
            {
                // Worth telling the user: audible gaps from about 5% loss with G.711 and no concealment.
                s.Put("Loss ");
                s.PutNumber(c.LossPercent);
                s.Put('%');
            }
            s.End(6);
            string hint = null;
            if (m.TransferDialing) hint = "Xfer:send  End:back";
            else if (o != null && o.Stage == CallStage.Waiting) hint = "Call:ans  OK:reject";
            else if (o != null) hint = "Hold:swap Xfer:join";
            else if (m.State == PhoneState.Held) hint = "Hold:resume";
            Hint(m, s, hint);
        }

        /// <summary>The local conference: both parties, the time since the first was connected, the worse loss.</summary>
        private static void ConferenceCall(PhoneStateMachine m, TextScreen s, CallLeg c, CallLeg o)
        {
            Text(s, 1, "Conference");
            Text(s, 2, c.Label);
            Text(s, 3, o.Label);
            s.Begin();
            long first = c.ConnectedAtMs < o.ConnectedAtMs ? c.ConnectedAtMs : o.ConnectedAtMs;
            PutDuration(s, (int)((m.Now - first) / 1000));
            s.End(4);
            Text(s, 5, c.HeldRemote || o.HeldRemote ? "Held by remote" : null);
            s.Begin();
            int loss = c.LossPercent > o.LossPercent ? c.LossPercent : o.LossPercent;
            if (loss >= 5)
            {
                s.Put("Loss ");
                s.PutNumber(loss);
                s.Put('%');
            }
            s.End(6);
            Hint(m, s, "Conf:split  End:all");
        }

        private static void Ended(PhoneStateMachine m, TextScreen s)
        {
            Text(s, 1, "Call ended");
            Text(s, 2, m.EndedLabel);
            Text(s, 3, m.EndedReason);
            s.Begin();
            if (m.EndedSeconds >= 0) PutDuration(s, m.EndedSeconds);
            s.End(4);
            Blanks(s, 5, 6);
            Hint(m, s, null);
        }

        private static void History(PhoneStateMachine m, TextScreen s)
        {
            CallHistory h = m.History;
            int cursor = m.HistoryCursor;
            s.Begin();
            s.Put("History");
            if (h.Count > 0)
            {
                s.Put(' ');
                s.PutNumber(cursor + 1);
                s.Put('/');
                s.PutNumber(h.Count);
            }
            s.End(1);
            int top = m.HistoryTop;
            for (int i = 0; i < PhoneStateMachine.HistoryRows; i++)
            {
                int index = top + i;
                s.Begin();
                if (h.Count == 0 && i == 0)
                {
                    s.Put("(empty)");
                }
                else if (index < h.Count)
                {
                    HistoryEntry e = h.Get(index);
                    s.Put(index == cursor ? '>' : ' ');
                    s.Put(KindMark(e.Kind));
                    s.Put(' ');
                    s.Put(e.Label);
                }
                s.End(2 + i);
            }
            Hint(m, s, "Call:dial  End:back");
        }

        /// <summary>D dialled, R received, M missed, F forwarded, X rejected.</summary>
        public static char KindMark(HistoryKind kind)
        {
            switch (kind)
            {
                case HistoryKind.Dialled: return 'D';
                case HistoryKind.Received: return 'R';
                case HistoryKind.Missed: return 'M';
                case HistoryKind.Forwarded: return 'F';
            }
            return 'X';
        }

        /// <summary>Row 7: a volume change or a refused number while it is fresh, else the screen's own hint.</summary>
        private static void Hint(PhoneStateMachine m, TextScreen s, string hint)
        {
            s.Begin();
            if (m.NoticeShown && m.NoticeText != null)
            {
                s.Put(m.NoticeText);
            }
            else if (m.NoticeShown)
            {
                bool speaker = m.NoticeTarget == VolumeTarget.Speaker;
                s.Put(speaker ? "Speaker vol " : "Ring vol ");
                s.PutNumber(speaker ? m.SpeakerVolume : m.RingVolume);
            }
            else
            {
                s.Put(hint);
            }
            s.End(7);
        }

        /// <summary>m:ss below an hour is ambiguous to read at a glance, so mm:ss, then h:mm:ss.</summary>
        private static void PutDuration(TextScreen s, int seconds)
        {
            if (seconds < 0) seconds = 0;
            int h = seconds / 3600;
            int mm = seconds / 60 % 60;
            int ss = seconds % 60;
            if (h > 0)
            {
                s.PutNumber(h);
                s.Put(':');
            }
            s.PutTwoDigits(mm);
            s.Put(':');
            s.PutTwoDigits(ss);
        }

        private static void Text(TextScreen s, int row, string text)
        {
            s.Begin();
            s.Put(text);
            s.End(row);
        }

        private static void Blank(TextScreen s, int row)
        {
            s.Begin();
            s.End(row);
        }

        private static void Blanks(TextScreen s, int from, int to)
        {
            for (int r = from; r <= to; r++) Blank(s, r);
        }
    }
}
