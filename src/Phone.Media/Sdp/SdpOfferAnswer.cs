using System;
using Phone.Rtp;
using Phone.Sdes;
using Phone.Audio;
using Phone.Crypto;
using Phone.Media;

namespace Phone.Sdp
{
    /// <summary>
    /// SDP offer/answer (RFC 3264) for the one audio stream of a call, by the configured SRTP mode:
    /// <list type="bullet">
    /// <item>Mandatory: offer RTP/SAVP with a=crypto in our suite order; answer 488 unless the offer is RTP/SAVP with a usable crypto line.</item>
    /// <item>Optional: offer RTP/AVP with a=crypto (baresip's <c>mediaenc=srtp</c>); accept RTP/SAVP with crypto, RTP/AVP with crypto (SRTP), or plain RTP/AVP.</item>
    /// <item>Off: offer RTP/AVP without crypto; answer 488 to RTP/SAVP and ignore crypto in RTP/AVP offers.</item>
    /// </list>
    /// One instance per SIP dialog: it keeps the o= session id and version (RFC 3264 §8: every new SDP we
    /// send increments the version) and our outstanding offer with its keys. Codec rule: when answering we
    /// take the first format of the offer, in the offer's order, that is a codec we support and configured
    /// (RFC 3264 §6.1 lets the answerer choose; honouring the offerer's order is what RFC 3264 §5.1 asks the
    /// answerer to consider) and answer with that codec alone plus comfort noise (RFC 3389, when configured)
    /// and telephone-event under the peer's payload types. When offering, our configured order, then CN/8000
    /// and telephone-event. SDES keys go into SDP only when the signalling is protected (TLS) or [srtp]
    /// allow_unprotected_keys is set (RFC 4568 §8.3). Never throws on peer input.
    /// </summary>
    public sealed class SdpOfferAnswer
    {
        /// <summary>Profile names (RFC 3551, RFC 3711 §12).</summary>
        public const string Avp = "RTP/AVP";

        /// <summary>The SRTP profile (RFC 3711 §12).</summary>
        public const string Savp = "RTP/SAVP";

        /// <summary>The static payload type of comfort noise at 8000 Hz (RFC 3551 §6, RFC 3389 §5), which we offer it under.</summary>
        public const int ComfortNoisePayloadType = 13;

        /// <summary>The telephone-event events we require and offer: DTMF 0-9, *, #, A-D (RFC 4733 §3.2).</summary>
        public const string DtmfEvents = "0-15";

        readonly SrtpSettings _srtp;
        readonly AudioSettings _audio;
        readonly IEntropySource _entropy;
        readonly string _localAddress;
        readonly int _localPort;
        readonly string _sessionId;
        long _nextVersion;

        SdpSession _offer;
        CryptoAttribute[] _offerCrypto;

        // RFC 4568 §7.1.4: our key for this session, repeated in re-offers and re-answers (hold, resume, target
        // refresh) while the suite stays. Peers that keep their first receive context (baresip 1.0) go on
        // authenticating our packets, and our sender keeps its SRTP context instead of restarting the rollover
        // counter under the same key, which would reuse keystream (RFC 3711 §9.1). A copy: offers and agreements
        // handed out may be wiped by others.
        CryptoAttribute _sessionKey;

        /// <summary>
        /// A negotiator for one dialog. <paramref name="localAddress"/> (dotted IPv4) and <paramref name="localPort"/>
        /// are where we receive RTP; <paramref name="sessionId"/> (digits, RFC 8866 §5.2) and <paramref name="firstVersion"/>
        /// go into o=.
        /// </summary>
        public SdpOfferAnswer(SrtpSettings srtp, AudioSettings audio, IEntropySource entropy, string localAddress, int localPort, string sessionId, long firstVersion)
        {
            _srtp = srtp != null ? srtp : new SrtpSettings();
            _audio = audio != null ? audio : new AudioSettings();
            _entropy = entropy;
            _localAddress = localAddress;
            _localPort = localPort;
            _sessionId = SdpText.IsDigits(sessionId, 20) ? sessionId : "0";
            _nextVersion = firstVersion < 0 ? 0 : firstVersion;
        }

        /// <summary>The o= sess-version the next offer or answer will carry.</summary>
        public long NextVersion
        {
            get { return _nextVersion; }
        }

        /// <summary>True while an offer of ours awaits its answer.</summary>
        public bool OfferOutstanding
        {
            get { return _offer != null; }
        }

