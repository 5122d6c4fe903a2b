using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Media;
using Phone.Audio;

namespace Phone.Tests.Media
{
    /// <summary>
    /// Adaptive jitter buffer driven by scripted arrival patterns on a 20 ms playout clock: in order,
    /// reordered, duplicates, late packets, burst loss (concealment fading to silence by 60 ms), and
    /// ±0.5 % sender clock drift over 60 s.
    /// </summary>
    [TestClass]
    public class JitterBufferTests
    {
        private static JitterBuffer Make()
        {
            return new JitterBuffer(AudioCodec.Pcmu, 20, 40, 200);
        }

        [TestMethod]
        public void InOrderPlaysEveryFrameAfterTheMinimumDepth()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            Assert.AreEqual((int)PlayoutKind.Silence, (int)jb.Get(pcm, 0, 160, 0), "nothing yet");
            Assert.AreEqual((int)JitterPutStatus.Accepted, (int)JitterFixture.Put(jb, 0, tone, 0));
            Assert.AreEqual((int)PlayoutKind.Silence, (int)jb.Get(pcm, 0, 160, 0), "20 ms buffered, 40 wanted");
            for (int i = 1; i < 200; i++)
            {
                JitterFixture.Put(jb, i, tone, 20 * i);
                Assert.AreEqual((int)PlayoutKind.Real, (int)jb.Get(pcm, 0, 160, 20 * i));
                Assert.AreEqual(JitterFixture.Ts(i - 1), jb.LastPlayedTimestamp);
                Assert.AreEqual(40, jb.CurrentDepthMs + 20, "two frames queued before each Get, one left after");
            }

            Assert.IsTrue(JitterFixture.MaxMagnitude(pcm, 0, 160) > 7000);
            Assert.AreEqual(200, jb.Received);
            Assert.AreEqual(0, jb.Lost);
            Assert.AreEqual(0, jb.Concealed);
            Assert.AreEqual(0, jb.Late);
            Assert.AreEqual(40, jb.TargetDepthMs);
            Assert.AreEqual(0, jb.JitterMs);
        }

        [TestMethod]
        public void ReorderedWithinTheDepthIsPlayedInOrder()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            // send order 0 2 1 4 3 6 5 …, one packet per 20 ms
            int played = 0;
            for (int k = 0; k < 100; k++)
            {
                int i = k == 0 ? 0 : (k % 2 == 1 ? k + 1 : k - 1);
                Assert.AreEqual((int)JitterPutStatus.Accepted, (int)JitterFixture.Put(jb, i, tone, 20 * k));
                if (jb.Get(pcm, 0, 160, 20 * k) == PlayoutKind.Real)
                {
                    Assert.AreEqual(JitterFixture.Ts(played), jb.LastPlayedTimestamp);
                    played++;
                }
            }

