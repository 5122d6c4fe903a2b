using System;
using nanoFramework.TestFramework;
using Phone.Device.Audio;

namespace Phone.Tests.Device.Audio
{
    /// <summary>
    /// The media loop run against the simulated I2S DMA (<see cref="I2sDmaSimulator"/>) for simulated minutes,
    /// with a loop that oversleeps and lets network work overrun its slice by random amounts: blocking I2S calls,
    /// lost capture samples and speaker underruns are measured by the simulator, not taken from the cadence.
    /// </summary>
    [TestClass]
    public class MediaCadenceTests
    {
        const int Minute = 60000;

        // Runs the loop until untilMs; at pauseAtMs (if pauseMs > 0) the whole loop stops for pauseMs (a GC).
        static void Run(MediaCadence c, I2sDmaSimulator sim, Random rnd, long untilMs, int jitterMs, long pauseAtMs, int pauseMs)
        {
            bool paused = pauseMs <= 0;
            while (sim.NowMs < untilMs)
            {
                if (!paused && sim.NowMs >= pauseAtMs)
                {
                    sim.NowUs += pauseMs * 1000L;
                    paused = true;
                }
                CadenceAction a = c.Next(sim.NowMs, true);
                if (a == CadenceAction.ReadCapture)
                {
                    long start = sim.NowMs;
                    sim.Read(c.CaptureFrameSamples);
                    c.CaptureDone(start, sim.NowMs);
                    sim.NowUs += 400;                                  // convert, encode, protect, send
                }
                else if (a == CadenceAction.WritePlayback)
                {
                    long start = sim.NowMs;
                    sim.Write(c.PlaybackFrameSamples);
                    c.PlaybackDone(start, sim.NowMs);
                    sim.NowUs += 300;                                  // jitter buffer, decode
                }
                else if (a == CadenceAction.Network)
                {
                    // Socket and SIP work: usually within the slice, sometimes longer by up to jitterMs.
                    sim.NowUs += rnd.Next((c.WaitMs + jitterMs) * 1000 + 1);
                }
                else
                {
                    // Thread.Sleep wakes late by up to jitterMs when other threads hold the CPU.
                    sim.NowUs += c.WaitMs * 1000L + rnd.Next(jitterMs * 1000 + 1);
                }
                sim.NowUs += 50 + rnd.Next(200);                       // the loop itself
            }
        }

        static MediaCadence Start(I2sDmaSimulator sim, int captureRate, int captureBuffers, int playbackRate, int playbackBuffers)
        {
            MediaCadence c = new MediaCadence(captureRate, captureBuffers, playbackRate, playbackBuffers);
            c.Start(sim.NowMs);
            return c;
        }

        [TestMethod]
        public void TenMinutesWithLoopJitterNeverBlockAndNeverRunDry()
        {
            I2sDmaSimulator sim = new I2sDmaSimulator(8000, 8, 8000, 4, 0);
            MediaCadence c = Start(sim, 8000, 8, 8000, 4);
            Run(c, sim, new Random(1), 10 * Minute, 8, 0, 0);

            Assert.AreEqual(0, sim.BlockingReads, "blocking reads");
            Assert.AreEqual(0, sim.BlockingWrites, "blocking writes");
            Assert.AreEqual(0, sim.Underruns, "speaker underruns");
            Assert.AreEqual(0L, sim.CaptureLostSamples, "microphone samples lost");
            // Every 20 ms frame of the 10 minutes was read (the last may still be filling) and played.
            Assert.IsTrue(c.FramesRead >= 29998 && c.FramesRead <= 30000, "frames read " + c.FramesRead.ToString());
            Assert.IsTrue(c.FramesWritten >= 29998 && c.FramesWritten <= 30003, "frames written " + c.FramesWritten.ToString());
            // Latency: never more than the 3-frame target queued.
            Assert.IsTrue(sim.LongestQueueSamples <= 480, "queue " + sim.LongestQueueSamples.ToString());
            Assert.AreEqual(0, c.PlaybackUnderruns + c.CaptureOverruns + c.BlockedReads + c.BlockedWrites);
        }

        [TestMethod]
        public void A100MsGcPauseCostsOnlySpeakerSilenceAndTheLoopRecovers()
        {
            I2sDmaSimulator sim = new I2sDmaSimulator(8000, 8, 8000, 4, 0);
            MediaCadence c = Start(sim, 8000, 8, 8000, 4);
            Random rnd = new Random(2);
            Run(c, sim, rnd, 5 * Minute + 1000, 8, 5 * Minute, 100);

            // 100 ms without the loop: the 60 ms speaker queue ran dry once; eight capture buffers (224 ms) held the microphone.
            Assert.AreEqual(1, sim.Underruns, "underruns in the pause");
            Assert.AreEqual(1, c.PlaybackUnderruns, "the cadence saw it too");
            Assert.AreEqual(0L, sim.CaptureLostSamples);
            Assert.AreEqual(0, sim.BlockingReads + sim.BlockingWrites, "catching up never blocked");

            Run(c, sim, rnd, 10 * Minute, 8, 0, 0);
            Assert.AreEqual(1, sim.Underruns, "none after the pause");
            Assert.AreEqual(0L, sim.CaptureLostSamples);
            Assert.AreEqual(0, sim.BlockingReads + sim.BlockingWrites);
            Assert.IsTrue(c.FramesRead >= 29998, "every microphone frame was read: " + c.FramesRead.ToString());
        }

