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
    /// <summary>Answering offers (RFC 3264 §6) in each SRTP mode: 488 cases, SRTP over SAVP and AVP, codec, DTMF, ptime, direction.</summary>
    [TestClass]
    public class SdpAnswerTests
    {
        [TestMethod]
        public void Mandatory_BaresipSavp_FullAnswerText()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(200, r.Status);
            string expected = "v=0\r\n"
                + "o=- 42 1 IN IP4 192.0.2.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.1\r\n"
                + "t=0 0\r\n"
                + "m=audio 40000 RTP/SAVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1 + "\r\n";
            Assert.AreEqual(expected, r.Text);

            Assert.AreEqual("192.168.1.20", r.RemoteAddress);
            Assert.AreEqual(10000, r.RemotePort);
            Assert.AreEqual(10001, r.RemoteRtcpPort);
            Assert.AreEqual(0, r.PayloadType);
            Assert.AreEqual((int)AudioCodec.Pcmu, (int)r.Codec);
            Assert.AreEqual(101, r.DtmfPayloadType);
            Assert.AreEqual(20, r.Ptime);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)r.Direction);
            Assert.IsFalse(r.RemoteHold);
            Assert.IsTrue(r.UsesSrtp);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)r.Srtp.Suite);
            SrtpPolicy inbound = r.Srtp.CreateInboundPolicy();
            Assert.AreEqual(16, inbound.MasterKey.Length);
        }

        [TestMethod]
        public void Mandatory_Linphone_PicksOurSuite_RtcpAttribute_RejectsVideo()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.Linphone(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(1, r.Srtp.Remote.Tag);
            Assert.AreEqual(0, r.PayloadType);
            Assert.AreEqual(100, r.DtmfPayloadType);
            Assert.AreEqual(7079, r.RemoteRtcpPort);
            Assert.AreEqual("10.0.0.5", r.RemoteAddress);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/SAVP 0 100\r\n") > 0);
            Assert.IsTrue(r.Text.IndexOf("a=rtpmap:100 telephone-event/8000\r\na=fmtp:100 0-15\r\n") > 0);
            Assert.IsTrue(r.Text.EndsWith("m=video 0 RTP/SAVP 96\r\n"));
        }

        [TestMethod]
        public void Mandatory_Linphone_Aes256Preferred_PicksTag3()
        {
            SrtpSuite[] suites = new SrtpSuite[] { SrtpSuite.Aes256CmHmacSha1_80, SrtpSuite.AesCm128HmacSha1_80 };
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory, suites, false);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.Linphone(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(3, r.Srtp.Local.Tag);
            Assert.AreEqual((int)SrtpSuite.Aes256CmHmacSha1_80, (int)r.Srtp.Suite);
        }

        [TestMethod]
        public void Mandatory_PlainAvp_Is488()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(SdpTestOffers.PlainAvp(), SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.SrtpRequired, (int)r.Error);
            Assert.AreEqual(488, r.Status);
            Assert.IsNull(r.Text);
        }

        [TestMethod]
        public void Mandatory_AvpWithCrypto_Is488()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(SdpTestOffers.BaresipAvpWithCrypto(), SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.SrtpRequired, (int)r.Error);
            Assert.AreEqual(488, r.Status);
        }

        [TestMethod]
        public void Mandatory_SavpWithoutCrypto_Is488()
        {
            string offer = SdpTestOffers.BaresipSavp();
            offer = offer.Substring(0, offer.IndexOf("a=crypto"));
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(offer, SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.SrtpRequired, (int)r.Error);
            Assert.AreEqual(488, r.Status);
        }

        [TestMethod]
        public void Mandatory_OnlyUnsupportedSuites_Is488WithSdesReason()
        {
            string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/SAVP 0\r\n"
                + "a=crypto:1 AEAD_AES_256_GCM inline:" + SdesTestLines.K256 + "\r\n"
                + "a=crypto:2 F8_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(offer, SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.NoUsableCrypto, (int)r.Error);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)r.SdesError);
            Assert.AreEqual(488, r.Status);
        }

        [TestMethod]
        public void Mandatory_UnprotectedSignalling_RefusesToSendKeys()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.KeysNeedProtectedSignalling, (int)r.Error);
            Assert.IsNull(r.Text);
            Assert.AreEqual(488, r.Status);
        }

        [TestMethod]
        public void Mandatory_UnprotectedSignalling_AllowedByConfig()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Mandatory, new SrtpSettings().Suites, true);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.UsesSrtp);
        }

        [TestMethod]
        public void Optional_SavpWithCrypto_UsesSrtp()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.UsesSrtp);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/SAVP 0 101\r\n") > 0);
        }

        [TestMethod]
        public void Optional_AvpWithCrypto_UsesSrtp_AnswersAvpWithCrypto()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).Answer(SdpTestOffers.BaresipAvpWithCrypto(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.UsesSrtp);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 0 101\r\n") > 0);
            Assert.IsTrue(r.Text.EndsWith("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdpTestOffers.Key1 + "\r\n"));
        }

        [TestMethod]
        public void Optional_AvpWithCrypto_UnprotectedSignalling_FallsBackToRtp()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).Answer(SdpTestOffers.BaresipAvpWithCrypto(), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsFalse(r.UsesSrtp);
            Assert.AreEqual((int)SdpError.KeysNeedProtectedSignalling, (int)r.Notice);
            Assert.AreEqual(-1, r.Text.IndexOf("a=crypto"));
        }

        [TestMethod]
        public void Optional_SavpUnprotectedSignalling_Is488()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.KeysNeedProtectedSignalling, (int)r.Error);
        }

        [TestMethod]
        public void Optional_PlainAvp_NoSrtp_CodecPtimeDtmfFromOffer()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Optional).Answer(SdpTestOffers.PlainAvp(), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsFalse(r.UsesSrtp);
            Assert.AreEqual(8, r.PayloadType);
            Assert.AreEqual((int)AudioCodec.Pcma, (int)r.Codec);
            Assert.AreEqual(101, r.DtmfPayloadType);
            Assert.AreEqual(30, r.Ptime);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n") > 0);
            Assert.IsTrue(r.Text.IndexOf("a=ptime:30\r\n") > 0);
        }

        [TestMethod]
        public void Off_SavpIs488_AvpCryptoIgnored()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.SrtpDisabled, (int)r.Error);
            Assert.AreEqual(488, r.Status);

            r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(SdpTestOffers.BaresipAvpWithCrypto(), SdpDirection.SendRecv, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsFalse(r.UsesSrtp);
            Assert.AreEqual(-1, r.Text.IndexOf("a=crypto"));
        }

        [TestMethod]
        public void CodecChoice_FollowsOfferOrder_AmongConfiguredCodecs()
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Off;
            AudioSettings audio = new AudioSettings();
            audio.Codecs = new AudioCodec[] { AudioCodec.Pcmu };
            SdpOfferAnswer n = new SdpOfferAnswer(srtp, audio, new CountingEntropy(1), SdpTestOffers.LocalAddress, SdpTestOffers.LocalPort, "42", 1);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.PlainAvp(), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, r.PayloadType);

            audio.Codecs = new AudioCodec[0];
            r = n.Answer(SdpTestOffers.PlainAvp(), SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.NoCommonCodec, (int)r.Error);
            Assert.AreEqual(488, r.Status);
        }

        [TestMethod]
        public void DynamicPcmu_AndDtmfWithoutFullEvents()
        {
            string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 112 96\r\n"
                + "a=rtpmap:112 pcmu/8000\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-11\r\n";
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(offer, SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(112, r.PayloadType);
            Assert.AreEqual(-1, r.DtmfPayloadType);
            Assert.IsTrue(r.Text.IndexOf("m=audio 40000 RTP/AVP 112\r\na=rtpmap:112 PCMU/8000\r\n") > 0);
        }

        [TestMethod]
        public void DtmfEventList_WithCommasCovers0To15()
        {
            string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0 97\r\n"
                + "a=rtpmap:97 telephone-event/8000\r\na=fmtp:97 0-9,10,11-15,32\r\n";
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(offer, SdpDirection.SendRecv, false);
            Assert.AreEqual(97, r.DtmfPayloadType);
        }

        [TestMethod]
        public void Ptime_UnsupportedPeerPtime_UsesOursBoundedByMaxptime()
        {
            string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=ptime:25\r\n";
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(offer, SdpDirection.SendRecv, false);
            Assert.AreEqual(20, r.Ptime);

            offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=maxptime:15\r\n";
            r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(offer, SdpDirection.SendRecv, false);
            Assert.AreEqual(10, r.Ptime);
        }

        [TestMethod]
        [DataRow("sendonly", 3, true)]
        [DataRow("recvonly", 2, false)]
        [DataRow("inactive", 4, true)]
        [DataRow("sendrecv", 1, false)]
        public void Direction_AnswerRules(string offered, int answered, bool remoteHold)
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(SdpTestOffers.PlainWithDirection(offered), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(answered, (int)r.Direction);
            Assert.AreEqual(remoteHold, r.RemoteHold);
            Assert.IsTrue(r.Text.IndexOf("a=" + SdpWriter.NameOf(r.Direction) + "\r\n") > 0);
        }

        [TestMethod]
        public void Direction_WeHoldWhilePeerOffersSendrecv_AnswersSendonly()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(SdpTestOffers.PlainWithDirection("sendrecv"), SdpDirection.SendOnly, false);
            Assert.AreEqual((int)SdpDirection.SendOnly, (int)r.Direction);
        }

        [TestMethod]
        public void OldStyleHold_ZeroAddress_AnswersRecvonly_ThenResume()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Optional);
            SdpNegotiationResult r = n.Answer(SdpTestOffers.OldStyleHold(), SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.RemoteHold);
            Assert.AreEqual((int)SdpDirection.RecvOnly, (int)r.Direction);
            Assert.AreEqual(0, r.PayloadType);
            Assert.AreEqual(-1, r.DtmfPayloadType);
            Assert.IsTrue(r.Text.IndexOf("o=- 42 1 ") > 0);

            string resume = SdpTestOffers.OldStyle("192.0.2.30");
            r = n.Answer(resume, SdpDirection.SendRecv, false);
            Assert.IsFalse(r.RemoteHold);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)r.Direction);
            Assert.IsTrue(r.Text.IndexOf("o=- 42 2 ") > 0);
        }

        [TestMethod]
        public void NoActiveAudio_Ipv6_UnsupportedTransport_MalformedStatus()
        {
            SdpOfferAnswer n = SdpTestOffers.Negotiator(SrtpMode.Off);
            string video = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\nm=video 7000 RTP/AVP 96\r\n";
            Assert.AreEqual((int)SdpError.NoAudioStream, (int)n.Answer(video, SdpDirection.SendRecv, false).Error);

            string v6 = "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n";
            SdpNegotiationResult r = n.Answer(v6, SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.Ipv6Unsupported, (int)r.Error);
            Assert.AreEqual(488, r.Status);

            string savpf = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 UDP/TLS/RTP/SAVPF 0\r\n";
            Assert.AreEqual((int)SdpError.UnsupportedTransport, (int)n.Answer(savpf, SdpDirection.SendRecv, false).Error);

            r = n.Answer("v=0\r\nbroken\r\n", SdpDirection.SendRecv, false);
            Assert.AreEqual((int)SdpError.BadLineSyntax, (int)r.Error);
            Assert.AreEqual(400, r.Status);
        }

        [TestMethod]
        public void SecondAudioStream_IsRejectedWithPortZero()
        {
            string offer = "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\nm=audio 7002 RTP/AVP 8\r\n";
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Off).Answer(offer, SdpDirection.SendRecv, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(7000, r.RemotePort);
            Assert.IsTrue(r.Text.EndsWith("a=sendrecv\r\nm=audio 0 RTP/AVP 8\r\n"));
        }

        [TestMethod]
        public void Result_ToString_HasNoKeys()
        {
            SdpNegotiationResult r = SdpTestOffers.Negotiator(SrtpMode.Mandatory).Answer(SdpTestOffers.BaresipSavp(), SdpDirection.SendRecv, true);
            string text = r.ToString();
            Assert.AreEqual(-1, text.IndexOf(SdpTestOffers.Key1));
            Assert.AreEqual(-1, text.IndexOf(SdesTestLines.Ps1u));
            Assert.AreEqual("sdp ok pt 0 dtmf 101 ptime 20 sendrecv srtp", text);
        }
    }
}
