using Phone.App.Drivers;
using Phone.Call;
using Phone.Device.Input;

namespace Phone.App.Panel
{
    /// <summary>
    /// The keypad as key events: every Poll scans the matrix (the IKeyMatrix driver) and feeds the raw rows to
    /// Phone.Device's KeyScanner (debounce, noise rejection, auto-repeat, KeyMap lookup). The core thread polls
    /// every ScanIntervalMs, which is well inside the scanner's 20 ms debounce, so a press is reported 20–30 ms
    /// after the contact settles. Allocates nothing per scan.
    /// </summary>
    public sealed class KeypadDriver
    {
        /// <summary>Time between scans: a quarter to half of the debounce time.</summary>
        public const int ScanIntervalMs = 10;

        private readonly IKeyMatrix _port;
        private readonly KeyScanner _scanner;
        private readonly int[] _rows = new int[KeyMap.MaxLines];
        private long _nextScanMs;

        public KeypadDriver(IKeyMatrix port, KeyMap map)
        {
            _port = port;
            _scanner = new KeyScanner(map);
        }

        public KeyScanner Scanner
        {
            get { return _scanner; }
        }

        public int Faults
        {
            get { return _port.Faults; }
        }

        /// <summary>When the next scan is due.</summary>
        public long NextScanMs
        {
            get { return _nextScanMs; }
        }

        /// <summary>Scans when due; true when events are waiting in TryTake.</summary>
        public bool Poll(long nowMs)
        {
            if (nowMs >= _nextScanMs)
            {
                _nextScanMs = nowMs + ScanIntervalMs;
                _port.ScanRows(_rows);
                _scanner.Scan(_rows, nowMs);
            }

            return _scanner.Pending > 0;
        }

        public bool TryTake(out KeyEvent e)
        {
            return _scanner.TryTake(out e);
        }

        /// <summary>Debounced state of a key (power-on hold, long presses).</summary>
        public bool IsDown(PhoneKey key)
        {
            return _scanner.IsDown(key);
        }
    }
}
