using System;
using System.Security.Cryptography;
using System.Text;
using Phone.Crypto;
using Phone.Sip;
using Xunit;

namespace Phone.Host.Tests.Sip
{
    /// <summary>
    /// Host-only cross-checks of the digest code against .NET's own MD5/SHA-256: every length around block
    /// boundaries with random splits, the RFC 7616 §3.4.1 response composed independently for random (also
    /// non-ASCII) inputs, no allocation in Update/Finish, and a mutation fuzz of the challenge parser.
    /// </summary>
    public class DigestCrossCheckTests
    {
        [Fact]
        public void Md5_And_Sha256_MatchDotNet_ForAllLengthsAndRandomSplits()
        {
            var rng = new Random(7616);
            var md5 = new Md5();
            var sha = new Sha256();
            for (int len = 0; len <= 300; len++)
            {
                byte[] data = new byte[len + 10];
                rng.NextBytes(data);
                int off = rng.Next(0, 10);
                int split = len == 0 ? 0 : rng.Next(0, len + 1);
                md5.Update(data, off, split);
                md5.Update(data, off + split, len - split);
                sha.Update(data, off, split);
                sha.Update(data, off + split, len - split);
                string expectMd5 = Convert.ToHexString(MD5.HashData(data.AsSpan(off, len))).ToLowerInvariant();
                string expectSha = Convert.ToHexString(SHA256.HashData(data.AsSpan(off, len))).ToLowerInvariant();
                Assert.Equal(expectMd5, md5.FinishHex());
                Assert.Equal(expectSha, sha.FinishHex());
            }
        }

        private static string H(bool sha256, string s)
        {
            byte[] b = Encoding.UTF8.GetBytes(s);
            return Convert.ToHexString(sha256 ? SHA256.HashData(b) : MD5.HashData(b)).ToLowerInvariant();
        }

        [Fact]
        public void Response_MatchesIndependentComposition_ForRandomInputs()
        {
            var rng = new Random(2617);
            var calc = new DigestCalculator();
            string alphabet = "abcXYZ019 :\"\\,@/é€日";
            string Rand(int max)
            {
                var sb = new StringBuilder();
                int n = rng.Next(0, max);
                for (int i = 0; i < n; i++) sb.Append(alphabet[rng.Next(alphabet.Length)]);
                return sb.ToString();
            }

            DigestAlgorithm[] algs = { DigestAlgorithm.Md5, DigestAlgorithm.Md5Sess, DigestAlgorithm.Sha256, DigestAlgorithm.Sha256Sess };
            for (int i = 0; i < 400; i++)
            {
                DigestAlgorithm alg = algs[i % 4];
                bool sha = alg == DigestAlgorithm.Sha256 || alg == DigestAlgorithm.Sha256Sess;
                bool sess = alg == DigestAlgorithm.Md5Sess || alg == DigestAlgorithm.Sha256Sess;
                string user = Rand(20), realm = Rand(20), pw = Rand(100), nonce = Rand(40), cnonce = Rand(20), uri = "sip:" + Rand(30);
                string nc = DigestSession.FormatNonceCount(rng.Next());
                bool qop = (i & 4) == 0;
                string ha1 = H(sha, user + ":" + realm + ":" + pw);
                if (sess) ha1 = H(sha, ha1 + ":" + nonce + ":" + cnonce);
                string ha2 = H(sha, "REGISTER:" + uri);
                string expect = qop
                    ? H(sha, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                    : H(sha, ha1 + ":" + nonce + ":" + ha2);
                Assert.Equal(expect, calc.Response(alg, user, realm, pw, nonce, nc, cnonce, qop ? "auth" : null, "REGISTER", uri));
            }
        }

        [Fact]
        public void UpdateAndFinish_DoNotAllocate()
        {
            var md5 = new Md5();
            var sha = new Sha256();
            byte[] data = new byte[1000];
            byte[] digest = new byte[32];
            md5.Update(data, 0, data.Length);
            md5.Finish(digest, 0);
            sha.Update(data, 0, data.Length);
            sha.Finish(digest, 0);
            Assert.Equal(0, SteadyAllocation.Least(() =>
            {
                for (int i = 0; i < 100; i++)
                {
                    md5.Update(data, 3, 997);
                    md5.Finish(digest, 0);
                    sha.Update(data, 3, 997);
                    sha.Finish(digest, 0);
                }
            }));
        }

        [Fact]
        public void ChallengeParser_MutationFuzz_NeverThrows_AndOkMeansRealmAndNonce()
        {
            string[] seeds =
            {
                "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", userhash=true, charset=UTF-8",
                "Basic realm=\"x\", Digest realm=\"a\\\"b\", nonce=n, stale=TRUE, domain=\"sip:a sip:b\"",
            };
            const string specials = "\"\\,= \t\r\nab";
            var rng = new Random(3261);
            var auth = new DigestAuthenticator(new FixedBytes());
            auth.AddCredentials(new DigestCredentials("u", "p", null));
            for (int i = 0; i < 50_000; i++)
            {
                var sb = new StringBuilder(seeds[i % seeds.Length]);
                int edits = rng.Next(1, 6);
                for (int e = 0; e < edits && sb.Length > 0; e++)
                {
                    int at = rng.Next(sb.Length);
                    switch (rng.Next(4))
                    {
                        case 0: sb.Remove(at, 1); break;
                        case 1: sb.Insert(at, specials[rng.Next(specials.Length)]); break;
                        case 2: sb[at] = (char)rng.Next(0, 0x3000); break;
                        default: sb.Length = at; break;
                    }
                }

                string s = sb.ToString();
                DigestChallenge c = DigestChallenge.Parse(s);
                Assert.NotNull(c.ToString());
                if (c.IsUsable)
                {
                    Assert.NotNull(c.Realm);
                    Assert.False(string.IsNullOrEmpty(c.Nonce));
                }

                if (c.NextChallenge >= 0)
                {
                    DigestChallenge.Parse(s, c.NextChallenge);
                }

                if (auth.OnChallenge(new[] { s }, (i & 1) == 1) == DigestError.Ok)
                {
                    for (int k = 0; k < auth.SessionCount; k++)
                    {
                        Assert.StartsWith("Digest username=", auth.GetSession(k).Authorize("REGISTER", "sip:x"));
                    }
                }

                if (auth.SessionCount > 8)
                {
                    auth.ClearSessions();
                }
            }
        }

        private sealed class FixedBytes : Phone.Crypto.IEntropySource
        {
            public void GetBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++) buffer[offset + i] = (byte)(i + 1);
            }
        }
    }
}
