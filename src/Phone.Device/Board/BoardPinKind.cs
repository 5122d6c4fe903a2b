namespace Phone.Device.Board
{
    /// <summary>
    /// The electrical behaviour of a pin's use, which is what the ESP32 strapping and input-only rules
    /// depend on: what level the external circuit puts on the pin while the chip is in reset, and
    /// whether the chip must drive it.
    /// </summary>
    public enum BoardPinKind
    {
        /// <summary>ESP32 output into a high-impedance input (I2S clocks and data out, amp enable): the pin floats at reset.</summary>
        OutputToHighImpedance = 1,

        /// <summary>Open-drain bus with an external pull-up (I2C): high at reset.</summary>
        PulledUpBus = 2,

        /// <summary>Key-matrix row: output; a pressed key back-feeds a column's pull-up through its diode, so it can be high at reset.</summary>
        KeyRow = 3,

        /// <summary>Key-matrix column: input with a pull-up, high at reset.</summary>
        KeyColumn = 4,

        /// <summary>Input driven by another chip (microphone data): level at reset not under our control.</summary>
        DrivenInput = 5
    }
}
