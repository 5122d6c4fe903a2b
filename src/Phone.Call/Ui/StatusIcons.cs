using Phone.Call;
using Phone.Sip.Registration;

namespace Phone.Ui
{
    /// <summary>
    /// Typed status-bar icons. Row 0 of the TextScreen is rendered from them in ASCII (layout in docs/keypad.md),
    /// so row 0's dirty bit also says when the icons changed; a device with glyphs can draw row 0 from these
    /// fields instead of the text.
    /// </summary>
    public sealed class StatusIcons
    {
        public RegistrationState Registration;
        public SrtpIcon Srtp;
        public bool Muted;
        public bool Dnd;

        /// <summary>Missed calls not yet viewed.</summary>
        public int MissedCalls;

        /// <summary>Voicemail: messages waiting (RFC 3842), and how many new ones (0 when not counted).</summary>
        public bool MessagesWaiting;
        public int NewMessages;

        /// <summary>0 = no network .. 4 = full.</summary>
        public int Signal;

        /// <summary>Writes the status row: "R+ L M D *3  V2  ||.." (columns fixed so single icons change single cells).</summary>
        public void Render(TextScreen screen)
        {
            screen.Begin();
            screen.Put('R');
            screen.Put(RegistrationMark(Registration));
            screen.PadTo(3);
            screen.Put(Srtp == SrtpIcon.Locked ? 'L' : Srtp == SrtpIcon.Unlocked ? 'U' : ' ');
            screen.PadTo(5);
            screen.Put(Muted ? 'M' : ' ');
            screen.PadTo(7);
            screen.Put(Dnd ? 'D' : ' ');
            screen.PadTo(9);
            if (MissedCalls > 0)
            {
                screen.Put('*');
                screen.PutNumber(MissedCalls > 99 ? 99 : MissedCalls);
            }
            screen.PadTo(13);
            if (MessagesWaiting)
            {
                screen.Put('V');
                if (NewMessages > 0) screen.PutNumber(NewMessages > 99 ? 99 : NewMessages);
            }
            screen.PadTo(17);
            for (int bar = 1; bar <= 4; bar++) screen.Put(Signal >= bar ? '|' : '.');
            screen.End(0);
        }

        private static char RegistrationMark(RegistrationState s)
        {
            switch (s)
            {
                case RegistrationState.Registered: return '+';
                case RegistrationState.Registering: return '~';
                case RegistrationState.Failed: return '!';
            }
            return '-';
        }
    }
}