            Assert.IsTrue(played >= 97, played.ToString());
            Assert.AreEqual(0, jb.Lost);
            Assert.AreEqual(0, jb.Late);
        }

        [TestMethod]
        public void DuplicatesAreDiscardedBeforeAndAfterPlayout()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            JitterFixture.Put(jb, 0, tone, 0);
            Assert.AreEqual((int)JitterPutStatus.Duplicate, (int)JitterFixture.Put(jb, 0, tone, 5), "still buffered");
            JitterFixture.Put(jb, 1, tone, 20);
            jb.Get(pcm, 0, 160, 20); // plays 0
            Assert.AreEqual((int)JitterPutStatus.Duplicate, (int)JitterFixture.Put(jb, 0, tone, 25), "already played");
            Assert.AreEqual(2, jb.Duplicates);
            Assert.AreEqual(2, jb.Received);
            Assert.AreEqual(0, jb.Late);
        }

        [TestMethod]
        public void LatePacketIsDiscardedConcealedAndDeepensTheBuffer()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            JitterFixture.Put(jb, 0, tone, 0);
            jb.Get(pcm, 0, 160, 0);
            int concealedAt = -1;
            for (int i = 1; i < 10; i++)
            {
                if (i != 4) JitterFixture.Put(jb, i, tone, 20 * i);
                PlayoutKind k = jb.Get(pcm, 0, 160, 20 * i);
                if (k == PlayoutKind.Concealed) concealedAt = i;
            }

            Assert.AreEqual(5, concealedAt, "frame 4 is due at the Get of t=100 ms (one frame of depth left)");
            Assert.IsTrue(JitterFixture.MaxMagnitude(pcm, 0, 160) > 0);
            Assert.AreEqual((int)JitterPutStatus.Late, (int)JitterFixture.Put(jb, 4, tone, 200));
            Assert.AreEqual(1, jb.Late);
            Assert.AreEqual(1, jb.Lost);
            Assert.AreEqual(1, jb.Concealed);
            Assert.AreEqual(60, jb.TargetDepthMs, "fast grow: one frame per late packet");
            JitterFixture.Put(jb, 10, tone, 200);
            Assert.AreEqual((int)PlayoutKind.Stretched, (int)jb.Get(pcm, 0, 160, 200), "the extra frame of depth is made at once");
            Assert.AreEqual(1, jb.Stretched);
        }

        [TestMethod]
        public void BurstLossIsConcealedForSixtyMillisecondsThenSilent()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            int[] kinds = new int[40];
            int[] peaks = new int[40];
            for (int i = 0; i < 40; i++)
            {
                if (i < 10 || i >= 20) JitterFixture.Put(jb, i, tone, 20 * i); // 10..19 lost: 200 ms
                kinds[i] = (int)jb.Get(pcm, 0, 160, 20 * i);
                peaks[i] = JitterFixture.MaxMagnitude(pcm, 0, 160);
            }

            // frame k is played at the Get of t = 20(k+1): frames 10..19 at Gets 11..20
            Assert.AreEqual((int)PlayoutKind.Real, kinds[10]);
            Assert.AreEqual((int)PlayoutKind.Concealed, kinds[11]);
            Assert.AreEqual((int)PlayoutKind.Concealed, kinds[12]);
            Assert.AreEqual((int)PlayoutKind.Concealed, kinds[13]);
            for (int g = 14; g <= 20; g++)
            {
                Assert.AreEqual((int)PlayoutKind.Silence, kinds[g], "after 60 ms: Get " + g.ToString());
                Assert.AreEqual(0, peaks[g]);
            }

            Assert.AreEqual((int)PlayoutKind.Real, kinds[21]);
            Assert.IsTrue(peaks[11] > 7000, "first 10 ms repeat the tone at full level: " + peaks[11].ToString());
            Assert.IsTrue(peaks[12] < peaks[11] && peaks[13] < peaks[12], "attenuated");
            Assert.AreEqual(3, jb.Concealed);
            Assert.AreEqual(7, jb.SilenceFrames);
            Assert.AreEqual(10, jb.Lost);
            Assert.AreEqual(30, jb.Received);
        }

        [TestMethod]
        public void ConcealmentReachesZeroWithinSixtyMilliseconds()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] frame = new short[160];
            short[] gap = new short[480];
            JitterFixture.Put(jb, 0, tone, 0);
            JitterFixture.Put(jb, 1, tone, 20);
            jb.Get(frame, 0, 160, 20); // plays 0
            jb.Get(frame, 0, 160, 40); // plays 1
            for (int k = 0; k < 3; k++)
            {
                Assert.AreEqual((int)PlayoutKind.Concealed, (int)jb.Get(gap, 160 * k, 160, 60 + 20 * k));
            }

            // G.711 App. I: full level for 10 ms, then −20 % per 10 ms: the last 10 ms block is quieter
            // than the one before, and the final samples are (nearly) zero.
            int b1 = JitterFixture.MaxMagnitude(gap, 0, 80);
            int b3 = JitterFixture.MaxMagnitude(gap, 160, 80);
            int b6 = JitterFixture.MaxMagnitude(gap, 400, 80);
            Assert.IsTrue(b1 > 7000 && b3 < b1 && b6 < b3, b1.ToString() + " " + b3.ToString() + " " + b6.ToString());
            Assert.IsTrue(JitterFixture.MaxMagnitude(gap, 470, 10) < 250, "fading out at 60 ms: gain 788/32768 at sample 470");
        }

        [TestMethod]
        public void OtherPayloadTypesAndGarbageAreNotAudio()
        {
            JitterBuffer jb = Make();
            byte[] packet = new byte[172];
            JitterFixture.Packet(packet, 0, JitterFixture.TonePayload(160), 160);
            packet[1] = 101;
            Assert.AreEqual((int)JitterPutStatus.OtherPayloadType, (int)jb.Put(packet, 0, 172, 0));
            packet[1] = 0;
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)jb.Put(packet, 0, 171, 0), "159 samples is not a frame");
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)jb.Put(packet, 0, 12, 0), "empty");
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)jb.Put(packet, 0, 11, 0));
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)jb.Put(null, 0, 172, 0));
            packet[0] = 0x40;
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)jb.Put(packet, 0, 172, 0));
            Assert.AreEqual(5, jb.Malformed);
            Assert.AreEqual(0, jb.Received);
        }

        [TestMethod]
        public void FortyMillisecondPacketsAreSplitIntoFrames()
        {
            JitterBuffer jb = Make();
            byte[] packet = new byte[12 + 320];
            byte[] tone = JitterFixture.TonePayload(320);
            short[] pcm = new short[160];
            for (int i = 0; i < 20; i += 2)
            {
                JitterFixture.Packet(packet, i, tone, 320);
                Assert.AreEqual((int)JitterPutStatus.Accepted, (int)jb.Put(packet, 0, 332, 20 * i));
                jb.Get(pcm, 0, 160, 20 * i);
                jb.Get(pcm, 0, 160, 20 * i + 20);
            }

            Assert.AreEqual(20, jb.Received);
            Assert.AreEqual(0, jb.Lost);
        }

        [TestMethod]
        public void NewSsrcStartsOver()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            for (int i = 0; i < 10; i++)
            {
                JitterFixture.Put(jb, i, tone, 20 * i);
                jb.Get(pcm, 0, 160, 20 * i);
            }

            byte[] packet = new byte[172];
            JitterFixture.Packet(packet, 0, tone, 160);
            packet[11] ^= 1;
            Assert.AreEqual((int)JitterPutStatus.Accepted, (int)jb.Put(packet, 0, 172, 200));
            Assert.AreEqual(1, jb.SsrcChanges);
            Assert.IsFalse(jb.Playing, "buffering the new source");
        }

        [TestMethod]
        public void TimestampJumpAfterSilenceReanchors()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            for (int i = 0; i < 10; i++)
            {
                JitterFixture.Put(jb, i, tone, 20 * i);
                jb.Get(pcm, 0, 160, 20 * i);
            }

            for (int g = 10; g < 20; g++)
            {
                jb.Get(pcm, 0, 160, 20 * g); // drains, then conceals and goes silent
            }

            // The peer resumes 10 minutes of timestamps later (e.g. after a re-INVITE).
            Assert.AreEqual((int)JitterPutStatus.Accepted, (int)JitterFixture.Put(jb, 30000, tone, 400));
            Assert.AreEqual(1, jb.Resyncs);
            JitterFixture.Put(jb, 30001, tone, 420);
            Assert.AreEqual((int)PlayoutKind.Real, (int)jb.Get(pcm, 0, 160, 420));
            Assert.AreEqual(JitterFixture.Ts(30000), jb.LastPlayedTimestamp);
        }

        [TestMethod]
        public void PacketsReorderedBeforePlayoutStartsAreNotLost()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            JitterFixture.Put(jb, 1, tone, 0);
            JitterFixture.Put(jb, 0, tone, 3); // the first frame arrives second
            Assert.AreEqual((int)PlayoutKind.Real, (int)jb.Get(pcm, 0, 160, 5));
            Assert.AreEqual(JitterFixture.Ts(0), jb.LastPlayedTimestamp);
            Assert.AreEqual(0, jb.Late);
        }

        [TestMethod]
        public void TargetGrowsWithJitterAtOnceAndShrinksAFrameAtATime()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            byte[] packet = new byte[172];
            short[] pcm = new short[160];
            // 0..40 ms of extra delay in a fixed pattern for 10 s, then none for 30 s.
            int[] pattern = new int[] { 0, 40, 10, 30, 5, 35, 20, 0, 25, 15 };
            long[] arrival = new long[2000];
            for (int i = 0; i < 2000; i++)
            {
                arrival[i] = 20L * i + 100 + (i < 500 ? pattern[i % 10] : 0);
            }

            int next = 0;
            int peakTarget = 0;
            int targetAt20s = 0;
            for (int g = 0; g < 2000; g++)
            {
                long now = 20L * g + 100;
                // deliver everything due by now, in arrival order (the pattern reorders some packets)
                for (int i = next; i < 2000 && i < next + 10; i++)
                {
                    if (arrival[i] <= now && arrival[i] > now - 20)
                    {
                        JitterFixture.Packet(packet, i, tone, 160);
                        jb.Put(packet, 0, 172, arrival[i]);
                    }
                }

                while (next < 2000 && arrival[next] <= now) next++;
                jb.Get(pcm, 0, 160, now);
                if (jb.TargetDepthMs > peakTarget) peakTarget = jb.TargetDepthMs;
                if (g == 1000) targetAt20s = jb.TargetDepthMs;
            }

            // §A.8 jitter of this pattern is about 16 ms: ptime + 3 J ≈ 68 → 80 ms (whole frames).
            Assert.IsTrue(peakTarget >= 60 && peakTarget <= 120, "grew: " + peakTarget.ToString());
            Assert.IsTrue(targetAt20s < peakTarget, "10 s after the jitter stopped it has shrunk: " + targetAt20s.ToString());
            Assert.IsTrue(peakTarget - targetAt20s <= 20 * 2, "but by at most a frame per 5 s");
            Assert.AreEqual(40, jb.TargetDepthMs, "back at the minimum after 30 s");
        }

        [TestMethod]
        [DataRow(201)]  // sender 0.5 % slow: a packet every 20.1 ms of our clock
        [DataRow(199)]  // sender 0.5 % fast: every 19.9 ms
        public void ClockDriftOverSixtySecondsKeepsTheDepthInBounds(int senderPeriodTenthsMs)
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            byte[] silence = JitterFixture.SilencePayload(160);
            byte[] packet = new byte[172];
            short[] pcm = new short[160];
            int next = 0;
            int minDepth = 1000, maxDepth = 0, real = 0;
            for (int g = 0; g < 3000; g++)
            {
                long now = 20L * g;
                while ((long)next * senderPeriodTenthsMs / 10 <= now)
                {
                    // talkspurts: 1 s of tone, 1 s of silence (50 frames each)
                    byte[] payload = (next / 50) % 2 == 0 ? tone : silence;
                    int n = JitterFixture.Packet(packet, next, payload, 160);
                    jb.Put(packet, 0, n, (long)next * senderPeriodTenthsMs / 10);
                    next++;
                }

                if (jb.Get(pcm, 0, 160, now) == PlayoutKind.Real) real++;
                if (g >= 100)
                {
                    int d = jb.CurrentDepthMs;
                    if (d < minDepth) minDepth = d;
                    if (d > maxDepth) maxDepth = d;
                }
            }

            // 60 s at ±0.5 % is 300 ms of drift: 15 frames to drop (fast sender) or to insert (slow sender).
            int adjustments = senderPeriodTenthsMs < 200 ? jb.Dropped : jb.Stretched;
            OutputHelper.WriteLine("drift " + senderPeriodTenthsMs.ToString() + ": dropped " + jb.Dropped.ToString() +
                ", stretched " + jb.Stretched.ToString() + ", lost " + jb.Lost.ToString() + ", depth " +
                minDepth.ToString() + ".." + maxDepth.ToString() + " ms, target " + jb.TargetDepthMs.ToString());
            Assert.IsTrue(adjustments >= 13 && adjustments <= 17, adjustments.ToString());
            Assert.IsTrue(maxDepth <= 40 + 20, "depth never drifts above target + one frame: " + maxDepth.ToString());
            Assert.IsTrue(minDepth >= 0 && jb.Lost <= 2, "no underruns to speak of: lost " + jb.Lost.ToString());
            Assert.AreEqual(40, jb.TargetDepthMs);
            Assert.AreEqual(0, jb.Late);
        }
    }
}
