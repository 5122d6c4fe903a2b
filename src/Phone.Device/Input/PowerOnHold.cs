using Phone.Call;

namespace Phone.Device.Input
{
    /// <summary>
    /// Decides at boot whether the user is holding a key (e.g. OK) to enter provisioning mode. The key must
    /// already be down within <see cref="GraceMs"/> of the first update (it was held while power came on,
    /// and the scanner needs its debounce time to report it), then stay down for <see cref="HoldMs"/>.
    /// A key pressed later, or released early, is a normal boot: a stray touch never wipes a working phone
    /// into provisioning. Fed with the scanner's debounced level; no I/O.
    /// </summary>
    public sealed class PowerOnHold
    {
        public const int DefaultHoldMs = 3000;
        public const int DefaultGraceMs = 200;

        private long startMs;
        private long downSinceMs;
        private bool started;
        private PowerOnHoldResult result;

        public PowerOnHold(PhoneKey key, int holdMs, int graceMs)
        {
            Key = key;
            HoldMs = holdMs;
            GraceMs = graceMs;
            downSinceMs = -1;
        }

        public PowerOnHold(PhoneKey key) : this(key, DefaultHoldMs, DefaultGraceMs)
        {
        }

        public PhoneKey Key { get; private set; }

        public int HoldMs { get; private set; }

        public int GraceMs { get; private set; }

        public PowerOnHoldResult Result
        {
            get { return result; }
        }

        /// <summary>How long the key has been held (0 when it is not), e.g. for a "keep holding" bar.</summary>
        public long HeldMs(long nowMs)
        {
            return downSinceMs < 0 ? 0 : nowMs - downSinceMs;
        }

        /// <summary>Feeds the scanner's level of the key; once decided the result never changes.</summary>
        public PowerOnHoldResult Update(KeyScanner scanner, long nowMs)
        {
            return Update(scanner != null && scanner.IsDown(Key), nowMs);
        }

        /// <summary>Feeds the debounced level of the key; once decided the result never changes.</summary>
        public PowerOnHoldResult Update(bool keyDown, long nowMs)
        {
            if (result != PowerOnHoldResult.Undecided) return result;
            if (!started)
            {
                started = true;
                startMs = nowMs;
            }
            if (keyDown)
            {
                if (downSinceMs < 0)
                {
                    if (nowMs - startMs > GraceMs)
                    {
                        result = PowerOnHoldResult.Normal;
                        return result;
                    }
                    downSinceMs = nowMs;
                }
                if (nowMs - downSinceMs >= HoldMs) result = PowerOnHoldResult.Provisioning;
                return result;
            }
            if (downSinceMs >= 0 || nowMs - startMs > GraceMs) result = PowerOnHoldResult.Normal;
            return result;
        }
    }
}
