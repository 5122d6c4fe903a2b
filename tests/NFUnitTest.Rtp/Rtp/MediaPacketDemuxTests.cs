using nanoFramework.TestFramework;
using Phone.Rtp;

namespace Phone.Tests.Rtp
{
    /// <summary>RFC 7983 §7 first-octet ranges and the RFC 5761 §4 RTCP packet-type range.</summary>
    [TestClass]
    public class MediaPacketDemuxTests
    {
        // kinds: 0 Unknown, 1 Stun, 2 Zrtp, 3 Dtls, 4 TurnChannel, 5 Rtp, 6 Rtcp
        [TestMethod]
        [DataRow(0, 1, 1)]     // STUN binding request 0x0001
        [DataRow(3, 0, 1)]
        [DataRow(4, 0, 0)]     // 4..15 unassigned
        [DataRow(15, 0, 0)]
        [DataRow(16, 0, 2)]    // ZRTP
        [DataRow(19, 0, 2)]
        [DataRow(20, 3, 3)]    // DTLS change_cipher_spec
        [DataRow(22, 254, 3)]  // DTLS handshake
        [DataRow(63, 0, 3)]
        [DataRow(64, 0, 4)]    // TURN channel
        [DataRow(79, 0, 4)]
        [DataRow(80, 0, 0)]    // 80..127 unassigned
        [DataRow(127, 0, 0)]
        [DataRow(128, 0, 5)]   // RTP PCMU
        [DataRow(128, 8, 5)]   // RTP PCMA
        [DataRow(128, 101, 5)] // telephone-event
        [DataRow(128, 229, 5)] // M=1, PT 101
        [DataRow(128, 128, 5)] // M=1, PT 0
        [DataRow(128, 191, 5)] // M=1, PT 63
        [DataRow(128, 192, 6)] // first RTCP-reserved type
        [DataRow(128, 200, 6)] // SR
        [DataRow(129, 201, 6)] // RR, RC=1
        [DataRow(129, 202, 6)] // SDES
        [DataRow(129, 203, 6)] // BYE
        [DataRow(128, 204, 6)] // APP
        [DataRow(128, 223, 6)] // last of the range
        [DataRow(128, 224, 5)] // M=1, PT 96
        [DataRow(191, 0, 5)]
        [DataRow(192, 0, 0)]   // 192..255 unassigned (version 3)
        [DataRow(255, 0, 0)]
        public void FirstOctetsDecide(int first, int second, int kind)
        {
            byte[] b = new byte[24];
            b[0] = (byte)first;
            b[1] = (byte)second;
            Assert.AreEqual(kind, (int)MediaPacketDemux.Classify(b, 0, b.Length));
        }

        [TestMethod]
        public void KindsAreNumberedAsTheTableAssumes()
        {
            Assert.AreEqual(1, (int)MediaPacketKind.Stun);
            Assert.AreEqual(5, (int)MediaPacketKind.Rtp);
            Assert.AreEqual(6, (int)MediaPacketKind.Rtcp);
        }

        [TestMethod]
        public void TooShortForTheKindIsUnknown()
        {
            byte[] b = new byte[40];
            b[0] = 0x80;
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 0, 11), "RTP under 12 octets");
            Assert.AreEqual((int)MediaPacketKind.Rtp, (int)MediaPacketDemux.Classify(b, 0, 12));
            b[1] = 201;
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 0, 7), "RTCP under 8 octets");
            Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)MediaPacketDemux.Classify(b, 0, 8));
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 0, 1));
            b[0] = 0;
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 0, 19), "STUN under 20 octets");
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 0, 0));
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(null, 0, 12));
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)MediaPacketDemux.Classify(b, 35, 12));
        }
    }
}
