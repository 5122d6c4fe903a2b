namespace Phone.Sdp
{
    /// <summary>
    /// Why an SDP body (RFC 8866) could not be parsed or an offer/answer (RFC 3264) could not be completed.
    /// 1..99: the SDP is malformed (answer 400). 100..199: well formed but asks for something this phone
    /// cannot do. 200..: offer/answer outcomes (answer 488 Not Acceptable Here, RFC 3261 §21.4.26).
    /// The numeric values are stable.
    /// </summary>
    public enum SdpError
    {
        /// <summary>Parsed / negotiated.</summary>
        None = 0,

        /// <summary>Null or empty body.</summary>
        Empty = 1,

        /// <summary>Body longer than <see cref="SdpParser.MaxTextLength"/>.</summary>
        TooLong = 2,

        /// <summary>More than <see cref="SdpParser.MaxLines"/> lines.</summary>
        TooManyLines = 3,

        /// <summary>A line longer than <see cref="SdpParser.MaxLineLength"/>.</summary>
        LineTooLong = 4,

        /// <summary>A line that is not <c>&lt;type&gt;=&lt;value&gt;</c> with a lower-case letter type (RFC 8866 §5).</summary>
        BadLineSyntax = 5,

        /// <summary>A control character (other than tab) inside a line (RFC 8866 §9: text is byte-string without CR/LF/NUL).</summary>
        BadCharacter = 6,

        /// <summary>The first line is not <c>v=</c> (RFC 8866 §5.1).</summary>
        MissingVersion = 7,

        /// <summary><c>v=</c> is not 0 (RFC 8866 §5.1).</summary>
        BadVersion = 8,

        /// <summary><c>o=</c> is not six fields with numeric sess-id and sess-version (RFC 8866 §5.2).</summary>
        BadOrigin = 9,

        /// <summary>No <c>o=</c> line (RFC 8866 §5.2).</summary>
        MissingOrigin = 10,

        /// <summary>No <c>s=</c> line (RFC 8866 §5.3).</summary>
        MissingSessionName = 11,

        /// <summary><c>t=</c> is not two decimal times (RFC 8866 §5.9).</summary>
        BadTiming = 12,

        /// <summary>No <c>t=</c> line (RFC 8866 §5.9).</summary>
        MissingTiming = 13,

        /// <summary><c>c=</c> is not <c>IN IP4 a.b.c.d</c> or <c>IN IP6 addr</c> (RFC 8866 §5.7).</summary>
        BadConnection = 14,

        /// <summary>A media section with a non-zero port and no <c>c=</c> at either level (RFC 8866 §5.7).</summary>
        MissingConnection = 15,

        /// <summary>An <c>m=</c> line that is not <c>media port[/n] proto fmt...</c>, or an RTP format that is not 0..127 (RFC 8866 §5.14).</summary>
        BadMedia = 16,

        /// <summary>More than <see cref="SdpParser.MaxMedia"/> media sections.</summary>
        TooManyMedia = 17,

        /// <summary>More than <see cref="SdpParser.MaxFormats"/> formats on one <c>m=</c> line.</summary>
        TooManyFormats = 18,

        /// <summary><c>a=rtpmap</c> is not <c>pt encoding/clock[/channels]</c> (RFC 8866 §6.6).</summary>
        BadRtpmap = 19,

        /// <summary><c>a=fmtp</c> is not <c>pt params</c> (RFC 8866 §6.15).</summary>
        BadFmtp = 20,

        /// <summary><c>a=ptime</c> or <c>a=maxptime</c> is not a positive number of milliseconds (RFC 8866 §6.4, §6.5).</summary>
        BadPtime = 21,

        /// <summary><c>a=rtcp</c> is not <c>port [IN IP4 addr]</c> (RFC 3605 §2.1).</summary>
        BadRtcp = 22,

        /// <summary>More than <see cref="SdpParser.MaxCryptoLines"/> <c>a=crypto</c> lines in one media section.</summary>
        TooManyCrypto = 23,

        /// <summary>A second <c>c=</c> or direction attribute at the same level, or a second rtpmap/fmtp for a payload type.</summary>
        DuplicateLine = 24,

        /// <summary>
        /// A NUL byte (0x00) anywhere in the body (RFC 8866 §9: no NUL in SDP text). Found on the bytes before
        /// they are decoded: nanoFramework strings end at U+0000, so a decoded body would silently lose the rest.
        /// </summary>
        NulByte = 25,

        /// <summary>The chosen audio stream's address is IPv6; this phone speaks IPv4 only.</summary>
        Ipv6Unsupported = 100,

        /// <summary>The audio stream's transport is neither RTP/AVP nor RTP/SAVP (e.g. RTP/SAVPF, UDP/TLS/RTP/SAVP).</summary>
        UnsupportedTransport = 101,

        /// <summary>No <c>m=audio</c> with a non-zero port (RFC 3264 §6).</summary>
        NoAudioStream = 200,

        /// <summary>None of the offered or answered codecs is one we support and configured.</summary>
        NoCommonCodec = 201,

        /// <summary>SRTP is mandatory and the offer is RTP/AVP or has no <c>a=crypto</c> line.</summary>
        SrtpRequired = 202,

        /// <summary>Crypto lines were offered but none is usable and allowed (see <see cref="SdpNegotiationResult.SdesError"/>; RFC 4568 §7.1.2).</summary>
        NoUsableCrypto = 203,

        /// <summary>SRTP is off and the offer is RTP/SAVP.</summary>
        SrtpDisabled = 204,

        /// <summary>SDES keys would go into SDP over signalling that is not protected by TLS and AllowUnprotectedKeys is not set (RFC 4568 §8.3).</summary>
        KeysNeedProtectedSignalling = 205,

        /// <summary>The answer rejected our audio stream (port 0, RFC 3264 §6) or has no audio stream.</summary>
        AnswerRejectedAudio = 206,

        /// <summary>The answer's transport differs from the one we offered (RFC 3264 §6.1).</summary>
        AnswerTransportMismatch = 207,

        /// <summary>We need SRTP but the answer has no <c>a=crypto</c> line.</summary>
        AnswerCryptoMissing = 208,

        /// <summary>The answer's crypto line does not match our offer (see <see cref="SdpNegotiationResult.SdesError"/>; RFC 4568 §7.1.3).</summary>
        AnswerCryptoRejected = 209,

        /// <summary>An answer was given to accept but no offer of ours is outstanding.</summary>
        NoOfferOutstanding = 210,

        /// <summary>The configured local address is not a dotted IPv4 address or the port is not 1..65535.</summary>
        BadLocalAddress = 211,
    }
}
