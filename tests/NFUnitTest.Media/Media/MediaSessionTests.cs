using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdp;
using Phone.Audio;
using Phone.Crypto;

namespace Phone.Tests.Media
{
    /// <summary>
    /// Two MediaSessions negotiated by their SDP offer/answer exchange audio in memory: the tone arrives
    /// intact for both laws and ptimes, RTP headers follow RFC 3550 §5.1 arithmetic (sequence +1, timestamp
    /// + samples per packet, marker on the first packet and after a gap), hold and resume keep the SSRC and
    /// the sequence and let the timestamp follow the wall clock, mute sends G.711 silence.
    /// </summary>
    [TestClass]
    public class MediaSessionTests
    {
        // codec: 0 PCMU, 1 PCMA; srtpMode: 0 mandatory (SRTP), 2 off (plain RTP)
        [TestMethod]
        [DataRow(0, 20, 0)]
        [DataRow(0, 30, 0)]
        [DataRow(1, 20, 0)]
        [DataRow(1, 30, 0)]
        [DataRow(0, 20, 2)]
        [DataRow(1, 30, 2)]
        public void ToneCrossesWithRfc3550HeaderArithmetic(int codec, int ptime, int srtpMode)
        {
            MediaSessionPair p = new MediaSessionPair((AudioCodec)codec, ptime, (SrtpMode)srtpMode);
            Assert.IsTrue(p.StartCall(), "negotiated and started");
            Assert.AreEqual(ptime, p.A.PtimeMs);
            Assert.AreEqual(ptime * 8, p.A.SamplesPerFrame);
            Assert.AreEqual(srtpMode != (int)SrtpMode.Off, p.A.Statistics.Secure);
            Assert.AreEqual(MediaSessionPair.AddressB, p.A.RemoteAddress);
            Assert.AreEqual(MediaSessionPair.PortB, p.A.RemotePort);
            Assert.AreEqual(MediaSessionPair.PortB + 1, p.A.RemoteRtcpPort);
            Assert.AreEqual(MediaSessionPair.PortA, p.B.RemotePort);

            int spf = ptime * 8;
            int payloadType = codec == 0 ? 0 : 8;
            int tag = srtpMode == (int)SrtpMode.Off ? 0 : 10;
            uint ssrc = p.A.LocalSsrc;
            int seq0 = p.A.NextSequenceNumber;
            uint ts0 = p.A.NextTimestamp;
            for (int i = 0; i < 50; i++)
            {
                p.Frame();
                Assert.AreEqual(12 + spf + tag, p.LengthA, "header + one ptime of G.711 + tag");
                Assert.AreEqual(payloadType, p.HeaderA.PayloadType);
                Assert.AreEqual(ssrc, p.HeaderA.Ssrc);
                Assert.AreEqual((seq0 + i) & 0xFFFF, p.HeaderA.SequenceNumber, "RFC 3550 §5.1: +1 per packet");
                Assert.AreEqual((uint)(ts0 + (uint)(i * spf)), p.HeaderA.Timestamp, "RFC 3550 §5.1: + samples per packet");
                Assert.AreEqual(i == 0, p.HeaderA.Marker, "RFC 3551 §4.1: marker on the first packet only");
            }

            Assert.AreEqual(0, p.ToneErrors, "every played frame is the tone within G.711 quantisation");
            Assert.IsTrue(p.ToneFramesChecked >= 45, p.ToneFramesChecked.ToString());
            MediaStatistics b = p.B.Statistics;
            Assert.AreEqual(50, b.PacketsReceived);
            Assert.AreEqual(50 * spf, b.OctetsReceived);
            Assert.AreEqual(0, b.PacketsLost);
            Assert.AreEqual(0, b.AuthenticationFailures);
            Assert.AreEqual(ssrc, b.RemoteSsrc);
            Assert.AreEqual(50, p.A.Statistics.PacketsSent);
            Assert.AreEqual(50 * spf, p.A.Statistics.OctetsSent);
        }

        [TestMethod]
        [DataRow(true)]
        [DataRow(false)]
        public void HoldAndResumeKeepSsrcAndSequence_TimestampFollowsTheWallClock(bool captureDuringHold)
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            p.Frames(25);
            uint ssrcB = p.B.LocalSsrc;
            int lastSeq = p.HeaderB.SequenceNumber;
            uint lastTs = p.HeaderB.Timestamp;
            long lastSentAt = p.Now - 20;

