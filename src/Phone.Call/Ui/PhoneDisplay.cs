using Phone.Call;

namespace Phone.Ui
{
    /// <summary>
    /// What the phone's screen shows of a PhoneStateMachine: the status bar (StatusIcons, row 0) and rows 1-7
    /// (PhoneView). Drawn when read after the machine changed (its Revision), so the machine knows nothing of how it
    /// is shown; TextScreen keeps the dirty mask down to the rows whose text changed since ClearDirty.
    /// </summary>
    public sealed class PhoneDisplay
    {
        private readonly PhoneStateMachine machine;
        private readonly TextScreen screen = new TextScreen();
        private readonly StatusIcons icons = new StatusIcons();
        private bool drawn;
        private int drawnRevision;

        public PhoneDisplay(PhoneStateMachine machine)
        {
            this.machine = machine;
        }

        public PhoneStateMachine Machine
        {
            get { return machine; }
        }

        /// <summary>The eight text rows, drawn up to the machine's latest change.</summary>
        public TextScreen Screen
        {
            get
            {
                Draw();
                return screen;
            }
        }

        /// <summary>The status icons of row 0, as drawn with Screen.</summary>
        public StatusIcons Icons
        {
            get
            {
                Draw();
                return icons;
            }
        }

        private void Draw()
        {
            if (drawn && drawnRevision == machine.Revision)
            {
                return;
            }

            drawn = true;
            drawnRevision = machine.Revision;
            icons.Registration = machine.Registration;
            icons.Dnd = machine.Dnd;
            icons.Muted = machine.Muted;
            icons.MissedCalls = machine.History.MissedUnseen;
            icons.MessagesWaiting = machine.MessagesWaiting;
            icons.NewMessages = machine.NewMessages;
            icons.Signal = machine.Signal;
            icons.Srtp = SrtpIcon.None;
            CallLeg current = machine.Current;
            if ((machine.State == PhoneState.Connected || machine.State == PhoneState.Held) && current != null && current.LossPercent >= 0)
            {
                icons.Srtp = current.Secure ? SrtpIcon.Locked : SrtpIcon.Unlocked;
            }

            icons.Render(screen);
            PhoneView.Render(machine, screen);
        }
    }
}
