using System;
using Phone.Crypto;
using Phone.Crypto.Native;
using Xunit;

namespace Phone.Host.Tests.Srtp
{
    /// <summary>
    /// The one-call packet transform (ISrtpTransform) of both kernels: published vectors (RFC 3711
    /// B.2 keystream, B.3 session keys with libsrtp's srtp_validate packet), bit-identical packets and
    /// identical verdicts between the native (cached native context, libphonecrypto.so) and the
    /// managed transform over random keys, ranges, indices and tag lengths, tampering refused with the
    /// packet untouched, identical refusals of bad ranges, key replacement, the native table's
    /// fallback when full, and no allocation per call. Tests in this class run one after another
    /// (xunit), which the Cached assertions rely on.
    /// </summary>
    public class SrtpTransformTests
    {
        public static TheoryData<string> Kernels => new TheoryData<string> { "native", "managed" };

        private static ISrtpTransform Transform(string name) =>
            name == "native" ? new NativeCryptoKernel().CreateSrtpTransform() : new ManagedCryptoKernel().CreateSrtpTransform();

        private static byte[] Hex(string s) => Convert.FromHexString(s);

        [Theory]
        [MemberData(nameof(Kernels))]
        public void Rfc3711B2_KeystreamInOneCall(string kernel)
        {
            ISrtpTransform t = Transform(kernel);
            Assert.True(t.SetKeys(Hex("2B7E151628AED2A6ABF7158809CF4F3C"), 0, 16, Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), 0,
                new byte[20], 0, 20));
            byte[] buf = new byte[3 + 48 + 10 + 3];
            t.Protect(buf, 3, 48, 3, 48, 0, 0, false, 51, 10);
            Assert.Equal("E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0",
                Convert.ToHexString(buf, 3, 48));
            Assert.Equal(0, buf[0] | buf[1] | buf[2] | buf[61] | buf[62] | buf[63]);
            Assert.True(t.Unprotect(buf, 3, 48, 3, 48, 0, 0, false, 51, 10));
            Assert.All(new ArraySegment<byte>(buf, 3, 48), b => Assert.Equal(0, b));
            t.Clear();
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void SrtpValidatePacket_Rfc3711B3Keys(string kernel)
        {
            // RFC 3711 B.3 session keys of libsrtp's srtp_validate() master key; its packet.
            ISrtpTransform t = Transform(kernel);
            Assert.True(t.SetKeys(Hex("C61E7A93744F39EE10734AFE3FF7A087"), 0, 16, Hex("30CBBC08863D8C85D49DB34A9AE1"), 0,
                Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), 0, 20));
            byte[] plain = Hex("800F1234DECAFBADCAFEBABEABABABABABABABABABABABABABABABAB");
            byte[] buf = new byte[38];
            plain.CopyTo(buf, 0);
            t.Protect(buf, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10);
            Assert.Equal("800F1234DECAFBADCAFEBABE4E55DC4CE79978D88CA4D215949D2402B78D6ACC99EA179B8DBB", Convert.ToHexString(buf));

            byte[] wire = (byte[])buf.Clone();
            buf[20] ^= 1;
            Assert.False(t.Unprotect(buf, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10));
            buf[20] ^= 1;
            Assert.Equal(wire, buf);
            Assert.False(t.Unprotect(buf, 0, 28, 12, 16, 0xCAFEBABE, 0x11234, true, 28, 10)); // wrong ROC
            Assert.Equal(wire, buf);
            Assert.True(t.Unprotect(buf, 0, 28, 12, 16, 0xCAFEBABE, 0x1234, true, 28, 10));
            Assert.Equal(plain, buf.AsSpan(0, 28).ToArray());
            t.Clear();
        }