        /// <summary>
        /// Our offer (RFC 3264 §5) with <paramref name="direction"/>: sendrecv normally, sendonly or inactive to
        /// put the peer on hold (RFC 3264 §8.4). Replaces (and wipes the keys of) any outstanding offer.
        /// </summary>
        public SdpNegotiationResult CreateOffer(SdpDirection direction, bool signallingProtected)
        {
            if (!LocalIsValid())
            {
                return new SdpNegotiationResult(SdpError.BadLocalAddress);
            }

            DropOffer();
            SdpError notice = SdpError.None;
            bool wantKeys = _srtp.Mode != SrtpMode.Off;
            if (wantKeys && !KeysAllowed(signallingProtected))
            {
                if (_srtp.Mode == SrtpMode.Mandatory)
                {
                    return new SdpNegotiationResult(SdpError.KeysNeedProtectedSignalling);
                }

                // Optional mode: plain RTP rather than keys in clear text (RFC 4568 §8.3).
                wantKeys = false;
                notice = SdpError.KeysNeedProtectedSignalling;
            }

            CryptoAttribute[] crypto = new CryptoAttribute[0];
            if (wantKeys)
            {
                crypto = _entropy == null ? crypto : SdesNegotiator.CreateOffer(_srtp.Suites, _entropy);
                ReuseSessionKey(crypto);
                if (crypto.Length == 0)
                {
                    if (_srtp.Mode == SrtpMode.Mandatory)
                    {
                        return new SdpNegotiationResult(SdpError.NoUsableCrypto);
                    }

                    notice = SdpError.NoUsableCrypto;
                }
            }

            SdpMedia m = new SdpMedia("audio", _localPort, _srtp.Mode == SrtpMode.Mandatory ? Savp : Avp);
            m.Formats = OfferedFormats();
            m.Ptime = ConfiguredPtime();
            m.Direction = direction == SdpDirection.None ? SdpDirection.SendRecv : direction;
            m.CryptoLines = new string[crypto.Length];
            for (int i = 0; i < crypto.Length; i++)
            {
                m.CryptoLines[i] = crypto[i].Format();
            }

            SdpSession s = NewSession();
            s.Media = new SdpMedia[] { m };
            _offer = s;
            _offerCrypto = crypto;

            SdpNegotiationResult r = new SdpNegotiationResult(SdpError.None);
            r.Notice = notice;
            r.Text = SdpWriter.Write(s);
            r.Direction = m.Direction;
            r.Ptime = m.Ptime;
            return r;
        }

        /// <summary>
        /// Answers the peer's offer (RFC 3264 §6). <paramref name="willing"/> is the direction we want (sendrecv
        /// normally, sendonly/inactive while we hold); the answer direction follows RFC 3264 §6.1. Only the first
        /// audio stream with a non-zero port is used; every other m= line is rejected with port 0.
        /// </summary>
        public SdpNegotiationResult Answer(string offerText, SdpDirection willing, bool signallingProtected)
        {
            SdpParseResult parsed = SdpParser.Parse(offerText);
            if (!parsed.Succeeded)
            {
                return new SdpNegotiationResult(parsed.Error);
            }

            return Answer(parsed.Session, willing, signallingProtected);
        }

        /// <summary>
        /// Answers an offer given as the received body bytes (see <see cref="SdpParser.Parse(byte[], int, int)"/>:
        /// a NUL byte is SdpError.NulByte, answered 400); otherwise as <see cref="Answer(string, SdpDirection, bool)"/>.
        /// </summary>
        public SdpNegotiationResult Answer(byte[] body, int offset, int count, SdpDirection willing, bool signallingProtected)
        {
            SdpParseResult parsed = SdpParser.Parse(body, offset, count);
            if (!parsed.Succeeded)
            {
                return new SdpNegotiationResult(parsed.Error);
            }

            return Answer(parsed.Session, willing, signallingProtected);
        }

