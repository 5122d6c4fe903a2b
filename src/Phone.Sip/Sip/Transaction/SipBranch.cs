using Phone.Crypto;

namespace Phone.Sip.Transaction
{
    /// <summary>Branch parameters and tags drawn from the entropy source (RFC 3261 §8.1.1.7, §19.3).</summary>
    public static class SipBranch
    {
        /// <summary>RFC 3261 §8.1.1.7: every branch we create starts with this magic cookie.</summary>
        public const string MagicCookie = "z9hG4bK";

        /// <summary>"z9hG4bK" followed by 16 lower-case hex digits (64 random bits: unique in space and time).</summary>
        public static string New(IEntropySource entropy)
        {
            return MagicCookie + RandomHex(entropy, 8);
        }

        /// <summary>A To/From tag of 64 random bits in hex (RFC 3261 §19.3 asks for at least 32).</summary>
        public static string NewTag(IEntropySource entropy)
        {
            return RandomHex(entropy, 8);
        }

        /// <summary>True when the branch was made by an RFC 3261 element (magic cookie present, §17.2.3).</summary>
        public static bool IsRfc3261(string branch)
        {
            return branch != null && branch.Length > MagicCookie.Length && branch.StartsWith(MagicCookie);
        }

        private static string RandomHex(IEntropySource entropy, int bytes)
        {
            byte[] r = new byte[bytes];
            if (entropy != null)
            {
                entropy.GetBytes(r, 0, bytes);
            }

            return Phone.Crypto.HexText.ToLower(r, 0, bytes);
        }
    }
}
