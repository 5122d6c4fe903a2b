using Phone.Config;
using Phone.Srtp;
using Phone.Audio;

namespace Phone.App.Media
{
    /// <summary>A call's media figures copied out under the media lock, for the diagnostics screen and MediaStats events.</summary>
    public sealed class MediaSnapshot
    {
        public bool Secure;
        public SrtpSuite Suite;
        public AudioCodec Codec;
        public int LossPercent;
        public int LossPermille;
        public int JitterMs;
        public int RoundTripMs;
        public int PacketsSent;
        public int PacketsReceived;
        public int AuthenticationFailures;
        public int Replays;
        public int RtcpAuthenticationFailures;
        public int ShortRtcpTags;
        public int UnprotectedDropped;
        public int Malformed;
        public int WrongSsrc;
        public int PacketsLost;
        public int LateFrames;
        public int ConcealedFrames;
        public int ComfortNoiseFrames;
        public int ComfortNoisePackets;
        public int ComfortNoiseSent;
        public int SuppressedFrames;
        public int BufferDepthMs;
        public int RtcpSent;
        public int RtcpReceived;
        public int RtcpAppPackets;
        public int DtmfSent;
        public int DtmfReceived;

        /// <summary>The peer's media address and RTP port from SDP.</summary>
        public string RemoteAddress;
        public int RemotePort;

        /// <summary>The last digits the peer sent (RFC 4733), oldest first: DigitCount of them in Digits.</summary>
        public readonly char[] Digits = new char[MediaEngine.DigitsKept];
        public int DigitCount;
    }
}
