using System;
using Phone.Rtp;
using Phone.Audio;

namespace Phone.Media
{
    /// <summary>
    /// Adaptive jitter buffer for one incoming G.711 stream. Sans-I/O: the caller puts each received
    /// (SRTP-unprotected) RTP packet with its arrival time, and takes one frame per frame period with
    /// the current time; both clocks are the caller's milliseconds. Nothing allocates after construction.
    /// </summary>
    /// <remarks>
    /// Storage: a ring of preallocated frame slots holding G.711 octets, indexed by RTP timestamp
    /// relative to the playout point, so reordering within the ring is free. Each slot remembers the
    /// timestamp it last held and whether it was played, which tells a duplicate from a late packet.
    /// Packets carrying several frames (40/60 ms ptime against our 20) are split.
    ///
    /// Depth: the depth is the audio queued from the playout point to the newest frame received,
    /// measured before each Get. The target depth is ptime + 3 × the RFC 3550 §A.8 interarrival
    /// jitter, rounded up to whole frames and clamped to [jitter_min_ms, jitter_max_ms]; it grows at
    /// once (and by a frame on every late packet) and shrinks by one frame after 5 s of a lower
    /// estimate. Once per second the largest depth of that second (the depth as seen by the packets
    /// that came through the network fastest) is compared with the target; one frame more than the
    /// target schedules a drop, one frame less a stretch. Drops and stretches are made on a
    /// low-energy frame (mean |sample| below ~−44 dBFS); when speech gives none for 2 s and the error is
    /// two frames or more they are forced. A late packet stretches at once. Clock drift (the peer's
    /// 8 kHz a little fast or slow) shows up as a slow depth trend and is absorbed by the same drops and
    /// stretches, at most one per second.
    ///
    /// Loss: a frame missing at its playout time is concealed by <see cref="PacketLossConcealer"/>
    /// (G.711 App. I style, silent after 60 ms). After 500 ms with no frame the buffer goes idle and
    /// the next packet re-anchors the playout point (a new talkspurt after silence suppression, or a
    /// peer whose timestamps jumped).
    ///
    /// Comfort noise (RFC 3389), when <see cref="ComfortNoisePayloadType"/> is set: a CN packet says the
    /// peer stopped sending because its user is silent, and how loud the background is. Every frame from
    /// the CN packet's timestamp on that has no audio is then white noise at that level (one kernel call
    /// per frame), not a loss, also while idle or buffering the next talkspurt, until a frame of that
    /// talkspurt plays.
    /// </remarks>
    public sealed class JitterBuffer
    {
        public const int MaxFramesPerPacket = 6;
        private const int AdjustWindowFrameMs = 1000;
        private const int ShrinkAfterMs = 5000;
        private const int ForceAfterMs = 2000;
        private const int IdleAfterMs = 500;
        private const int LowEnergy = 200;       // mean |sample| (16-bit scale): about −44 dBFS
        private const int OutOfWindowResync = 3; // consecutive out-of-window packets that re-anchor

        private const byte SlotEmpty = 0;
        private const byte SlotFilled = 1;
        private const byte SlotPlayed = 2;
        private const byte SlotMissed = 3;

        private const int StateIdle = 0;
        private const int StateBuffering = 1;
        private const int StatePlaying = 2;

        private readonly int _minDepthMs;
        private readonly int _maxDepthMs;
        private readonly byte[] _store;   // slot i holds G.711 octets at [i × _spf, (i + 1) × _spf)
        private readonly uint[] _slotTs;
        private readonly byte[] _slotState;
        private readonly short[] _lastOut;
        private readonly RtpPacketView _view = new RtpPacketView();
        private readonly RtpReceiveStatistics _reception = new RtpReceiveStatistics();
        private readonly PacketLossConcealer _plc = new PacketLossConcealer();

        // Set by Configure (codec and ptime can change during a call).
        private bool _aLaw;
        private AudioCodec _codec;
        private readonly IAudioKernel _audio;
        private int _payloadType;
        private int _ptimeMs;
        private int _spf;
        private int _capacity;
        private int _minDepth;   // samples
        private int _maxDepth;   // samples
        private int _windowFrames;
        private int _shrinkFrames;
        private int _forceFrames;
        private int _idleFrames;

