using nanoFramework.TestFramework;
using Phone.Sdes;

namespace Phone.Tests.Sdes
{
    /// <summary>
    /// Well-formed lines that ask for what this phone cannot honour: reported as unsupported (not malformed),
    /// with the tag kept, so an offer can still succeed through another line (RFC 4568 §7.1.2).
    /// </summary>
    [TestClass]
    public class CryptoAttributeUnsupportedTests
    {
        private const int UnsupportedSuite = 100;
        private const int UnsupportedMkiLength = 101;
        private const int UnsupportedKdr = 102;
        private const int UnsupportedUnauthenticated = 103;
        private const int UnsupportedFecKey = 104;
        private const int UnsupportedMultipleKeys = 105;
        private const int UnsupportedSessionParam = 106;

        [TestMethod]
        [DataRow("a=crypto:4 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4", UnsupportedSuite)]
        [DataRow("a=crypto:4 AEAD_AES_128_GCM inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", UnsupportedSuite)]
        [DataRow("a=crypto:4 aes_cm_128_hmac_sha1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", UnsupportedSuite)]
        [DataRow("a=crypto:4 AES_192_CM_HMAC_SHA1_80 some-future-key-method", UnsupportedSuite)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:5", UnsupportedMkiLength)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:128", UnsupportedMkiLength)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=1", UnsupportedKdr)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=24", UnsupportedKdr)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNAUTHENTICATED_SRTP", UnsupportedUnauthenticated)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FEC_KEY=inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj", UnsupportedFecKey)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4;inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|2:4", UnsupportedMultipleKeys)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FOO=1", UnsupportedSessionParam)]
        [DataRow("a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=2 UNAUTHENTICATED_SRTP", UnsupportedKdr)]
        public void UnusableLine_IsUnsupportedNotMalformed(string line, int expected)
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(line);
            Assert.AreEqual(expected, (int)r.Error);
            Assert.IsFalse(r.IsMalformed);
            Assert.IsFalse(r.IsUsable);
            Assert.IsNull(r.Attribute);
            Assert.AreEqual(4, r.Tag);
            Assert.IsTrue(SdesErrorText.IsUnsupported(r.Error));
        }
    }
}
