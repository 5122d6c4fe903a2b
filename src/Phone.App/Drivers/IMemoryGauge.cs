namespace Phone.App.Drivers
{
    /// <summary>Free native memory for the diagnostics screen (unknown on a host).</summary>
    public interface IMemoryGauge
    {
        void Sample();

        bool Known { get; }

        long FreeBytes { get; }

        long LargestFreeBlock { get; }
    }
}
