namespace Phone.Media
{
    /// <summary>
    /// Voice activity detection for silence suppression (RFC 3389 §4 leaves the detector to the sender). It is fed one
    /// frame's level at a time (−dBov, 0..127, from IAudioKernel.MeasureLevel), keeps an estimate of the background's
    /// level, and says whether the frame is to be sent: a frame clearly louder than the background is speech, and
    /// speech goes on being sent for a hangover so that word endings and short pauses are not clipped. What is not sent
    /// is described to the peer by <see cref="NoiseLevel"/> in a CN packet. Integers only; nothing allocated.
    /// </summary>
    public sealed class VoiceActivity
    {
        /// <summary>A frame at least this many dB louder than the background is speech.</summary>
        public const int MarginDb = 9;

        /// <summary>A frame quieter than this (−dBov) is never speech, however quiet the background (an idle digital microphone).</summary>
        public const int QuietestSpeech = 65;

        /// <summary>A frame this loud (−dBov) or louder is always speech, even where the background has crept up toward it.</summary>
        public const int LoudestBackground = 25;

        /// <summary>Frames go on being sent this long after the last speech frame.</summary>
        public const int HangoverMs = 200;

        /// <summary>How fast the background estimate follows louder frames, dB per second; quieter frames pull it half the way each frame.</summary>
        public const int RiseDbPerSecond = 2;

        // The background in 1/100 dB of −dBov (larger is quieter), so that 2 dB/s is a whole step for any ptime in
        // 10 ms steps (0.04 dB in 20 ms); -1 before the first frame.
        private const int Scale = 100;
        private int _background = -1;

        // The mean level of the frames since the last speech frame, 1/100 dB (a running average, 1/8 per frame); -1: none.
        private int _noise = -1;
        private int _hangoverLeftMs;

        /// <summary>Forget the background and any hangover (a new call, or a new sending direction).</summary>
        public void Reset()
        {
            _background = -1;
            _noise = -1;
            _hangoverLeftMs = 0;
        }

        /// <summary>The background's level rounded to a whole dB, as a CN packet carries it (RFC 3389 §3.1: 0..127 −dBov); 127 before any frame.</summary>
        public int BackgroundLevel
        {
            get { return _background < 0 ? 127 : (_background + Scale / 2) / Scale; }
        }

        /// <summary>
        /// What a CN packet says of the current silence (RFC 3389 §3.1, −dBov): the mean level of the frames since the
        /// last speech frame, rounded to a dB. The background estimate leans toward the quietest frames (that is what
        /// keeps speech above it), the peer should play the noise as loud as it is on average. The background's level
        /// while no frame since speech is known.
        /// </summary>
        public int NoiseLevel
        {
            get { return _noise < 0 ? BackgroundLevel : (_noise + Scale / 2) / Scale; }
        }

        /// <summary>True while a hangover keeps sending after speech.</summary>
        public bool InHangover
        {
            get { return _hangoverLeftMs > 0; }
        }

        /// <summary>
        /// One frame of <paramref name="frameMs"/> at <paramref name="level"/> (−dBov, clamped to 0..127). True when the
        /// frame is to be sent as audio (speech, or within the hangover after it); false when it is silence.
        /// </summary>
        public bool Update(int level, int frameMs)
        {
            if (level < 0)
            {
                level = 0;
            }
            else if (level > 127)
            {
                level = 127;
            }

            int q = level * Scale;
            if (_background < 0)
            {
                _background = q;
            }

            bool speech = level <= LoudestBackground ||
                (level <= QuietestSpeech && q <= _background - MarginDb * Scale);

            if (q > _background)
            {
                _background += (q - _background + 1) / 2; // quieter: follow within a few frames
            }
            else
            {
                int rise = RiseDbPerSecond * Scale * frameMs / 1000;
                _background -= rise < 1 ? 1 : rise; // louder: follow slowly, so that speech stays above it
                if (_background < q)
                {
                    _background = q;
                }
            }

            if (speech)
            {
                _noise = -1;
                _hangoverLeftMs = HangoverMs;
                return true;
            }

            _noise = _noise < 0 ? q : _noise + (q - _noise) / 8;

            if (_hangoverLeftMs > 0)
            {
                _hangoverLeftMs -= frameMs;
                return true;
            }

            return false;
        }
    }
}
