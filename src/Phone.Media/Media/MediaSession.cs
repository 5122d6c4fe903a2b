using System;
using Phone.Rtp;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Audio;
using Phone.Crypto;

namespace Phone.Media
{
    /// <summary>
    /// The audio of one call, sans-I/O: microphone frames in, datagrams for the RTP and RTCP ports out;
    /// datagrams from either port in, speaker frames out. Composes G.711, <see cref="RtpPacketizer"/>,
    /// SRTP/SRTCP (<see cref="SrtpSession"/>, one per direction as SDES keys each direction separately,
    /// RFC 4568 §6.1), <see cref="MediaPacketDemux"/> (RFC 7983, RFC 5761), <see cref="JitterBuffer"/>
    /// with concealment, RTCP reports on the RFC 3550 §6.3 schedule and RFC 4733 DTMF both ways.
    /// </summary>
    /// <remarks>
    /// Every buffer is allocated by the constructor, sized for any ptime up to 60 ms; Capture, Receive,
    /// Playout and PollRtcp allocate nothing. Start and an Update that brings new keys create the SRTP
    /// contexts (key derivation), which happens once per call or re-INVITE. No input from the network
    /// throws: what is refused is counted in <see cref="Statistics"/> and dropped. Keys are never
    /// logged; they are wiped when replaced and after the BYE.
    /// Time is the caller's millisecond clock (monotonic). RTCP's NTP timestamps are that clock plus
    /// <see cref="WallClockOffsetMs"/> read as Unix time; only the peer's RTT measurement depends on
    /// them being consistent, not on them being true time.
    /// </remarks>
    public sealed class MediaSession
    {
        /// <summary>Room a datagram buffer needs for any packet this class writes: 12-octet header + 480 octets (60 ms) + MKI + 10-octet tag, or the largest RTCP compound with its SRTCP trailer.</summary>
        public const int MaxDatagramLength = 12 + RtpPacketizer.MaxPtimeMs * 8 + 4 + 10;

        /// <summary>RFC 3550 §6.2: 5 s minimum RTCP interval.</summary>
        public const int RtcpIntervalMs = 5000;

        /// <summary>Shortest digit sent (RFC 4733 §2.5.1.5 leaves it to the sender; 40 ms is the usual minimum a receiver detects).</summary>
        public const int MinDtmfMs = 40;

        /// <summary>Longest digit sent: the 16-bit duration field at 8 kHz (RFC 4733 §2.5.1.3, no §2.5.2.3 segmentation).</summary>
        public const int MaxDtmfMs = 8000;

        /// <summary>
        /// With <see cref="SilenceSuppression"/>, a CN packet goes out at the start of each silence and then at least
        /// this often while it lasts, so that a peer which missed one (or joined the stream late) learns the level.
        /// </summary>
        public const int ComfortNoiseRefreshMs = 1000;

        /// <summary>With <see cref="SilenceSuppression"/>, a change of the background by this many dB is sent at once.</summary>
        public const int ComfortNoiseStepDb = 3;

        // The current source must have been silent this long before a different authentic SSRC replaces
        // it (RFC 3550 §8.2: a new SSRC is a new source; interleaved sources must not flap the buffer).
        private const int SourceSwitchMs = 100;

        // A Capture call this much later than one frame period after the previous one means the caller
        // stopped capturing (hold): the RTP timestamp jumps with the wall clock (RFC 3550 §5.1). Smaller
        // lags are scheduling noise (a GC pause, with the microphone's DMA buffer catching up after).
        private const int GapMs = 200;

        private const int MaxRtcpLength = 28 + RtcpWriter.ReportBlockLength + 28 + 8 + 4 + 4 + SrtpPolicy.SrtcpTagLength;
        private const int DigitQueueLength = 16;
        private const int CnameLength = 16;
        private const string DigitChars = "0123456789*#ABCD";
        private const string CnameChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        private readonly ICryptoKernel _kernel;
        private readonly IEntropySource _entropy;
        private readonly RtpPacketizer _tx;
        private readonly DtmfSender _dtmf;
        private readonly JitterBuffer _jb;
        private readonly DtmfReceiver _dtmfRx = new DtmfReceiver();
        private readonly RtpPacketView _view = new RtpPacketView();
        private readonly RtcpScheduler _rtcp;
        private readonly RtcpCompoundReader _rtcpReader = new RtcpCompoundReader();
        private readonly RtcpReportBlock[] _blocks = new RtcpReportBlock[] { new RtcpReportBlock() };
        private readonly MediaStatistics _stats = new MediaStatistics();
        private readonly short[] _silence = new short[RtpPacketizer.MaxPtimeMs * 8];
        private readonly byte[] _cname = new byte[CnameLength];
        private readonly byte[] _random = new byte[12];
        private readonly char[] _digits = new char[DigitQueueLength];
        private readonly IAudioKernel _audio;
        private readonly VoiceActivity _vad = new VoiceActivity();
        private readonly byte[] _cnPayload = new byte[1];

        // Copies of the keys in use, to tell a re-INVITE with new keys from one that repeats them.
        private readonly byte[] _localKey = new byte[32];
        private readonly byte[] _localSalt = new byte[SrtpPolicy.MasterSaltLength];
        private readonly byte[] _remoteKey = new byte[32];
        private readonly byte[] _remoteSalt = new byte[SrtpPolicy.MasterSaltLength];
        private int _localKeyLength;
        private int _remoteKeyLength;
        private SrtpSuite _suite;
        private long _localMki;
        private long _remoteMki;
        private int _localMkiLength;
        private int _remoteMkiLength;
        private bool _unencryptedSrtp;
        private bool _unencryptedSrtcp;

