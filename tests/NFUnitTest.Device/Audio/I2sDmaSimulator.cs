namespace Phone.Tests.Device.Audio
{
    /// <summary>
    /// The ESP32 I2S DMA as the nanoFramework driver sets it up, simulated on a microsecond clock for testing the
    /// media loop: the real sample clock may run off nominal by some ppm; capture data becomes readable a whole
    /// 256-frame DMA buffer at a time, at most (buffers - 1) buffers wait and older ones are overwritten; a read
    /// blocks until its samples are complete. Playback drains written samples at the real rate, plays silence
    /// when empty (an underrun), and a write blocks while the DMA has no room. Blocking advances the clock and
    /// is measured: that is what the media cadence must avoid.
    /// </summary>
    internal sealed class I2sDmaSimulator
    {
        public const int BufferFrames = 256;

        private readonly int captureRate;
        private readonly int playbackRate;
        private readonly int captureBuffers;
        private readonly int playbackBuffers;
        private readonly int ppm;

        private long captureRead;
        private long playbackStartUs;
        private long playbackQueued;
        private bool playbackStarted;

        public long NowUs;

        public long CaptureLostSamples;
        public int BlockingReads;
        public long LongestReadWaitUs;
        public int BlockingWrites;
        public long LongestWriteWaitUs;
        public int Underruns;
        public long LongestQueueSamples;

        public I2sDmaSimulator(int captureRate, int captureBuffers, int playbackRate, int playbackBuffers, int ppm)
        {
            this.captureRate = captureRate;
            this.playbackRate = playbackRate;
            this.captureBuffers = captureBuffers;
            this.playbackBuffers = playbackBuffers;
            this.ppm = ppm;
        }

        public long NowMs
        {
            get { return NowUs / 1000; }
        }

        // Samples a real clock at rate has produced in us microseconds.
        private long Samples(long us, int rate)
        {
            long n = us * rate / 1000000;
            return n + n * ppm / 1000000;
        }

        private long CaptureComplete()
        {
            return Samples(NowUs, captureRate) / BufferFrames * BufferFrames;
        }

        private void DropOverwritten()
        {
            long complete = CaptureComplete();
            long max = (long)(captureBuffers - 1) * BufferFrames;
            if (complete - captureRead > max)
            {
                CaptureLostSamples += complete - max - captureRead;
                captureRead = complete - max;
            }
        }

        /// <summary>A blocking read of count samples.</summary>
        public void Read(int count)
        {
            DropOverwritten();
            long start = NowUs;
            while (CaptureComplete() - captureRead < count) NowUs += 20;
            long waited = NowUs - start;
            if (waited > 0)
            {
                BlockingReads++;
                if (waited > LongestReadWaitUs) LongestReadWaitUs = waited;
            }
            captureRead += count;
        }

        private long Queued()
        {
            return playbackQueued - Samples(NowUs - playbackStartUs, playbackRate);
        }

        /// <summary>A blocking write of count samples.</summary>
        public void Write(int count)
        {
            long q = Queued();
            if (!playbackStarted || q <= 0)
            {
                if (playbackStarted && q < 0) Underruns++;
                playbackStarted = true;
                playbackStartUs = NowUs;
                playbackQueued = 0;
            }
            long capacity = (long)playbackBuffers * BufferFrames;
            long start = NowUs;
            while (Queued() + count > capacity) NowUs += 20;
            long waited = NowUs - start;
            if (waited > 0)
            {
                BlockingWrites++;
                if (waited > LongestWriteWaitUs) LongestWriteWaitUs = waited;
            }
            playbackQueued += count;
            long now = Queued();
            if (now > LongestQueueSamples) LongestQueueSamples = now;
        }
    }
}
