namespace Phone.Rtp
{
    /// <summary>
    /// Per-source reception statistics for RTCP reception reports: sequence tracking with wrap
    /// detection (RFC 3550 §A.1), expected/lost counts and fraction lost (§A.3, §6.4.1), interarrival
    /// jitter (§A.8, the integer form), and LSR/DLSR bookkeeping (§6.4.1). Allocates nothing.
    /// </summary>
    /// <remarks>
    /// The §A.1 probation (MIN_SEQUENTIAL packets before a source is valid) is not applied: the phone
    /// only feeds packets that SRTP authenticated, so the first packet already comes from the peer.
    /// </remarks>
    public sealed class RtpReceiveStatistics
    {
        // RFC 3550 §A.1
        private const int MaxDropout = 3000;
        private const int MaxMisorder = 100;
        private const int SeqMod = 1 << 16;

        private bool _started;
        private int _maxSeq;
        private uint _cycles;
        private int _baseSeq;
        private int _badSeq;
        private uint _received;
        private uint _expectedPrior;
        private uint _receivedPrior;
        private int _transit;
        private bool _haveTransit;
        private uint _jitter; // RFC 3550 §A.8: scaled by 16
        private uint _ssrc;
        private uint _lastSr;
        private long _lastSrArrivalMs;

        public uint Ssrc { get { return _ssrc; } }

        /// <summary>Packets counted as received (§A.3; duplicates are counted, as the RFC does).</summary>
        public uint Received { get { return _received; } }

        /// <summary>Cycles × 65536 + highest sequence number (§A.3).</summary>
        public uint ExtendedMaxSequence { get { return _cycles + (uint)_maxSeq; } }

        /// <summary>Interarrival jitter in timestamp units (§A.8: jitter estimate / 16).</summary>
        public uint Jitter { get { return _jitter >> 4; } }

        /// <summary>Forgets the source (new SSRC).</summary>
        public void Reset()
        {
            _started = false;
            _haveTransit = false;
            _cycles = 0;
            _received = 0;
            _expectedPrior = 0;
            _receivedPrior = 0;
            _jitter = 0;
            _lastSr = 0;
            _lastSrArrivalMs = 0;
        }

        /// <summary>
        /// Accounts one received packet. <paramref name="arrival"/> is the arrival time in RTP timestamp
        /// units (8 kHz: milliseconds × 8). Returns false when §A.1 judges the sequence number a jump
        /// (not counted until confirmed by the next packet).
        /// </summary>
        public bool Update(uint ssrc, int sequenceNumber, uint timestamp, uint arrival)
        {
            return Account(ssrc, sequenceNumber, timestamp, arrival, true);
        }

        /// <summary>
        /// Accounts a packet of the same source whose timestamp does not follow the sampling clock, such
        /// as an RFC 4733 telephone-event (§2.5.1.2: every packet of an event carries its start time):
        /// sequence and loss bookkeeping (§A.1, §A.3) without the §A.8 jitter update, so a digit neither
        /// shows up as loss in the report blocks nor inflates the jitter estimate.
        /// </summary>
        public bool CountSequence(uint ssrc, int sequenceNumber)
        {
            return Account(ssrc, sequenceNumber, 0, 0, false);
        }

        /// <summary>Packets expected from the source so far (§A.3: extended highest − base + 1); 0 before the first.</summary>
        public long Expected
        {
            get { return _started ? (long)(_cycles + (uint)_maxSeq) - _baseSeq + 1 : 0; }
        }

        /// <summary>Cumulative packets lost (§A.3: expected − received; negative with duplicates).</summary>
        public long Lost
        {
            get { return _started ? Expected - _received : 0; }
        }

        private bool Account(uint ssrc, int sequenceNumber, uint timestamp, uint arrival, bool timed)
        {
            int seq = sequenceNumber & 0xFFFF;
            if (!_started)
            {
                _started = true;
                _ssrc = ssrc;
                InitSequence(seq);
                _received = 1;
                _haveTransit = timed;
                _transit = (int)(arrival - timestamp);
                return true;
            }

            int udelta = (seq - _maxSeq) & 0xFFFF;
            if (udelta < MaxDropout)
            {
                // In order, with permissible gap (§A.1).
                if (seq < _maxSeq)
                {
                    _cycles += SeqMod; // sequence number wrapped
                }

                _maxSeq = seq;
            }
            else if (udelta <= SeqMod - MaxMisorder)
            {
                // A very large jump: accept only if the next packet confirms it (§A.1).
                if (seq == _badSeq)
                {
                    InitSequence(seq);
                }
                else
                {
                    _badSeq = (seq + 1) & 0xFFFF;
                    return false;
                }
            }

            // else: duplicate or reordered packet (§A.1)
            _received++;

            if (!timed)
            {
                return true;
            }

            // RFC 3550 §A.8
            int transit = (int)(arrival - timestamp);
            if (!_haveTransit)
            {
                _haveTransit = true;
                _transit = transit;
                return true;
            }

            int d = transit - _transit;
            _transit = transit;
            if (d < 0)
            {
                d = -d;
            }

            _jitter = (uint)((int)_jitter + d - (((int)_jitter + 8) >> 4));
            return true;
        }

        /// <summary>Notes an SR from the source (§6.4.1 LSR): <paramref name="ntpMiddle32"/> from its NTP timestamp, arrival on the caller's clock.</summary>
        public void OnSenderReport(uint ntpMiddle32, long arrivalMs)
        {
            _lastSr = ntpMiddle32;
            _lastSrArrivalMs = arrivalMs;
        }

        /// <summary>
        /// Fills a report block for this source as of <paramref name="nowMs"/> and starts a new
        /// reporting interval (§A.3). Returns false (block untouched) before the first packet.
        /// </summary>
        public bool FillReportBlock(RtcpReportBlock block, long nowMs)
        {
            if (!_started)
            {
                return false;
            }

            // RFC 3550 §A.3
            uint extendedMax = _cycles + (uint)_maxSeq;
            long expected = (long)extendedMax - _baseSeq + 1;
            long lost = expected - _received;
            if (lost > 0x7FFFFF)
            {
                lost = 0x7FFFFF;
            }
            else if (lost < -0x800000)
            {
                lost = -0x800000;
            }

            uint expectedInterval = (uint)expected - _expectedPrior;
            _expectedPrior = (uint)expected;
            uint receivedInterval = _received - _receivedPrior;
            _receivedPrior = _received;
            int lostInterval = (int)(expectedInterval - receivedInterval);
            int fraction = 0;
            if (expectedInterval != 0 && lostInterval > 0)
            {
                fraction = (int)(((long)lostInterval << 8) / expectedInterval);
            }

            block.Ssrc = _ssrc;
            block.FractionLost = fraction > 255 ? 255 : fraction;
            block.CumulativeLost = (int)lost;
            block.ExtendedHighestSequence = extendedMax;
            block.Jitter = _jitter >> 4;
            block.LastSenderReport = _lastSr;
            if (_lastSr == 0)
            {
                block.DelaySinceLastSenderReport = 0;
            }
            else
            {
                long delayMs = nowMs - _lastSrArrivalMs;
                block.DelaySinceLastSenderReport = delayMs <= 0 ? 0 : (uint)((delayMs << 16) / 1000); // §6.4.1: units of 1/65536 s
            }

            return true;
        }

        private void InitSequence(int seq)
        {
            // RFC 3550 §A.1 init_seq
            _baseSeq = seq;
            _maxSeq = seq;
            _badSeq = SeqMod + 1;
            _cycles = 0;
            _received = 0;
            _receivedPrior = 0;
            _expectedPrior = 0;
        }
    }
}
