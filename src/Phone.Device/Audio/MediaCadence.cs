namespace Phone.Device.Audio
{
    /// <summary>
    /// When the media loop may call the blocking I2S Read and Write without blocking: a model of the capture
    /// and playback DMA buffers driven by the clock, so the loop reads only once a whole 20 ms frame is complete,
    /// writes only while the playback queue is below its target, and otherwise does network work or sleeps until
    /// the next frame is due. Sans-I/O: the loop feeds times, performs the action, and reports how long the
    /// I2S call took.
    /// </summary>
    /// <remarks>
    /// Why: on nanoFramework every managed thread is a green thread on one FreeRTOS task, and a native I2S
    /// Read/Write that waits for DMA (portMAX_DELAY in the ESP32 driver) stalls all of them, SIP and RTP included.
    ///
    /// DMA model (nf-interpreter targets/ESP32 System.Device.I2s): the driver splits I2sConnectionSettings.BufferSize
    /// into DMA buffers of <see cref="DmaBufferFrames"/> (256) frames each. Capture data becomes readable one whole
    /// DMA buffer at a time, when the buffer completes; the DMA keeps filling one buffer, so at most
    /// (buffers - 1) x 256 frames wait unread, and beyond that the oldest buffer is dropped (an overrun: counted,
    /// and the model skips the lost frames). Playback: written frames queue and drain at the sample rate; when
    /// the queue runs dry the DMA sends silence (tx_desc_auto_clear), an underrun: counted, and the queue
    /// restarts from empty. The queue is kept at most <see cref="PlaybackTargetFrames"/> deep (latency), far
    /// below the DMA capacity, so a write never waits for a free buffer.
    ///
    /// Clock: the sample clock is the I2S clock, derived from the same crystal as the millisecond clock, so the
    /// model predicts it. Integer-millisecond times lag real time by under 1 ms, which errs on the safe side for
    /// capture (fewer frames believed complete than are). Divider rounding can make the real rate differ by a
    /// few hundred ppm; <see cref="ClockLeadPpm"/> runs the model ahead by that much, so its errors only ever
    /// make a call wait briefly, never let data pile up unseen. A call that took at least
    /// <see cref="BlockThresholdMs"/> proves the model was early: it re-anchors on that moment (the DMA was just
    /// empty/full) and the call is counted in <see cref="BlockedReads"/>/<see cref="BlockedWrites"/>.
    /// After a stall (GC pause) the loop gets ReadCapture for every complete frame in a row and WritePlayback
    /// until the queue is back at its target, so it recovers within one pass. Allocates nothing.
    /// </remarks>
    public sealed class MediaCadence
    {
        /// <summary>DMA_BUF_LEN_IN_I2S_FRAMES of the nanoFramework ESP32 I2S driver.</summary>
        public const int DmaBufferFrames = 256;

        public const int FrameMs = 20;

        private readonly int captureRate;
        private readonly int playbackRate;
        private readonly int captureBuffers;
        private readonly int playbackBuffers;

        private bool running;
        private long captureOrigin;      // ms at which capture sample 0 began
        private long captureConsumed;    // samples read or skipped since captureOrigin
        private long playbackOrigin;     // ms at which the playback queue was last empty (or re-anchored)
        private long playbackWritten;    // samples written since playbackOrigin

        /// <param name="captureRate">Capture sample rate in Hz (e.g. 8000, or 32000 for MEMS microphones that need a fast clock).</param>
        /// <param name="captureDmaBuffers">Capture DMA buffers (BufferSize / (256 x bytes per DMA frame)); at least 2.</param>
        /// <param name="playbackRate">Playback sample rate in Hz.</param>
        /// <param name="playbackDmaBuffers">Playback DMA buffers; at least 2.</param>
        public MediaCadence(int captureRate, int captureDmaBuffers, int playbackRate, int playbackDmaBuffers)
        {
            this.captureRate = captureRate < 1000 ? 8000 : captureRate;
            this.playbackRate = playbackRate < 1000 ? 8000 : playbackRate;
            captureBuffers = captureDmaBuffers < 2 ? 2 : captureDmaBuffers;
            playbackBuffers = playbackDmaBuffers < 2 ? 2 : playbackDmaBuffers;
            PlaybackTargetFrames = 3;
            BlockThresholdMs = 2;
            MinNetworkMs = 2;
        }

        /// <summary>Capture samples per 20 ms frame.</summary>
        public int CaptureFrameSamples
        {
            get { return captureRate * FrameMs / 1000; }
        }

        /// <summary>Playback samples per 20 ms frame.</summary>
        public int PlaybackFrameSamples
        {
            get { return playbackRate * FrameMs / 1000; }
        }

        /// <summary>Most capture samples the DMA holds unread before dropping the oldest buffer.</summary>
        public int CaptureCapacitySamples
        {
            get { return (captureBuffers - 1) * DmaBufferFrames; }
        }

        /// <summary>Frames kept queued for playback at most (3 = 60 ms: survives a 40 ms stall of the loop).</summary>
        public int PlaybackTargetFrames { get; set; }

        /// <summary>An I2S call lasting this long or more has waited for the DMA.</summary>
        public int BlockThresholdMs { get; set; }

        /// <summary>Idle gaps shorter than this are slept, not given to the network.</summary>
        public int MinNetworkMs { get; set; }

        /// <summary>How far (ppm) the model runs ahead of the nominal rate; 0 when the I2S clock divides exactly.</summary>
        public int ClockLeadPpm { get; set; }

        /// <summary>For Network and Sleep: ms until the next audio action is due.</summary>
        public int WaitMs { get; private set; }

        public bool Running
        {
            get { return running; }
        }

        public long FramesRead { get; private set; }
        public long FramesWritten { get; private set; }

        /// <summary>Times capture DMA buffers were dropped because the loop came too late.</summary>
        public int CaptureOverruns { get; private set; }

        /// <summary>Capture samples lost to overruns (skipped by the model).</summary>
        public long CaptureSamplesLost { get; private set; }

        /// <summary>Times the playback queue ran dry (the speaker got silence).</summary>
        public int PlaybackUnderruns { get; private set; }

        public int BlockedReads { get; private set; }
        public int BlockedWrites { get; private set; }

        /// <summary>Longest I2S call seen, in ms.</summary>
        public int LongestCallMs { get; private set; }

        /// <summary>Begins both streams at nowMs (right after the I2S devices were opened).</summary>
        public void Start(long nowMs)
        {
            running = true;
            captureOrigin = nowMs;
            captureConsumed = 0;
            playbackOrigin = nowMs;
            playbackWritten = 0;
            WaitMs = 0;
        }

        public void Stop()
        {
            running = false;
        }

        /// <summary>Clears the counters (e.g. at the start of a call), keeping the timing state.</summary>
        public void ResetCounters()
        {
            FramesRead = 0;
            FramesWritten = 0;
            CaptureOverruns = 0;
            CaptureSamplesLost = 0;
            PlaybackUnderruns = 0;
            BlockedReads = 0;
            BlockedWrites = 0;
            LongestCallMs = 0;
        }

        /// <summary>
        /// The action for nowMs. networkWork says whether the loop has socket/SIP work; idle time goes to it
        /// (<see cref="CadenceAction.Network"/>) when at least <see cref="MinNetworkMs"/> long, else Sleep.
        /// Capture comes first (its data is lost on overrun; playback only loses latency).
        /// </summary>
        public CadenceAction Next(long nowMs, bool networkWork)
        {
            if (!running)
            {
                WaitMs = FrameMs;
                return Idle(networkWork);
            }

            // Capture: skip what the DMA has dropped, then read if a frame is complete.
            long readable = Complete(Produced(captureOrigin, captureRate, nowMs)) - captureConsumed;
            if (readable > CaptureCapacitySamples)
            {
                long lost = readable - CaptureCapacitySamples;
                lost = (lost + DmaBufferFrames - 1) / DmaBufferFrames * DmaBufferFrames;
                captureConsumed += lost;
                CaptureSamplesLost += lost;
                CaptureOverruns++;
                readable -= lost;
            }
            int captureFrame = CaptureFrameSamples;
            if (readable >= captureFrame)
            {
                WaitMs = 0;
                return CadenceAction.ReadCapture;
            }

            // Playback: detect a dry queue, then top it up to the target.
            int playbackFrame = PlaybackFrameSamples;
            long played = Produced(playbackOrigin, playbackRate, nowMs);
            if (playbackWritten > 0 && played > playbackWritten)
            {
                PlaybackUnderruns++;
                playbackOrigin = nowMs;
                playbackWritten = 0;
                played = 0;
            }
            else if (playbackWritten == 0)
            {
                // Nothing queued (start, or after an underrun): the queue begins when the first frame is written.
                playbackOrigin = nowMs;
                played = 0;
            }
            long target = (long)PlaybackTargetFrames * playbackFrame;
            if (playbackWritten - played + playbackFrame <= target)
            {
                WaitMs = 0;
                return CadenceAction.WritePlayback;
            }

            // Idle until whichever comes first: the next complete capture frame or room for a playback frame.
            long needCapture = captureConsumed + captureFrame;
            long captureAt = TimeOf(captureOrigin, captureRate, (needCapture + DmaBufferFrames - 1) / DmaBufferFrames * DmaBufferFrames);
            long playbackAt = TimeOf(playbackOrigin, playbackRate, playbackWritten + playbackFrame - target);
            long at = captureAt < playbackAt ? captureAt : playbackAt;
            long wait = at - nowMs;
            WaitMs = wait < 0 ? 0 : wait > FrameMs * 2 ? FrameMs * 2 : (int)wait;
            return Idle(networkWork);
        }

        /// <summary>Reports one capture frame read: the call began at startMs and returned at endMs.</summary>
        public void CaptureDone(long startMs, long endMs)
        {
            captureConsumed += CaptureFrameSamples;
            FramesRead++;
            int took = Took(startMs, endMs);
            if (took >= BlockThresholdMs)
            {
                // The read waited for the buffer holding its last sample: that buffer completed at endMs.
                BlockedReads++;
                long complete = Complete(captureConsumed + DmaBufferFrames - 1);
                captureOrigin = endMs - TimeOf(0, captureRate, complete);
            }
        }

        /// <summary>Reports one playback frame written: the call began at startMs and returned at endMs.</summary>
        public void PlaybackDone(long startMs, long endMs)
        {
            if (playbackWritten == 0) playbackOrigin = startMs;
            playbackWritten += PlaybackFrameSamples;
            FramesWritten++;
            int took = Took(startMs, endMs);
            if (took >= BlockThresholdMs)
            {
                // The write waited for a free DMA buffer: at endMs the DMA holds all it can.
                BlockedWrites++;
                long capacity = (long)playbackBuffers * DmaBufferFrames;
                long played = playbackWritten - capacity;
                if (played < 0) played = 0;
                playbackOrigin = endMs - TimeOf(0, playbackRate, played);
            }
        }

        private CadenceAction Idle(bool networkWork)
        {
            return networkWork && WaitMs >= MinNetworkMs ? CadenceAction.Network : CadenceAction.Sleep;
        }

        private int Took(long startMs, long endMs)
        {
            long took = endMs - startMs;
            if (took < 0) took = 0;
            if (took > int.MaxValue) took = int.MaxValue;
            if (took > LongestCallMs) LongestCallMs = (int)took;
            return (int)took;
        }

        // Samples the sample clock has produced (or played) since origin, as the model sees it.
        private long Produced(long origin, int rate, long nowMs)
        {
            long ms = nowMs - origin;
            if (ms <= 0) return 0;
            long samples = ms * rate / 1000;
            if (ClockLeadPpm != 0) samples += samples * ClockLeadPpm / 1000000;
            return samples;
        }

        // First whole ms at which the model's clock has produced samples samples since origin.
        private long TimeOf(long origin, int rate, long samples)
        {
            if (samples <= 0) return origin;
            if (ClockLeadPpm != 0) samples = samples * 1000000 / (1000000 + ClockLeadPpm);
            return origin + (samples * 1000 + rate - 1) / rate;
        }

        // Samples in completed DMA buffers.
        private static long Complete(long samples)
        {
            return samples / DmaBufferFrames * DmaBufferFrames;
        }
    }
}