        private int _state;
        private bool _haveSsrc;
        private uint _ssrc;
        private uint _playTs;
        private int _playSlot;
        private uint _highestEnd;
        private long _firstArrivalMs;
        private int _target;              // samples
        private int _shrinkCount;
        private int _windowCount;
        private int _windowMax;
        private int _pendingAdjust;       // +1 stretch, −1 drop, 0 none
        private int _pendingFor;
        private bool _urgentStretch;
        private int _missingRun;
        private int _outOfWindowRun;
        private bool _lastOutLow;
        private uint _lastPlayedTs;

        // Comfort noise (RFC 3389): set by a CN packet, over when audio from its timestamp on plays.
        private int _cnPayloadType = -1;
        private bool _cnActive;
        private uint _cnTs;
        private int _cnLevel;            // −dBov, 0..127 (RFC 3389 §3.1)
        private readonly int[] _noiseState = PcmNoise.NewState();

        // Statistics (frames unless said otherwise)
        public int Received;
        public int Lost;
        public int Late;
        public int Duplicates;
        public int Concealed;
        public int SilenceFrames;
        public int Dropped;
        public int Stretched;
        public int Malformed;
        public int Resyncs;
        public int SsrcChanges;
        public int ComfortNoisePackets;
        public int ComfortNoiseFrames;

        /// <param name="codec">PCMU (payload type 0) or PCMA (8)</param>
        /// <param name="ptimeMs">our frame period, 10..60 ms</param>
        /// <param name="minDepthMs">nf.config audio.jitter_min_ms</param>
        /// <param name="maxDepthMs">nf.config audio.jitter_max_ms</param>
        public JitterBuffer(AudioCodec codec, int ptimeMs, int minDepthMs, int maxDepthMs)
            : this(codec, ptimeMs, minDepthMs, maxDepthMs, null)
        {
        }

        /// <param name="codec">PCMU (payload type 0) or PCMA (8)</param>
        /// <param name="ptimeMs">our frame period, 10..60 ms</param>
        /// <param name="minDepthMs">nf.config audio.jitter_min_ms</param>
        /// <param name="maxDepthMs">nf.config audio.jitter_max_ms</param>
        /// <param name="audioKernel">decodes each frame in one call (the native kernel on the device);
        /// null: <see cref="ManagedAudioKernel"/></param>
        public JitterBuffer(AudioCodec codec, int ptimeMs, int minDepthMs, int maxDepthMs, IAudioKernel audioKernel)
        {
            if (ptimeMs < RtpPacketizer.MinPtimeMs || ptimeMs > RtpPacketizer.MaxPtimeMs)
            {
                throw new ArgumentOutOfRangeException("ptimeMs");
            }

            if (minDepthMs < 0 || maxDepthMs < minDepthMs || maxDepthMs > 2000)
            {
                throw new ArgumentOutOfRangeException("maxDepthMs");
            }

            _minDepthMs = minDepthMs;
            _maxDepthMs = maxDepthMs;
            _audio = audioKernel != null ? audioKernel : new ManagedAudioKernel();

            // Storage for every ptime Configure accepts, so a re-INVITE that changes the ptime
            // allocates nothing: the most slots (at 10 ms) and the most octets (at 60 ms).
            int maxSlots = 0;
            int maxOctets = 0;
            for (int p = RtpPacketizer.MinPtimeMs; p <= RtpPacketizer.MaxPtimeMs; p++)
            {
                int spf = p * 8;
                int slots = CapacityFor(spf);
                if (slots > maxSlots)
                {
                    maxSlots = slots;
                }

                if (slots * spf > maxOctets)
                {
                    maxOctets = slots * spf;
                }
            }

            _store = new byte[maxOctets];
            _slotTs = new uint[maxSlots];
            _slotState = new byte[maxSlots];
            _lastOut = new short[RtpPacketizer.MaxPtimeMs * 8];
            Configure(codec, ptimeMs);
        }

