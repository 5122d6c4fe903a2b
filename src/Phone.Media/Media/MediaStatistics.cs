using Phone.Srtp;

namespace Phone.Media
{
    /// <summary>
    /// Counters of one call's media, for the in-call screen, the call log and diagnostics. One object
    /// per <see cref="MediaSession"/>, updated in place (reading it allocates nothing); zeroed by
    /// <see cref="MediaSession.Start"/>. Packet counts are RTP packets unless the name says RTCP;
    /// frame counts are frames of the current ptime. Never holds key material.
    /// </summary>
    public sealed class MediaStatistics
    {
        /// <summary>RTP packets sent, audio and telephone-event (RFC 3550 §6.4.1 sender's packet count).</summary>
        public int PacketsSent { get; internal set; }

        /// <summary>RTP payload octets sent (RFC 3550 §6.4.1 sender's octet count).</summary>
        public int OctetsSent { get; internal set; }

        /// <summary>RTP packets from the peer that were authenticated (or plain when SRTP is off) and accepted.</summary>
        public int PacketsReceived { get; internal set; }

        /// <summary>RTP payload octets of <see cref="PacketsReceived"/>.</summary>
        public int OctetsReceived { get; internal set; }

        /// <summary>Cumulative packets lost from the current source (RFC 3550 §A.3: expected − received).</summary>
        public int PacketsLost { get; internal set; }

        /// <summary>Packets expected from the current source (RFC 3550 §A.3).</summary>
        public int PacketsExpected { get; internal set; }

        /// <summary>Loss in tenths of a percent of the expected packets (0..1000).</summary>
        public int LossPermille
        {
            get
            {
                if (PacketsExpected <= 0 || PacketsLost <= 0)
                {
                    return 0;
                }

                long p = (long)PacketsLost * 1000 / PacketsExpected;
                return p > 1000 ? 1000 : (int)p;
            }
        }

        /// <summary>Loss in whole percent, rounded.</summary>
        public int LossPercent
        {
            get { return (LossPermille + 5) / 10; }
        }

        /// <summary>RFC 3550 §A.8 interarrival jitter of the received stream, ms.</summary>
        public int JitterMs { get; internal set; }

        /// <summary>Round-trip time from the peer's last report block about us (RFC 3550 §6.4.1 A − LSR − DLSR), ms; −1 until known.</summary>
        public int RoundTripMs { get; internal set; }

        /// <summary>Frames concealed by packet-loss concealment.</summary>
        public int ConcealedFrames { get; internal set; }

        /// <summary>Frames played as silence after a long erasure (or before playout began).</summary>
        public int SilenceFrames { get; internal set; }

        /// <summary>Frames played as comfort noise (RFC 3389) while the peer was silent.</summary>
        public int ComfortNoiseFrames { get; internal set; }

        /// <summary>Comfort-noise packets (RFC 3389) of the negotiated type received.</summary>
        public int ComfortNoisePackets { get; internal set; }

        /// <summary>Comfort-noise packets (RFC 3389) sent in our silences (silence suppression).</summary>
        public int ComfortNoiseSent { get; internal set; }

        /// <summary>Microphone frames not sent as audio because they were silence (silence suppression).</summary>
        public int SuppressedFrames { get; internal set; }

        /// <summary>Frames that arrived after their playout time.</summary>
        public int LateFrames { get; internal set; }

        /// <summary>Frames received twice (after SRTP, so only from a peer's own retransmission or a plain-RTP call).</summary>
        public int Duplicates { get; internal set; }

        /// <summary>Jitter-buffer depth before the last playout, ms.</summary>
        public int BufferDepthMs { get; internal set; }

        /// <summary>Jitter-buffer target depth, ms.</summary>
        public int TargetDepthMs { get; internal set; }

        /// <summary>SRTP packets whose authentication tag did not verify (RFC 3711 §3.3 step 5), dropped.</summary>
        public int AuthenticationFailures { get; internal set; }

        /// <summary>SRTCP packets whose authentication tag did not verify (RFC 3711 §3.4), dropped; <see cref="ShortRtcpTags"/> apart.</summary>
        public int RtcpAuthenticationFailures { get; internal set; }

