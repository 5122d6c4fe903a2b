using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Rtp
{
    /// <summary>RTP header reading (RFC 3550 §5.1, §5.3.1) against hand-written packets; no length field trusted.</summary>
    [TestClass]
    public class RtpPacketViewTests
    {
        [TestMethod]
        public void FixedHeaderFieldsAreRead()
        {
            // V=2 P=0 X=0 CC=0 | M=1 PT=8 | seq 0x1234 | ts 0x000003E8 | SSRC 0xDEADBEEF | 4 payload octets
            byte[] p = Hex.Parse("80 88 12 34 00 00 03 e8 de ad be ef d5 d5 d5 d5");
            RtpPacketView v = new RtpPacketView();
            Assert.AreEqual((int)RtpParseStatus.Ok, (int)v.Parse(p, 0, p.Length));
            Assert.IsTrue(v.Marker);
            Assert.AreEqual(8, v.PayloadType);
            Assert.AreEqual(0x1234, v.SequenceNumber);
            Assert.AreEqual((uint)1000, v.Timestamp);
            Assert.AreEqual(0xDEADBEEF, v.Ssrc);
            Assert.AreEqual(12, v.HeaderLength);
            Assert.AreEqual(12, v.PayloadOffset);
            Assert.AreEqual(4, v.PayloadLength);
        }

        [TestMethod]
        public void CsrcExtensionAndPaddingAreSkipped()
        {
            // V=2 P=1 X=1 CC=2 (0xB2) | PT 0 | seq 0xFFFF | ts 0xFFFFFFFF | SSRC 1 | CSRC ×2 |
            // extension: profile 0xBEDE, length 1 word, 4 octets | payload 3 octets | padding 2 (…, 02)
            byte[] p = Hex.Parse("b2 00 ff ff ff ff ff ff 00 00 00 01 00 00 00 0a 00 00 00 0b be de 00 01 11 22 33 44 aa bb cc 00 02");
            // Placed at offset 3 of a larger buffer to check that offsets are absolute.
            byte[] b = new byte[p.Length + 5];
            System.Array.Copy(p, 0, b, 3, p.Length);
            RtpPacketView v = new RtpPacketView();
            Assert.AreEqual((int)RtpParseStatus.Ok, (int)v.Parse(b, 3, p.Length));
            Assert.IsFalse(v.Marker);
            Assert.AreEqual(0xFFFF, v.SequenceNumber);
            Assert.AreEqual(0xFFFFFFFF, v.Timestamp);
            Assert.AreEqual(2, v.CsrcCount);
            Assert.IsTrue(v.HasExtension);
            Assert.AreEqual(12 + 8 + 8, v.HeaderLength);
            Assert.AreEqual(3 + 28, v.PayloadOffset);
            Assert.AreEqual(3, v.PayloadLength);
            Assert.AreEqual(2, v.PaddingLength);
            Assert.AreEqual((byte)0xaa, b[v.PayloadOffset]);
        }

        [TestMethod]
        [DataRow("80 00 00 01 00 00 00 00 00 00 00", 2)]            // 11 octets
        [DataRow("40 00 00 01 00 00 00 00 00 00 00 01", 3)]         // version 1
        [DataRow("c0 00 00 01 00 00 00 00 00 00 00 01", 3)]         // version 3
        [DataRow("81 00 00 01 00 00 00 00 00 00 00 01", 4)]         // CC=1, no CSRC
        [DataRow("8f 00 00 01 00 00 00 00 00 00 00 01 00 00 00 02", 4)] // CC=15, one CSRC present
        [DataRow("90 00 00 01 00 00 00 00 00 00 00 01 be de", 5)]   // extension header cut
        [DataRow("90 00 00 01 00 00 00 00 00 00 00 01 be de ff ff 00 00 00 00", 5)] // 65535 words claimed
        [DataRow("a0 00 00 01 00 00 00 00 00 00 00 01 7f 00", 6)]   // padding count 0
        [DataRow("a0 00 00 01 00 00 00 00 00 00 00 01 7f 03", 6)]   // padding 3 > payload 2
        [DataRow("a0 00 00 01 00 00 00 00 00 00 00 01", 6)]         // P set, no payload at all
        public void MalformedHeadersAreRejected(string hex, int expected)
        {
            // expected: 2 TooShort, 3 BadVersion, 4 CsrcPastEnd, 5 ExtensionPastEnd, 6 PaddingInvalid
            int status = expected;
            Assert.AreEqual(2, (int)RtpParseStatus.TooShort);
            Assert.AreEqual(6, (int)RtpParseStatus.PaddingInvalid);
            byte[] p = Hex.Parse(hex);
            Assert.AreEqual(status, (int)new RtpPacketView().Parse(p, 0, p.Length));
        }

        [TestMethod]
        public void PaddingFillingThePayloadLeavesAnEmptyPayload()
        {
            byte[] p = Hex.Parse("a0 00 00 01 00 00 00 00 00 00 00 01 00 00 00 04");
            RtpPacketView v = new RtpPacketView();
            Assert.AreEqual((int)RtpParseStatus.Ok, (int)v.Parse(p, 0, p.Length));
            Assert.AreEqual(0, v.PayloadLength);
        }

        [TestMethod]
        public void BadArgumentsReturnAStatus()
        {
            RtpPacketView v = new RtpPacketView();
            byte[] p = new byte[20];
            p[0] = 0x80;
            Assert.AreEqual((int)RtpParseStatus.InvalidArguments, (int)v.Parse(null, 0, 12));
            Assert.AreEqual((int)RtpParseStatus.InvalidArguments, (int)v.Parse(p, -1, 12));
            Assert.AreEqual((int)RtpParseStatus.InvalidArguments, (int)v.Parse(p, 10, 12));
            Assert.AreEqual((int)RtpParseStatus.InvalidArguments, (int)v.Parse(p, 0, -1));
            Assert.AreEqual((int)RtpParseStatus.InvalidArguments, (int)v.Parse(p, 0x7FFFFFF0, 0x20));
        }

        [TestMethod]
        public void HeaderWriterRoundTrips()
        {
            byte[] b = new byte[14];
            Assert.AreEqual(12, RtpHeaderWriter.Write(b, 2, true, 101, 0xABCD, 0x01020304, 0xCAFEBABE));
            Assert.AreEqual("000080e5abcd01020304cafebabe", Hex.Of(b));
            RtpPacketView v = new RtpPacketView();
            Assert.AreEqual((int)RtpParseStatus.Ok, (int)v.Parse(b, 2, 12));
            Assert.IsTrue(v.Marker);
            Assert.AreEqual(101, v.PayloadType);
            Assert.AreEqual(0xABCD, v.SequenceNumber);
            Assert.AreEqual((uint)0x01020304, v.Timestamp);
            Assert.AreEqual(0xCAFEBABE, v.Ssrc);
            Assert.AreEqual(0, v.PayloadLength);
        }
    }
}
