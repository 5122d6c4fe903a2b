using System;
using Phone.Audio;
using Phone.Crypto;

namespace Phone.Rtp
{
    /// <summary>
    /// The sending side of one RTP stream (RFC 3550 §5.1) for G.711 at 8 kHz: one packet per ptime.
    /// Owns the stream's SSRC, sequence number and timestamp, which start at random values drawn from
    /// the injected entropy source (RFC 3550 §5.1: "SHOULD be random"). DTMF (RFC 4733 §2.1) shares the
    /// SSRC and sequence space through <see cref="WritePacket"/>.
    /// </summary>
    /// <remarks>
    /// Sans-I/O: the caller ticks it once per frame period. On every tick it calls either
    /// <see cref="Packetize"/> (a frame is sent) or <see cref="SkipFrame"/> (muted, on hold, silence
    /// suppressed, or the period was used by DTMF): the timestamp advances with media time either way,
    /// so it stays continuous across hold (RFC 3550 §5.1: the timestamp reflects the sampling instant),
    /// and the first packet after any skip carries the marker bit (RFC 3551 §4.1: first packet of a
    /// talkspurt). The very first packet of the stream is marked too. Nothing here allocates after
    /// construction.
    /// </remarks>
    public sealed class RtpPacketizer
    {
        public const int ClockRate = 8000;
        public const int MinPtimeMs = 10;
        public const int MaxPtimeMs = 60;

        private readonly IEntropySource _entropy;
        private readonly IAudioKernel _audio;
        private readonly byte[] _random = new byte[10];
        private AudioCodec _codec;
        private bool _aLaw;
        private int _samplesPerFrame;
        private int _payloadType;
        private uint _ssrc;
        private int _sequence;
        private uint _timestamp;
        private bool _markNext;
        private uint _packetsSent;
        private uint _octetsSent;

        /// <param name="entropy">random source for the initial SSRC, sequence number and timestamp</param>
        /// <param name="codec">PCMU (payload type 0) or PCMA (payload type 8), RFC 3551 §6 Table 4</param>
        /// <param name="ptimeMs">packet time, 10..60 ms (8 samples per ms; 20 ms = 160 samples)</param>
        public RtpPacketizer(IEntropySource entropy, AudioCodec codec, int ptimeMs)
            : this(entropy, codec, ptimeMs, null)
        {
        }

        /// <param name="entropy">random source for the initial SSRC, sequence number and timestamp</param>
        /// <param name="codec">PCMU (payload type 0) or PCMA (payload type 8), RFC 3551 §6 Table 4</param>
        /// <param name="ptimeMs">packet time, 10..60 ms (8 samples per ms; 20 ms = 160 samples)</param>
        /// <param name="audioKernel">encodes each frame in one call (the native kernel on the device);
        /// null: <see cref="ManagedAudioKernel"/></param>
        public RtpPacketizer(IEntropySource entropy, AudioCodec codec, int ptimeMs, IAudioKernel audioKernel)
        {
            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }

            if (ptimeMs < MinPtimeMs || ptimeMs > MaxPtimeMs)
            {
                throw new ArgumentOutOfRangeException("ptimeMs");
            }

            _entropy = entropy;
            _audio = audioKernel != null ? audioKernel : new ManagedAudioKernel();
            Configure(codec, ptimeMs);
            Restart();
        }

        /// <summary>
        /// Starts a new stream on this object: fresh random SSRC, first sequence number and first
        /// timestamp (RFC 3550 §5.1), counters at zero, first packet marked. Allocates nothing.
        /// </summary>
        public void Restart()
        {
            byte[] r = _random;
            _entropy.GetBytes(r, 0, 10);
            _ssrc = RtpPacketView.ReadUInt32(r, 0);
            _sequence = (r[4] << 8) | r[5];
            _timestamp = RtpPacketView.ReadUInt32(r, 6);
            Array.Clear(r, 0, 10);
            _packetsSent = 0;
            _octetsSent = 0;
            _markNext = true;
        }

        /// <summary>
        /// Changes codec and packet time mid-stream (a re-INVITE): SSRC, sequence number and timestamp
        /// continue (RFC 3550 §5.1: one SSRC, one timing space per source; the 8 kHz clock is the same
        /// for PCMU and PCMA, RFC 3551 §4.5.14), and the next packet is marked. Returns false (nothing
        /// changed) for a ptime outside 10..60 ms.
        /// </summary>
        public bool Configure(AudioCodec codec, int ptimeMs)
        {
            if (ptimeMs < MinPtimeMs || ptimeMs > MaxPtimeMs)
            {
                return false;
            }

            _aLaw = codec == AudioCodec.Pcma;
            _codec = _aLaw ? AudioCodec.Pcma : AudioCodec.Pcmu;
            _payloadType = _aLaw ? 8 : 0;
            _samplesPerFrame = ptimeMs * (ClockRate / 1000);
            _markNext = true;
            return true;
        }

