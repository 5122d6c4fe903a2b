using System.Globalization;
using Phone.App.Media;
using Phone.Sdes;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// The one place that reads the app's media figures (<see cref="MediaSnapshot"/>) into a <see cref="CallReport"/>
    /// and words them, so a renamed member costs one line here.
    /// </summary>
    public static class MediaFacts
    {
        public const string PlainRtp = "none (plain RTP)";

        /// <summary>Copies a snapshot of the call's statistics (MediaEngine.ReadStatistics) into its report.</summary>
        public static void Fill(CallReport r, MediaSnapshot s)
        {
            r.Secure = s.Secure;
            r.Suite = s.Secure ? SdesSuiteNames.NameOf(s.Suite) : PlainRtp;
            if (s.RemoteAddress != r.RemoteAddress || s.RemotePort != r.RemotePort)
            {
                // A new string only when the peer's address changes (the monitor samples several times a second).
                r.RemoteAddress = s.RemoteAddress;
                r.RemotePort = s.RemotePort;
                r.Remote = s.RemoteAddress != null ? s.RemoteAddress + ":" + s.RemotePort : null;
            }

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
            r.RtcpReceived = s.RtcpReceived;
            r.FramesLate = s.LateFrames;
            r.FramesConcealed = s.ConcealedFrames;
            r.DigitsReceived.Clear();
            for (int i = 0; i < s.DigitCount; i++) r.DigitsReceived.Add(s.Digits[i]);
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
            ", speaker frames " + r.FramesClocked + " (concealed " + r.FramesConcealed + ", late " + r.FramesLate + "), " + Allocation(r);

        /// <summary>
        /// "app loop allocated 0 B, media thread 0 B in 2950 frames after warm-up, process allocated 0 B, gen0 GCs 0,
        /// heap 2031616 -> 2031616 B", or why not measured.
        /// </summary>
        public static string Allocation(CallReport r) =>
            r.LoopAllocatedBytes < 0 || r.MeasuredFrames <= 0
                ? "allocation not measured (call shorter than warm-up)"
                : "app loop allocated " + r.LoopAllocatedBytes + " B, media thread " + r.MediaAllocatedBytes + " B in " + r.MeasuredFrames +
                  " frames after warm-up, process allocated " + r.ProcessAllocatedBytes + " B, gen0 GCs " + r.Gen0Collections +
                  ", heap " + r.HeapAtWarmUpBytes + " -> " + r.HeapBytes + " B";
    }
}
