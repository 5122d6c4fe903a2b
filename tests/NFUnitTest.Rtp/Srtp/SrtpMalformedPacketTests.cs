using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>
    /// Header parsing that trusts no length field (RFC 3550 §5.1, §5.3.1): each malformation has its own
    /// status on both protect and unprotect, and none changes session state.
    /// </summary>
    [TestClass]
    public class SrtpMalformedPacketTests
    {
        static SrtpStatus ProtectStatus(byte[] packet, int length)
        {
            int protectedLength;
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpStatus status = session.Protect(packet, 0, length, out protectedLength);
            if (status != SrtpStatus.Ok)
            {
                Assert.AreEqual(0, protectedLength);
                Assert.AreEqual(0, session.StreamCount);
            }

            return status;
        }

        static SrtpStatus UnprotectStatus(byte[] packet, int length)
        {
            // Unprotect sees the packet followed by a (bogus) 10-byte tag.
            int plainLength;
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpStatus status = session.Unprotect(packet, 0, length + 10, out plainLength);
            Assert.AreEqual(0, session.StreamCount);
            return status;
        }

        static void Both(SrtpStatus expected, byte[] packet, int length)
        {
            SrtpFixture.Status(expected, ProtectStatus(SrtpFixture.Copy(packet), length), "protect");
            SrtpFixture.Status(expected, UnprotectStatus(SrtpFixture.Copy(packet), length), "unprotect");
        }

        [TestMethod]
        public void TooShort()
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 0);
            Both(SrtpStatus.PacketTooShort, packet, 11);
            Both(SrtpStatus.PacketTooShort, packet, 0);
        }

        [TestMethod]
        [DataRow(0x00)]
        [DataRow(0x40)]
        [DataRow(0xC0)]
        public void BadVersion(int firstByte)
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = (byte)firstByte;
            Both(SrtpStatus.BadVersion, packet, 32);
        }

        [TestMethod]
        public void CsrcCountPastEnd()
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0x86; // 6 CSRCs = 24 bytes, only 20 follow the fixed header
            Both(SrtpStatus.CsrcPastEnd, packet, 32);
            packet[0] = 0x85; // 5 CSRCs = 20 bytes: fits exactly
            SrtpFixture.Status(SrtpStatus.Ok, ProtectStatus(SrtpFixture.Copy(packet), 32));
        }

        [TestMethod]
        public void ExtensionHeaderPastEnd()
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0x94; // X=1, 4 CSRCs: the extension header would start at byte 28, 4 bytes needed, 4 left
            packet[30] = 0;
            packet[31] = 1; // ...but its data (1 word) would not fit
            Both(SrtpStatus.ExtensionPastEnd, packet, 32);
            packet[0] = 0x95; // 5 CSRCs: no room for the extension header itself
            Both(SrtpStatus.ExtensionPastEnd, packet, 32);
        }

        [TestMethod]
        public void ExtensionLengthPastEnd()
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0x90;
            packet[14] = 0xFF;
            packet[15] = 0xFF; // 65535 words
            Both(SrtpStatus.ExtensionPastEnd, packet, 32);
            packet[14] = 0;
            packet[15] = 4; // 16 bytes of the 16 left: fits
            SrtpFixture.Status(SrtpStatus.Ok, ProtectStatus(SrtpFixture.Copy(packet), 32));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(21)]
        [DataRow(255)]
        public void PaddingLongerThanPayloadOrZero(int padCount)
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0xA0; // P=1
            packet[31] = (byte)padCount;
            SrtpFixture.Status(SrtpStatus.PaddingInvalid, ProtectStatus(packet, 32));
        }

        [TestMethod]
        public void PaddingOfWholePayloadIsValid()
        {
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0xA0;
            packet[31] = 20;
            SrtpFixture.Status(SrtpStatus.Ok, ProtectStatus(SrtpFixture.Copy(packet), 32));
            // With no payload at all there is no room for the count octet.
            SrtpFixture.Status(SrtpStatus.PaddingInvalid, ProtectStatus(packet, 12));
        }

        [TestMethod]
        public void InvalidPaddingOfUnencryptedPacketIsRejectedBeforeAuthentication()
        {
            // With UNENCRYPTED_SRTP the padding count is readable before the tag is checked.
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.UnencryptedSrtp = true;
            SrtpSession receiver = SrtpFixture.Session(policy);
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            packet[0] = 0xA0;
            packet[31] = 50;
            int plainLength;
            SrtpFixture.Status(SrtpStatus.PaddingInvalid, receiver.Unprotect(packet, 0, 42, out plainLength));
            Assert.AreEqual(0, receiver.StreamCount);
        }

        [TestMethod]
        public void BufferTooSmallForTheTrailer()
        {
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = new byte[32 + 9];
            System.Array.Copy(SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20), 0, packet, 0, 32);
            byte[] original = SrtpFixture.Copy(packet);
            int protectedLength;
            SrtpFixture.Status(SrtpStatus.BufferTooSmall, session.Protect(packet, 0, 32, out protectedLength));
            Assert.AreEqual(Hex.Of(original), Hex.Of(packet), "nothing written");

            byte[] rtcp = new byte[16 + 13];
            System.Array.Copy(SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 0, rtcp, 0, 16);
            SrtpFixture.Status(SrtpStatus.BufferTooSmall, session.ProtectRtcp(rtcp, 0, 16, out protectedLength));
            Assert.AreEqual(0, session.StreamCount);

            byte[] exact = new byte[32 + 10];
            System.Array.Copy(original, 0, exact, 0, 32);
            SrtpFixture.Status(SrtpStatus.Ok, session.Protect(exact, 0, 32, out protectedLength), "exactly enough room");
        }

        [TestMethod]
        public void InvalidArguments()
        {
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 20);
            int n;
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.Protect(null, 0, 32, out n));
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.Protect(packet, -1, 32, out n));
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.Protect(packet, 0, -1, out n));
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.Unprotect(packet, 60, 32, out n));
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.ProtectRtcp(packet, 0, packet.Length + 1, out n));
            SrtpFixture.Status(SrtpStatus.InvalidArgument, session.UnprotectRtcp(null, 0, 0, out n));
        }

        [TestMethod]
        public void RtcpMalformed()
        {
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int n;
            SrtpFixture.Status(SrtpStatus.PacketTooShort, session.ProtectRtcp(packet, 0, 7, out n));
            SrtpFixture.Status(SrtpStatus.PacketTooShort, session.UnprotectRtcp(packet, 0, 7 + 14, out n));
            packet[0] = 0x40;
            SrtpFixture.Status(SrtpStatus.BadVersion, session.ProtectRtcp(packet, 0, 16, out n));
            SrtpFixture.Status(SrtpStatus.BadVersion, session.UnprotectRtcp(packet, 0, 16 + 14, out n));
            Assert.AreEqual(0, session.StreamCount);
        }
    }
}