        private SrtpSession _txSrtp;
        private SrtpSession _rxSrtp;
        private bool _active;
        private bool _byePending;
        private long _byeDueMs;
        private AudioCodec _codec;
        private int _ptimeMs;
        private int _spf;
        private int _dtmfPayloadType;
        private bool _sending;
        private bool _receiving;
        private long _nextFrameMs;
        private bool _remoteKnown;
        private uint _remoteSsrc;
        private long _remoteLastMs;
        private uint _sentAtLastReport;
        private uint _sentAtReportBefore;
        private int _digitHead;
        private int _digitCount;
        private bool _cnSent;
        private long _cnSentMs;
        private int _cnSentLevel;

        /// <param name="kernel">AES-CTR and HMAC-SHA1 for SRTP (native on the device, managed on the host)</param>
        /// <param name="entropy">random source for SSRC, sequence and timestamp (RFC 3550 §5.1), the RTCP interval and the CNAME</param>
        /// <param name="minDepthMs">nf.config audio.jitter_min_ms</param>
        /// <param name="maxDepthMs">nf.config audio.jitter_max_ms</param>
        public MediaSession(ICryptoKernel kernel, IEntropySource entropy, int minDepthMs, int maxDepthMs)
            : this(kernel, entropy, minDepthMs, maxDepthMs, null)
        {
        }

        /// <param name="kernel">AES-CTR and HMAC-SHA1 for SRTP (native on the device, managed on the host)</param>
        /// <param name="entropy">random source for SSRC, sequence and timestamp (RFC 3550 §5.1), the RTCP interval and the CNAME</param>
        /// <param name="minDepthMs">nf.config audio.jitter_min_ms</param>
        /// <param name="maxDepthMs">nf.config audio.jitter_max_ms</param>
        /// <param name="audioKernel">G.711 of a whole frame per call for the packetizer and the jitter buffer
        /// (native on the device); null: <see cref="ManagedAudioKernel"/></param>
        public MediaSession(ICryptoKernel kernel, IEntropySource entropy, int minDepthMs, int maxDepthMs, IAudioKernel audioKernel)
        {
            if (kernel == null)
            {
                throw new ArgumentNullException("kernel");
            }

            if (entropy == null)
            {
                throw new ArgumentNullException("entropy");
            }

            _kernel = kernel;
            _entropy = entropy;
            _codec = AudioCodec.Pcmu;
            _ptimeMs = 20;
            _spf = 160;
            IAudioKernel audio = audioKernel != null ? audioKernel : new ManagedAudioKernel();
            _audio = audio;
            _tx = new RtpPacketizer(entropy, _codec, _ptimeMs, audio);
            _dtmf = new DtmfSender(_tx, DtmfSender.DefaultPayloadType, 10);
            _jb = new JitterBuffer(_codec, _ptimeMs, minDepthMs, maxDepthMs, audio);
            _rtcp = new RtcpScheduler(entropy, RtcpIntervalMs);
            _dtmfPayloadType = -1;
            _stats.Clear();
        }

        /// <summary>
        /// Silence suppression (nf.config <c>[audio] silence_suppression</c>): when the peer negotiated comfort noise
        /// (RFC 3389), microphone frames that <see cref="VoiceActivity"/> finds silent are not sent; a CN packet with
        /// the background's level goes out instead at the start of the silence, on a change of
        /// <see cref="ComfortNoiseStepDb"/> and every <see cref="ComfortNoiseRefreshMs"/>, and the next talkspurt's first
        /// packet is marked (RFC 3551 §4.1). Without CN in the call every frame is sent, as when this is off.
        /// </summary>
        public bool SilenceSuppression { get; set; }

        /// <summary>True from a successful <see cref="Start"/> until <see cref="Stop"/>.</summary>
        public bool Active { get { return _active; } }

        /// <summary>While true, Capture sends silence-encoded frames instead of the microphone (keeps NAT bindings and RTCP sender reports alive).</summary>
        public bool Muted { get; set; }

        /// <summary>Added to the caller's clock to make RTCP's NTP timestamps (Unix ms); 0 leaves them relative.</summary>
        public long WallClockOffsetMs { get; set; }

        /// <summary>The peer's RTP address (IPv4 text).</summary>
        public string RemoteAddress { get; private set; }

        /// <summary>The peer's RTP port: send what Capture returns here.</summary>
        public int RemotePort { get; private set; }

        /// <summary>The peer's RTCP port: send what PollRtcp returns here.</summary>
        public int RemoteRtcpPort { get; private set; }

        /// <summary>Samples per Capture/Playout frame (8 per ms of ptime).</summary>
        public int SamplesPerFrame { get { return _spf; } }

        /// <summary>The frame period in ms: call Capture and Playout this often.</summary>
        public int PtimeMs { get { return _ptimeMs; } }

        /// <summary>The codec in use.</summary>
        public AudioCodec Codec { get { return _codec; } }

        /// <summary>True when the negotiated direction lets us send (sendrecv/sendonly and a usable address).</summary>
        public bool Sending { get { return _active && _sending; } }

        /// <summary>True when the negotiated direction lets us receive (sendrecv/recvonly).</summary>
        public bool Receiving { get { return _active && _receiving; } }

