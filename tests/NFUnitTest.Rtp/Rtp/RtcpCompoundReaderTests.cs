using nanoFramework.TestFramework;
using Phone.Rtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Rtp
{
    /// <summary>Compound RTCP from the peer (RFC 3550 §6.1, §A.2) and the §6.4.1 round-trip computation.</summary>
    [TestClass]
    public class RtcpCompoundReaderTests
    {
        private const uint Us = 0x11223344;

        // The RFC 3550 §6.4.1 figure: LSR 0xb705:2000 (46853.125 s), DLSR 0x0005:4000 (5.250 s),
        // report arrives at A = 0xb710:8000 (46864.500 s): RTT = 0x0006:2000 = 6.125 s.
        private static readonly ulong ArrivalNtp = ((ulong)0xb710 << 32) | ((ulong)0x8000 << 16);

        private static string PeerSenderReport()
        {
            return "81c8000c" + "0a0b0c0d" + "e1234567" + "89abcdef" + "00001000" + "00000032" + "00001f40" +
                   "11223344" + "05000007" + "0002ffff" + "00000011" + "b7052000" + "00054000";
        }

        [TestMethod]
        public void SenderReportFieldsAndOurBlockAndRoundTrip()
        {
            byte[] p = Hex.Parse(PeerSenderReport());
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Ok, (int)r.Read(p, 0, p.Length, Us, ArrivalNtp));
            Assert.IsTrue(r.HasSenderReport);
            Assert.AreEqual((uint)0x0a0b0c0d, r.SenderSsrc);
            Assert.AreEqual(0xe123456789abcdef, r.NtpTimestamp);
            Assert.AreEqual((uint)0x1000, r.RtpTimestamp);
            Assert.AreEqual((uint)50, r.SenderPacketCount);
            Assert.AreEqual((uint)8000, r.SenderOctetCount);
            Assert.IsTrue(r.HasReportForUs);
            Assert.AreEqual(5, r.ReportForUs.FractionLost);
            Assert.AreEqual(7, r.ReportForUs.CumulativeLost);
            Assert.AreEqual((uint)0x0002ffff, r.ReportForUs.ExtendedHighestSequence);
            Assert.AreEqual((uint)0x11, r.ReportForUs.Jitter);
            Assert.AreEqual((long)0x00062000, r.RoundTrip);
            Assert.AreEqual(6125, r.RoundTripMs);
        }

        [TestMethod]
        public void RoundTripFormula()
        {
            // A − LSR − DLSR in 1/65536 s, computed by hand: 0xb7108000 − 0xb7052000 − 0x00054000 = 0x00062000
            Assert.AreEqual((long)0x62000, RtcpRoundTrip.Compute(0xb7108000, 0xb7052000, 0x00054000));
            Assert.AreEqual(6125, RtcpRoundTrip.ToMilliseconds(0x62000));
            Assert.AreEqual(-1L, RtcpRoundTrip.Compute(0xb7108000, 0, 0), "no SR seen by the peer yet");
            Assert.AreEqual(-1L, RtcpRoundTrip.Compute(0xb7050000, 0xb7052000, 0), "negative: not a valid RTT");
            // wraps across the 32-bit boundary of the middle word
            Assert.AreEqual((long)0x18000, RtcpRoundTrip.Compute(0x00008000, 0xffff0000, 0));
        }

        [TestMethod]
        public void BlocksAboutOthersAreSkippedAndNegativeLossIsSignExtended()
        {
            // RR from the peer with two blocks: one about someone else, one about us with lost = −1.
            byte[] p = Hex.Parse("82c9000d" + "0a0b0c0d" +
                                 "99999999" + "ff000009" + "00000001" + "00000000" + "00000000" + "00000000" +
                                 "11223344" + "00ffffff" + "00000064" + "00000002" + "00000000" + "00000000");
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Ok, (int)r.Read(p, 0, p.Length, Us, ArrivalNtp));
            Assert.IsFalse(r.HasSenderReport);
            Assert.IsTrue(r.HasReportForUs);
            Assert.AreEqual(0, r.ReportForUs.FractionLost);
            Assert.AreEqual(-1, r.ReportForUs.CumulativeLost);
            Assert.AreEqual(-1L, r.RoundTrip, "LSR 0");
            Assert.AreEqual(-1, r.RoundTripMs);
        }

        [TestMethod]
        public void FullCompoundWithSdesAppUnknownAndBye()
        {
            string sdes = "81ca0004" + "0a0b0c0d" + "02034a6f65" + "0103612e62" + "0000";   // NAME "Joe", CNAME "a.b", end, pad
            string app = "80cc0002" + "0a0b0c0d" + "74657374";                           // APP "test", no data
            string unknown = "80d20001" + "01020304";                                     // PT 210: not ours
            string bye = "81cb0002" + "0a0b0c0d" + "03627965";                             // BYE "bye"
            byte[] p = Hex.Parse(PeerSenderReport() + sdes + app + unknown + bye);
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Ok, (int)r.Read(p, 0, p.Length, Us, ArrivalNtp));
            Assert.IsTrue(r.HasSenderReport);
            Assert.AreEqual(3, r.CnameLength);
            Assert.AreEqual((byte)'a', p[r.CnameOffset]);
            Assert.AreEqual((byte)'b', p[r.CnameOffset + 2]);
            Assert.AreEqual(1, r.AppCount);
            Assert.AreEqual(1, r.UnknownCount);
            Assert.IsTrue(r.ByeReceived);
            Assert.AreEqual(3, r.ByeReasonLength);
            Assert.AreEqual((byte)'b', p[r.ByeReasonOffset]);
            Assert.AreEqual(6125, r.RoundTripMs);
        }

        [TestMethod]
        [DataRow("81c9", 2)]                                         // TooShort (2 octets)
        [DataRow("81c900", 2)]                                       // 3 octets
        [DataRow("41c9000100000000", 3)]                             // version 1
        [DataRow("81ca000100000000", 4)]                             // SDES first
        [DataRow("81c9000200000000", 5)]                             // length says 12, 8 present
        [DataRow("81c9000100000000", 5)]                             // RC=1 but no room for the block
        [DataRow("80c9000100000000" + "81cb0000", 5)]                // BYE SC=1 with no SSRC
        [DataRow("a0c9000100000000" + "80cb000100000000", 6)]        // padding on a packet before the last
        [DataRow("a0c9000100000000", 6)]                             // padding count 0
        [DataRow("a0c9000100000009", 6)]                             // padding past the body
        public void MalformedCompoundsStopWithAStatus(string hex, int status)
        {
            // 2 TooShort, 3 BadVersion, 4 NotReportFirst, 5 Truncated, 6 BadPadding
            Assert.AreEqual(6, (int)RtcpParseStatus.BadPadding);
            byte[] p = Hex.Parse(hex);
            Assert.AreEqual(status, (int)new RtcpCompoundReader().Read(p, 0, p.Length, Us, 0));
        }

        [TestMethod]
        public void LengthFieldOfAllOnesDoesNotReadPastTheDatagram()
        {
            byte[] p = Hex.Parse("80c9ffff00000000");
            Assert.AreEqual((int)RtcpParseStatus.Truncated, (int)new RtcpCompoundReader().Read(p, 0, p.Length, Us, 0));
            Assert.AreEqual((int)RtcpParseStatus.InvalidArguments, (int)new RtcpCompoundReader().Read(p, 4, 8, Us, 0));
            Assert.AreEqual((int)RtcpParseStatus.InvalidArguments, (int)new RtcpCompoundReader().Read(null, 0, 8, Us, 0));
        }

        [TestMethod]
        [DataRow("80c9000100000000" + "81ca0002" + "0a0b0c0d" + "01c86162")]                 // CNAME item claims 200 octets
        [DataRow("80c9000100000000" + "81ca0002" + "0a0b0c0d" + "01016101")]                 // CNAME "a", then an item type with no length octet
        [DataRow("80c9000100000000" + "81cb0002" + "0a0b0c0d" + "09627965")]                 // BYE reason claims 9 octets, 3 present
        [DataRow("80c9000100000000" + "81cb0002" + "0a0b0c0d" + "04627965" + "80cc0002" + "0a0b0c0d" + "74657374")] // reason past its packet into the next
        public void SdesItemOrByeReasonPastThePacketRejectsTheCompound(string hex)
        {
            // RFC 3550 §6.5/§6.6: a length that runs past the packet makes the compound invalid, not partly read.
            byte[] p = Hex.Parse(hex);
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Truncated, (int)r.Read(p, 0, p.Length, Us, 0));
        }

        [TestMethod]
        public void AppOnlyCompoundIsAccepted()
        {
            // baresip's SRTCP that carries only an APP packet (RFC 3550 §6.7), no SR/RR before it.
            byte[] p = Hex.Parse("80cc0002" + "0a0b0c0d" + "74657374" + "80cc0002" + "0a0b0c0d" + "74657374");
            RtcpCompoundReader r = new RtcpCompoundReader();
            Assert.AreEqual((int)RtcpParseStatus.Ok, (int)r.Read(p, 0, p.Length, Us, 0));
            Assert.AreEqual(2, r.AppCount);
            Assert.AreEqual(0, r.ReportCount);
            Assert.IsFalse(r.HasSenderReport);
        }
    }
}
