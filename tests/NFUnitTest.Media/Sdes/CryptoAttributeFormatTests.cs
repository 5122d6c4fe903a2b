using nanoFramework.TestFramework;
using Phone.Sdes;
using Phone.Srtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Sdes
{
    /// <summary>Formatting <c>a=crypto</c> lines (RFC 4568 §9.1), format→parse round trips, and that key material never reaches ToString.</summary>
    [TestClass]
    public class CryptoAttributeFormatTests
    {
        [TestMethod]
        public void Format_KnownKey_GivesTheBase64OfKeyThenSalt()
        {
            SdesKey key = new SdesKey(Hex.Parse(SdesTestLines.K128Key), Hex.Parse(SdesTestLines.K128Salt), SdesKey.NoLifetime, 0, 0);
            CryptoAttribute a = new CryptoAttribute(1, SrtpSuite.AesCm128HmacSha1_80, new SdesKey[] { key });
            Assert.AreEqual("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.K128, a.Format());
        }

        [TestMethod]
        public void Format_Aes256_WithLifetimeMkiAndSessionParams()
        {
            SdesKey key = new SdesKey(Hex.Parse(SdesTestLines.K256Key), Hex.Parse(SdesTestLines.K256Salt), 1048576, 1066, 4);
            CryptoAttribute a = new CryptoAttribute(12, SrtpSuite.Aes256CmHmacSha1_32, new SdesKey[] { key });
            a.Kdr = 0;
            a.UnencryptedSrtp = true;
            a.UnencryptedSrtcp = true;
            a.FecOrder = "SRTP_FEC";
            a.WindowSizeHint = 512;
            Assert.AreEqual("a=crypto:12 AES_256_CM_HMAC_SHA1_32 inline:" + SdesTestLines.K256 + "|2^20|1066:4 KDR=0 UNENCRYPTED_SRTP UNENCRYPTED_SRTCP FEC_ORDER=SRTP_FEC WSH=512", a.Format());
        }

        [TestMethod]
        public void Format_DecimalLifetimeStaysDecimal()
        {
            SdesKey key = new SdesKey(Hex.Parse(SdesTestLines.K128Key), Hex.Parse(SdesTestLines.K128Salt), 1000, 0, 0);
            CryptoAttribute a = new CryptoAttribute(3, SrtpSuite.AesCm128HmacSha1_32, new SdesKey[] { key });
            Assert.AreEqual("a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.K128 + "|1000", a.Format());
        }

        [TestMethod]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|1:4 FEC_ORDER=FEC_SRTP")]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|1066:4")]
        [DataRow("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR")]
        [DataRow("a=crypto:999999999 AES_256_CM_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+goaKjpKWmp6ipqqusrQ==|1000|4294967295:4 KDR=0 UNENCRYPTED_SRTCP WSH=1024")]
        [DataRow("a=crypto:5 AES_256_CM_HMAC_SHA1_32 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+goaKjpKWmp6ipqqusrQ==|2^31|0:1 UNENCRYPTED_SRTP")]
        public void CanonicalLine_ParsesAndFormatsBackUnchanged(string line)
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(line);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(line, r.Attribute.Format());
        }

        [TestMethod]
        public void FormattedAttribute_ParsesBackToTheSameFields()
        {
            SdesKey key = new SdesKey(Hex.Parse(SdesTestLines.K256Key), Hex.Parse(SdesTestLines.K256Salt), 1L << 40, 258, 2);
            CryptoAttribute a = new CryptoAttribute(77, SrtpSuite.Aes256CmHmacSha1_80, new SdesKey[] { key });
            a.UnencryptedSrtcp = true;
            a.WindowSizeHint = 200;
            CryptoAttributeResult r = CryptoAttributeParser.Parse(a.Format());
            Assert.AreEqual(0, (int)r.Error);
            CryptoAttribute b = r.Attribute;
            Assert.AreEqual(77, b.Tag);
            Assert.AreEqual((int)SrtpSuite.Aes256CmHmacSha1_80, (int)b.Suite);
            Assert.AreEqual(SdesTestLines.K256Key, Hex.Of(b.Key.MasterKey));
            Assert.AreEqual(SdesTestLines.K256Salt, Hex.Of(b.Key.MasterSalt));
            Assert.AreEqual(1099511627776L, b.Key.Lifetime);
            Assert.AreEqual(258L, b.Key.MkiValue);
            Assert.AreEqual("0102", Hex.Of(b.Key.MkiBytes()));
            Assert.IsTrue(b.UnencryptedSrtcp);
            Assert.IsFalse(b.UnencryptedSrtp);
            Assert.AreEqual(200, b.WindowSizeHint);
            Assert.AreEqual(-1, b.Kdr);
        }

        [TestMethod]
        public void ToString_RedactsKeyButKeepsTheRest()
        {
            CryptoAttribute a = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.D0rm + "|2^20|1:4 WSH=128").Attribute;
            string text = a.ToString();
            Assert.DoesNotContains(SdesTestLines.D0rm, text);
            Assert.DoesNotContains("d0Rm", text);
            Assert.AreEqual("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^20|1:4 WSH=128", text);
            Assert.AreEqual("inline:<redacted>|2^20|1:4", a.Key.ToString());
        }

        [TestMethod]
        public void Clear_WipesKeyAndSalt()
        {
            CryptoAttribute a = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u).Attribute;
            a.Clear();
            Assert.AreEqual("00000000000000000000000000000000", Hex.Of(a.Key.MasterKey));
            Assert.AreEqual("0000000000000000000000000000", Hex.Of(a.Key.MasterSalt));
        }
    }
}
