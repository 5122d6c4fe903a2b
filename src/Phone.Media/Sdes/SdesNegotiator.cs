using Phone.Srtp;
using Phone.Crypto;

namespace Phone.Sdes
{
    /// <summary>
    /// SDES offer/answer for one media stream (RFC 4568 §7). Our suite preference list, most preferred
    /// first, comes from nf.config <c>[srtp] suites</c> (<see cref="Phone.Sdp.SrtpSettings.Suites"/>, the same suite type).
    /// Every key we send is fresh from the entropy source (RFC 4568 §8.1: never reuse a key).
    /// </summary>
    public static class SdesNegotiator
    {
        /// <summary>
        /// Our offer (RFC 4568 §7.1.1): one line per distinct known suite in <paramref name="preference"/>, in
        /// that order, tags 1..n, each with its own fresh key. Empty for a null or empty list.
        /// </summary>
        public static CryptoAttribute[] CreateOffer(SrtpSuite[] preference, IEntropySource entropy)
        {
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }

            int count = 0;
            int length = preference == null ? 0 : preference.Length;
            for (int i = 0; i < length; i++)
            {
                if (IsFirstUsable(preference, i))
                {
                    count++;
                }
            }

            CryptoAttribute[] offer = new CryptoAttribute[count];
            int n = 0;
            for (int i = 0; i < length; i++)
            {
                if (IsFirstUsable(preference, i))
                {
                    SdesKey[] keys = new SdesKey[] { SdesKey.Generate(preference[i], entropy) };
                    offer[n] = new CryptoAttribute(n + 1, preference[i], keys);
                    n++;
                }
            }

            return offer;
        }

        /// <summary>
        /// Answers an offer refusing UNENCRYPTED_SRTP / UNENCRYPTED_SRTCP lines (the secure default; see the overload).
        /// </summary>
        public static SdesNegotiationResult Answer(string[] offerLines, SrtpSuite[] preference, IEntropySource entropy)
        {
            return Answer(offerLines, preference, false, entropy);
        }

        /// <summary>
        /// Answers an offer (RFC 4568 §7.1.2): parses every offered line, takes the usable one whose suite
        /// comes first in <paramref name="preference"/> (offer order breaks ties), and answers it with the same
        /// tag and suite, a fresh key of our own and the same UNENCRYPTED_SRTP/SRTCP (RFC 4568 §6.3.2).
        /// Lines with UNENCRYPTED_SRTP or UNENCRYPTED_SRTCP are refused (<see cref="SdesError.UnencryptedNotAllowed"/>)
        /// unless <paramref name="allowUnencrypted"/> (nf.config [srtp] allow_unencrypted); even then a line without
        /// them is preferred whatever its suite. UNAUTHENTICATED_SRTP is never accepted.
        /// Lines that are malformed, unsupported, not allowed by our list, or reuse a tag are skipped; their
        /// reasons are in <see cref="SdesNegotiationResult.LineErrors"/>.
        /// </summary>
        public static SdesNegotiationResult Answer(string[] offerLines, SrtpSuite[] preference, bool allowUnencrypted, IEntropySource entropy)
        {
            if (entropy == null)
            {
                throw new System.ArgumentNullException("entropy");
            }

            int count = offerLines == null ? 0 : offerLines.Length;
            SdesError[] errors = new SdesError[count];
            CryptoAttribute[] parsed = new CryptoAttribute[count];
            int[] tags = new int[count];
            for (int i = 0; i < count; i++)
            {
                CryptoAttributeResult r = CryptoAttributeParser.Parse(offerLines[i]);
                errors[i] = r.Error;
                tags[i] = r.Tag;
                if (r.Tag != 0 && SeenTag(tags, i))
                {
                    // RFC 4568 §5.1: the tag identifies one line; a repeat is ambiguous, so only the first counts.
                    if (r.Attribute != null)
                    {
                        r.Attribute.Clear();
                    }

                    errors[i] = SdesError.DuplicateTag;
                    continue;
                }

                if (r.Attribute != null)
                {
                    if (IndexOf(preference, r.Attribute.Suite) < 0)
                    {
                        r.Attribute.Clear();
                        errors[i] = SdesError.SuiteNotAllowed;
                    }
                    else if (IsClear(r.Attribute) && !allowUnencrypted)
                    {
                        // RFC 4568 §6.3: media in clear under an "SRTP" line; refused so another line can be chosen.
                        r.Attribute.Clear();
                        errors[i] = SdesError.UnencryptedNotAllowed;
                    }
                    else
                    {
                        parsed[i] = r.Attribute;
                    }
                }
            }

            int best = -1;
            int bestRank = int.MaxValue;
            for (int i = 0; i < count; i++)
            {
                if (parsed[i] != null)
                {
                    // A line that keeps media encrypted beats any line that does not (allowed ones only get here).
                    int rank = IndexOf(preference, parsed[i].Suite) + (IsClear(parsed[i]) ? 1000 : 0);
                    if (rank < bestRank)
                    {
                        bestRank = rank;
                        best = i;
                    }
                }
            }

            for (int i = 0; i < count; i++)
            {
                if (i != best && parsed[i] != null)
                {
                    parsed[i].Clear();
                }
            }

            if (best < 0)
            {
                return new SdesNegotiationResult(SdesError.NoAcceptableOffer, null, errors);
            }

            CryptoAttribute remote = parsed[best];
            CryptoAttribute local = new CryptoAttribute(remote.Tag, remote.Suite, new SdesKey[] { SdesKey.Generate(remote.Suite, entropy) });
            local.UnencryptedSrtp = remote.UnencryptedSrtp;
            local.UnencryptedSrtcp = remote.UnencryptedSrtcp;
            return new SdesNegotiationResult(SdesError.None, new SdesAgreement(local, remote), errors);
        }

