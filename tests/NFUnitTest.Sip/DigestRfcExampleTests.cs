using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>
    /// The worked examples of RFC 2617 §3.5 and RFC 7616 §3.9.1 (response values as printed in the RFCs,
    /// recomputed with Python hashlib), through the challenge parser and a digest session.
    /// </summary>
    [TestClass]
    public class DigestRfcExampleTests
    {
        // RFC 2617 §3.5, as printed (folded over several lines).
        const string Rfc2617Challenge = "Digest\r\n                 realm=\"testrealm@host.com\",\r\n                 qop=\"auth,auth-int\",\r\n"
            + "                 nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n                 opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

        // RFC 7616 §3.9.1: two challenges, SHA-256 first, then MD5.
        const string Rfc7616Sha256 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

        const string Rfc7616Md5 = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

        const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

        [TestMethod]
        public void Rfc2617_3_5_Calculator_Mufasa()
        {
            string r = new DigestCalculator().Response(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", "GET", "/dir/index.html");
            Assert.AreEqual("6629fae49393a05397450978507c4ef1", r);
        }

        [TestMethod]
        public void Rfc2617_3_5_ChallengeParsesAsPrinted()
        {
            DigestChallenge c = DigestChallenge.Parse(Rfc2617Challenge);
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("Digest", c.Scheme);
            Assert.AreEqual("testrealm@host.com", c.Realm);
            Assert.AreEqual("dcd98b7102dd2f0e8b11d0f600bfb0c093", c.Nonce);
            Assert.AreEqual("5ccc069c403ebaf9f0171e9517f40e41", c.Opaque);
            Assert.IsTrue(c.QopAuth);
            Assert.IsTrue(c.QopAuthInt);
            Assert.AreEqual((int)DigestAlgorithm.Md5, (int)c.Algorithm);
            Assert.IsNull(c.AlgorithmName);
            Assert.IsFalse(c.Stale);
        }

        [TestMethod]
        public void Rfc2617_3_5_FullExchange_GivesThePrintedResponse()
        {
            // cnonce "0a4f113b" = the hex of the four entropy bytes.
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(new byte[] { 0x0a, 0x4f, 0x11, 0x3b }, 0));
            a.CnonceLength = 4;
            a.AddCredentials(new DigestCredentials("Mufasa", "Circle Of Life", null));
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Rfc2617Challenge }, false));
            DigestSession s = a.GetSession(0);
            Assert.AreEqual("Authorization", s.HeaderName);
            string h = s.Authorize("GET", "/dir/index.html");
            Assert.AreEqual("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", uri=\"/dir/index.html\", algorithm=MD5, "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", nc=00000001, cnonce=\"0a4f113b\", qop=auth, "
                + "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", h);
        }

        [TestMethod]
        public void Rfc7616_3_9_1_Md5Response()
        {
            string r = new DigestCalculator().Response(DigestAlgorithm.Md5, "Mufasa", "http-auth@example.org", "Circle of Life",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001", Rfc7616Cnonce, "auth", "GET", "/dir/index.html");
            Assert.AreEqual("8ca523f5e9506fed4657c9700eebdbec", r);
        }

        [TestMethod]
        public void Rfc7616_3_9_1_Sha256Response()
        {
            string r = new DigestCalculator().Response(DigestAlgorithm.Sha256, "Mufasa", "http-auth@example.org", "Circle of Life",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001", Rfc7616Cnonce, "auth", "GET", "/dir/index.html");
            Assert.AreEqual("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", r);
        }

        [TestMethod]
        public void Rfc7616_3_9_1_BothOffered_Sha256Chosen_HeaderAsPrinted()
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.AddCredentials(new DigestCredentials("Mufasa", "Circle of Life", null));

            // MD5 listed first: the choice must not depend on order (RFC 7616 §3.7).
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Rfc7616Md5, Rfc7616Sha256 }, false));
            Assert.AreEqual(1, a.SessionCount);
            DigestSession s = a.GetSession(0);
            Assert.AreEqual((int)DigestAlgorithm.Sha256, (int)s.Algorithm);
            string h = s.AuthorizeWithCnonce("GET", "/dir/index.html", Rfc7616Cnonce);
            Assert.AreEqual("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm=SHA-256, "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, cnonce=\"" + Rfc7616Cnonce + "\", qop=auth, "
                + "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"", h);
        }

        [TestMethod]
        public void Rfc7616_3_9_1_BothInOneField_Sha256Chosen()
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.AddCredentials(new DigestCredentials("Mufasa", "Circle of Life", null));
            Assert.AreEqual((int)DigestError.Ok, (int)a.OnChallenge(new string[] { Rfc7616Md5 + ", " + Rfc7616Sha256 }, false));
            Assert.AreEqual((int)DigestAlgorithm.Sha256, (int)a.GetSession(0).Algorithm);
        }
    }
}