        /// <summary>Our SSRC (RFC 3550 §5.1).</summary>
        public uint LocalSsrc { get { return _tx.Ssrc; } }

        /// <summary>Sequence number the next RTP packet will carry.</summary>
        public int NextSequenceNumber { get { return _tx.SequenceNumber; } }

        /// <summary>RTP timestamp of the next frame's first sample.</summary>
        public uint NextTimestamp { get { return _tx.Timestamp; } }

        /// <summary>True while an RFC 4733 digit is being sent (its packets replace audio).</summary>
        public bool SendingDtmf { get { return _dtmf.Active; } }

        /// <summary>The jitter buffer, for diagnostics and measurement.</summary>
        public JitterBuffer JitterBuffer { get { return _jb; } }

        /// <summary>Counters of this call, refreshed on every read; allocates nothing.</summary>
        public MediaStatistics Statistics
        {
            get
            {
                MediaStatistics s = _stats;
                RtpReceiveStatistics r = _jb.Reception;
                s.PacketsSent = (int)_tx.PacketsSent;
                s.OctetsSent = (int)_tx.OctetsSent;
                s.PacketsExpected = (int)r.Expected;
                s.PacketsLost = (int)r.Lost;
                s.JitterMs = _jb.JitterMs;
                s.ConcealedFrames = _jb.Concealed;
                s.SilenceFrames = _jb.SilenceFrames;
                s.ComfortNoiseFrames = _jb.ComfortNoiseFrames;
                s.ComfortNoisePackets = _jb.ComfortNoisePackets;
                s.LateFrames = _jb.Late;
                s.Duplicates = _jb.Duplicates;
                s.BufferDepthMs = _jb.CurrentDepthMs;
                s.TargetDepthMs = _jb.TargetDepthMs;
                s.LocalSsrc = _tx.Ssrc;
                return s;
            }
        }

        /// <summary>
        /// Starts the call's media with the outcome of the offer/answer: a fresh random SSRC, sequence
        /// number and timestamp (RFC 3550 §5.1), SRTP from <c>media.Srtp</c> when SRTP is used, plain RTP
        /// otherwise, the RTCP schedule (first report after Tmin/2, §6.3.1), zeroed statistics.
        /// </summary>
        public MediaStatus Start(SdpNegotiationResult media, long nowMs)
        {
            if (_active)
            {
                return MediaStatus.AlreadyActive;
            }

            MediaStatus check = Check(media);
            if (check != MediaStatus.Ok)
            {
                return check;
            }

            SrtpSession tx = null;
            SrtpSession rx = null;
            if (media.UsesSrtp && !CreateSrtp(media.Srtp, true, true, out tx, out rx))
            {
                return MediaStatus.BadKeys;
            }

            ReplaceSrtp(tx, rx, true, true);
            if (media.UsesSrtp)
            {
                RememberKeys(media.Srtp);
            }

            _codec = media.Codec;
            _ptimeMs = media.Ptime;
            _spf = _ptimeMs * 8;
            _tx.Configure(_codec, _ptimeMs);
            _tx.Restart();
            _dtmfPayloadType = media.DtmfPayloadType;
            _dtmf.Reset(_dtmfPayloadType < 0 ? DtmfSender.DefaultPayloadType : _dtmfPayloadType);
            _jb.Configure(_codec, _ptimeMs);
            _jb.ComfortNoisePayloadType = media.ComfortNoisePayloadType;
            _jb.ResetStatistics();
            _vad.Reset();
            _cnSent = false;
            _dtmfRx.Reset();
            _digitHead = 0;
            _digitCount = 0;
            _stats.Clear();
            _stats.Secure = media.UsesSrtp;
            _stats.Suite = media.UsesSrtp ? media.Srtp.Suite : SrtpSuite.AesCm128HmacSha1_80;
            _stats.LocalSsrc = _tx.Ssrc;
            _remoteKnown = false;
            _remoteSsrc = 0;
            _sentAtLastReport = 0;
            _sentAtReportBefore = 0;
            _nextFrameMs = nowMs;
            _byePending = false;
            Muted = false;
            NewCname();
            SetPeer(media);
            _rtcp.Start(nowMs);
            _active = true;
            return MediaStatus.Ok;
        }

