using Phone.Call;
using Phone.Media;
using Phone.Rtp;
using Phone.Sdes;
using Phone.Sdp;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// The one place that reads the call/media engineers' result types (MediaStatistics, MediaPacketKind,
    /// SdpNegotiationResult), so a renamed member costs one line here.
    /// </summary>
    internal static class MediaFacts
    {
        public static string Suite(SdpNegotiationResult media) =>
            media != null && media.UsesSrtp ? SdesSuiteNames.NameOf(media.Srtp.Suite) : "none (plain RTP)";

        /// <summary>
        /// Count of packets the session accepted as authentic media from the peer (SRTP tag verified, right
        /// SSRC): a rise after Receive means we may latch to the packet's source.
        /// </summary>
        public static int AcceptedCount(MediaStatistics s, bool rtcp) => s == null ? 0 : (rtcp ? s.RtcpReceived : s.PacketsReceived);

        public static void Fill(CallReport r, MediaStatistics s)
        {
            if (s == null) return;
            r.PacketsSent = s.PacketsSent;
            r.PacketsReceived = s.PacketsReceived;
            r.PacketsLost = s.PacketsLost;
            r.JitterMs = s.JitterMs;
            r.RttMs = s.RoundTripMs;
            r.AuthFailures = s.AuthenticationFailures;
            r.OtherDropped = s.UnprotectedDropped + s.Malformed + s.WrongSsrc + s.Replays;
            r.RtcpSent = s.RtcpSent;
            r.FramesLate = s.LateFrames;
            r.RtcpReceived = s.RtcpReceived;
        }

        public static int LossPercent(CallReport r)
        {
            long expected = r.PacketsReceived + r.PacketsLost;
            return expected <= 0 || r.PacketsLost <= 0 ? 0 : (int)(100 * r.PacketsLost / expected);
        }

        public static string Summary(CallReport r) =>
            r.Suite + ", sent " + r.PacketsSent + ", received " + r.PacketsReceived + ", lost " + r.PacketsLost +
            ", jitter " + r.JitterMs.ToString("0.0") + " ms, rtt " + (r.RttMs < 0 ? "n/a" : r.RttMs.ToString("0.0") + " ms") +
            ", rtcp " + r.RtcpSent + "/" + r.RtcpReceived + ", auth failures " + r.AuthFailures + ", other dropped " + r.OtherDropped +
            ", frames " + r.FramesClocked + " (played " + r.FramesPlayed + ", concealed " + r.FramesConcealed + ", late " + r.FramesLate + "), clock resets " + r.ClockResets + ", max late " + r.MaxLateMs + " ms";
    }

    /// <summary>A PhoneCommand of our own to hand to the agent (the state machine's are recycled).</summary>
    internal sealed class PhoneCommandHolder
    {
        private readonly PhoneCommand _c = new PhoneCommand();

        public PhoneCommand Fill(PhoneCommandKind kind, int callId, string uri, int status, bool on)
        {
            _c.Kind = kind;
            _c.CallId = callId;
            _c.Uri = uri;
            _c.Status = status;
            _c.On = on;
            _c.Digit = '\0';
            _c.Level = 0;
            return _c;
        }
    }
}
