using nanoFramework.TestFramework;
using Phone.Sdp;
using Phone.Sdes;
using Phone.Tests.Sdes;

namespace Phone.Tests.Sdp
{
    /// <summary>Parsing real-world style offers (RFC 8866) and the fields the negotiator reads from them.</summary>
    [TestClass]
    public class SdpParserTests
    {
        [TestMethod]
        public void Baresip_Savp_ParsesFormatsDirectionPtimeAndCrypto()
        {
            SdpParseResult r = SdpParser.Parse(SdpTestOffers.BaresipSavp());
            Assert.AreEqual(0, (int)r.Error);
            SdpSession s = r.Session;
            Assert.AreEqual("3785412931", s.SessionId);
            Assert.AreEqual("18446744073709551615", SdpParser.Parse("v=0\r\no=- 18446744073709551615 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n").Session.SessionId);
            Assert.AreEqual(3785412932L, s.SessionVersion);
            Assert.AreEqual("192.168.1.20", s.ConnectionAddress);
            Assert.AreEqual(1, s.Media.Length);
            SdpMedia m = s.Media[0];
            Assert.AreEqual("audio", m.Media);
            Assert.AreEqual(10000, m.Port);
            Assert.AreEqual("RTP/SAVP", m.Protocol);
            Assert.AreEqual(3, m.Formats.Length);
            Assert.AreEqual("PCMA", m.FindFormat(8).EncodingName);
            Assert.AreEqual("telephone-event", m.FindFormat(101).EncodingName);
            Assert.AreEqual(8000, m.FindFormat(101).ClockRate);
            Assert.AreEqual("0-15", m.FindFormat(101).Parameters);
            Assert.AreEqual(20, m.Ptime);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)m.Direction);
            Assert.AreEqual(1, m.CryptoLines.Length);
            CryptoAttributeResult c = CryptoAttributeParser.Parse(m.CryptoLines[0]);
            Assert.IsTrue(c.IsUsable);
            Assert.AreEqual(1, c.Tag);
        }

        [TestMethod]
        public void Linphone_FourCryptoLines_RtcpAndTwoStreams()
        {
            SdpParseResult r = SdpParser.Parse(SdpTestOffers.Linphone());
            Assert.AreEqual(0, (int)r.Error);
            SdpSession s = r.Session;
            Assert.AreEqual(2, s.Media.Length);
            SdpMedia m = s.Media[0];
            Assert.AreEqual(9, m.Formats.Length);
            Assert.AreEqual(4, m.CryptoLines.Length);
            Assert.AreEqual(7079, m.RtcpPort);
            Assert.IsNull(m.RtcpAddress);
            Assert.AreEqual(2, m.FindFormat(96).Channels);
            Assert.AreEqual(48000, m.FindFormat(101).ClockRate);
            Assert.IsNull(m.FindFormat(0).EncodingName);
            Assert.AreEqual("annexb=yes", m.FindFormat(18).Parameters);
            Assert.AreEqual((int)SdpDirection.None, (int)m.Direction);
            Assert.AreEqual((int)SdpDirection.SendRecv, (int)s.DirectionOf(m));
            Assert.AreEqual("video", s.Media[1].Media);
            Assert.AreEqual("96", s.Media[1].FormatList);
            Assert.AreEqual(1, s.Media[1].CryptoLines.Length);
            Assert.AreEqual(0, s.FirstActiveAudio());
        }

        [TestMethod]
        public void PlainAvp_LfLineEnds_PtimeMaxptime()
        {
            SdpParseResult r = SdpParser.Parse(SdpTestOffers.PlainAvp());
            Assert.AreEqual(0, (int)r.Error);
            SdpMedia m = r.Session.Media[0];
            Assert.AreEqual("RTP/AVP", m.Protocol);
            Assert.AreEqual(30, m.Ptime);
            Assert.AreEqual(150, m.MaxPtime);
            Assert.AreEqual(0, m.CryptoLines.Length);
            Assert.AreEqual(8, m.Formats[0].PayloadType);
            Assert.AreEqual("Asterisk PBX", r.Session.SessionName);
        }

        [TestMethod]
        public void OldStyleHold_ZeroAddressAndStaticTypeWithoutRtpmap()
        {
            SdpParseResult r = SdpParser.Parse(SdpTestOffers.OldStyleHold());
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual("0.0.0.0", r.Session.ConnectionAddress);
            Assert.AreEqual(1, r.Session.Media[0].Formats.Length);
            Assert.IsNull(r.Session.Media[0].Formats[0].EncodingName);
        }

        [TestMethod]
        public void MediaLevelConnection_OverridesSession_AndRtcpWithAddress()
        {
            string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\nc=IN IP4 198.51.100.7\r\na=rtcp:6003 IN IP4 198.51.100.8\r\na=inactive\r\n";
            SdpParseResult r = SdpParser.Parse(text);
            Assert.AreEqual(0, (int)r.Error);
            SdpMedia m = r.Session.Media[0];
            Assert.AreEqual("198.51.100.7", r.Session.AddressOf(m));
            Assert.AreEqual(6003, m.RtcpPort);
            Assert.AreEqual("198.51.100.8", m.RtcpAddress);
            Assert.AreEqual((int)SdpDirection.Inactive, (int)r.Session.DirectionOf(m));
        }

        [TestMethod]
        public void SessionLevelDirection_AppliesToMedia()
        {
            string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\na=sendonly\r\nm=audio 6000 RTP/AVP 0\r\n";
            SdpParseResult r = SdpParser.Parse(text);
            Assert.AreEqual(0, (int)r.Error);
            Assert.AreEqual((int)SdpDirection.SendOnly, (int)r.Session.DirectionOf(r.Session.Media[0]));
        }

        [TestMethod]
        public void Ipv6Connection_IsRecognised()
        {
            string text = "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
            SdpParseResult r = SdpParser.Parse(text);
            Assert.AreEqual(0, (int)r.Error);
            Assert.IsTrue(r.Session.ConnectionIsIpv6);
            Assert.IsTrue(r.Session.IsIpv6(r.Session.Media[0]));
        }

        [TestMethod]
        public void UnknownLinesAndAttributes_AreIgnored()
        {
            string text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\ni=info\r\nu=http://example.com\r\ne=a@example.com\r\nb=CT:100\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nr=7d 1h 0 25h\r\na=group:BUNDLE 0\r\nm=audio 6000 RTP/AVP 0\r\na=mid:0\r\na=x-unknown\r\nx=whatever\r\n";
            Assert.AreEqual(0, (int)SdpParser.Parse(text).Error);
        }

        [TestMethod]
        [DataRow("", 1, 0)]
        [DataRow("o=- 1 1 IN IP4 192.0.2.1\r\n", 7, 1)]
        [DataRow("v=1\r\n", 8, 1)]
        [DataRow("v=0\r\nv=0\r\n", 8, 2)]
        [DataRow("v=0\r\nhello\r\n", 5, 2)]
        [DataRow("v=0\r\nA=b\r\n", 5, 2)]
        [DataRow("v=0\r\ns=a\u0001b\r\n", 6, 2)]
        [DataRow("v=0\r\no=- 1 1 IN IP4\r\n", 9, 2)]
        [DataRow("v=0\r\no=- x 1 IN IP4 192.0.2.1\r\n", 9, 2)]
        [DataRow("v=0\r\no=- 1 1 ATM IP4 192.0.2.1\r\n", 9, 2)]
        [DataRow("v=0\r\no=-  1 1 IN IP4 192.0.2.1\r\n", 9, 2)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=now 0\r\n", 12, 4)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39\r\n", 18, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.256\r\n", 14, 4)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 host.example\r\n", 14, 4)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP5 1.2.3.4\r\n", 14, 4)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP6 fe80\r\n", 14, 4)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.4\r\n", 24, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", 16, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP\r\n", 16, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 128\r\n", 16, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP PCMU\r\n", 16, 5)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", 19, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:x PCMU/8000\r\n", 19, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/0\r\n", 19, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMA/8000\r\n", 24, 8)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 101\r\na=fmtp:101\r\n", 20, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=ptime:abc\r\n", 21, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=maxptime:0\r\n", 21, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtcp:0\r\n", 22, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=rtcp:7001 IN IP4\r\n", 22, 7)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n", 24, 8)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n", 15, 0)]
        [DataRow("v=0\r\ns=-\r\nt=0 0\r\n", 10, 0)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\nt=0 0\r\n", 11, 0)]
        [DataRow("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n", 13, 0)]
        public void Malformed_GivesReasonAndLine(string text, int error, int line)
        {
            SdpParseResult r = SdpParser.Parse(text);
            Assert.AreEqual(error, (int)r.Error);
            Assert.AreEqual(line, r.Line);
            Assert.IsNull(r.Session);
            Assert.IsFalse(r.Succeeded);
        }

        [TestMethod]
        public void Null_IsEmpty()
        {
            Assert.AreEqual((int)SdpError.Empty, (int)SdpParser.Parse(null).Error);
        }

        [TestMethod]
        public void Bounds_TextLinesLineLengthMediaFormatsCrypto()
        {
            string head = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n";

            Assert.AreEqual((int)SdpError.TooLong, (int)SdpParser.Parse(new string('a', SdpParser.MaxTextLength + 1)).Error);

            string many = head;
            for (int i = 0; i < SdpParser.MaxLines; i++)
            {
                many = many + "a=x\r\n";
            }

            SdpParseResult r = SdpParser.Parse(many);
            Assert.AreEqual((int)SdpError.TooManyLines, (int)r.Error);
            Assert.AreEqual(SdpParser.MaxLines + 1, r.Line);

            r = SdpParser.Parse(head + "a=" + new string('x', SdpParser.MaxLineLength) + "\r\n");
            Assert.AreEqual((int)SdpError.LineTooLong, (int)r.Error);
            Assert.AreEqual(6, r.Line);

            string media = head;
            for (int i = 0; i <= SdpParser.MaxMedia; i++)
            {
                media = media + "m=audio 0 RTP/AVP 0\r\n";
            }

            Assert.AreEqual((int)SdpError.TooManyMedia, (int)SdpParser.Parse(media).Error);

            string formats = head + "m=audio 7000 RTP/AVP";
            for (int i = 0; i <= SdpParser.MaxFormats; i++)
            {
                formats = formats + " " + (96 + i % 30).ToString();
            }

            Assert.AreEqual((int)SdpError.TooManyFormats, (int)SdpParser.Parse(formats + "\r\n").Error);

            string crypto = head + "m=audio 7000 RTP/SAVP 0\r\n";
            for (int i = 0; i <= SdpParser.MaxCryptoLines; i++)
            {
                crypto = crypto + "a=crypto:" + (i + 1).ToString() + " AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
            }

            Assert.AreEqual((int)SdpError.TooManyCrypto, (int)SdpParser.Parse(crypto).Error);
        }

        [TestMethod]
        public void ParseResult_ToString_ShowsNoContent()
        {
            SdpParseResult r = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4\r\n");
            Assert.AreEqual("sdp error 9 at line 2", r.ToString());
        }
    }
}