        /// <summary>
        /// Applies a re-INVITE's outcome: direction (hold and resume), remote address and ports, codec
        /// and ptime, DTMF payload type, and keys when they changed (new SRTP contexts; unchanged keys keep
        /// the current contexts with their rollover counters and replay windows). SSRC and sequence numbers
        /// continue and the timestamp keeps following the wall clock across hold (RFC 3550 §5.1).
        /// Nothing changes unless the result is usable.
        /// </summary>
        public MediaStatus Update(SdpNegotiationResult media, long nowMs)
        {
            if (!_active)
            {
                return MediaStatus.NotActive;
            }

            MediaStatus check = Check(media);
            if (check != MediaStatus.Ok)
            {
                return check;
            }

            // Only a direction whose key changed gets a new context: one kept under an unchanged key keeps
            // its rollover counter and SRTCP index, which must never restart under a used key (RFC 3711 §9.1:
            // a repeated index under one key repeats the keystream).
            bool wasSecure = _txSrtp != null;
            bool sameSuite = media.UsesSrtp && wasSecure && SameSuite(media.Srtp);
            bool newTx = media.UsesSrtp ? !(sameSuite && LocalKeyMatches(media.Srtp)) : wasSecure;
            bool newRx = media.UsesSrtp ? !(sameSuite && RemoteKeyMatches(media.Srtp)) : wasSecure;
            if (newTx || newRx)
            {
                SrtpSession tx = null;
                SrtpSession rx = null;
                if (media.UsesSrtp && !CreateSrtp(media.Srtp, newTx, newRx, out tx, out rx))
                {
                    return MediaStatus.BadKeys;
                }

                ReplaceSrtp(newTx ? tx : _txSrtp, newRx ? rx : _rxSrtp, newTx, newRx);
                if (media.UsesSrtp)
                {
                    RememberKeys(media.Srtp);
                }

                if (newRx)
                {
                    // The peer's new key is a new security context: it may start a new source with it.
                    _remoteKnown = false;
                }

                _stats.Secure = media.UsesSrtp;
                _stats.Suite = media.UsesSrtp ? media.Srtp.Suite : SrtpSuite.AesCm128HmacSha1_80;
            }

            if (media.Codec != _codec || media.Ptime != _ptimeMs)
            {
                _codec = media.Codec;
                _ptimeMs = media.Ptime;
                _spf = _ptimeMs * 8;
                _tx.Configure(_codec, _ptimeMs);
                _jb.Configure(_codec, _ptimeMs);
                _dtmf.Reset(_dtmf.PayloadType);
            }

            if (media.ComfortNoisePayloadType != _jb.ComfortNoisePayloadType)
            {
                _jb.ComfortNoisePayloadType = media.ComfortNoisePayloadType;
            }

            if (media.DtmfPayloadType != _dtmfPayloadType)
            {
                _dtmfPayloadType = media.DtmfPayloadType;
                _dtmf.Reset(_dtmfPayloadType < 0 ? DtmfSender.DefaultPayloadType : _dtmfPayloadType);
            }

            SetPeer(media);
            if (!_sending && _dtmf.Active)
            {
                _dtmf.Reset(_dtmf.PayloadType);
            }

            return MediaStatus.Ok;
        }

        /// <summary>Ends the media: Capture, Receive and Playout stop; the next <see cref="PollRtcp"/> returns the RTCP BYE (RFC 3550 §6.6), after which the keys are wiped.</summary>
        public void Stop(long nowMs)
        {
            if (!_active)
            {
                return;
            }

            _active = false;
            _byePending = true;
            _byeDueMs = nowMs;
            _dtmf.Reset(_dtmf.PayloadType);
        }

        /// <summary>
        /// One frame period of microphone audio (<see cref="SamplesPerFrame"/> samples at
        /// <c>pcm[offset]</c>) becomes at most one datagram at <c>datagram[datagramOffset]</c>, to be sent
        /// to <see cref="RemotePort"/>. Returns its length, or 0 when nothing is to be sent (not active,
        /// recvonly/inactive, buffer too small, or a silence already described to the peer). While a digit is
        /// active its RFC 4733 packet replaces the audio; while muted, silence is encoded; with
        /// <see cref="SilenceSuppression"/> a silent frame is skipped or becomes a CN packet (RFC 3389). Call it
        /// every frame period; if calls stop (hold), the
        /// RTP timestamp catches up with the wall clock at the next call.
        /// </summary>
        public int Capture(short[] pcm, int offset, long nowMs, byte[] datagram, int datagramOffset)
        {
            if (!_active)
            {
                return 0;
            }

            AdvanceMediaClock(nowMs);
            int trailer = _txSrtp == null ? 0 : _txSrtp.SrtpTrailerLength;
            bool fits = datagram != null && datagramOffset >= 0 &&
                datagramOffset <= datagram.Length - (RtpPacketView.FixedHeaderLength + _spf + trailer);
            bool pcmOk = Muted || _dtmf.Active || (pcm != null && offset >= 0 && offset <= pcm.Length - _spf);
            if (!_sending || !fits || !pcmOk)
            {
                if (_dtmf.Active)
                {
                    _dtmf.Reset(_dtmf.PayloadType);
                }

                _tx.SkipFrame(); // RFC 3550 §5.1: media time passes whether or not we send
                _cnSent = false;
                return 0;
            }

            int n;
            if (_dtmf.Active)
            {
                n = _dtmf.NextPacket(datagram, datagramOffset);
                _cnSent = false;
            }
            else if (Muted)
            {
                n = _tx.Packetize(_silence, 0, datagram, datagramOffset);
                _cnSent = false;
            }
            else if (IsSilence(pcm, offset))
            {
                n = ComfortNoise(nowMs, datagram, datagramOffset);
                if (n == 0)
                {
                    return 0; // the silence goes on and the peer knows its level: nothing to send
                }
            }
            else
            {
                n = _tx.Packetize(pcm, offset, datagram, datagramOffset);
                _cnSent = false;
            }

            if (n == 0)
            {
                _tx.SkipFrame();
                return 0;
            }

            if (_txSrtp != null && _txSrtp.Protect(datagram, datagramOffset, n, out n) != SrtpStatus.Ok)
            {
                return 0; // key limit reached or session cleared: nothing goes out unprotected
            }

            return n;
        }

        // Silence suppression's verdict on one microphone frame: one kernel call for its level (RFC 3389 §3.1), then the
        // detector. Never silence without negotiated CN, nor when the level cannot be measured.
        private bool IsSilence(short[] pcm, int offset)
        {
            if (!SilenceSuppression || _jb.ComfortNoisePayloadType < 0)
            {
                return false;
            }

            int level = _audio.MeasureLevel(pcm, offset, _spf);
            return level >= 0 && !_vad.Update(level, _ptimeMs);
        }

