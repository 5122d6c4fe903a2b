using nanoFramework.TestFramework;
using Phone.Media;
using Phone.Audio;
using Phone.Rtp;

namespace Phone.Tests.Media
{
    /// <summary>
    /// Comfort noise (RFC 3389) in the jitter buffer: a peer with silence suppression sends speech, one CN
    /// packet with its background level, nothing for a while, then speech again. The silence is played as
    /// noise at that level (measured here as mean square against 32767² · 10^(−level/10), RFC 3389 §3.1),
    /// not counted as loss, and the next talkspurt takes over from it without a gap of silence.
    /// </summary>
    [TestClass]
    public class JitterComfortNoiseTests
    {
        private const int Cn = 13;

        private static JitterBuffer Make()
        {
            JitterBuffer jb = new JitterBuffer(AudioCodec.Pcmu, 20, 40, 200);
            jb.ComfortNoisePayloadType = Cn;
            return jb;
        }

        // A CN packet taking sequence number Seq0+i and timestamp Ts(i) of the stream, with these payload octets.
        private static JitterPutStatus PutCn(JitterBuffer jb, int i, byte[] payload, long arrivalMs)
        {
            byte[] packet = new byte[12 + 16];
            RtpHeaderWriter.Write(packet, 0, false, Cn, (JitterFixture.Seq0 + i) & 0xFFFF, JitterFixture.Ts(i), JitterFixture.Ssrc);
            System.Array.Copy(payload, 0, packet, 12, payload.Length);
            return jb.Put(packet, 0, 12 + payload.Length, arrivalMs);
        }

        private static long SumOfSquares(short[] pcm)
        {
            long sum = 0;
            for (int i = 0; i < pcm.Length; i++)
            {
                sum += (long)pcm[i] * pcm[i];
            }

            return sum;
        }

        [TestMethod]
        public void SilenceAfterACnPacketIsNoiseAtItsLevel_AndSpeechTakesOverWithoutAGap()
        {
            JitterBuffer jb = Make();
            byte[] tone = JitterFixture.TonePayload(160);
            short[] pcm = new short[160];
            int time = 0;
            for (int i = 0; i < 10; i++, time += 20)
            {
                JitterFixture.Put(jb, i, tone, time);
                jb.Get(pcm, 0, 160, time);
            }

            // Level 40 −dBov (RFC 3389 §3.1: 0 dBov is a full-scale square wave, RMS 32767): RMS 327.67.
            Assert.AreEqual((int)JitterPutStatus.ComfortNoise, (int)PutCn(jb, 10, new byte[] { 40 }, time));
            long noiseSquares = 0;
            int noiseFrames = 0;
            int realAfterCn = 0;
            for (int f = 0; f < 50; f++, time += 20)
            {
                PlayoutKind kind = jb.Get(pcm, 0, 160, time);
                Assert.IsTrue(kind == PlayoutKind.Real || kind == PlayoutKind.ComfortNoise, "frame " + f.ToString() + ": " + ((int)kind).ToString());
                if (kind == PlayoutKind.Real)
                {
                    Assert.AreEqual(0, noiseFrames, "the last speech frames play before the noise");
                    realAfterCn++;
                }
                else
                {
                    noiseSquares += SumOfSquares(pcm);
                    noiseFrames++;
                }
            }

            Assert.IsTrue(realAfterCn >= 1 && realAfterCn <= 2, "buffered speech still played: " + realAfterCn.ToString());
            long meanSquare = noiseSquares / (noiseFrames * 160L);
            // 327.67² = 107,367; within ±0.5 dB (power × 0.891 .. 1.122).
            Assert.IsTrue(meanSquare > 95700 && meanSquare < 120500, "mean square " + meanSquare.ToString());
            Assert.AreEqual(0, jb.Lost, "silence is not loss");
            Assert.AreEqual(0, jb.Concealed);
            Assert.AreEqual(1, jb.ComfortNoisePackets);
            Assert.AreEqual(noiseFrames, jb.ComfortNoiseFrames);
            Assert.IsFalse(jb.Playing, "idle after 500 ms without audio, still playing noise");

            // Speech again (new talkspurt, timestamps moved on): noise until its first frame plays, then audio.
            int firstReal = -1;
            for (int k = 0; k < 20; k++, time += 20)
            {
                JitterFixture.Put(jb, 100 + k, tone, time);
                PlayoutKind kind = jb.Get(pcm, 0, 160, time);
                Assert.IsTrue(kind != PlayoutKind.Silence && kind != PlayoutKind.Concealed, "no gap at " + k.ToString());
                if (kind == PlayoutKind.Real && firstReal < 0)
                {
                    firstReal = k;
                }

                if (firstReal >= 0)
                {
                    Assert.AreEqual((int)PlayoutKind.Real, (int)kind, "noise over once speech plays");
                }
            }

            Assert.IsTrue(firstReal >= 1 && firstReal <= 3, "talkspurt buffered to the 40 ms target: " + firstReal.ToString());
            Assert.IsTrue(JitterFixture.MaxMagnitude(pcm, 0, 160) > 7000);
            Assert.AreEqual(0, jb.Lost);
        }

