using Phone.Call;

namespace Phone.Device.Input
{
    /// <summary>One debounced key event from <see cref="KeyScanner"/>. A struct so queuing it allocates nothing.</summary>
    public struct KeyEvent
    {
        public KeyEventKind Kind;
        public PhoneKey Key;

        /// <summary>Matrix position the key sits at (row = driven line, column = read line).</summary>
        public int Row;
        public int Column;

        /// <summary>Time of the scan that confirmed the event.</summary>
        public long TimeMs;
    }
}
