namespace Phone.App.Drivers
{
    /// <summary>
    /// The monotonic clock the loops read (never the wall clock). The app's logic takes the time it gives as a
    /// nowMs parameter; only the loops and the media cost meter read it. Device: the ESP32 high-resolution timer;
    /// host: a Stopwatch, or a simulated clock in tests.
    /// </summary>
    public interface IClock
    {
        long NowMs { get; }

        long NowUs { get; }
    }
}
