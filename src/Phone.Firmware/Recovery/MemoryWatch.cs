using nanoFramework.Hardware.Esp32;

namespace Phone.Firmware.Recovery
{
    /// <summary>
    /// Native heap figures for the diagnostics screen (free bytes, largest free block, lowest free seen), sampled on
    /// the core thread every few seconds.
    /// <para>
    /// The figures come from nanoFramework.Hardware.Esp32's NativeMemory.GetMemoryInfo, which fills three out
    /// parameters. The managed heap has no public counter in the stable mscorlib (GC has no GetTotalMemory), so the
    /// native heap, which the managed heap and the TLS/Wi-Fi stacks share, is the figure that warns of exhaustion.
    /// </para>
    /// </summary>
    public sealed class MemoryWatch
    {
        /// <summary>True once a sample could be taken.</summary>
        public bool Known { get; private set; }

        public uint TotalBytes { get; private set; }

        public uint FreeBytes { get; private set; }

        public uint LargestFreeBlock { get; private set; }

        /// <summary>Lowest FreeBytes seen since boot (a slow leak shows here first).</summary>
        public uint LowestFree { get; private set; }

        public void Sample()
        {
            uint total;
            uint free;
            uint largest;
            NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.All, out total, out free, out largest);
            Record(total, free, largest);
        }

        /// <summary>"heap 123k free, big 45k, low 98k", or "heap n/a".</summary>
        public string Describe()
        {
            if (!Known)
            {
                return "heap n/a";
            }

            return "heap " + (FreeBytes / 1024).ToString() + "k big " + (LargestFreeBlock / 1024).ToString() + "k low " +
                   (LowestFree / 1024).ToString() + "k";
        }

        internal void Record(uint total, uint free, uint largest)
        {
            Known = true;
            TotalBytes = total;
            FreeBytes = free;
            LargestFreeBlock = largest;
            if (LowestFree == 0 || free < LowestFree)
            {
                LowestFree = free;
            }
        }
    }
}
