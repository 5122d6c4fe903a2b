using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>The auth-param tokenizer and challenge parser on tricky inputs (RFC 7235 §2.1, RFC 7616 §3.3). Never throws.</summary>
    [TestClass]
    public class DigestChallengeTests
    {
        static int Err(string value)
        {
            return (int)DigestChallenge.Parse(value).Error;
        }

        [TestMethod]
        public void CommaInsideQuotes_IsPartOfTheValue()
        {
            DigestChallenge c = DigestChallenge.Parse("Digest realm=\"a, b\", nonce=\"x,y,\", qop=\"auth\"");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("a, b", c.Realm);
            Assert.AreEqual("x,y,", c.Nonce);
        }

        [TestMethod]
        public void EscapedQuoteAndBackslash_AreUnescaped()
        {
            DigestChallenge c = DigestChallenge.Parse("Digest realm=\"say \\\"hi\\\" \\\\ \\x\", nonce=\"n\"");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("say \"hi\" \\ x", c.Realm);
        }

        [TestMethod]
        public void EscapedRealm_IsEscapedAgainInTheAnswer()
        {
            DigestAuthenticator a = new DigestAuthenticator(new DigestTestEntropy(null, 1));
            a.AddCredentials(new DigestCredentials("u", "p", null));
            a.OnChallenge(new string[] { "Digest realm=\"a\\\"b\", nonce=\"n\"" }, false);
            Assert.Contains("realm=\"a\\\"b\"", a.GetSession(0).Authorize("REGISTER", "sip:x"));
        }

        [TestMethod]
        public void UnquotedTokenValues_AreAccepted()
        {
            DigestChallenge c = DigestChallenge.Parse("Digest realm=atlanta.com,nonce=abc/def==,qop=auth");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("atlanta.com", c.Realm);
            Assert.AreEqual("abc/def==", c.Nonce);
            Assert.IsTrue(c.QopAuth);
        }

        [TestMethod]
        public void MissingClosingQuote_IsUnterminated()
        {
            Assert.AreEqual((int)DigestError.UnterminatedQuote, Err("Digest nonce=\"n\", realm=\"atlanta.com"));

            // The realm's missing quote pairs with the nonce's opening one: what follows is junk.
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm=\"atlanta.com, nonce=\"abc\""));
            Assert.AreEqual((int)DigestError.UnterminatedQuote, Err("Digest realm=\"a\", nonce=\"abc"));
            Assert.AreEqual((int)DigestError.UnterminatedQuote, Err("Digest realm=\"a\", nonce=\"abc\\\""));
        }

        [TestMethod]
        public void MissingOpeningQuote_OrJunkAfterValue_IsMalformed()
        {
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm=atlanta.com\", nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm=\"a\"b, nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm=\"a\" nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm=, nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest realm, nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest =\"a\", nonce=\"n\""));
            Assert.AreEqual((int)DigestError.Malformed, Err("Digest\"realm\"=\"a\""));
        }

        [TestMethod]
        public void NamesAreCaseInsensitive_ValuesAreNot()
        {
            DigestChallenge c = DigestChallenge.Parse("dIgEsT REALM=\"Atlanta\", Nonce=\"AbC\", ALGORITHM=sha-256, QOP=\"AUTH\", Stale=True");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("Atlanta", c.Realm);
            Assert.AreEqual("AbC", c.Nonce);
            Assert.AreEqual((int)DigestAlgorithm.Sha256, (int)c.Algorithm);
            Assert.AreEqual("sha-256", c.AlgorithmName);
            Assert.IsTrue(c.QopAuth);
            Assert.IsTrue(c.Stale);
        }

        [TestMethod]
        public void DuplicateRealm_IsAnError()
        {
            Assert.AreEqual((int)DigestError.DuplicateParameter, Err("Digest realm=\"a\", nonce=\"n\", Realm=\"b\""));
            Assert.AreEqual((int)DigestError.DuplicateParameter, Err("Digest realm=\"a\", nonce=\"n\", nonce=\"n\""));
        }

        [TestMethod]
        public void UnknownParameters_AreIgnoredAndCounted()
        {
            DigestChallenge c = DigestChallenge.Parse("Digest realm=\"a\", foo=\"b, c\", nonce=\"n\", bar=baz, domain=\"sip:a sip:b\", charset=UTF-8");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual(2, c.IgnoredParameters);
            Assert.AreEqual("sip:a sip:b", c.Domain);
            Assert.IsTrue(c.CharsetUtf8);
            Assert.AreEqual("n", c.Nonce);
        }

        [TestMethod]
        public void EmptyListElementsAndFoldedWhitespace_AreTolerated()
        {
            DigestChallenge c = DigestChallenge.Parse("Digest ,, realm = \"a\" ,\r\n\t nonce\t=\t\"n\" , ");
            Assert.AreEqual((int)DigestError.Ok, (int)c.Error);
            Assert.AreEqual("a", c.Realm);
            Assert.AreEqual("n", c.Nonce);
        }

        [TestMethod]
        public void MissingRealmOrNonce()
        {
            Assert.AreEqual((int)DigestError.MissingRealm, Err("Digest nonce=\"n\""));
            Assert.AreEqual((int)DigestError.MissingNonce, Err("Digest realm=\"a\""));
            Assert.AreEqual((int)DigestError.MissingNonce, Err("Digest realm=\"a\", nonce=\"\""));
            Assert.AreEqual((int)DigestError.MissingRealm, Err("Digest"));
        }

        [TestMethod]
        public void EmptyNullAndOtherSchemes()
        {
            Assert.AreEqual((int)DigestError.Empty, Err(null));
            Assert.AreEqual((int)DigestError.Empty, Err(""));
            Assert.AreEqual((int)DigestError.Empty, Err(" , "));
            Assert.AreEqual((int)DigestError.NotDigest, Err("Basic realm=\"a\""));
            Assert.AreEqual((int)DigestError.NotDigest, Err("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        }

        [TestMethod]
        public void SecondChallengeInOneField_IsFound_AfterBasicToken68()
        {
            string v = "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==, Digest realm=\"a\", nonce=\"n\"";
            DigestChallenge first = DigestChallenge.Parse(v);
            Assert.AreEqual((int)DigestError.NotDigest, (int)first.Error);
            Assert.IsTrue(first.NextChallenge > 0);
            DigestChallenge second = DigestChallenge.Parse(v, first.NextChallenge);
            Assert.AreEqual((int)DigestError.Ok, (int)second.Error);
            Assert.AreEqual("a", second.Realm);
            Assert.AreEqual(-1, second.NextChallenge);
        }

        [TestMethod]
        public void SecondChallengeInOneField_IsFound_AfterBasicParams()
        {
            string v = "Basic realm=\"x, y\", Digest realm=\"a\", nonce=\"n\"";
            DigestChallenge first = DigestChallenge.Parse(v);
            DigestChallenge second = DigestChallenge.Parse(v, first.NextChallenge);
            Assert.AreEqual((int)DigestError.Ok, (int)second.Error);
            Assert.AreEqual("a", second.Realm);
        }

        [TestMethod]
        public void Qop_ListParsing()
        {
            Assert.IsTrue(DigestChallenge.Parse("Digest realm=\"a\", nonce=\"n\", qop=\"auth-int , auth\"").QopAuth);
            Assert.AreEqual((int)DigestError.AuthIntOnly, Err("Digest realm=\"a\", nonce=\"n\", qop=\"auth-int\""));
            Assert.AreEqual((int)DigestError.UnsupportedQop, Err("Digest realm=\"a\", nonce=\"n\", qop=\"authx,\""));
            Assert.IsFalse(DigestChallenge.Parse("Digest realm=\"a\", nonce=\"n\", qop=\"auth-intx\"").QopAuthInt);
        }

        [TestMethod]
        public void Algorithms()
        {
            Assert.AreEqual((int)DigestAlgorithm.Md5Sess, (int)DigestChallenge.ParseAlgorithm("MD5-sess"));
            Assert.AreEqual((int)DigestAlgorithm.Sha256Sess, (int)DigestChallenge.ParseAlgorithm("SHA-256-SESS"));
            Assert.AreEqual((int)DigestAlgorithm.Unsupported, (int)DigestChallenge.ParseAlgorithm("SHA-512-256"));
            Assert.AreEqual((int)DigestAlgorithm.Unsupported, (int)DigestChallenge.ParseAlgorithm(null));
            Assert.AreEqual((int)DigestError.UnsupportedAlgorithm, Err("Digest realm=\"a\", nonce=\"n\", algorithm=SHA-1"));
        }

        [TestMethod]
        public void StaleValuesOtherThanTrue_AreFalse()
        {
            Assert.IsFalse(DigestChallenge.Parse("Digest realm=\"a\", nonce=\"n\", stale=yes").Stale);
            Assert.IsFalse(DigestChallenge.Parse("Digest realm=\"a\", nonce=\"n\", stale=FALSE").Stale);
        }

        [TestMethod]
        public void TooLongAndTooManyParameters()
        {
            string big = new string('a', DigestChallenge.MaxLength + 1);
            Assert.AreEqual((int)DigestError.TooLong, Err(big));
            string many = "Digest realm=\"a\", nonce=\"n\"";
            for (int i = 0; i < DigestChallenge.MaxParameters; i++)
            {
                many += ", x" + i.ToString() + "=1";
            }

            Assert.AreEqual((int)DigestError.TooManyParameters, Err(many));
        }

        [TestMethod]
        public void ParamReader_ReadsNamesValuesAndQuoting()
        {
            DigestParamReader r = new DigestParamReader();
            r.Start("a=1, B=\"x,\\\"y\" ,c=z", 0);
            Assert.IsTrue(r.Next());
            Assert.AreEqual("a", r.Name);
            Assert.AreEqual("1", r.Value);
            Assert.IsFalse(r.Quoted);
            Assert.IsTrue(r.Next());
            Assert.IsTrue(r.NameIs("b"));
            Assert.AreEqual("x,\"y", r.Value);
            Assert.IsTrue(r.Quoted);
            Assert.IsTrue(r.Next());
            Assert.AreEqual("z", r.Value);
            Assert.IsFalse(r.Next());
            Assert.AreEqual((int)DigestError.Ok, (int)r.Error);
            Assert.IsFalse(r.AtNextChallenge);
        }

        [TestMethod]
        public void GarbageInputs_NeverThrow()
        {
            string[] inputs = new string[]
            {
                "Digest \"", "Digest \\", "Digest a=\"\\", "Digest ,", "Digest =", "Digest a==", "\u00e9\u00e9 a=b",
                "Digest realm=\"\u00e9\", nonce=\"\u00ff\"", "Digest a=\"b\"\"", ",,,,Digest", "Digest a=b,,,,c", "\r\n\r\n",
            };
            for (int i = 0; i < inputs.Length; i++)
            {
                DigestChallenge c = DigestChallenge.Parse(inputs[i]);
                Assert.IsNotNull(c);
                Assert.IsNotNull(c.ToString());
            }
        }
    }
}
