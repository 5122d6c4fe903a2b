using System.Text;
using nanoFramework.TestFramework;
using Phone.Sip;

namespace Phone.Tests.Sip
{
    /// <summary>Builds test messages from text (CRLF written out) and parses them as a datagram or a stream.</summary>
    internal static class SipFixture
    {
        public static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        public static SipError Parse(string text, SipMessage m)
        {
            byte[] b = Bytes(text);
            return SipParser.Parse(b, 0, b.Length, false, m);
        }

        public static SipError Parse(byte[] b, SipMessage m)
        {
            return SipParser.Parse(b, 0, b.Length, false, m);
        }

        /// <summary>
        /// The UTF-8 bytes of before, a 0 octet, then the UTF-8 bytes of after: a message with a NUL in it,
        /// which a string cannot carry on the device (nanoFramework strings end at U+0000).
        /// </summary>
        public static byte[] WithNul(string before, string after)
        {
            byte[] a = Bytes(before);
            byte[] c = Bytes(after);
            byte[] b = new byte[a.Length + 1 + c.Length];
            System.Array.Copy(a, 0, b, 0, a.Length);
            b[a.Length] = 0;
            System.Array.Copy(c, 0, b, a.Length + 1, c.Length);
            return b;
        }

        /// <summary>
        /// Asserts that actual is exactly the UTF-16 code units in expected, compared as numbers: for values
        /// holding U+0000, which no string literal in device code may state.
        /// </summary>
        public static void AssertCodeUnits(int[] expected, string actual)
        {
            Assert.IsNotNull(actual, "value");
            Assert.AreEqual(expected.Length, actual.Length, "length");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], (int)actual[i], "code unit " + i.ToString());
            }
        }

        public static SipError ParseStream(string text, SipMessage m)
        {
            byte[] b = Bytes(text);
            return SipParser.Parse(b, 0, b.Length, true, m);
        }

        /// <summary>text with the first occurrence of oldText replaced (String.Replace is not on the device).</summary>
        public static string Replace(string text, string oldText, string newText)
        {
            int at = text.IndexOf(oldText);
            if (at < 0)
            {
                return text;
            }

            return text.Substring(0, at) + newText + text.Substring(at + oldText.Length);
        }

        /// <summary>A minimal valid OPTIONS request; the parts tests replace are kept apart.</summary>
        public static string Options(string extraHeaders)
        {
            return "OPTIONS sip:bob@example.com SIP/2.0\r\n" +
                   "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKopt1\r\n" +
                   "Max-Forwards: 70\r\n" +
                   "To: <sip:bob@example.com>\r\n" +
                   "From: Alice <sip:alice@example.com>;tag=1928301774\r\n" +
                   "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
                   "CSeq: 63104 OPTIONS\r\n" +
                   extraHeaders +
                   "Content-Length: 0\r\n\r\n";
        }
    }
}
