using System.Text;
using nanoFramework.TestFramework;
using Phone.Crypto;

namespace Phone.Tests.Crypto
{
    /// <summary>MD5 against the test suite of RFC 1321 §A.5 (values also checked with coreutils md5sum).</summary>
    [TestClass]
    public class Md5Tests
    {
        static string Hash(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            Md5 md5 = new Md5();
            md5.Update(b, 0, b.Length);
            return md5.FinishHex();
        }

        [TestMethod]
        public void Rfc1321_A5_Empty()
        {
            Assert.AreEqual("d41d8cd98f00b204e9800998ecf8427e", new Md5().FinishHex());
        }

        [TestMethod]
        public void Rfc1321_A5_a()
        {
            Assert.AreEqual("0cc175b9c0f1b6a831c399e269772661", Hash("a"));
        }

        [TestMethod]
        public void Rfc1321_A5_abc()
        {
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", Hash("abc"));
        }

        [TestMethod]
        public void Rfc1321_A5_MessageDigest()
        {
            Assert.AreEqual("f96b697d7cb7938d525a2f31aaf161d0", Hash("message digest"));
        }

        [TestMethod]
        public void Rfc1321_A5_Alphabet()
        {
            Assert.AreEqual("c3fcd3d76192e4007dfb496cca67e13b", Hash("abcdefghijklmnopqrstuvwxyz"));
        }

        [TestMethod]
        public void Rfc1321_A5_AlphaNumeric62()
        {
            Assert.AreEqual("d174ab98d277d9f5a5611c2c9f419d9f", Hash("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
        }

        [TestMethod]
        public void Rfc1321_A5_Digits80()
        {
            Assert.AreEqual("57edf4a22be3c955ac49da2e2107b67a", Hash("12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
        }

        [TestMethod]
        public void Incremental_EverySplitOfThe80ByteVector_GivesTheSameDigest()
        {
            byte[] b = Encoding.UTF8.GetBytes("12345678901234567890123456789012345678901234567890123456789012345678901234567890");
            Md5 md5 = new Md5();
            for (int split = 0; split <= b.Length; split++)
            {
                md5.Update(b, 0, split);
                md5.Update(b, split, b.Length - split);
                Assert.AreEqual("57edf4a22be3c955ac49da2e2107b67a", md5.FinishHex(), "split " + split.ToString());
            }
        }

        [TestMethod]
        public void Incremental_ByteAtATime_AndOffsetsInsideALargerBuffer()
        {
            byte[] b = Encoding.UTF8.GetBytes("xxmessage digestyy");
            Md5 md5 = new Md5();
            for (int i = 2; i < 16; i++)
            {
                md5.Update(b, i, 1);
            }

            Assert.AreEqual("f96b697d7cb7938d525a2f31aaf161d0", md5.FinishHex());
            md5.Update(b, 2, 14);
            byte[] digest = new byte[20];
            md5.Finish(digest, 2);
            Assert.AreEqual((byte)0xf9, digest[2]);
            Assert.AreEqual((byte)0xd0, digest[17]);
            Assert.AreEqual((byte)0, digest[18]);
        }

        [TestMethod]
        public void OneMillionA_MatchesMd5sum()
        {
            // printf 'a%.0s' {1..1000000} | md5sum
            byte[] chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)'a';
            }

            Md5 md5 = new Md5();
            for (int i = 0; i < 1000; i++)
            {
                md5.Update(chunk, 0, chunk.Length);
            }

            Assert.AreEqual("7707d6ae4e027c70eea2a935c2296f21", md5.FinishHex());
        }

        [TestMethod]
        public void BadRanges_HashNothing_AndDoNotThrow()
        {
            byte[] b = Encoding.UTF8.GetBytes("abc");
            Md5 md5 = new Md5();
            md5.Update(null, 0, 3);
            md5.Update(b, -1, 2);
            md5.Update(b, 2, 5);
            md5.Update(b, 0, -1);
            md5.Update(b, 0, 3);
            Assert.AreEqual("900150983cd24fb0d6963f7d28e17f72", md5.FinishHex());
        }
    }
}
