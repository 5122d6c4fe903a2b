using nanoFramework.TestFramework;
using Phone.Audio;
using Phone.Crypto;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdp;
using Phone.Tests.Sdes;

namespace Phone.Tests.Media
{
    /// <summary>
    /// Silence suppression end to end between two sessions over SRTP: A talks (noise at −20 dBov) and pauses (a
    /// background at −50 dBov), B listens. In the pauses A stops sending after its hangover and sends CN packets
    /// (RFC 3389) with the background's level; B plays noise at that level, counts no loss, and the next talkspurt's
    /// first packet is marked (RFC 3551 §4.1) and follows the CN packet's sequence number.
    /// </summary>
    [TestClass]
    public class MediaSessionSilenceSuppressionTests
    {
        private const int Speech = 20;
        private const int Background = 50;

        private sealed class Call
        {
            internal readonly MediaSession A;
            internal readonly MediaSession B;
            internal readonly short[] Mic = new short[160];
            internal readonly short[] Speaker = new short[160];
            internal readonly byte[] Wire = new byte[MediaSession.MaxDatagramLength];
            internal readonly RtpPacketView Header = new RtpPacketView();
            internal readonly int[] Noise = PcmNoise.NewState();
            internal readonly ManagedAudioKernel Kernel = new ManagedAudioKernel();
            internal long Now;

            // What A sent, in order: payload type, marker, sequence number (SRTP leaves the header in clear).
            internal readonly int[] Pt = new int[1000];
            internal readonly bool[] Marker = new bool[1000];
            internal readonly int[] Seq = new int[1000];
            internal int Sent;
            internal int NoiseFramesPlayed;
            internal int NoiseLevelMin = 999, NoiseLevelMax = -1;

            internal Call(bool cnAtB)
            {
                AudioSettings audioA = new AudioSettings();
                AudioSettings audioB = new AudioSettings();
                audioB.ComfortNoise = cnAtB;
                SrtpSettings srtp = new SrtpSettings();
                srtp.Mode = SrtpMode.Mandatory;
                var negA = new SdpOfferAnswer(srtp, audioA, new CountingEntropy(1), MediaSessionPair.AddressA, MediaSessionPair.PortA, "1", 1);
                var negB = new SdpOfferAnswer(srtp, audioB, new CountingEntropy(101), MediaSessionPair.AddressB, MediaSessionPair.PortB, "2", 1);
                SdpNegotiationResult offer = negA.CreateOffer(SdpDirection.SendRecv, true);
                SdpNegotiationResult mediaB = negB.Answer(offer.Text, SdpDirection.SendRecv, true);
                SdpNegotiationResult mediaA = negA.AcceptAnswer(mediaB.Text);
                Assert.IsTrue(mediaA.Succeeded && mediaB.Succeeded);
                Assert.AreEqual(cnAtB ? 13 : -1, mediaA.ComfortNoisePayloadType);
                A = new MediaSession(new ManagedCryptoKernel(), new CountingEntropy(7), 40, 200);
                B = new MediaSession(new ManagedCryptoKernel(), new CountingEntropy(77), 40, 200);
                A.SilenceSuppression = true;
                Assert.AreEqual((int)MediaStatus.Ok, (int)A.Start(mediaA, Now));
                Assert.AreEqual((int)MediaStatus.Ok, (int)B.Start(mediaB, Now));
            }

            /// <summary>Frames of A's microphone at a level (noise), each sent, delivered and played.</summary>
            internal void Talk(int level, int frames)
            {
                for (int f = 0; f < frames; f++)
                {
                    Kernel.ComfortNoise(Noise, Mic, 0, 160, level);
                    int n = A.Capture(Mic, 0, Now, Wire, 0);
                    if (n > 0)
                    {
                        Header.Parse(Wire, 0, n);
                        Pt[Sent] = Header.PayloadType;
                        Marker[Sent] = Header.Marker;
                        Seq[Sent] = Header.SequenceNumber;
                        Sent++;
                        B.Receive(Wire, 0, n, Now);
                    }

                    if (B.Playout(Speaker, 0, Now) == PlayoutKind.ComfortNoise)
                    {
                        NoiseFramesPlayed++;
                        int played = Kernel.MeasureLevel(Speaker, 0, 160);
                        NoiseLevelMin = played < NoiseLevelMin ? played : NoiseLevelMin;
                        NoiseLevelMax = played > NoiseLevelMax ? played : NoiseLevelMax;
                    }

                    Now += 20;
                }
            }
        }

