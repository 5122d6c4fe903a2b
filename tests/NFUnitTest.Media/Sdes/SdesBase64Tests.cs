using nanoFramework.TestFramework;
using Phone.Sdes;
using Phone.Tests.Srtp;

namespace Phone.Tests.Sdes
{
    /// <summary>The base64 used for inline keys against the RFC 4648 §10 test vectors, and its rejection of non-canonical input.</summary>
    [TestClass]
    public class SdesBase64Tests
    {
        [TestMethod]
        [DataRow("f", "Zg==")]
        [DataRow("fo", "Zm8=")]
        [DataRow("foo", "Zm9v")]
        [DataRow("foob", "Zm9vYg==")]
        [DataRow("fooba", "Zm9vYmE=")]
        [DataRow("foobar", "Zm9vYmFy")]
        public void Rfc4648_10_Vectors_EncodeAndDecode(string plain, string encoded)
        {
            byte[] bytes = Hex.Ascii(plain);
            Assert.AreEqual(encoded, SdesBase64.Encode(bytes, 0, bytes.Length));
            Assert.AreEqual(Hex.Of(bytes), Hex.Of(SdesBase64.Decode(encoded, 0, encoded.Length)));
        }

        [TestMethod]
        [DataRow("Zg")]
        [DataRow("Zm8")]
        public void MissingPadding_IsAccepted(string encoded)
        {
            Assert.IsNotNull(SdesBase64.Decode(encoded, 0, encoded.Length));
        }

        [TestMethod]
        [DataRow("Zh==")]
        [DataRow("Zm9=")]
        [DataRow("Z===")]
        [DataRow("Z")]
        [DataRow("Zg=")]
        [DataRow("Zg=a")]
        [DataRow("Zm9v Yg==")]
        [DataRow("=")]
        [DataRow("Zm9vYmFy=")]
        public void NonCanonical_IsRejected(string encoded)
        {
            Assert.IsNull(SdesBase64.Decode(encoded, 0, encoded.Length));
        }
    }
}