        /// <summary>
        /// Switches codec and frame period (a re-INVITE): buffered audio is discarded and playout
        /// starts over with the next packet; the statistics counters continue. Allocates nothing.
        /// Returns false (nothing changed) for a ptime outside 10..60 ms.
        /// </summary>
        public bool Configure(AudioCodec codec, int ptimeMs)
        {
            if (ptimeMs < RtpPacketizer.MinPtimeMs || ptimeMs > RtpPacketizer.MaxPtimeMs)
            {
                return false;
            }

            _aLaw = codec == AudioCodec.Pcma;
            _codec = _aLaw ? AudioCodec.Pcma : AudioCodec.Pcmu;
            _payloadType = _aLaw ? 8 : 0;
            _ptimeMs = ptimeMs;
            _spf = ptimeMs * 8;
            _minDepth = MinDepthFor(_spf);
            _maxDepth = MaxDepthFor(_spf);
            _capacity = CapacityFor(_spf);
            _windowFrames = Frames(AdjustWindowFrameMs);
            _shrinkFrames = Frames(ShrinkAfterMs);
            _forceFrames = Frames(ForceAfterMs);
            _idleFrames = Frames(IdleAfterMs);
            _target = _minDepth;
            _shrinkCount = 0;
            _windowCount = 0;
            _windowMax = 0;
            _missingRun = 0;
            _haveSsrc = false;
            _cnActive = false;
            Restart();
            _reception.Reset();
            _plc.Reset();
            return true;
        }

        /// <summary>Sets every statistics counter to zero (a new call).</summary>
        public void ResetStatistics()
        {
            Received = 0;
            Lost = 0;
            Late = 0;
            Duplicates = 0;
            Concealed = 0;
            SilenceFrames = 0;
            Dropped = 0;
            Stretched = 0;
            Malformed = 0;
            Resyncs = 0;
            SsrcChanges = 0;
            ComfortNoisePackets = 0;
            ComfortNoiseFrames = 0;
        }

        /// <summary>
        /// The payload type the call negotiated for comfort noise (RFC 3389), -1 (the default) for none:
        /// then CN packets are <see cref="JitterPutStatus.OtherPayloadType"/> like any other. Setting it
        /// ends any noise being played.
        /// </summary>
        public int ComfortNoisePayloadType
        {
            get { return _cnPayloadType; }
            set
            {
                _cnPayloadType = value < 0 || value > 127 ? -1 : value;
                _cnActive = false;
            }
        }

        private int MinDepthFor(int spf)
        {
            int min = (_minDepthMs * 8 + spf - 1) / spf * spf;
            return min < spf ? spf : min;
        }

        private int MaxDepthFor(int spf)
        {
            int max = (_maxDepthMs * 8 + spf - 1) / spf * spf;
            int min = MinDepthFor(spf);
            return max < min ? min : max;
        }

        // Room for the deepest target, a burst as long again, and a packet of MaxFramesPerPacket.
        private int CapacityFor(int spf)
        {
            return 2 * (MaxDepthFor(spf) / spf) + MaxFramesPerPacket + 2;
        }

        public int SamplesPerFrame { get { return _spf; } }

        /// <summary>Ring size in frames.</summary>
        public int Capacity { get { return _capacity; } }

        /// <summary>Audio queued ahead of the playout point, ms.</summary>
        public int CurrentDepthMs { get { return Depth() / 8; } }

        public int TargetDepthMs { get { return _target / 8; } }

        /// <summary>RFC 3550 §A.8 interarrival jitter, ms.</summary>
        public int JitterMs { get { return (int)(_reception.Jitter / 8); } }

        /// <summary>Reception statistics of the current source, for RTCP report blocks.</summary>
        public RtpReceiveStatistics Reception { get { return _reception; } }

        /// <summary>RTP timestamp of the frame the last Get played (Real kind), for delay measurement.</summary>
        public uint LastPlayedTimestamp { get { return _lastPlayedTs; } }

        /// <summary>True once playout has started (after the initial buffering).</summary>
        public bool Playing { get { return _state == StatePlaying; } }

        /// <summary>Takes one received RTP packet (already SRTP-unprotected). Never throws.</summary>
        public JitterPutStatus Put(byte[] packet, int offset, int length, long arrivalMs)
        {
            if (_view.Parse(packet, offset, length) != RtpParseStatus.Ok)
            {
                Malformed++;
                return JitterPutStatus.Malformed;
            }

            if (_view.PayloadType != _payloadType)
            {
                return _view.PayloadType == _cnPayloadType ? PutComfortNoise(packet, arrivalMs) : JitterPutStatus.OtherPayloadType;
            }

            int payloadLength = _view.PayloadLength;
            int frames = payloadLength / _spf;
            if (payloadLength == 0 || payloadLength != frames * _spf || frames > MaxFramesPerPacket)
            {
                Malformed++;
                return JitterPutStatus.Malformed;
            }

            TakeSource(arrivalMs);
            JitterPutStatus result = JitterPutStatus.Accepted;
            uint ts = _view.Timestamp;
            int at = _view.PayloadOffset;
            for (int i = 0; i < frames; i++)
            {
                JitterPutStatus s = Store(packet, at, ts, arrivalMs);
                if (s != JitterPutStatus.Accepted)
                {
                    result = s;
                }

                ts += (uint)_spf;
                at += _spf;
            }

            return result;
        }

