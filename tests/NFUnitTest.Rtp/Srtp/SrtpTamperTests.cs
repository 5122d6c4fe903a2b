using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>
    /// Every single-bit change anywhere in the authenticated portion or the tag is refused
    /// (RFC 3711 §3.3 step 5, §3.4), and a refused packet changes no session state.
    /// </summary>
    [TestClass]
    public class SrtpTamperTests
    {
        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        public void EveryRtpBitFlipIsRejectedWithStateUnchanged(int suiteNumber)
        {
            SrtpSuite suite = (SrtpSuite)suiteNumber;
            SrtpSession sender = SrtpFixture.Session(suite);
            SrtpSession receiver = SrtpFixture.Session(suite);

            // One accepted packet first, so the receiver has a stream, a ROC and a replay list to keep.
            byte[] first = SrtpFixture.Rtp(1000, SrtpFixture.Ssrc, 20);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, first, SrtpFixture.Protect(sender, first, 32)));

            byte[] packet = SrtpFixture.Rtp(1001, SrtpFixture.Ssrc, 20);
            int length = SrtpFixture.Protect(sender, packet, 32);
            byte[] work = new byte[packet.Length];
            for (int bit = 0; bit < length * 8; bit++)
            {
                System.Array.Copy(packet, 0, work, 0, packet.Length);
                work[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
                int plainLength;
                SrtpStatus status = receiver.Unprotect(work, 0, length, out plainLength);
                Assert.IsTrue(status != SrtpStatus.Ok, "bit " + bit.ToString() + " accepted");
                Assert.AreEqual(0, plainLength);
                Assert.AreEqual(1000L, receiver.RtpReceiveIndex(SrtpFixture.Ssrc), "state changed by bit " + bit.ToString());
                Assert.AreEqual(1, receiver.StreamCount);
                Assert.AreEqual(SrtpPolicy.SrtpPacketLimit - 1, receiver.SrtpPacketsRemaining);
            }

            // The untouched packet is still accepted: nothing above marked its index as received.
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packet, length));
            Assert.AreEqual(1001L, receiver.RtpReceiveIndex(SrtpFixture.Ssrc));
        }

        [TestMethod]
        public void EveryRtcpBitFlipIsRejectedWithStateUnchanged()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_32);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_32);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 16);
            int length = SrtpFixture.ProtectRtcp(sender, packet, 24);
            byte[] work = new byte[packet.Length];
            for (int bit = 0; bit < length * 8; bit++)
            {
                System.Array.Copy(packet, 0, work, 0, packet.Length);
                work[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
                int plainLength;
                Assert.IsTrue(receiver.UnprotectRtcp(work, 0, length, out plainLength) != SrtpStatus.Ok, "bit " + bit.ToString() + " accepted");
                Assert.AreEqual(0, receiver.StreamCount, "state changed by bit " + bit.ToString());
                Assert.AreEqual(SrtpPolicy.SrtcpPacketLimit, receiver.SrtcpPacketsRemaining);
            }

            int plain;
            SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, 0, length, out plain));
        }

        [TestMethod]
        public void TruncatedTagIsRejected()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtp(5, SrtpFixture.Ssrc, 20);
            int length = SrtpFixture.Protect(sender, packet, 32);
            for (int cut = 1; cut <= 10; cut++)
            {
                Assert.IsTrue(SrtpFixture.Unprotect(receiver, SrtpFixture.Copy(packet), length - cut) != SrtpStatus.Ok);
            }

            Assert.AreEqual(0, receiver.StreamCount);
        }
    }
}
