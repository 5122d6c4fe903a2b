using Phone.Crypto;

namespace Phone.Sip
{
    /// <summary>
    /// Random values drawn from the phone's entropy source for SIP: Call-IDs and tags must be unguessable
    /// (RFC 3261 §8.1.1.4, §19.3), retry and backoff delays need spread (RFC 3261 §14.1, RFC 5626 §4.5).
    /// Without a source (tests that pin the output) every draw is zero.
    /// </summary>
    public static class SipRandom
    {
        /// <summary>A value in 0..65535.</summary>
        public static int UInt16(IEntropySource entropy)
        {
            byte[] r = new byte[2];
            if (entropy != null)
            {
                entropy.GetBytes(r, 0, 2);
            }

            return (r[0] << 8) | r[1];
        }

        /// <summary><paramref name="bytes"/> random bytes as lower-case hex.</summary>
        public static string Hex(IEntropySource entropy, int bytes)
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