        // The parsed packet's source becomes (or stays) ours, and its sequence and arrival count.
        private void TakeSource(long arrivalMs)
        {
            if (_haveSsrc && _view.Ssrc != _ssrc)
            {
                // RFC 3550 §8.2: a new SSRC is a new source: start over.
                SsrcChanges++;
                _cnActive = false;
                Restart();
                _reception.Reset();
            }

            _haveSsrc = true;
            _ssrc = _view.Ssrc;
            _reception.Update(_view.Ssrc, _view.SequenceNumber, _view.Timestamp, (uint)(arrivalMs * 8));
        }

        // RFC 3389 §3: the payload is the noise level octet, then optional reflection coefficients of the
        // noise's spectrum, which are not used: the noise played is white (a receiver may use the level
        // alone, §3). Also counted for reception: CN packets take sequence numbers of the stream.
        private JitterPutStatus PutComfortNoise(byte[] packet, long arrivalMs)
        {
            if (_view.PayloadLength < 1)
            {
                Malformed++;
                return JitterPutStatus.Malformed;
            }

            TakeSource(arrivalMs);
            _cnLevel = packet[_view.PayloadOffset] & 0x7F; // RFC 3389 §3.1: the top bit is unused
            _cnTs = _view.Timestamp;
            _cnActive = true;
            ComfortNoisePackets++;
            return JitterPutStatus.ComfortNoise;
        }

        // True when the frame at the playout point falls in the peer's silence (at or after the CN packet).
        private bool ComfortNoiseDue()
        {
            return _cnActive && (int)(_playTs - _cnTs) >= 0;
        }

        private void Noise(short[] pcm, int offset)
        {
            // One kernel call per frame (native on the device), as for decoding.
            _audio.ComfortNoise(_noiseState, pcm, offset, _spf, _cnLevel);
            ComfortNoiseFrames++;
        }

        /// <summary>
        /// Produces the next frame of <paramref name="samplesPerFrame"/> samples (must equal
        /// <see cref="SamplesPerFrame"/>) into <c>pcm[offset..]</c>, once per frame period, and says
        /// what it was.
        /// </summary>
        public PlayoutKind Get(short[] pcm, int offset, int samplesPerFrame, long nowMs)
        {
            if (pcm == null || samplesPerFrame != _spf || offset < 0 || offset > pcm.Length - _spf)
            {
                throw new ArgumentException("pcm, offset or samplesPerFrame");
            }

            if (_state == StateBuffering)
            {
                if (Depth() >= _target || nowMs - _firstArrivalMs >= _target / 8)
                {
                    _state = StatePlaying;
                    _windowCount = 0;
                    _windowMax = 0;
                }
            }

            if (_state != StatePlaying)
            {
                if (_cnActive)
                {
                    // The peer is silent and nothing of its next talkspurt plays yet.
                    Noise(pcm, offset);
                    return PlayoutKind.ComfortNoise;
                }

                Array.Clear(pcm, offset, _spf);
                return PlayoutKind.Silence;
            }

            UpdateTarget();
            int depth = Depth();
            if (depth > _windowMax)
            {
                _windowMax = depth;
            }

            if (++_windowCount >= _windowFrames)
            {
                int error = _windowMax - _target;
                int adjust = error >= _spf ? -1 : (error <= -_spf ? 1 : 0);
                if (adjust != _pendingAdjust)
                {
                    // A standing adjustment keeps its age, so that after ForceAfterMs without a quiet
                    // frame it is forced (the window is shorter than that and would restart it forever).
                    _pendingAdjust = adjust;
                    _pendingFor = 0;
                }

                _lastOutLow = false; // judged afresh on the next frame played
                _windowCount = 0;
                _windowMax = 0;
            }

            // Fast grow: a late packet or a deeper target than we hold stretches now.
            if (_urgentStretch || (_pendingAdjust > 0 && (_lastOutLow || Forced(depth))))
            {
                _urgentStretch = false;
                _pendingAdjust = 0;
                RestartWindow(); // judge the next adjustment on depths measured after this one
                return Stretch(pcm, offset);
            }

            if (_pendingAdjust < 0)
            {
                _pendingFor++;
                if (TryDrop(pcm, offset, depth))
                {
                    _pendingAdjust = 0;
                    RestartWindow();
                }
            }
            else if (_pendingAdjust > 0)
            {
                _pendingFor++;
            }

            return PlayNext(pcm, offset);
        }

