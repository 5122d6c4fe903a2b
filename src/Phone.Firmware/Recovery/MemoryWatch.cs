namespace Phone.Firmware.Recovery
{
    /// <summary>
    /// Native heap figures for the diagnostics screen (free bytes, largest free block, lowest free seen), sampled on
    /// the core thread every few seconds.
    /// <para>
    /// GAP (reported): the figures come from nanoFramework.Hardware.Esp32's
    /// NativeMemory.GetMemoryInfo(MemoryType, out uint total, out uint free, out uint largest) — its parameters are
    /// <c>out</c> (nanoframework/nanoFramework.Hardware.Esp32, NativeMemory.cs), but the target check has no shape
    /// for that assembly and declares them <c>ref</c>, so no call compiles both here and on the device. Until
    /// tools/TargetCheck/Shapes gains "out ... GetMemoryInfo(...) 1/2/3", Sample() stays this one marked place and
    /// reports Known = false; the line to put in is in docs/firmware.md. The managed heap has no public counter in
    /// the stable mscorlib (GC has no GetTotalMemory; nanoFramework.Runtime.Native's GC.Run is not in the lists).
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
            // GAP: NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.All, out total, out free, out largest) goes here
            // once the target check declares its parameters out (see the class comment).
            Known = false;
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
