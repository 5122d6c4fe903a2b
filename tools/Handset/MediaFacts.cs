using System.Globalization;
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
    public static class MediaFacts
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
            r.RtcpAuthFailures = s.RtcpAuthenticationFailures;
            r.ShortRtcpTags = s.ShortRtcpTags;
            r.Replays = s.Replays;
            r.Malformed = s.Malformed;
            r.Unprotected = s.UnprotectedDropped;
            r.UnknownSsrc = s.WrongSsrc;
            r.RtcpApp = s.RtcpAppPackets;
            r.RtcpSent = s.RtcpSent;
            r.FramesLate = s.LateFrames;
            r.RtcpReceived = s.RtcpReceived;
        }

        public static int LossPercent(CallReport r)
        {
            long expected = r.PacketsReceived + r.PacketsLost;
            return expected <= 0 || r.PacketsLost <= 0 ? 0 : (int)(100 * r.PacketsLost / expected);
        }

        /// <summary>The round-trip time, or n/a with the reason when the peer's RTCP was refused for a known quirk.</summary>
        public static string Rtt(CallReport r) =>
            r.RttMs >= 0 ? r.RttMs.ToString("0.0", CultureInfo.InvariantCulture) + " ms"
            : r.ShortRtcpTags > 0 ? "n/a (peer's SRTCP has a 32-bit tag)" : "n/a";

        /// <summary>
        /// What was dropped and why, and the peer quirks recognised: "auth rtp 0 rtcp 0, replayed 0, malformed 0,
        /// unprotected 0, unknown ssrc 0, peer quirks: srtcp 32-bit tag 0, rtcp app 0".
        /// </summary>
        public static string Drops(CallReport r) =>
            "auth failures rtp " + r.AuthFailures + " rtcp " + r.RtcpAuthFailures + ", replayed " + r.Replays + ", malformed " + r.Malformed +
            ", unprotected " + r.Unprotected + ", unknown ssrc " + r.UnknownSsrc +
            ", peer quirks: srtcp 32-bit tag " + r.ShortRtcpTags + ", rtcp app " + r.RtcpApp;

        /// <summary>True when anything was refused (for the live status line).</summary>
        public static bool AnyDropped(CallReport r) =>
            r.AuthFailures + r.RtcpAuthFailures + r.ShortRtcpTags + r.Replays + r.Malformed + r.Unprotected + r.UnknownSsrc > 0;

        public static string Summary(CallReport r) =>
            r.Suite + ", sent " + r.PacketsSent + ", received " + r.PacketsReceived + ", lost " + r.PacketsLost +
            ", jitter " + r.JitterMs.ToString("0.0", CultureInfo.InvariantCulture) + " ms, rtt " + Rtt(r) +
            ", rtcp " + r.RtcpSent + "/" + r.RtcpReceived + ", " + Drops(r) +
            ", frames " + r.FramesClocked + " (played " + r.FramesPlayed + ", concealed " + r.FramesConcealed + ", late " + r.FramesLate + "), clock resets " + r.ClockResets + ", max late " + r.MaxLateMs + " ms, " + Allocation(r);

        /// <summary>"pump allocated 0 B in 2950 frames (0.0 B/frame) after warm-up, process allocated 0 B, gen0 GCs 0, heap 2031616 -> 2031616 B", or why not measured.</summary>
        public static string Allocation(CallReport r) =>
            r.PumpAllocatedBytes < 0 || r.PumpAllocatedFrames <= 0
                ? "pump allocation not measured (call shorter than warm-up)"
                : "pump allocated " + r.PumpAllocatedBytes + " B in " + r.PumpAllocatedFrames + " frames (" +
                  ((double)r.PumpAllocatedBytes / r.PumpAllocatedFrames).ToString("0.0", CultureInfo.InvariantCulture) + " B/frame) after warm-up, process allocated " + r.ProcessAllocatedBytes + " B, gen0 GCs " +
                  r.Gen0Collections + ", heap " + r.HeapAtWarmUpBytes + " -> " + r.HeapBytes + " B";
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
