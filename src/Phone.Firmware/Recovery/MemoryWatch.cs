using System;
using nanoFramework.Hardware.Esp32;
using Phone.App.Drivers;

namespace Phone.Firmware.Recovery
{
    /// <summary>
    /// Native heap figures for the diagnostics screen (free bytes, largest free block), sampled by the app's loop
    /// every second.
    /// <para>
    /// The figures come from nanoFramework.Hardware.Esp32's NativeMemory.GetMemoryInfo, which fills three out
    /// parameters. The managed heap has no public counter in the stable mscorlib (GC has no GetTotalMemory), so the
    /// native heap, which the managed heap and the TLS/Wi-Fi stacks share, is the figure that warns of exhaustion.
    /// </para>
    /// </summary>
    public sealed class MemoryWatch : IMemoryGauge
    {
        /// <summary>True once a sample could be taken.</summary>
        public bool Known { get; private set; }

        public long FreeBytes { get; private set; }

        public long LargestFreeBlock { get; private set; }

        public void Sample()
        {
            uint total;
            uint free;
            uint largest;
            try
            {
                NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.All, out total, out free, out largest);
            }
            catch (Exception)
            {
                // The figures stay as they were (unknown before the first sample).
                return;
            }

            Known = true;
            FreeBytes = free;
            LargestFreeBlock = largest;
        }
    }
}
