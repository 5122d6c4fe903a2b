using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Rtp
{
    /// <summary>RTCP packets against octets assembled by hand from the RFC 3550 §6.4.1, §6.4.2, §6.5, §6.6 layouts.</summary>
    [TestClass]
    public class RtcpWriterTests
    {
        private static RtcpReportBlock Block()
        {
            RtcpReportBlock b = new RtcpReportBlock();
            b.Ssrc = 0xAABBCCDD;
            b.FractionLost = 0x40;          // 25 %
            b.CumulativeLost = -3;          // 24-bit two's complement: ff fffd
            b.ExtendedHighestSequence = 0x00010005;
            b.Jitter = 0x23;
            b.LastSenderReport = 0x456789AB;
            b.DelaySinceLastSenderReport = 0x00010000; // 1 s
            return b;
        }

        [TestMethod]
        public void SenderReportWithOneBlock()
        {
            byte[] buf = new byte[60];
            int n = RtcpWriter.WriteSenderReport(buf, 0, 0x01020304, 0xE123456789ABCDEF, 0x11111111, 100, 16000,
                new RtcpReportBlock[] { Block() }, 1);
            Assert.AreEqual(52, n);
            string expected =
                "81c8000c" +            // V=2 P=0 RC=1 | PT=200 | length 13 words − 1
                "01020304" +            // SSRC of sender
                "e1234567" + "89abcdef" + // NTP timestamp, most and least significant word
                "11111111" +            // RTP timestamp
                "00000064" +            // sender's packet count 100
                "00003e80" +            // sender's octet count 16000
                "aabbccdd" +            // SSRC_1
                "40fffffd" +            // fraction lost | cumulative lost
                "00010005" +            // extended highest sequence number
                "00000023" +            // interarrival jitter
                "456789ab" +            // LSR
                "00010000";             // DLSR
            Assert.AreEqual(expected, Hex.Of(buf, 0, n));
        }

        [TestMethod]
        public void ReceiverReportWithAndWithoutBlocks()
        {
            byte[] buf = new byte[40];
            int n = RtcpWriter.WriteReceiverReport(buf, 4, 0x01020304, new RtcpReportBlock[] { Block() }, 1);
            Assert.AreEqual(32, n);
            Assert.AreEqual("81c90007" + "01020304" + "aabbccdd40fffffd0001000500000023456789ab00010000", Hex.Of(buf, 4, n));
            n = RtcpWriter.WriteReceiverReport(buf, 0, 0x01020304, null, 0);
            Assert.AreEqual(8, n);
            Assert.AreEqual("80c9000101020304", Hex.Of(buf, 0, n));
        }

        [TestMethod]
        public void SourceDescriptionCnameIsNullTerminatedAndPadded()
        {
            byte[] buf = new byte[40];
            for (int i = 0; i < buf.Length; i++) buf[i] = 0xEE;
            int n = RtcpWriter.WriteSourceDescription(buf, 0, 0x01020304, Hex.Ascii("a@b"), 0, 3);
            Assert.AreEqual(16, n);
            // SC=1 | PT=202 | 3 | SSRC | CNAME=1, len 3, "a@b", null item, pad
            Assert.AreEqual("81ca0003" + "01020304" + "0103614062000000", Hex.Of(buf, 0, n));
            n = RtcpWriter.WriteSourceDescription(buf, 0, 0x01020304, Hex.Ascii("abcdef"), 0, 6);
            Assert.AreEqual(20, n, "8 + 2 + 6 = 16 leaves no room for the null octet: one more word");
            Assert.AreEqual("81ca0004" + "01020304" + "0106616263646566" + "00000000", Hex.Of(buf, 0, n));
        }

        [TestMethod]
        public void ByeWithAndWithoutReason()
        {
            byte[] buf = new byte[40];
            int n = RtcpWriter.WriteBye(buf, 0, 0x01020304, null, 0, 0);
            Assert.AreEqual("81cb000101020304", Hex.Of(buf, 0, n));
            n = RtcpWriter.WriteBye(buf, 0, 0x01020304, Hex.Ascii("bye"), 0, 3);
            Assert.AreEqual("81cb0002" + "01020304" + "03627965", Hex.Of(buf, 0, n));
            for (int i = 0; i < buf.Length; i++) buf[i] = 0xEE;
            n = RtcpWriter.WriteBye(buf, 0, 0x01020304, Hex.Ascii("hangup"), 0, 6);
            Assert.AreEqual("81cb0003" + "01020304" + "0668616e67757000", Hex.Of(buf, 0, n));
        }

        [TestMethod]
        public void NothingIsWrittenWhenItDoesNotFit()
        {
            byte[] buf = new byte[51];
            Assert.AreEqual(0, RtcpWriter.WriteSenderReport(buf, 0, 1, 0, 0, 0, 0, new RtcpReportBlock[] { Block() }, 1));
            Assert.AreEqual((byte)0, buf[0]);
            Assert.AreEqual(0, RtcpWriter.WriteReceiverReport(buf, 44, 1, null, 0));
            Assert.AreEqual(0, RtcpWriter.WriteReceiverReport(buf, 0, 1, new RtcpReportBlock[1], 1), "null block");
            Assert.AreEqual(0, RtcpWriter.WriteReceiverReport(buf, 0, 1, new RtcpReportBlock[] { Block() }, 2), "count past the array");
            Assert.AreEqual(0, RtcpWriter.WriteSourceDescription(buf, 0, 1, new byte[0], 0, 0), "empty CNAME");
            Assert.AreEqual(0, RtcpWriter.WriteBye(buf, 48, 1, null, 0, 0));
            Assert.AreEqual(0, RtcpWriter.WriteBye(null, 0, 1, null, 0, 0));
        }

        [TestMethod]
        public void CompoundPacketBackToBackParsesAsOne()
        {
            byte[] buf = new byte[200];
            int n = RtcpWriter.WriteReceiverReport(buf, 0, 0x01020304, new RtcpReportBlock[] { Block() }, 1);
            n += RtcpWriter.WriteSourceDescription(buf, n, 0x01020304, Hex.Ascii("phone@example.com"), 0, 17);
            n += RtcpWriter.WriteBye(buf, n, 0x01020304, Hex.Ascii("bye"), 0, 3);
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Ok, (int)r.Read(buf, 0, n, 0xAABBCCDD, 0));
            Assert.IsTrue(r.HasReportForUs);
            Assert.AreEqual(-3, r.ReportForUs.CumulativeLost);
            Assert.AreEqual(17, r.CnameLength);
            Assert.IsTrue(r.ByeReceived);
            Assert.AreEqual(3, r.ByeReasonLength);
        }
    }
}
