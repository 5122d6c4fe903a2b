namespace Phone.Rtp
{
    /// <summary>
    /// Turns received RFC 4733 telephone-event payloads into one report per event. An event is
    /// identified by its RTP timestamp (RFC 4733 §2.5.2.1: all packets of an event share it), so the
    /// three end packets and any retransmitted updates report nothing twice. An event is reported when
    /// its first end packet arrives, or, if all its end packets were lost, when a packet of a later
    /// event arrives (with the last duration seen). Allocates nothing; never throws.
    /// </summary>
    public sealed class DtmfReceiver
    {
        private bool _haveCurrent;
        private bool _currentReported;
        private uint _currentTimestamp;
        private int _currentEvent;
        private int _currentDuration;
        private bool _haveLast;
        private uint _lastReportedTimestamp;

        /// <summary>Event code of the last report (0–15 DTMF; other codes are passed through).</summary>
        public int Event;
        /// <summary>Duration of the last reported event, in timestamp units (8 kHz samples).</summary>
        public int Duration;
        /// <summary>RTP timestamp (start) of the last reported event.</summary>
        public uint Timestamp;

        public int Malformed;
        public int Packets;

        /// <summary>Forgets events and counters (a new call).</summary>
        public void Reset()
        {
            _haveCurrent = false;
            _currentReported = false;
            _haveLast = false;
            Event = 0;
            Duration = 0;
            Timestamp = 0;
            Malformed = 0;
            Packets = 0;
        }

        /// <summary>Duration of the last report in milliseconds.</summary>
        public int DurationMs { get { return Duration / (RtpPacketizer.ClockRate / 1000); } }

        /// <summary>
        /// Takes the payload of one telephone-event packet (<paramref name="timestamp"/> from its RTP header).
        /// Returns true when an event is reported now: read <see cref="Event"/>, <see cref="Duration"/>.
        /// </summary>
        public bool Receive(byte[] payload, int offset, int length, uint timestamp)
        {
            if (payload == null || offset < 0 || length < 4 || length > payload.Length - offset)
            {
                Malformed++;
                return false;
            }

            Packets++;
            int ev = payload[offset];
            bool end = (payload[offset + 1] & 0x80) != 0;
            int duration = (payload[offset + 2] << 8) | payload[offset + 3];

            if (_haveLast && timestamp == _lastReportedTimestamp)
            {
                return false; // a repeat of an event already reported
            }

            if (_haveCurrent && timestamp == _currentTimestamp)
            {
                if (duration > _currentDuration)
                {
                    _currentDuration = duration;
                }

                if (end)
                {
                    return Report(_currentEvent, _currentDuration, timestamp);
                }

                return false;
            }

            // A new event. Report the previous one if its end packets never came.
            bool reported = false;
            if (_haveCurrent && !_currentReported && (int)(timestamp - _currentTimestamp) > 0)
            {
                reported = Report(_currentEvent, _currentDuration, _currentTimestamp);
            }
            else if (_haveCurrent && (int)(timestamp - _currentTimestamp) < 0)
            {
                return false; // an older event's straggler
            }

            _haveCurrent = true;
            _currentReported = false;
            _currentTimestamp = timestamp;
            _currentEvent = ev;
            _currentDuration = duration;
            if (end && !reported)
            {
                return Report(ev, duration, timestamp);
            }

            return reported;
        }

        private bool Report(int ev, int duration, uint timestamp)
        {
            Event = ev;
            Duration = duration;
            Timestamp = timestamp;
            _haveLast = true;
            _lastReportedTimestamp = timestamp;
            if (timestamp == _currentTimestamp)
            {
                _currentReported = true;
            }

            return true;
        }
    }
}
