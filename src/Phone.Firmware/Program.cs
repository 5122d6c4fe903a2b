using System;
using System.Threading;
using Phone.Firmware.App;

namespace Phone.Firmware
{
    /// <summary>Entry point of the handset application.</summary>
    public static class Program
    {
        public static void Main()
        {
            // PhoneApp.Run does not return. Should boot itself fail with an exception (a driver the board profile
            // names is missing, say), wait and try again rather than leave a silent brick: a power cycle is then
            // not the only way out, and the boot screen shows how far it got.
            while (true)
            {
                try
                {
                    new PhoneApp().Run();
                }
                catch (Exception)
                {
                    Thread.Sleep(5000);
                }
            }
        }
    }
}