        [Fact]
        public void NativeAndManaged_IdenticalPacketsAndVerdicts()
        {
            var rnd = new Random(3711);
            for (int n = 0; n < 3000; n++)
            {
                int keyLength = rnd.Next(2) == 0 ? 16 : 32;
                byte[] key = new byte[keyLength], salt = new byte[14], auth = new byte[rnd.Next(0, 65)];
                rnd.NextBytes(key);
                rnd.NextBytes(salt);
                rnd.NextBytes(auth);
                ISrtpTransform native = Transform("native"), managed = Transform("managed");
                Assert.True(native.SetKeys(key, 0, keyLength, salt, 0, auth, 0, auth.Length));
                Assert.True(managed.SetKeys(key, 0, keyLength, salt, 0, auth, 0, auth.Length));

                int offset = rnd.Next(0, 5), authLength = rnd.Next(0, 300), tagLength = rnd.Next(1, 21);
                int cipherOffset = offset + rnd.Next(0, authLength + 1);
                int cipherLength = rnd.Next(0, offset + authLength - cipherOffset + 1);
                byte[] a = new byte[offset + authLength + tagLength + rnd.Next(0, 3)];
                rnd.NextBytes(a);
                byte[] b = (byte[])a.Clone(), original = (byte[])a.Clone();
                uint ssrc = (uint)rnd.Next() ^ ((uint)rnd.Next(2) << 31);
                long index = ((long)rnd.Next(0, 1 << 16) << 32 | (uint)rnd.Next()) & 0xFFFFFFFFFFFF;
                bool roc = rnd.Next(2) == 0;
                int tagOffset = offset + authLength;

                native.Protect(a, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength);
                managed.Protect(b, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength);
                Assert.Equal(b, a);

                byte[] wire = (byte[])a.Clone();
                if (rnd.Next(3) == 0)
                {
                    // Tamper one bit of the authenticated range or the tag: both refuse, nothing changes.
                    int at = rnd.Next(offset, tagOffset + tagLength);
                    a[at] ^= (byte)(1 << rnd.Next(8));
                    b[at] = a[at];
                    byte[] tampered = (byte[])a.Clone();
                    Assert.False(native.Unprotect(a, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength));
                    Assert.False(managed.Unprotect(b, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength));
                    Assert.Equal(tampered, a);
                    Assert.Equal(tampered, b);
                }
                else
                {
                    Assert.True(native.Unprotect(a, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength));
                    Assert.True(managed.Unprotect(b, offset, authLength, cipherOffset, cipherLength, ssrc, index, roc, tagOffset, tagLength));
                    Assert.Equal(b, a);
                    Assert.Equal(original.AsSpan(0, tagOffset).ToArray(), a.AsSpan(0, tagOffset).ToArray());
                }

                native.Clear();
                managed.Clear();
            }
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void BadArguments_RefusedAlike(string kernel)
        {
            ISrtpTransform t = Transform(kernel);
            byte[] buf = new byte[64];
            Assert.Throws<InvalidOperationException>(() => t.Protect(buf, 0, 20, 0, 20, 1, 1, true, 20, 10)); // unkeyed
            Assert.False(t.SetKeys(new byte[24], 0, 24, new byte[14], 0, new byte[20], 0, 20));
            Assert.False(t.SetKeys(new byte[16], 0, 16, new byte[13], 0, new byte[20], 0, 20));
            Assert.False(t.SetKeys(new byte[16], 0, 16, new byte[14], 0, new byte[65], 0, 65));
            Assert.True(t.SetKeys(new byte[16], 0, 16, new byte[14], 0, new byte[20], 0, 20));
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Protect(buf, 0, 20, 10, 11, 1, 1, true, 20, 10)); // cipher past auth
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Protect(buf, 0, 20, 0, 20, 1, 1, true, 60, 10)); // tag past end
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Protect(buf, 0, 20, 0, 20, 1, 1, true, 20, 21)); // tag > 20
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Unprotect(buf, 50, 20, 50, 0, 1, 1, true, 0, 10)); // auth past end
            Assert.Throws<ArgumentOutOfRangeException>(() => t.Protect(buf, 0, 20, 0, 20, 1, 1L << 48, true, 20, 10)); // index > 48 bits
            Assert.Equal(new byte[64], buf);
            t.Clear();
            Assert.Throws<InvalidOperationException>(() => t.Protect(buf, 0, 20, 0, 20, 1, 1, true, 20, 10)); // cleared
        }

        [Fact]
        public void Native_KeysLiveInANativeContext_ReplacedAndWiped()
        {
            var t = new NativeSrtpTransform();
            var m = new ManagedCryptoKernel().CreateSrtpTransform();
            byte[] buf = new byte[40], expect = new byte[40];
            Assert.True(t.SetKeys(new byte[16], 0, 16, new byte[14], 0, new byte[20], 0, 20));
            Assert.True(t.Cached);
            byte[] k2 = new byte[32];
            new Random(5).NextBytes(k2);
            Assert.True(t.SetKeys(k2, 0, 32, k2, 1, k2, 2, 20)); // replacement closes the old context
            Assert.True(m.SetKeys(k2, 0, 32, k2, 1, k2, 2, 20));
            Assert.True(t.Cached);
            t.Protect(buf, 0, 30, 4, 26, 7, 9, true, 30, 10);
            m.Protect(expect, 0, 30, 4, 26, 7, 9, true, 30, 10);
            Assert.Equal(expect, buf);
            t.Clear();
            Assert.False(t.Cached);
            Assert.Throws<InvalidOperationException>(() => t.Protect(buf, 0, 30, 4, 26, 7, 9, true, 30, 10));
        }

        [Fact]
        public void Native_FullTable_FallsBackToTheTwoCallPath()
        {
            var held = new System.Collections.Generic.List<NativeSrtpTransform>();
            byte[] key = new byte[16], salt = new byte[14], auth = new byte[20];
            new Random(9).NextBytes(key);
            try
            {
                NativeSrtpTransform t;
                do
                {
                    t = new NativeSrtpTransform();
                    Assert.True(t.SetKeys(key, 0, 16, salt, 0, auth, 0, 20));
                    held.Add(t);
                }
                while (t.Cached && held.Count < 5000);

                Assert.False(t.Cached);
                var m = new ManagedCryptoKernel().CreateSrtpTransform();
                Assert.True(m.SetKeys(key, 0, 16, salt, 0, auth, 0, 20));
                byte[] a = new byte[200], b = new byte[200];
                new Random(4).NextBytes(a);
                a.CopyTo(b, 0);
                t.Protect(a, 0, 172, 12, 160, 0xCAFEBABE, 77, true, 172, 10);
                m.Protect(b, 0, 172, 12, 160, 0xCAFEBABE, 77, true, 172, 10);
                Assert.Equal(b, a);
                Assert.True(t.Unprotect(a, 0, 172, 12, 160, 0xCAFEBABE, 77, true, 172, 10));
            }
            finally
            {
                foreach (NativeSrtpTransform h in held)
                {
                    h.Clear();
                }
            }

            var again = new NativeSrtpTransform();
            Assert.True(again.SetKeys(key, 0, 16, salt, 0, auth, 0, 20));
            Assert.True(again.Cached);
            again.Clear();
        }

        [Theory]
        [MemberData(nameof(Kernels))]
        public void NoAllocationPerCall(string kernel)
        {
            ISrtpTransform t = Transform(kernel);
            Assert.True(t.SetKeys(new byte[16], 0, 16, new byte[14], 0, new byte[20], 0, 20));
            byte[] buf = new byte[200];
            for (int i = 0; i < 10; i++)
            {
                t.Protect(buf, 0, 172, 12, 160, 1, i, true, 172, 10);
                t.Unprotect(buf, 0, 172, 12, 160, 1, i, true, 172, 10);
            }

            Assert.Equal(0, SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < 10_000; i++)
                {
                    t.Protect(buf, 0, 172, 12, 160, 1, i, true, 172, 10);
                    Assert.True(t.Unprotect(buf, 0, 172, 12, 160, 1, i, true, 172, 10));
                }
            }));
            t.Clear();
        }
    }
}
