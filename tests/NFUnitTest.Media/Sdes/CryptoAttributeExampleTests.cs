using nanoFramework.TestFramework;
using Phone.Sdes;
using Phone.Srtp;
using Phone.Tests.Srtp;

namespace Phone.Tests.Sdes
{
    /// <summary>
    /// The example attribute lines of RFC 4568 (§4, §5.1, §6.1) and RFC 6188-suite lines parse to the
    /// documented values. Keys are compared with hex decoded outside the code (see SdesTestLines).
    /// </summary>
    [TestClass]
    public class CryptoAttributeExampleTests
    {
        [TestMethod]
        public void Rfc4568_5_1_OfferLine_ParsesKeySaltLifetimeMkiAndFecOrder()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.D0rm + "|2^20|1:4 FEC_ORDER=FEC_SRTP");
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.IsUsable);
            CryptoAttribute a = r.Attribute;
            Assert.AreEqual(1, a.Tag);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)a.Suite);
            Assert.AreEqual(1, a.Keys.Length);
            Assert.AreEqual(SdesTestLines.D0rmKey, Hex.Of(a.Key.MasterKey));
            Assert.AreEqual(SdesTestLines.D0rmSalt, Hex.Of(a.Key.MasterSalt));
            Assert.AreEqual(1048576L, a.Key.Lifetime);
            Assert.AreEqual(1L, a.Key.MkiValue);
            Assert.AreEqual(4, a.Key.MkiLength);
            Assert.AreEqual("00000001", Hex.Of(a.Key.MkiBytes()));
            Assert.AreEqual("FEC_SRTP", a.FecOrder);
            Assert.IsFalse(a.UnencryptedSrtp);
            Assert.IsFalse(a.UnencryptedSrtcp);
            Assert.AreEqual(-1, a.Kdr);
            Assert.AreEqual(-1, a.WindowSizeHint);
        }

        [TestMethod]
        public void Rfc4568_5_1_SecondKey_ParsesPs1u()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "|2^20|1:4");
            Assert.IsTrue(r.IsUsable);
            Assert.AreEqual(SdesTestLines.Ps1uKey, Hex.Of(r.Attribute.Key.MasterKey));
            Assert.AreEqual(SdesTestLines.Ps1uSalt, Hex.Of(r.Attribute.Key.MasterSalt));
        }

        [TestMethod]
        public void Rfc4568_6_1_MkiWithoutLifetime()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Yujd + "|1066:4");
            Assert.IsTrue(r.IsUsable);
            SdesKey k = r.Attribute.Key;
            Assert.AreEqual(SdesTestLines.YujdKey, Hex.Of(k.MasterKey));
            Assert.AreEqual(SdesTestLines.YujdSalt, Hex.Of(k.MasterSalt));
            Assert.AreEqual(0L, k.Lifetime);
            Assert.AreEqual(1066L, k.MkiValue);
            Assert.AreEqual(4, k.MkiLength);
            // 1066 = 0x042a, big-endian in 4 bytes (RFC 3711 §3.1).
            Assert.AreEqual("0000042a", Hex.Of(k.MkiBytes()));
        }

        [TestMethod]
        public void Rfc4568_4_MkiOf32Bytes_IsUnsupportedNotMalformed()
        {
            // RFC 4568 §4's line: the grammar allows a 32-byte MKI, the SRTP core handles at most 4.
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "|2^20|1:32");
            Assert.AreEqual((int)SdesError.UnsupportedMkiLength, (int)r.Error);
            Assert.IsFalse(r.IsMalformed);
            Assert.IsNull(r.Attribute);
            Assert.AreEqual(1, r.Tag);
            Assert.AreEqual(SdesTestLines.Suite80, r.SuiteName);
        }

        [TestMethod]
        public void Rfc4568_5_1_F8Line_IsUnsupportedSuiteWithTag()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:2 F8_128_HMAC_SHA1_80 inline:" + SdesTestLines.Mtiz + "|2^20|1:4;inline:" + SdesTestLines.Qujj + "|2^20|2:4 FEC_ORDER=FEC_SRTP");
            Assert.AreEqual((int)SdesError.UnsupportedSuite, (int)r.Error);
            Assert.IsFalse(r.IsMalformed);
            Assert.AreEqual(2, r.Tag);
            Assert.AreEqual("F8_128_HMAC_SHA1_80", r.SuiteName);
        }

        [TestMethod]
        public void Aes256Line_ParsesKeyOf32Bytes_AndSessionParams()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:999999999 AES_256_CM_HMAC_SHA1_32 inline:" + SdesTestLines.K256 + "|281474976710656 KDR=0 UNENCRYPTED_SRTCP WSH=256");
            Assert.AreEqual(0, (int)r.Error);
            CryptoAttribute a = r.Attribute;
            Assert.AreEqual(999999999, a.Tag);
            Assert.AreEqual((int)SrtpSuite.Aes256CmHmacSha1_32, (int)a.Suite);
            Assert.AreEqual(SdesTestLines.K256Key, Hex.Of(a.Key.MasterKey));
            Assert.AreEqual(SdesTestLines.K256Salt, Hex.Of(a.Key.MasterSalt));
            Assert.AreEqual(281474976710656L, a.Key.Lifetime);
            Assert.AreEqual(0, a.Key.MkiLength);
            Assert.IsNull(a.Key.MkiBytes());
            Assert.AreEqual(0, a.Kdr);
            Assert.IsTrue(a.UnencryptedSrtcp);
            Assert.IsFalse(a.UnencryptedSrtp);
            Assert.AreEqual(256, a.WindowSizeHint);
        }

        [TestMethod]
        [DataRow("AES_CM_128_HMAC_SHA1_80", 0)]
        [DataRow("AES_CM_128_HMAC_SHA1_32", 1)]
        [DataRow("AES_256_CM_HMAC_SHA1_80", 2)]
        [DataRow("AES_256_CM_HMAC_SHA1_32", 3)]
        public void EachSuiteName_MapsToTheSrtpCoreSuite(string name, int expected)
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(SdesTestLines.Line(7, name, ""));
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(expected, (int)r.Attribute.Suite);
        }

        [TestMethod]
        public void Aes256KeyWithoutPadding_IsAccepted()
        {
            string unpadded = SdesTestLines.K256.Substring(0, SdesTestLines.K256.Length - 2);
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:" + unpadded);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(SdesTestLines.K256Key, Hex.Of(r.Attribute.Key.MasterKey));
        }

        [TestMethod]
        public void BarePrefix_Tabs_TrailingCrLf_LeadingZeroTag_AreAccepted()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("crypto:007\tAES_CM_128_HMAC_SHA1_32 \t inline:" + SdesTestLines.Ps1u + "  UNENCRYPTED_SRTP\r\n");
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(7, r.Attribute.Tag);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)r.Attribute.Suite);
            Assert.IsTrue(r.Attribute.UnencryptedSrtp);
        }

        [TestMethod]
        public void DecimalLifetime_AndMaximumPowerOfTwo()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "|1000");
            Assert.AreEqual(1000L, r.Attribute.Key.Lifetime);
            r = CryptoAttributeParser.Parse("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "|2^48|255:1");
            Assert.AreEqual(281474976710656L, r.Attribute.Key.Lifetime);
            Assert.AreEqual("ff", Hex.Of(r.Attribute.Key.MkiBytes()));
        }

        [TestMethod]
        public void OptionalDashExtension_IsIgnored()
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(SdesTestLines.Line(3, SdesTestLines.Suite80, " -X-VENDOR=1 WSH=64"));
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(64, r.Attribute.WindowSizeHint);
        }
    }
}
