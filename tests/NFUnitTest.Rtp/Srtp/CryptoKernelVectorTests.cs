using nanoFramework.TestFramework;
using Phone.Srtp;

using Phone.Crypto;
namespace Phone.Tests.Srtp
{
    /// <summary>
    /// Known-answer tests of the managed crypto kernel against the published vectors:
    /// FIPS-197 Appendix C, NIST SP 800-38A Appendix F.5, FIPS 180 (SHA-1 examples), RFC 2202 and
    /// RFC 3711 Appendix B.2 / RFC 6188 §7.1 (AES-CM keystream).
    /// </summary>
    [TestClass]
    public class CryptoKernelVectorTests
    {
        static ICryptoKernel Kernel()
        {
            return new ManagedCryptoKernel();
        }

        [TestMethod]
        [DataRow("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a")]
        [DataRow("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089")]
        public void Fips197AppendixC(string key, string cipher)
        {
            // FIPS-197 C.1 (AES-128) and C.3 (AES-256), plaintext 00112233445566778899aabbccddeeff.
            AesEncryptor aes = new AesEncryptor();
            byte[] k = Hex.Parse(key);
            Assert.IsTrue(aes.SetKey(k, 0, k.Length));
            byte[] block = Hex.Parse("00112233445566778899aabbccddeeff");
            aes.EncryptBlock(block, 0, block, 0);
            Assert.AreEqual(cipher, Hex.Of(block));
        }

        [TestMethod]
        public void AesRejectsOtherKeyLengths()
        {
            IAesCtr ctr = Kernel().CreateAesCtr();
            Assert.IsFalse(ctr.SetKey(new byte[24], 0, 24));
            Assert.IsFalse(ctr.SetKey(new byte[15], 0, 15));
            Assert.IsFalse(ctr.SetKey(new byte[16], 1, 16));
        }

        const string Sp80038aPlain =
            "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
            "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710";

        [TestMethod]
        [DataRow("2b7e151628aed2a6abf7158809cf4f3c",
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")]
        [DataRow("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6")]
        public void Sp80038aCtr(string key, string cipher)
        {
            // SP 800-38A F.5.1 (CTR-AES128.Encrypt) and F.5.5 (CTR-AES256.Encrypt); the initial counter
            // f0..feff carries into the 15th byte at the second block.
            IAesCtr ctr = Kernel().CreateAesCtr();
            byte[] k = Hex.Parse(key);
            Assert.IsTrue(ctr.SetKey(k, 0, k.Length));
            byte[] iv = Hex.Parse("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
            byte[] data = Hex.Parse(Sp80038aPlain);
            ctr.Xor(iv, 0, data, 0, data.Length);
            Assert.AreEqual(cipher, Hex.Of(data));
            Assert.AreEqual("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", Hex.Of(iv), "the caller's counter block is not modified");

            // Decryption is the same operation.
            ctr.Xor(iv, 0, data, 0, data.Length);
            Assert.AreEqual(Sp80038aPlain, Hex.Of(data));
        }

        [TestMethod]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafb00000000", 300)]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafbfffffffd", 6)]
        [DataRow("f0f1f2f3f4f5f6f7fffffffffffffffe", 5)]
        [DataRow("fffffffffffffffffffffffffffffffd", 5)]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafb000001fe", 4)]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafb000000ff", 3)]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafb00000001", 2)]
        [DataRow("f0f1f2f3f4f5f6f7f8f9fafb00000001", 1)]
        public void CtrEqualsBlockByBlockAcrossEveryCarry(string counter, int blocks)
        {
            // The keystream over many blocks, and across the 8-, 32-, 64- and 128-bit carries of the
            // counter (SP 800-38A §B.1), equals the cipher applied to each counter block in turn with
            // the counter incremented byte by byte here. Blocks are computed in pairs: the rows also start
            // a pair on the last block before a carry (…fe, …ff) and end on a partial pair.
            byte[] k = Hex.Parse("2b7e151628aed2a6abf7158809cf4f3c");
            IAesCtr ctr = Kernel().CreateAesCtr();
            Assert.IsTrue(ctr.SetKey(k, 0, k.Length));
            AesEncryptor aes = new AesEncryptor();
            Assert.IsTrue(aes.SetKey(k, 0, k.Length));
            byte[] iv = Hex.Parse(counter);
            int length = 16 * blocks - 3; // a partial last block
            byte[] data = new byte[length];
            ctr.Xor(iv, 0, data, 0, length);

            byte[] block = Hex.Parse(counter);
            byte[] stream = new byte[16];
            for (int b = 0; b < blocks; b++)
            {
                aes.EncryptBlock(block, 0, stream, 0);
                for (int i = 0; i < 16 && 16 * b + i < length; i++)
                {
                    Assert.AreEqual(stream[i], data[16 * b + i], "block " + b + " byte " + i);
                }

                for (int i = 15; i >= 0; i--)
                {
                    block[i]++;
                    if (block[i] != 0)
                    {
                        break;
                    }
                }
            }
        }

