namespace Phone.Config
{
    /// <summary>
    /// Strict check of one line's bytes before they are decoded. The device's UTF-8 decoder is lenient, and
    /// flash corruption must show up as an error with a line number rather than as a silently altered value.
    /// </summary>
    public static class Utf8LineCheck
    {
        /// <summary>
        /// Checks data[start..end). Returns 0 when the bytes are valid UTF-8 free of control characters (TAB allowed),
        /// otherwise ControlCharacter or InvalidUtf8 with a description of the first problem in detail.
        /// </summary>
        public static ConfigErrorCode Check(byte[] data, int start, int end, out string detail)
        {
            detail = null;
            int i = start;
            while (i < end)
            {
                int b = data[i];
                if (b < 0x80)
                {
                    if ((b < 0x20 && b != 0x09) || b == 0x7F)
                    {
                        detail = b == 0 ? "NUL byte" : (b == 0x0D ? "carriage return not followed by line feed" : "control byte 0x" + Hex(b));
                        return ConfigErrorCode.ControlCharacter;
                    }
                    i++;
                    continue;
                }

                int need;
                int min;
                int cp;
                if (b >= 0xC2 && b <= 0xDF) { need = 1; min = 0x80; cp = b & 0x1F; }
                else if (b >= 0xE0 && b <= 0xEF) { need = 2; min = 0x800; cp = b & 0x0F; }
                else if (b >= 0xF0 && b <= 0xF4) { need = 3; min = 0x10000; cp = b & 0x07; }
                else if (b >= 0x80 && b <= 0xBF) { detail = "continuation byte without a lead byte"; return ConfigErrorCode.InvalidUtf8; }
                else if (b == 0xC0 || b == 0xC1) { detail = "overlong encoding"; return ConfigErrorCode.InvalidUtf8; }
                else { detail = "byte 0x" + Hex(b) + " never occurs in UTF-8"; return ConfigErrorCode.InvalidUtf8; }

                for (int k = 1; k <= need; k++)
                {
                    if (i + k >= end) { detail = "truncated multi-byte sequence"; return ConfigErrorCode.InvalidUtf8; }
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80) { detail = "truncated multi-byte sequence"; return ConfigErrorCode.InvalidUtf8; }
                    cp = (cp << 6) | (c & 0x3F);
                }
                if (cp < min) { detail = "overlong encoding"; return ConfigErrorCode.InvalidUtf8; }
                if (cp >= 0xD800 && cp <= 0xDFFF) { detail = "encoded UTF-16 surrogate"; return ConfigErrorCode.InvalidUtf8; }
                if (cp > 0x10FFFF) { detail = "code point above U+10FFFF"; return ConfigErrorCode.InvalidUtf8; }
                if (cp >= 0x80 && cp <= 0x9F) { detail = "C1 control character"; return ConfigErrorCode.ControlCharacter; }
                i += need + 1;
            }
            return 0;
        }

        private static string Hex(int b)
        {
            const string digits = "0123456789ABCDEF";
            return new string(new char[] { digits[(b >> 4) & 0xF], digits[b & 0xF] });
        }
    }
}
