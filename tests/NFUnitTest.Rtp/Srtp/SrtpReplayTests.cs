using nanoFramework.TestFramework;
using Phone.Srtp;

namespace Phone.Tests.Srtp
{
    /// <summary>Replay list (RFC 3711 §3.3.2) and index estimation across SEQ wrap (RFC 3711 §3.3.1, Appendix A).</summary>
    [TestClass]
    public class SrtpReplayTests
    {
        static byte[][] ProtectSequence(SrtpSession sender, int[] seqs, int[] lengths)
        {
            byte[][] packets = new byte[seqs.Length][];
            for (int i = 0; i < seqs.Length; i++)
            {
                packets[i] = SrtpFixture.Rtp(seqs[i], SrtpFixture.Ssrc, 20);
                lengths[i] = SrtpFixture.Protect(sender, packets[i], 32);
            }

            return packets;
        }

        [TestMethod]
        public void ReplayIsRejected()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtp(42, SrtpFixture.Ssrc, 20);
            int length = SrtpFixture.Protect(sender, packet, 32);
            byte[] copy = SrtpFixture.Copy(packet);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packet, length));
            SrtpFixture.Status(SrtpStatus.ReplayedPacket, SrtpFixture.Unprotect(receiver, copy, length));
            Assert.AreEqual(SrtpPolicy.SrtpPacketLimit - 1, receiver.SrtpPacketsRemaining, "a replay is not counted");
        }

        [TestMethod]
        [DataRow(64)]
        [DataRow(128)]
        [DataRow(100)]
        [DataRow(1024)]
        public void WindowEdge(int window)
        {
            SrtpPolicy policy = SrtpFixture.Policy(SrtpSuite.AesCm128HmacSha1_80);
            policy.ReplayWindowSize = window;
            SrtpSession receiver = SrtpFixture.Session(policy);
            int highest = 2000;
            int[] seqs = new int[] { highest - window - 5, highest, highest - window, highest - window + 1, highest - 1 };
            int[] lengths = new int[seqs.Length];
            byte[][] packets = new byte[seqs.Length][];
            for (int i = 0; i < seqs.Length; i++)
            {
                // A fresh sender per packet (all with ROC 0), since a sender refuses to go back in SEQ by more than its window.
                packets[i] = SrtpFixture.Rtp(seqs[i], SrtpFixture.Ssrc, 20);
                lengths[i] = SrtpFixture.Protect(SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80), packets[i], 32);
            }

            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packets[0], lengths[0]), "oldest first");
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packets[1], lengths[1]), "jump ahead");
            SrtpFixture.Status(SrtpStatus.PacketTooOld, SrtpFixture.Unprotect(receiver, packets[2], lengths[2]), "just outside the window");
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packets[3], lengths[3]), "oldest index inside the window");
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packets[4], lengths[4]), "late packet inside the window");
            SrtpFixture.Status(SrtpStatus.PacketTooOld, SrtpFixture.Unprotect(receiver, packets[0], lengths[0]), "first packet now too old");
        }

        [TestMethod]
        public void BitmapTracksEachIndexAcrossWordBoundaries()
        {
            // Receive even indices only, then the odd ones late: each must be accepted once and
            // replays of both refused, exercising the bitmap shift by 1..2 across 32-bit words.
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_32);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_32);
            int[] seqs = new int[100];
            for (int i = 0; i < 100; i++)
            {
                seqs[i] = 10 + i;
            }

            int[] lengths = new int[100];
            byte[][] packets = ProtectSequence(sender, seqs, lengths);
            byte[][] copies = new byte[100][];
            for (int i = 0; i < 100; i++)
            {
                copies[i] = SrtpFixture.Copy(packets[i]);
            }

            for (int i = 0; i < 100; i += 2)
            {
                SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packets[i], lengths[i]));
            }

            for (int i = 1; i < 100; i += 2)
            {
                SrtpFixture.Status(i >= 100 - 128 ? SrtpStatus.Ok : SrtpStatus.PacketTooOld, SrtpFixture.Unprotect(receiver, packets[i], lengths[i]), "odd " + i.ToString());
            }

            for (int i = 0; i < 100; i++)
            {
                SrtpFixture.Status(SrtpStatus.ReplayedPacket, SrtpFixture.Unprotect(receiver, copies[i], lengths[i]), "replay " + i.ToString());
            }
        }

        [TestMethod]
        public void RocFollowsSeqWrapWithReordering()
        {
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            int[] seqs = new int[] { 65533, 65534, 65535, 0, 1, 2 };
            int[] lengths = new int[seqs.Length];
            byte[][] packets = ProtectSequence(sender, seqs, lengths);
            Assert.AreEqual(0x10002L, sender.RtpSendIndex(SrtpFixture.Ssrc), "sender ROC incremented at the wrap (RFC 3711 §3.3.1)");

            byte[][] plain = new byte[seqs.Length][];
            for (int i = 0; i < seqs.Length; i++)
            {
                plain[i] = SrtpFixture.Rtp(seqs[i], SrtpFixture.Ssrc, 20);
            }

            // Arrival order: 65533, 65535, 0, 65534 (late, still ROC 0), 2, 1 (late, ROC 1).
            int[] order = new int[] { 0, 2, 3, 1, 5, 4 };
            long[] highest = new long[] { 65533, 65535, 0x10000, 0x10000, 0x10002, 0x10002 };
            for (int k = 0; k < order.Length; k++)
            {
                int i = order[k];
                byte[] copy = SrtpFixture.Copy(packets[i]);
                int plainLength;
                SrtpFixture.Status(SrtpStatus.Ok, receiver.Unprotect(packets[i], 0, lengths[i], out plainLength), "seq " + seqs[i].ToString());
                Assert.AreEqual(Hex.Of(plain[i], 0, 32), Hex.Of(packets[i], 0, 32), "decrypted with the right ROC");
                Assert.AreEqual(highest[k], receiver.RtpReceiveIndex(SrtpFixture.Ssrc));
                SrtpFixture.Status(SrtpStatus.ReplayedPacket, SrtpFixture.Unprotect(receiver, copy, lengths[i]));
            }
        }

        [TestMethod]
        public void SenderRefusesToReuseAnIndex()
        {
            // Protecting the same SEQ twice would encrypt two payloads with one keystream (RFC 3711 §9.1).
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(500, SrtpFixture.Ssrc, 20), 32);
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(502, SrtpFixture.Ssrc, 20), 32);
            byte[] again = SrtpFixture.Rtp(500, SrtpFixture.Ssrc, 20);
            byte[] original = SrtpFixture.Copy(again);
            int n;
            SrtpFixture.Status(SrtpStatus.ReplayedPacket, sender.Protect(again, 0, 32, out n));
            Assert.AreEqual(Hex.Of(original), Hex.Of(again), "nothing encrypted");
            SrtpFixture.Status(SrtpStatus.PacketTooOld, sender.Protect(SrtpFixture.Rtp(500 - 128, SrtpFixture.Ssrc, 20), 0, 32, out n));
            SrtpFixture.Protect(sender, SrtpFixture.Rtp(501, SrtpFixture.Ssrc, 20), 32);
            Assert.AreEqual(502L, sender.RtpSendIndex(SrtpFixture.Ssrc));
        }

        [TestMethod]
        public void PacketFromBeforeTheStreamStartIsTooOld()
        {
            // Stream starts at SEQ 10 with ROC 0; SEQ 65000 would need ROC −1 (RFC 3711 Appendix A).
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession other = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] early = SrtpFixture.Rtp(65000, SrtpFixture.Ssrc, 20);
            int earlyLength = SrtpFixture.Protect(other, early, 32);
            byte[] start = SrtpFixture.Rtp(10, SrtpFixture.Ssrc, 20);
            int startLength = SrtpFixture.Protect(sender, start, 32);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, start, startLength));
            SrtpFixture.Status(SrtpStatus.PacketTooOld, SrtpFixture.Unprotect(receiver, early, earlyLength));
            Assert.AreEqual(10L, receiver.RtpReceiveIndex(SrtpFixture.Ssrc));
        }

        [TestMethod]
        public void ForgedPacketAfterWrapDoesNotMoveRoc()
        {
            // A forged packet that would move the ROC forward must not: the ROC is committed only
            // after the tag verifies (RFC 3711 §3.3.1).
            SrtpSession sender = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            SrtpSession receiver = SrtpFixture.Session(SrtpSuite.AesCm128HmacSha1_80);
            byte[] packet = SrtpFixture.Rtp(65500, SrtpFixture.Ssrc, 20);
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, packet, SrtpFixture.Protect(sender, packet, 32)));
            byte[] next = SrtpFixture.Rtp(65501, SrtpFixture.Ssrc, 20);
            int nextLength = SrtpFixture.Protect(sender, next, 32);
            byte[] forged = SrtpFixture.Copy(next);
            forged[2] = 0;
            forged[3] = 5; // SEQ 5 → estimated ROC 1
            SrtpFixture.Status(SrtpStatus.AuthenticationFailed, SrtpFixture.Unprotect(receiver, forged, nextLength));
            Assert.AreEqual(65500L, receiver.RtpReceiveIndex(SrtpFixture.Ssrc));
            SrtpFixture.Status(SrtpStatus.Ok, SrtpFixture.Unprotect(receiver, next, nextLength));
        }
    }
}