        /// <summary>
        /// SRTCP packets refused because they carry a 32-bit tag in a <c>_32</c> suite (linphonec's quirk; RFC 4568
        /// §6.2.2 keeps 80 bits): a peer bug, not an attack. Dropped, so the round-trip time stays unknown.
        /// </summary>
        public int ShortRtcpTags { get; internal set; }

        /// <summary>SRTP/SRTCP packets refused as replayed or older than the replay window (RFC 3711 §3.3.2), dropped.</summary>
        public int Replays { get; internal set; }

        /// <summary>Datagrams that are not well-formed RTP/RTCP/STUN, or that SRTP rejects for their form, dropped.</summary>
        public int Malformed { get; internal set; }

        /// <summary>Plain RTP/RTCP (no SRTP trailer) that arrived while SRTP is in force, dropped (baresip's RTCP at start and BYE).</summary>
        public int UnprotectedDropped { get; internal set; }

        /// <summary>Authentic RTP from an SSRC other than the peer's current source (or our own, looped back), dropped.</summary>
        public int WrongSsrc { get; internal set; }

        /// <summary>RTP packets with a payload type that is neither the codec nor telephone-event (e.g. comfort noise not negotiated), not played.</summary>
        public int OtherPayloadTypes { get; internal set; }

        /// <summary>STUN datagrams on the media port (RFC 7983; linphone's keep-alives), ignored.</summary>
        public int StunPackets { get; internal set; }

        /// <summary>Other non-media datagrams (DTLS, ZRTP, TURN channel, unknown first octet), ignored.</summary>
        public int OtherPackets { get; internal set; }

        /// <summary>RTP that arrived while we are not receiving (sendonly/inactive: hold), ignored.</summary>
        public int IgnoredWhileNotReceiving { get; internal set; }

        /// <summary>RTCP compound packets sent (BYE included).</summary>
        public int RtcpSent { get; internal set; }

        /// <summary>RTCP compound packets received, authenticated and parsed.</summary>
        public int RtcpReceived { get; internal set; }

        /// <summary>APP packets (RFC 3550 §6.7) in them, read past (baresip sends APP-only compounds).</summary>
        public int RtcpAppPackets { get; internal set; }

        /// <summary>True once the peer sent an RTCP BYE for its source (RFC 3550 §6.6).</summary>
        public bool ByeReceived { get; internal set; }

        /// <summary>Digits sent as RFC 4733 events.</summary>
        public int DtmfSent { get; internal set; }

        /// <summary>Digits received as RFC 4733 events.</summary>
        public int DtmfReceived { get; internal set; }

        /// <summary>True when media is protected by SRTP.</summary>
        public bool Secure { get; internal set; }

        /// <summary>The SRTP suite when <see cref="Secure"/>.</summary>
        public SrtpSuite Suite { get; internal set; }

        /// <summary>Our SSRC (RFC 3550 §5.1).</summary>
        public uint LocalSsrc { get; internal set; }

        /// <summary>The peer's SSRC once a packet was accepted; 0 before.</summary>
        public uint RemoteSsrc { get; internal set; }

        internal void Clear()
        {
            PacketsSent = 0;
            OctetsSent = 0;
            PacketsReceived = 0;
            OctetsReceived = 0;
            PacketsLost = 0;
            PacketsExpected = 0;
            JitterMs = 0;
            RoundTripMs = -1;
            ConcealedFrames = 0;
            SilenceFrames = 0;
            ComfortNoiseFrames = 0;
            ComfortNoisePackets = 0;
            ComfortNoiseSent = 0;
            SuppressedFrames = 0;
            LateFrames = 0;
            Duplicates = 0;
            BufferDepthMs = 0;
            TargetDepthMs = 0;
            AuthenticationFailures = 0;
            RtcpAuthenticationFailures = 0;
            ShortRtcpTags = 0;
            RtcpAppPackets = 0;
            Replays = 0;
            Malformed = 0;
            UnprotectedDropped = 0;
            WrongSsrc = 0;
            OtherPayloadTypes = 0;
            StunPackets = 0;
            OtherPackets = 0;
            IgnoredWhileNotReceiving = 0;
            RtcpSent = 0;
            RtcpReceived = 0;
            ByeReceived = false;
            DtmfSent = 0;
            DtmfReceived = 0;
            Secure = false;
            Suite = SrtpSuite.AesCm128HmacSha1_80;
            LocalSsrc = 0;
            RemoteSsrc = 0;
        }
    }
}
