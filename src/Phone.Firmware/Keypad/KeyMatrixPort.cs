using System;
using System.Device.Gpio;

namespace Phone.Firmware.Keypad
{
    /// <summary>
    /// The key matrix wiring, read as a raw bitmask: rows are outputs idling high, columns are inputs pulled up
    /// (board resistors, or the ESP32's internal pull-ups). A scan pulls one row low at a time and reads every column; a closed key
    /// connects its column to the low row, so it reads low. Bit (row * columns + column) is set for a pressed
    /// key. Debouncing and key mapping are Phone.Device's KeyScanner and KeyMap; this class only touches pins.
    /// <para>
    /// Each key has a series diode (cathode towards the row), so with several keys held a column can only be
    /// pulled low through the driven row and no phantom key appears (the usual matrix "ghosting"); without the
    /// diodes, three keys on the corners of a rectangle would show a fourth.
    /// </para>
    /// <para>
    /// Iot.Device.KeyMatrix was not used: it scans on its own thread and raises events per key change, while the
    /// phone's KeyScanner wants one raw bitmask with a timestamp per scan so debouncing stays testable on the host.
    /// </para>
    /// </summary>
    public sealed class KeyMatrixPort
    {
        private readonly GpioPin[] _rows;
        private readonly GpioPin[] _columns;

        /// <summary>Opens the pins. Throws when a pin cannot be opened (caught by the caller at boot).</summary>
        /// <param name="externalPullUps">
        /// true when the board has resistors on the columns (GPIO34–39 have no internal pull-ups, ESP32 TRM §4.10):
        /// the columns are then plain inputs; false enables the internal pull-ups.
        /// </param>
        public KeyMatrixPort(GpioController gpio, int[] rowPins, int[] columnPins, bool externalPullUps)
        {
            _rows = new GpioPin[rowPins.Length];
            _columns = new GpioPin[columnPins.Length];
            for (int r = 0; r < rowPins.Length; r++)
            {
                _rows[r] = gpio.OpenPin(rowPins[r], PinMode.Output);
                _rows[r].Write(PinValue.High);
            }

            for (int c = 0; c < columnPins.Length; c++)
            {
                _columns[c] = gpio.OpenPin(columnPins[c], externalPullUps ? PinMode.Input : PinMode.InputPullUp);
            }

            if (rowPins.Length * columnPins.Length > 32)
            {
                throw new ArgumentException("more than 32 keys");
            }
        }

        public int Rows
        {
            get { return _rows.Length; }
        }

        public int Columns
        {
            get { return _columns.Length; }
        }

        /// <summary>Scans failed with an exception (a pin fault); the scan returns no keys then.</summary>
        public int Faults { get; private set; }

        /// <summary>One full scan: bit (row * Columns + column) set for each closed key. Allocates nothing.</summary>
        public int Scan()
        {
            int mask = 0;
            try
            {
                for (int r = 0; r < _rows.Length; r++)
                {
                    _rows[r].Write(PinValue.Low);

                    // The GPIO write and the reads are separate native calls tens of µs apart: enough for the
                    // pull-up RC of a short ribbon to settle, so no explicit delay is needed.
                    for (int c = 0; c < _columns.Length; c++)
                    {
                        if (_columns[c].Read() == PinValue.Low)
                        {
                            mask |= 1 << (r * _columns.Length + c);
                        }
                    }

                    _rows[r].Write(PinValue.High);
                }
            }
            catch (Exception)
            {
                Faults++;
                return 0;
            }

            return mask;
        }

        /// <summary>
        /// One full scan in KeyScanner's form: rowBits[r] bit c set for each closed key in row r. Returns false (all
        /// zero) when a pin faulted. Allocates nothing.
        /// </summary>
        public bool ScanRows(int[] rowBits)
        {
            int mask = Scan();
            int cols = _columns.Length;
            for (int r = 0; r < _rows.Length && r < rowBits.Length; r++)
            {
                rowBits[r] = (mask >> (r * cols)) & ((1 << cols) - 1);
            }

            return mask != 0 || Faults == 0;
        }

        /// <summary>True while the key at (row, column) is closed: the power-on "hold a key" check.</summary>
        public bool IsHeld(int row, int column)
        {
            int bit = row * _columns.Length + column;
            return (Scan() & (1 << bit)) != 0;
        }
    }
}
