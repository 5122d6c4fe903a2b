namespace Phone.Crypto
{
    /// <summary>
    /// Lower-case hexadecimal text of bytes: digest authentication sends every hash as 32 or 64 lower-case
    /// hex digits (RFC 7616 §3.4.1, "LHEX"; RFC 2617 §3.1.3).
    /// </summary>
    public static class HexText
    {
        const string Digits = "0123456789abcdef";

        /// <summary>Lower-case hex of <c>data[offset .. offset+count)</c>; "" when the range is invalid.</summary>
        public static string ToLower(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count <= 0 || offset > data.Length - count)
            {
                return string.Empty;
            }

            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                chars[2 * i] = Digits[b >> 4];
                chars[2 * i + 1] = Digits[b & 0x0F];
            }

            return new string(chars);
        }

        /// <summary>Writes the lower-case hex of <c>data[offset .. offset+count)</c> as ASCII into <c>output[outOffset ..]</c> (2·count bytes).</summary>
        public static void WriteLower(byte[] data, int offset, int count, byte[] output, int outOffset)
        {
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                output[outOffset + 2 * i] = (byte)Digits[b >> 4];
                output[outOffset + 2 * i + 1] = (byte)Digits[b & 0x0F];
            }
        }
    }
}