        /// <summary>Answers an already parsed offer; see <see cref="Answer(string, SdpDirection, bool)"/>.</summary>
        public SdpNegotiationResult Answer(SdpSession offer, SdpDirection willing, bool signallingProtected)
        {
            if (offer == null)
            {
                return new SdpNegotiationResult(SdpError.Empty);
            }

            if (!LocalIsValid())
            {
                return new SdpNegotiationResult(SdpError.BadLocalAddress);
            }

            int index = offer.FirstActiveAudio();
            if (index < 0)
            {
                return new SdpNegotiationResult(SdpError.NoAudioStream);
            }

            SdpMedia m = offer.Media[index];
            if (offer.IsIpv6(m))
            {
                return new SdpNegotiationResult(SdpError.Ipv6Unsupported);
            }

            bool savp = m.Protocol == Savp;
            if (!savp && m.Protocol != Avp)
            {
                return new SdpNegotiationResult(SdpError.UnsupportedTransport);
            }

            SdpFormat codec = ChooseCodec(m, null);
            if (codec == null)
            {
                return new SdpNegotiationResult(SdpError.NoCommonCodec);
            }

            SdpNegotiationResult r = new SdpNegotiationResult(SdpError.None);
            SdpError error = NegotiateSrtp(m, savp, signallingProtected, r);
            if (error != SdpError.None)
            {
                r.Error = error;
                return r;
            }

            if (r.Srtp == null)
            {
                ForgetSessionKey();
            }

            SdpFormat dtmf = FindDtmf(m);
            FillRemote(r, offer, m, codec, dtmf);
            r.Ptime = ChoosePtime(m);

            // RFC 3264 §6.1: an offered sendonly is answered recvonly, recvonly with sendonly, inactive with inactive.
            SdpDirection offered = PeerDirection(offer, m);
            r.RemoteHold = offered == SdpDirection.SendOnly || offered == SdpDirection.Inactive;
            bool weSend = Sends(willing) && Receives(offered);
            bool weReceive = Receives(willing) && Sends(offered);
            r.Direction = Compose(weSend, weReceive);

            SdpFormat cn = _audio.ComfortNoise ? FindComfortNoise(m) : null;
            r.ComfortNoisePayloadType = cn == null ? -1 : cn.PayloadType;

            // The codec, then CN and telephone-event under the offer's payload types when it has them.
            SdpMedia a = new SdpMedia("audio", _localPort, m.Protocol);
            SdpFormat[] formats = new SdpFormat[3];
            int count = 0;
            formats[count++] = Describe(codec.PayloadType, (AudioCodec)CodecOf(codec));
            if (cn != null)
            {
                formats[count++] = DescribeComfortNoise(cn.PayloadType);
            }

            if (dtmf != null)
            {
                formats[count++] = DescribeDtmf(dtmf.PayloadType);
            }

            a.Formats = new SdpFormat[count];
            System.Array.Copy(formats, 0, a.Formats, 0, count);
            a.Ptime = r.Ptime;
            a.Direction = r.Direction;
            if (r.Srtp != null)
            {
                a.CryptoLines = new string[] { r.Srtp.Local.Format() };
            }

            SdpSession s = NewSession();
            s.Media = new SdpMedia[offer.Media.Length];
            for (int i = 0; i < offer.Media.Length; i++)
            {
                if (i == index)
                {
                    s.Media[i] = a;
                }
                else
                {
                    // RFC 3264 §6: a rejected stream keeps its m= line with port 0.
                    SdpMedia rejected = new SdpMedia(offer.Media[i].Media, 0, offer.Media[i].Protocol);
                    rejected.FormatList = offer.Media[i].FormatList;
                    s.Media[i] = rejected;
                }
            }

            r.Text = SdpWriter.Write(s);
            return r;
        }

        /// <summary>Accepts the peer's answer to our outstanding offer (RFC 3264 §7) and gives the media parameters.</summary>
        public SdpNegotiationResult AcceptAnswer(string answerText)
        {
            if (_offer == null)
            {
                return new SdpNegotiationResult(SdpError.NoOfferOutstanding);
            }

            return AcceptParsed(SdpParser.Parse(answerText));
        }

        /// <summary>
        /// Accepts the peer's answer given as the received body bytes (a NUL byte is SdpError.NulByte); otherwise
        /// as <see cref="AcceptAnswer(string)"/>.
        /// </summary>
        public SdpNegotiationResult AcceptAnswer(byte[] body, int offset, int count)
        {
            if (_offer == null)
            {
                return new SdpNegotiationResult(SdpError.NoOfferOutstanding);
            }

            return AcceptParsed(SdpParser.Parse(body, offset, count));
        }

