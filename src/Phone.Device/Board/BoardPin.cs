namespace Phone.Device.Board
{
    /// <summary>One GPIO assignment of a board profile, with the line it came from.</summary>
    public sealed class BoardPin
    {
        public BoardPin(int gpio, BoardPinRole role, int index, int line, string key)
        {
            Gpio = gpio;
            Role = role;
            Index = index;
            Line = line;
            Key = key;
        }

        /// <summary>ESP32 GPIO number.</summary>
        public int Gpio { get; private set; }

        public BoardPinRole Role { get; private set; }

        /// <summary>Row or column index for keypad pins (0-based); 0 otherwise.</summary>
        public int Index { get; private set; }

        /// <summary>1-based line of the profile that assigned it.</summary>
        public int Line { get; private set; }

        /// <summary>The profile key that assigned it, e.g. "keypad.rows".</summary>
        public string Key { get; private set; }
    }
}
