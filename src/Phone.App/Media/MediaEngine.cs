using System;
using System.Threading;
using Phone.App.Drivers;
using Phone.Audio;
using Phone.Call;
using Phone.Device.Audio;
using Phone.Media;
using Phone.Sdes;
using Phone.Sdp;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.App.Media
{
    /// <summary>
    /// The media loop: microphone → MediaSession.Capture → RTP port, RTP/RTCP ports → MediaSession.Receive,
    /// MediaSession.Playout (or a local tone) → speaker, paced by Phone.Device's MediaCadence so the blocking I2S
    /// calls only run when the DMA has a frame ready (src/Phone.Firmware/Audio/README.md has the timing). The
    /// audio and port drivers come from <see cref="PhoneDrivers"/>; whoever owns the media thread (the firmware's
    /// Program, the virtual handset) calls <see cref="Step"/> and <see cref="Idle"/> in a loop.
    /// <para>
    /// Threads: the app's loop starts, updates and stops calls' media (OnMediaUpdate / OnMediaStop from the call
    /// agent) and sets mute, volume, tone and DTMF; the media thread does everything per frame. Every MediaSession
    /// call, from either thread, is made under one lock; the per-frame path holds it only around the session call
    /// itself and allocates nothing (buffers are made here once, MediaSession allocates nothing per packet).
    /// One MediaSession and one media port per call slot of the call agent (RTP on firstRtpPort + 2·slot).
    /// </para>
    /// <para>
    /// The I2S devices are opened when media or a tone starts and closed when both end, so the cadence model
    /// begins with empty DMA buffers each time and the amplifier is shut down between calls.
    /// </para>
    /// </summary>
    public sealed class MediaEngine
    {
        /// <summary>The call's sample rate (G.711, RFC 3551 §4.5.14).</summary>
        public const int CallRate = 8000;

        /// <summary>Samples in one cadence frame at the call rate.</summary>
        public const int FrameSamples = CallRate * MediaCadence.FrameMs / 1000;

        /// <summary>
        /// Capture DMA buffers: 8 × 256 frames of two 32-bit slots = 16 KiB, 64 ms at 32 kHz, so a loop stalled for
        /// up to 56 ms (a GC pause) loses nothing (docs/device.md "Sizing": DMA memory is internal RAM).
        /// </summary>
        public const int CaptureDmaBuffers = 8;

        /// <summary>Playback DMA buffers: 4 × 256 frames of two 16-bit slots = 4 KiB, 128 ms at 8 kHz (queue kept at 60 ms).</summary>
        public const int PlaybackDmaBuffers = 4;

        /// <summary>Capture frames carry both slots (RightLeft); the microphone is in one of them.</summary>
        public const int CaptureSlotsPerFrame = 2;

        /// <summary>Received DTMF digits kept per call for the diagnostics (the newest ones).</summary>
        public const int DigitsKept = 16;

        /// <summary>Digit length for a key press (RFC 4733 leaves it to the sender; 100 ms is common).</summary>
        public const int DtmfMs = 100;

        private readonly object _lock = new object();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly AudioWiring _wiring;
        private readonly IClock _clock;
        private readonly MediaSession[] _sessions;
        private readonly IMediaPort[] _ports;
        private readonly int[] _noted;
        private readonly int[] _callIds;
        private readonly char[] _digits;
        private readonly int[] _digitCounts;
        private readonly IAudioCapture _mic;
        private readonly IAudioPlayback _speaker;
        private readonly ToneGenerator _tone = new ToneGenerator();
        private readonly MediaCadence _cadence;
        private readonly IAudioKernel _audio;
        private readonly bool _hasDecimator;
        private readonly int[] _decimatorState = DecimationFilter.NewState();
        private readonly int _decimation;
        private readonly int _micSlot;
        private readonly int _captureSamples;
        private readonly byte[] _captureBytes;
        private readonly short[] _captureFrame = new short[FrameSamples];
        private readonly short[] _sendAccum = new short[RtpMaxSamples + FrameSamples];
        private readonly short[] _playAccum = new short[RtpMaxSamples + FrameSamples];
        private readonly short[] _playFrame = new short[FrameSamples];
        private readonly short[][] _legFrames;
        private readonly short[] _legSend = new short[FrameSamples];
        private readonly byte[] _playBytes;
        private readonly byte[] _datagram = new byte[MediaSession.MaxDatagramLength];
        private readonly byte[] _receive = new byte[1500];
        private int _sendFill;
        private int _playFill;
        private int _playTaken;
        private bool _audioOn;
        private int _gainBits;
        private bool _muted;
        private bool _conference;
        private int _legA;
        private int _legB;
        private int _speakerVolume = 70;
        private int _ringVolume = 80;

        /// <summary>Largest frame a session can ask for: 60 ms at 8 kHz (MediaSession supports ptime up to 60).</summary>
        private const int RtpMaxSamples = 480;

        /// <param name="audioKernel">the native decimator, G.711 and I2S conversion (KernelCheck.SelectAudio), or null
        /// for the managed kernel without its 96-tap filter (a boxcar average instead).</param>
        public MediaEngine(ICryptoKernel kernel, IAudioKernel audioKernel, PhoneDrivers drivers, int jitterMinMs,
            int jitterMaxMs, AudioWiring wiring, int micGainDb)
        {
            int maxCalls = drivers.MediaPorts.Length;
            // Every per-sample step of a frame is one kernel call; the managed kernel's 96-tap filter costs more
            // IL time per frame than the device can spare, so without the native kernel capture averages instead.
            _audio = audioKernel != null ? audioKernel : new ManagedAudioKernel();
            _hasDecimator = audioKernel != null;
            _wiring = wiring;
            _clock = drivers.Clock;
            _mic = drivers.Microphone;
            _speaker = drivers.Speaker;
            _sessions = new MediaSession[maxCalls];
            _ports = drivers.MediaPorts;
            _callIds = new int[maxCalls];
            _digits = new char[maxCalls * DigitsKept];
            _digitCounts = new int[maxCalls];
            _noted = new int[maxCalls];
            _legFrames = new short[maxCalls][];
            ProtectCost = new KernelCostMeter(_clock);
            UnprotectCost = new KernelCostMeter(_clock);
            for (int i = 0; i < maxCalls; i++)
            {
                // The audio kernel also does each call's G.711 (one native call per frame each way);
                // without one (native filter missing or wrong) the sessions use the managed G.711.
                _sessions[i] = new MediaSession(kernel, drivers.Entropy, jitterMinMs, jitterMaxMs, audioKernel);
                _legFrames[i] = new short[FrameSamples];
            }

            int micRate = wiring.MicSampleRate < CallRate ? CallRate : wiring.MicSampleRate;
            _decimation = micRate / CallRate;
            _captureSamples = FrameSamples * _decimation;
            _captureBytes = new byte[I2sSampleConverter.CaptureBytes(_captureSamples, CaptureSlotsPerFrame)];

            // i2s.mic.channel: the slot the microphone's L/R pin selects (left = first word of the frame).
            _micSlot = wiring.MicRightChannel ? 1 : 0;
            _playBytes = new byte[I2sSampleConverter.PlaybackBytes(FrameSamples, true)];
            _cadence = new MediaCadence(micRate, CaptureDmaBuffers, wiring.SpeakerSampleRate, PlaybackDmaBuffers);

            // ICS-43434-class microphones deliver -26 dBFS at 94 dB SPL; 2 bits (+12 dB) brings speech near the
            // G.711 working level, and audio.mic_gain adds 6 dB per bit (rounded). UNVERIFIED on hardware.
            int bits = 2 + (micGainDb >= 0 ? (micGainDb + 3) / 6 : -((-micGainDb + 3) / 6));
            _gainBits = bits < 0 ? 0 : bits > I2sSlots.MaxGainBits ? I2sSlots.MaxGainBits : bits;
        }

        /// <summary>Cost of turning one microphone frame into an (S)RTP packet, including the crypto kernel.</summary>
        public readonly KernelCostMeter ProtectCost;

        /// <summary>Cost of taking in one received (S)RTP packet, including authentication and decryption.</summary>
        public readonly KernelCostMeter UnprotectCost;

        public MediaCadence Cadence
        {
            get { return _cadence; }
        }

        public int MicErrors
        {
            get { return _mic.Errors; }
        }

        public int SpeakerErrors
        {
            get { return _speaker.Errors; }
        }

        /// <summary>Why media could not start for the last call (display), or null.</summary>
        public string LastError { get; private set; }

        // ================================================================ the app's loop

        /// <summary>Starts or updates the media of a call (ISipCallListener.OnMediaUpdate).</summary>
        public MediaStatus Update(int callId, int localRtpPort, SdpNegotiationResult media, long nowMs)
        {
            MediaStatus status;
            lock (_lock)
            {
                int s = SlotOf(callId);
                if (s < 0)
                {
                    s = SlotOf(0);
                }

                if (s < 0)
                {
                    LastError = "no media slot";
                    return MediaStatus.NotActive;
                }

                if (!_ports[s].IsOpen && !_ports[s].Open(localRtpPort))
                {
                    LastError = "RTP port " + localRtpPort.ToString() + " unavailable";
                    return MediaStatus.NotActive;
                }

                MediaSession session = _sessions[s];
                bool fresh = !session.Active;
                status = session.Active ? session.Update(media, nowMs) : session.Start(media, nowMs);
                if (status == MediaStatus.Ok)
                {
                    if (fresh)
                    {
                        _digitCounts[s] = 0;
                    }

                    _callIds[s] = callId;
                    _ports[s].SetRemote(session.RemoteAddress, session.RemotePort, session.RemoteRtcpPort);
                    // RFC 4961: latch onto where the peer's accepted media really comes from (a NAT in front of it).
                    _ports[s].NoteSources = true;
                    _noted[s] = 0;
                    LastError = null;
                    if (_conference && (s == _legA || s == _legB) && session.SamplesPerFrame != FrameSamples)
                    {
                        EndConference();
                        LastError = "conference ended: ptime not 20 ms";
                    }
                }
                else if (!session.Active)
                {
                    _ports[s].Close();
                    _callIds[s] = 0;
                    LastError = "media refused (" + StatusText(status) + ")";
                }
            }

            _wake.Set();
            return status;
        }

        /// <summary>True while the call has running media (a failed update of running media leaves it running).</summary>
        public bool HasMedia(int callId)
        {
            lock (_lock)
            {
                int s = SlotOf(callId);
                return s >= 0 && _sessions[s].Active;
            }
        }

        /// <summary>Ends a call's media: RTCP BYE (RFC 3550 §6.6), keys wiped, sockets closed.</summary>
        public void Stop(int callId, long nowMs)
        {
            lock (_lock)
            {
                int s = SlotOf(callId);
                if (s < 0)
                {
                    return;
                }

                if (_conference && (s == _legA || s == _legB))
                {
                    EndConference();
                }

                _sessions[s].Stop(nowMs);
                int n = _sessions[s].PollRtcp(nowMs, _datagram, 0);
                if (n > 0)
                {
                    _ports[s].SendRtcp(_datagram, 0, n);
                }

                _ports[s].Close();
                _callIds[s] = 0;
            }

            _wake.Set();
        }

        /// <summary>nf.config [audio] silence_suppression for every call slot (MediaSession.SilenceSuppression).</summary>
        public void SetSilenceSuppression(bool on)
        {
            lock (_lock)
            {
                for (int i = 0; i < _sessions.Length; i++)
                {
                    _sessions[i].SilenceSuppression = on;
                }
            }
        }

        public void SetMuted(bool muted)
        {
            lock (_lock)
            {
                _muted = muted;
                for (int i = 0; i < _sessions.Length; i++)
                {
                    // In a conference the microphone is left out of the mix instead: a muted session would
                    // send silence, and the other party would no longer be relayed.
                    _sessions[i].Muted = muted && !_conference;
                }
            }
        }

        /// <summary>True while the two calls are mixed into a local three-way conference.</summary>
        public bool Conference
        {
            get { return _conference; }
        }

        /// <summary>
        /// Joins the two calls into a local three-way conference (true) or splits it again (false). In a conference
        /// the speaker plays both calls mixed, and each call is sent the microphone mixed with the other call's
        /// latest frame, so each of the three hears the other two; every mix is one <see cref="IAudioKernel.MixClip"/>
        /// call, saturated to 16 bits. Refused (false, the reason in <see cref="LastError"/>) unless two calls have
        /// media with a 20 ms ptime, the one frame both legs and the cadence share. A held call joins silently until
        /// its media receives again (the re-INVITE that resumes it). The conference ends by itself when either call's
        /// media stops or its ptime changes.
        /// </summary>
        public bool SetConference(bool on)
        {
            lock (_lock)
            {
                if (!on)
                {
                    EndConference();
                    return true;
                }

                int a = -1;
                int b = -1;
                for (int i = 0; i < _sessions.Length; i++)
                {
                    if (!_sessions[i].Active)
                    {
                        continue;
                    }

                    if (a < 0)
                    {
                        a = i;
                    }
                    else if (b < 0)
                    {
                        b = i;
                    }
                }

                if (b < 0)
                {
                    LastError = "conference needs two calls";
                    return false;
                }

                if (_sessions[a].SamplesPerFrame != FrameSamples || _sessions[b].SamplesPerFrame != FrameSamples)
                {
                    LastError = "conference needs 20 ms ptime on both calls";
                    return false;
                }

                _legA = a;
                _legB = b;
                Array.Clear(_legFrames[a], 0, FrameSamples);
                Array.Clear(_legFrames[b], 0, FrameSamples);
                _conference = true;
                _sessions[a].Muted = false;
                _sessions[b].Muted = false;
                LastError = null;
                return true;
            }
        }

        private void EndConference()
        {
            if (!_conference)
            {
                return;
            }

            _conference = false;
            _sessions[_legA].Muted = _muted;
            _sessions[_legB].Muted = _muted;
        }

        public void SetVolume(VolumeTarget target, int percent)
        {
            int v = percent < 0 ? 0 : percent > 100 ? 100 : percent;
            if (target == VolumeTarget.Ring)
            {
                _ringVolume = v;
            }
            else
            {
                _speakerVolume = v;
            }
        }

        public void SetAlert(AlertTone tone, long nowMs)
        {
            lock (_lock)
            {
                _tone.Set(tone, nowMs);
            }

            _wake.Set();
        }

        public void SendDtmf(int callId, char digit, long nowMs)
        {
            lock (_lock)
            {
                int s = SlotOf(callId);
                if (s >= 0)
                {
                    _sessions[s].SendDtmf(digit, DtmfMs, nowMs);
                }
            }
        }

        /// <summary>
        /// Copies what the diagnostics screen and the MediaStats event need from the call's statistics; false when
        /// the call has no media.
        /// </summary>
        public bool ReadStatistics(int callId, MediaSnapshot into)
        {
            lock (_lock)
            {
                int s = SlotOf(callId);
                if (s < 0 || !_sessions[s].Active)
                {
                    return false;
                }

                MediaStatistics st = _sessions[s].Statistics;
                into.Secure = st.Secure;
                into.Suite = st.Suite;
                into.Codec = _sessions[s].Codec;
                into.LossPercent = st.LossPercent;
                into.LossPermille = st.LossPermille;
                into.JitterMs = st.JitterMs;
                into.RoundTripMs = st.RoundTripMs;
                into.PacketsSent = st.PacketsSent;
                into.PacketsReceived = st.PacketsReceived;
                into.AuthenticationFailures = st.AuthenticationFailures;
                into.Replays = st.Replays;
                into.RtcpAuthenticationFailures = st.RtcpAuthenticationFailures;
                into.ShortRtcpTags = st.ShortRtcpTags;
                into.UnprotectedDropped = st.UnprotectedDropped;
                into.Malformed = st.Malformed;
                into.WrongSsrc = st.WrongSsrc;
                into.PacketsLost = st.PacketsLost;
                into.LateFrames = st.LateFrames;
                into.ConcealedFrames = st.ConcealedFrames;
                into.ComfortNoiseFrames = st.ComfortNoiseFrames;
                into.ComfortNoisePackets = st.ComfortNoisePackets;
                into.ComfortNoiseSent = st.ComfortNoiseSent;
                into.SuppressedFrames = st.SuppressedFrames;
                into.BufferDepthMs = st.BufferDepthMs;
                into.RtcpSent = st.RtcpSent;
                into.RtcpReceived = st.RtcpReceived;
                into.RtcpAppPackets = st.RtcpAppPackets;
                into.DtmfSent = st.DtmfSent;
                into.DtmfReceived = st.DtmfReceived;
                into.RemoteAddress = _sessions[s].RemoteAddress;
                into.RemotePort = _sessions[s].RemotePort;
                int n = _digitCounts[s];
                for (int i = 0; i < n; i++)
                {
                    into.Digits[i] = _digits[s * DigitsKept + i];
                }

                into.DigitCount = n;
                return true;
            }
        }

        // ================================================================ media thread

        /// <summary>
        /// Does what the cadence says is due now (read a microphone frame, write a speaker frame, take in the
        /// network) without waiting, and returns how long the media thread may idle before the next step (0: step
        /// again at once). A driver or socket fault never ends the loop: the audio is closed and starts over.
        /// </summary>
        public int Step()
        {
            try
            {
                return StepOnce();
            }
            catch (Exception)
            {
                LastError = "audio fault";
                CloseAudio();
                return 100;
            }
        }

        /// <summary>Idles up to waitMs: until RTP arrives on the audible call, media starts or stops, or the time is up.</summary>
        public void Idle(int waitMs)
        {
            if (waitMs <= 0)
            {
                return;
            }

            int a;
            lock (_lock)
            {
                a = _audioOn ? AudibleSlot() : -1;
            }

            if (a >= 0)
            {
                _ports[a].WaitRtp(waitMs);
            }
            else
            {
                _wake.WaitOne(waitMs, false);
            }
        }

        private int StepOnce()
        {
            bool want = WantAudio();
            if (!_audioOn)
            {
                if (!want)
                {
                    return 200;
                }

                OpenAudio();
                return 0;
            }

            if (!want)
            {
                CloseAudio();
                return 0;
            }

            long now = _clock.NowMs;
            CadenceAction action = _cadence.Next(now, true);
            int wait = 0;
            switch (action)
            {
                case CadenceAction.ReadCapture:
                    _mic.Read(_captureBytes, 0, _captureBytes.Length);
                    long end = _clock.NowMs;
                    _cadence.CaptureDone(now, end);
                    CaptureFrame(end);
                    break;
                case CadenceAction.WritePlayback:
                    PlayFrame(now);
                    long start = _clock.NowMs;
                    _speaker.Write(_playBytes, 0, _playBytes.Length);
                    _cadence.PlaybackDone(start, _clock.NowMs);
                    break;
                case CadenceAction.Network:
                    ReceiveAll();
                    wait = _cadence.WaitMs;
                    break;
                default:
                    wait = _cadence.WaitMs;
                    break;
            }

            SendReports(_clock.NowMs);
            return wait;
        }

        private bool WantAudio()
        {
            lock (_lock)
            {
                if (_tone.Tone != AlertTone.None)
                {
                    return true;
                }

                for (int i = 0; i < _sessions.Length; i++)
                {
                    if (_sessions[i].Active)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private void OpenAudio()
        {
            AudioWiring w = _wiring;
            _mic.Open(w, CaptureDmaBuffers * MediaCadence.DmaBufferFrames * CaptureSlotsPerFrame * I2sSampleConverter.CaptureSlotBytes);
            // Playback bytes are 16-bit samples (IAudioKernel.PcmToPlayback), so the bus runs 16-bit slots
            // whatever i2s.spk.slot_bits says (the MAX98357A takes 16- or 32-bit slots alike).
            _speaker.Open(w, 16, true, PlaybackDmaBuffers * MediaCadence.DmaBufferFrames * I2sSampleConverter.PlaybackBytes(1, true));
            _speaker.Enable(true);
            DecimationFilter.Reset(_decimatorState);
            _sendFill = 0;
            _playFill = 0;
            _playTaken = 0;
            _cadence.ResetCounters();
            _cadence.Start(_clock.NowMs);
            ProtectCost.Reset();
            UnprotectCost.Reset();
            _audioOn = true;
        }

        private void CloseAudio()
        {
            _cadence.Stop();
            _mic.Close();
            _speaker.Close();
            _audioOn = false;
        }

        /// <summary>One 20 ms microphone frame: slots → 8 kHz PCM in one kernel call → each call's Capture.</summary>
        private void CaptureFrame(long nowMs)
        {
            int n;
            if (_decimation == DecimationFilter.Factor && _hasDecimator)
            {
                // 32 kHz slots → 8 kHz PCM in one native call: 96-tap low-pass (Phone.Core DecimationFilter).
                int gain = _gainBits > DecimationFilter.MaxGainBits ? DecimationFilter.MaxGainBits : _gainBits;
                n = _audio.DecimateCapture(_decimatorState, _captureBytes, 0, _captureSamples, CaptureSlotsPerFrame,
                    _micSlot, gain, _captureFrame, 0);
            }
            else
            {
                // Without the filter: each group of _decimation samples averaged (a boxcar: its first null at 8 kHz
                // attenuates much of what would fold into the voice band, far less than the 96-tap filter); at 8 kHz
                // a plain conversion.
                n = _audio.CaptureToPcm(_captureBytes, 0, _captureSamples, CaptureSlotsPerFrame, _micSlot, _gainBits,
                    _decimation, _captureFrame, 0);
            }

            if (n < FrameSamples)
            {
                Array.Clear(_captureFrame, n < 0 ? 0 : n, n < 0 ? FrameSamples : FrameSamples - n);
            }

            lock (_lock)
            {
                if (_conference)
                {
                    CaptureLeg(_legA, _legB, nowMs);
                    CaptureLeg(_legB, _legA, nowMs);
                    return;
                }

                for (int s = 0; s < _sessions.Length; s++)
                {
                    MediaSession session = _sessions[s];
                    if (!session.Active)
                    {
                        continue;
                    }

                    int spf = session.SamplesPerFrame;
                    if (spf == FrameSamples)
                    {
                        Capture(s, _captureFrame, 0, nowMs);
                    }
                    else if (s == AudibleSlot())
                    {
                        // ptime other than 20 ms: gather 20 ms frames until one packet's worth is there.
                        Array.Copy(_captureFrame, 0, _sendAccum, _sendFill, FrameSamples);
                        _sendFill += FrameSamples;
                        int used = 0;
                        while (_sendFill - used >= spf)
                        {
                            Capture(s, _sendAccum, used, nowMs);
                            used += spf;
                        }

                        _sendFill -= used;
                        if (_sendFill > 0 && used > 0)
                        {
                            Array.Copy(_sendAccum, used, _sendAccum, 0, _sendFill);
                        }
                    }
                }
            }
        }

        /// <summary>
        /// A conference leg's 20 ms: the microphone mixed with the other leg's latest frame in one kernel call (the
        /// other leg alone when muted), so the party on this leg hears the handset and the third party.
        /// </summary>
        private void CaptureLeg(int leg, int other, long nowMs)
        {
            if (_muted)
            {
                Capture(leg, _legFrames[other], 0, nowMs);
                return;
            }

            _audio.MixClip(_captureFrame, 0, _legFrames[other], 0, _legSend, 0, FrameSamples);
            Capture(leg, _legSend, 0, nowMs);
        }

        private void Capture(int s, short[] pcm, int offset, long nowMs)
        {
            ProtectCost.Begin();
            int n = _sessions[s].Capture(pcm, offset, nowMs, _datagram, 0);
            ProtectCost.End();
            if (n > 0)
            {
                _ports[s].SendRtp(_datagram, 0, n);
            }
        }

        /// <summary>
        /// One 20 ms speaker frame: the audible call's playout (or silence), then the tone on top — ring and ringback
        /// replace the frame (no call audio is expected meanwhile), call-waiting beeps replace it only during their
        /// 200 ms; scaled by the ring or speaker volume.
        /// </summary>
        private void PlayFrame(long nowMs)
        {
            int volume = _speakerVolume;
            lock (_lock)
            {
                int a = AudibleSlot();
                if (_conference)
                {
                    // Both legs' playout, each into its own frame (kept for the other leg's send), mixed for the speaker.
                    PlayoutLeg(_legA, nowMs);
                    PlayoutLeg(_legB, nowMs);
                    _audio.MixClip(_legFrames[_legA], 0, _legFrames[_legB], 0, _playFrame, 0, FrameSamples);
                }
                else if (a >= 0)
                {
                    // Always taken, so the jitter buffer's playout clock keeps running under a tone.
                    Playout(a, nowMs);
                }
                else
                {
                    Array.Clear(_playFrame, 0, FrameSamples);
                }

                AlertTone tone = _tone.Tone;
                if (tone == AlertTone.Ring || tone == AlertTone.Ringback)
                {
                    _tone.Fill(_playFrame, 0, FrameSamples, nowMs);
                    if (tone == AlertTone.Ring)
                    {
                        volume = _ringVolume;
                    }
                }
                else if (tone == AlertTone.CallWaiting && _tone.IsOnAt(nowMs))
                {
                    _tone.Fill(_playFrame, 0, FrameSamples, nowMs);
                }
            }

            // Volume and the I2S bytes in one kernel call (both slots carry the sample).
            _audio.PcmToPlayback(_playFrame, 0, FrameSamples, volume, true, _playBytes, 0);
        }

        /// <summary>A conference leg's 20 ms playout into its own frame; silence while its media does not receive (held).</summary>
        private void PlayoutLeg(int leg, long nowMs)
        {
            MediaSession session = _sessions[leg];
            if (session.Receiving)
            {
                session.Playout(_legFrames[leg], 0, nowMs);
            }
            else
            {
                Array.Clear(_legFrames[leg], 0, FrameSamples);
            }
        }

        /// <summary>Takes 20 ms from the call's playout, asking the session for a new packet-time frame when needed.</summary>
        private void Playout(int s, long nowMs)
        {
            MediaSession session = _sessions[s];
            int spf = session.SamplesPerFrame;
            if (spf == FrameSamples)
            {
                session.Playout(_playFrame, 0, nowMs);
                return;
            }

            // ptime other than 20 ms: keep what is left of the last packet-time frame and ask for more until a
            // whole 20 ms is there.
            int avail = _playFill - _playTaken;
            if (avail < FrameSamples)
            {
                if (avail > 0 && _playTaken > 0)
                {
                    Array.Copy(_playAccum, _playTaken, _playAccum, 0, avail);
                }

                _playTaken = 0;
                _playFill = avail;
                while (_playFill < FrameSamples)
                {
                    session.Playout(_playAccum, _playFill, nowMs);
                    _playFill += spf;
                }
            }

            Array.Copy(_playAccum, _playTaken, _playFrame, 0, FrameSamples);
            _playTaken += FrameSamples;
        }

        /// <summary>The call the user hears: the first one whose media receives (a held call does not).</summary>
        private int AudibleSlot()
        {
            for (int i = 0; i < _sessions.Length; i++)
            {
                if (_sessions[i].Active && _sessions[i].Receiving)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// Symmetric RTP (RFC 4961): after the first packet the session accepts — past SRTP authentication, so no one
        /// without the call's keys can redirect its audio — media goes to the address it came from, which differs from
        /// the SDP's when a NAT stands in front of the peer. Then the port stops noting sources (on the device each
        /// noted datagram costs an EndPoint); it also stops after NoteBudget datagrams none of which was accepted.
        /// </summary>
        private void Latch(int s, bool accepted)
        {
            if (accepted)
            {
                if (_ports[s].LatchToLastSource())
                {
                    Latches++;
                }

                _ports[s].NoteSources = false;
                return;
            }

            _noted[s]++;
            if (_noted[s] >= NoteBudget)
            {
                _ports[s].NoteSources = false;
            }
        }

        /// <summary>Datagrams a port notes the source of, without one accepted, before it gives up latching for the call.</summary>
        private const int NoteBudget = 256;

        /// <summary>Times media moved to the address the peer's accepted packets came from (RFC 4961 latching).</summary>
        public int Latches { get; private set; }

        /// <summary>Drains every media port (at most 8 datagrams each per step).</summary>
        private void ReceiveAll()
        {
            long now = _clock.NowMs;
            for (int s = 0; s < _ports.Length; s++)
            {
                for (int guard = 0; guard < 8; guard++)
                {
                    int n = _ports[s].ReceiveRtp(_receive, 0, _receive.Length);
                    bool rtcp = false;
                    if (n < 0)
                    {
                        n = _ports[s].ReceiveRtcp(_receive, 0, _receive.Length);
                        rtcp = true;
                    }

                    if (n < 0)
                    {
                        break; // nothing waits on either socket; an empty datagram (n == 0) was read and is counted below
                    }

                    lock (_lock)
                    {
                        if (!rtcp)
                        {
                            UnprotectCost.Begin();
                        }

                        int accepted = _sessions[s].Statistics.PacketsReceived;
                        _sessions[s].Receive(_receive, 0, n, now);
                        if (!rtcp)
                        {
                            UnprotectCost.End();
                            KeepDigits(s);
                            if (_ports[s].NoteSources)
                            {
                                Latch(s, _sessions[s].Statistics.PacketsReceived > accepted);
                            }
                        }
                    }
                }
            }
        }

        private void SendReports(long nowMs)
        {
            lock (_lock)
            {
                for (int s = 0; s < _sessions.Length; s++)
                {
                    if (!_sessions[s].Active)
                    {
                        continue;
                    }

                    int n = _sessions[s].PollRtcp(nowMs, _datagram, 0);
                    if (n > 0)
                    {
                        _ports[s].SendRtcp(_datagram, 0, n);
                    }
                }
            }
        }

        /// <summary>Moves the digits the peer sent into the slot's bounded list (the newest DigitsKept stay).</summary>
        private void KeepDigits(int s)
        {
            char d;
            while (_sessions[s].TryTakeReceivedDigit(out d))
            {
                int n = _digitCounts[s];
                int at = s * DigitsKept;
                if (n == DigitsKept)
                {
                    Array.Copy(_digits, at + 1, _digits, at, DigitsKept - 1);
                    n--;
                }

                _digits[at + n] = d;
                _digitCounts[s] = n + 1;
            }
        }

        private int SlotOf(int callId)
        {
            for (int i = 0; i < _callIds.Length; i++)
            {
                if (_callIds[i] == callId)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string StatusText(MediaStatus s)
        {
            switch (s)
            {
                case MediaStatus.NotNegotiated: return "not negotiated";
                case MediaStatus.UnsupportedCodec: return "codec";
                case MediaStatus.UnsupportedPtime: return "ptime";
                case MediaStatus.BadKeys: return "SRTP keys";
                case MediaStatus.AlreadyActive: return "already active";
                default: return "not active";
            }
        }
    }
}
