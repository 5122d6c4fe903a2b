using System;
using nanoFramework.TestFramework;
using Phone.Device.Diagnostics;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Tests.Device.Diagnostics
{
    /// <summary>
    /// The boot self-test passes a correct kernel and fails exactly the case a broken kernel breaks:
    /// wrong AES keystream, wrong HMAC, a kernel that throws (a firmware without the interop
    /// assembly), and it computes the per-packet cost from the caller's clock.
    /// </summary>
    [TestClass]
    public class KernelSelfTestTests
    {
        /// <summary>Managed kernel with one fault switched on.</summary>
        private sealed class BrokenKernel : ICryptoKernel
        {
            public bool FlipAes;
            public bool FlipHmac;
            public bool Throw;

            public string Name
            {
                get { return "broken"; }
            }

            public IAesCtr CreateAesCtr()
            {
                if (Throw)
                {
                    throw new NotImplementedException();
                }

                return new BrokenAes(new ManagedCryptoKernel().CreateAesCtr(), FlipAes);
            }

            public IHmacSha1 CreateHmacSha1()
            {
                if (Throw)
                {
                    throw new NotImplementedException();
                }

                return new BrokenHmac(new ManagedCryptoKernel().CreateHmacSha1(), FlipHmac);
            }

            public ISrtpTransform CreateSrtpTransform()
            {
                return new ComposedSrtpTransform(CreateAesCtr(), CreateHmacSha1());
            }
        }

        private sealed class BrokenAes : IAesCtr
        {
            private readonly IAesCtr inner;
            private readonly bool flip;

            public BrokenAes(IAesCtr inner, bool flip)
            {
                this.inner = inner;
                this.flip = flip;
            }

            public bool SetKey(byte[] key, int offset, int length)
            {
                return inner.SetKey(key, offset, length);
            }

            public void Xor(byte[] iv, int ivOffset, byte[] data, int offset, int length)
            {
                inner.Xor(iv, ivOffset, data, offset, length);
                if (flip && length > 0)
                {
                    data[offset + length - 1] ^= 0x01;
                }
            }

            public void Clear()
            {
                inner.Clear();
            }
        }

        private sealed class BrokenHmac : IHmacSha1
        {
            private readonly IHmacSha1 inner;
            private readonly bool flip;

            public BrokenHmac(IHmacSha1 inner, bool flip)
            {
                this.inner = inner;
                this.flip = flip;
            }

            public bool SetKey(byte[] key, int offset, int length)
            {
                return inner.SetKey(key, offset, length);
            }

            public void Compute(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength, byte[] tag, int tagOffset)
            {
                inner.Compute(a, aOffset, aLength, b, bOffset, bLength, tag, tagOffset);
                if (flip)
                {
                    tag[tagOffset] ^= 0x80; // inside the 80-bit SRTP tag too
                }
            }

            public void Clear()
            {
                inner.Clear();
            }
        }

        /// <summary>Returns 1000 µs on the first read and 1000 + step on the second.</summary>
        private sealed class TwoReadClock : KernelSelfTest.ITickSource
        {
            private readonly ulong step;
            private int reads;

            public TwoReadClock(ulong step)
            {
                this.step = step;
            }

            public ulong Microseconds
            {
                get
                {
                    reads++;
                    return reads == 1 ? 1000UL : 1000UL + step;
                }
            }
        }

        [TestMethod]
        public void ManagedKernelPassesEveryCase()
        {
            KernelSelfTest t = KernelSelfTest.Run(new ManagedCryptoKernel(), null, 0);
            Assert.IsTrue(t.AllPassed);
            for (int i = 0; i < KernelSelfTest.CaseCount; i++)
            {
                Assert.IsTrue(t.Passed(i), KernelSelfTest.CaseName(i) + ": " + t.Detail(i));
                Assert.AreEqual("ok", t.Detail(i));
            }

            Assert.AreEqual("managed", t.KernelName);
            Assert.AreEqual((int)SelfTestState.Passed, (int)t.State);
            Assert.AreEqual(KernelSelfTest.NotMeasured, t.ProtectMicroseconds, "no clock, no cost");
        }

        [TestMethod]
        public void WrongKeystreamFailsAesAndThePacketButNotHmac()
        {
            BrokenKernel k = new BrokenKernel();
            k.FlipAes = true;
            KernelSelfTest t = KernelSelfTest.Run(k, new TwoReadClock(100), 10);
            Assert.IsFalse(t.Passed(KernelSelfTest.AesCm));
            Assert.IsTrue(t.Passed(KernelSelfTest.HmacSha1));
            Assert.IsFalse(t.Passed(KernelSelfTest.SrtpPacket));
            Assert.IsFalse(t.AllPassed);
            Assert.AreEqual((int)SelfTestState.Failed, (int)t.State);
            Assert.AreEqual("keystream differs from RFC 3711 B.2", t.Detail(KernelSelfTest.AesCm));
            Assert.AreEqual(KernelSelfTest.NotMeasured, t.ProtectMicroseconds, "a failed kernel is not timed");
        }

        [TestMethod]
        public void WrongMacFailsHmacAndThePacketButNotAes()
        {
            BrokenKernel k = new BrokenKernel();
            k.FlipHmac = true;
            KernelSelfTest t = KernelSelfTest.Run(k, null, 0);
            Assert.IsTrue(t.Passed(KernelSelfTest.AesCm));
            Assert.IsFalse(t.Passed(KernelSelfTest.HmacSha1));
            Assert.IsFalse(t.Passed(KernelSelfTest.SrtpPacket));
            Assert.AreEqual("RFC 2202 case 1 differs", t.Detail(KernelSelfTest.HmacSha1));
            Assert.AreEqual("protected packet differs from libsrtp", t.Detail(KernelSelfTest.SrtpPacket));
        }

        [TestMethod]
        public void ThrowingKernelFailsEveryCaseWithoutThrowing()
        {
            BrokenKernel k = new BrokenKernel();
            k.Throw = true;
            KernelSelfTest t = KernelSelfTest.Run(k, new TwoReadClock(100), 10);
            for (int i = 0; i < KernelSelfTest.CaseCount; i++)
            {
                Assert.IsFalse(t.Passed(i), KernelSelfTest.CaseName(i));
                Assert.AreEqual("threw", t.Detail(i));
            }

            t = KernelSelfTest.Run(null, null, 0);
            Assert.IsFalse(t.AllPassed);
            Assert.AreEqual("no kernel", t.Detail(KernelSelfTest.AesCm));
        }

        [TestMethod]
        public void CostIsTheClockDifferenceOverThePackets()
        {
            // 2000 µs over 40 packets = 50 µs each, whatever the host's real speed.
            KernelSelfTest t = KernelSelfTest.Run(new ManagedCryptoKernel(), new TwoReadClock(2000), 40);
            Assert.IsTrue(t.AllPassed);
            Assert.AreEqual(50L, t.ProtectMicroseconds);
            Assert.AreEqual(40, t.PacketsTimed);
        }

        [TestMethod]
        public void CaseNames()
        {
            Assert.AreEqual("aes-cm", KernelSelfTest.CaseName(KernelSelfTest.AesCm));
            Assert.AreEqual("hmac-sha1", KernelSelfTest.CaseName(KernelSelfTest.HmacSha1));
            Assert.AreEqual("srtp-packet", KernelSelfTest.CaseName(KernelSelfTest.SrtpPacket));
            Assert.AreEqual("?", KernelSelfTest.CaseName(3));
        }
    }
}
