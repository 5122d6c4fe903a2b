namespace Phone.Device.Input
{
    /// <summary>What happened to a key, after debouncing.</summary>
    public enum KeyEventKind
    {
        /// <summary>The key went down (and stayed down for the debounce time).</summary>
        Down = 0,

        /// <summary>The key came up (and stayed up for the debounce time).</summary>
        Up = 1,

        /// <summary>A key that auto-repeats is still held: act as if pressed again.</summary>
        Repeat = 2
    }
}
