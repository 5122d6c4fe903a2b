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