        private SdpNegotiationResult AcceptParsed(SdpParseResult parsed)
        {
            if (!parsed.Succeeded)
            {
                return new SdpNegotiationResult(parsed.Error);
            }

            SdpSession answer = parsed.Session;
            SdpMedia ours = _offer.Media[0];

            // RFC 3264 §6: the answer has the offer's m= lines in the same order; ours is the first.
            if (answer.Media.Length < 1 || answer.Media[0].Media != "audio" || answer.Media[0].Port == 0)
            {
                return new SdpNegotiationResult(SdpError.AnswerRejectedAudio);
            }

            SdpMedia m = answer.Media[0];
            if (answer.IsIpv6(m))
            {
                return new SdpNegotiationResult(SdpError.Ipv6Unsupported);
            }

            if (m.Protocol != ours.Protocol)
            {
                return new SdpNegotiationResult(SdpError.AnswerTransportMismatch);
            }

            SdpFormat codec = ChooseCodec(m, ours);
            if (codec == null)
            {
                return new SdpNegotiationResult(SdpError.NoCommonCodec);
            }

            SdpNegotiationResult r = new SdpNegotiationResult(SdpError.None);
            if (_offerCrypto.Length > 0)
            {
                if (m.CryptoLines.Length == 0)
                {
                    if (ours.Protocol == Savp)
                    {
                        r.Error = SdpError.AnswerCryptoMissing;
                        return r;
                    }

                    // Optional mode: the peer answered plain RTP/AVP (RFC 3264 §6.1 lets it ignore our crypto).
                    DropOffer();
                    ForgetSessionKey();
                }
                else
                {
                    // RFC 4568 §7.1.3: the answer carries exactly one crypto line for the stream.
                    SdesNegotiationResult sdes = SdesNegotiator.AcceptAnswer(_offerCrypto, m.CryptoLines[0]);
                    if (!sdes.Succeeded)
                    {
                        r.Error = SdpError.AnswerCryptoRejected;
                        r.SdesError = sdes.Error;
                        return r;
                    }

                    r.Srtp = sdes.Agreement;
                    RememberSessionKey(sdes.Agreement.Local);
                    for (int i = 0; i < _offerCrypto.Length; i++)
                    {
                        if (_offerCrypto[i] != sdes.Agreement.Local)
                        {
                            _offerCrypto[i].Clear();
                        }
                    }

                    _offerCrypto = new CryptoAttribute[0];
                }
            }

            FillRemote(r, answer, m, codec, FindDtmf(m));
            SdpFormat cn = FindComfortNoise(m);
            if (cn != null && ours.FindFormat(cn.PayloadType) != null)
            {
                // RFC 3389 §5: CN only where both sides listed it (we offer it only when configured).
                r.ComfortNoisePayloadType = cn.PayloadType;
            }

            r.Ptime = IsSupportedPtime(m.Ptime) ? m.Ptime : ours.Ptime;

            // RFC 3264 §6.1: the answer's direction is from the answerer's side; we send only if it receives.
            SdpDirection answered = PeerDirection(answer, m);
            r.RemoteHold = answered == SdpDirection.SendOnly || answered == SdpDirection.Inactive;
            r.Direction = Compose(Sends(ours.Direction) && Receives(answered), Receives(ours.Direction) && Sends(answered));
            _offer = null;
            _offerCrypto = null;
            return r;
        }

        /// <summary>Forgets the outstanding offer and wipes its keys (e.g. the INVITE failed).</summary>
        public void DropOffer()
        {
            if (_offerCrypto != null)
            {
                for (int i = 0; i < _offerCrypto.Length; i++)
                {
                    _offerCrypto[i].Clear();
                }
            }

            _offer = null;
            _offerCrypto = null;
        }

