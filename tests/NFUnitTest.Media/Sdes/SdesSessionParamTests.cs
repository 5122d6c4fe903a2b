using nanoFramework.TestFramework;
using Phone.Audio;
using Phone.Media;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;

namespace Phone.Tests.Sdes
{
    /// <summary>
    /// RFC 4568 §6.3 session parameters that leave media in clear (UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP) or unchecked
    /// (UNAUTHENTICATED_SRTP): refused unless nf.config [srtp] allow_unencrypted (never for UNAUTHENTICATED_SRTP),
    /// with a clean line of the same offer preferred; with nothing left the SDP answer is 488.
    /// </summary>
    [TestClass]
    public class SdesSessionParamTests
    {
        private const string Suite80 = "AES_CM_128_HMAC_SHA1_80";
        private const string Suite32 = "AES_CM_128_HMAC_SHA1_32";
        private const string Key = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
        private static readonly SrtpSuite[] Prefer80Then32 = new SrtpSuite[] { SrtpSuite.AesCm128HmacSha1_80, SrtpSuite.AesCm128HmacSha1_32 };

        private static string Line(int tag, string suite, string extra)
        {
            return "a=crypto:" + tag.ToString() + " " + suite + " inline:" + Key + extra;
        }

        private static SdesNegotiationResult Answer(string[] lines, bool allow)
        {
            return SdesNegotiator.Answer(lines, Prefer80Then32, allow, new CountingEntropy(1));
        }

        [TestMethod]
        [DataRow(" UNENCRYPTED_SRTP")]
        [DataRow(" UNENCRYPTED_SRTCP")]
        [DataRow(" UNENCRYPTED_SRTP UNENCRYPTED_SRTCP")]
        public void UnencryptedLineIsRefusedByDefault(string param)
        {
            SdesNegotiationResult r = Answer(new string[] { Line(1, Suite80, param) }, false);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)r.Error);
            Assert.IsNull(r.Agreement);
            Assert.AreEqual((int)SdesError.UnencryptedNotAllowed, (int)r.LineErrors[0]);
            // The three-argument overload is the secure default too.
            Assert.AreEqual((int)SdesError.NoAcceptableOffer,
                (int)SdesNegotiator.Answer(new string[] { Line(1, Suite80, param) }, Prefer80Then32, new CountingEntropy(1)).Error);
        }

        [TestMethod]
        public void UnauthenticatedLineIsRefusedEvenWhenUnencryptedIsAllowed()
        {
            SdesNegotiationResult r = Answer(new string[] { Line(1, Suite80, " UNAUTHENTICATED_SRTP") }, true);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)r.Error);
            Assert.AreEqual((int)SdesError.UnsupportedUnauthenticated, (int)r.LineErrors[0]);
        }

        [TestMethod]
        [DataRow(" UNENCRYPTED_SRTP")]
        [DataRow(" UNENCRYPTED_SRTCP")]
        [DataRow(" UNAUTHENTICATED_SRTP")]
        public void CleanSecondLineIsChosenInstead(string param)
        {
            // The refused line uses our preferred suite; the clean one a less preferred suite: it still wins.
            SdesNegotiationResult r = Answer(new string[] { Line(1, Suite80, param), Line(2, Suite32, "") }, false);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(2, r.Agreement.Local.Tag);
            Assert.IsFalse(r.Agreement.Local.UnencryptedSrtp);
            Assert.IsFalse(r.Agreement.Local.UnencryptedSrtcp);
            Assert.IsFalse(r.Agreement.CreateOutboundPolicy().UnencryptedSrtp);
        }

        [TestMethod]
        public void EvenWhenAllowedACleanLineIsPreferred()
        {
            SdesNegotiationResult r = Answer(new string[] { Line(1, Suite80, " UNENCRYPTED_SRTP"), Line(2, Suite32, "") }, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(2, r.Agreement.Local.Tag);
        }

        [TestMethod]
        public void AllowedOnlyWithTheKey()
        {
            SdesNegotiationResult r = Answer(new string[] { Line(7, Suite80, " UNENCRYPTED_SRTP") }, true);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.Agreement.Local.UnencryptedSrtp);
            // RFC 4568 §6.3.2: the answer repeats the parameter.
            Assert.Contains("UNENCRYPTED_SRTP", r.Agreement.Local.Format());
        }

        private static string Offer(string cryptoLines)
        {
            return "v=0\r\n"
                + "o=- 1 1 IN IP4 192.0.2.20\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.20\r\n"
                + "t=0 0\r\n"
                + "m=audio 10000 RTP/SAVP 0\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + cryptoLines;
        }

        private static SdpOfferAnswer Negotiator(bool allowUnencrypted)
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Mandatory;
            srtp.AllowUnencrypted = allowUnencrypted;
            return new SdpOfferAnswer(srtp, new AudioSettings(), new CountingEntropy(1), "192.0.2.1", 40000, "42", 1);
        }

        [TestMethod]
        public void SdpOfferWithOnlyUnencryptedLineIs488()
        {
            SdpNegotiationResult r = Negotiator(false).Answer(Offer(Line(1, Suite80, " UNENCRYPTED_SRTP") + "\r\n"), SdpDirection.SendRecv, true);
            Assert.IsFalse(r.Succeeded);
            Assert.AreEqual(488, r.Status);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)r.SdesError);
        }

        [TestMethod]
        public void SdpOfferFallsBackToTheCleanLine()
        {
            SdpNegotiationResult r = Negotiator(false).Answer(
                Offer(Line(1, Suite80, " UNENCRYPTED_SRTCP") + "\r\n" + Line(2, Suite32, "") + "\r\n"), SdpDirection.SendRecv, true);
            Assert.IsTrue(r.Succeeded);
            Assert.Contains("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:", r.Text);
            Assert.DoesNotContains("UNENCRYPTED", r.Text);
        }

        [TestMethod]
        public void SdpOfferWithUnencryptedLineIsAnsweredWhenAllowed()
        {
            SdpNegotiationResult r = Negotiator(true).Answer(Offer(Line(1, Suite80, " UNENCRYPTED_SRTP") + "\r\n"), SdpDirection.SendRecv, true);
            Assert.IsTrue(r.Succeeded);
            Assert.Contains("UNENCRYPTED_SRTP", r.Text);
        }
    }
}
