using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Audio;
using Phone.Crypto;
using Phone.Tests.Srtp;

namespace Phone.Tests.Media
{
    /// <summary>
    /// What the session does with datagrams it must not play: tampered SRTP (RFC 3711 §3.3 step 5),
    /// replays (§3.3.2), plain RTP/RTCP on an SRTP call (baresip's plain RTCP APP at start and BYE at
    /// end), STUN and DTLS on the media port (RFC 7983), an authentic packet from a second SSRC, and
    /// garbage. Each is counted, none reaches the jitter buffer, none stops the call.
    /// </summary>
    [TestClass]
    public class MediaSessionSecurityTests
    {
        private static MediaSessionPair Started(SrtpMode mode)
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, mode);
            p.StartCall();
            p.Frames(10);
            p.Deliver = false; // the tests deliver A's packets themselves
            return p;
        }

        [TestMethod]
        public void TamperedPacketIsCountedAndNotPlayed()
        {
            MediaSessionPair p = Started(SrtpMode.Mandatory);
            int received = p.B.JitterBuffer.Received;
            p.Frame();
            p.LastA[20] ^= 0x01;
            Assert.AreEqual((int)MediaPacketKind.Rtp, (int)p.B.Receive(p.LastA, 0, p.LengthA, p.Now));
            Assert.AreEqual(1, p.B.Statistics.AuthenticationFailures);
            Assert.AreEqual(received, p.B.JitterBuffer.Received, "never reaches the jitter buffer");

            // The tag itself altered, and a truncated packet.
            p.Frame();
            p.LastA[p.LengthA - 1] ^= 0x80;
            p.B.Receive(p.LastA, 0, p.LengthA, p.Now);
            Assert.AreEqual(2, p.B.Statistics.AuthenticationFailures);
            p.Frame();
            p.B.Receive(p.LastA, 0, 14, p.Now);
            Assert.AreEqual(received, p.B.JitterBuffer.Received);

            // The call goes on.
            p.Deliver = true;
            p.Frames(5);
            Assert.AreEqual(received + 5, p.B.JitterBuffer.Received);
        }

        [TestMethod]
        public void ReplayedPacketIsCountedAndNotPlayed()
        {
            MediaSessionPair p = Started(SrtpMode.Mandatory);
            p.Frame();
            System.Array.Copy(p.LastA, 0, p.Copy, 0, p.LengthA);
            p.B.Receive(p.LastA, 0, p.LengthA, p.Now); // unprotected in place
            int received = p.B.JitterBuffer.Received;
            p.B.Receive(p.Copy, 0, p.LengthA, p.Now);
            Assert.AreEqual(1, p.B.Statistics.Replays);
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures);
            Assert.AreEqual(received, p.B.JitterBuffer.Received);
            Assert.AreEqual(0, p.B.JitterBuffer.Duplicates, "stopped before the jitter buffer");
        }

        [TestMethod]
        public void PlainRtpAndRtcpOnAnSrtpCallAreDroppedQuietly()
        {
            MediaSessionPair p = Started(SrtpMode.Mandatory);
            int received = p.B.JitterBuffer.Received;
            int rtcp = p.B.Statistics.RtcpReceived;

            // Plain RTP with the peer's own SSRC, next sequence number, whole frame.
            byte[] rtp = new byte[12 + 160];
            rtp[0] = 0x80;
            rtp[3] = 1;
            uint ssrc = p.A.LocalSsrc;
            rtp[8] = (byte)(ssrc >> 24);
            rtp[9] = (byte)(ssrc >> 16);
            rtp[10] = (byte)(ssrc >> 8);
            rtp[11] = (byte)ssrc;
            Assert.AreEqual((int)MediaPacketKind.Rtp, (int)p.B.Receive(rtp, 0, rtp.Length, p.Now));

            // baresip at stream start: a plain RTCP APP packet (RFC 3550 §6.7), 12 octets + 4 of data.
            byte[] app = new byte[] { 0x80, 204, 0, 3, 1, 2, 3, 4, (byte)'b', (byte)'a', (byte)'r', (byte)'e', 0, 0, 0, 0 };
            Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)p.B.Receive(app, 0, app.Length, p.Now));
            // ... and at the end a plain RR + BYE (RFC 3550 §6.6).
            byte[] bye = new byte[] { 0x80, 201, 0, 1, 1, 2, 3, 4, 0x81, 203, 0, 1, 1, 2, 3, 4 };
            Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)p.B.Receive(bye, 0, bye.Length, p.Now));

            MediaStatistics s = p.B.Statistics;
            Assert.AreEqual(3, s.UnprotectedDropped);
            Assert.AreEqual(0, s.AuthenticationFailures, "told apart from forgeries");
            Assert.AreEqual(received, p.B.JitterBuffer.Received);
            Assert.AreEqual(rtcp, s.RtcpReceived);
            Assert.IsFalse(s.ByeReceived, "an unauthenticated BYE does not count");
            Assert.IsTrue(p.B.Active);
        }

        [TestMethod]
        public void PeerQuirksAndRtcpFailuresAreCountedApart()
        {
            // A _32 suite; A's own RTCP is off so our stand-in for A's SRTCP sender starts the index at 0.
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory, new SrtpSuite[] { SrtpSuite.AesCm128HmacSha1_32 });
            p.AutoRtcpA = false;
            p.StartCall();
            p.Frames(5);
            SrtpSession peer = new SrtpSession(p.MediaA.Srtp.CreateOutboundPolicy(), new ManagedCryptoKernel());
            string ssrc = Hex.Of(new byte[] { (byte)(p.A.LocalSsrc >> 24), (byte)(p.A.LocalSsrc >> 16), (byte)(p.A.LocalSsrc >> 8), (byte)p.A.LocalSsrc }, 0, 4);
            MediaStatistics s = p.B.Statistics;
            int rtcp = s.RtcpReceived;

            // linphonec: SRs signed with a 32-bit SRTCP tag (RFC 4568 §6.2.2 keeps 80 bits): the quirk, not an
            // attack. The second one's E/index word 0x80000001 reads as a plain RTCP header of 8 octets.
            string sr = "80c80006" + ssrc + "0000000100000002000000030000000400000005";
            for (int i = 1; i <= 2; i++)
            {
                int m = ProtectRtcp(peer, sr, p.Wire) - 6;
                Assert.AreEqual((int)MediaPacketKind.Rtcp, (int)p.B.Receive(p.Wire, 0, m, p.Now));
                Assert.AreEqual(i, s.ShortRtcpTags);
            }

            Assert.AreEqual(0, s.RtcpAuthenticationFailures);
            Assert.AreEqual(0, s.UnprotectedDropped);
            int n;

            // A forged SRTCP packet is an RTCP authentication failure, apart from RTP's.
            n = ProtectRtcp(peer, "80c90001" + ssrc, p.Wire);
            p.Wire[n - 1] ^= 1;
            p.B.Receive(p.Wire, 0, n, p.Now);
            Assert.AreEqual(1, s.RtcpAuthenticationFailures);
            Assert.AreEqual(0, s.AuthenticationFailures);
            Assert.AreEqual(rtcp, s.RtcpReceived);

            // baresip: an authentic compound that holds only an APP packet (RFC 3550 §6.7) is read, not malformed.
            n = ProtectRtcp(peer, "80cc0002" + ssrc + "74657374", p.Wire);
            p.B.Receive(p.Wire, 0, n, p.Now);
            Assert.AreEqual(rtcp + 1, s.RtcpReceived);
            Assert.AreEqual(1, s.RtcpAppPackets);
            Assert.AreEqual(0, s.Malformed);
            Assert.AreEqual(2, s.ShortRtcpTags);
        }

        private static int ProtectRtcp(SrtpSession session, string hex, byte[] wire)
        {
            byte[] plain = Hex.Parse(hex);
            System.Array.Copy(plain, 0, wire, 0, plain.Length);
            int n;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)session.ProtectRtcp(wire, 0, plain.Length, out n));
            return n;
        }

        [TestMethod]
        public void PlainRtpFlowsWhenSrtpIsOff()
        {
            MediaSessionPair p = Started(SrtpMode.Off);
            int received = p.B.JitterBuffer.Received;
            p.Frame();
            Assert.AreEqual(12 + 160, p.LengthA);
            p.B.Receive(p.LastA, 0, p.LengthA, p.Now);
            Assert.AreEqual(received + 1, p.B.JitterBuffer.Received);
            Assert.AreEqual(0, p.B.Statistics.UnprotectedDropped);
        }

        [TestMethod]
        public void StunDtlsAndGarbageAreSortedOutByTheFirstOctet()
        {
            MediaSessionPair p = Started(SrtpMode.Mandatory);
            // RFC 5389 §6: Binding Request, length 0, magic cookie, transaction id (linphone's keep-alive).
            byte[] stun = new byte[] { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
            Assert.AreEqual((int)MediaPacketKind.Stun, (int)p.B.Receive(stun, 0, stun.Length, p.Now));
            byte[] dtls = new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
            Assert.AreEqual((int)MediaPacketKind.Dtls, (int)p.B.Receive(dtls, 0, dtls.Length, p.Now));
            byte[] junk = new byte[] { 0xFF, 1, 2 };
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)p.B.Receive(junk, 0, junk.Length, p.Now));
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)p.B.Receive(null, 0, 0, p.Now));
            Assert.AreEqual((int)MediaPacketKind.Unknown, (int)p.B.Receive(junk, 2, 5, p.Now));
            MediaStatistics s = p.B.Statistics;
            Assert.AreEqual(1, s.StunPackets);
            Assert.AreEqual(1, s.OtherPackets);
            Assert.AreEqual(3, s.Malformed);
            Assert.AreEqual(0, s.AuthenticationFailures);
        }

        [TestMethod]
        public void AuthenticPacketFromASecondSourceDoesNotReachTheBuffer()
        {
            MediaSessionPair p = Started(SrtpMode.Mandatory);
            // Someone holding A's key (a second device of the peer, or a B2BUA) sends under another SSRC.
            SrtpSession forger = new SrtpSession(p.MediaA.Srtp.CreateOutboundPolicy(), new ManagedCryptoKernel());
            byte[] rtp = new byte[12 + 160 + 10];
            rtp[0] = 0x80;
            rtp[3] = 7;
            rtp[8] = 0x12;
            rtp[9] = 0x34;
            rtp[10] = 0x56;
            rtp[11] = 0x78;
            int n;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)forger.Protect(rtp, 0, 12 + 160, out n));
            int received = p.B.JitterBuffer.Received;
            p.B.Receive(rtp, 0, n, p.Now);
            Assert.AreEqual(1, p.B.Statistics.WrongSsrc);
            Assert.AreEqual(received, p.B.JitterBuffer.Received);
            Assert.AreEqual(p.A.LocalSsrc, p.B.Statistics.RemoteSsrc);

            // Once the current source has been silent a while (RFC 3550 §8.2: a new SSRC is a new
            // source, e.g. after a transfer in a B2BUA), the new one is taken.
            p.Frames(10);
            rtp[3] = 8;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)forger.Protect(rtp, 0, 12 + 160, out n));
            p.B.Receive(rtp, 0, n, p.Now);
            Assert.AreEqual(1, p.B.Statistics.WrongSsrc);
            Assert.AreEqual(0x12345678u, p.B.Statistics.RemoteSsrc);
            Assert.AreEqual(1, p.B.JitterBuffer.SsrcChanges);
        }

        [TestMethod]
        public void PeerRekeys_OurSendContextContinues_NoIndexRepeatsUnderOurKey()
        {
            MediaSessionPair p = new MediaSessionPair(AudioCodec.Pcmu, 20, SrtpMode.Mandatory);
            Assert.IsTrue(p.StartCall());
            p.AutoRtcpA = false;
            byte[] ourKey = (byte[])p.MediaA.Srtp.Local.Key.MasterKey.Clone();
            p.Frames(10);
            long due = p.A.NextRtcpDeadlineMs;
            p.Now = due;
            int n = p.A.PollRtcp(p.Now, p.Wire, 0);
            // RFC 3711 §3.4: E flag and 31-bit SRTCP index, then the 80-bit tag.
            uint first = MediaSessionPair.Word(p.Wire, n - 14) & 0x7FFFFFFF;
            p.B.Receive(p.Wire, 0, n, p.Now);
            int seq = p.A.NextSequenceNumber;

            // The peer answers A's re-offer with a new key of its own (a new negotiator: a restarted peer).
            SdpOfferAnswer peer = new SdpOfferAnswer(new SrtpSettings(), new AudioSettings(), new Phone.Tests.Sdes.CountingEntropy(201),
                MediaSessionPair.AddressB, MediaSessionPair.PortB, "9", 1);
            SdpNegotiationResult offer = p.NegA.CreateOffer(SdpDirection.SendRecv, true);
            p.MediaB = peer.Answer(offer.Text, SdpDirection.SendRecv, true);
            p.MediaA = p.NegA.AcceptAnswer(p.MediaB.Text);
            Assert.IsTrue(p.MediaA.Succeeded);
            byte[] kept = p.MediaA.Srtp.Local.Key.MasterKey;
            bool same = kept.Length == ourKey.Length;
            for (int i = 0; same && i < kept.Length; i++)
            {
                same = kept[i] == ourKey[i];
            }

            Assert.IsTrue(same, "our negotiator keeps our key in a re-offer (RFC 4568 §7.1.4)");
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.A.Update(p.MediaA, p.Now));
            Assert.AreEqual((int)MediaStatus.Ok, (int)p.B.Update(p.MediaB, p.Now));

            p.Frame();
            Assert.AreEqual(seq, p.HeaderA.SequenceNumber, "RTP continues");
            due = p.A.NextRtcpDeadlineMs;
            p.Now = due;
            n = p.A.PollRtcp(p.Now, p.Wire, 0);
            Assert.AreEqual(first + 1, MediaSessionPair.Word(p.Wire, n - 14) & 0x7FFFFFFF, "the SRTCP index continues: it must not restart under the same key");
            int rtcp = p.B.Statistics.RtcpReceived;
            p.B.Receive(p.Wire, 0, n, p.Now);
            Assert.AreEqual(rtcp + 1, p.B.Statistics.RtcpReceived);

            // Both directions still authenticate: B sends under its new key, A under the old one.
            int checkedBefore = p.ToneFramesChecked;
            p.Frames(20);
            Assert.AreEqual(0, p.A.Statistics.AuthenticationFailures + p.A.Statistics.Replays);
            Assert.AreEqual(0, p.B.Statistics.AuthenticationFailures + p.B.Statistics.Replays);
            Assert.IsTrue(p.ToneFramesChecked - checkedBefore >= 15);
            Assert.AreEqual(0, p.ToneErrors);
            Assert.AreEqual((int)PlayoutKind.Real, (int)p.PlayedA);
        }
    }
}
