namespace Phone.Sdes
{
    /// <summary>
    /// Base64 (RFC 4648 §4, the RFC 3548 alphabet RFC 4568 §6.1 names for inline key‖salt) written here so
    /// that decoding never throws and rejects every non-canonical form: characters outside the alphabet,
    /// misplaced "=", a lone final character, or non-zero bits after the last byte (RFC 4648 §3.5).
    /// Padding is optional on input (some stacks omit it for the 46-byte AES-256 key‖salt) and always
    /// written on output.
    /// </summary>
    public static class SdesBase64
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        static int Value(char c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            if (c == '/')
            {
                return 63;
            }

            return -1;
        }

        /// <summary>Decodes <c>text[start .. start+length)</c>; null if it is not canonical base64.</summary>
        public static byte[] Decode(string text, int start, int length)
        {
            if (text == null || start < 0 || length <= 0 || start > text.Length - length)
            {
                return null;
            }

            // Strip up to two "=" of padding; with padding the total must be a multiple of 4 (RFC 4648 §4).
            int data = length;
            int pad = 0;
            while (data > 0 && pad < 2 && text[start + data - 1] == '=')
            {
                data--;
                pad++;
            }

            if (pad > 0 && (length % 4) != 0)
            {
                return null;
            }

            int rem = data % 4;
            if (rem == 1 || data == 0)
            {
                return null;
            }

            if (pad > 0 && pad != 4 - rem)
            {
                return null;
            }

            byte[] result = new byte[(data / 4) * 3 + (rem == 0 ? 0 : rem - 1)];
            int acc = 0;
            int bits = 0;
            int n = 0;
            for (int i = 0; i < data; i++)
            {
                int v = Value(text[start + i]);
                if (v < 0)
                {
                    return null;
                }

                acc = (acc << 6) | v;
                bits += 6;
                if (bits >= 8)
                {
                    bits -= 8;
                    result[n++] = (byte)(acc >> bits);
                    acc &= (1 << bits) - 1;
                }
            }

            // RFC 4648 §3.5: the unused low bits of the last character must be zero.
            if (acc != 0)
            {
                System.Array.Clear(result, 0, result.Length);
                return null;
            }

            return result;
        }

        /// <summary>Encodes <c>data[offset .. offset+count)</c> with padding (RFC 4648 §4).</summary>
        public static string Encode(byte[] data, int offset, int count)
        {
            char[] chars = new char[((count + 2) / 3) * 4];
            int n = 0;
            int end = offset + count;
            int i = offset;
            for (; i + 2 < end; i += 3)
            {
                int w = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
                chars[n++] = Alphabet[w >> 18];
                chars[n++] = Alphabet[(w >> 12) & 63];
                chars[n++] = Alphabet[(w >> 6) & 63];
                chars[n++] = Alphabet[w & 63];
            }

            int left = end - i;
            if (left > 0)
            {
                int w = data[i] << 16;
                if (left == 2)
                {
                    w |= data[i + 1] << 8;
                }

                chars[n++] = Alphabet[w >> 18];
                chars[n++] = Alphabet[(w >> 12) & 63];
                chars[n++] = left == 2 ? Alphabet[(w >> 6) & 63] : '=';
                chars[n++] = '=';
            }

            string s = new string(chars);
            System.Array.Clear(chars, 0, chars.Length);
            return s;
        }
    }
}
