using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Media;
using Phone.Audio;
using Phone.Sdp;

namespace Phone.Tests.Media
{
    /// <summary>
    /// RFC 4733 through the session: events replace audio frames, share the stream's SSRC and sequence
    /// space, carry the event's start timestamp, grow the duration per packet and end with three
    /// identical E packets (§2.5.1.4); the peer queues the digit once.
    /// </summary>
    [TestClass]
    public class MediaSessionDtmfTests
    {
        [TestMethod]
        public void DigitReplacesAudio_EndPacketSentThreeTimes_ReceivedOnce()
        {
            // Plain RTP so the event payload can be read on the wire.
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Off);
            Assert.IsTrue(p.StartCall());
            p.Frames(5);
            int dtmfPt = p.MediaA.DtmfPayloadType;
            Assert.IsTrue(dtmfPt >= 96, "telephone-event negotiated");
            int seq = p.A.NextSequenceNumber;
            uint eventTs = p.A.NextTimestamp;
            Assert.IsTrue(p.A.SendDtmf('#', 100, p.Now));
            Assert.IsFalse(p.A.SendDtmf('1', 100, p.Now), "one digit at a time");

            // RFC 4733 §2.5.1.2-4: 160, 320, 480, 640, then 800 with E three times.
            int[] durations = new int[] { 160, 320, 480, 640, 800, 800, 800 };
            for (int i = 0; i < durations.Length; i++)
            {
                p.Frame();
                Assert.AreEqual(12 + 4, p.LengthA, "an event packet, not audio");
                Assert.AreEqual(dtmfPt, p.HeaderA.PayloadType);
                Assert.AreEqual((seq + i) & 0xFFFF, p.HeaderA.SequenceNumber, "RFC 4733 §2.1: the audio sequence space");
                Assert.AreEqual(eventTs, p.HeaderA.Timestamp, "RFC 4733 §2.5.1.2: the event's start time");
                Assert.AreEqual(i == 0, p.HeaderA.Marker, "RFC 4733 §2.5.1.1");
                Assert.AreEqual(11, (int)p.LastA[12], "event 11 = #");
                Assert.AreEqual(i >= 4, (p.LastA[13] & 0x80) != 0, "E bit on the last three");
                Assert.AreEqual(durations[i], (p.LastA[14] << 8) | p.LastA[15]);
            }

            p.Frame();
            Assert.AreEqual(12 + 160, p.LengthA, "audio again");
            Assert.AreEqual((seq + 7) & 0xFFFF, p.HeaderA.SequenceNumber);
            Assert.AreEqual((uint)(eventTs + 7 * 160), p.HeaderA.Timestamp, "the audio clock ran on during the digit");
            Assert.IsTrue(p.HeaderA.Marker);

            char digit;
            Assert.IsTrue(p.B.TryTakeReceivedDigit(out digit));
            Assert.AreEqual('#', digit);
            Assert.IsFalse(p.B.TryTakeReceivedDigit(out digit), "three end packets, one digit");
            Assert.AreEqual(1, p.A.Statistics.DtmfSent);
            Assert.AreEqual(1, p.B.Statistics.DtmfReceived);
            Assert.AreEqual(0, p.B.Statistics.PacketsLost, "event packets count as received in RTCP loss (RFC 3550 §A.3)");
        }

        [TestMethod]
        public void DigitsOverSrtpArriveInOrder_HeldKeyEndsOnStop()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcma, 30, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            p.Frames(3);
            Assert.IsTrue(p.A.SendDtmf('7', 60, p.Now));
            p.Frames(6);
            Assert.IsTrue(p.A.SendDtmf('d', 0, p.Now), "held until released");
            p.Frames(10);
            Assert.IsTrue(p.A.SendingDtmf);
            p.A.StopDtmf();
            p.Frames(3);
            Assert.IsFalse(p.A.SendingDtmf);
            Assert.IsFalse(p.A.SendDtmf('x', 100, p.Now), "not a DTMF character");

            char digit;
            Assert.IsTrue(p.B.TryTakeReceivedDigit(out digit));
            Assert.AreEqual('7', digit);
            Assert.IsTrue(p.B.TryTakeReceivedDigit(out digit));
            Assert.AreEqual('D', digit);
            Assert.IsFalse(p.B.TryTakeReceivedDigit(out digit));
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures);
        }
    }
}
