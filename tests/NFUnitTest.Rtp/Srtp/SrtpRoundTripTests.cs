using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>Protect then unprotect for every suite, with CSRCs, a header extension and a packet at an offset.</summary>
    [TestClass]
    public class SrtpRoundTripTests
    {
        [TestMethod]
        [DataRow(0, 10)]
        [DataRow(1, 4)]
        [DataRow(2, 10)]
        [DataRow(3, 4)]
        public void RtpRoundTrip(int suiteNumber, int tagLength)
        {
            SrtpSuite suite = (SrtpSuite)suiteNumber;
            Assert.AreEqual(tagLength, SrtpPolicy.SrtpTagLength(suite));
            SrtpSession sender = SrtpFixture.Session(suite);
            SrtpSession receiver = SrtpFixture.Session(suite);
            Assert.AreEqual(tagLength, sender.SrtpTrailerLength);

            for (int seq = 100; seq < 105; seq++)
            {
                // 2 CSRCs and a 1-word header extension: 12 + 8 + 4 + 4 = 28 header bytes, then 160 payload bytes.
                const int offset = 9;
                byte[] packet = new byte[offset + 28 + 160 + tagLength + 7];
                packet[offset] = 0x92; // V=2, X=1, CC=2
                packet[offset + 1] = 0x08;
                packet[offset + 2] = (byte)(seq >> 8);
                packet[offset + 3] = (byte)seq;
                packet[offset + 8] = 0xCA;
                packet[offset + 9] = 0xFE;
                packet[offset + 10] = 0x00;
                packet[offset + 11] = 0x01;
                packet[offset + 20] = 0xBE;
                packet[offset + 21] = 0xDE;
                packet[offset + 23] = 0x01; // extension length: 1 word
                for (int i = 0; i < 160; i++)
                {
                    packet[offset + 28 + i] = (byte)(i ^ seq);
                }

                byte[] original = SrtpFixture.Copy(packet);
                int protectedLength;
                SrtpFixture.Status(SrtpStatus.Ok, sender.Protect(packet, offset, 188, out protectedLength));
                Assert.AreEqual(188 + tagLength, protectedLength);
                Assert.AreEqual(Hex.Of(original, offset, 28), Hex.Of(packet, offset, 28), "header stays in the clear");
                Assert.AreNotEqual(Hex.Of(original, offset + 28, 160), Hex.Of(packet, offset + 28, 160), "payload is encrypted");
                Assert.AreEqual(Hex.Of(original, 0, offset), Hex.Of(packet, 0, offset), "bytes before the packet untouched");
                Assert.AreEqual(Hex.Of(original, offset + protectedLength, 7), Hex.Of(packet, offset + protectedLength, 7), "bytes after the tag untouched");

                int plainLength;
                SrtpFixture.Status(SrtpStatus.Ok, receiver.Unprotect(packet, offset, protectedLength, out plainLength));
                Assert.AreEqual(188, plainLength);
                Assert.AreEqual(Hex.Of(original, offset, 188), Hex.Of(packet, offset, 188));
            }

            Assert.AreEqual(104L, receiver.RtpReceiveIndex(0xCAFE0001));
            Assert.AreEqual(104L, sender.RtpSendIndex(0xCAFE0001));
        }

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void RtcpRoundTripAlwaysUses80BitTag(int suiteNumber)
        {
            SrtpSuite suite = (SrtpSuite)suiteNumber;
            SrtpSession sender = SrtpFixture.Session(suite);
            SrtpSession receiver = SrtpFixture.Session(suite);
            Assert.AreEqual(14, sender.SrtcpTrailerLength);
            for (int n = 0; n < 3; n++)
            {
                byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 24);
                byte[] original = SrtpFixture.Copy(packet);
                int protectedLength = SrtpFixture.ProtectRtcp(sender, packet, 32);
                Assert.AreEqual(32 + 4 + 10, protectedLength);
                Assert.AreEqual(Hex.Of(original, 0, 8), Hex.Of(packet, 0, 8), "first 8 octets stay in the clear");
                Assert.AreNotEqual(Hex.Of(original, 8, 24), Hex.Of(packet, 8, 24), "the rest is encrypted");
                int plainLength;
                SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, 0, protectedLength, out plainLength));
                Assert.AreEqual(32, plainLength);
                Assert.AreEqual(Hex.Of(original, 0, 32), Hex.Of(packet, 0, 32));
            }
        }

        [TestMethod]
        public void EmptyPayloadRoundTrip()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtp(7, SrtpFixture.Ssrc, 0);
            int n = SrtpFixture.Protect(sender, packet, 12);
            Assert.AreEqual(22, n);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packet, n));
        }

        [TestMethod]
        public void DifferentKeysDoNotAuthenticate()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpPolicy other = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            other.MasterKey[0] ^= 1;
            SrtpSession receiver = SrtpFixture.Session(other);
            byte[] packet = SrtpFixture.Rtp(7, SrtpFixture.Ssrc, 20);
            int n = SrtpFixture.Protect(sender, packet, 32);
            SrtpFixture.Status(SrtpStatus.AuthenticationFailed, SrtpFixture.Unprotect(receiver, packet, n));
            Assert.AreEqual(0, receiver.StreamCount, "a packet that fails authentication claims no stream slot");
        }
    }
}