        // The SRTP decision for an offer we answer; sets r.Srtp / r.Notice / r.SdesError. Returns the error, if any.
        SdpError NegotiateSrtp(SdpMedia m, bool savp, bool signallingProtected, SdpNegotiationResult r)
        {
            bool hasCrypto = m.CryptoLines.Length > 0;
            if (_srtp.Mode == SrtpMode.Off)
            {
                // Off: SRTP profile refused; crypto lines in an RTP/AVP offer are ignored.
                return savp ? SdpError.SrtpDisabled : SdpError.None;
            }

            if (_srtp.Mode == SrtpMode.Mandatory && (!savp || !hasCrypto))
            {
                return SdpError.SrtpRequired;
            }

            if (!hasCrypto)
            {
                // Optional: RTP/SAVP needs keys (SDES is our only keying); plain RTP/AVP is accepted.
                return savp ? SdpError.NoUsableCrypto : SdpError.None;
            }

            if (!KeysAllowed(signallingProtected))
            {
                if (savp || _srtp.Mode == SrtpMode.Mandatory)
                {
                    return SdpError.KeysNeedProtectedSignalling;
                }

                r.Notice = SdpError.KeysNeedProtectedSignalling;
                return SdpError.None;
            }

            if (_entropy == null)
            {
                return SdpError.NoUsableCrypto;
            }

            SdesNegotiationResult sdes = SdesNegotiator.Answer(m.CryptoLines, _srtp.Suites, _srtp.AllowUnencrypted, _entropy);
            if (!sdes.Succeeded)
            {
                r.SdesError = sdes.Error;
                if (savp)
                {
                    return SdpError.NoUsableCrypto;
                }

                // Optional mode, RTP/AVP with crypto we cannot use: answer plain RTP/AVP.
                r.Notice = SdpError.NoUsableCrypto;
                return SdpError.None;
            }

            r.Srtp = KeepSessionKey(sdes.Agreement);
            return SdpError.None;
        }

        // A re-offer carries the session's key under the line of its suite (the line keeps the offer's tag).
        void ReuseSessionKey(CryptoAttribute[] offer)
        {
            if (_sessionKey == null)
            {
                return;
            }

            for (int i = 0; i < offer.Length; i++)
            {
                if (offer[i].Suite == _sessionKey.Suite)
                {
                    CryptoAttribute kept = CopyOf(_sessionKey, offer[i].Tag);
                    offer[i].Clear();
                    offer[i] = kept;
                    return;
                }
            }
        }

        // Our answer keeps the session's key when the peer's chosen line has its suite and session parameters
        // (RFC 4568 §6.3.2 UNENCRYPTED_SRTP/SRTCP mirror the offer); otherwise the fresh key becomes the session's.
        SdesAgreement KeepSessionKey(SdesAgreement fresh)
        {
            CryptoAttribute local = fresh.Local;
            if (_sessionKey != null && _sessionKey.Suite == local.Suite && _sessionKey.UnencryptedSrtp == local.UnencryptedSrtp &&
                _sessionKey.UnencryptedSrtcp == local.UnencryptedSrtcp)
            {
                CryptoAttribute kept = CopyOf(_sessionKey, local.Tag);
                local.Clear();
                fresh = new SdesAgreement(kept, fresh.Remote);
            }

            RememberSessionKey(fresh.Local);
            return fresh;
        }

        void RememberSessionKey(CryptoAttribute local)
        {
            ForgetSessionKey();
            _sessionKey = CopyOf(local, local.Tag);
        }

        void ForgetSessionKey()
        {
            if (_sessionKey != null)
            {
                _sessionKey.Clear();
                _sessionKey = null;
            }
        }

        static CryptoAttribute CopyOf(CryptoAttribute a, int tag)
        {
            SdesKey[] keys = new SdesKey[a.Keys.Length];
            for (int i = 0; i < keys.Length; i++)
            {
                SdesKey k = a.Keys[i];
                keys[i] = new SdesKey(CopyOf(k.MasterKey), CopyOf(k.MasterSalt), k.Lifetime, k.MkiValue, k.MkiLength);
            }

            CryptoAttribute c = new CryptoAttribute(tag, a.Suite, keys);
            c.Kdr = a.Kdr;
            c.UnencryptedSrtp = a.UnencryptedSrtp;
            c.UnencryptedSrtcp = a.UnencryptedSrtcp;
            c.UnauthenticatedSrtp = a.UnauthenticatedSrtp;
            c.FecOrder = a.FecOrder;
            c.WindowSizeHint = a.WindowSizeHint;
            return c;
        }

        static byte[] CopyOf(byte[] bytes)
        {
            byte[] copy = new byte[bytes.Length];
            Array.Copy(bytes, 0, copy, 0, bytes.Length);
            return copy;
        }

        bool KeysAllowed(bool signallingProtected)
        {
            return signallingProtected || _srtp.AllowUnprotectedKeys;
        }

        bool LocalIsValid()
        {
            return SdpText.IsIpv4(_localAddress) && _localPort > 0 && _localPort <= 65535;
        }

        SdpSession NewSession()
        {
            SdpSession s = new SdpSession();
            s.SessionId = _sessionId;

            // RFC 3264 §8: each new SDP of the session carries the previous version plus one.
            s.SessionVersion = _nextVersion;
            _nextVersion++;
            s.OriginAddress = _localAddress;
            s.ConnectionAddress = _localAddress;
            return s;
        }

