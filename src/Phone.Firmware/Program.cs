using System.Threading;

namespace Phone.Firmware
{
    /// <summary>Entry point of the handset application.</summary>
    public static class Program
    {
        public static void Main()
        {
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
