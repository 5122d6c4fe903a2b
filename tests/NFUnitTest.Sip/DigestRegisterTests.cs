using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// REGISTER digest per RFC 3261 §22.4 (method REGISTER, digest-uri = Request-URI sip:atlanta.com), nonce
    /// reuse with nc counting up, stale=true, wrong password, realm selection. Expected hashes were composed by
    /// hand outside the code with coreutils:
    ///   HA1 = printf '%s' 'alice:atlanta.com:s3cr3t,"pw' | md5sum       = c3ed5b92da99f6e305903971a85a3996
    ///   HA2 = printf '%s' 'REGISTER:sip:atlanta.com' | md5sum           = 4ac1fb76ae759b3f313cd790d17a857d
    ///   printf '%s' "$HA1:$NONCE:00000001:01020304:auth:$HA2" | md5sum  = 4c3cf72326bcb0bdee61c5b06c6ce49a
    /// </summary>
    [TestClass]
    public class DigestRegisterTests
    {
        const string Password = "s3cr3t,\"pw";
        const string Nonce = "84a4cc6f3082121f32b42a2187831a9e";
        const string Nonce2 = "ea9c8e88df84f1cec4341ae6cbe5a359";
        const string Ha1 = "c3ed5b92da99f6e305903971a85a3996";
        const string Challenge = "Digest realm=\"atlanta.com\", nonce=\"" + Nonce + "\", qop=\"auth\", algorithm=MD5";

        static DigestAuthenticator NewAuthenticator()
        {
            // Counting entropy: cnonces 01020304, 05060708, ...
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.CnonceLength = 4;
            a.AddCredentials(new DigestCredentials("alice", Password, null));
            return a;
        }

        [TestMethod]
        public void Register_FirstAnswer_MatchesHandComposedMd5()
        {
            DigestAuthenticator a = NewAuthenticator();
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Challenge }, false));
            string h = a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            Assert.AreEqual("Digest username=\"alice\", realm=\"atlanta.com\", uri=\"sip:atlanta.com\", algorithm=MD5, nonce=\"" + Nonce
                + "\", nc=00000001, cnonce=\"01020304\", qop=auth, response=\"4c3cf72326bcb0bdee61c5b06c6ce49a\"", h);
        }

        [TestMethod]
        public void Register_Refresh_ReusesNonce_NcIncrements()
        {
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            DigestSession s = a.GetSession(0);
            s.Authorize("REGISTER", "sip:atlanta.com");
            a.OnAccepted();
            Assert.AreEqual(1, s.NonceCount);

            // printf '%s' "$HA1:$NONCE:00000002:05060708:auth:$HA2" | md5sum
            string h = s.Authorize("REGISTER", "sip:atlanta.com");
            Assert.Contains("nc=00000002", h);
            Assert.Contains("cnonce=\"05060708\"", h);
            Assert.Contains("response=\"d2a126b61a0bad670ff4fb187d8b44a8\"", h);
            Assert.AreEqual(2, s.NonceCount);
        }

        [TestMethod]
        public void NonceCount_IsEightLowerHexDigits()
        {
            Assert.AreEqual("00000001", DigestSession.FormatNonceCount(1));
            Assert.AreEqual("0000000a", DigestSession.FormatNonceCount(10));
            Assert.AreEqual("000001ff", DigestSession.FormatNonceCount(511));
            Assert.AreEqual("ffffffff", DigestSession.FormatNonceCount(-1));
        }

        [TestMethod]
        public void Stale_RetriesWithNewNonce_NcRestarts_NotAFailure()
        {
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            string stale = "Digest realm=\"atlanta.com\", nonce=\"" + Nonce2 + "\", qop=\"auth\", algorithm=MD5, stale=TRUE";
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { stale }, false));
            Assert.AreEqual(1, a.SessionCount);
            DigestSession s = a.GetSession(0);
            Assert.AreEqual(Nonce2, s.Nonce);

            // printf '%s' "$HA1:$NONCE2:00000001:05060708:auth:$HA2" | md5sum
            string h = s.Authorize("REGISTER", "sip:atlanta.com");
            Assert.Contains("nc=00000001", h);
            Assert.Contains("response=\"6d0871a919d472eb8ce824175ea948ea\"", h);

            // A stale challenge repeated after the stale retry is still not a password failure.
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { stale }, false));
        }

        [TestMethod]
        public void SameNonceAgain_WithoutStale_IsWrongPassword_NotALoop()
        {
            DigestAuthenticator a = NewAuthenticator();
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Challenge }, false));
            a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            Assert.AreEqual((int)DigestError.CredentialsRejected, (int)a.OnChallenge(new string[] { Challenge }, false));
            Assert.AreEqual(0, a.SessionCount);
        }

        [TestMethod]
        public void FreshNonceEachTime_WithoutStale_GivesUpOnTheSecond()
        {
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            string second = "Digest realm=\"atlanta.com\", nonce=\"" + Nonce2 + "\", qop=\"auth\"";
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { second }, false));
            a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            string third = "Digest realm=\"atlanta.com\", nonce=\"0123\", qop=\"auth\"";
            Assert.AreEqual((int)DigestError.CredentialsRejected, (int)a.OnChallenge(new string[] { third }, false));
        }

        [TestMethod]
        public void FreshNonceAfterAnAcceptedRequest_IsOneRetryAgain()
        {
            // Hourly refresh: the server forgot the nonce and sends a new one without stale; after a 200 that is allowed again.
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            for (int round = 0; round < 3; round++)
            {
                a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
                string next = "Digest realm=\"atlanta.com\", nonce=\"r" + round.ToString() + "\", qop=\"auth\"";
                Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { next }, false), "round " + round.ToString());
                a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
                a.OnAccepted();
            }
        }

        [TestMethod]
        public void EndlessStale_GivesUp()
        {
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            DigestError e = DigestError.Ok;
            for (int i = 0; i <= DigestSession.MaxStaleRetries && e == DigestError.Ok; i++)
            {
                a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
                e = a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"s" + i.ToString() + "\", stale=true" }, false);
            }

            Assert.AreEqual((int)DigestError.TooManyChallenges, (int)e);
        }

        [TestMethod]
        public void DefaultCredentials_FromNfConfig_AuthUserElseUser()
        {
            Phone.Sip.SipSettings sip = new Phone.Sip.SipSettings();
            sip.User = "1001";
            sip.Password = "pw";
            DigestCredentials c = DigestCredentials.FromSettings(sip);
            Assert.AreEqual("1001", c.Username);
            Assert.IsNull(c.Realm);
            sip.AuthUser = "auth1001";
            Assert.AreEqual("auth1001", DigestCredentials.FromSettings(sip).Username);
            Assert.IsFalse(c.ToString().IndexOf("pw") >= 0);
        }

        [TestMethod]
        public void ChallengeBeforeAnyAnswer_IsAdopted_NotCountedAsRejection()
        {
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { Challenge }, false);
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Challenge }, false));
        }

        [TestMethod]
        public void NoQop_Rfc2069Form_NoNcNoCnonce()
        {
            // printf '%s' "$HA1:$NONCE:$HA2" | md5sum
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"" + Nonce + "\"" }, false);
            string h = a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            Assert.AreEqual("Digest username=\"alice\", realm=\"atlanta.com\", uri=\"sip:atlanta.com\", algorithm=MD5, nonce=\"" + Nonce
                + "\", response=\"21632f036db056f59d88c95c076d28b0\"", h);
        }

        [TestMethod]
        public void Md5Sess_UsesSessionHa1()
        {
            // HS = printf '%s' "$HA1:$NONCE:01020304" | md5sum = 820a60180c044a6bd060aff9a78d331d
            // printf '%s' "$HS:$NONCE:00000001:01020304:auth:$HA2" | md5sum
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"" + Nonce + "\", qop=\"auth\", algorithm=md5-sess" }, false);
            string h = a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            Assert.Contains("algorithm=MD5-sess", h);
            Assert.Contains("response=\"281c5a9f27b691922d0e8a86951b484d\"", h);
        }

        [TestMethod]
        public void Sha256_Invite_ProxyAuthorization()
        {
            // S1 = printf '%s' 'alice:atlanta.com:s3cr3t,"pw' | sha256sum; S2 = printf '%s' 'INVITE:sip:bob@biloxi.com' | sha256sum
            // printf '%s' "$S1:$NONCE:00000001:01020304:auth:$S2" | sha256sum
            DigestAuthenticator a = NewAuthenticator();
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"" + Nonce + "\", qop=\"auth\", algorithm=SHA-256" }, true));
            DigestSession s = a.GetSession(0);
            Assert.IsTrue(s.IsProxy);
            Assert.AreEqual("Proxy-Authorization", s.HeaderName);
            string h = s.Authorize("INVITE", "sip:bob@biloxi.com");
            Assert.Contains("algorithm=SHA-256", h);
            Assert.Contains("response=\"3f14927ec2ca1e70c562b60f3c986018855297361d3159486ad5ecda28246542\"", h);
        }

        [TestMethod]
        public void Userhash_SendsHashedUserName()
        {
            // printf '%s' 'alice:atlanta.com' | sha256sum (RFC 7616 §3.4.4)
            DigestAuthenticator a = NewAuthenticator();
            a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"" + Nonce + "\", qop=\"auth\", algorithm=SHA-256, userhash=true" }, false);
            string h = a.GetSession(0).Authorize("REGISTER", "sip:atlanta.com");
            Assert.StartsWith("Digest username=\"45fabae1c3f0485092e19fd9549658747e4e19aff755d1655950569c35b16d70\"", h);
            Assert.EndsWith(", userhash=true", h);
        }

        [TestMethod]
        public void RealmSelection_ConfiguredRealmBeatsDefault_UnknownRealmUsesDefault()
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.AddCredentials(new DigestCredentials("bob", "x", "biloxi.com"));
            a.AddCredentials(new DigestCredentials("alice", "y", null));
            Assert.AreEqual("bob", a.FindCredentials("biloxi.com").Username);
            Assert.AreEqual("alice", a.FindCredentials("atlanta.com").Username);
            a.OnChallenge(new string[] { "Digest realm=\"biloxi.com\", nonce=\"1\", qop=\"auth\"", "Digest realm=\"atlanta.com\", nonce=\"2\", qop=\"auth\"" }, false);
            Assert.AreEqual(2, a.SessionCount);
            Assert.Contains("username=\"bob\"", a.FindSession("biloxi.com", false).Authorize("REGISTER", "sip:biloxi.com"));
            Assert.Contains("username=\"alice\"", a.FindSession("atlanta.com", false).Authorize("REGISTER", "sip:biloxi.com"));
        }

        [TestMethod]
        public void RealmSelection_NoMatchAndNoDefault_IsNoCredentials()
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.AddCredentials(new DigestCredentials("bob", "x", "biloxi.com"));
            Assert.AreEqual((int)DigestError.NoCredentials, (int)a.OnChallenge(new string[] { Challenge }, false));
            Assert.AreEqual(0, a.SessionCount);
        }

        [TestMethod]
        public void AuthIntOnly_IsRejectedWithAClearReason()
        {
            DigestAuthenticator a = NewAuthenticator();
            DigestError e = a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"1\", qop=\"auth-int\"" }, false);
            Assert.AreEqual((int)DigestError.AuthIntOnly, (int)e);
            Assert.Contains("auth-int", DigestErrorText.Describe(e));
        }

        [TestMethod]
        public void UnsupportedAlgorithmSkipped_WhenAnotherIsOffered()
        {
            DigestAuthenticator a = NewAuthenticator();
            DigestError e = a.OnChallenge(new string[] { "Digest realm=\"atlanta.com\", nonce=\"1\", algorithm=SHA-512-256", Challenge }, false);
            Assert.AreEqual((int)DigestError.Ok, (int)e);
            Assert.AreEqual((int)DigestAlgorithm.Md5, (int)a.GetSession(0).Algorithm);
            Assert.AreEqual((int)DigestError.UnsupportedAlgorithm,
                (int)NewAuthenticator().OnChallenge(new string[] { "Basic realm=\"x\"", "Digest realm=\"atlanta.com\", nonce=\"1\", algorithm=SHA-512-256" }, false));
        }

        [TestMethod]
        public void PasswordAndHa1_NeverInOutputStrings()
        {
            DigestAuthenticator a = NewAuthenticator();
            DigestCredentials c = a.FindCredentials("atlanta.com");
            a.OnChallenge(new string[] { Challenge }, false);
            DigestSession s = a.GetSession(0);
            string h = s.Authorize("REGISTER", "sip:atlanta.com");
            string[] outputs = new string[]
            {
                h, s.ToString(), c.ToString(), DigestChallenge.Parse(Challenge).ToString(),
                DigestErrorText.Describe(a.OnChallenge(new string[] { Challenge }, false)),
            };
            for (int i = 0; i < outputs.Length; i++)
            {
                Assert.IsFalse(outputs[i].IndexOf("s3cr3t") >= 0, "password in output " + i.ToString());
                Assert.IsFalse(outputs[i].IndexOf(Ha1) >= 0, "HA1 in output " + i.ToString());
            }
        }
    }
}
