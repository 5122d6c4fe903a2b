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
        public int BufferDepthMs;
    }
}
