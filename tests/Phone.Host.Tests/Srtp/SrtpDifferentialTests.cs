using System;
using Phone.Crypto.Native;
using Phone.Host.Tests.LibSrtp;
using Phone.Srtp;
using Xunit;
using Phone.Crypto;

namespace Phone.Host.Tests.Srtp
{
    /// <summary>
    /// Our SRTP core (Phone.Srtp.SrtpSession) against libsrtp2 2.5.0, for each suite and each crypto
    /// kernel, on seeded random traffic:
    ///  - every packet is protected by us and by libsrtp from the same plaintext and must come out
    ///    byte-identical; libsrtp unprotects ours and we unprotect libsrtp's, both restoring the plaintext;
    ///  - streams that start near sequence 65535 and wrap the ROC several times, delivered with
    ///    reordering inside the replay window, with replays and too-old packets refused by both;
    ///  - SRTCP the same way.
    /// libsrtp is the independent reference; nothing here compares our output with itself.
    /// </summary>
    public class SrtpDifferentialTests
    {
        private const int RandomPackets = 10_000;
        private const int RandomRtcpPackets = 2_000;
        private const int Window = 128;

        public static TheoryData<SrtpSuite, string> SuitesAndKernels()
        {
            var data = new TheoryData<SrtpSuite, string>();
            foreach (SrtpSuite suite in Enum.GetValues<SrtpSuite>())
            {
                data.Add(suite, "managed");
                data.Add(suite, "native");
            }

            return data;
        }

        internal static ICryptoKernel Kernel(string name) =>
            name == "native" ? new NativeCryptoKernel() : new ManagedCryptoKernel();

        internal static LibSrtpSuite ToLibSrtp(SrtpSuite suite) => suite switch
        {
            SrtpSuite.AesCm128HmacSha1_80 => LibSrtpSuite.AesCm128HmacSha1_80,
            SrtpSuite.AesCm128HmacSha1_32 => LibSrtpSuite.AesCm128HmacSha1_32,
            SrtpSuite.Aes256CmHmacSha1_80 => LibSrtpSuite.AesCm256HmacSha1_80,
            SrtpSuite.Aes256CmHmacSha1_32 => LibSrtpSuite.AesCm256HmacSha1_32,
            _ => throw new ArgumentOutOfRangeException(nameof(suite)),
        };

        /// <summary>Both sides of one direction: ours and libsrtp's sender and receiver, same master key.</summary>
        private sealed class Peers : IDisposable
        {
            public readonly SrtpSession OurTx, OurRx;
            public readonly LibSrtpSession LibTx, LibRx;

            public Peers(SrtpSuite suite, string kernel, Random rng)
            {
                byte[] key = new byte[SrtpPolicy.MasterKeyLength(suite)];
                byte[] salt = new byte[SrtpPolicy.MasterSaltLength];
                rng.NextBytes(key);
                rng.NextBytes(salt);
                byte[] keyAndSalt = new byte[key.Length + salt.Length];
                key.CopyTo(keyAndSalt, 0);
                salt.CopyTo(keyAndSalt, key.Length);

                OurTx = new SrtpSession(new SrtpPolicy(suite, key, salt) { ReplayWindowSize = Window }, Kernel(kernel));
                OurRx = new SrtpSession(new SrtpPolicy(suite, key, salt) { ReplayWindowSize = Window }, Kernel(kernel));
                LibTx = new LibSrtpSession(ToLibSrtp(suite), keyAndSalt, outbound: true, windowSize: Window);
                LibRx = new LibSrtpSession(ToLibSrtp(suite), keyAndSalt, outbound: false, windowSize: Window);
            }

            public void Dispose()
            {
                LibTx.Dispose();
                LibRx.Dispose();
            }
        }

        private static void AssertSame(byte[] expected, int expectedLength, byte[] actual, int actualLength, string what, int packet)
        {
            if (expectedLength != actualLength || !expected.AsSpan(0, expectedLength).SequenceEqual(actual.AsSpan(0, actualLength)))
            {
                Assert.Fail($"{what}, packet {packet}: expected {Convert.ToHexString(expected, 0, Math.Min(expectedLength, 64))}... " +
                            $"({expectedLength} bytes), got {Convert.ToHexString(actual, 0, Math.Min(actualLength, 64))}... ({actualLength} bytes)");
            }
        }

