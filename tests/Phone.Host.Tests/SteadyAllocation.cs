using System;
using System.Collections.Generic;

namespace Phone.Host.Tests
{
    /// <summary>
    /// Bytes a piece of code allocates on this thread once it is warm. The runtime itself allocates on the measured
    /// thread now and then (while it swaps in re-jitted tier-1 code for the methods a warm-up made hot: 144 B and
    /// 7,704 B in two CI runs on a loaded machine), once and at a moment of its choosing; an allocation of the
    /// code's own comes back in every run. So the run is measured up to <see cref="Runs"/> times, each after its
    /// own preparation, and the quietest counts: a per-packet, per-frame or per-call allocation still shows.
    /// </summary>
    internal static class SteadyAllocation
    {
        public const int Runs = 3;

        /// <summary>The least any of up to three runs of <paramref name="run"/> allocated (stops at the first 0).</summary>
        public static long Least(Action run) => Least(null, run, null);

        /// <summary>
        /// As <see cref="Least(Action)"/>, with <paramref name="prepare"/> (not measured) before each run, e.g. fresh
        /// state and a warm-up so that each run covers the same ground; each run's count goes to
        /// <paramref name="each"/> when given.
        /// </summary>
        public static long Least(Action prepare, Action run, List<long> each = null)
        {
            long least = long.MaxValue;
            for (int i = 0; i < Runs && least != 0; i++)
            {
                prepare?.Invoke();
                long before = GC.GetAllocatedBytesForCurrentThread();
                run();
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                each?.Add(allocated);
                least = Math.Min(least, allocated);
            }

            return least;
        }
    }
}