        [TestMethod]
        public void PausesBecomeCnPacketsAndThePeerPlaysTheBackground()
        {
            var c = new Call(true);
            c.Talk(Speech, 50);
            Assert.AreEqual(50, c.Sent, "speech: every frame");
            c.Talk(Background, 100); // 2 s of pause
            int pauseEnd = c.Sent;
            c.Talk(Speech, 25);

            // The pause: 10 frames of hangover (200 ms) as audio, then CN at its start and once a second: 2 packets.
            for (int i = 50; i < 60; i++)
            {
                Assert.AreEqual(0, c.Pt[i], "hangover frame " + i);
            }

            Assert.AreEqual(62, pauseEnd, "10 hangover frames and two CN packets in 100 frames of pause");
            Assert.AreEqual(13, c.Pt[60]);
            Assert.AreEqual(13, c.Pt[61]);
            MediaStatistics a = c.A.Statistics;
            Assert.AreEqual(2, a.ComfortNoiseSent);
            Assert.AreEqual(90, a.SuppressedFrames);

            // The levels the CN packets carried, as B took them: the background within 2 dB.
            MediaStatistics b = c.B.Statistics;
            Assert.AreEqual(2, b.ComfortNoisePackets);
            Assert.AreEqual(0, b.PacketsLost, "consecutive sequence numbers: no loss");
            Assert.IsTrue(c.NoiseFramesPlayed >= 85, "B played noise for the pause: " + c.NoiseFramesPlayed);
            Assert.IsTrue(c.NoiseLevelMin >= Background - 3 && c.NoiseLevelMax <= Background + 3,
                "B's noise measured " + c.NoiseLevelMin + ".." + c.NoiseLevelMax + " -dBov");

            // The talkspurt after the pause: marked, and numbered on from the last CN packet.
            Assert.AreEqual(0, c.Pt[62]);
            Assert.IsTrue(c.Marker[62], "first packet of the talkspurt marked");
            Assert.IsFalse(c.Marker[63]);
            Assert.AreEqual((c.Seq[61] + 1) & 0xFFFF, c.Seq[62]);
            Assert.AreEqual(87, c.Sent);
        }

        [TestMethod]
        public void WithoutCnInTheCallEveryFrameIsSent()
        {
            var c = new Call(false);
            c.Talk(Speech, 20);
            c.Talk(Background, 100);
            Assert.AreEqual(120, c.Sent);
            Assert.AreEqual(0, c.A.Statistics.SuppressedFrames);
            for (int i = 0; i < c.Sent; i++)
            {
                Assert.AreEqual(0, c.Pt[i]);
            }
        }

        [TestMethod]
        public void ADigitInAPauseIsSentAndTheNextSilenceSendsCnAgain()
        {
            var c = new Call(true);
            c.Talk(Speech, 20);
            c.Talk(Background, 30); // hangover, CN
            int before = c.A.Statistics.ComfortNoiseSent;
            Assert.AreEqual(1, before);
            Assert.IsTrue(c.A.SendDtmf('5', 100, c.Now));
            c.Talk(Background, 20);
            int dtmf = 0;
            for (int i = 0; i < c.Sent; i++)
            {
                if (c.Pt[i] == 101)
                {
                    dtmf++;
                }
            }

            Assert.IsTrue(dtmf >= 5, "the digit's packets: " + dtmf);
            Assert.AreEqual(2, c.A.Statistics.ComfortNoiseSent, "CN again once the digit is over");
            Assert.AreEqual(13, c.Pt[c.Sent - 1]);
        }
    }
}
