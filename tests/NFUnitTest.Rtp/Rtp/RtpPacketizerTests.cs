using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;
using Phone.Audio;

namespace Phone.Tests.Rtp
{
    /// <summary>G.711 packetizer (RFC 3550 §5.1, RFC 3551 §4.1/§6): random start, per-frame advance, marker, hold.</summary>
    [TestClass]
    public class RtpPacketizerTests
    {
        // Entropy bytes: SSRC 11 22 33 44, sequence 55 66, timestamp 77 88 99 aa
        private static RtpPacketizer Make(AudioCodec codec, int ptime)
        {
            return new RtpPacketizer(new FixedEntropy(Hex.Parse("11 22 33 44 55 66 77 88 99 aa")), codec, ptime);
        }

        [TestMethod]
        public void StartValuesComeFromTheEntropySource()
        {
            RtpPacketizer p = Make(AudioCodec.Pcmu, 20);
            Assert.AreEqual((uint)0x11223344, p.Ssrc);
            Assert.AreEqual(0x5566, p.SequenceNumber);
            Assert.AreEqual(0x778899aa, p.Timestamp);
            Assert.AreEqual(160, p.SamplesPerFrame);
            Assert.AreEqual(172, p.PacketLength);
        }

        [TestMethod]
        public void FramesAdvanceSequenceAndTimestampAndOnlyTheFirstIsMarked()
        {
            RtpPacketizer p = Make(AudioCodec.Pcmu, 20);
            short[] silence = new short[160];
            byte[] packet = new byte[200];
            Assert.AreEqual(172, p.Packetize(silence, 0, packet, 0));
            // M=1 PT=0 | 5566 | 778899aa | 11223344; µ-law of 0 is 0xff (G.711 Table 2a, bits inverted)
            Assert.AreEqual("80805566778899aa11223344", Hex.Of(packet, 0, 12));
            Assert.AreEqual("ffffffff", Hex.Of(packet, 12, 4));
            Assert.AreEqual((byte)0xff, packet[171]);
            Assert.AreEqual(172, p.Packetize(silence, 0, packet, 0));
            Assert.AreEqual("8000556777889a4a11223344", Hex.Of(packet, 0, 12)); // ts + 160 = 0x778899aa + 0xa0
            Assert.AreEqual((uint)2, p.PacketsSent);
            Assert.AreEqual((uint)320, p.OctetsSent);
        }

        [TestMethod]
        public void ALawAndOtherPtimes()
        {
            RtpPacketizer p = Make(AudioCodec.Pcma, 30);
            short[] pcm = new short[240 + 7];
            byte[] packet = new byte[12 + 240 + 3];
            Assert.AreEqual(252, p.Packetize(pcm, 7, packet, 3));
            Assert.AreEqual((byte)0x88, packet[4]); // M=1, PT 8
            Assert.AreEqual((byte)0xd5, packet[15]); // A-law of 0: 0x80 ^ 0x55
            Assert.AreEqual((uint)0x778899aa + 240, p.Timestamp);
        }

        [TestMethod]
        public void TooSmallBuffersWriteNothing()
        {
            RtpPacketizer p = Make(AudioCodec.Pcmu, 20);
            Assert.AreEqual(0, p.Packetize(new short[159], 0, new byte[200], 0));
            Assert.AreEqual(0, p.Packetize(new short[160], 0, new byte[171], 0));
            Assert.AreEqual(0, p.Packetize(new short[160], 1, new byte[200], 0));
            Assert.AreEqual(0, p.Packetize(null, 0, new byte[200], 0));
            Assert.AreEqual(0x5566, p.SequenceNumber);
            Assert.AreEqual(0x778899aa, p.Timestamp);
        }

        [TestMethod]
        public void SkippedFramesKeepTheClockAndMarkTheNextTalkspurt()
        {
            RtpPacketizer p = Make(AudioCodec.Pcmu, 20);
            short[] pcm = new short[160];
            byte[] packet = new byte[172];
            p.Packetize(pcm, 0, packet, 0);
            p.Packetize(pcm, 0, packet, 0);
            p.SkipFrame();
            p.SkipFrame();
            p.Packetize(pcm, 0, packet, 0);
            RtpPacketView v = new RtpPacketView();
            v.Parse(packet, 0, 172);
            Assert.IsTrue(v.Marker, "talkspurt start");
            Assert.AreEqual(0x5568, v.SequenceNumber, "sequence numbers do not skip");
            Assert.AreEqual((uint)0x778899aa + 4 * 160, v.Timestamp);
            p.Packetize(pcm, 0, packet, 0);
            v.Parse(packet, 0, 172);
            Assert.IsFalse(v.Marker);
        }

        [TestMethod]
        public void HoldAdvancesTheTimestampByWallClockMediaTime()
        {
            RtpPacketizer p = Make(AudioCodec.Pcmu, 20);
            short[] pcm = new short[160];
            byte[] packet = new byte[172];
            p.Packetize(pcm, 0, packet, 0);
            p.Skip(8000 * 37 + 40); // on hold for 37.005 s
            p.Packetize(pcm, 0, packet, 0);
            RtpPacketView v = new RtpPacketView();
            v.Parse(packet, 0, 172);
            Assert.IsTrue(v.Marker);
            Assert.AreEqual((uint)(0x778899aa + 160 + 296040), v.Timestamp);
        }

        [TestMethod]
        public void TimestampAndSequenceWrap()
        {
            RtpPacketizer p = new RtpPacketizer(new FixedEntropy(Hex.Parse("00 00 00 01 ff ff ff ff ff 80")), AudioCodec.Pcmu, 20);
            short[] pcm = new short[160];
            byte[] packet = new byte[172];
            p.Packetize(pcm, 0, packet, 0);
            Assert.AreEqual(0, p.SequenceNumber);
            Assert.AreEqual((uint)0x20, p.Timestamp); // 0xffffff80 + 0xa0 wraps
        }

        [TestMethod]
        public void PtimeOutsideTenToSixtyIsRefused()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Make(AudioCodec.Pcmu, 9));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => Make(AudioCodec.Pcmu, 61));
            Assert.AreEqual(80, Make(AudioCodec.Pcmu, 10).SamplesPerFrame);
            Assert.AreEqual(480, Make(AudioCodec.Pcmu, 60).SamplesPerFrame);
        }
    }
}
