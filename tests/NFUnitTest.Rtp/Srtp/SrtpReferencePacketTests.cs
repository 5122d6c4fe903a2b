using nanoFramework.TestFramework;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Tests.Srtp
{
    /// <summary>
    /// Whole packets produced by independent implementations: libsrtp's srtp_validate() packets for
    /// AES-128 (RTP and RTCP) and AES-256, and libre's libsrtp-generated reference packet.
    /// Protect must give exactly those bytes and Unprotect must restore the plaintext.
    /// </summary>
    [TestClass]
    public class SrtpReferencePacketTests
    {
        const string Key128 = "e1f97a0d3e018be0d64fa32c06de4139";
        const string Salt128 = "0ec675ad498afeebb6960b3aabe6";
        const string RtpPlain = "800f1234decafbadcafebabe" + "abababababababababababababababab";
        const string RtcpPlain = "81c8000bcafebabe" + "abababababababababababababababab";

        static SrtpSession Session(SrtpSuite suite, string key, string salt)
        {
            return new SrtpSession(new SrtpPolicy(suite, Hex.Parse(key), Hex.Parse(salt)), new ManagedCryptoKernel());
        }

        static void CheckRtp(SrtpSuite suite, string key, string salt, string plain, string expected)
        {
            byte[] p = Hex.Parse(plain);
            byte[] buffer = new byte[p.Length + 30];
            System.Array.Copy(p, 0, buffer, 3, p.Length);
            int protectedLength;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)Session(suite, key, salt).Protect(buffer, 3, p.Length, out protectedLength));
            Assert.AreEqual(expected, Hex.Of(buffer, 3, protectedLength));

            int plainLength;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)Session(suite, key, salt).Unprotect(buffer, 3, protectedLength, out plainLength));
            Assert.AreEqual(Hex.Of(p), Hex.Of(buffer, 3, plainLength));
        }

        [TestMethod]
        public void LibsrtpAes128Sha1_80()
        {
            CheckRtp(SrtpSuite.AesCm128HmacSha1_80, Key128, Salt128, RtpPlain,
                "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb");
        }

        [TestMethod]
        public void LibsrtpAes128Sha1_32()
        {
            // Same keys and keystream; the 32-bit tag is the first 4 bytes of the same HMAC.
            CheckRtp(SrtpSuite.AesCm128HmacSha1_32, Key128, Salt128, RtpPlain,
                "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc");
        }

        [TestMethod]
        public void LibsrtpAes256Sha1_80()
        {
            CheckRtp(SrtpSuite.Aes256CmHmacSha1_80,
                "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6", "3b04803de51ee7c96423ab5b78d2", RtpPlain,
                "800f1234decafbadcafebabef1d9de17ff251ff1aa007774b0b4b40d" + "a08d9d9a5b3a55d8873b");
        }

        [TestMethod]
        public void LibreReferencePacket()
        {
            CheckRtp(SrtpSuite.AesCm128HmacSha1_80, "22222222222222222222222222222222", "4444444444444444444444444444",
                "800000010000000001020304" + "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5",
                "800000010000000001020304f5b44b7e3ad4eb057bc6480c45df6547bb70bcc2" + "7b136e1f3d3a62821b15");
        }

        [TestMethod]
        public void LibsrtpSrtcp()
        {
            // libsrtp numbers its first SRTCP packet 1; RFC 3711 §3.4 starts at 0, so the reference
            // packet is our second one.
            SrtpSession sender = Session(SrtpSuite.AesCm128HmacSha1_80, Key128, Salt128);
            byte[] buffer = new byte[64];
            byte[] p = Hex.Parse(RtcpPlain);
            int protectedLength;
            System.Array.Copy(p, 0, buffer, 0, p.Length);
            Assert.AreEqual((int)SrtpStatus.Ok, (int)sender.ProtectRtcp(buffer, 0, p.Length, out protectedLength));
            Assert.AreEqual("80000000", Hex.Of(buffer, p.Length, 4), "first packet: E = 1, index 0");

            System.Array.Clear(buffer, 0, buffer.Length);
            System.Array.Copy(p, 0, buffer, 0, p.Length);
            Assert.AreEqual((int)SrtpStatus.Ok, (int)sender.ProtectRtcp(buffer, 0, p.Length, out protectedLength));
            string expected = "81c8000bcafebabe7128035be487b9bdbef89041f977a5a8" + "80000001" + "993e08cd54d6c1230798";
            Assert.AreEqual(expected, Hex.Of(buffer, 0, protectedLength));

            byte[] wire = Hex.Parse(expected);
            int plainLength;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)Session(SrtpSuite.AesCm128HmacSha1_80, Key128, Salt128).UnprotectRtcp(wire, 0, wire.Length, out plainLength));
            Assert.AreEqual(RtcpPlain, Hex.Of(wire, 0, plainLength));
        }
    }
}