        SdpFormat[] OfferedFormats()
        {
            AudioCodec[] codecs = _audio.Codecs == null ? new AudioCodec[0] : _audio.Codecs;
            bool pcmu = false;
            bool pcma = false;
            int count = 0;
            SdpFormat[] list = new SdpFormat[4];
            for (int i = 0; i < codecs.Length; i++)
            {
                if (codecs[i] == AudioCodec.Pcmu && !pcmu)
                {
                    pcmu = true;
                    list[count++] = Describe(0, AudioCodec.Pcmu);
                }
                else if (codecs[i] == AudioCodec.Pcma && !pcma)
                {
                    pcma = true;
                    list[count++] = Describe(8, AudioCodec.Pcma);
                }
            }

            if (_audio.ComfortNoise)
            {
                list[count++] = DescribeComfortNoise(ComfortNoisePayloadType);
            }

            list[count++] = DescribeDtmf(DtmfSender.DefaultPayloadType);
            SdpFormat[] result = new SdpFormat[count];
            System.Array.Copy(list, 0, result, 0, count);
            return result;
        }

        static SdpFormat Describe(int pt, AudioCodec codec)
        {
            SdpFormat f = new SdpFormat(pt);
            f.EncodingName = codec == AudioCodec.Pcmu ? "PCMU" : "PCMA";
            f.ClockRate = 8000;
            return f;
        }

        static SdpFormat DescribeComfortNoise(int pt)
        {
            SdpFormat f = new SdpFormat(pt);
            f.EncodingName = "CN";
            f.ClockRate = 8000;
            return f;
        }

        static SdpFormat DescribeDtmf(int pt)
        {
            SdpFormat f = new SdpFormat(pt);
            f.EncodingName = "telephone-event";
            f.ClockRate = 8000;
            f.Parameters = DtmfEvents;
            return f;
        }

        // The first format of m, in m's order, that is a codec we support and configured; when answering
        // our own offer (ours != null) it must also be one we offered under the same payload type.
        SdpFormat ChooseCodec(SdpMedia m, SdpMedia ours)
        {
            for (int i = 0; i < m.Formats.Length; i++)
            {
                SdpFormat f = m.Formats[i];
                int codec = CodecOf(f);
                if (codec < 0 || !Configured((AudioCodec)codec))
                {
                    continue;
                }

                if (ours != null && ours.FindFormat(f.PayloadType) == null)
                {
                    continue;
                }

                return f;
            }

            return null;
        }

        bool Configured(AudioCodec codec)
        {
            AudioCodec[] codecs = _audio.Codecs;
            int length = codecs == null ? 0 : codecs.Length;
            for (int i = 0; i < length; i++)
            {
                if (codecs[i] == codec)
                {
                    return true;
                }
            }

            return false;
        }

        // PCMU/PCMA by rtpmap (8000 Hz, mono), or by the static types 0 and 8 without rtpmap (RFC 3551 §6). -1 otherwise.
        static int CodecOf(SdpFormat f)
        {
            if (f.EncodingName == null)
            {
                return f.PayloadType == 0 ? (int)AudioCodec.Pcmu : f.PayloadType == 8 ? (int)AudioCodec.Pcma : -1;
            }

            if (f.ClockRate != 8000 || f.Channels > 1)
            {
                return -1;
            }

            if (SdpText.EqualsIgnoreCase(f.EncodingName, "PCMU"))
            {
                return (int)AudioCodec.Pcmu;
            }

            return SdpText.EqualsIgnoreCase(f.EncodingName, "PCMA") ? (int)AudioCodec.Pcma : -1;
        }

        // telephone-event/8000 whose events cover 0-15 (RFC 4733 §2.4.1: no fmtp means 0-15).
        static SdpFormat FindDtmf(SdpMedia m)
        {
            for (int i = 0; i < m.Formats.Length; i++)
            {
                SdpFormat f = m.Formats[i];
                if (f.EncodingName != null && SdpText.EqualsIgnoreCase(f.EncodingName, "telephone-event") && f.ClockRate == 8000
                    && (f.Parameters == null || CoversDtmf(f.Parameters)))
                {
                    return f;
                }
            }

            return null;
        }

