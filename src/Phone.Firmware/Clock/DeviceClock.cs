using nanoFramework.Hardware.Esp32;
using Phone.App.Drivers;

namespace Phone.Firmware.Clock
{
    /// <summary>
    /// The phone's clock on the board: time since boot from the ESP32 high-resolution timer
    /// (HighResTimer.GetCurrent, µs, esp_timer underneath). DateTime.UtcNow is not used because SNTP steps it when
    /// the time is first set (and later corrections), and every deadline in the sans-I/O core is "now + interval",
    /// which must never jump. The driver threads that have no clock handed to them (the provisioning server's, the
    /// links' DNS cache) read the same timer through <see cref="ElapsedMs"/>.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>Milliseconds since boot; never goes backwards.</summary>
        public static long ElapsedMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000UL); }
        }

        public long NowMs
        {
            get { return ElapsedMs; }
        }

        /// <summary>Microseconds since boot (per-packet cost measurements, the kernel self-test).</summary>
        public long NowUs
        {
            get { return (long)HighResTimer.GetCurrent(); }
        }
    }
}
