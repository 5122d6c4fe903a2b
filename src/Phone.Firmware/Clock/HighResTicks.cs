using nanoFramework.Hardware.Esp32;
using Phone.Device.Diagnostics;

namespace Phone.Firmware.Clock
{
    /// <summary>KernelSelfTest's microsecond clock on the ESP32: HighResTimer.GetCurrent() (esp_timer, µs since boot).</summary>
    public sealed class HighResTicks : KernelSelfTest.ITickSource
    {
        public ulong Microseconds
        {
            get { return HighResTimer.GetCurrent(); }
        }
    }
}
