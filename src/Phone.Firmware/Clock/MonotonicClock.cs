using nanoFramework.Hardware.Esp32;

namespace Phone.Firmware.Clock
{
    /// <summary>
    /// The core's clock: milliseconds since boot from the ESP32 high-resolution timer
    /// (HighResTimer.GetCurrent, µs, esp_timer underneath). DateTime.UtcNow is not used because SNTP
    /// steps it when the time is first set (and later corrections), and every deadline in the sans-I/O
    /// core is "now + interval", which must never jump.
    /// </summary>
    public static class MonotonicClock
    {
        /// <summary>Milliseconds since boot; never goes backwards.</summary>
        public static long NowMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000UL); }
        }

        /// <summary>Microseconds since boot (per-packet cost measurements).</summary>
        public static long NowUs
        {
            get { return (long)HighResTimer.GetCurrent(); }
        }
    }
}
