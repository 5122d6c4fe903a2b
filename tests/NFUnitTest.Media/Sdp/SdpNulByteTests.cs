using System.Text;
using nanoFramework.TestFramework;
using Phone.Media;
using Phone.Sdp;

namespace Phone.Tests.Sdp
{
    /// <summary>
    /// The NUL rule for SDP (issue 10; RFC 8866 §9): a body is checked for 0x00 on its bytes, before it is
    /// decoded, because a nanoFramework string would end at the NUL and silently drop the rest (a second crypto
    /// line, a changed address). The result is SdpError.NulByte with the line, which the call agent answers 400.
    /// Inputs are built as bytes: every '~' in the text becomes 0x00.
    /// </summary>
    [TestClass]
    public class SdpNulByteTests
    {
        private const string Key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

        private static string Offer()
        {
            return "v=0\r\n"
                + "o=- 100 1 IN IP4 192.0.2.50\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.50\r\n"
                + "t=0 0\r\n"
                + "m=audio 10000 RTP/SAVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=sendrecv\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Key + "\r\n";
        }

        /// <summary>UTF-8 of text with every '~' set to 0x00.</summary>
        private static byte[] WithNul(string text)
        {
            byte[] b = Encoding.UTF8.GetBytes(text);
            for (int i = 0; i < b.Length; i++)
            {
                if (b[i] == (byte)'~')
                {
                    b[i] = 0;
                }
            }

            return b;
        }

        /// <summary>The offer with the first occurrence of oldText replaced.</summary>
        private static byte[] OfferWith(string oldText, string newText)
        {
            string text = Offer();
            int at = text.IndexOf(oldText);
            Assert.IsTrue(at >= 0, oldText);
            return WithNul(text.Substring(0, at) + newText + text.Substring(at + oldText.Length));
        }

        [TestMethod]
        public void CleanBytesParseLikeTheText()
        {
            byte[] b = WithNul(Offer());
            SdpParseResult r = SdpParser.Parse(b, 0, b.Length);
            Assert.AreEqual((int)SdpError.None, (int)r.Error);
            Assert.AreEqual("192.0.2.50", r.Session.ConnectionAddress);
            Assert.AreEqual(1, r.Session.Media[0].CryptoLines.Length);
        }

        [DataRow("v=0", "v=0~", 1)]
        [DataRow("v=0", "~v=0", 1)]
        [DataRow("o=- 100 1", "o=- 10~0 1", 2)]
        [DataRow("s=-", "s=-~evil", 3)]
        [DataRow("c=IN IP4 192.0.2.50", "c=IN IP4 192.0.2.50~.evil.example", 4)]
        [DataRow("m=audio 10000", "m=audio 10000~", 6)]
        [DataRow("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU/8000~", 7)]
        [DataRow("a=sendrecv", "a=sendrecv~a=inactive", 9)]
        [DataRow("a=crypto:1", "a=cry~pto:1", 10)]
        [DataRow("inline:WVNf", "inline:WV~f", 10)]
        [DataRow("Ckgewk", "Ckgewk~", 10)]
        [TestMethod]
        public void NulAnywhereIsNulByteWithItsLine(string oldText, string newText, int line)
        {
            byte[] b = OfferWith(oldText, newText);
            SdpParseResult r = SdpParser.Parse(b, 0, b.Length);
            Assert.AreEqual((int)SdpError.NulByte, (int)r.Error);
            Assert.AreEqual(line, r.Line);
            Assert.IsNull(r.Session);
        }

        [TestMethod]
        public void NulAfterTheLastLineIsNulByte()
        {
            byte[] b = WithNul(Offer() + "~");
            Assert.AreEqual((int)SdpError.NulByte, (int)SdpParser.Parse(b, 0, b.Length).Error);
        }

        [TestMethod]
        public void OnlyTheGivenRangeIsRead()
        {
            // A NUL outside [offset, offset+count) is not part of the body (e.g. the SIP head before it).
            byte[] body = WithNul(Offer());
            byte[] b = new byte[body.Length + 2];
            System.Array.Copy(body, 0, b, 1, body.Length);
            Assert.AreEqual((int)SdpError.None, (int)SdpParser.Parse(b, 1, body.Length).Error);
            Assert.AreEqual((int)SdpError.NulByte, (int)SdpParser.Parse(b, 0, body.Length).Error);
        }

        [TestMethod]
        public void EmptyOrBadRangeIsEmpty()
        {
            byte[] b = WithNul(Offer());
            Assert.AreEqual((int)SdpError.Empty, (int)SdpParser.Parse(null, 0, 0).Error);
            Assert.AreEqual((int)SdpError.Empty, (int)SdpParser.Parse(b, 0, 0).Error);
            Assert.AreEqual((int)SdpError.Empty, (int)SdpParser.Parse(b, 1, b.Length).Error);
            Assert.AreEqual((int)SdpError.Empty, (int)SdpParser.Parse(b, -1, 2).Error);
        }

        [DataRow("c=IN IP4 192.0.2.50", "c=IN IP4 192.0.2.50~")]
        [DataRow("inline:WVNf", "inline:WVNf~")]
        [DataRow("a=sendrecv", "a=sendrecv~")]
        [TestMethod]
        public void AnOfferWithNulIsRefused400NotNegotiated(string oldText, string newText)
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Mandatory;
            SdpOfferAnswer n = new SdpOfferAnswer(srtp, new Phone.Sdp.AudioSettings(), new Phone.Tests.Sdes.CountingEntropy(1), "192.0.2.1", 40000, "42", 1);

            byte[] good = WithNul(Offer());
            Assert.AreEqual(200, n.Answer(good, 0, good.Length, SdpDirection.SendRecv, true).Status);

            byte[] b = OfferWith(oldText, newText);
            SdpNegotiationResult r = n.Answer(b, 0, b.Length, SdpDirection.SendRecv, true);
            Assert.AreEqual((int)SdpError.NulByte, (int)r.Error);
            Assert.AreEqual(400, r.Status);
            Assert.IsNull(r.Text);
        }

        [TestMethod]
        public void AnAnswerWithNulIsRefused()
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = SrtpMode.Off;
            SdpOfferAnswer n = new SdpOfferAnswer(srtp, new Phone.Sdp.AudioSettings(), new Phone.Tests.Sdes.CountingEntropy(1), "192.0.2.1", 40000, "42", 1);
            Assert.IsTrue(n.CreateOffer(SdpDirection.SendRecv, true).Succeeded);
            string answer = "v=0\r\no=- 7 8 IN IP4 192.0.2.40\r\ns=-\r\nc=IN IP4 192.0.2.40~\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
            byte[] b = WithNul(answer);
            SdpNegotiationResult r = n.AcceptAnswer(b, 0, b.Length);
            Assert.AreEqual((int)SdpError.NulByte, (int)r.Error);
            Assert.AreEqual(400, r.Status);

            // The same answer without the NUL is accepted: the rule, not the rest of the text, refused it.
            b[answer.IndexOf('~')] = (byte)'\r';
            b[answer.IndexOf('~') + 1] = (byte)'\n';
            Assert.AreEqual((int)SdpError.None, (int)n.AcceptAnswer(b, 0, b.Length).Error);
        }
    }
}
