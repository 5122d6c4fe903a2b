using nanoFramework.TestFramework;
using Phone.Sdes;

namespace Phone.Tests.Sdes
{
    /// <summary>
    /// Malformed <c>a=crypto</c> lines (RFC 4568 §9.1/§9.2 grammar, §6 key rules): each is rejected with its
    /// specific reason code, no attribute, and no exception. Codes are ints because DataRow needs exact types.
    /// The key "PS1u…" is RFC 4568's 30-byte example; "ASNF…" is another valid 30-byte key‖salt.
    /// </summary>
    [TestClass]
    public class CryptoAttributeMalformedTests
    {
        private const int EmptyOrTooLong = 1;
        private const int NotCryptoAttribute = 2;
        private const int BadTag = 3;
        private const int BadSuite = 4;
        private const int MissingKeyParams = 5;
        private const int MissingInline = 6;
        private const int BadBase64 = 7;
        private const int WrongKeyLength = 8;
        private const int BadLifetime = 9;
        private const int BadMki = 10;
        private const int BadKdr = 11;
        private const int BadWsh = 12;
        private const int BadFecOrder = 13;
        private const int BadSessionParam = 14;

        [TestMethod]
        [DataRow("", EmptyOrTooLong)]
        [DataRow("a=crypt:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", NotCryptoAttribute)]
        [DataRow("a=CRYPTO:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", NotCryptoAttribute)]
        [DataRow(" a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", NotCryptoAttribute)]
        [DataRow("a=crypto: 1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:0 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:000 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:1000000000 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:-1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:+1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:1a AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadTag)]
        [DataRow("a=crypto:1", BadSuite)]
        [DataRow("a=crypto:1 AES-CM-128-HMAC-SHA1-80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", BadSuite)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80", MissingKeyParams)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80   \r\n", MissingKeyParams)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", MissingInline)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 INLINE:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", MissingInline)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 uri:sip:keys.example.com", MissingInline)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR;", MissingInline)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 ;inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", MissingInline)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:|2^20", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkp-PywjNWhcYD0mXXtxaVB", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR=", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkp=PywjNWhcYD0mXXtxaV", BadBase64)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==", WrongKeyLength)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", WrongKeyLength)]
        [DataRow("a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", WrongKeyLength)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+goaKjpKWmp6ipqqusrQ==", WrongKeyLength)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^49", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^x", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|0", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|281474976710657", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1e6", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|2^20", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR||1:4", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|", BadLifetime)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:129", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0004", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|:4", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|x1:4", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|256:1", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|4294967296:4", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:4|2^20", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:4|2:4", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:2:3", BadMki)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=25", BadKdr)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=", BadKdr)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=000", BadKdr)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=-1", BadKdr)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR WSH=63", BadWsh)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR WSH=", BadWsh)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR WSH=1O0", BadWsh)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR WSH=1000000000", BadWsh)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FEC_ORDER=SRTP", BadFecOrder)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FEC_ORDER=fec_srtp", BadFecOrder)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP UNENCRYPTED_SRTP", BadSessionParam)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR WSH=64 WSH=128", BadSessionParam)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR FEC_KEY=", BadSessionParam)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR -", BadSessionParam)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:8 WSH=10", BadWsh)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNAUTHENTICATED_SRTP KDR=99", BadKdr)]
        public void MalformedLine_IsRejectedWithItsReason(string line, int expected)
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(line);
            Assert.AreEqual(expected, (int)r.Error);
            Assert.IsTrue(r.IsMalformed);
            Assert.IsFalse(r.IsUsable);
            Assert.IsNull(r.Attribute);
        }

        [TestMethod]
        public void NullLine_IsRejected()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(null);
            Assert.AreEqual(EmptyOrTooLong, (int)r.Error);
        }

        [TestMethod]
        public void OverlongLine_IsRejected()
        {
            string line = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR " + new string('X', 2048);
            CryptoAttributeResult r = CryptoAttributeParser.Parse(line);
            Assert.AreEqual(EmptyOrTooLong, (int)r.Error);
        }

        [TestMethod]
        public void ErrorText_NeverContainsKeyMaterial()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:5 AES_256_CM_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
            Assert.AreEqual(WrongKeyLength, (int)r.Error);
            Assert.DoesNotContains("PS1u", r.ToString());
            Assert.Contains("tag 5", r.ToString());
        }
    }
}
