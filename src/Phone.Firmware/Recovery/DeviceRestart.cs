using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Phone.App.Drivers;

namespace Phone.Firmware.Recovery
{
    /// <summary>
    /// Restarts the chip. nanoFramework.Runtime.Native's Power.RebootDevice is not in the stable API lists the phone
    /// builds against; nanoFramework.Hardware.Esp32's Sleep is: a deep sleep woken by the timer leaves through the
    /// ESP32's reset path (ESP-IDF "Sleep Modes": waking from deep sleep runs the boot ROM and the bootloader), so a
    /// 100 ms timer wake is a clean restart. Used after the soft AP configuration changes (it only takes effect at
    /// boot) and after a provisioning upload.
    /// </summary>
    public sealed class DeviceRestart : IRestart
    {
        public void Restart()
        {
            try
            {
                // Let the last display update and TCP answer leave first.
                Thread.Sleep(500);
                Sleep.EnableWakeupByTimer(TimeSpan.FromTicks(100 * TimeSpan.TicksPerMillisecond));
                Sleep.StartDeepSleep();
            }
            catch (Exception)
            {
                // Nothing else can restart the chip from managed code; the caller goes on as it was.
            }
        }
    }
}
