using System;
using Phone.Srtp;
using Xunit;

namespace Phone.Host.Tests.Srtp
{
    /// <summary>
    /// The packet path must not allocate (device rule: the nanoFramework GC stops the world). After
    /// setup, 100,000 RTP and RTCP protect+unprotect round trips that cross a ROC wrap allocate
    /// 0 bytes on this thread, per kernel (the quietest of up to three runs, see SteadyAllocation). Correctness of the same path is covered against libsrtp
    /// in SrtpDifferentialTests; here the round trip is only checked to succeed.
    /// </summary>
    public class SrtpAllocationTests
    {
        private const int RoundTrips = 100_000;

        [Theory]
        [InlineData("managed")]
        [InlineData("native")]
        public void ProtectUnprotect_RtpAndRtcp_AcrossRocWrap_AllocateNothing(string kernel)
        {
            byte[] key = new byte[16], salt = new byte[14];
            new Random(7).NextBytes(key);
            new Random(8).NextBytes(salt);
            SrtpSession tx = null, rx = null;

            // G.711 packet: 12-byte header + 160-byte payload; RTCP receiver report with one report block.
            byte[] rtp = new byte[172 + 32];
            byte[] rtcp = new byte[32 + 32];
            rtp[0] = 0x80;
            rtp[1] = 0x00;
            rtp[8] = 0xca; rtp[9] = 0xfe; rtp[10] = 0xba; rtp[11] = 0xbe;
            rtcp[0] = 0x81; rtcp[1] = 201; rtcp[3] = 7;
            rtcp[4] = 0xca; rtcp[5] = 0xfe; rtcp[6] = 0xba; rtcp[7] = 0xbe;
            ushort seq = 0;

            // Each measured run starts with fresh sessions so that each one crosses the ROC wrap.
            long allocated = SteadyAllocation.Least(
                () =>
                {
                    tx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), SrtpDifferentialTests.Kernel(kernel));
                    rx = new SrtpSession(new SrtpPolicy(SrtpSuite.AesCm128HmacSha1_80, key, salt), SrtpDifferentialTests.Kernel(kernel));
                    seq = 65535 - 40_000; // the ROC wraps 40,000 round trips in
                    RoundTrip(tx, rx, rtp, rtcp, ref seq, 1000); // warm up: JIT, stream slots, tiering
                },
                () => RoundTrip(tx, rx, rtp, rtcp, ref seq, RoundTrips));

            Assert.Equal(0, allocated);
            Assert.True(rx.RtpReceiveIndex(0xcafebabe) >= 65536, "the ROC wrapped");
        }

        private static void RoundTrip(SrtpSession tx, SrtpSession rx, byte[] rtp, byte[] rtcp, ref ushort seq, int count)
        {
            for (int i = 0; i < count; i++)
            {
                rtp[2] = (byte)(seq >> 8);
                rtp[3] = (byte)seq;
                seq++;
                if (tx.Protect(rtp, 0, 172, out int len) != SrtpStatus.Ok ||
                    rx.Unprotect(rtp, 0, len, out len) != SrtpStatus.Ok || len != 172 ||
                    tx.ProtectRtcp(rtcp, 0, 32, out len) != SrtpStatus.Ok ||
                    rx.UnprotectRtcp(rtcp, 0, len, out len) != SrtpStatus.Ok || len != 32)
                {
                    // Throwing allocates, which is fine: the test has failed anyway.
                    throw new InvalidOperationException("round trip failed at " + i);
                }
            }
        }
    }
}