        public uint Ssrc { get { return _ssrc; } }

        /// <summary>Sequence number the next packet will carry.</summary>
        public int SequenceNumber { get { return _sequence; } }

        /// <summary>RTP timestamp of the next frame's first sample.</summary>
        public uint Timestamp { get { return _timestamp; } }

        public int SamplesPerFrame { get { return _samplesPerFrame; } }

        public int PayloadType { get { return _payloadType; } }

        /// <summary>Octets of one audio packet: 12-octet header + one octet per sample.</summary>
        public int PacketLength { get { return RtpPacketView.FixedHeaderLength + _samplesPerFrame; } }

        /// <summary>RTP data packets sent so far (RFC 3550 §6.4.1 sender's packet count).</summary>
        public uint PacketsSent { get { return _packetsSent; } }

        /// <summary>Payload octets sent so far (RFC 3550 §6.4.1 sender's octet count).</summary>
        public uint OctetsSent { get { return _octetsSent; } }

        /// <summary>
        /// Encodes <see cref="SamplesPerFrame"/> samples of <paramref name="pcm"/> into an RTP packet at
        /// <c>packet[packetOffset]</c>, then advances sequence number and timestamp. Returns the packet
        /// length, or 0 (nothing written, nothing advanced) when the arguments do not fit.
        /// </summary>
        public int Packetize(short[] pcm, int pcmOffset, byte[] packet, int packetOffset)
        {
            int n = _samplesPerFrame;
            if (pcm == null || packet == null || pcmOffset < 0 || pcmOffset > pcm.Length - n ||
                packetOffset < 0 || packetOffset > packet.Length - (RtpPacketView.FixedHeaderLength + n))
            {
                return 0;
            }

            // One kernel call per frame: on the device the per-sample G.711 loop stays out of the interpreter.
            if (_audio.EncodeG711(_codec, pcm, pcmOffset, packet, packetOffset + RtpPacketView.FixedHeaderLength, n) != n)
            {
                return 0;
            }

            RtpHeaderWriter.Write(packet, packetOffset, _markNext, _payloadType, _sequence, _timestamp, _ssrc);

            _markNext = false;
            _sequence = (_sequence + 1) & 0xFFFF;
            _timestamp += (uint)n;
            _packetsSent++;
            _octetsSent += (uint)n;
            return RtpPacketView.FixedHeaderLength + n;
        }

        /// <summary>One frame period passes without an audio packet: the timestamp advances, the next audio packet starts a talkspurt.</summary>
        public void SkipFrame()
        {
            Skip(_samplesPerFrame);
        }

        /// <summary>
        /// <paramref name="samples"/> of media time pass without audio packets (hold for a wall-clock span,
        /// say): the timestamp advances by that many 8 kHz ticks and the next audio packet is marked.
        /// </summary>
        public void Skip(int samples)
        {
            if (samples > 0)
            {
                _timestamp += (uint)samples;
            }

            _markNext = true;
        }

        /// <summary>
        /// Writes a packet of this stream with another payload (RFC 4733 telephone-events) using the next
        /// sequence number; timestamp and marker are the caller's. Does not advance the timestamp.
        /// Returns the packet length, or 0 when it does not fit.
        /// </summary>
        public int WritePacket(byte[] payload, int payloadOffset, int payloadLength, int payloadType, bool marker, uint timestamp, byte[] packet, int packetOffset)
        {
            if (payload == null || packet == null || payloadOffset < 0 || payloadLength < 0 ||
                payloadOffset > payload.Length - payloadLength || packetOffset < 0 ||
                packetOffset > packet.Length - (RtpPacketView.FixedHeaderLength + payloadLength))
            {
                return 0;
            }

            RtpHeaderWriter.Write(packet, packetOffset, marker, payloadType, _sequence, timestamp, _ssrc);
            Array.Copy(payload, payloadOffset, packet, packetOffset + RtpPacketView.FixedHeaderLength, payloadLength);
            _sequence = (_sequence + 1) & 0xFFFF;
            _packetsSent++;
            _octetsSent += (uint)payloadLength;
            return RtpPacketView.FixedHeaderLength + payloadLength;
        }
    }
}
