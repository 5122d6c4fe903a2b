using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>SRTCP (RFC 3711 §3.4): explicit 31-bit index, E flag, own replay list.</summary>
    [TestClass]
    public class SrtcpTests
    {
        [TestMethod]
        public void IndexCountsFromZeroWithEFlagSet()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            for (int n = 0; n < 3; n++)
            {
                byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
                int length = SrtpFixture.ProtectRtcp(sender, packet, 16);
                Assert.AreEqual(16 + 14, length);
                Assert.AreEqual("8000000" + n.ToString(), Hex.Of(packet, 16, 4));
                Assert.AreEqual((long)n, sender.RtcpSendIndex(SrtpFixture.Ssrc));
            }
        }

        [TestMethod]
        public void IndexIsPerSsrc()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] a = SrtpFixture.Rtcp(1, 8);
            SrtpFixture.ProtectRtcp(sender, a, 16);
            a = SrtpFixture.Rtcp(1, 8);
            SrtpFixture.ProtectRtcp(sender, a, 16);
            byte[] b = SrtpFixture.Rtcp(2, 8);
            SrtpFixture.ProtectRtcp(sender, b, 16);
            Assert.AreEqual("80000001", Hex.Of(a, 16, 4));
            Assert.AreEqual("80000000", Hex.Of(b, 16, 4));
        }

        [TestMethod]
        public void ReplayAndTooOldAreRejected()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.ReplayWindowSize = 64;
            SrtpSession sender = SrtpFixture.Session(policy);
            SrtpSession receiver = SrtpFixture.Session(policy);
            byte[][] packets = new byte[70][];
            int[] lengths = new int[70];
            for (int i = 0; i < 70; i++)
            {
                packets[i] = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
                lengths[i] = SrtpFixture.ProtectRtcp(sender, packets[i], 16);
            }

            int plainLength;
            byte[] copy = SrtpFixture.Copy(packets[69]);
            SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(packets[69], 0, lengths[69], out plainLength));
            SrtpFixture.Status(SrtpStatus.ReplayedPacket, receiver.UnprotectRtcp(copy, 0, lengths[69], out plainLength));
            SrtpFixture.Status(SrtpStatus.PacketTooOld, receiver.UnprotectRtcp(packets[5], 0, lengths[5], out plainLength), "index 5 is 64 behind 69");
            SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(packets[6], 0, lengths[6], out plainLength), "index 6 is at the window's edge");
        }

        [TestMethod]
        public void RtpAndRtcpReplayListsAreIndependent()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] rtp = SrtpFixture.Rtp(0, SrtpFixture.Ssrc, 8);
            byte[] rtcp = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int rtpLength = SrtpFixture.Protect(sender, rtp, 20);
            int rtcpLength = SrtpFixture.ProtectRtcp(sender, rtcp, 16);
            int plainLength;
            SrtpFixture.Status(SrtpStatus.Ok, receiver.Unprotect(rtp, 0, rtpLength, out plainLength));
            SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(rtcp, 0, rtcpLength, out plainLength), "index 0 of SRTCP is not index 0 of SRTP");
            Assert.AreEqual(1, receiver.StreamCount);
        }

        [TestMethod]
        public void UnencryptedSrtcpSendsEZeroAndPlainBody()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.UnencryptedSrtcp = true;
            SrtpSession sender = SrtpFixture.Session(policy);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            byte[] original = SrtpFixture.Copy(packet);
            int length = SrtpFixture.ProtectRtcp(sender, packet, 16);
            Assert.AreEqual(Hex.Of(original, 0, 16), Hex.Of(packet, 0, 16), "body not encrypted");
            Assert.AreEqual("00000000", Hex.Of(packet, 16, 4), "E = 0, index 0");

            byte[] copy = SrtpFixture.Copy(packet);
            int plainLength;
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Session(policy).UnprotectRtcp(packet, 0, length, out plainLength));
            SrtpFixture.Status(SrtpStatus.EncryptionMismatch,
                SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80).UnprotectRtcp(copy, 0, length, out plainLength),
                "an encrypted-SRTCP session refuses authentic E = 0 packets");
        }

        [TestMethod]
        public void EncryptedSrtcpIsRefusedByUnencryptedPolicy()
        {
            SrtpPolicy plainPolicy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            plainPolicy.UnencryptedSrtcp = true;
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int length = SrtpFixture.ProtectRtcp(SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80), packet, 16);
            int plainLength;
            SrtpSession receiver = SrtpFixture.Session(plainPolicy);
            SrtpFixture.Status(SrtpStatus.EncryptionMismatch, receiver.UnprotectRtcp(packet, 0, length, out plainLength));
            Assert.AreEqual(0, receiver.StreamCount);
        }

        [TestMethod]
        public void PlainRtcpIsDroppedAsUnauthenticated()
        {
            // Peers send a plain RTCP packet before SRTCP starts (see interop notes): it must fail
            // quietly with a status, not break the session.
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 24);
            int plainLength;
            SrtpStatus status = receiver.UnprotectRtcp(packet, 0, 32, out plainLength);
            Assert.IsTrue(status == SrtpStatus.AuthenticationFailed || status == SrtpStatus.BadVersion);
            Assert.AreEqual(0, receiver.StreamCount);
        }

        [TestMethod]
        [DataRow(1)]   // AesCm128HmacSha1_32
        [DataRow(3)]   // Aes256CmHmacSha1_32
        public void ThirtyTwoBitSrtcpTagIsNamedButRefused(int suiteValue)
        {
            // linphonec's SRTCP in the _32 suites: the HMAC over packet + E/index truncated to 32 bits, where
            // RFC 4568 §6.2.2 keeps 80. The same packet as ours, with its tag cut from 10 octets to 4.
            SrtpSuite suite = (SrtpSuite)suiteValue;
            SrtpSession sender = SrtpFixture.Session(suite);
            SrtpSession receiver = SrtpFixture.Session(suite);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int length = SrtpFixture.ProtectRtcp(sender, packet, 16) - 6;
            byte[] copy = SrtpFixture.Copy(packet);
            int plainLength;
            SrtpFixture.Status(SrtpStatus.ShortRtcpTag, receiver.UnprotectRtcp(packet, 0, length, out plainLength));
            Assert.AreEqual(0, plainLength);
            for (int i = 0; i < length; i++)
            {
                Assert.AreEqual(copy[i], packet[i], "refused: the buffer is left as it came");
            }

            copy[length - 1] ^= 1;
            SrtpFixture.Status(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(copy, 0, length, out plainLength), "a wrong short tag is a plain failure");
            SrtpFixture.Status(SrtpStatus.Ok, receiver.UnprotectRtcp(packet, 0, length + 6, out plainLength), "its index was not recorded");
        }

        [TestMethod]
        public void ShortSrtcpTagIsAPlainFailureInThe80BitSuites()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int length = SrtpFixture.ProtectRtcp(sender, packet, 16) - 6;
            int plainLength;
            SrtpFixture.Status(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(packet, 0, length, out plainLength));
        }
    }
}
