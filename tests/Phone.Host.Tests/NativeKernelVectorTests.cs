using System;
using System.Text;
using Phone.Crypto.Native;
using Phone.Srtp;
using Xunit;
using Phone.Crypto;

namespace Phone.Host.Tests
{
    /// <summary>
    /// The crypto kernels through the ICryptoKernel seam against published vectors only: FIPS-197
    /// C.1/C.3, NIST SP 800-38A F.5.1/F.5.5, RFC 3711 B.2, RFC 2202 §3. The native kernel is the
    /// subject (libphonecrypto.so via P/Invoke); the managed kernel runs the same cases so both
    /// are held to the same references. Ranges sit at offsets inside larger arrays to check that
    /// the bytes around them stay untouched.
    /// </summary>
    public class NativeKernelVectorTests
    {
        public static TheoryData<string> Kernels => new TheoryData<string> { "native", "managed" };

        private static ICryptoKernel Kernel(string name) =>
            name == "native" ? new NativeCryptoKernel() : new ManagedCryptoKernel();

        private static byte[] Hex(string s) => Convert.FromHexString(s);

        private const string Sp80038aPlain = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                                             + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";
        private const string Sp80038aCounter = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

        [Fact]
        public void NativeKernel_ReportsItsName()
        {
            Assert.Equal("native", new NativeCryptoKernel().Name);
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void AesBlock_Fips197(string kernel)
        {
            // CTR with the plaintext as counter block over zeros yields AES(key, plaintext).
            (string key, string expect)[] cases =
            {
                ("000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"), // C.1
                ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089"), // C.3
            };
            foreach (var (key, expect) in cases)
            {
                IAesCtr aes = Kernel(kernel).CreateAesCtr();
                byte[] k = Hex(key);
                Assert.True(aes.SetKey(k, 0, k.Length));
                byte[] data = new byte[16];
                aes.Xor(Hex("00112233445566778899aabbccddeeff"), 0, data, 0, 16);
                Assert.Equal(expect, Convert.ToHexString(data).ToLowerInvariant());
            }
        }

        [Theory]
        [InlineData("native", "2b7e151628aed2a6abf7158809cf4f3c",
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")]
        [InlineData("native", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6")]
        [InlineData("managed", "2b7e151628aed2a6abf7158809cf4f3c",
            "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee")]
        [InlineData("managed", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6")]
        public void Ctr_Sp80038a_F51_F55_EveryLength_AtOffsets(string kernel, string key, string cipher)
        {
            IAesCtr aes = Kernel(kernel).CreateAesCtr();
            byte[] k = Hex("ff" + key + "ff");
            Assert.True(aes.SetKey(k, 1, k.Length - 2));
            byte[] iv = Hex("eeee" + Sp80038aCounter + "ee");
            byte[] plain = Hex(Sp80038aPlain);
            byte[] expect = Hex(cipher);

            for (int n = 0; n <= 64; n++)
            {
                byte[] buf = new byte[n + 10];
                Array.Fill(buf, (byte)0x5a);
                Array.Copy(plain, 0, buf, 7, n);
                aes.Xor(iv, 2, buf, 7, n);
                Assert.Equal(expect[..n], buf[7..(7 + n)]);
                Assert.All(buf[..7], b => Assert.Equal(0x5a, b));
                Assert.All(buf[(7 + n)..], b => Assert.Equal(0x5a, b));
            }

            Assert.Equal("eeee" + Sp80038aCounter + "ee", Convert.ToHexString(iv).ToLowerInvariant());

            // Decryption is the same operation (SP 800-38A F.5.2 / F.5.6).
            byte[] back = (byte[])expect.Clone();
            aes.Xor(iv, 2, back, 0, back.Length);
            Assert.Equal(plain, back);
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Ctr_Rfc3711B2_FirstKeystreamBlock(string kernel)
        {
            // RFC 3711 B.2: IV = salt * 2^16 for SSRC 0 and index 0.
            IAesCtr aes = Kernel(kernel).CreateAesCtr();
            byte[] k = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
            Assert.True(aes.SetKey(k, 0, 16));
            byte[] data = new byte[16];
            aes.Xor(Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), 0, data, 0, 16);
            Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4", Convert.ToHexString(data));
        }

        [Fact]
        public void NativeCtr_RejectsBadKeysAndRanges()
        {
            IAesCtr aes = new NativeCryptoKernel().CreateAesCtr();
            Assert.False(aes.SetKey(new byte[24], 0, 24));
            Assert.False(aes.SetKey(new byte[15], 0, 15));
            Assert.False(aes.SetKey(new byte[16], 1, 16));
            Assert.True(aes.SetKey(new byte[16], 0, 16));
            Assert.ThrowsAny<ArgumentException>(() => aes.Xor(new byte[16], 1, new byte[4], 0, 4));
            Assert.ThrowsAny<ArgumentException>(() => aes.Xor(new byte[16], 0, new byte[4], 1, 4));
        }

        public static TheoryData<string, int, byte[], byte[], string> Rfc2202Cases()
        {
            var data = new TheoryData<string, int, byte[], byte[], string>();
            byte[] k4 = new byte[25];
            for (int i = 0; i < 25; i++)
            {
                k4[i] = (byte)(i + 1);
            }

            foreach (string kernel in new[] { "native", "managed" })
            {
                data.Add(kernel, 1, Filled(0x0b, 20), Encoding.ASCII.GetBytes("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00");
                data.Add(kernel, 2, Encoding.ASCII.GetBytes("Jefe"), Encoding.ASCII.GetBytes("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
                data.Add(kernel, 3, Filled(0xaa, 20), Filled(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
                data.Add(kernel, 4, k4, Filled(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da");
                data.Add(kernel, 5, Filled(0x0c, 20), Encoding.ASCII.GetBytes("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04");
                // Cases 6 and 7 use an 80-byte key: above the interface's 64-byte limit (SetKey
                // must refuse it); their digests are checked with the key pre-hashed, which
                // RFC 2104 §2 defines as equivalent: K' = SHA1(K).
                data.Add(kernel, 6, Filled(0xaa, 80), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
                data.Add(kernel, 7, Filled(0xaa, 80), Encoding.ASCII.GetBytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Rfc2202Cases))]
        public void Hmac_Rfc2202_EverySplit(string kernel, int testCase, byte[] key, byte[] message, string digest)
        {
            IHmacSha1 mac = Kernel(kernel).CreateHmacSha1();
            if (key.Length > 64)
            {
                Assert.False(mac.SetKey(key, 0, key.Length));
                key = System.Security.Cryptography.SHA1.HashData(key);
            }

            Assert.True(mac.SetKey(key, 0, key.Length), "case " + testCase);
            byte[] tag = new byte[26];
            for (int split = 0; split <= message.Length; split++)
            {
                // a = message[0..split) at offset 3 of its array, b = the rest at offset 1.
                byte[] a = new byte[split + 5];
                byte[] b = new byte[message.Length - split + 2];
                Array.Copy(message, 0, a, 3, split);
                Array.Copy(message, split, b, 1, message.Length - split);
                Array.Fill(tag, (byte)0x77);
                mac.Compute(a, 3, split, b, 1, message.Length - split, tag, 4);
                Assert.Equal(digest, Convert.ToHexString(tag, 4, 20).ToLowerInvariant());
                Assert.Equal(0x77, tag[3]);
                Assert.Equal(0x77, tag[24]);
            }

            // SRTCP shape: one range, no second array.
            mac.Compute(message, 0, message.Length, null, 0, 0, tag, 0);
            Assert.Equal(digest, Convert.ToHexString(tag, 0, 20).ToLowerInvariant());
        }

        [Fact]
        public void NativeHmac_RejectsBadRanges()
        {
            IHmacSha1 mac = new NativeCryptoKernel().CreateHmacSha1();
            Assert.True(mac.SetKey(new byte[20], 0, 20));
            Assert.ThrowsAny<ArgumentException>(() => mac.Compute(new byte[4], 1, 4, null, 0, 0, new byte[20], 0));
            Assert.ThrowsAny<ArgumentException>(() => mac.Compute(new byte[4], 0, 4, null, 0, 1, new byte[20], 0));
            Assert.ThrowsAny<ArgumentException>(() => mac.Compute(new byte[4], 0, 4, null, 0, 0, new byte[20], 1));
        }

        [Fact]
        public void NativeKernel_PerPacketCalls_AllocateNothing()
        {
            var kernel = new NativeCryptoKernel();
            IAesCtr aes = kernel.CreateAesCtr();
            IHmacSha1 mac = kernel.CreateHmacSha1();
            Assert.True(aes.SetKey(new byte[16], 0, 16));
            Assert.True(mac.SetKey(new byte[20], 0, 20));
            byte[] iv = new byte[16], packet = new byte[172], roc = new byte[4], tag = new byte[20];

            for (int i = 0; i < 100; i++)
            {
                aes.Xor(iv, 0, packet, 12, 160);
                mac.Compute(packet, 0, 172, roc, 0, 4, tag, 0);
            }

            Assert.Equal(0, SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    aes.Xor(iv, 0, packet, 12, 160);
                    mac.Compute(packet, 0, 172, roc, 0, 4, tag, 0);
                }
            }));
        }

        private static byte[] Filled(byte value, int count)
        {
            byte[] b = new byte[count];
            Array.Fill(b, value);
            return b;
        }
    }
}