        [Theory]
        [MemberData(nameof(SuitesAndKernels))]
        public void RandomRtp_ProtectIdenticalToLibsrtp_AndEachUnprotectsTheOther(SrtpSuite suite, string kernel)
        {
            var gen = new RandomPackets(0x5EED0000 + (int)suite * 16 + (kernel == "native" ? 1 : 0));
            using var peers = new Peers(suite, kernel, gen.Rng);
            uint[] ssrcs = { 0xcafebabe, (uint)gen.Rng.Next(), 0x00000001 };
            ushort[] seqs = { 65535 - 300, (ushort)gen.Rng.Next(65536), 65000 };
            byte[] plain = new byte[2048], ours = new byte[2048], theirs = new byte[2048];
            int tampered = 0;

            for (int i = 0; i < RandomPackets; i++)
            {
                int s = gen.Rng.Next(ssrcs.Length);
                int len = gen.Rtp(plain, ssrcs[s], seqs[s]++);
                Array.Copy(plain, ours, len);
                Array.Copy(plain, theirs, len);

                Assert.Equal(SrtpStatus.Ok, peers.OurTx.Protect(ours, 0, len, out int ourLen));
                Assert.Equal(LibSrtpStatus.Ok, peers.LibTx.Protect(theirs, 0, len, out int theirLen));
                AssertSame(theirs, theirLen, ours, ourLen, "protect output differs from libsrtp", i);

                // Now ours holds our SRTP packet and theirs libsrtp's (identical, but each receiver
                // gets the other implementation's buffer).
                if (i % 97 == 13)
                {
                    // A forged copy must be refused by both, and must not disturb either receiver.
                    byte[] forged = (byte[])theirs.Clone();
                    forged[gen.Rng.Next(theirLen)] ^= (byte)(1 << gen.Rng.Next(8));
                    byte[] forged2 = (byte[])forged.Clone();
                    Assert.NotEqual(SrtpStatus.Ok, peers.OurRx.Unprotect(forged, 0, theirLen, out _));
                    Assert.NotEqual(LibSrtpStatus.Ok, peers.LibRx.Unprotect(forged2, 0, theirLen, out _));
                    tampered++;
                }

                Assert.Equal(LibSrtpStatus.Ok, peers.LibRx.Unprotect(ours, 0, ourLen, out int libPlainLen));
                AssertSame(plain, len, ours, libPlainLen, "libsrtp unprotect of our packet", i);
                Assert.Equal(SrtpStatus.Ok, peers.OurRx.Unprotect(theirs, 0, theirLen, out int ourPlainLen));
                AssertSame(plain, len, theirs, ourPlainLen, "our unprotect of libsrtp's packet", i);
            }

            Assert.True(tampered > 100);
            Assert.True(peers.OurRx.RtpReceiveIndex(ssrcs[0]) >= 65536, "stream 0 crossed a ROC boundary");
        }

