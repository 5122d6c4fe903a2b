using nanoFramework.TestFramework;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Tests.Srtp
{
    /// <summary>Session key derivation against RFC 3711 Appendix B.3 and RFC 6188 §7.2 (AES_256_CM_PRF).</summary>
    [TestClass]
    public class SrtpKeyDerivationTests
    {
        static string Derive(string masterKey, string masterSalt, int label, int length)
        {
            SrtpKeyDerivation kdf = new SrtpKeyDerivation(new ManagedCryptoKernel());
            Assert.IsTrue(kdf.SetMaster(Hex.Parse(masterKey), Hex.Parse(masterSalt)));
            byte[] output = Hex.Repeat(0x77, length + 2);
            kdf.Derive(label, output, 1, length);
            Assert.AreEqual((byte)0x77, output[0], "byte before the output range");
            Assert.AreEqual((byte)0x77, output[length + 1], "byte after the output range");
            return Hex.Of(output, 1, length);
        }

        const string B3Key = "E1F97A0D3E018BE0D64FA32C06DE4139";
        const string B3Salt = "0EC675AD498AFEEBB6960B3AABE6";

        [TestMethod]
        public void Rfc3711B3CipherKey()
        {
            Assert.AreEqual("c61e7a93744f39ee10734afe3ff7a087", Derive(B3Key, B3Salt, SrtpKeyDerivation.LabelRtpEncryption, 16));
        }

        [TestMethod]
        public void Rfc3711B3CipherSalt()
        {
            Assert.AreEqual("30cbbc08863d8c85d49db34a9ae1", Derive(B3Key, B3Salt, SrtpKeyDerivation.LabelRtpSalt, 14));
        }

        [TestMethod]
        public void Rfc3711B3AuthKey()
        {
            Assert.AreEqual("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Derive(B3Key, B3Salt, SrtpKeyDerivation.LabelRtpAuthentication, 20));
        }

        // RFC 6188 §7.2, AES_256_CM_PRF test case (the same values appear in libre's and libsrtp's suites).
        const string Rfc6188Key = "f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6";
        const string Rfc6188Salt = "3b04803de51ee7c96423ab5b78d2";

        [TestMethod]
        public void Rfc6188CipherKey()
        {
            Assert.AreEqual("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4", Derive(Rfc6188Key, Rfc6188Salt, SrtpKeyDerivation.LabelRtpEncryption, 32));
        }

        [TestMethod]
        public void Rfc6188CipherSalt()
        {
            Assert.AreEqual("fa31791685ca444a9e07c6c64e93", Derive(Rfc6188Key, Rfc6188Salt, SrtpKeyDerivation.LabelRtpSalt, 14));
        }

        [TestMethod]
        public void Rfc6188AuthKey()
        {
            Assert.AreEqual("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05", Derive(Rfc6188Key, Rfc6188Salt, SrtpKeyDerivation.LabelRtpAuthentication, 20));
        }

        [TestMethod]
        public void RejectsBadMasterLengths()
        {
            SrtpKeyDerivation kdf = new SrtpKeyDerivation(new ManagedCryptoKernel());
            Assert.IsFalse(kdf.SetMaster(new byte[24], new byte[14]));
            Assert.IsFalse(kdf.SetMaster(new byte[16], new byte[12]));
            Assert.IsFalse(kdf.SetMaster(null, new byte[14]));
        }
    }
}
