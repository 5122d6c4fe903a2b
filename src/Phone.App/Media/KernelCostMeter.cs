using Phone.App.Drivers;

namespace Phone.App.Media
{
    /// <summary>
    /// Per-packet cost of the media path on the device, measured with the clock driver (on the board the
    /// ESP32 high-resolution timer, µs). The media thread brackets each protect (capture → SRTP packet) and each
    /// unprotect (SRTP packet → jitter buffer) with Begin/End; the diagnostics screen shows the running mean and the
    /// worst case since the call started. docs/native-kernel.md could only estimate these numbers: this is where
    /// they are measured on the phone. Two longs per sample, no allocation; read from another thread without a lock
    /// (a torn read only shows a wrong number for one refresh).
    /// </summary>
    public sealed class KernelCostMeter
    {
        private readonly IClock _clock;
        private long _start;

        public KernelCostMeter(IClock clock)
        {
            _clock = clock;
        }

        private long _sumUs;

        public int Count { get; private set; }

        public int MaxUs { get; private set; }

        public int LastUs { get; private set; }

        public int MeanUs
        {
            get { return Count == 0 ? 0 : (int)(_sumUs / Count); }
        }

        public void Begin()
        {
            _start = _clock.NowUs;
        }

        public void End()
        {
            int us = (int)(_clock.NowUs - _start);
            LastUs = us;
            _sumUs += us;
            Count++;
            if (us > MaxUs)
            {
                MaxUs = us;
            }
        }

        public void Reset()
        {
            _sumUs = 0;
            Count = 0;
            MaxUs = 0;
            LastUs = 0;
        }
    }
}