        // A silent frame: its media time passes (the next audio packet is marked, RFC 3551 §4.1) and a CN packet
        // stamped with the frame's timestamp (RFC 3389 §4) is written when one is due; returns its length or 0.
        private int ComfortNoise(long nowMs, byte[] datagram, int datagramOffset)
        {
            _stats.SuppressedFrames++;
            int level = _vad.NoiseLevel;
            int change = level - _cnSentLevel;
            bool due = !_cnSent || nowMs - _cnSentMs >= ComfortNoiseRefreshMs || change >= ComfortNoiseStepDb || -change >= ComfortNoiseStepDb;
            uint timestamp = _tx.Timestamp;
            _tx.SkipFrame();
            if (!due)
            {
                return 0;
            }

            _cnPayload[0] = (byte)level; // RFC 3389 §3.1: the level alone, no spectral parameters
            int n = _tx.WritePacket(_cnPayload, 0, 1, _jb.ComfortNoisePayloadType, false, timestamp, datagram, datagramOffset);
            if (n > 0)
            {
                _cnSent = true;
                _cnSentMs = nowMs;
                _cnSentLevel = level;
                _stats.ComfortNoiseSent++;
            }

            return n;
        }

        /// <summary>
        /// Sends <paramref name="digit"/> (0–9, *, #, A–D) as an RFC 4733 event of
        /// <paramref name="durationMs"/> (clamped to 40..8000 ms; 0 = until <see cref="StopDtmf"/>) in
        /// place of the next audio frames. False when the peer did not negotiate telephone-event, we are
        /// not sending, a digit is in progress, or the character is not a DTMF digit.
        /// </summary>
        public bool SendDtmf(char digit, int durationMs, long nowMs)
        {
            if (!_active || !_sending || _dtmfPayloadType < 0 || _dtmf.Active)
            {
                return false;
            }

            int code = EventCode(digit);
            if (code < 0 || durationMs < 0)
            {
                return false;
            }

            if (durationMs > 0 && durationMs < MinDtmfMs)
            {
                durationMs = MinDtmfMs;
            }
            else if (durationMs > MaxDtmfMs)
            {
                durationMs = MaxDtmfMs;
            }

            if (!_dtmf.Start(code, durationMs))
            {
                return false;
            }

            _stats.DtmfSent++;
            return true;
        }

        /// <summary>Key released: a digit started with duration 0 ends with its next packet (then the end packet twice more, RFC 4733 §2.5.1.4).</summary>
        public void StopDtmf()
        {
            _dtmf.Stop();
        }

        /// <summary>When the next RTCP packet is due (caller's clock); <see cref="long.MaxValue"/> when none will be.</summary>
        public long NextRtcpDeadlineMs
        {
            get
            {
                if (_byePending)
                {
                    return _byeDueMs;
                }

                return _active ? _rtcp.NextReportMs : long.MaxValue;
            }
        }

        /// <summary>
        /// Writes the RTCP compound packet that is due (SR when we sent RTP in the last two intervals,
        /// else RR; a report block about the peer once it sent; SDES CNAME; BYE after Stop — RFC 3550 §6.1,
        /// §6.4) at <c>datagram[offset]</c>, SRTCP-protected when SRTP is in use, for
        /// <see cref="RemoteRtcpPort"/>. Returns its length, or 0 when nothing is due.
        /// </summary>
        public int PollRtcp(long nowMs, byte[] datagram, int offset)
        {
            if (!_byePending && !(_active && _rtcp.IsDue(nowMs)))
            {
                return 0;
            }

            if (datagram == null || offset < 0 || offset > datagram.Length - MaxRtcpLength)
            {
                return 0;
            }

            uint ssrc = _tx.Ssrc;
            uint sent = _tx.PacketsSent;
            int blocks = _remoteKnown && _jb.Reception.FillReportBlock(_blocks[0], nowMs) ? 1 : 0;
            int n;
            if (sent != _sentAtReportBefore)
            {
                // RFC 3550 §6.4.1: the RTP timestamp of the same instant as the NTP timestamp; the next
                // frame's first sample was taken one ptime before its Capture call.
                uint rtpNow = (uint)(_tx.Timestamp + (uint)((nowMs - (_nextFrameMs - _ptimeMs)) * 8));
                n = RtcpWriter.WriteSenderReport(datagram, offset, ssrc, Ntp(nowMs), rtpNow, sent, _tx.OctetsSent, _blocks, blocks);
            }
            else
            {
                n = RtcpWriter.WriteReceiverReport(datagram, offset, ssrc, _blocks, blocks);
            }

            n += RtcpWriter.WriteSourceDescription(datagram, offset + n, ssrc, _cname, 0, CnameLength);
            if (_byePending)
            {
                n += RtcpWriter.WriteBye(datagram, offset + n, ssrc, null, 0, 0);
            }

            if (_txSrtp != null && _txSrtp.ProtectRtcp(datagram, offset, n, out n) != SrtpStatus.Ok)
            {
                n = 0;
            }

            _sentAtReportBefore = _sentAtLastReport;
            _sentAtLastReport = sent;
            if (_byePending)
            {
                _byePending = false;
                ReplaceSrtp(null, null, true, true); // the call is over: wipe the keys
                ForgetKeys();
            }
            else
            {
                _rtcp.Sent(nowMs);
            }

            if (n > 0)
            {
                _stats.RtcpSent++;
            }

            return n;
        }

