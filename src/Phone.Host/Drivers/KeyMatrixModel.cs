using System;
using Phone.App.Drivers;
using Phone.Call;
using Phone.Device.Input;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The key matrix with fingers on it: <see cref="Press"/> closes the contact of a key at the (row, column) the
    /// board profile's key map gives it, <see cref="Release"/> opens it, and a scan reports the closed contacts per row
    /// exactly as the GPIO scan does on the board. Debounce, repeat and long presses are the app's (KeyScanner), so
    /// a test holds a key down for as long as a user would.
    /// </summary>
    public sealed class KeyMatrixModel : IKeyMatrix
    {
        private readonly object _lock = new object();
        private readonly KeyMap _map;
        private readonly int[] _closed = new int[KeyMap.MaxLines];
        private int _rows;
        private long _scans;

        public KeyMatrixModel(KeyMap map) => _map = map ?? throw new ArgumentNullException(nameof(map));

        public int Faults { get; private set; }

        public bool IsOpen { get; private set; }

        /// <summary>Scans the app has made so far (it scans every KeypadDriver.ScanIntervalMs at most).</summary>
        public long Scans { get { lock (_lock) return _scans; } }

        public bool Open(int[] rowPins, int[] columnPins, bool externalPullUps)
        {
            _rows = rowPins.Length;
            IsOpen = true;
            return true;
        }

        public bool ScanRows(int[] rowBits)
        {
            lock (_lock)
            {
                _scans++;
                for (int r = 0; r < rowBits.Length; r++) rowBits[r] = r < _rows ? _closed[r] : 0;
            }

            return true;
        }

        public void Press(PhoneKey key) => Set(key, true);

        public void Release(PhoneKey key) => Set(key, false);

        public bool IsPressed(PhoneKey key)
        {
            if (!_map.Find(key, out int row, out int column)) return false;
            lock (_lock) return (_closed[row] & (1 << column)) != 0;
        }

        private void Set(PhoneKey key, bool down)
        {
            if (!_map.Find(key, out int row, out int column))
                throw new ArgumentException("the board's key map has no " + key, nameof(key));
            lock (_lock)
            {
                if (down) _closed[row] |= 1 << column;
                else _closed[row] &= ~(1 << column);
            }
        }
    }
}
