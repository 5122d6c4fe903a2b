namespace Phone.Tests.Srtp
{
    /// <summary>Hex strings to bytes and back, so test vectors can be pasted as printed in the RFCs.</summary>
    internal static class Hex
    {
        /// <summary>Parses hex digits, ignoring spaces.</summary>
        public static byte[] Parse(string hex)
        {
            int digits = 0;
            for (int i = 0; i < hex.Length; i++)
            {
                if (hex[i] != ' ')
                {
                    digits++;
                }
            }

            byte[] result = new byte[digits / 2];
            int n = 0;
            int high = -1;
            for (int i = 0; i < hex.Length; i++)
            {
                char c = hex[i];
                if (c == ' ')
                {
                    continue;
                }

                int v = Nibble(c);
                if (high < 0)
                {
                    high = v;
                }
                else
                {
                    result[n++] = (byte)((high << 4) | v);
                    high = -1;
                }
            }

            return result;
        }

        static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new System.ArgumentException("not a hex digit");
        }

        /// <summary>Lower-case hex of <c>data[offset .. offset+count)</c>.</summary>
        public static string Of(byte[] data, int offset, int count)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                int b = data[offset + i];
                chars[2 * i] = digits[b >> 4];
                chars[2 * i + 1] = digits[b & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Lower-case hex of a whole array.</summary>
        public static string Of(byte[] data)
        {
            return Of(data, 0, data.Length);
        }

        /// <summary>Bytes of an ASCII string (test messages of RFC 2202 and FIPS 180).</summary>
        public static byte[] Ascii(string s)
        {
            byte[] b = new byte[s.Length];
            for (int i = 0; i < s.Length; i++)
            {
                b[i] = (byte)s[i];
            }

            return b;
        }

        /// <summary>An array of <paramref name="count"/> copies of <paramref name="value"/>.</summary>
        public static byte[] Repeat(byte value, int count)
        {
            byte[] b = new byte[count];
            for (int i = 0; i < count; i++)
            {
                b[i] = value;
            }

            return b;
        }
    }
}