        /// <summary>
        /// Takes any datagram from the RTP or RTCP socket (decrypted in place) and says what it was.
        /// RTP from the peer goes through SRTP authentication, the source check and into the jitter
        /// buffer (audio) or the DTMF receiver (telephone-event); RTCP is authenticated and read for
        /// the peer's sender report, our round-trip time and BYE. Everything else is counted and dropped.
        /// </summary>
        public MediaPacketKind Receive(byte[] data, int offset, int count, long nowMs)
        {
            MediaPacketKind kind = MediaPacketDemux.Classify(data, offset, count);
            if (!_active)
            {
                return kind;
            }

            if (kind == MediaPacketKind.Rtp)
            {
                ReceiveRtp(data, offset, count, nowMs);
            }
            else if (kind == MediaPacketKind.Rtcp)
            {
                ReceiveRtcp(data, offset, count, nowMs);
            }
            else if (kind == MediaPacketKind.Stun)
            {
                _stats.StunPackets++;
            }
            else if (kind == MediaPacketKind.Unknown)
            {
                _stats.Malformed++;
            }
            else
            {
                _stats.OtherPackets++;
            }

            return kind;
        }

        /// <summary>One frame period for the speaker: <see cref="SamplesPerFrame"/> samples at <c>pcm[offset]</c>, and what they are.</summary>
        public PlayoutKind Playout(short[] pcm, int offset, long nowMs)
        {
            if (pcm == null || offset < 0 || offset > pcm.Length - _spf)
            {
                return PlayoutKind.Silence;
            }

            if (!_active)
            {
                Array.Clear(pcm, offset, _spf);
                return PlayoutKind.Silence;
            }

            return _jb.Get(pcm, offset, _spf, nowMs);
        }

        /// <summary>Takes the oldest digit the peer sent (RFC 4733), if any; without one, digit is (char)0 and means nothing.</summary>
        public bool TryTakeReceivedDigit(out char digit)
        {
            if (_digitCount == 0)
            {
                digit = (char)0;
                return false;
            }

            digit = _digits[_digitHead];
            _digitHead = (_digitHead + 1) % DigitQueueLength;
            _digitCount--;
            return true;
        }

        private void ReceiveRtp(byte[] data, int offset, int count, long nowMs)
        {
            if (!_receiving)
            {
                _stats.IgnoredWhileNotReceiving++;
                return;
            }

            int n = count;
            if (_rxSrtp != null)
            {
                SrtpStatus status = _rxSrtp.Unprotect(data, offset, count, out n);
                if (status != SrtpStatus.Ok)
                {
                    CountRefused(status, LooksPlainRtp(data, offset, count), false);
                    return;
                }
            }

            if (_view.Parse(data, offset, n) != RtpParseStatus.Ok)
            {
                _stats.Malformed++;
                return;
            }

            uint ssrc = _view.Ssrc;
            if (ssrc == _tx.Ssrc || (_remoteKnown && ssrc != _remoteSsrc && nowMs - _remoteLastMs < SourceSwitchMs))
            {
                // Our own stream looped back, or a second source while the current one is live.
                _stats.WrongSsrc++;
                return;
            }

            _remoteKnown = true;
            _remoteSsrc = ssrc;
            _remoteLastMs = nowMs;
            _stats.RemoteSsrc = ssrc;
            int pt = _view.PayloadType;
            if (pt == _tx.PayloadType || pt == _jb.ComfortNoisePayloadType)
            {
                // Audio, or comfort noise (RFC 3389) for the silence after it: the jitter buffer plays both.
                JitterPutStatus put = _jb.Put(data, offset, n, nowMs);
                if (put == JitterPutStatus.Malformed)
                {
                    _stats.Malformed++;
                    return;
                }
            }
            else if (pt == _dtmfPayloadType)
            {
                // RFC 4733 §2.5.1.2: the timestamp is the event's start, so only the sequence counts.
                _jb.Reception.CountSequence(ssrc, _view.SequenceNumber);
                if (_dtmfRx.Receive(data, _view.PayloadOffset, _view.PayloadLength, _view.Timestamp))
                {
                    QueueDigit(_dtmfRx.Event);
                }
            }
            else
            {
                _stats.OtherPayloadTypes++;
                return;
            }

            _stats.PacketsReceived++;
            _stats.OctetsReceived += _view.PayloadLength;
        }

        private void ReceiveRtcp(byte[] data, int offset, int count, long nowMs)
        {
            int n = count;
            if (_rxSrtp != null)
            {
                SrtpStatus status = _rxSrtp.UnprotectRtcp(data, offset, count, out n);
                if (status != SrtpStatus.Ok)
                {
                    CountRefused(status, LooksPlainRtcp(data, offset, count), true);
                    return;
                }
            }

            if (_rtcpReader.Read(data, offset, n, _tx.Ssrc, Ntp(nowMs)) != RtcpParseStatus.Ok)
            {
                _stats.Malformed++;
                return;
            }

            _stats.RtcpReceived++;
            RtcpCompoundReader r = _rtcpReader;
            _stats.RtcpAppPackets += r.AppCount;
            if (r.HasSenderReport && (!_remoteKnown || r.SenderSsrc == _remoteSsrc))
            {
                _jb.Reception.OnSenderReport(NtpTime.Middle32(r.NtpTimestamp), nowMs); // RFC 3550 §6.4.1 LSR
            }

            if (r.RoundTripMs >= 0)
            {
                _stats.RoundTripMs = r.RoundTripMs;
            }

            if (r.ByeReceived)
            {
                _stats.ByeReceived = true;
            }
        }

