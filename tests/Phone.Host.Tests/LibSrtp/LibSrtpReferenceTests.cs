using System;
using Xunit;

namespace Phone.Host.Tests.LibSrtp
{
    /// <summary>
    /// Checks the libsrtp2 binding itself before anything is compared against it: the reference
    /// packet of libsrtp's own self-test (default suite, RFC 3711 B.3 master key/salt, SSRC
    /// cafebabe) and round trips for each suite through independent outbound/inbound sessions.
    /// </summary>
    public class LibSrtpReferenceTests
    {
        private static readonly byte[] ReferenceKey = Convert.FromHexString(
            "E1F97A0D3E018BE0D64FA32C06DE4139" + "0EC675AD498AFEEBB6960B3AABE6");

        private const string ReferencePlain = "800f1234decafbadcafebabe" + "abababababababababababababababab";
        private const string ReferenceProtected = "800f1234decafbadcafebabe" + "4e55dc4ce79978d88ca4d215949d2402" + "b78d6acc99ea179b8dbb";

        [Fact]
        public void Protect_ReferencePacket_MatchesLibsrtpSelfTest()
        {
            using var tx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, ReferenceKey, outbound: true, ssrc: 0xcafebabe);
            byte[] buf = new byte[28 + LibSrtpNative.MaxTrailer];
            Convert.FromHexString(ReferencePlain).CopyTo(buf, 0);

            Assert.Equal(LibSrtpStatus.Ok, tx.Protect(buf, 0, 28, out int len));

            Assert.Equal(38, len);
            Assert.Equal(ReferenceProtected, Convert.ToHexString(buf, 0, len).ToLowerInvariant());
        }

        [Fact]
        public void Unprotect_ReferencePacket_RestoresPlaintext_AndRejectsReplayAndTampering()
        {
            using var rx = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, ReferenceKey, outbound: false, ssrc: 0xcafebabe);
            byte[] wire = Convert.FromHexString(ReferenceProtected);
            byte[] buf = new byte[wire.Length + LibSrtpNative.MaxTrailer];

            wire.CopyTo(buf, 0);
            Assert.Equal(LibSrtpStatus.Ok, rx.Unprotect(buf, 0, wire.Length, out int len));
            Assert.Equal(ReferencePlain, Convert.ToHexString(buf, 0, len).ToLowerInvariant());

            wire.CopyTo(buf, 0);
            Assert.Equal(LibSrtpStatus.ReplayFail, rx.Unprotect(buf, 0, wire.Length, out _));

            using var rx2 = new LibSrtpSession(LibSrtpSuite.AesCm128HmacSha1_80, ReferenceKey, outbound: false);
            wire.CopyTo(buf, 0);
            buf[20] ^= 1;
            Assert.Equal(LibSrtpStatus.AuthFail, rx2.Unprotect(buf, 0, wire.Length, out _));
        }

        [Theory]
        [InlineData(LibSrtpSuite.AesCm128HmacSha1_80)]
        [InlineData(LibSrtpSuite.AesCm128HmacSha1_32)]
        [InlineData(LibSrtpSuite.AesCm256HmacSha1_80)]
        [InlineData(LibSrtpSuite.AesCm256HmacSha1_32)]
        public void EachSuite_RoundTripsRtpAndRtcp_WithExpectedTagLengths(LibSrtpSuite suite)
        {
            var rng = new Random(1234);
            byte[] key = new byte[LibSrtpSuites.KeyLength(suite) + 14];
            rng.NextBytes(key);
            using var tx = new LibSrtpSession(suite, key, outbound: true);
            using var rx = new LibSrtpSession(suite, key, outbound: false);

            byte[] rtp = Convert.FromHexString(ReferencePlain);
            byte[] buf = new byte[rtp.Length + LibSrtpNative.MaxTrailer];
            rtp.CopyTo(buf, 0);
            Assert.Equal(LibSrtpStatus.Ok, tx.Protect(buf, 0, rtp.Length, out int len));
            Assert.Equal(rtp.Length + LibSrtpSuites.RtpTagLength(suite), len);
            Assert.Equal(LibSrtpStatus.Ok, rx.Unprotect(buf, 0, len, out len));
            Assert.Equal(rtp, buf[..len]);

            // RTCP receiver report (RFC 3550 §6.4.2, no report blocks): SRTCP adds the 4-byte
            // E/index word and an 80-bit tag for every suite (RFC 4568 §6.2).
            byte[] rtcp = Convert.FromHexString("80c90001cafebabe");
            rtcp.CopyTo(buf, 0);
            Assert.Equal(LibSrtpStatus.Ok, tx.ProtectRtcp(buf, 0, rtcp.Length, out len));
            Assert.Equal(rtcp.Length + 4 + 10, len);
            Assert.Equal(LibSrtpStatus.Ok, rx.UnprotectRtcp(buf, 0, len, out len));
            Assert.Equal(rtcp, buf[..len]);
        }
    }
}
