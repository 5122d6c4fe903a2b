using nanoFramework.TestFramework;
using Phone.Sdes;
using Phone.Srtp;
using Phone.Tests.Srtp;
using Phone.Crypto;

namespace Phone.Tests.Sdes
{
    /// <summary>SDES offer/answer (RFC 4568 §7): offers, choosing by our preference, answers, accepting answers, and the SRTP policies that result.</summary>
    [TestClass]
    public class SdesNegotiatorTests
    {
        static readonly SrtpSuite[] Prefer80Then32 = new SrtpSuite[] { SrtpSuite.AesCm128HmacSha1_80, SrtpSuite.AesCm128HmacSha1_32 };
        static readonly SrtpSuite[] Prefer32Then80 = new SrtpSuite[] { SrtpSuite.AesCm128HmacSha1_32, SrtpSuite.AesCm128HmacSha1_80 };

        // Tag 1 unknown suite, tag 2 KDR≠0, tag 3 malformed, tag 4 usable _32, tag 5 usable _80, tag 6 usable AES-256.
        static string[] MixedOffer()
        {
            return new string[]
            {
                "a=crypto:1 AEAD_AES_256_GCM inline:" + SdesTestLines.K256,
                SdesTestLines.Line(2, SdesTestLines.Suite80, " KDR=4"),
                "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Short28,
                SdesTestLines.Line(4, SdesTestLines.Suite32, ""),
                "a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.D0rm + "|2^20|1:4",
                SdesTestLines.Line(6, SdesTestLines.Suite256_80, ""),
            };
        }

