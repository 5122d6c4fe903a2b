using System.Diagnostics;
using System.Threading;
using Phone.App.Drivers;

namespace Phone.Host.Drivers
{
    /// <summary>The host's monotonic clock (a Stopwatch) for a phone that runs in real time.</summary>
    public sealed class SystemClock : IClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long NowMs => _watch.ElapsedMilliseconds;

        public long NowUs => _watch.ElapsedTicks * 1_000_000 / Stopwatch.Frequency;
    }

    /// <summary>A clock that only moves when a test moves it (deterministic runs of the app's logic).</summary>
    public sealed class SimulatedClock : IClock
    {
        private long _us;

        public SimulatedClock(long startMs = 1000) => _us = startMs * 1000;

        public long NowMs => Interlocked.Read(ref _us) / 1000;

        public long NowUs => Interlocked.Read(ref _us);

        public void Advance(long ms) => Interlocked.Add(ref _us, ms * 1000);

        public void AdvanceTo(long ms)
        {
            long target = ms * 1000;
            if (target > Interlocked.Read(ref _us)) Interlocked.Exchange(ref _us, target);
        }
    }
}
