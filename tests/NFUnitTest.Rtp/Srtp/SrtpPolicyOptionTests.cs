using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>MKI (RFC 3711 §3.1), UNENCRYPTED_SRTP (RFC 4568 §6.3.2), the stream table and key-usage limits (RFC 3711 §9.2).</summary>
    [TestClass]
    public class SrtpPolicyOptionTests
    {
        static SrtpPolicy WithMki(string mki)
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.Mki = Hex.Parse(mki);
            return policy;
        }

        [TestMethod]
        [DataRow("")]
        [DataRow("07")]
        [DataRow("0102")]
        [DataRow("a1b2c3d4")]
        public void MkiIsSentBetweenPacketAndTag(string mki)
        {
            SrtpSession sender = SrtpFixture.Session(WithMki(mki));
            SrtpSession receiver = SrtpFixture.Session(WithMki(mki));
            int mkiLength = mki.Length / 2;
            Assert.AreEqual(mkiLength + 10, sender.SrtpTrailerLength);
            byte[] packet = SrtpFixture.Rtp(3, SrtpFixture.Ssrc, 20);
            byte[] original = SrtpFixture.Copy(packet);
            int length = SrtpFixture.Protect(sender, packet, 32);
            Assert.AreEqual(32 + mkiLength + 10, length);
            Assert.AreEqual(mki, Hex.Of(packet, 32, mkiLength));

            // The tag does not cover the MKI (RFC 3711 §3.1): the same packet without MKI has the same tag.
            byte[] plain = SrtpFixture.Copy(original);
            int plainProtected = SrtpFixture.Protect(SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80), plain, 32);
            Assert.AreEqual(Hex.Of(plain, 32, 10), Hex.Of(packet, 32 + mkiLength, 10));
            Assert.AreEqual(42, plainProtected);

            int plainLength;
            SrtpFixture.Status(SrtpStatus.Ok, receiver.Unprotect(packet, 0, length, out plainLength));
            Assert.AreEqual(32, plainLength);
            Assert.AreEqual(Hex.Of(original, 0, 32), Hex.Of(packet, 0, 32));
        }

        [TestMethod]
        public void UnknownMkiIsRejected()
        {
            SrtpSession sender = SrtpFixture.Session(WithMki("a1b2c3d4"));
            SrtpSession receiver = SrtpFixture.Session(WithMki("a1b2c3d5"));
            byte[] packet = SrtpFixture.Rtp(3, SrtpFixture.Ssrc, 20);
            int length = SrtpFixture.Protect(sender, packet, 32);
            SrtpFixture.Status(SrtpStatus.UnknownMki, SrtpFixture.Unprotect(receiver, packet, length));
            Assert.AreEqual(0, receiver.StreamCount);

            byte[] rtcp = SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8);
            int rtcpLength = SrtpFixture.ProtectRtcp(sender, rtcp, 16);
            Assert.AreEqual(16 + 4 + 4 + 10, rtcpLength);
            Assert.AreEqual("a1b2c3d4", Hex.Of(rtcp, 20, 4), "SRTCP MKI follows the E+index word");
            int plainLength;
            SrtpFixture.Status(SrtpStatus.UnknownMki, receiver.UnprotectRtcp(rtcp, 0, rtcpLength, out plainLength));
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Session(WithMki("a1b2c3d4")).UnprotectRtcp(rtcp, 0, rtcpLength, out plainLength));
        }

        [TestMethod]
        public void UnencryptedSrtpAuthenticatesButDoesNotEncrypt()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.Aes256CmHmacSha1_80);
            policy.UnencryptedSrtp = true;
            SrtpSession sender = SrtpFixture.Session(policy);
            byte[] packet = SrtpFixture.Rtp(3, SrtpFixture.Ssrc, 20);
            byte[] original = SrtpFixture.Copy(packet);
            int length = SrtpFixture.Protect(sender, packet, 32);
            Assert.AreEqual(Hex.Of(original, 0, 32), Hex.Of(packet, 0, 32));
            byte[] copy = SrtpFixture.Copy(packet);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(SrtpFixture.Session(policy), packet, length));
            Assert.AreEqual(Hex.Of(original, 0, 32), Hex.Of(packet, 0, 32));

            // The clear payload is still covered by the tag.
            copy[12] ^= 1;
            SrtpFixture.Status(SrtpStatus.AuthenticationFailed, SrtpFixture.Unprotect(SrtpFixture.Session(policy), copy, length));
        }

        [TestMethod]
        public void StreamTableFullIsReportedAndSlotsAreReusable()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.MaxStreams = 2;
            SrtpSession sender = SrtpFixture.Session(policy);
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(1, 0xA, 4), 16);
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(1, 0xB, 4), 16);
            int n;
            SrtpFixture.Status(SrtpStatus.StreamTableFull, sender.Protect(SrtpFixture.Rtp(1, 0xC, 4), 0, 16, out n));
            SrtpFixture.Status(SrtpStatus.StreamTableFull, sender.ProtectRtcp(SrtpFixture.Rtcp(0xC, 8), 0, 16, out n));
            Assert.AreEqual(2, sender.StreamCount);
            Assert.IsTrue(sender.RemoveStream(0xA));
            Assert.IsFalse(sender.RemoveStream(0xA));
            SrtpFixture.Status(SrtpStatus.Ok, sender.Protect(SrtpFixture.Rtp(1, 0xC, 4), 0, 16, out n));
            Assert.AreEqual(-1L, sender.RtpSendIndex(0xA));

            // Receiving: a packet for an SSRC with no free slot is refused before any crypto.
            SrtpSession receiver = SrtpFixture.Session(policy);
            SrtpSession peer = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            for (uint ssrc = 1; ssrc <= 3; ssrc++)
            {
                byte[] p = SrtpFixture.Rtp(1, ssrc, 4);
                int len = SrtpFixture.Protect(peer, p, 16);
                SrtpFixture.Status(ssrc <= 2 ? SrtpStatus.Ok : SrtpStatus.StreamTableFull, SrtpFixture.Unprotect(receiver, p, len));
            }
        }

        [TestMethod]
        public void SrtpKeyLimitStopsBeforeItIsExceeded()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.MaxSrtpPackets = 3;
            SrtpSession sender = SrtpFixture.Session(policy);
            SrtpSession receiver = SrtpFixture.Session(policy);
            for (int seq = 0; seq < 3; seq++)
            {
                byte[] p = SrtpFixture.Rtp(seq, SrtpFixture.Ssrc, 4);
                int len = SrtpFixture.Protect(sender, p, 16);
                SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, p, len));
            }

            Assert.AreEqual(0L, sender.SrtpPacketsRemaining);
            byte[] last = SrtpFixture.Rtp(3, SrtpFixture.Ssrc, 4);
            byte[] original = SrtpFixture.Copy(last);
            int n;
            SrtpFixture.Status(SrtpStatus.KeyLimitReached, sender.Protect(last, 0, 16, out n));
            Assert.AreEqual(Hex.Of(original), Hex.Of(last), "nothing encrypted");
            Assert.AreEqual(2L, sender.RtpSendIndex(SrtpFixture.Ssrc));

            byte[] extra = SrtpFixture.Rtp(3, SrtpFixture.Ssrc, 4);
            int extraLength = SrtpFixture.Protect(SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80), extra, 16);
            SrtpFixture.Status(SrtpStatus.KeyLimitReached, SrtpFixture.Unprotect(receiver, extra, extraLength));

            // RTCP has its own budget.
            SrtpFixture.ProtectRtcp(sender, SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 16);
        }

        [TestMethod]
        public void SrtcpKeyLimitStopsBeforeItIsExceeded()
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.MaxSrtcpPackets = 2;
            SrtpSession sender = SrtpFixture.Session(policy);
            SrtpFixture.ProtectRtcp(sender, SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 16);
            SrtpFixture.ProtectRtcp(sender, SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 16);
            Assert.AreEqual(0L, sender.SrtcpPacketsRemaining);
            int n;
            SrtpFixture.Status(SrtpStatus.KeyLimitReached, sender.ProtectRtcp(SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 0, 16, out n));
            Assert.AreEqual(1L, sender.RtcpSendIndex(SrtpFixture.Ssrc));
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(0, SrtpFixture.Ssrc, 4), 16);
        }

        [TestMethod]
        public void DefaultLimitsAreThoseOfRfc3711()
        {
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            Assert.AreEqual(281474976710656L, session.SrtpPacketsRemaining);
            Assert.AreEqual(2147483648L, session.SrtcpPacketsRemaining);
        }

        [TestMethod]
        public void ClearedSessionProcessesNothing()
        {
            SrtpSession session = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpFixture.Protect(session, SrtpFixture.Rtp(1, SrtpFixture.Ssrc, 4), 16);
            session.Clear();
            Assert.AreEqual(0, session.StreamCount);
            byte[] packet = SrtpFixture.Rtp(2, SrtpFixture.Ssrc, 4);
            byte[] original = SrtpFixture.Copy(packet);
            int n;
            SrtpFixture.Status(SrtpStatus.SessionCleared, session.Protect(packet, 0, 16, out n));
            SrtpFixture.Status(SrtpStatus.SessionCleared, session.Unprotect(packet, 0, 26, out n));
            SrtpFixture.Status(SrtpStatus.SessionCleared, session.ProtectRtcp(SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 0, 16, out n));
            SrtpFixture.Status(SrtpStatus.SessionCleared, session.UnprotectRtcp(SrtpFixture.Rtcp(SrtpFixture.Ssrc, 8), 0, 30, out n));
            Assert.AreEqual(Hex.Of(original), Hex.Of(packet));
        }

        [TestMethod]
        public void BadPoliciesAreRefusedAtCreation()
        {
            SrtpPolicy p = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            p.ReplayWindowSize = 32;
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            p.ReplayWindowSize = 1025;
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            p.Mki = new byte[5];
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = new SrtpPolicy(SrtpSuite.Aes256CmHmacSha1_80, new byte[16], new byte[14]);
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, new byte[16], new byte[12]);
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            p.MaxSrtpPackets = (1L << 48) + 1;
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });

            p = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            p.MaxStreams = 0;
            Assert.ThrowsException(typeof(System.ArgumentException), () => { SrtpFixture.Session(p); });
        }
    }
}