        [TestMethod]
        public void Answer_PicksOurMostPreferredUsableSuite_SkippingBadLines()
        {
            SdesNegotiationResult r = SdesNegotiator.Answer(MixedOffer(), Prefer80Then32, new CountingEntropy(1));
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.Succeeded);
            Assert.AreEqual(5, r.Agreement.Remote.Tag);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)r.Agreement.Suite);
            Assert.AreEqual(SdesTestLines.D0rmKey, Hex.Of(r.Agreement.Remote.Key.MasterKey));

            Assert.AreEqual(6, r.LineErrors.Length);
            Assert.AreEqual((int)SdesError.UnsupportedSuite, (int)r.LineErrors[0]);
            Assert.AreEqual((int)SdesError.UnsupportedKdr, (int)r.LineErrors[1]);
            Assert.AreEqual((int)SdesError.WrongKeyLength, (int)r.LineErrors[2]);
            Assert.AreEqual(0, (int)r.LineErrors[3]);
            Assert.AreEqual(0, (int)r.LineErrors[4]);
            Assert.AreEqual((int)SdesError.SuiteNotAllowed, (int)r.LineErrors[5]);
        }

        [TestMethod]
        public void Answer_OtherPreference_PicksTheOtherLine()
        {
            SdesNegotiationResult r = SdesNegotiator.Answer(MixedOffer(), Prefer32Then80, new CountingEntropy(1));
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual(4, r.Agreement.Local.Tag);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)r.Agreement.Local.Suite);
        }

        [TestMethod]
        public void Answer_Aes256First_TakesTheAes256Line()
        {
            SrtpSuite[] prefs = new SrtpSuite[] { SrtpSuite.Aes256CmHmacSha1_80, SrtpSuite.AesCm128HmacSha1_80 };
            SdesNegotiationResult r = SdesNegotiator.Answer(MixedOffer(), prefs, new CountingEntropy(1));
            Assert.AreEqual(6, r.Agreement.Local.Tag);
            Assert.AreEqual(32, r.Agreement.Local.Key.MasterKey.Length);
            Assert.AreEqual(14, r.Agreement.Local.Key.MasterSalt.Length);
        }

        [TestMethod]
        public void Answer_KeepsTagAndSuite_WithAFreshKeyOfOurOwn()
        {
            SdesNegotiationResult r = SdesNegotiator.Answer(MixedOffer(), Prefer80Then32, new CountingEntropy(1));
            CryptoAttribute answer = r.Agreement.Local;
            Assert.AreEqual(5, answer.Tag);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)answer.Suite);
            // CountingEntropy(1): key bytes 01..10, then salt 11..1e.
            Assert.AreEqual("0102030405060708090a0b0c0d0e0f10", Hex.Of(answer.Key.MasterKey));
            Assert.AreEqual("1112131415161718191a1b1c1d1e", Hex.Of(answer.Key.MasterSalt));
            Assert.AreEqual(0, answer.Key.MkiLength);
            Assert.AreEqual(0L, answer.Key.Lifetime);
            // base64 of 01..1e (echo 0102…1e | xxd -r -p | base64).
            Assert.AreEqual("a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e", answer.Format());
        }

        [TestMethod]
        public void Answer_EchoesUnencryptedParams_AndAppliesThemToBothPolicies()
        {
            string[] offer = new string[] { SdesTestLines.Line(9, SdesTestLines.Suite80, " UNENCRYPTED_SRTCP WSH=4096") };
            // Only with nf.config [srtp] allow_unencrypted = true (SdesSessionParamTests covers the refusal).
            SdesNegotiationResult r = SdesNegotiator.Answer(offer, Prefer80Then32, true, new CountingEntropy(1));
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.Agreement.Local.UnencryptedSrtcp);
            Assert.IsFalse(r.Agreement.Local.UnencryptedSrtp);
            Assert.AreEqual(-1, r.Agreement.Local.WindowSizeHint);
            Assert.IsTrue(r.Agreement.CreateInboundPolicy().UnencryptedSrtcp);
            Assert.IsTrue(r.Agreement.CreateOutboundPolicy().UnencryptedSrtcp);
            // WSH 4096 is beyond the SRTP core's 1024: clamped for our receive window.
            Assert.AreEqual(1024, r.Agreement.CreateInboundPolicy().ReplayWindowSize);
        }

        [TestMethod]
        public void Answer_NothingAcceptable_ReportsEveryLine()
        {
            string[] offer = new string[]
            {
                SdesTestLines.Line(1, SdesTestLines.Suite80, " UNAUTHENTICATED_SRTP"),
                SdesTestLines.Line(2, SdesTestLines.Suite80, " FEC_KEY=inline:" + SdesTestLines.D0rm),
                SdesTestLines.Line(3, SdesTestLines.Suite256_32, ""),
                "a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "|2^20|1:32",
                null,
            };
            SdesNegotiationResult r = SdesNegotiator.Answer(offer, Prefer80Then32, new CountingEntropy(1));
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)r.Error);
            Assert.IsFalse(r.Succeeded);
            Assert.IsNull(r.Agreement);
            Assert.AreEqual((int)SdesError.UnsupportedUnauthenticated, (int)r.LineErrors[0]);
            Assert.AreEqual((int)SdesError.UnsupportedFecKey, (int)r.LineErrors[1]);
            Assert.AreEqual((int)SdesError.SuiteNotAllowed, (int)r.LineErrors[2]);
            Assert.AreEqual((int)SdesError.UnsupportedMkiLength, (int)r.LineErrors[3]);
            Assert.AreEqual((int)SdesError.EmptyOrTooLong, (int)r.LineErrors[4]);
        }

        [TestMethod]
        public void Answer_EmptyOfferOrPreference_IsNoAcceptableOffer()
        {
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)SdesNegotiator.Answer(new string[0], Prefer80Then32, new CountingEntropy(1)).Error);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)SdesNegotiator.Answer(null, Prefer80Then32, new CountingEntropy(1)).Error);
            Assert.AreEqual((int)SdesError.NoAcceptableOffer, (int)SdesNegotiator.Answer(MixedOffer(), new SrtpSuite[0], new CountingEntropy(1)).Error);
        }

        [TestMethod]
        public void Answer_RepeatedTag_OnlyTheFirstCounts()
        {
            string[] offer = new string[]
            {
                SdesTestLines.Line(1, SdesTestLines.Suite32, ""),
                SdesTestLines.Line(1, SdesTestLines.Suite80, ""),
            };
            SdesNegotiationResult r = SdesNegotiator.Answer(offer, Prefer80Then32, new CountingEntropy(1));
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)r.Agreement.Suite);
            Assert.AreEqual((int)SdesError.DuplicateTag, (int)r.LineErrors[1]);
        }

        [TestMethod]
        public void CreateOffer_OneLinePerSuite_InPreferenceOrder_Tags1ToN()
        {
            SrtpSuite[] prefs = new SrtpSuite[] { SrtpSuite.Aes256CmHmacSha1_80, SrtpSuite.AesCm128HmacSha1_80, SrtpSuite.Aes256CmHmacSha1_80, SrtpSuite.AesCm128HmacSha1_32 };
            CryptoAttribute[] offer = SdesNegotiator.CreateOffer(prefs, new CountingEntropy(0));
            Assert.AreEqual(3, offer.Length);
            Assert.AreEqual(1, offer[0].Tag);
            Assert.AreEqual(2, offer[1].Tag);
            Assert.AreEqual(3, offer[2].Tag);
            Assert.AreEqual((int)SrtpSuite.Aes256CmHmacSha1_80, (int)offer[0].Suite);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)offer[1].Suite);
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_32, (int)offer[2].Suite);
            Assert.AreEqual(32, offer[0].Key.MasterKey.Length);
            Assert.AreEqual(16, offer[1].Key.MasterKey.Length);
            Assert.AreEqual(16, offer[2].Key.MasterKey.Length);
            Assert.AreNotEqual(Hex.Of(offer[1].Key.MasterKey), Hex.Of(offer[2].Key.MasterKey));
            for (int i = 0; i < offer.Length; i++)
            {
                Assert.AreEqual(14, offer[i].Key.MasterSalt.Length);
                CryptoAttributeResult back = CryptoAttributeParser.Parse(offer[i].Format());
                Assert.AreEqual(0, (int)back.Error);
                Assert.AreEqual(i + 1, back.Tag);
            }
        }

        [TestMethod]
        public void CreateOffer_FromConfigSuiteList()
        {
            // nf.config's [srtp] suites list is in the SRTP core's suite type and feeds the offer directly.
            Phone.Config.ConfigResult parsed = Phone.Tests.Config.ConfigTestText.Parse(Phone.Tests.Config.ConfigTestText.Minimal + "[srtp]\nsuites = AES_256_CM_HMAC_SHA1_32, AES_CM_128_HMAC_SHA1_80\n");
            Assert.AreEqual(0, parsed.Errors.Length);
            CryptoAttribute[] offer = SdesNegotiator.CreateOffer(parsed.Config.Srtp.Suites, new CountingEntropy(0));
            Assert.AreEqual(2, offer.Length);
            Assert.StartsWith("a=crypto:1 AES_256_CM_HMAC_SHA1_32 inline:", offer[0].Format());
            Assert.StartsWith("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:", offer[1].Format());
            Assert.AreEqual(0, SdesNegotiator.CreateOffer(null, new CountingEntropy(0)).Length);
        }

        [TestMethod]
        public void GeneratedKeys_HaveTheSuiteLength_AndDifferBetweenCalls()
        {
            CountingEntropy entropy = new CountingEntropy(0);
            SdesKey a = SdesKey.Generate(SrtpSuite.AesCm128HmacSha1_32, entropy);
            SdesKey b = SdesKey.Generate(SrtpSuite.AesCm128HmacSha1_32, entropy);
            SdesKey c = SdesKey.Generate(SrtpSuite.Aes256CmHmacSha1_32, entropy);
            Assert.AreEqual(16, a.MasterKey.Length);
            Assert.AreEqual(14, a.MasterSalt.Length);
            Assert.AreEqual(32, c.MasterKey.Length);
            Assert.AreEqual(14, c.MasterSalt.Length);
            Assert.AreNotEqual(Hex.Of(a.MasterKey), Hex.Of(b.MasterKey));
            Assert.AreNotEqual(Hex.Of(a.MasterSalt), Hex.Of(b.MasterSalt));

            SdesNegotiationResult first = SdesNegotiator.Answer(MixedOffer(), Prefer80Then32, entropy);
            SdesNegotiationResult second = SdesNegotiator.Answer(MixedOffer(), Prefer80Then32, entropy);
            Assert.AreNotEqual(Hex.Of(first.Agreement.Local.Key.MasterKey), Hex.Of(second.Agreement.Local.Key.MasterKey));
        }

        [TestMethod]
        public void AcceptAnswer_MatchesTagAndSuite()
        {
            CryptoAttribute[] offer = SdesNegotiator.CreateOffer(Prefer80Then32, new CountingEntropy(0));
            SdesNegotiationResult r = SdesNegotiator.AcceptAnswer(offer, "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.Ps1u);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreSame(offer[1], r.Agreement.Local);
            Assert.AreEqual(SdesTestLines.Ps1uKey, Hex.Of(r.Agreement.Remote.Key.MasterKey));
        }

        [TestMethod]
        [DataRow("a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", 201)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR", 202)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR UNENCRYPTED_SRTP", 203)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB", 7)]
        [DataRow("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR KDR=3", 102)]
        public void AcceptAnswer_RejectsAnswersThatDoNotFitTheOffer(string answer, int expected)
        {
            CryptoAttribute[] offer = SdesNegotiator.CreateOffer(Prefer80Then32, new CountingEntropy(0));
            SdesNegotiationResult r = SdesNegotiator.AcceptAnswer(offer, answer);
            Assert.AreEqual(expected, (int)r.Error);
            Assert.IsNull(r.Agreement);
        }

        [TestMethod]
        public void Policies_CarryPeerKeyInboundAndOurKeyOutbound()
        {
            string[] offer = new string[] { "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.D0rm + "|2^20|1:4 WSH=256" };
            SdesNegotiationResult r = SdesNegotiator.Answer(offer, Prefer80Then32, new CountingEntropy(1));
            SrtpPolicy inbound = r.Agreement.CreateInboundPolicy();
            SrtpPolicy outbound = r.Agreement.CreateOutboundPolicy();
            Assert.IsNull(inbound.Validate());
            Assert.IsNull(outbound.Validate());
            Assert.AreEqual((int)SrtpSuite.AesCm128HmacSha1_80, (int)inbound.Suite);
            Assert.AreEqual(SdesTestLines.D0rmKey, Hex.Of(inbound.MasterKey));
            Assert.AreEqual(SdesTestLines.D0rmSalt, Hex.Of(inbound.MasterSalt));
            Assert.AreEqual("00000001", Hex.Of(inbound.Mki));
            Assert.AreEqual(1048576L, inbound.MaxSrtpPackets);
            Assert.AreEqual(1048576L, inbound.MaxSrtcpPackets);
            Assert.AreEqual(256, inbound.ReplayWindowSize);
            Assert.AreEqual("0102030405060708090a0b0c0d0e0f10", Hex.Of(outbound.MasterKey));
            Assert.AreEqual("1112131415161718191a1b1c1d1e", Hex.Of(outbound.MasterSalt));
            Assert.IsNull(outbound.Mki);
            Assert.AreEqual(SrtpPolicy.DefaultReplayWindowSize, outbound.ReplayWindowSize);
            Assert.AreEqual(SrtpPolicy.SrtpPacketLimit, outbound.MaxSrtpPackets);
            Assert.AreEqual(SrtpPolicy.SrtcpPacketLimit, outbound.MaxSrtcpPackets);
            // The policies hold copies: wiping the agreement leaves them intact.
            r.Agreement.Clear();
            Assert.AreEqual(SdesTestLines.D0rmKey, Hex.Of(inbound.MasterKey));
        }

        [TestMethod]
        public void OfferAnswerBetweenTwoPhones_PacketsFlowBothWays()
        {
            // Phone A offers, phone B answers, A accepts; each side's outbound must open at the other's inbound.
            CryptoAttribute[] offer = SdesNegotiator.CreateOffer(new SrtpSuite[] { SrtpSuite.Aes256CmHmacSha1_32, SrtpSuite.AesCm128HmacSha1_80 }, new CountingEntropy(0x40));
            string[] offerLines = new string[offer.Length];
            for (int i = 0; i < offer.Length; i++)
            {
                offerLines[i] = offer[i].Format();
            }

            SdesNegotiationResult b = SdesNegotiator.Answer(offerLines, Prefer80Then32, new CountingEntropy(0x90));
            Assert.AreEqual(0, (int)b.Error);
            Assert.AreEqual(2, b.Agreement.Local.Tag);
            SdesNegotiationResult a = SdesNegotiator.AcceptAnswer(offer, b.Agreement.Local.Format());
            Assert.AreEqual(0, (int)a.Error);

            AssertPacketFlows(a.Agreement.CreateOutboundPolicy(), b.Agreement.CreateInboundPolicy());
            AssertPacketFlows(b.Agreement.CreateOutboundPolicy(), a.Agreement.CreateInboundPolicy());
        }

        [TestMethod]
        public void AgreementText_NeverContainsKeys()
        {
            SdesNegotiationResult r = SdesNegotiator.Answer(new string[] { SdesTestLines.Line(1, SdesTestLines.Suite80, "") }, Prefer80Then32, new CountingEntropy(1));
            string text = r.ToString();
            Assert.DoesNotContains(SdesTestLines.Ps1u, text);
            Assert.DoesNotContains("AQIDBAUG", text);
            Assert.Contains("<redacted>", text);
        }

        static void AssertPacketFlows(SrtpPolicy sender, SrtpPolicy receiver)
        {
            SrtpSession tx = new SrtpSession(sender, new ManagedCryptoKernel());
            SrtpSession rx = new SrtpSession(receiver, new ManagedCryptoKernel());
            byte[] packet = new byte[12 + 20 + 32];
            packet[0] = 0x80;
            packet[3] = 7;
            packet[11] = 0x42;
            for (int i = 0; i < 20; i++)
            {
                packet[12 + i] = (byte)(i + 1);
            }

            int protectedLength;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)tx.Protect(packet, 0, 32, out protectedLength));
            int plainLength;
            Assert.AreEqual((int)SrtpStatus.Ok, (int)rx.Unprotect(packet, 0, protectedLength, out plainLength));
            Assert.AreEqual(32, plainLength);
            Assert.AreEqual("0102030405060708090a0b0c0d0e0f1011121314", Hex.Of(packet, 12, 20));
        }
    }
}