        [TestMethod]
        public void LevelsAreAmplitudesOfTheKernel_TopBitIgnored()
        {
            // Level 60: RMS 32.767; the level octet's top bit is unused (RFC 3389 §3.1) and a spectrum is ignored.
            JitterBuffer jb = Make();
            short[] pcm = new short[160];
            Assert.AreEqual((int)JitterPutStatus.ComfortNoise, (int)PutCn(jb, 0, new byte[] { 0x80 | 60, 0x12, 0x34, 0x56 }, 0));
            long squares = 0;
            int peak = 0;
            for (int f = 0; f < 40; f++)
            {
                Assert.AreEqual((int)PlayoutKind.ComfortNoise, (int)jb.Get(pcm, 0, 160, 20 * f), "noise from the first frame of the call");
                squares += SumOfSquares(pcm);
                int m = JitterFixture.MaxMagnitude(pcm, 0, 160);
                peak = m > peak ? m : peak;
            }

            long meanSquare = squares / (40 * 160);
            Assert.IsTrue(meanSquare > 956 && meanSquare < 1205, "mean square " + meanSquare.ToString() + " against 1073.7");
            Assert.IsTrue(peak <= PcmNoise.Amplitude(60), "peak " + peak.ToString());
            Assert.AreEqual(0, jb.Malformed);
        }

        [TestMethod]
        public void CnWithoutNegotiationIsAnotherPayloadType_AndAnEmptyCnIsMalformed()
        {
            JitterBuffer plain = new JitterBuffer(AudioCodec.Pcmu, 20, 40, 200);
            Assert.AreEqual((int)JitterPutStatus.OtherPayloadType, (int)PutCn(plain, 0, new byte[] { 40 }, 0));
            short[] pcm = new short[160];
            Assert.AreEqual((int)PlayoutKind.Silence, (int)plain.Get(pcm, 0, 160, 0));
            Assert.AreEqual(0, plain.ComfortNoisePackets);

            JitterBuffer jb = Make();
            Assert.AreEqual((int)JitterPutStatus.Malformed, (int)PutCn(jb, 0, new byte[0], 0));
            Assert.AreEqual(1, jb.Malformed);
            Assert.AreEqual((int)PlayoutKind.Silence, (int)jb.Get(pcm, 0, 160, 0));
        }

        [TestMethod]
        public void ANewSourceOrRenegotiationEndsTheNoise()
        {
            JitterBuffer jb = Make();
            short[] pcm = new short[160];
            PutCn(jb, 0, new byte[] { 50 }, 0);
            Assert.AreEqual((int)PlayoutKind.ComfortNoise, (int)jb.Get(pcm, 0, 160, 0));

            // RFC 3550 §8.2: another SSRC is another source; the old one's silence does not carry over.
            byte[] packet = new byte[12 + 160];
            RtpHeaderWriter.Write(packet, 0, true, 0, 7, 1000, JitterFixture.Ssrc + 1);
            System.Array.Copy(JitterFixture.TonePayload(160), 0, packet, 12, 160);
            Assert.AreEqual((int)JitterPutStatus.Accepted, (int)jb.Put(packet, 0, 172, 20));
            Assert.AreEqual((int)PlayoutKind.Silence, (int)jb.Get(pcm, 0, 160, 20), "buffering the new source");
            Assert.AreEqual(1, jb.SsrcChanges);

            // A re-INVITE sets the payload type again (even the same one): the noise starts afresh.
            JitterBuffer renegotiated = Make();
            PutCn(renegotiated, 0, new byte[] { 50 }, 0);
            Assert.AreEqual((int)PlayoutKind.ComfortNoise, (int)renegotiated.Get(pcm, 0, 160, 0));
            renegotiated.ComfortNoisePayloadType = Cn;
            Assert.AreEqual((int)PlayoutKind.Silence, (int)renegotiated.Get(pcm, 0, 160, 20));
            renegotiated.ComfortNoisePayloadType = -1;
            Assert.AreEqual((int)JitterPutStatus.OtherPayloadType, (int)PutCn(renegotiated, 1, new byte[] { 50 }, 40));
        }
    }
}