            // A puts B on hold (RFC 3264 §8.4: sendonly); B answers recvonly and stops sending.
            Assert.IsTrue(p.Negotiate(SdpDirection.SendOnly, SdpDirection.SendRecv));
            Assert.AreEqual((int)SdpDirection.RecvOnly, (int)p.MediaB.Direction);
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));
            Assert.IsFalse(p.B.Sending);
            Assert.IsTrue(p.A.Sending);
            if (captureDuringHold)
            {
                for (int i = 0; i < 100; i++)
                {
                    p.Frame();
                    Assert.AreEqual(0, p.LengthB, "recvonly sends no RTP");
                    Assert.IsTrue(p.LengthA > 0, "sendonly keeps sending");
                }
            }
            else
            {
                p.Now += 2000; // the caller stopped capturing altogether
            }

            // Resume with new keys (a fresh offer), same SSRC, sequence + 1, timestamp + wall-clock time.
            Assert.IsTrue(p.Negotiate(SdpDirection.SendRecv, SdpDirection.SendRecv));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));
            long resumedAt = p.Now;
            p.Frame();
            Assert.IsTrue(p.LengthB > 0);
            Assert.AreEqual(ssrcB, p.HeaderB.Ssrc, "RFC 3550 §8: the SSRC stays");
            Assert.AreEqual((lastSeq + 1) & 0xFFFF, p.HeaderB.SequenceNumber, "RFC 3550 §5.1: sequence numbers do not skip");
            Assert.AreEqual((uint)(lastTs + (uint)((resumedAt - lastSentAt) * 8)), p.HeaderB.Timestamp, "RFC 3550 §5.1: timestamp advances with the sampling clock");
            Assert.IsTrue(p.HeaderB.Marker, "RFC 3551 §4.1: a new talkspurt");

            // A's audio still reaches B after the rekey, and B's reaches A.
            int before = p.ToneFramesChecked;
            p.Frames(20);
            Assert.IsTrue(p.ToneFramesChecked - before >= 15);
            Assert.AreEqual(0, p.ToneErrors);
            Assert.AreEqual(0, p.A.Statistics.AuthenticationFailures);
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures);
            Assert.AreEqual((int)PlayoutKind.Real, (int)p.PlayedA);
        }

        [TestMethod]
        [DataRow(40, 200)]
        [DataRow(100, 600)]
        public void AfterAHoldThePeersAudioIsHeardAgainAtOnce_NotAfterTheHoldsLength(int jitterMinMs, int jitterMaxMs)
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory, null, jitterMinMs, jitterMaxMs);
            Assert.IsTrue(p.StartCall());
            p.Frames(25);
            Assert.AreEqual((int)PlayoutKind.Real, (int)p.PlayedA);

            // A holds B for 800 ms (sendonly; B answers recvonly). As on the phone, a call that receives nothing is
            // not played out meanwhile, while B's timestamps keep following the wall clock (RFC 3550 §5.1).
            Assert.IsTrue(p.Negotiate(SdpDirection.SendOnly, SdpDirection.SendRecv));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));
            for (int i = 0; i < 40; i++)
            {
                int n = p.A.Capture(p.MicA, 0, p.Now, p.Wire, 0);
                if (n > 0) p.B.Receive(p.Wire, 0, n, p.Now);
                Assert.AreEqual(0, p.B.Capture(p.MicB, 0, p.Now, p.Wire, 0));
                p.B.Playout(p.SpeakerB, 0, p.Now);
                p.Now += 20;
            }

            Assert.IsTrue(p.Negotiate(SdpDirection.SendRecv, SdpDirection.SendRecv));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));

            // B's first packets after the resume start playout again within the jitter buffer's depth, not 800 ms
            // of concealment later (the old timeline would place them 40 frames ahead of a stopped playout clock).
            int frames = 0;
            do
            {
                p.Frame();
                frames++;
            }
            while (p.PlayedA != PlayoutKind.Real && frames < 60);
            Assert.IsTrue(frames <= 10, "B heard again after " + frames.ToString() + " frames");
        }

        [TestMethod]
        public void InactiveSendsNothingAndPlaysSilence()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcma, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            p.Frames(10);
            Assert.IsTrue(p.Negotiate(SdpDirection.Inactive, SdpDirection.SendRecv));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));
            int rtcp = p.RtcpFromA + p.RtcpFromB;
            p.Frames(160);
            Assert.AreEqual(0, p.LengthA);
            Assert.AreEqual(0, p.LengthB);
            Assert.AreEqual((int)PlayoutKind.Silence, (int)p.PlayedB, "the buffer ran dry and went idle");
            Assert.IsTrue(p.RtcpFromA + p.RtcpFromB >= rtcp + 2, "RTCP continues while inactive (RFC 3264 §5.1)");
        }

        [TestMethod]
        [DataRow(0, 0xFF)]
        [DataRow(1, 0xD5)]
        public void MutedSendsEncodedSilence(int codec, int silenceOctet)
        {
            // G.711 Table 1/2: the code for 0 is 0xFF in µ-law and 0xD5 in A-law.
            MediaSessionPair p = new MediaSessionPair((AudioCodec)codec, 20, SrtpMode.Off);
            Assert.IsTrue(p.StartCall());
            Assert.IsFalse(p.A.Statistics.Secure);
            p.Frames(3);
            p.A.Muted = true;
            p.Frame();
            Assert.AreEqual(12 + 160, p.LengthA, "plain RTP: no tag");
            for (int i = 12; i < p.LengthA; i++)
            {
                Assert.AreEqual((byte)silenceOctet, p.LastA[i]);
            }

            p.A.Muted = false;
            p.Frame();
            Assert.AreNotEqual((byte)silenceOctet, p.LastA[14], "the tone again");
        }

        [TestMethod]
        public void StartDrawsAFreshStream_UpdateKeepsIt()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            Assert.AreEqual((int)MediaStatus.AlreadyActive, (int)p.A.Start(p.MediaA, p.Now));
            uint ssrc = p.A.LocalSsrc;
            int seq = p.A.NextSequenceNumber;
            uint ts = p.A.NextTimestamp;
            p.Frames(5);
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual(ssrc, p.A.LocalSsrc);
            Assert.AreEqual((seq + 5) & 0xFFFF, p.A.NextSequenceNumber);

            p.A.Stop(p.Now);
            Assert.IsFalse(p.A.Active);
            Assert.AreEqual((int)MediaStatus.NotActive, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual(0, p.A.Capture(p.MicA, 0, p.Now, p.Wire, 0));
            Assert.IsTrue(p.Negotiate(SdpDirection.SendRecv, SdpDirection.SendRecv));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Start(p.MediaA, p.Now));
            Assert.AreNotEqual(ssrc, p.A.LocalSsrc, "RFC 3550 §5.1: random per stream");
            Assert.AreNotEqual(ts + 5 * 160, p.A.NextTimestamp);
            Assert.AreEqual(0, p.A.Statistics.PacketsSent, "statistics start over");
        }

        [TestMethod]
        public void UnusableResultsAreRefusedWithoutChangingTheCall()
        {
            MediaSession s = new MediaSession(new Phone.Crypto.ManagedCryptoKernel(), new Phone.Tests.Sdes.CountingEntropy(3), 40, 200);
            Assert.AreEqual((int)MediaStatus.NotNegotiated, (int)s.Start(null, 0));
            Assert.IsFalse(s.Active);
            Assert.AreEqual(0, s.PollRtcp(0, new byte[MediaSession.MaxDatagramLength], 0));
            Assert.AreEqual(long.MaxValue, s.NextRtcpDeadlineMs);
            short[] pcm = new short[160];
            pcm[0] = 5;
            Assert.AreEqual((int)PlayoutKind.Silence, (int)s.Playout(pcm, 0, 0));
            Assert.AreEqual(0, (int)pcm[0]);
            Assert.AreEqual((int)MediaPacketKind.Rtp, (int)s.Receive(new byte[] { 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, 0, 12, 0));
        }

        [TestMethod]
        public void ReInviteChangesCodecAndPtime_StreamContinues()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            p.Frames(20);
            uint ssrc = p.A.LocalSsrc;
            int lastSeq = p.HeaderA.SequenceNumber;
            uint lastTs = p.HeaderA.Timestamp;

            // Both sides re-negotiate PCMA at 30 ms (new negotiators, so new keys both ways too).
            AudioSettings audio = new AudioSettings();
            audio.Codecs = new AudioCodec[] { AudioCodec.Pcma };
            audio.Ptime = 30;
            SdpOfferAnswer negA = new SdpOfferAnswer(new SrtpSettings(), audio, new Phone.Tests.Sdes.CountingEntropy(301), MediaSessionPair.AddressA, MediaSessionPair.PortA, "1", 5);
            SdpOfferAnswer negB = new SdpOfferAnswer(new SrtpSettings(), audio, new Phone.Tests.Sdes.CountingEntropy(401), MediaSessionPair.AddressB, MediaSessionPair.PortB, "2", 5);
            SdpNegotiationResult offer = negA.CreateOffer(SdpDirection.SendRecv, true);
            p.MediaB = negB.Answer(offer.Text, SdpDirection.SendRecv, true);
            p.MediaA = negA.AcceptAnswer(p.MediaB.Text);
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));
            Assert.AreEqual(30, p.A.PtimeMs);
            Assert.AreEqual(240, p.B.SamplesPerFrame);
            Assert.AreEqual((int)AudioCodec.Pcma, (int)p.A.Codec);

            int checkedBefore = p.ToneFramesChecked;
            p.Frame();
            Assert.AreEqual(12 + 240 + 10, p.LengthA);
            Assert.AreEqual(8, p.HeaderA.PayloadType, "RFC 3551: PCMA");
            Assert.AreEqual(ssrc, p.HeaderA.Ssrc);
            Assert.AreEqual((lastSeq + 1) & 0xFFFF, p.HeaderA.SequenceNumber);
            Assert.AreEqual((uint)(lastTs + 160), p.HeaderA.Timestamp, "the 8 kHz clock continues (RFC 3551 §4.5.14)");
            Assert.IsTrue(p.HeaderA.Marker);
            p.Frames(30);
            Assert.IsTrue(p.ToneFramesChecked - checkedBefore >= 25);
            Assert.AreEqual(0, p.ToneErrors);
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures + p.B.Statistics.Malformed);
        }
    }
}
