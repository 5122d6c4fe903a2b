using Phone.Call;
using Phone.Ui;
using Phone.Sip.Registration;

namespace Phone.Device.Display
{
    /// <summary>
    /// Draws the phone's 21x8 <see cref="TextScreen"/> into the 128x64 <see cref="FrameBuffer"/>: text row r is
    /// page r (a 6x8 cell is one column byte per pixel column, so a character is six byte stores), column c
    /// starts at pixel 6c, and pixels 126-127 are margin. Only rows the screen marks dirty are drawn, and
    /// the frame buffer records only bytes that really changed, so one changed character costs one page
    /// span of 6 columns on the I2C bus.
    /// </summary>
    /// <remarks>
    /// Row 0 (the status bar) is drawn from <see cref="StatusIcons"/> with icon glyphs when icons are given
    /// (the text row 0 is the ASCII form of the same fields, docs/keypad.md), at these cells: 0 registration,
    /// 2 SRTP lock (open lock = unencrypted media), 4 microphone muted, 6 call on hold (<see cref="Held"/>,
    /// which the text bar lacks), 8 do-not-disturb, 10-12 missed calls (icon and up to 99), 13-15 voicemail waiting (icon and new messages up to 99),
    /// 17-20 signal bars. Rows in <see cref="InverseRows"/> are drawn light-on-dark across the full width
    /// (a selected line). Rendering allocates nothing.
    /// </remarks>
    public sealed class ScreenRenderer
    {
        public const int MarginColumn = TextScreen.Columns * Font6x8.CellWidth;

        private readonly FrameBuffer target;
        private TextScreen lastScreen;
        private int forced = TextScreen.AllRows;
        private int inverseRows;
        private bool held;

        public ScreenRenderer(FrameBuffer target)
        {
            this.target = target;
            StatusGlyphs = true;
        }

        public FrameBuffer Target
        {
            get { return target; }
        }

        /// <summary>Draw row 0 with icon glyphs from the StatusIcons (default); false draws the text row 0.</summary>
        public bool StatusGlyphs { get; set; }

        /// <summary>The foreground call is on hold (the hold icon); set from PhoneStateMachine.State.</summary>
        public bool Held
        {
            get { return held; }
            set
            {
                if (value != held) forced |= 1;
                held = value;
            }
        }

        /// <summary>Bit r set: row r is drawn inverted. Changing it redraws the rows that changed.</summary>
        public int InverseRows
        {
            get { return inverseRows; }
            set
            {
                value &= TextScreen.AllRows;
                forced |= value ^ inverseRows;
                inverseRows = value;
            }
        }

        /// <summary>Redraw everything on the next Render (e.g. after the display was re-initialised).</summary>
        public void Invalidate()
        {
            forced = TextScreen.AllRows;
        }

        /// <summary>
        /// Draws the screen's dirty rows (all rows when the screen object differs from the last one, so switching
        /// between the phone and diagnostics screens repaints) and clears the screen's dirty mask. icons may be
        /// null: row 0 is then drawn as text.
        /// </summary>
        public void Render(TextScreen screen, StatusIcons icons)
        {
            if (screen == null || target == null) return;
            if (screen != lastScreen)
            {
                forced = TextScreen.AllRows;
                lastScreen = screen;
            }
            int rows = screen.DirtyMask | forced;
            for (int r = 0; r < TextScreen.Rows; r++)
            {
                if ((rows & (1 << r)) == 0) continue;
                if (r == 0 && icons != null && StatusGlyphs) DrawStatus(icons);
                else DrawTextRow(screen, r);
            }
            forced = 0;
            screen.ClearDirty();
        }

        private void DrawTextRow(TextScreen screen, int row)
        {
            byte invert = Invert(row);
            for (int c = 0; c < TextScreen.Columns; c++) DrawGlyph(row, c, Font6x8.GlyphOf(screen.CharAt(row, c)), invert);
            DrawMargin(row, invert);
        }

        private void DrawStatus(StatusIcons icons)
        {
            byte invert = Invert(0);
            int registration;
            switch (icons.Registration)
            {
                case RegistrationState.Registered: registration = Font6x8.IconRegistered; break;
                case RegistrationState.Registering: registration = Font6x8.IconRegistering; break;
                case RegistrationState.Failed: registration = Font6x8.IconRegistrationFailed; break;
                default: registration = Font6x8.IconNotRegistered; break;
            }
            int blank = Font6x8.GlyphOf(' ');
            for (int c = 0; c < TextScreen.Columns; c++)
            {
                int glyph = blank;
                switch (c)
                {
                    case 0: glyph = registration; break;
                    case 2:
                        if (icons.Srtp == SrtpIcon.Locked) glyph = Font6x8.IconLocked;
                        else if (icons.Srtp == SrtpIcon.Unlocked) glyph = Font6x8.IconUnlocked;
                        break;
                    case 4: if (icons.Muted) glyph = Font6x8.IconMuted; break;
                    case 6: if (held) glyph = Font6x8.IconHeld; break;
                    case 8: if (icons.Dnd) glyph = Font6x8.IconDnd; break;
                    case 10: if (icons.MissedCalls > 0) glyph = Font6x8.IconMissed; break;
                    case 11:
                    case 12:
                        glyph = MissedDigit(icons.MissedCalls, c - 11, blank);
                        break;
                    case 13: if (icons.MessagesWaiting) glyph = Font6x8.IconVoicemail; break;
                    case 14:
                    case 15:
                        glyph = icons.MessagesWaiting ? MissedDigit(icons.NewMessages, c - 14, blank) : blank;
                        break;
                    case 17:
                    case 18:
                    case 19:
                    case 20:
                        int bar = c - 16;
                        glyph = icons.Signal >= bar ? Font6x8.IconBar1 + bar - 1 : Font6x8.IconBarOff;
                        break;
                }
                DrawGlyph(0, c, glyph, invert);
            }
            DrawMargin(0, invert);
        }

        // Digit i (0 = first) of a count shown beside its icon (missed calls, new voice messages), capped at 99.
        private static int MissedDigit(int missed, int i, int blank)
        {
            if (missed <= 0) return blank;
            int n = missed > 99 ? 99 : missed;
            if (n < 10) return i == 0 ? Font6x8.GlyphOf((char)('0' + n)) : blank;
            return Font6x8.GlyphOf((char)('0' + (i == 0 ? n / 10 : n % 10)));
        }

        private void DrawGlyph(int page, int column, int glyph, byte invert)
        {
            int x = column * Font6x8.CellWidth;
            for (int i = 0; i < Font6x8.CellWidth; i++) target.Set(page, x + i, (byte)(Font6x8.Column(glyph, i) ^ invert));
        }

        private void DrawMargin(int page, byte invert)
        {
            for (int x = MarginColumn; x < FrameBuffer.Width; x++) target.Set(page, x, invert);
        }

        private byte Invert(int row)
        {
            return (inverseRows & (1 << row)) != 0 ? (byte)0xFF : (byte)0;
        }
    }
}
