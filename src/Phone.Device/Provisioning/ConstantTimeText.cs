using System.Text;

namespace Phone.Device.Provisioning
{
    /// <summary>
    /// Secret comparison whose running time depends only on the lengths, not on where the first difference
    /// is, so a client timing 401 answers cannot learn the one-time code or the admin password digit by
    /// digit (the reason RFC 7617 §4 and RFC 9110 §11 leave to implementations).
    /// </summary>
    public static class ConstantTimeText
    {
        /// <summary>True when both strings are non-null and have identical UTF-8 bytes.</summary>
        public static bool AreEqual(string candidate, string secret)
        {
            if (candidate == null || secret == null)
            {
                return false;
            }

            byte[] a = Encoding.UTF8.GetBytes(candidate);
            byte[] b = Encoding.UTF8.GetBytes(secret);
            int diff = a.Length ^ b.Length;
            // Always walk the whole secret; a shorter candidate is compared against zeros.
            for (int i = 0; i < b.Length; i++)
            {
                int x = i < a.Length ? a[i] : 0;
                diff |= x ^ b[i];
            }

            return diff == 0;
        }
    }
}
