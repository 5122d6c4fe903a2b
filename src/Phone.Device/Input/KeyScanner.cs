using Phone.Call;

namespace Phone.Device.Input
{
    /// <summary>
    /// Turns raw keypad matrix scans into debounced key events, without I/O and without allocating per scan.
    /// </summary>
    /// <remarks>
    /// Feeding: either <see cref="Scan"/> with one bitmask per row (bit c set = column c reads "pressed"),
    /// as a GPIO scan loop produces it by driving each row low and reading the columns, or
    /// <see cref="SetRaw"/> per change (the Iot.Device.KeyMatrix binding's KeyEvent gives Output = row,
    /// Input = column, EventType Falling = pressed) followed by <see cref="Update"/> on every loop turn,
    /// because debounce and repeat deadlines pass without any new input.
    ///
    /// Debounce (per position): a change is reported once the raw level has differed from the reported
    /// level in every scan for at least <see cref="DebounceMs"/>. Contact chatter that returns to the
    /// reported level before that restarts the wait, so a bouncing press gives one Down, and a glitch
    /// shorter than the debounce time gives nothing.
    ///
    /// Noise: the board has one diode per key, so several keys held never make a ghost key; but more than
    /// <see cref="MaxChangesPerScan"/> positions changing between two consecutive scans is not a hand on
    /// the keypad (ESD, a loose connector): such a scan is dropped and counted in <see cref="RejectedScans"/>,
    /// unless the next scan reads exactly the same (a steady pattern is a hand, not a spike).
    ///
    /// Auto-repeat: keys marked repeating (by default volume and the four arrows) send Repeat after
    /// <see cref="RepeatDelayMs"/> held, then every <see cref="RepeatIntervalMs"/>, and never while the raw
    /// level already reads released. After a long stall (GC) one Repeat is sent and the cadence restarts from
    /// then, never a burst.
    /// </remarks>
    public sealed class KeyScanner
    {
        public const int DefaultDebounceMs = 20;
        public const int DefaultRepeatDelayMs = 500;
        public const int DefaultRepeatIntervalMs = 150;

        /// <summary>Events kept until taken; beyond that new events are dropped and counted.</summary>
        public const int QueueCapacity = 16;

        private const int Positions = KeyMap.MaxLines * KeyMap.MaxLines;
        private const long Never = -1;

        private readonly KeyMap map;
        private readonly int[] raw = new int[KeyMap.MaxLines];
        private readonly int[] stable = new int[KeyMap.MaxLines];
        private readonly int[] rejected = new int[KeyMap.MaxLines];
        private bool hasRejected;
        private readonly long[] changeSince = new long[Positions];
        private readonly long[] nextRepeat = new long[Positions];
        private readonly KeyEvent[] queue = new KeyEvent[QueueCapacity];
        private int head;
        private int count;
        private int repeatMask;

        public KeyScanner(KeyMap map)
        {
            this.map = map;
            DebounceMs = DefaultDebounceMs;
            RepeatDelayMs = DefaultRepeatDelayMs;
            RepeatIntervalMs = DefaultRepeatIntervalMs;
            MaxChangesPerScan = 2;
            repeatMask = Bit(PhoneKey.VolumeUp) | Bit(PhoneKey.VolumeDown) | Bit(PhoneKey.Up) | Bit(PhoneKey.Down)
                | Bit(PhoneKey.Left) | Bit(PhoneKey.Right);
            for (int i = 0; i < Positions; i++)
            {
                changeSince[i] = Never;
                nextRepeat[i] = Never;
            }
        }

        public KeyMap Map
        {
            get { return map; }
        }

        /// <summary>How long a new level must hold before it is reported (contact bounce of tact switches: 5-10 ms).</summary>
        public int DebounceMs { get; set; }

        public int RepeatDelayMs { get; set; }

        public int RepeatIntervalMs { get; set; }

        /// <summary>More positions than this changing in one scan drops the scan as noise.</summary>
        public int MaxChangesPerScan { get; set; }

        /// <summary>Scans dropped as noise.</summary>
        public int RejectedScans { get; private set; }

        /// <summary>Events lost because nobody took them (the queue holds <see cref="QueueCapacity"/>).</summary>
        public int DroppedEvents { get; private set; }

        /// <summary>Events waiting in <see cref="TryTake"/>.</summary>
        public int Pending
        {
            get { return count; }
        }

        /// <summary>Turns auto-repeat on or off for a key.</summary>
        public void SetRepeat(PhoneKey key, bool on)
        {
            if (on) repeatMask |= Bit(key);
            else repeatMask &= ~Bit(key);
        }

        public bool Repeats(PhoneKey key)
        {
            return (repeatMask & Bit(key)) != 0;
        }

        /// <summary>Debounced state of a key (false when the map does not have it).</summary>
        public bool IsDown(PhoneKey key)
        {
            int row;
            int column;
            if (map == null || !map.Find(key, out row, out column)) return false;
            return (stable[row] & (1 << column)) != 0;
        }

        /// <summary>Debounced state of a matrix position.</summary>
        public bool IsDownAt(int row, int column)
        {
            if (row < 0 || row >= KeyMap.MaxLines || column < 0 || column >= KeyMap.MaxLines) return false;
            return (stable[row] & (1 << column)) != 0;
        }