        // CN/8000 (RFC 3389 §5), by rtpmap or by the static type 13 without rtpmap (RFC 3551 §6). Null when absent.
        static SdpFormat FindComfortNoise(SdpMedia m)
        {
            for (int i = 0; i < m.Formats.Length; i++)
            {
                SdpFormat f = m.Formats[i];
                bool cn = f.EncodingName == null
                    ? f.PayloadType == ComfortNoisePayloadType
                    : SdpText.EqualsIgnoreCase(f.EncodingName, "CN") && f.ClockRate == 8000 && f.Channels <= 1;
                if (cn)
                {
                    return f;
                }
            }

            return null;
        }

        // True if the event list (RFC 4733 §2.4.1: comma-separated values and ranges) includes every event 0..15.
        static bool CoversDtmf(string events)
        {
            int covered = 0;
            int start = 0;
            for (int i = 0; i <= events.Length; i++)
            {
                if (i < events.Length && events[i] != ',')
                {
                    continue;
                }

                int dash = events.IndexOf('-', start);
                long lo;
                long hi;
                if (dash >= 0 && dash < i)
                {
                    lo = SdpText.Digits(events, start, dash, 3);
                    hi = SdpText.Digits(events, dash + 1, i, 3);
                }
                else
                {
                    lo = SdpText.Digits(events, start, i, 3);
                    hi = lo;
                }

                if (lo < 0 || hi < lo)
                {
                    return false;
                }

                for (long e = lo; e <= hi && e < 16; e++)
                {
                    covered |= 1 << (int)e;
                }

                start = i + 1;
            }

            return covered == 0xFFFF;
        }

        static void FillRemote(SdpNegotiationResult r, SdpSession session, SdpMedia m, SdpFormat codec, SdpFormat dtmf)
        {
            r.RemoteAddress = session.AddressOf(m);
            r.RemotePort = m.Port;

            // RFC 3605 §2.1: a=rtcp names the RTCP port; without it, the RTP port + 1 (RFC 3550 §11).
            r.RemoteRtcpPort = m.RtcpPort > 0 ? m.RtcpPort : m.Port + 1;
            r.PayloadType = codec.PayloadType;
            r.Codec = (AudioCodec)CodecOf(codec);
            r.DtmfPayloadType = dtmf == null ? -1 : dtmf.PayloadType;
        }

        // The peer's ptime when we can send it, else ours bounded by its maxptime (RFC 8866 §6.4, §6.5).
        int ChoosePtime(SdpMedia m)
        {
            if (IsSupportedPtime(m.Ptime))
            {
                return m.Ptime;
            }

            int ptime = ConfiguredPtime();
            if (m.MaxPtime > 0 && ptime > m.MaxPtime)
            {
                ptime = m.MaxPtime / 10 * 10;
                if (ptime < 10)
                {
                    ptime = 10;
                }
            }

            return ptime;
        }

        int ConfiguredPtime()
        {
            return IsSupportedPtime(_audio.Ptime) ? _audio.Ptime : 20;
        }

        /// <summary>True for 10..60 ms in steps of 10, the packet sizes the media path sends.</summary>
        public static bool IsSupportedPtime(int ms)
        {
            return ms >= 10 && ms <= 60 && ms % 10 == 0;
        }

        // The peer's direction; c=0.0.0.0 is the RFC 2543 hold (RFC 3264 §8.4): the peer receives nothing.
        static SdpDirection PeerDirection(SdpSession session, SdpMedia m)
        {
            SdpDirection d = session.DirectionOf(m);
            if (session.AddressOf(m) == "0.0.0.0")
            {
                if (d == SdpDirection.SendRecv)
                {
                    return SdpDirection.SendOnly;
                }

                if (d == SdpDirection.RecvOnly)
                {
                    return SdpDirection.Inactive;
                }
            }

            return d;
        }

        static bool Sends(SdpDirection d)
        {
            return d == SdpDirection.SendRecv || d == SdpDirection.SendOnly || d == SdpDirection.None;
        }

        static bool Receives(SdpDirection d)
        {
            return d == SdpDirection.SendRecv || d == SdpDirection.RecvOnly || d == SdpDirection.None;
        }

        static SdpDirection Compose(bool send, bool receive)
        {
            if (send && receive)
            {
                return SdpDirection.SendRecv;
            }

            if (send)
            {
                return SdpDirection.SendOnly;
            }

            return receive ? SdpDirection.RecvOnly : SdpDirection.Inactive;
        }
    }
}