        private void RestartWindow()
        {
            _windowCount = 0;
            _windowMax = 0;
        }

        private bool Forced(int depth)
        {
            return _pendingFor >= _forceFrames && (_target - depth) >= 2 * _spf;
        }

        private PlayoutKind Stretch(short[] pcm, int offset)
        {
            Stretched++;
            if (ComfortNoiseDue())
            {
                Noise(pcm, offset);
            }
            else if (_plc.InErasure || !_lastOutLow)
            {
                _plc.Conceal(pcm, offset, _spf);
            }
            else
            {
                // Low-energy background: repeating the last frame is inaudible.
                Array.Copy(_lastOut, 0, pcm, offset, _spf);
                _plc.RealFrame(pcm, offset, _spf);
            }

            Array.Copy(pcm, offset, _lastOut, 0, _spf);
            return PlayoutKind.Stretched;
        }

        /// <summary>Drops the frame at the playout point if it is missing or quiet (or when forced).</summary>
        private bool TryDrop(short[] pcm, int offset, int depth)
        {
            int slot = _playSlot;
            bool present = _slotState[slot] == SlotFilled && _slotTs[slot] == _playTs;
            bool force = _pendingFor >= _forceFrames && depth - _target >= 2 * _spf;
            if (present && !force)
            {
                Decode(slot, pcm, offset);
                if (MeanMagnitude(pcm, offset) >= LowEnergy)
                {
                    return false;
                }
            }

            if (depth <= _spf)
            {
                return false; // never drop the only frame we have
            }

            _slotState[slot] = present ? SlotPlayed : SlotMissed;
            _slotTs[slot] = _playTs;
            Advance();
            Dropped++;
            return true;
        }

        private PlayoutKind PlayNext(short[] pcm, int offset)
        {
            int slot = _playSlot;
            PlayoutKind kind;
            if (_slotState[slot] == SlotFilled && _slotTs[slot] == _playTs)
            {
                Decode(slot, pcm, offset);
                _plc.RealFrame(pcm, offset, _spf);
                _slotState[slot] = SlotPlayed;
                _lastPlayedTs = _playTs;
                _missingRun = 0;
                if (ComfortNoiseDue())
                {
                    _cnActive = false; // audio after the CN packet: the talkspurt is back
                }

                kind = PlayoutKind.Real;
            }
            else if (ComfortNoiseDue())
            {
                // The peer's silence (RFC 3389), not a loss.
                _slotState[slot] = SlotMissed;
                _slotTs[slot] = _playTs;
                _missingRun++;
                Noise(pcm, offset);
                kind = PlayoutKind.ComfortNoise;
            }
            else
            {
                _slotState[slot] = SlotMissed;
                _slotTs[slot] = _playTs;
                Lost++;
                _missingRun++;
                if (_plc.Faded)
                {
                    Array.Clear(pcm, offset, _spf);
                    SilenceFrames++;
                    kind = PlayoutKind.Silence;
                }
                else
                {
                    _plc.Conceal(pcm, offset, _spf);
                    Concealed++;
                    kind = PlayoutKind.Concealed;
                }
            }

            Advance();
            if (_pendingAdjust != 0)
            {
                _lastOutLow = MeanMagnitude(pcm, offset) < LowEnergy;
            }

            Array.Copy(pcm, offset, _lastOut, 0, _spf);
            if (_missingRun >= _idleFrames && Depth() == 0)
            {
                // Nothing for a while: the next packet re-anchors playout (new talkspurt or jump).
                _state = StateIdle;
            }

            return kind;
        }