        /// <summary>
        /// One full matrix scan: rowBits[r] bit c set = position (r, c) pressed; rows beyond the array or
        /// the map count as released. Drops the scan as noise when too many positions changed since the last
        /// scan; then debounces and repeats as <see cref="Update"/>.
        /// </summary>
        public void Scan(int[] rowBits, long nowMs)
        {
            int rows = map == null ? 0 : map.Rows;
            int columnMask = map == null ? 0 : (1 << map.Columns) - 1;
            int changed = 0;
            for (int r = 0; r < rows; r++)
            {
                int bits = rowBits != null && r < rowBits.Length ? rowBits[r] & columnMask : 0;
                changed += BitCount(bits ^ raw[r]);
            }
            bool sameAsRejected = hasRejected;
            for (int r = 0; r < rows && sameAsRejected; r++)
            {
                int bits = rowBits != null && r < rowBits.Length ? rowBits[r] & columnMask : 0;
                if (bits != rejected[r]) sameAsRejected = false;
            }
            if (changed > MaxChangesPerScan && !sameAsRejected)
            {
                // Keep the scan: if the next one reads the same, it was a real (if unusual) chord, not noise.
                RejectedScans++;
                hasRejected = true;
                for (int r = 0; r < rows; r++) rejected[r] = rowBits != null && r < rowBits.Length ? rowBits[r] & columnMask : 0;
            }
            else
            {
                hasRejected = false;
                for (int r = 0; r < rows; r++) raw[r] = rowBits != null && r < rowBits.Length ? rowBits[r] & columnMask : 0;
            }
            Update(nowMs);
        }

        /// <summary>Records the raw level of one position (event-driven sources); call <see cref="Update"/> after.</summary>
        public void SetRaw(int row, int column, bool pressed)
        {
            if (map == null || row < 0 || row >= map.Rows || column < 0 || column >= map.Columns) return;
            if (pressed) raw[row] |= 1 << column;
            else raw[row] &= ~(1 << column);
        }

        /// <summary>Runs debounce and auto-repeat at nowMs on the raw levels last recorded.</summary>
        public void Update(long nowMs)
        {
            if (map == null) return;
            int rows = map.Rows;
            int columns = map.Columns;
            for (int r = 0; r < rows; r++)
            {
                int diff = raw[r] ^ stable[r];
                for (int c = 0; c < columns; c++)
                {
                    int p = r * KeyMap.MaxLines + c;
                    int bit = 1 << c;
                    if ((diff & bit) == 0)
                    {
                        changeSince[p] = Never;
                        if ((stable[r] & bit) != 0) RepeatIfDue(r, c, p, nowMs);
                        continue;
                    }
                    // The raw level differs: no repeat while a release may be under way (a repeat after the
                    // finger lifted would step the volume once too often).
                    if (changeSince[p] == Never)
                    {
                        changeSince[p] = nowMs;
                        // A zero debounce reports at once; otherwise wait for the next scans.
                        if (DebounceMs > 0) continue;
                    }
                    if (nowMs - changeSince[p] < DebounceMs) continue;
                    changeSince[p] = Never;
                    stable[r] ^= bit;
                    bool down = (stable[r] & bit) != 0;
                    nextRepeat[p] = down ? nowMs + RepeatDelayMs : Never;
                    Emit(down ? KeyEventKind.Down : KeyEventKind.Up, r, c, nowMs);
                }
            }
        }

        /// <summary>Takes the oldest event; false when there is none.</summary>
        public bool TryTake(out KeyEvent e)
        {
            if (count == 0)
            {
                e = new KeyEvent();
                return false;
            }
            e = queue[head];
            head = (head + 1) % QueueCapacity;
            count--;
            return true;
        }

        /// <summary>Forgets every key state and event, e.g. after the keypad lines were reconfigured.</summary>
        public void Reset()
        {
            for (int r = 0; r < KeyMap.MaxLines; r++)
            {
                raw[r] = 0;
                stable[r] = 0;
            }
            for (int i = 0; i < Positions; i++)
            {
                changeSince[i] = Never;
                nextRepeat[i] = Never;
            }
            head = 0;
            count = 0;
            hasRejected = false;
        }

        private void RepeatIfDue(int r, int c, int p, long nowMs)
        {
            if (nextRepeat[p] == Never || nowMs < nextRepeat[p]) return;
            PhoneKey key;
            if (!map.TryGetKey(r, c, out key) || (repeatMask & Bit(key)) == 0)
            {
                nextRepeat[p] = Never;
                return;
            }
            int interval = RepeatIntervalMs < 1 ? 1 : RepeatIntervalMs;
            long next = nextRepeat[p] + interval;
            nextRepeat[p] = next > nowMs ? next : nowMs + interval;
            Emit(KeyEventKind.Repeat, r, c, nowMs);
        }

        private void Emit(KeyEventKind kind, int r, int c, long nowMs)
        {
            PhoneKey key;
            if (!map.TryGetKey(r, c, out key)) return;   // a position with no key: nothing to report
            if (count == QueueCapacity)
            {
                DroppedEvents++;
                return;
            }
            int tail = (head + count) % QueueCapacity;
            queue[tail].Kind = kind;
            queue[tail].Key = key;
            queue[tail].Row = r;
            queue[tail].Column = c;
            queue[tail].TimeMs = nowMs;
            count++;
        }

        private static int Bit(PhoneKey key)
        {
            return 1 << (int)key;
        }

        private static int BitCount(int v)
        {
            int n = 0;
            while (v != 0)
            {
                v &= v - 1;
                n++;
            }
            return n;
        }
    }
}