        [Theory]
        [MemberData(nameof(SuitesAndKernels))]
        public void RocWraps_WithReorderingReplaysAndOldPackets_AgreeWithLibsrtp(SrtpSuite suite, string kernel)
        {
            var gen = new RandomPackets(0x0C0C0000 + (int)suite * 16 + (kernel == "native" ? 1 : 0));
            using var peers = new Peers(suite, kernel, gen.Rng);
            const uint ssrc = 0x13572468;
            ushort seq = (ushort)(65535 - gen.Rng.Next(40));
            const int Segment = 48;     // packets sent back to back, delivered shuffled
            const int Segments = 80;
            byte[][] ourWire = new byte[Segment][], libWire = new byte[Segment][], plain = new byte[Segment][];
            int[] plainLen = new int[Segment], wireLen = new int[Segment];
            for (int k = 0; k < Segment; k++)
            {
                ourWire[k] = new byte[1024];
                libWire[k] = new byte[1024];
                plain[k] = new byte[1024];
            }

            byte[] saved = new byte[1024], oldWire = new byte[1024], scratch = new byte[1024];
            int oldLen = 0, replays = 0, olds = 0;
            int packet = 0;
            for (int segment = 0; segment < Segments; segment++)
            {
                for (int k = 0; k < Segment; k++, packet++)
                {
                    plainLen[k] = gen.Rtp(plain[k], ssrc, seq++, maxPayload: 200);
                    Array.Copy(plain[k], ourWire[k], plainLen[k]);
                    Array.Copy(plain[k], libWire[k], plainLen[k]);
                    Assert.Equal(SrtpStatus.Ok, peers.OurTx.Protect(ourWire[k], 0, plainLen[k], out wireLen[k]));
                    Assert.Equal(LibSrtpStatus.Ok, peers.LibTx.Protect(libWire[k], 0, plainLen[k], out int libLen));
                    AssertSame(libWire[k], libLen, ourWire[k], wireLen[k], "protect output differs from libsrtp", packet);
                }

                // Keep one protected packet of this segment to replay now and one to send when it is too old.
                int r = gen.Rng.Next(Segment);
                int replayLen = wireLen[r];
                Array.Copy(ourWire[r], saved, replayLen);
                int o = gen.Rng.Next(Segment);
                byte[] nextOld = (byte[])ourWire[o].Clone();
                int nextOldLen = wireLen[o];

                // Deliver the segment in a random order (all within the 128-packet window).
                int[] order = new int[Segment];
                for (int k = 0; k < Segment; k++)
                {
                    order[k] = k;
                }

                gen.Rng.Shuffle(order);
                if (segment == 0)
                {
                    // A receiver knows no ROC before its first packet and takes 0 (RFC 3711 §3.3.1):
                    // the first segment straddles seq 65535, so its first packet must arrive first.
                    int at = Array.IndexOf(order, 0);
                    (order[0], order[at]) = (order[at], order[0]);
                }

                foreach (int k in order)
                {
                    Array.Copy(ourWire[k], libWire[k], wireLen[k]); // same bytes; each receiver gets its own copy
                    Assert.Equal(LibSrtpStatus.Ok, peers.LibRx.Unprotect(ourWire[k], 0, wireLen[k], out int l1));
                    AssertSame(plain[k], plainLen[k], ourWire[k], l1, "libsrtp unprotect, reordered", k);
                    Assert.Equal(SrtpStatus.Ok, peers.OurRx.Unprotect(libWire[k], 0, wireLen[k], out int l2));
                    AssertSame(plain[k], plainLen[k], libWire[k], l2, "our unprotect, reordered", k);
                }

                // Replay inside the window: libsrtp says replay_fail, we say ReplayedPacket.
                Array.Copy(saved, scratch, replayLen);
                Assert.Equal(LibSrtpStatus.ReplayFail, peers.LibRx.Unprotect(scratch, 0, replayLen, out _));
                Array.Copy(saved, scratch, replayLen);
                Assert.Equal(SrtpStatus.ReplayedPacket, peers.OurRx.Unprotect(scratch, 0, replayLen, out _));
                replays++;

                // A packet of the previous segment, now more than a window behind: replay_old / PacketTooOld.
                if (oldLen > 0)
                {
                    Array.Copy(oldWire, scratch, oldLen);
                    Assert.Equal(LibSrtpStatus.ReplayOld, peers.LibRx.Unprotect(scratch, 0, oldLen, out _));
                    Array.Copy(oldWire, scratch, oldLen);
                    Assert.Equal(SrtpStatus.PacketTooOld, peers.OurRx.Unprotect(scratch, 0, oldLen, out _));
                    olds++;
                }

                Array.Copy(nextOld, oldWire, nextOldLen);
                oldLen = nextOldLen;

                // Jump forward by 1000..30999 (< 2^15, inside the RFC 3711 §3.3.1 / Appendix A index
                // estimate) so the ROC wraps every few segments.
                seq = (ushort)(seq + 1000 + gen.Rng.Next(30000));
            }

            Assert.Equal(Segments, replays);
            Assert.Equal(Segments - 1, olds);
            long highest = peers.OurRx.RtpReceiveIndex(ssrc);
            Assert.True(highest >> 16 >= 3, $"ROC reached {highest >> 16}, expected at least 3 wraps");
        }