        private JitterPutStatus Store(byte[] packet, int at, uint ts, long arrivalMs)
        {
            if (_state == StateIdle)
            {
                Anchor(ts, arrivalMs);
            }

            int d = (int)(ts - _playTs);
            int k = d / _spf;
            if (d != k * _spf || k >= _capacity || k <= -_capacity)
            {
                // Misaligned or outside the ring: a timestamp jump, or a stray packet.
                if ((d > 0 && Depth() == 0) || ++_outOfWindowRun >= OutOfWindowResync)
                {
                    Resyncs++;
                    Restart();
                    Anchor(ts, arrivalMs);
                    d = 0;
                    k = 0;
                }
                else
                {
                    return JitterPutStatus.OutOfWindow;
                }
            }

            _outOfWindowRun = 0;
            if (k < 0 && _state == StateBuffering && (int)(_highestEnd - ts) <= (_capacity - 1) * _spf)
            {
                // Reordered before the first frame we saw, while still buffering: move the start back.
                _playTs = ts;
                _playSlot = Slot(k);
                k = 0;
            }

            int slot = Slot(k);
            if (k < 0)
            {
                if (_slotTs[slot] == ts && _slotState[slot] == SlotPlayed)
                {
                    Duplicates++;
                    return JitterPutStatus.Duplicate;
                }

                Late++;
                _urgentStretch = _target < _maxDepth;
                _target += _spf;
                if (_target > _maxDepth)
                {
                    _target = _maxDepth;
                }

                _shrinkCount = 0;
                return JitterPutStatus.Late;
            }

            if (_slotTs[slot] == ts && _slotState[slot] == SlotFilled)
            {
                Duplicates++;
                return JitterPutStatus.Duplicate;
            }

            Array.Copy(packet, at, _store, slot * _spf, _spf);
            _slotTs[slot] = ts;
            _slotState[slot] = SlotFilled;
            uint end = ts + (uint)_spf;
            if ((int)(end - _highestEnd) > 0)
            {
                _highestEnd = end;
            }

            Received++;
            return JitterPutStatus.Accepted;
        }

        private void Anchor(uint ts, long arrivalMs)
        {
            if (_cnActive && (int)(ts - _cnTs) < 0)
            {
                // A talkspurt stamped before the CN packet (the peer's timestamps went back): its first
                // frame ends the noise.
                _cnTs = ts;
            }

            _state = StateBuffering;
            _playTs = ts;
            _playSlot = 0;
            _highestEnd = ts;
            _firstArrivalMs = arrivalMs;
            _missingRun = 0;
            _pendingAdjust = 0;
            _urgentStretch = false;
            Array.Clear(_slotState, 0, _capacity);
        }

        private void Restart()
        {
            _state = StateIdle;
            _pendingAdjust = 0;
            _urgentStretch = false;
            _outOfWindowRun = 0;
            Array.Clear(_slotState, 0, _capacity);
        }

        private void UpdateTarget()
        {
            // ptime + 3 × jitter (RFC 3550 §A.8 estimate, timestamp units), whole frames, clamped.
            int wanted = RoundUpToFrame(_spf + 3 * (int)_reception.Jitter);
            if (wanted < _minDepth) wanted = _minDepth;
            if (wanted > _maxDepth) wanted = _maxDepth;
            if (wanted > _target)
            {
                _target = wanted; // fast grow
                _shrinkCount = 0;
            }
            else if (wanted < _target)
            {
                if (++_shrinkCount >= _shrinkFrames)
                {
                    _target -= _spf; // slow shrink: a frame per 5 s
                    _shrinkCount = 0;
                }
            }
            else
            {
                _shrinkCount = 0;
            }
        }

        private void Advance()
        {
            _playTs += (uint)_spf;
            _playSlot++;
            if (_playSlot == _capacity)
            {
                _playSlot = 0;
            }
        }

        private int Depth()
        {
            if (_state == StateIdle)
            {
                return 0;
            }

            int d = (int)(_highestEnd - _playTs);
            return d < 0 ? 0 : d;
        }

        private int Slot(int k)
        {
            int s = (_playSlot + k) % _capacity;
            return s < 0 ? s + _capacity : s;
        }

        private void Decode(int slot, short[] pcm, int offset)
        {
            // One kernel call per frame (native on the device); the caller has checked pcm's range.
            _audio.DecodeG711(_codec, _store, slot * _spf, pcm, offset, _spf);
        }

        private int MeanMagnitude(short[] pcm, int offset)
        {
            int sum = 0;
            int end = offset + _spf;
            for (int i = offset; i < end; i++)
            {
                int v = pcm[i];
                sum += v < 0 ? -v : v;
            }

            return sum / _spf;
        }

        private int RoundUpToFrame(int samples)
        {
            return (samples + _spf - 1) / _spf * _spf;
        }

        private int Frames(int ms)
        {
            int n = ms / _ptimeMs;
            return n < 1 ? 1 : n;
        }
    }
}
