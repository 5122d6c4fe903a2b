using Phone.Config;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Tests.Sdes;
using Phone.Media;

namespace Phone.Tests.Sdp
{
    /// <summary>Offers written out the way real peers send them, and a factory for negotiators.</summary>
    internal static class SdpTestOffers
    {
        internal const string LocalAddress = "192.0.2.1";
        internal const int LocalPort = 40000;

        // What CountingEntropy(1) gives as the first 30 bytes (01..1e), the next 30 (1f..3c) and the next 30 (3d..5a).
        internal const string Key1 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0e";
        internal const string Key2 = "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8";
        internal const string Key3 = "PT4/QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFla";

        /// <summary>baresip with <c>mediaenc=srtp-mand</c>: RTP/SAVP, one AES_CM_128_HMAC_SHA1_80 line.</summary>
        internal static string BaresipSavp()
        {
            return "v=0\r\n"
                + "o=- 3785412931 3785412932 IN IP4 192.168.1.20\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.168.1.20\r\n"
                + "t=0 0\r\n"
                + "m=audio 10000 RTP/SAVP 0 8 101\r\n"
                + "b=AS:64\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=sendrecv\r\n"
                + "a=label:1\r\n"
                + "a=rtcp-rsize\r\n"
                + "a=ssrc:2904542374 cname:sip:alice@example.com\r\n"
                + "a=ptime:20\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
        }

        /// <summary>baresip with <c>mediaenc=srtp</c>: RTP/AVP carrying a crypto line.</summary>
        internal static string BaresipAvpWithCrypto()
        {
            return "v=0\r\n"
                + "o=- 3785412931 3785412932 IN IP4 192.168.1.20\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.168.1.20\r\n"
                + "t=0 0\r\n"
                + "m=audio 10000 RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=sendrecv\r\n"
                + "a=ptime:20\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n";
        }

        /// <summary>linphone: RTP/SAVP with four crypto lines, a=rtcp, opus/speex first, telephone-event at three rates, and a video stream.</summary>
        internal static string Linphone()
        {
            return "v=0\r\n"
                + "o=alice 3563 1230 IN IP4 10.0.0.5\r\n"
                + "s=Talk\r\n"
                + "c=IN IP4 10.0.0.5\r\n"
                + "t=0 0\r\n"
                + "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\r\n"
                + "m=audio 7078 RTP/SAVP 96 97 98 0 8 18 101 99 100\r\n"
                + "a=rtpmap:96 opus/48000/2\r\n"
                + "a=fmtp:96 useinbandfec=1\r\n"
                + "a=rtpmap:97 speex/16000\r\n"
                + "a=fmtp:97 vbr=on\r\n"
                + "a=rtpmap:98 speex/8000\r\n"
                + "a=fmtp:98 vbr=on\r\n"
                + "a=fmtp:18 annexb=yes\r\n"
                + "a=rtpmap:101 telephone-event/48000\r\n"
                + "a=rtpmap:99 telephone-event/16000\r\n"
                + "a=rtpmap:100 telephone-event/8000\r\n"
                + "a=rtcp:7079\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Ps1u + "\r\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + SdesTestLines.D0rm + "\r\n"
                + "a=crypto:3 AES_256_CM_HMAC_SHA1_80 inline:" + SdesTestLines.K256 + "\r\n"
                + "a=crypto:4 AES_256_CM_HMAC_SHA1_32 inline:" + SdesTestLines.K256 + "\r\n"
                + "a=rtcp-fb:* trr-int 1000\r\n"
                + "a=rtcp-fb:* ccm tmmbr\r\n"
                + "m=video 9078 RTP/SAVP 96\r\n"
                + "a=rtpmap:96 VP8/90000\r\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + SdesTestLines.Yujd + "\r\n";
        }

        /// <summary>A plain RTP/AVP offer from a PBX, LF line ends, PCMA first, ptime 30, maxptime.</summary>
        internal static string PlainAvp()
        {
            return "v=0\n"
                + "o=root 1821 1821 IN IP4 192.0.2.10\n"
                + "s=Asterisk PBX\n"
                + "c=IN IP4 192.0.2.10\n"
                + "t=0 0\n"
                + "m=audio 12000 RTP/AVP 8 0 101\n"
                + "a=rtpmap:8 PCMA/8000\n"
                + "a=rtpmap:0 PCMU/8000\n"
                + "a=rtpmap:101 telephone-event/8000\n"
                + "a=fmtp:101 0-16\n"
                + "a=ptime:30\n"
                + "a=maxptime:150\n"
                + "a=sendrecv\n";
        }

        /// <summary>RFC 2543-style hold: c=0.0.0.0, static payload type 0 without rtpmap, no direction attribute.</summary>
        internal static string OldStyleHold()
        {
            return OldStyle("0.0.0.0");
        }

        /// <summary>The same offer with a real address: the old-style resume.</summary>
        internal static string OldStyle(string address)
        {
            return "v=0\r\n"
                + "o=- 5 6 IN IP4 192.0.2.30\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + address + "\r\n"
                + "t=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\n";
        }

        /// <summary>A plain offer with the direction given (sendonly/inactive for hold, sendrecv to resume).</summary>
        internal static string PlainWithDirection(string direction)
        {
            return "v=0\r\n"
                + "o=- 7 8 IN IP4 192.0.2.40\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.40\r\n"
                + "t=0 0\r\n"
                + "m=audio 5000 RTP/AVP 0 101\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=" + direction + "\r\n";
        }

        internal static SdpOfferAnswer Negotiator(SrtpMode mode)
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = mode;
            return new SdpOfferAnswer(srtp, new AudioSettings(), new CountingEntropy(1), LocalAddress, LocalPort, "42", 1);
        }

        internal static SdpOfferAnswer Negotiator(SrtpMode mode, SrtpSuite[] suites, bool allowUnprotected)
        {
            SrtpSettings srtp = new SrtpSettings();
            srtp.Mode = mode;
            srtp.Suites = suites;
            srtp.AllowUnprotectedKeys = allowUnprotected;
            return new SdpOfferAnswer(srtp, new AudioSettings(), new CountingEntropy(1), LocalAddress, LocalPort, "42", 1);
        }
    }
}
