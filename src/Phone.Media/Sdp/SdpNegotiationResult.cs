using Phone.Sdes;
using Phone.Audio;

namespace Phone.Sdp
{
    /// <summary>
    /// Outcome of creating an offer, answering one, or accepting an answer (RFC 3264): the SDP text we
    /// send (offers and answers), and once both sides are known the media parameters for the RTP
    /// session. <see cref="ToString"/> never shows SDP text or keys.
    /// </summary>
    public sealed class SdpNegotiationResult
    {
        internal SdpNegotiationResult(SdpError error)
        {
            Error = error;
            PayloadType = -1;
            DtmfPayloadType = -1;
            ComfortNoisePayloadType = -1;
            Direction = SdpDirection.Inactive;
        }

        /// <summary>None on success; otherwise why (see <see cref="Status"/>).</summary>
        public SdpError Error { get; internal set; }

        /// <summary>The SDES reason behind NoUsableCrypto / AnswerCryptoRejected (or a fallback to RTP in optional mode); None otherwise.</summary>
        public SdesError SdesError { get; internal set; }

        /// <summary>A non-fatal reason on success, e.g. KeysNeedProtectedSignalling when optional mode went without SRTP.</summary>
        public SdpError Notice { get; internal set; }

        /// <summary>
        /// The SIP status for an INVITE we answer: 200 on success, 400 for malformed SDP (errors 1..99),
        /// 488 Not Acceptable Here otherwise (RFC 3261 §21.4.26, RFC 3264 §6).
        /// </summary>
        public int Status
        {
            get
            {
                if (Error == SdpError.None)
                {
                    return 200;
                }

                return (int)Error < 100 ? 400 : 488;
            }
        }

        /// <summary>True on success.</summary>
        public bool Succeeded
        {
            get { return Error == SdpError.None; }
        }

        /// <summary>Our offer or answer as SDP text with CRLF line ends; null when accepting an answer or on failure. Contains SDES keys when SRTP is offered/used.</summary>
        public string Text { get; internal set; }

        /// <summary>The peer's RTP address (IPv4).</summary>
        public string RemoteAddress { get; internal set; }

        /// <summary>The peer's RTP port.</summary>
        public int RemotePort { get; internal set; }

        /// <summary>The peer's RTCP port: a=rtcp (RFC 3605 §2.1) or RTP port + 1 (RFC 3550 §11).</summary>
        public int RemoteRtcpPort { get; internal set; }

        /// <summary>Payload type of the chosen codec, -1 when not negotiated.</summary>
        public int PayloadType { get; internal set; }

        /// <summary>The chosen codec.</summary>
        public AudioCodec Codec { get; internal set; }

        /// <summary>Payload type for telephone-event (RFC 4733), -1 when the peer does not support it.</summary>
        public int DtmfPayloadType { get; internal set; }

        /// <summary>Payload type for comfort noise (RFC 3389) from the peer, -1 when not negotiated.</summary>
        public int ComfortNoisePayloadType { get; internal set; }

        /// <summary>Packet duration in ms to send with.</summary>
        public int Ptime { get; internal set; }

        /// <summary>Our media direction after the exchange: SendRecv, SendOnly, RecvOnly or Inactive.</summary>
        public SdpDirection Direction { get; internal set; }

        /// <summary>True when the peer put us on hold: sendonly/inactive (RFC 3264 §8.4) or c=0.0.0.0 (RFC 2543).</summary>
        public bool RemoteHold { get; internal set; }

        /// <summary>The SDES agreement when SRTP is used, else null.</summary>
        public SdesAgreement Srtp { get; internal set; }

        /// <summary>True when media is protected by SRTP.</summary>
        public bool UsesSrtp
        {
            get { return Srtp != null; }
        }

        /// <summary>Outcome and media parameters; never SDP text or keys.</summary>
        public override string ToString()
        {
            if (!Succeeded)
            {
                return "sdp negotiation failed: " + ((int)Error).ToString() + " (status " + Status.ToString() + ")";
            }

            return "sdp ok pt " + PayloadType.ToString() + " dtmf " + DtmfPayloadType.ToString() + " ptime " + Ptime.ToString()
                + " " + SdpWriter.NameOf(Direction) + (UsesSrtp ? " srtp" : " rtp");
        }
    }
}