        /// <summary>
        /// Accepts the peer's answer to our offer (RFC 4568 §7.1.3): the answer line must be usable, carry a
        /// tag we offered, the suite we offered under it, and the same UNENCRYPTED_SRTP/SRTCP (RFC 4568 §6.3.2).
        /// The agreement's <see cref="SdesAgreement.Local"/> is our offered line (not copied).
        /// </summary>
        public static SdesNegotiationResult AcceptAnswer(CryptoAttribute[] offer, string answerLine)
        {
            CryptoAttributeResult r = CryptoAttributeParser.Parse(answerLine);
            SdesError[] errors = new SdesError[] { r.Error };
            if (r.Error != SdesError.None)
            {
                return new SdesNegotiationResult(r.Error, null, errors);
            }

            CryptoAttribute answer = r.Attribute;
            CryptoAttribute offered = null;
            int count = offer == null ? 0 : offer.Length;
            for (int i = 0; i < count; i++)
            {
                if (offer[i] != null && offer[i].Tag == answer.Tag)
                {
                    offered = offer[i];
                    break;
                }
            }

            SdesError error = SdesError.None;
            if (offered == null)
            {
                error = SdesError.AnswerTagNotOffered;
            }
            else if (offered.Suite != answer.Suite)
            {
                error = SdesError.AnswerSuiteMismatch;
            }
            else if (offered.UnencryptedSrtp != answer.UnencryptedSrtp || offered.UnencryptedSrtcp != answer.UnencryptedSrtcp)
            {
                error = SdesError.AnswerParamsMismatch;
            }

            if (error != SdesError.None)
            {
                answer.Clear();
                return new SdesNegotiationResult(error, null, errors);
            }

            return new SdesNegotiationResult(SdesError.None, new SdesAgreement(offered, answer), errors);
        }

        // True if preference[i] is a suite the SRTP core knows and did not appear earlier in the list.
        static bool IsFirstUsable(SrtpSuite[] preference, int i)
        {
            if (!SdesSuiteNames.IsKnown(preference[i]))
            {
                return false;
            }

            for (int j = 0; j < i; j++)
            {
                if (preference[j] == preference[i])
                {
                    return false;
                }
            }

            return true;
        }

        // True when the line lets SRTP or SRTCP payloads travel unencrypted (RFC 4568 §6.3.2).
        static bool IsClear(CryptoAttribute a)
        {
            return a.UnencryptedSrtp || a.UnencryptedSrtcp || a.UnauthenticatedSrtp;
        }

        // True if a line before i (usable or not, as long as its tag parsed) has the same tag.
        static bool SeenTag(int[] tags, int i)
        {
            for (int j = 0; j < i; j++)
            {
                if (tags[j] == tags[i])
                {
                    return true;
                }
            }

            return false;
        }

        static int IndexOf(SrtpSuite[] list, SrtpSuite suite)
        {
            int length = list == null ? 0 : list.Length;
            for (int i = 0; i < length; i++)
            {
                if (list[i] == suite)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
