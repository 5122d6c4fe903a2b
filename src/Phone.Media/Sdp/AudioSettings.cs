using Phone.Audio;

namespace Phone.Sdp
{
    /// <summary>[audio]: codecs, packetisation, jitter buffer and levels.</summary>
    public sealed class AudioSettings
    {
        /// <summary>Offered in this order, most preferred first.</summary>
        public AudioCodec[] Codecs = new AudioCodec[] { AudioCodec.Pcmu, AudioCodec.Pcma };

        /// <summary>Packet duration in ms: 10..60 in steps of 10.</summary>
        public int Ptime = 20;

        public int JitterMinMs = 40;
        public int JitterMaxMs = 200;

        /// <summary>Percent, 0..100.</summary>
        public int SpeakerVolume = 70;

        /// <summary>Percent, 0..100.</summary>
        public int RingVolume = 80;

        /// <summary>Decibels, -12..12.</summary>
        public int MicGain;

        /// <summary>
        /// Comfort noise (RFC 3389): offer and accept CN/8000 so that a peer which stops sending in silence
        /// can say how loud its background is, and play that noise instead of dead silence.
        /// </summary>
        public bool ComfortNoise = true;

        /// <summary>
        /// Silence suppression: in calls where CN was negotiated, stop sending while the microphone hears only the
        /// background and send its level in CN packets instead (MediaSession.SilenceSuppression). Off by default:
        /// every frame is sent, as desk phones do unless told otherwise.
        /// </summary>
        public bool SilenceSuppression;

        /// <summary>
        /// Local RTP ports: even, RTCP one above (RFC 3550 §11). Call slot i receives on RtpPortMin + 2i; the range
        /// must hold every slot's pair (RtpPortMax is the highest RTP port, its RTCP port RtpPortMax + 1).
        /// </summary>
        public int RtpPortMin = 40000;
        public int RtpPortMax = 40098;
    }
}