        [Theory]
        [MemberData(nameof(SuitesAndKernels))]
        public void RandomRtcp_ProtectIdenticalToLibsrtp_AndEachUnprotectsTheOther(SrtpSuite suite, string kernel)
        {
            var gen = new RandomPackets(0x0C7C0000 + (int)suite * 16 + (kernel == "native" ? 1 : 0));
            using var peers = new Peers(suite, kernel, gen.Rng);
            uint[] ssrcs = { 0xcafebabe, (uint)gen.Rng.Next() };
            byte[] plain = new byte[1024], ours = new byte[1024], theirs = new byte[1024], replay = new byte[1024];

            // RFC 3711 §3.4 sends the first SRTCP packet with index 0 (as we do); libsrtp 2.5.0 starts
            // at 1. One packet per SSRC from us first puts both senders on the same index, and
            // libsrtp must accept our index-0 packet.
            foreach (uint ssrc in ssrcs)
            {
                int len = gen.Rtcp(plain, ssrc);
                Array.Copy(plain, ours, len);
                Assert.Equal(SrtpStatus.Ok, peers.OurTx.ProtectRtcp(ours, 0, len, out int ourLen));
                Assert.Equal(0x80, ours[len]); // E = 1, index 0
                Assert.Equal(0, ours[len + 1] | ours[len + 2] | ours[len + 3]);
                Assert.Equal(LibSrtpStatus.Ok, peers.LibRx.UnprotectRtcp(ours, 0, ourLen, out int l0));
                AssertSame(plain, len, ours, l0, "libsrtp SRTCP unprotect of our index-0 packet", -1);
            }

            for (int i = 0; i < RandomRtcpPackets; i++)
            {
                int len = gen.Rtcp(plain, ssrcs[gen.Rng.Next(ssrcs.Length)]);
                Array.Copy(plain, ours, len);
                Array.Copy(plain, theirs, len);

                Assert.Equal(SrtpStatus.Ok, peers.OurTx.ProtectRtcp(ours, 0, len, out int ourLen));
                Assert.Equal(LibSrtpStatus.Ok, peers.LibTx.ProtectRtcp(theirs, 0, len, out int theirLen));
                // E flag + 31-bit index, then the 80-bit tag for every suite (RFC 3711 §3.4, RFC 4568 §6.2).
                Assert.Equal(len + 4 + 10, ourLen);
                AssertSame(theirs, theirLen, ours, ourLen, "SRTCP protect output differs from libsrtp", i);
                Array.Copy(theirs, replay, theirLen);

                Assert.Equal(LibSrtpStatus.Ok, peers.LibRx.UnprotectRtcp(ours, 0, ourLen, out int l1));
                AssertSame(plain, len, ours, l1, "libsrtp SRTCP unprotect of our packet", i);
                Assert.Equal(SrtpStatus.Ok, peers.OurRx.UnprotectRtcp(theirs, 0, theirLen, out int l2));
                AssertSame(plain, len, theirs, l2, "our SRTCP unprotect of libsrtp's packet", i);

                if (i % 50 == 7)
                {
                    // SRTCP replay protection (RFC 3711 §3.4): both refuse the same packet twice.
                    Array.Copy(replay, ours, theirLen);
                    Assert.Equal(SrtpStatus.ReplayedPacket, peers.OurRx.UnprotectRtcp(ours, 0, theirLen, out _));
                    Array.Copy(replay, ours, theirLen);
                    Assert.Equal(LibSrtpStatus.ReplayFail, peers.LibRx.UnprotectRtcp(ours, 0, theirLen, out _));
                }
            }
        }
    }
}