        [TestMethod]
        public void WithTooFewCaptureBuffersAPauseLosesSamplesCountedAndSkipped()
        {
            // Four buffers hold 3 x 256 samples = 96 ms: less than the pause.
            I2sDmaSimulator sim = new I2sDmaSimulator(8000, 4, 8000, 4, 0);
            MediaCadence c = Start(sim, 8000, 4, 8000, 4);
            Random rnd = new Random(3);
            Run(c, sim, rnd, 60000, 8, 30000, 100);
            Assert.IsTrue(sim.CaptureLostSamples > 0, "the DMA overwrote samples");
            Assert.IsTrue(c.CaptureOverruns >= 1);
            long diff = c.CaptureSamplesLost - sim.CaptureLostSamples;
            Assert.IsTrue(diff >= -256 && diff <= 256, "the cadence skipped what was lost: " + c.CaptureSamplesLost.ToString() + " vs " + sim.CaptureLostSamples.ToString());
            Assert.AreEqual(0, sim.BlockingReads, "skipping, not waiting");

            long lost = sim.CaptureLostSamples;
            int overruns = c.CaptureOverruns;
            Run(c, sim, rnd, 3 * Minute, 8, 0, 0);
            Assert.AreEqual(lost, sim.CaptureLostSamples, "no loss after recovery");
            Assert.AreEqual(overruns, c.CaptureOverruns);
            Assert.AreEqual(0, sim.BlockingReads + sim.BlockingWrites);
        }

        [TestMethod]
        public void AFastMicrophoneClockAt32kHzStaysInStep()
        {
            // 32 kHz capture (640 samples per frame, 2.5 DMA buffers) with 8 kHz playback.
            I2sDmaSimulator sim = new I2sDmaSimulator(32000, 16, 8000, 4, 0);
            MediaCadence c = Start(sim, 32000, 16, 8000, 4);
            Assert.AreEqual(640, c.CaptureFrameSamples);
            Assert.AreEqual(160, c.PlaybackFrameSamples);
            Run(c, sim, new Random(4), 2 * Minute, 8, 0, 0);
            Assert.AreEqual(0, sim.BlockingReads + sim.BlockingWrites + sim.Underruns);
            Assert.AreEqual(0L, sim.CaptureLostSamples);
            Assert.IsTrue(c.FramesRead >= 5997, c.FramesRead.ToString());
        }

        [TestMethod]
        [DataRow(150)]
        [DataRow(-150)]
        public void AnI2sClockOffByPpmCostsAtMostBriefWaits(int ppm)
        {
            // The model runs 300 ppm ahead of nominal: its errors only ever make a call wait briefly, and a wait
            // of 2 ms re-anchors it.
            I2sDmaSimulator sim = new I2sDmaSimulator(8000, 8, 8000, 4, ppm);
            MediaCadence c = Start(sim, 8000, 8, 8000, 4);
            c.ClockLeadPpm = 300;
            Run(c, sim, new Random(5), 10 * Minute, 8, 0, 0);
            Assert.AreEqual(0L, sim.CaptureLostSamples);
            Assert.AreEqual(0, sim.Underruns);
            Assert.IsTrue(sim.LongestReadWaitUs <= 3000, "read wait " + sim.LongestReadWaitUs.ToString());
            Assert.IsTrue(sim.LongestWriteWaitUs <= 3000, "write wait " + sim.LongestWriteWaitUs.ToString());
        }

        [TestMethod]
        public void IdleTimeGoesToTheNetworkOrSleepUntilTheNextFrame()
        {
            MediaCadence c = new MediaCadence(8000, 8, 8000, 4);
            Assert.AreEqual((int)CadenceAction.Network, (int)c.Next(0, true), "not started: network work");
            Assert.AreEqual(20, c.WaitMs);
            c.Start(1000);
            // Playback first fills its 3-frame queue.
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual((int)CadenceAction.WritePlayback, (int)c.Next(1000, true));
                c.PlaybackDone(1000, 1000);
            }
            // Then the first capture buffer completes at 256 samples = 32 ms; the queue has room again at 20 ms.
            Assert.AreEqual((int)CadenceAction.Network, (int)c.Next(1000, true));
            Assert.AreEqual(20, c.WaitMs);
            Assert.AreEqual((int)CadenceAction.Sleep, (int)c.Next(1000, false));
            Assert.AreEqual((int)CadenceAction.Sleep, (int)c.Next(1019, true), "1 ms is too little for the network");
            Assert.AreEqual(1, c.WaitMs);
            Assert.AreEqual((int)CadenceAction.WritePlayback, (int)c.Next(1020, true));
            c.PlaybackDone(1020, 1020);
            Assert.AreEqual((int)CadenceAction.Network, (int)c.Next(1021, true));
            Assert.AreEqual(11, c.WaitMs, "capture at 1032");
            Assert.AreEqual((int)CadenceAction.ReadCapture, (int)c.Next(1032, true));
        }

        [TestMethod]
        public void ABlockingReadReanchorsTheModel()
        {
            MediaCadence c = new MediaCadence(8000, 8, 8000, 4);
            c.Start(0);
            // The loop read at 40 ms (model: one buffer complete at 32 ms) but the call returned at 45 ms:
            // the real clock is behind; the buffer holding the frame completed at 45.
            c.CaptureDone(40, 45);
            Assert.AreEqual(1, c.BlockedReads);
            Assert.AreEqual(5, c.LongestCallMs);
            // The next buffer (samples 256..511) completes 32 ms after 45: at 76 only 96 samples are readable.
            Assert.AreEqual((int)CadenceAction.WritePlayback, (int)c.Next(76, false), "not a capture frame yet");
            Assert.AreEqual((int)CadenceAction.ReadCapture, (int)c.Next(77, false));
        }
    }
}
