using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Tests.Sdes;
using Phone.Media;

namespace Phone.Tests.Sdp
{
    /// <summary>
    /// RFC 4568 §7.1.4: re-offers and their answers (hold, resume) may keep the session's crypto. We keep our key
    /// while the suite stays, because peers such as baresip 1.0 keep authenticating with the first key they were
    /// given, and because a sender restarted under the same key would reuse keystream (RFC 3711 §9.1).
    /// CountingEntropy(1) hands out bytes 01, 02, ... so each fresh 30-byte key‖salt is predictable.
    /// </summary>
    [TestClass]
    public class SdpSessionKeyTests
    {
        // Bytes 5b..78 and 79..96 of the counting source: the fourth and fifth fresh keys.
        const string Key4 = "W1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4";
        const string Key5 = "eXp7fH1+f4CBgoOEhYaHiImKi4yNjo+QkZKTlJWW";

        static string PeerSdp(string version, string direction, string crypto)
        {
            return PeerSdp(version, direction, crypto, "RTP/SAVP");
        }

        static string PeerSdp(string version, string direction, string crypto, string profile)
        {
            return "v=0\r\no=bob 99 " + version + " IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
                + "m=audio 30000 " + profile + " 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"
                + "a=" + direction + "\r\n" + crypto;
        }

        static bool Has(string text, string line)
        {
            return text.IndexOf(line + "\r\n") >= 0;
        }

        [TestMethod]
        public void ReOffer_AfterAnswer_RepeatsTheAgreedKey_AndFreshKeysForOtherSuites()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            n.CreateOffer(SdpDirection.SendRecv, true);
            SdpNegotiationResult first = n.AcceptAnswer(PeerSdp("1", "sendrecv", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"));
            Assert.AreEqual(0, (int)first.Error);

            SdpNegotiationResult hold = n.CreateOffer(SdpDirection.SendOnly, true);
            Assert.AreEqual(0, (int)hold.Error);
            Assert.IsTrue(Has(hold.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));
            // Line 2 was generated fresh: it took the fourth key (the third went to line 1 and was wiped).
            Assert.IsTrue(Has(hold.Text, "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + Key4));

            SdpNegotiationResult held = n.AcceptAnswer(PeerSdp("2", "recvonly", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"));
            Assert.AreEqual(0, (int)held.Error);
            Assert.AreEqual(SdesTestLines.Ps1uKey, Phone.Tests.Srtp.Hex.Of(held.Srtp.CreateInboundPolicy().MasterKey));
            Assert.AreEqual("0102030405060708090a0b0c0d0e0f10", Phone.Tests.Srtp.Hex.Of(held.Srtp.CreateOutboundPolicy().MasterKey));

            SdpNegotiationResult resume = n.CreateOffer(SdpDirection.SendRecv, true);
            Assert.IsTrue(Has(resume.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));
        }

        [TestMethod]
        public void ReOffer_AfterPeerChoseTheSecondSuite_KeepsThatLinesKey()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            n.CreateOffer(SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)n.AcceptAnswer(PeerSdp("1", "sendrecv", "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.Ps1u + "\r\n")).Error);

            SdpNegotiationResult hold = n.CreateOffer(SdpDirection.SendOnly, true);
            Assert.IsTrue(Has(hold.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key3));
            Assert.IsTrue(Has(hold.Text, "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdpTestOffers.Key2));
        }

        [TestMethod]
        public void AnswerToReOffer_RepeatsOurKey_WhileTheSuiteStays()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            string peerCrypto = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
            SdpNegotiationResult first = n.Answer(PeerSdp("1", "sendrecv", peerCrypto), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)first.Error);
            Assert.IsTrue(Has(first.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));

            SdpNegotiationResult held = n.Answer(PeerSdp("2", "sendonly", peerCrypto), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)held.Error);
            Assert.IsTrue(Has(held.Text, "a=recvonly"));
            Assert.IsTrue(Has(held.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));
            Assert.AreEqual("0102030405060708090a0b0c0d0e0f10", Phone.Tests.Srtp.Hex.Of(held.Srtp.CreateOutboundPolicy().MasterKey));

            // The peer re-keys under another tag: our key stays (the suite is the same), the tag follows the peer.
            SdpNegotiationResult rekeyed = n.Answer(PeerSdp("3", "sendrecv", "a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.D0rm + "\r\n"), SdpDirection.SendRecv, true);
            Assert.IsTrue(Has(rekeyed.Text, "a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));
        }

        [TestMethod]
        public void AnswerToReOffer_WithAnotherSuite_GetsAFreshKey()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            n.Answer(PeerSdp("1", "sendrecv", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"), SdpDirection.SendRecv, true);
            SdpNegotiationResult other = n.Answer(PeerSdp("2", "sendrecv", "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.Ps1u + "\r\n"), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)other.Error);
            Assert.IsTrue(Has(other.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:" + SdpTestOffers.Key2));

            // Back to the first suite: the session key is now the _32 one, so _80 gets another fresh key.
            SdpNegotiationResult back = n.Answer(PeerSdp("3", "sendrecv", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"), SdpDirection.SendRecv, true);
            Assert.IsTrue(Has(back.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key3));
        }

        [TestMethod]
        public void Optional_PlainRenegotiation_ForgetsTheKey()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Optional);
            string peerCrypto = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
            n.Answer(PeerSdp("1", "sendrecv", peerCrypto, "RTP/AVP"), SdpDirection.SendRecv, true);
            SdpNegotiationResult plain = n.Answer(PeerSdp("2", "sendrecv", "", "RTP/AVP"), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)plain.Error);
            Assert.IsFalse(plain.UsesSrtp);

            SdpNegotiationResult again = n.Answer(PeerSdp("3", "sendrecv", peerCrypto, "RTP/AVP"), SdpDirection.SendRecv, true);
            Assert.IsTrue(Has(again.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key2));
            Assert.IsFalse(Has(again.Text, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1));
        }
    }
}