        [TestMethod]
        public void CtrHonoursOffsetsAndTouchesNothingOutside()
        {
            IAesCtr ctr = Kernel().CreateAesCtr();
            byte[] k = Hex.Parse("2b7e151628aed2a6abf7158809cf4f3c");
            ctr.SetKey(k, 0, k.Length);
            // The counter block sits at an offset inside a larger array.
            byte[] ivBuffer = Hex.Parse("eeeeeef0f1f2f3f4f5f6f7f8f9fafbfcfdfeffeeee");
            byte[] plain = Hex.Parse(Sp80038aPlain);
            byte[] buffer = Hex.Repeat(0x5A, 7 + 37 + 9);
            System.Array.Copy(plain, 0, buffer, 7, 37);
            ctr.Xor(ivBuffer, 3, buffer, 7, 37);
            string expected = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edb";
            Assert.AreEqual(expected, Hex.Of(buffer, 7, 37));
            for (int i = 0; i < 7; i++)
            {
                Assert.AreEqual((byte)0x5A, buffer[i], "byte before the range");
            }

            for (int i = 44; i < buffer.Length; i++)
            {
                Assert.AreEqual((byte)0x5A, buffer[i], "byte after the range");
            }

            // A zero-length range changes nothing.
            ctr.Xor(ivBuffer, 3, buffer, 0, 0);
            Assert.AreEqual((byte)0x5A, buffer[0]);
        }

