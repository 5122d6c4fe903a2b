namespace Phone.Rtp
{
    /// <summary>
    /// Sends a keypad digit as RFC 4733 telephone-events on the audio stream's SSRC and sequence space
    /// (RFC 4733 §2.1). Sans-I/O: while <see cref="Active"/>, the caller calls <see cref="NextPacket"/>
    /// once per packet interval (the audio frame period) instead of sending audio.
    /// </summary>
    /// <remarks>
    /// RFC 4733 §2.5.1: every packet of an event carries the event's start timestamp; the first packet
    /// has the marker bit (§2.5.1.1); the duration field grows by one packet interval per packet, so
    /// the first packet already says one interval (§2.5.1.2); the end packet has the E bit and the
    /// final duration and is sent three times in total, each with a new sequence number and the same
    /// duration (§2.5.1.4). Each call also advances the audio stream's timestamp by one frame, so audio
    /// resumes in step with media time and starts a new talkspurt. Durations cap at 0xFFFF samples
    /// (8.2 s); longer presses are not segmented (§2.5.2.3). Allocates nothing after construction.
    /// </remarks>
    public sealed class DtmfSender
    {
        public const int DefaultPayloadType = 101;
        public const int EndPacketCount = 3;

        private readonly RtpPacketizer _stream;
        private int _payloadType;
        private readonly int _volume;
        private readonly byte[] _payload = new byte[4];
        private bool _active;
        private int _event;
        private uint _eventTimestamp;
        private int _duration;
        private int _targetDuration;
        private bool _stopRequested;
        private int _endSent;
        private bool _first;

        /// <param name="stream">the audio stream whose SSRC, sequence numbers and clock are shared</param>
        /// <param name="payloadType">dynamic payload type negotiated for telephone-event (usually 101)</param>
        /// <param name="volume">power level 0..63 as −dBm0 (RFC 4733 §2.3.4; 10 is typical)</param>
        public DtmfSender(RtpPacketizer stream, int payloadType, int volume)
        {
            if (stream == null)
            {
                throw new System.ArgumentNullException("stream");
            }

            _stream = stream;
            _payloadType = payloadType & 0x7F;
            _volume = volume < 0 ? 0 : (volume > 63 ? 63 : volume);
        }

        /// <summary>The telephone-event payload type in use.</summary>
        public int PayloadType { get { return _payloadType; } }

        /// <summary>
        /// Abandons any event in progress without sending its end packets and switches to
        /// <paramref name="payloadType"/> (a new call or a re-INVITE renumbering telephone-event).
        /// </summary>
        public void Reset(int payloadType)
        {
            _payloadType = payloadType & 0x7F;
            _active = false;
            _stopRequested = false;
            _endSent = 0;
        }

        /// <summary>True from <see cref="Start"/> until the third end packet has been produced.</summary>
        public bool Active { get { return _active; } }

        /// <summary>
        /// Starts event <paramref name="eventCode"/> (0–9, 10 = *, 11 = #, 12–15 = A–D; RFC 4733 §3.2).
        /// With <paramref name="durationMs"/> &gt; 0 the event ends by itself once that long; with 0 it
        /// lasts until <see cref="Stop"/> (key release). Returns false when busy or the code is invalid.
        /// </summary>
        public bool Start(int eventCode, int durationMs)
        {
            if (_active || eventCode < 0 || eventCode > 15 || durationMs < 0)
            {
                return false;
            }

            _active = true;
            _event = eventCode;
            _eventTimestamp = _stream.Timestamp;
            _duration = 0;
            long target = (long)durationMs * (RtpPacketizer.ClockRate / 1000);
            _targetDuration = target > 0xFFFF ? 0xFFFF : (int)target;
            _stopRequested = false;
            _endSent = 0;
            _first = true;
            return true;
        }

        /// <summary>Key released: the next packet is the first end packet.</summary>
        public void Stop()
        {
            _stopRequested = true;
        }

        /// <summary>
        /// One packet interval: writes the next telephone-event packet at <c>packet[offset]</c> and
        /// returns its length, or 0 when idle or the buffer is too small.
        /// </summary>
        public int NextPacket(byte[] packet, int offset)
        {
            if (!_active)
            {
                return 0;
            }

            if (_endSent == 0)
            {
                _duration += _stream.SamplesPerFrame;
                if (_duration > 0xFFFF)
                {
                    _duration = 0xFFFF;
                }

                if (_stopRequested || (_targetDuration > 0 && _duration >= _targetDuration))
                {
                    if (_targetDuration > 0 && _duration > _targetDuration)
                    {
                        _duration = _targetDuration;
                    }

                    _endSent = 1;
                }
            }
            else
            {
                _endSent++;
            }

            bool end = _endSent > 0;
            // RFC 4733 §2.3: event (8) | E (1) R (1) volume (6) | duration (16)
            _payload[0] = (byte)_event;
            _payload[1] = (byte)((end ? 0x80 : 0) | _volume);
            _payload[2] = (byte)(_duration >> 8);
            _payload[3] = (byte)_duration;
            int n = _stream.WritePacket(_payload, 0, 4, _payloadType, _first, _eventTimestamp, packet, offset);
            if (n == 0)
            {
                return 0;
            }

            _first = false;
            _stream.SkipFrame();
            if (_endSent >= EndPacketCount)
            {
                _active = false;
            }

            return n;
        }
    }
}
