using System;
using System.Device.Gpio;
using Phone.App.Drivers;

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
    public sealed class KeyMatrixPort : IKeyMatrix
    {
        /// <summary>One bit per key in an int.</summary>
        public const int MaxKeys = 32;

        private readonly GpioController _gpio;
        private GpioPin[] _rows;
        private GpioPin[] _columns;

        public KeyMatrixPort(GpioController gpio)
        {
            _gpio = gpio;
        }

        /// <summary>Scans failed with an exception (a pin fault); the scan reports nothing then.</summary>
        public int Faults { get; private set; }

        /// <summary>Opens the pins. False (no exception, no pin left claimed) when one cannot be opened.</summary>
        /// <param name="externalPullUps">
        /// true when the board has resistors on the columns (GPIO34–39 have no internal pull-ups, ESP32 TRM §4.10):
        /// the columns are then plain inputs; false enables the internal pull-ups.
        /// </param>
        public bool Open(int[] rowPins, int[] columnPins, bool externalPullUps)
        {
            if (rowPins.Length * columnPins.Length > MaxKeys)
            {
                return false;
            }

            GpioPin[] rows = new GpioPin[rowPins.Length];
            GpioPin[] columns = new GpioPin[columnPins.Length];
            try
            {
                for (int r = 0; r < rowPins.Length; r++)
                {
                    rows[r] = _gpio.OpenPin(rowPins[r], PinMode.Output);
                    rows[r].Write(PinValue.High);
                }

                for (int c = 0; c < columnPins.Length; c++)
                {
                    columns[c] = _gpio.OpenPin(columnPins[c], externalPullUps ? PinMode.Input : PinMode.InputPullUp);
                }
            }
            catch (Exception)
            {
                Release(rows);
                Release(columns);
                return false;
            }

            _rows = rows;
            _columns = columns;
            return true;
        }

        /// <summary>
        /// One full scan in KeyScanner's form: rowBits[r] bit c set for each closed key in row r. False, with rowBits
        /// untouched, when a pin faulted or the matrix is not open. Allocates nothing.
        /// </summary>
        public bool ScanRows(int[] rowBits)
        {
            if (_rows == null)
            {
                return false;
            }

            int mask = 0;
            int cols = _columns.Length;
            try
            {
                for (int r = 0; r < _rows.Length; r++)
                {
                    _rows[r].Write(PinValue.Low);

                    // The GPIO write and the reads are separate native calls tens of µs apart: enough for the
                    // pull-up RC of a short ribbon to settle, so no explicit delay is needed.
                    for (int c = 0; c < cols; c++)
                    {
                        if (_columns[c].Read() == PinValue.Low)
                        {
                            mask |= 1 << (r * cols + c);
                        }
                    }

                    _rows[r].Write(PinValue.High);
                }
            }
            catch (Exception)
            {
                Faults++;
                return false;
            }

            for (int r = 0; r < _rows.Length && r < rowBits.Length; r++)
            {
                rowBits[r] = (mask >> (r * cols)) & ((1 << cols) - 1);
            }

            return true;
        }

        private static void Release(GpioPin[] pins)
        {
            for (int i = 0; i < pins.Length; i++)
            {
                try
                {
                    if (pins[i] != null)
                    {
                        pins[i].Dispose();
                    }
                }
                catch (Exception)
                {
                }
            }
        }
    }
}
