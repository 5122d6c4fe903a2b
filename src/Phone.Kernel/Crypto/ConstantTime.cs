namespace Phone.Crypto
{
    /// <summary>Comparison whose running time does not depend on where the inputs differ, so a forger learns nothing about a tag from timing.</summary>
    public static class ConstantTime
    {
        public static bool BytesEqual(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int diff = 0;
            for (int i = 0; i < count; i++)
            {
                diff |= a[aOffset + i] ^ b[bOffset + i];
            }

            return diff == 0;
        }
    }
}
