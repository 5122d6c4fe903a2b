using nanoFramework.TestFramework;
using Phone.Config;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Tests.Sdes;
using Phone.Audio;
using Phone.Media;

namespace Phone.Tests.Sdp
{
    /// <summary>Our offers (RFC 3264 §5) by SRTP mode, session versions (§8), hold offers (§8.4) and accepting answers (§7).</summary>
    [TestClass]
    public class SdpOfferTests
    {
        const string Head = "v=0\r\n"
            + "o=- 42 1 IN IP4 192.0.2.1\r\n"
            + "s=-\r\n"
            + "c=IN IP4 192.0.2.1\r\n"
            + "t=0 0\r\n";

        const string Codecs = "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n"
            + "a=rtpmap:13 CN/8000\r\n"
            + "a=rtpmap:101 telephone-event/8000\r\n"
            + "a=fmtp:101 0-15\r\n"
            + "a=ptime:20\r\n";

        [TestMethod]
        public void Mandatory_FullOfferText()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).CreateOffer(SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            string expected = Head
                + "m=audio 40000 RTP/SAVP 0 8 13 101\r\n"
                + Codecs
                + "a=sendrecv\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1 + "\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdpTestOffers.Key2 + "\r\n";
            Assert.AreEqual(expected, r.Text);
            Assert.AreEqual(0, (int)SdpParser.Parse(r.Text).Error);
        }