        [TestMethod]
        [DataRow("2b7e151628aed2a6abf7158809cf4f3c",
            "e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0")]
        [DataRow("57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
            "92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac63c4868b7096d88421b563b8c94c9a31")]
        public void AesCmKeystream(string sessionKey, string keystream)
        {
            // RFC 3711 Appendix B.2 (AES-128) and RFC 6188 §7.1 (AES-256): session salt
            // f0f1f2f3f4f5f6f7f8f9fafbfcfd, SSRC 0 and packet index 0, so IV = salt·2^16.
            IAesCtr ctr = Kernel().CreateAesCtr();
            byte[] k = Hex.Parse(sessionKey);
            Assert.IsTrue(ctr.SetKey(k, 0, k.Length));
            byte[] iv = Hex.Parse("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
            byte[] zeros = new byte[48];
            ctr.Xor(iv, 0, zeros, 0, 48);
            Assert.AreEqual(keystream, Hex.Of(zeros));
        }

        [TestMethod]
        [DataRow("2b7e151628aed2a6abf7158809cf4f3c",
            "e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab41e95b3bb0a2e8dd477901e4fca894c0")]
        [DataRow("57f82fe3613fd170a85ec93c40b1f0922ec4cb0dc025b58272147cc438944a98",
            "92bdd28a93c3f52511c677d08b5515a49da71b2378a854f67050756ded165bac63c4868b7096d88421b563b8c94c9a31")]
        public void SrtpTransformKeystream(string sessionKey, string keystream)
        {
            // The one-call packet transform derives the same IV itself from salt, SSRC 0 and index 0
            // (RFC 3711 B.2, RFC 6188 §7.1); the bytes around the ranges stay untouched.
            ISrtpTransform t = Kernel().CreateSrtpTransform();
            byte[] k = Hex.Parse(sessionKey);
            Assert.IsTrue(t.SetKeys(k, 0, k.Length, Hex.Parse("f0f1f2f3f4f5f6f7f8f9fafbfcfd"), 0, new byte[20], 0, 20));
            byte[] buffer = new byte[2 + 48 + 10 + 2];
            t.Protect(buffer, 2, 48, 2, 48, 0, 0, false, 50, 10);
            byte[] stream = new byte[48];
            System.Array.Copy(buffer, 2, stream, 0, 48);
            Assert.AreEqual(keystream, Hex.Of(stream));
            Assert.AreEqual(0, buffer[0] | buffer[1] | buffer[60] | buffer[61]);
            Assert.IsTrue(t.Unprotect(buffer, 2, 48, 2, 48, 0, 0, false, 50, 10));
            for (int i = 0; i < 48; i++)
            {
                Assert.AreEqual((byte)0, buffer[2 + i]);
            }
        }

        [TestMethod]
        public void SrtpTransformReferencePacket()
        {
            // RFC 3711 B.3 session keys of libsrtp's srtp_validate() master key, and its packet
            // (SSRC cafebabe, SEQ 0x1234, ROC 0, 80-bit tag); unprotect refuses one flipped bit or a
            // wrong ROC without touching the packet, then restores the plaintext.
            ISrtpTransform t = Kernel().CreateSrtpTransform();
            Assert.IsTrue(t.SetKeys(Hex.Parse("c61e7a93744f39ee10734afe3ff7a087"), 0, 16,
                Hex.Parse("30cbbc08863d8c85d49db34a9ae1"), 0, Hex.Parse("cebe321f6ff7716b6fd4ab49af256a156d38baa4"), 0, 20));
            string plain = "800f1234decafbadcafebabeabababababababababababababababab";
            string wire = "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";
            byte[] buffer = new byte[38];
            System.Array.Copy(Hex.Parse(plain), 0, buffer, 0, 28);
            t.Protect(buffer, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10);
            Assert.AreEqual(wire, Hex.Of(buffer));

            buffer[13] ^= 0x10;
            Assert.IsFalse(t.Unprotect(buffer, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10));
            buffer[13] ^= 0x10;
            Assert.IsFalse(t.Unprotect(buffer, 0, 28, 12, 16, 0xCAFEBABE, 0x11234, true, 28, 10));
            Assert.AreEqual(wire, Hex.Of(buffer));
            Assert.IsTrue(t.Unprotect(buffer, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10));
            byte[] head = new byte[28];
            System.Array.Copy(buffer, 0, head, 0, 28);
            Assert.AreEqual(plain, Hex.Of(head));
            t.Clear();
        }

        [TestMethod]
        [DataRow("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
        [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
        [DataRow("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
        public void Sha1Examples(string message, string digest)
        {
            // FIPS 180 SHA-1 examples (one block, two blocks) and the empty message.
            Sha1 sha = new Sha1();
            byte[] m = Hex.Ascii(message);
            sha.Update(m, 0, m.Length);
            byte[] d = new byte[20];
            sha.Finish(d, 0);
            Assert.AreEqual(digest, Hex.Of(d));
        }

        [TestMethod]
        public void Sha1MillionA()
        {
            // FIPS 180 third example: one million 'a', fed in uneven pieces to cross block boundaries.
            Sha1 sha = new Sha1();
            byte[] chunk = Hex.Repeat((byte)'a', 1024);
            int total = 0;
            int step = 1;
            while (total < 1000000)
            {
                int n = step;
                if (n > 1000000 - total)
                {
                    n = 1000000 - total;
                }

                sha.Update(chunk, 0, n);
                total += n;
                step = step % 997 + 13;
            }

            byte[] d = new byte[20];
            sha.Finish(d, 0);
            Assert.AreEqual("34aa973cd4c4daa4f61eeb2bdbad27316534016f", Hex.Of(d));
        }

        static void CheckHmac(byte[] key, byte[] data, string expected)
        {
            IHmacSha1 mac = Kernel().CreateHmacSha1();
            Assert.IsTrue(mac.SetKey(key, 0, key.Length));
            byte[] tag = new byte[20];
            mac.Compute(data, 0, data.Length, null, 0, 0, tag, 0);
            Assert.AreEqual(expected, Hex.Of(tag));
            // Computing again with the same context gives the same tag (the precomputed state is reused).
            byte[] again = new byte[20];
            mac.Compute(data, 0, data.Length, null, 0, 0, again, 0);
            Assert.AreEqual(expected, Hex.Of(again));
        }

        [TestMethod]
        public void Rfc2202Case1()
        {
            CheckHmac(Hex.Repeat(0x0b, 20), Hex.Ascii("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00");
        }

        [TestMethod]
        public void Rfc2202Case2()
        {
            CheckHmac(Hex.Ascii("Jefe"), Hex.Ascii("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
        }

        [TestMethod]
        public void Rfc2202Case3()
        {
            CheckHmac(Hex.Repeat(0xaa, 20), Hex.Repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
        }

        [TestMethod]
        public void Rfc2202Case4()
        {
            CheckHmac(Hex.Parse("0102030405060708090a0b0c0d0e0f10111213141516171819"), Hex.Repeat(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
        }

        [TestMethod]
        public void Rfc2202Case5()
        {
            CheckHmac(Hex.Repeat(0x0c, 20), Hex.Ascii("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
        }

        static byte[] HashedLongKey()
        {
            // RFC 2104 §2: a key longer than the 64-byte block is replaced by its hash. The kernel
            // contract accepts keys up to 64 bytes only, so the 80-byte key of cases 6 and 7 is hashed here.
            byte[] longKey = Hex.Repeat(0xaa, 80);
            IHmacSha1 mac = Kernel().CreateHmacSha1();
            Assert.IsFalse(mac.SetKey(longKey, 0, longKey.Length), "contract: keys over 64 bytes are refused");
            Sha1 sha = new Sha1();
            sha.Update(longKey, 0, longKey.Length);
            byte[] hashed = new byte[20];
            sha.Finish(hashed, 0);
            return hashed;
        }

        [TestMethod]
        public void Rfc2202Case6()
        {
            CheckHmac(HashedLongKey(), Hex.Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
        }

        [TestMethod]
        public void Rfc2202Case7()
        {
            CheckHmac(HashedLongKey(), Hex.Ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
        }

        [TestMethod]
        public void HmacSplitAtEveryPointGivesTheSameTag()
        {
            // RFC 2202 case 7's message (73 bytes, longer than a block) split into a || b at every point,
            // with both ranges at offsets inside larger arrays; the tag is written at an offset too.
            byte[] key = HashedLongKey();
            byte[] message = Hex.Ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data");
            IHmacSha1 mac = Kernel().CreateHmacSha1();
            Assert.IsTrue(mac.SetKey(key, 0, key.Length));
            byte[] a = new byte[message.Length + 5];
            byte[] b = new byte[message.Length + 3];
            byte[] tag = new byte[26];
            for (int split = 0; split <= message.Length; split++)
            {
                System.Array.Copy(message, 0, a, 5, split);
                System.Array.Copy(message, split, b, 3, message.Length - split);
                mac.Compute(a, 5, split, b, 3, message.Length - split, tag, 6);
                Assert.AreEqual("e8e99d0f45237d786d6bbaa7965c7808bbff1a91", Hex.Of(tag, 6, 20), "split at " + split.ToString());
            }
        }

        [TestMethod]
        public void HmacRejectsKeysLongerThanABlock()
        {
            IHmacSha1 mac = Kernel().CreateHmacSha1();
            Assert.IsTrue(mac.SetKey(new byte[64], 0, 64));
            Assert.IsFalse(mac.SetKey(new byte[65], 0, 65));
        }
    }
}