        private void CountRefused(SrtpStatus status, bool plain, bool rtcp)
        {
            // The short tag verified, so it goes first: its E/index word can look like a plain RTCP header.
            if (status == SrtpStatus.ShortRtcpTag)
            {
                _stats.ShortRtcpTags++;
            }
            else if (plain)
            {
                _stats.UnprotectedDropped++;
            }
            else if (status == SrtpStatus.AuthenticationFailed)
            {
                if (rtcp)
                {
                    _stats.RtcpAuthenticationFailures++;
                }
                else
                {
                    _stats.AuthenticationFailures++;
                }
            }
            else if (status == SrtpStatus.ReplayedPacket || status == SrtpStatus.PacketTooOld)
            {
                _stats.Replays++;
            }
            else
            {
                _stats.Malformed++;
            }
        }

        // Plain RTP carries exactly whole frames of our codec or a 4-octet event, with no SRTP tag after it.
        private bool LooksPlainRtp(byte[] data, int offset, int count)
        {
            if (_view.Parse(data, offset, count) != RtpParseStatus.Ok)
            {
                return false;
            }

            int length = _view.PayloadLength;
            if (_view.PayloadType == _tx.PayloadType)
            {
                return length > 0 && length % _spf == 0;
            }

            return _view.PayloadType == _dtmfPayloadType && length == 4;
        }

        // Plain RTCP: version-2 packets whose length fields (RFC 3550 §6.4.1) add up to the datagram exactly;
        // SRTCP has the E/index word and tag after the last one (RFC 3711 §3.4).
        private static bool LooksPlainRtcp(byte[] data, int offset, int count)
        {
            int at = offset;
            int end = offset + count;
            while (at <= end - 4)
            {
                if ((data[at] & 0xC0) != 0x80)
                {
                    return false;
                }

                at += (((data[at + 2] << 8) | data[at + 3]) + 1) * 4;
            }

            return at == end;
        }

        private void QueueDigit(int eventCode)
        {
            if (eventCode < 0 || eventCode > 15)
            {
                return; // RFC 4733 §3.2: only the DTMF events are digits
            }

            _stats.DtmfReceived++;
            if (_digitCount == DigitQueueLength)
            {
                return; // the UI is not taking them: keep the oldest
            }

            _digits[(_digitHead + _digitCount) % DigitQueueLength] = DigitChars[eventCode];
            _digitCount++;
        }

        private static int EventCode(char digit)
        {
            if (digit >= '0' && digit <= '9')
            {
                return digit - '0';
            }

            if (digit == '*')
            {
                return 10;
            }

            if (digit == '#')
            {
                return 11;
            }

            if (digit >= 'A' && digit <= 'D')
            {
                return 12 + (digit - 'A');
            }

            if (digit >= 'a' && digit <= 'd')
            {
                return 12 + (digit - 'a');
            }

            return -1;
        }

        private void AdvanceMediaClock(long nowMs)
        {
            long behind = nowMs - _nextFrameMs;
            if (behind >= GapMs)
            {
                // Capture was not called for a while (hold): RFC 3550 §5.1, the timestamp follows
                // the sampling clock, so the skipped span is skipped in the timestamp too.
                long samples = behind / _ptimeMs * _spf;
                while (samples > 0)
                {
                    int step = samples > 0x40000000 ? 0x40000000 : (int)samples;
                    _tx.Skip(step);
                    samples -= step;
                }
            }

            // Each call re-anchors: the audio clock (I2S) and the caller's clock may drift apart, and
            // that must not accumulate into a false gap.
            _nextFrameMs = nowMs + _ptimeMs;
        }

        private ulong Ntp(long nowMs)
        {
            return NtpTime.FromUnixMilliseconds(nowMs + WallClockOffsetMs);
        }

        private static MediaStatus Check(SdpNegotiationResult media)
        {
            if (media == null || !media.Succeeded)
            {
                return MediaStatus.NotNegotiated;
            }

            if ((media.Codec != AudioCodec.Pcmu && media.Codec != AudioCodec.Pcma) ||
                (media.PayloadType != 0 && media.PayloadType != 8))
            {
                return MediaStatus.UnsupportedCodec;
            }

            if (media.Ptime < RtpPacketizer.MinPtimeMs || media.Ptime > RtpPacketizer.MaxPtimeMs)
            {
                return MediaStatus.UnsupportedPtime;
            }

            return MediaStatus.Ok;
        }

        private void SetPeer(SdpNegotiationResult media)
        {
            RemoteAddress = media.RemoteAddress;
            RemotePort = media.RemotePort;
            RemoteRtcpPort = media.RemoteRtcpPort;
            SdpDirection d = media.Direction;
            bool usable = media.RemotePort > 0 && media.RemoteAddress != null && media.RemoteAddress != "0.0.0.0";
            // RFC 3264 §5.1/§6.1: sendonly and inactive receive nothing; recvonly and inactive send nothing;
            // RFC 2543 hold (c=0.0.0.0) gives no address to send to.
            _sending = usable && (d == SdpDirection.SendRecv || d == SdpDirection.SendOnly || d == SdpDirection.None);
            _receiving = d == SdpDirection.SendRecv || d == SdpDirection.RecvOnly || d == SdpDirection.None;
        }

