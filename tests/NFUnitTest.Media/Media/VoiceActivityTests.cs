using nanoFramework.TestFramework;
using Phone.Media;

namespace Phone.Tests.Media
{
    /// <summary>
    /// The silence-suppression detector, fed levels (−dBov) by hand: speech is a frame 9 dB or more above the tracked
    /// background, sent on for 200 ms after; the background follows quieter frames within a few frames and louder ones
    /// at 2 dB/s; what it says a CN packet should carry is the background rounded to a dB.
    /// </summary>
    [TestClass]
    public class VoiceActivityTests
    {
        // Feeds n frames of 20 ms at level; returns how many were to be sent.
        private static int Feed(VoiceActivity v, int level, int n)
        {
            int sent = 0;
            for (int i = 0; i < n; i++)
            {
                if (v.Update(level, 20))
                {
                    sent++;
                }
            }

            return sent;
        }

        [TestMethod]
        public void ASteadyBackgroundIsSilenceAndItsLevelIsWhatCnCarries()
        {
            var v = new VoiceActivity();
            Assert.AreEqual(127, v.BackgroundLevel);
            Assert.AreEqual(0, Feed(v, 50, 100));
            Assert.AreEqual(50, v.BackgroundLevel);
        }

        [TestMethod]
        public void SpeechIsSentWithTwoHundredMillisecondsOfHangover()
        {
            var v = new VoiceActivity();
            Feed(v, 50, 50);
            Assert.IsTrue(v.Update(40, 20), "10 dB above the background");
            Assert.AreEqual(10, Feed(v, 50, 10), "the hangover: ten 20 ms frames");
            Assert.IsFalse(v.Update(50, 20));
            Assert.IsFalse(v.InHangover);
        }

        [TestMethod]
        public void EightDecibelsAboveTheBackgroundIsNotSpeech()
        {
            var v = new VoiceActivity();
            Feed(v, 50, 50);
            Assert.IsFalse(v.Update(42, 20));
            var w = new VoiceActivity();
            Feed(w, 50, 50);
            Assert.IsTrue(w.Update(41, 20));
        }

        [TestMethod]
        public void TheBackgroundFollowsQuieterFramesQuicklyAndLouderOnesSlowly()
        {
            var v = new VoiceActivity();
            Feed(v, 40, 10);
            Feed(v, 60, 4); // half the way each frame: 20 dB, 10, 5, 2.5, then 1.25 dB left
            Assert.AreEqual(59, v.BackgroundLevel);
            Feed(v, 60, 8);
            Assert.AreEqual(60, v.BackgroundLevel);

            // 2 dB per second toward louder frames: a background 10 dB louder than before is speech until the estimate
            // has risen 1 dB (26 frames: 0.04 dB each), then 10 frames of hangover; after a second the estimate is 2 dB up.
            var w = new VoiceActivity();
            Feed(w, 60, 10);
            Assert.AreEqual(36, Feed(w, 50, 50));
            Assert.AreEqual(58, w.BackgroundLevel);
            Feed(w, 50, 200);
            Assert.AreEqual(50, w.BackgroundLevel);
            Assert.IsFalse(w.Update(50, 20), "once reached, the louder background is silence");
        }

        [TestMethod]
        public void CnCarriesTheMeanOfTheSilenceNotTheQuietestFrames()
        {
            var v = new VoiceActivity();
            Feed(v, 20, 10);
            Assert.AreEqual(20, v.NoiseLevel, "no silence yet: the background's level");
            for (int i = 0; i < 40; i++)
            {
                v.Update(50, 20);
                v.Update(52, 20);
            }

            Assert.AreEqual(52, v.BackgroundLevel, "the background leans to the quieter frames");
            Assert.AreEqual(51, v.NoiseLevel);
            Assert.IsTrue(v.Update(30, 20));
            Assert.AreEqual(v.BackgroundLevel, v.NoiseLevel, "speech ends the silence's mean");
        }

        [TestMethod]
        public void LoudFramesAreAlwaysSpeechAndNearSilenceNever()
        {
            var v = new VoiceActivity();
            Feed(v, 26, 500); // a background that crept up to -26 dBov
            Assert.IsTrue(v.Update(25, 20), "-25 dBov or louder is speech");

            var w = new VoiceActivity();
            Feed(w, 110, 50); // an idle digital microphone
            Assert.IsFalse(w.Update(66, 20), "44 dB above it but quieter than -65 dBov");
            Assert.IsTrue(w.Update(65, 20));
        }

        [TestMethod]
        public void LevelsOutsideTheRangeAreClampedAndResetForgets()
        {
            var v = new VoiceActivity();
            Feed(v, 500, 10);
            Assert.AreEqual(127, v.BackgroundLevel);
            Assert.IsTrue(v.Update(-3, 20));
            v.Reset();
            Assert.AreEqual(127, v.BackgroundLevel);
            Assert.IsFalse(v.InHangover);
            Assert.IsFalse(v.Update(30, 20), "after a reset the first frame is the background");
        }
    }
}