        [TestMethod]
        public void Optional_OffersAvpWithCrypto()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).CreateOffer(SdpDirection.SendRecv, true);
            string expected = Head
                + "m=audio 40000 RTP/AVP 0 8 13 101\r\n"
                + Codecs
                + "a=sendrecv\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1 + "\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdpTestOffers.Key2 + "\r\n";
            Assert.AreEqual(expected, r.Text);
        }

        [TestMethod]
        public void Off_OffersAvpWithoutCrypto_InConfiguredCodecOrder()
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Off;
            AudioSettings audio = new AudioSettings();
            audio.Codecs = new AudioCodec[] { AudioCodec.Pcma, AudioCodec.Pcmu };
            audio.Ptime = 40;
            SdpOfferAnswer n = new SdpOfferAnswer(srtp, audio, new CountingEntropy(1), SdpTestOffers.LocalAddress, SdpTestOffers.LocalPort, "42", 1);
            SdpNegotiationResult r = n.CreateOffer(SdpDirection.SendRecv, false);
            string expected = Head
                + "m=audio 40000 RTP/AVP 8 0 13 101\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:13 CN/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:40\r\n"
                + "a=sendrecv\r\n";
            Assert.AreEqual(expected, r.Text);
        }

        [TestMethod]
        public void ComfortNoiseOff_OffersNoCn()
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Off;
            AudioSettings audio = new AudioSettings();
            audio.ComfortNoise = false;
            SdpOfferAnswer n = new SdpOfferAnswer(srtp, audio, new CountingEntropy(1), SdpTestOffers.LocalAddress, SdpTestOffers.LocalPort, "42", 1);
            string text = n.CreateOffer(SdpDirection.SendRecv, false).Text;
            Assert.IsTrue(text.IndexOf("m=audio 40000 RTP/AVP 0 8 101\r\n") > 0);
            Assert.IsFalse(text.IndexOf("CN/8000") >= 0, "no CN line");
        }

        [TestMethod]
        public void Mandatory_UnprotectedSignalling_RefusesOffer()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).CreateOffer(SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.KeysNeedProtectedSignalling, (int)r.Error);
            Assert.IsNull(r.Text);
        }

        [TestMethod]
        public void Optional_UnprotectedSignalling_OffersWithoutKeys()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).CreateOffer(SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual((int)SdpError.KeysNeedProtectedSignalling, (int)r.Notice);
            Assert.AreEqual(-1, r.Text.IndexOf("a=crypto"));
        }

        [TestMethod]
        public void Unprotected_AllowedByConfig_OffersKeys()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory, new SrtpSettings().Suites, true);
            SdpNegotiationResult r = n.CreateOffer(SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.Text.IndexOf("a=crypto:1 ") > 0);
        }

        [TestMethod]
        public void SessionVersion_IncrementsOnEveryNewOffer_HoldAndResume()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Off);
            SdpNegotiationResult first = n.CreateOffer(SdpDirection.SendRecv, false);
            SdpNegotiationResult hold = n.CreateOffer(SdpDirection.SendOnly, false);
            SdpNegotiationResult resume = n.CreateOffer(SdpDirection.SendRecv, false);
            Assert.AreEqual(1L, SdpParser.Parse(first.Text).Session.SessionVersion);
            Assert.AreEqual(2L, SdpParser.Parse(hold.Text).Session.SessionVersion);
            Assert.AreEqual(3L, SdpParser.Parse(resume.Text).Session.SessionVersion);
            Assert.AreEqual("42", SdpParser.Parse(resume.Text).Session.SessionId);
            Assert.IsTrue(hold.Text.IndexOf("a=sendonly\r\n") > 0);
            Assert.AreEqual((int)SdpDirection.SendOnly, (int)hold.Direction);
            Assert.AreEqual(4L, n.NextVersion);
        }

        [TestMethod]
        public void HoldInactive_Offered()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).CreateOffer(SdpDirection.Inactive, false);
            Assert.IsTrue(r.Text.IndexOf("a=inactive\r\n") > 0);
        }

        static string Answer(string proto, string formats, string extra)
        {
            return "v=0\r\no=bob 99 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
                + "m=audio 30000 " + proto + " " + formats + "\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" + extra;
        }

        [TestMethod]
        public void AcceptAnswer_ComfortNoise_OnlyWhenTheAnswerKeepsIt()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Off);
            n.CreateOffer(SdpDirection.SendRecv, false);
            SdpNegotiationResult r = n.AcceptAnswer(Answer("RTP/AVP", "0 13 101", "a=rtpmap:13 CN/8000\r\n"));
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(13, r.ComfortNoisePayloadType);

            n.CreateOffer(SdpDirection.SendRecv, false);
            r = n.AcceptAnswer(Answer("RTP/AVP", "0 101", ""));
            Assert.AreEqual(-1, r.ComfortNoisePayloadType);

            // A CN type we did not offer (RFC 3264 §6.1: the answer uses the offer's types) is not taken.
            n.CreateOffer(SdpDirection.SendRecv, false);
            r = n.AcceptAnswer(Answer("RTP/AVP", "0 98 101", "a=rtpmap:98 CN/8000\r\n"));
            Assert.AreEqual(-1, r.ComfortNoisePayloadType);
        }

        [TestMethod]
        public void Answer_ComfortNoise_StaticDynamicOtherRateAndOff()
        {
            // Static type 13 without rtpmap (RFC 3551 §6): answered under 13.
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(Answer("RTP/AVP", "0 13 101", ""), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(13, r.ComfortNoisePayloadType);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 0 13 101\r\n") > 0);
            Assert.IsTrue(r.Text.IndexOf("a=rtpmap:13 CN/8000\r\n") > 0);

            // A dynamic type named CN/8000 keeps the peer's number.
            r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(Answer("RTP/AVP", "8 97 101", "a=rtpmap:97 cn/8000\r\n"), SdpDirection.SendRecv, false);
            Assert.AreEqual(97, r.ComfortNoisePayloadType);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 8 97 101\r\n") > 0);

            // CN at another clock rate is not ours (we play 8 kHz audio).
            r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(Answer("RTP/AVP", "0 98 101", "a=rtpmap:98 CN/16000\r\n"), SdpDirection.SendRecv, false);
            Assert.AreEqual(-1, r.ComfortNoisePayloadType);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 0 101\r\n") > 0);

            // Configured off: CN is left out of the answer.
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Off;
            AudioSettings audio = new AudioSettings();
            audio.ComfortNoise = false;
            SdpOfferAnswer off = new SdpOfferAnswer(srtp, audio, new CountingEntropy(1), SdpTestOffers.LocalAddress, SdpTestOffers.LocalPort, "42", 1);
            r = off.Answer(Answer("RTP/AVP", "0 13 101", ""), SdpDirection.SendRecv, false);
            Assert.AreEqual(-1, r.ComfortNoisePayloadType);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 0 101\r\n") > 0);
        }

        [TestMethod]
        public void AcceptAnswer_Mandatory_SecondSuite()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            n.CreateOffer(SdpDirection.SendRecv, true);
            string answer = Answer("RTP/SAVP", "8 101", "a=ptime:30\r\na=rtcp:30005\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.Ps1u + "\r\n");
            SdpNegotiationResult r = n.AcceptAnswer(answer);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsNull(r.Text);
            Assert.AreEqual("198.51.100.2", r.RemoteAddress);
            Assert.AreEqual(30000, r.RemotePort);
            Assert.AreEqual(30005, r.RemoteRtcpPort);
            Assert.AreEqual(8, r.PayloadType);
            Assert.AreEqual(101, r.DtmfPayloadType);
            Assert.AreEqual(30, r.Ptime);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)r.Direction);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)r.Srtp.Suite);
            Assert.AreEqual(2, r.Srtp.Local.Tag);
            Assert.AreEqual(SdesTestLines.Ps1uKey, Phone.Tests.Srtp.Hex.Of(r.Srtp.CreateInboundPolicy().MasterKey));
            Assert.IsFalse(n.OfferOutstanding);
        }

        [TestMethod]
        public void AcceptAnswer_Mandatory_NoCrypto_OrWrongTag_OrAvp()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            n.CreateOffer(SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.AnswerCryptoMissing, (int)n.AcceptAnswer(Answer("RTP/SAVP", "0 101", "")).Error);

            SdpNegotiationResult r = n.AcceptAnswer(Answer("RTP/SAVP", "0 101", "a=crypto:7 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"));
            Assert.AreEqual((int)SdpError.AnswerCryptoRejected, (int)r.Error);
            Assert.AreEqual((int)SdesError.AnswerTagNotOffered, (int)r.SdesError);

            Assert.AreEqual((int)SdpError.AnswerTransportMismatch, (int)n.AcceptAnswer(Answer("RTP/AVP", "0 101", "")).Error);
        }

        [TestMethod]
        public void AcceptAnswer_Optional_PlainAvpAnswer_NoSrtp()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Optional);
            n.CreateOffer(SdpDirection.SendRecv, true);
            SdpNegotiationResult r = n.AcceptAnswer(Answer("RTP/AVP", "0 101", "a=recvonly\r\n"));
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsFalse(r.UsesSrtp);
            Assert.AreEqual(0, r.PayloadType);
            Assert.AreEqual(20, r.Ptime);
            Assert.AreEqual((int)SdpDirection.SendOnly, (int)r.Direction);
            Assert.IsFalse(n.OfferOutstanding);
        }

        [TestMethod]
        public void AcceptAnswer_RejectedAudio_CodecNotOffered_NoOffer()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Off);
            Assert.AreEqual((int)SdpError.NoOfferOutstanding, (int)n.AcceptAnswer(Answer("RTP/AVP", "0", "")).Error);

            n.CreateOffer(SdpDirection.SendRecv, false);
            string rejected = "v=0\r\no=bob 99 1 IN IP4 198.51.100.2\r\ns=-\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n";
            Assert.AreEqual((int)SdpError.AnswerRejectedAudio, (int)n.AcceptAnswer(rejected).Error);
            Assert.AreEqual((int)SdpError.NoCommonCodec, (int)n.AcceptAnswer(Answer("RTP/AVP", "18 101", "")).Error);
        }

        [TestMethod]
        public void AcceptAnswer_ZeroAddress_MeansWeDoNotSend()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Off);
            n.CreateOffer(SdpDirection.SendRecv, false);
            string answer = "v=0\r\no=bob 99 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 30000 RTP/AVP 0\r\n";
            SdpNegotiationResult r = n.AcceptAnswer(answer);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual((int)SdpDirection.RecvOnly, (int)r.Direction);
            Assert.IsTrue(r.RemoteHold);
        }

        [TestMethod]
        public void BadLocalAddress_IsReported()
        {
            SdpOfferAnswer n = new SdpOfferAnswer(new SrtpSettings(), new AudioSettings(), new CountingEntropy(1), "localhost", 40000, "1", 1);
            Assert.AreEqual((int)SdpError.BadLocalAddress, (int)n.CreateOffer(SdpDirection.SendRecv, true).Error);
        }
    }
}
