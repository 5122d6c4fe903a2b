using System;
using Phone.App.Drivers;

namespace Phone.Firmware.Recovery
{
    /// <summary>
    /// The app's event lines on the board's console: nanoFramework's Console.WriteLine goes to the debug channel
    /// (the USB serial port nanoff and Visual Studio read). Lines only come on events, never per packet.
    /// </summary>
    public sealed class ConsoleLog : IEventLog
    {
        public void Line(string text)
        {
            Console.WriteLine(text);
        }
    }
}
