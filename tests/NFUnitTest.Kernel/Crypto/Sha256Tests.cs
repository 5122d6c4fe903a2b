using System.Text;
using nanoFramework.TestFramework;
using Phone.Crypto;

namespace Phone.Tests.Crypto
{
    /// <summary>SHA-256 against the NIST example vectors for FIPS 180-4 (values also checked with coreutils sha256sum).</summary>
    [TestClass]
    public class Sha256Tests
    {
        const string Abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        const string Msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        const string Msg448Digest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

        static string Hash(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            Sha256 h = new Sha256();
            h.Update(b, 0, b.Length);
            return h.FinishHex();
        }

        [TestMethod]
        public void Nist_abc()
        {
            Assert.AreEqual(Abc, Hash("abc"));
        }

        [TestMethod]
        public void Nist_448BitMessage_TwoBlocksOfPadding()
        {
            Assert.AreEqual(Msg448Digest, Hash(Msg448));
        }

        [TestMethod]
        public void Empty()
        {
            Assert.AreEqual("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new Sha256().FinishHex());
        }

        [TestMethod]
        public void Nist_OneMillionA()
        {
            byte[] chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)'a';
            }

            Sha256 h = new Sha256();
            for (int i = 0; i < 1000; i++)
            {
                h.Update(chunk, 0, chunk.Length);
            }

            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", h.FinishHex());
        }

        [TestMethod]
        public void Incremental_EverySplitOfThe448BitMessage_GivesTheSameDigest()
        {
            byte[] b = Encoding.UTF8.GetBytes(Msg448);
            Sha256 h = new Sha256();
            for (int split = 0; split <= b.Length; split++)
            {
                h.Update(b, 0, split);
                h.Update(b, split, b.Length - split);
                Assert.AreEqual(Msg448Digest, h.FinishHex(), "split " + split.ToString());
            }
        }

        [TestMethod]
        public void Finish_WritesAtOffset_AndStartsANewMessage()
        {
            byte[] b = Encoding.UTF8.GetBytes("abc");
            Sha256 h = new Sha256();
            h.Update(b, 0, 3);
            byte[] digest = new byte[40];
            h.Finish(digest, 4);
            Assert.AreEqual((byte)0xba, digest[4]);
            Assert.AreEqual((byte)0xad, digest[35]);
            Assert.AreEqual((byte)0, digest[36]);
            h.Update(b, 0, 3);
            Assert.AreEqual(Abc, h.FinishHex());
        }

        [TestMethod]
        public void Clear_ForgetsBufferedInput()
        {
            byte[] b = Encoding.UTF8.GetBytes("xyzabc");
            Sha256 h = new Sha256();
            h.Update(b, 0, 3);
            h.Clear();
            h.Update(b, 3, 3);
            Assert.AreEqual(Abc, h.FinishHex());
        }
    }
}