        private bool CreateSrtp(SdesAgreement agreement, bool makeTx, bool makeRx, out SrtpSession tx, out SrtpSession rx)
        {
            tx = null;
            rx = null;
            SrtpPolicy outbound = makeTx ? agreement.CreateOutboundPolicy() : null;
            SrtpPolicy inbound = makeRx ? agreement.CreateInboundPolicy() : null;
            bool ok = (outbound == null || outbound.Validate() == null) && (inbound == null || inbound.Validate() == null);
            if (ok)
            {
                try
                {
                    if (outbound != null)
                    {
                        tx = new SrtpSession(outbound, _kernel);
                    }

                    if (inbound != null)
                    {
                        rx = new SrtpSession(inbound, _kernel);
                    }
                }
                catch (ArgumentException)
                {
                    if (tx != null)
                    {
                        tx.Clear();
                    }

                    tx = null;
                    rx = null;
                    ok = false;
                }
            }

            if (outbound != null)
            {
                Wipe(outbound);
            }

            if (inbound != null)
            {
                Wipe(inbound);
            }

            return ok;
        }

        private static void Wipe(SrtpPolicy policy)
        {
            if (policy.MasterKey != null)
            {
                Array.Clear(policy.MasterKey, 0, policy.MasterKey.Length);
            }

            if (policy.MasterSalt != null)
            {
                Array.Clear(policy.MasterSalt, 0, policy.MasterSalt.Length);
            }
        }

        private void ReplaceSrtp(SrtpSession tx, SrtpSession rx, bool replaceTx, bool replaceRx)
        {
            if (replaceTx)
            {
                if (_txSrtp != null)
                {
                    _txSrtp.Clear();
                }

                _txSrtp = tx;
            }

            if (replaceRx)
            {
                if (_rxSrtp != null)
                {
                    _rxSrtp.Clear();
                }

                _rxSrtp = rx;
            }
        }

        private void RememberKeys(SdesAgreement a)
        {
            _suite = a.Suite;
            _unencryptedSrtp = a.Local.UnencryptedSrtp;
            _unencryptedSrtcp = a.Local.UnencryptedSrtcp;
            SdesKey local = a.Local.Key;
            SdesKey remote = a.Remote.Key;
            _localKeyLength = Copy(local.MasterKey, _localKey);
            Copy(local.MasterSalt, _localSalt);
            _localMki = local.MkiValue;
            _localMkiLength = local.MkiLength;
            _remoteKeyLength = Copy(remote.MasterKey, _remoteKey);
            Copy(remote.MasterSalt, _remoteSalt);
            _remoteMki = remote.MkiValue;
            _remoteMkiLength = remote.MkiLength;
        }

        private bool SameSuite(SdesAgreement a)
        {
            return a.Suite == _suite && a.Local.UnencryptedSrtp == _unencryptedSrtp && a.Local.UnencryptedSrtcp == _unencryptedSrtcp;
        }

        private bool LocalKeyMatches(SdesAgreement a)
        {
            SdesKey local = a.Local.Key;
            return local.MkiValue == _localMki && local.MkiLength == _localMkiLength &&
                Same(local.MasterKey, _localKey, _localKeyLength) && Same(local.MasterSalt, _localSalt, SrtpPolicy.MasterSaltLength);
        }

        private bool RemoteKeyMatches(SdesAgreement a)
        {
            SdesKey remote = a.Remote.Key;
            return remote.MkiValue == _remoteMki && remote.MkiLength == _remoteMkiLength &&
                Same(remote.MasterKey, _remoteKey, _remoteKeyLength) && Same(remote.MasterSalt, _remoteSalt, SrtpPolicy.MasterSaltLength);
        }

        private void ForgetKeys()
        {
            Array.Clear(_localKey, 0, _localKey.Length);
            Array.Clear(_localSalt, 0, _localSalt.Length);
            Array.Clear(_remoteKey, 0, _remoteKey.Length);
            Array.Clear(_remoteSalt, 0, _remoteSalt.Length);
            _localKeyLength = 0;
            _remoteKeyLength = 0;
        }

        private static int Copy(byte[] from, byte[] to)
        {
            int n = from == null ? 0 : (from.Length > to.Length ? to.Length : from.Length);
            Array.Clear(to, 0, to.Length);
            if (n > 0)
            {
                Array.Copy(from, 0, to, 0, n);
            }

            return n;
        }

        private static bool Same(byte[] a, byte[] copy, int length)
        {
            if (a == null || a.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (a[i] != copy[i])
                {
                    return false;
                }
            }

            return true;
        }

        // RFC 7022 §4.2: a fresh random CNAME per call (96 random bits, base64), so calls cannot be linked.
        private void NewCname()
        {
            _entropy.GetBytes(_random, 0, 12);
            for (int i = 0; i < 4; i++)
            {
                int v = (_random[3 * i] << 16) | (_random[3 * i + 1] << 8) | _random[3 * i + 2];
                _cname[4 * i] = (byte)CnameChars[(v >> 18) & 63];
                _cname[4 * i + 1] = (byte)CnameChars[(v >> 12) & 63];
                _cname[4 * i + 2] = (byte)CnameChars[(v >> 6) & 63];
                _cname[4 * i + 3] = (byte)CnameChars[v & 63];
            }

            Array.Clear(_random, 0, 12);
        }
    }
}
