using Phone.Sdes;
using Phone.Sdp;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Phone.Crypto;
using Phone.Media;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The phone's INVITE user agent (RFC 3261 §12–15) over SipTransactionLayer, sans-I/O: places calls from
    /// the phone's commands Place, Answer, Reject, HangUp and Hold (INVITE with an SDP offer, digest for 401/407, CANCEL only after a provisional, §9.1), answers
    /// incoming INVITEs (100, 180, 200 with the SDP answer or an offer whose answer comes in the ACK, 486/603, 487
    /// after CANCEL), builds the ACK for 2xx (§13.2.2.4), retransmits its own 2xx until the ACK (§13.3.1.4), ends
    /// calls with BYE either way (§15), holds and resumes with re-INVITE (RFC 3264 §8.4), retries after 491 with
    /// the §14.1 delay, keeps the dialog state of §12 (route set from Record-Route, remote target refresh, CSeq
    /// rules) and answers requests for unknown dialogs with 481. Reports to the phone through ISipCallListener.
    /// No clock is read: pass nowMs and call AdvanceTo at NextDeadlineMs. Bad input never throws.
    /// </summary>
    public sealed class SipCallAgent
    {
        private const long Off = long.MaxValue;

        /// <summary>The methods we implement (RFC 3261 §20.5), sent in Allow.</summary>
        public const string AllowValue = "INVITE, ACK, CANCEL, BYE, OPTIONS";

        private readonly SipTransactionLayer _layer;
        private readonly SipSettings _sip;
        private readonly SrtpSettings _srtp;
        private readonly AudioSettings _audio;
        private readonly IEntropySource _entropy;
        private readonly string _mediaAddress;
        private readonly int _firstRtpPort;
        private readonly SipCall[] _calls;
        private readonly SipMessageWriter _writer = new SipMessageWriter();
        private readonly byte[] _buffer = new byte[SipLimits.MaxMessageSize];
        private readonly SipMessage _stored = new SipMessage();
        private readonly SipNameAddr _addr = new SipNameAddr();
        private readonly SipContact _contact = new SipContact();
        private readonly SipCSeq _cseq = new SipCSeq();
        private readonly SipMediaType _mediaType = new SipMediaType();
        private readonly SipNextHop _hop = new SipNextHop();
        private readonly string[] _challenges = new string[8];
        private int _nextIncomingId = 1;
        private DigestRealmPolicy _realms;

        /// <param name="layer">the transaction layer (its LocalHost/LocalPort fill Via; the transport's public address, when learned, fills Contact).</param>
        /// <param name="sip">the account, transport and proxy (nf.config [sip]); null: defaults.</param>
        /// <param name="srtp">the SRTP policy for SDP (nf.config [srtp]); null: defaults.</param>
        /// <param name="audio">codecs and packet time for SDP (nf.config [audio]); null: defaults.</param>
        /// <param name="entropy">random bytes for Call-IDs, tags, SDES keys, cnonces and the §14.1 delays.</param>
        /// <param name="localMediaAddress">our IPv4 address for c= in SDP.</param>
        /// <param name="firstRtpPort">even port; call slot i receives RTP on firstRtpPort + 2i and RTCP one above.</param>
        /// <param name="maxCalls">call slots; an INVITE beyond them gets 486 Busy Here.</param>
        public SipCallAgent(SipTransactionLayer layer, SipSettings sip, SrtpSettings srtp, AudioSettings audio, IEntropySource entropy, string localMediaAddress,
            int firstRtpPort, int maxCalls)
        {
            _layer = layer;
            _sip = sip == null ? new SipSettings() : sip;
            _srtp = srtp == null ? new SrtpSettings() : srtp;
            _audio = audio == null ? new AudioSettings() : audio;
            _entropy = entropy;
            _mediaAddress = localMediaAddress;
            _firstRtpPort = firstRtpPort;
            if (maxCalls < 1)
            {
                maxCalls = 1;
            }

            _calls = new SipCall[maxCalls];
            for (int i = 0; i < maxCalls; i++)
            {
                _calls[i] = new SipCall(i);
            }

            ConnectionIdHint = -1;
            _realms = DigestRealmPolicy.FromSettings(_sip);
        }

        /// <summary>
        /// The realms our password may answer and the downgrade / qop rules. Set it to SipRegistration.Realms so
        /// the realm the registrar challenged REGISTER with is the one calls answer; by default only sip.realm
        /// (when configured) is trusted. Null restores that default.
        /// </summary>
        public DigestRealmPolicy Realms
        {
            get { return _realms; }
            set { _realms = value == null ? DigestRealmPolicy.FromSettings(_sip) : value; }
        }

        /// <summary>
        /// Challenges not answered because they were foreign: a realm we are not registered with, MD5 after SHA-256,
        /// no qop without sip.digest_legacy, or a request that did not go through our proxy / registrar (digest leak).
        /// </summary>
        public int ForeignChallenges { get; private set; }

        /// <summary>Why the last foreign challenge was refused (no secrets); null before the first.</summary>
        public string LastForeignChallenge { get; private set; }

        /// <summary>Receives call events and media changes; may be null.</summary>
        public ISipCallListener Listener { get; set; }

        /// <summary>
        /// True when the configured signalling transport is TLS, so SDES keys may go into SDP (RFC 4568 §8.3);
        /// each call uses the transport its own signalling actually runs on (SipCall.SignallingProtected).
        /// </summary>
        public bool SignallingProtected
        {
            get { return _sip.Transport == SipTransportKind.Tls; }
        }

        /// <summary>
        /// The registration flow (SipRegistration.ConnectionId) to reuse for requests to the proxy/registrar, so the
        /// proxy sees one flow (RFC 5626 §5, RFC 5923); -1 or 0 for none.
        /// </summary>
        public int ConnectionIdHint { get; set; }

        public int MaxCalls
        {
            get { return _calls.Length; }
        }

        /// <summary>Calls in any state but Idle.</summary>
        public int ActiveCalls
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _calls.Length; i++)
                {
                    if (_calls[i].State != SipCallState.Idle) n++;
                }

                return n;
            }
        }

        /// <summary>Requests answered 481 because they matched no dialog or transaction (§12.2.2, §9.2).</summary>
        public int UnknownDialogs { get; private set; }

        /// <summary>In-dialog requests refused with 500 for a CSeq lower than the remote sequence number (§12.2.2).</summary>
        public int OutOfOrder { get; private set; }

        /// <summary>INVITEs refused with 486 because every call slot was busy.</summary>
        public int BusyRejects { get; private set; }

        /// <summary>Messages we could not build or hand to the layer.</summary>
        public int SendFailures { get; private set; }

        /// <summary>The call slot i (introspection for displays and tests).</summary>
        public SipCall CallAt(int slot)
        {
            return slot >= 0 && slot < _calls.Length ? _calls[slot] : null;
        }

        /// <summary>The live call with the phone's id, or null.</summary>
        public SipCall FindCall(int callId)
        {
            for (int i = 0; i < _calls.Length; i++)
            {
                if (_calls[i].State != SipCallState.Idle && _calls[i].CallId == callId)
                {
                    return _calls[i];
                }
            }

            return null;
        }

        /// <summary>Our RTP port for the call (firstRtpPort + 2·slot); -1 when the call is unknown.</summary>
        public int LocalRtpPort(int callId)
        {
            SipCall c = FindCall(callId);
            return c == null ? -1 : _firstRtpPort + 2 * c.Slot;
        }

        /// <summary>The earliest 2xx retransmission, ACK wait, §14.1 retry or CANCEL give-up; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long d = Off;
                for (int i = 0; i < _calls.Length; i++)
                {
                    if (_calls[i].State != SipCallState.Idle && _calls[i].NextDeadlineMs < d)
                    {
                        d = _calls[i].NextDeadlineMs;
                    }
                }

                return d;
            }
        }

        // ================================================================ commands

        /// <summary>Answers the ringing incoming call callId (200 with the SDP answer); unknown ids are ignored.</summary>
        public void Answer(int callId, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) Answer(c, nowMs);
        }

        /// <summary>Rejects the incoming call callId with 486 Busy Here or 603 Decline (any other status: 603).</summary>
        public void Reject(int callId, int status, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) Reject(c, status == 486 || status == 603 ? status : 603, nowMs);
        }

        /// <summary>Ends call callId: CANCEL or BYE as its state requires, or a final response while it rings.</summary>
        public void HangUp(int callId, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) HangUp(c, nowMs);
        }

        /// <summary>Holds (on) or resumes call callId by re-INVITE (RFC 3264 §8.4).</summary>
        public void Hold(int callId, bool on, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) Hold(c, on, nowMs);
        }

        /// <summary>Places a call to uri under the phone's id callId (an id already in use is ignored).</summary>
        public void Place(int callId, string uri, long nowMs)
        {
            if (FindCall(callId) != null)
            {
                return;
            }

            SipCall c = FreeSlot();
            if (c == null)
            {
                Report(SipCallEvent.CallFailed(callId, 0, "no free call slot"), nowMs);
                return;
            }

            string target = Unbracket(uri);
            if (!_hop.Resolve(target, _sip.Transport))
            {
                Report(SipCallEvent.CallFailed(callId, 0, "bad address"), nowMs);
                return;
            }

            c.CallId = callId;
            c.IsOutgoing = true;
            c.State = SipCallState.Calling;
            c.RequestUri = target;
            c.RemoteUri = target;
            c.RemoteTarget = target;
            c.Secure = _hop.IsSips;
            c.SipCallIdValue = SipRandom.Hex(_entropy, 12) + "@" + ContactHost();
            c.LocalTag = _layer.NewTag();
            c.LocalParty = LocalIdentity() + ";tag=" + c.LocalTag;
            c.RemoteParty = "<" + target + ">";
            c.LocalCSeq = 0;
            ChooseFirstHop(c);
            c.Auth = NewAuthenticator();
            c.Negotiator = NewNegotiator(c);

            // RFC 3264 §5: the offer goes in the INVITE; keys only over protected signalling (RFC 4568 §8.3).
            SdpNegotiationResult offer = c.Negotiator.CreateOffer(SdpDirection.SendRecv, c.SignallingProtected);
            if (!offer.Succeeded)
            {
                Fail(c, 0, "SDP: " + offer.ToString(), nowMs);
                return;
            }

            c.OfferBody = offer.Text;
            SendInvite(c, false, nowMs);
        }

        /// <summary>
        /// Out-of-dialog first hop (RFC 3261 §8.1.2): the outbound proxy (named in a loose Route), else the registrar,
        /// over the configured transport and on the registration flow when one is given; with neither, the
        /// Request-URI itself (RFC 3263 §4 without DNS).
        /// </summary>
        private void ChooseFirstHop(SipCall c)
        {
            bool proxy = _sip.OutboundProxy != null && _sip.OutboundProxy.Length > 0;
            string hop = proxy ? _sip.OutboundProxy : _sip.Registrar;
            if (hop == null || hop.Length == 0 || !_hop.Resolve(hop.IndexOf(':') >= 0 && (hop.StartsWith("sip:") || hop.StartsWith("sips:")) ? hop : "sip:" + hop, _sip.Transport))
            {
                _hop.Resolve(c.RequestUri, _sip.Transport);
                c.Transport = _hop.Transport;
                c.HopHost = _hop.Host;
                c.HopPort = _hop.Port;
                c.HopServerName = _hop.ServerName;
                return;
            }

            c.Transport = _sip.Transport;
            c.ViaOurProxy = true;
            c.HopHost = _hop.Host;
            c.HopServerName = _hop.ServerName;
            c.HopPort = _hop.PortGiven ? _hop.Port : (_sip.Port > 0 ? _sip.Port : (c.Transport == SipTransportKind.Tls ? 5061 : 5060));
            if (proxy)
            {
                c.PreloadedRoute = "<sip:" + c.HopHost + ":" + c.HopPort.ToString() + TransportParam(c.Transport) + ";lr>";
            }

            SipConnection flow = ConnectionIdHint > 0 && _layer.Transport != null ? _layer.Transport.Find(ConnectionIdHint) : null;
            if (flow != null && flow.State != SipConnectionState.Free && flow.Transport == c.Transport)
            {
                // RFC 5626 §5.2 / RFC 5923: requests to the proxy reuse the registration flow (same connection key).
                c.HopHost = flow.Host;
                c.HopPort = flow.Port;
                c.HopServerName = flow.ServerName;
            }
        }

        private void Answer(SipCall c, long nowMs)
        {
            if (c.State != SipCallState.Ringing || !ServerTxLive(c) || !LoadStoredRequest(c))
            {
                return;
            }

            SdpNegotiationResult media = c.PendingAnswer;
            string body;
            if (media != null)
            {
                body = media.Text;
            }
            else
            {
                // RFC 3261 §13.2.1 / RFC 3264 §5: INVITE without SDP: our offer goes in the 2xx, the answer in the ACK.
                SdpNegotiationResult offer = c.Negotiator.CreateOffer(SdpDirection.SendRecv, c.SignallingProtected);
                if (!offer.Succeeded)
                {
                    Respond(c.ServerTx, _stored, 488, "Not Acceptable Here", c.LocalTag, false, null, "Warning", WarningValue(offer), nowMs);
                    Fail(c, 488, "SDP: " + offer.ToString(), nowMs);
                    return;
                }

                body = offer.Text;
                c.AnswerInAck = true;
            }

            if (!SendOk(c, body, nowMs))
            {
                Fail(c, 500, "cannot send 200", nowMs);
                return;
            }

            c.State = SipCallState.Answered;
            c.PendingAnswer = null;
            if (media != null)
            {
                // The UAS may send media once the 2xx carrying its answer is sent (RFC 3264 §6).
                StartMedia(c, media, nowMs);
            }
        }

        private void Reject(SipCall c, int status, long nowMs)
        {
            if (c.State != SipCallState.Ringing)
            {
                HangUp(c, nowMs);
                return;
            }

            c.UserEnded = true;
            if (ServerTxLive(c) && LoadStoredRequest(c))
            {
                Respond(c.ServerTx, _stored, status, status == 486 ? "Busy Here" : "Decline", c.LocalTag, false, null, null, null, nowMs);
            }

            Free(c, nowMs);
        }

        private void HangUp(SipCall c, long nowMs)
        {
            c.UserEnded = true;
            StopMedia(c, nowMs);
            switch (c.State)
            {
                case SipCallState.Calling:
                    // RFC 3261 §9.1: no CANCEL before a provisional response; it goes out with the first one.
                    c.CancelPending = true;
                    c.CancelGiveUpAt = nowMs + _layer.Timers.SixtyFourT1;
                    break;
                case SipCallState.Proceeding:
                    SendCancel(c, nowMs);
                    break;
                case SipCallState.Ringing:
                    Reject(c, 603, nowMs);
                    break;
                case SipCallState.Answered:
                    // RFC 3261 §15: the callee sends BYE only once the ACK came (or the 2xx timed out).
                    c.HangupPending = true;
                    break;
                case SipCallState.Confirmed:
                    SendBye(c, nowMs);
                    break;
            }
        }

        private void Hold(SipCall c, bool on, long nowMs)
        {
            c.WantHold = on;
            if (c.State == SipCallState.Confirmed && c.WantHold != c.LocalHold && !InviteBusy(c) && c.ReinviteAt == Off)
            {
                SendReinvite(c, nowMs);
            }
        }

        /// <summary>An INVITE transaction of the dialog is in progress either way, or our 2xx awaits its ACK (§14.1, §14.2).</summary>
        private bool InviteBusy(SipCall c)
        {
            return ClientTxLive(c) || c.Ok2xx != null || (ServerTxLive(c) && c.ServerTx.State == SipTransactionState.Proceeding);
        }

        private void SendReinvite(SipCall c, long nowMs)
        {
            c.ReinviteAt = Off;
            if (c.State != SipCallState.Confirmed || InviteBusy(c))
            {
                return;
            }

            // RFC 3264 §8.4: hold is sendonly, or inactive when the peer already holds us (we were recvonly).
            SdpDirection dir;
            if (c.WantHold)
            {
                dir = c.RemoteHold ? SdpDirection.Inactive : SdpDirection.SendOnly;
            }
            else
            {
                dir = c.RemoteHold ? SdpDirection.RecvOnly : SdpDirection.SendRecv;
            }

            SdpNegotiationResult offer = c.Negotiator.CreateOffer(dir, c.SignallingProtected);
            if (!offer.Succeeded)
            {
                return;
            }

            c.OfferBody = offer.Text;
            c.ReinviteHold = c.WantHold;
            SendInvite(c, true, nowMs);
        }

        // ================================================================ clock

        /// <summary>Fires the calls' timers due at or before nowMs.</summary>
        public void AdvanceTo(long nowMs)
        {
            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall c = _calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.OkRetransmitAt <= nowMs)
                {
                    // RFC 3261 §13.3.1.4: the 2xx is resent at T1, 2·T1 … capped at T2 until the ACK comes.
                    if (c.Ok2xx != null && ServerTxLive(c))
                    {
                        _layer.SendResponse(c.ServerTx, c.Ok2xx, 0, c.Ok2xx.Length, nowMs);
                        c.OkInterval = c.OkInterval * 2 > _layer.Timers.T2 ? _layer.Timers.T2 : c.OkInterval * 2;
                        c.OkRetransmitAt = nowMs + c.OkInterval;
                    }
                    else
                    {
                        c.OkRetransmitAt = Off;
                    }
                }

                if (c.AckDeadline <= nowMs)
                {
                    // §13.3.1.4: no ACK within 64·T1: the dialog is confirmed but the session is ended with BYE.
                    c.AckDeadline = Off;
                    c.OkRetransmitAt = Off;
                    c.Ok2xx = null;
                    c.AnswerInAck = false;
                    bool quiet = c.UserEnded;
                    if (c.State == SipCallState.Answered)
                    {
                        c.State = SipCallState.Confirmed;
                    }

                    if (!quiet)
                    {
                        Report(SipCallEvent.CallFailed(c.CallId, 408, "no ACK"), nowMs);
                    }

                    c.UserEnded = true;
                    SendBye(c, nowMs);
                    continue;
                }

                if (c.CancelGiveUpAt <= nowMs)
                {
                    // RFC 3261 §9.1: no final response 64·T1 after the CANCEL: the INVITE transaction is given up.
                    Free(c, nowMs);
                    continue;
                }

                if (c.ReinviteAt <= nowMs)
                {
                    SendReinvite(c, nowMs);
                }
            }
        }

        // ================================================================ from the transaction user

        /// <summary>A request for the phone (after SipRequestPolicy). True when handled (always, for the methods we own).</summary>
        public bool OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            if (request == null || !request.IsRequest)
            {
                return false;
            }

            if (request.IsMethod("ACK"))
            {
                OnAck(request, nowMs);
                return true;
            }

            if (tx == null)
            {
                return false;
            }

            if (request.IsMethod("CANCEL"))
            {
                OnCancel(tx, request, nowMs);
                return true;
            }

            string toTag = request.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
            if (toTag == null)
            {
                if (request.IsMethod("INVITE"))
                {
                    OnInitialInvite(tx, request, source, nowMs);
                }
                else if (request.IsMethod("OPTIONS"))
                {
                    Respond(tx, request, 200, "OK", _layer.NewTag(), false, null, "Allow", AllowValue, nowMs);
                }
                else
                {
                    // RFC 3261 §8.2.2.1 / §12.2.2: nothing this request could belong to.
                    UnknownDialogs++;
                    Respond(tx, request, 481, "Call/Transaction Does Not Exist", _layer.NewTag(), false, null, null, null, nowMs);
                }

                return true;
            }

            string fromTag = request.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
            SipCall c = FindDialog(request.CallId, toTag, fromTag);
            if (c == null)
            {
                // §12.2.2: a request with a To tag that matches no dialog gets 481.
                UnknownDialogs++;
                Respond(tx, request, 481, "Call/Transaction Does Not Exist", null, false, null, null, null, nowMs);
                return true;
            }

            OnInDialogRequest(c, tx, request, source, nowMs);
            return true;
        }

        /// <summary>A response to one of our INVITE, re-INVITE, CANCEL or BYE transactions; true when it was ours.</summary>
        public bool OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (tx == null || response == null)
            {
                return false;
            }

            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall c = _calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.IsMine(tx, c.InviteTx, c.InviteGen))
                {
                    OnInviteResponse(c, response, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.ByeTx, c.ByeGen))
                {
                    OnByeResponse(c, response, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.CancelTx, c.CancelGen))
                {
                    // RFC 3261 §9.1: the 200 to CANCEL says nothing about the INVITE; its 487 (or 2xx) ends it.
                    return true;
                }
            }

            return false;
        }

        /// <summary>Timer B/F/H fired for one of our transactions (RFC 3261 §8.1.3.1: as 408). True when it was ours.</summary>
        public bool OnTimeout(SipTransaction tx, long nowMs)
        {
            return OnTransactionFailed(tx, 408, "Request Timeout", nowMs);
        }

        /// <summary>The transport failed for one of our transactions (§8.1.3.1: as 503). True when it was ours.</summary>
        public bool OnTransportError(SipTransaction tx, long nowMs)
        {
            return OnTransactionFailed(tx, 503, "transport error", nowMs);
        }

        private bool OnTransactionFailed(SipTransaction tx, int status, string reason, long nowMs)
        {
            if (tx == null)
            {
                return false;
            }

            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall c = _calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.IsMine(tx, c.InviteTx, c.InviteGen))
                {
                    c.InviteTx = null;
                    if (c.InviteIsReinvite)
                    {
                        // RFC 3261 §14.1 / §12.2.1.2: a timed-out re-INVITE ends the dialog.
                        c.Negotiator.DropOffer();
                        if (!c.UserEnded)
                        {
                            Report(SipCallEvent.CallFailed(c.CallId, status, reason), nowMs);
                        }

                        c.UserEnded = true;
                        SendBye(c, nowMs);
                    }
                    else
                    {
                        Fail(c, status, reason, nowMs);
                    }

                    return true;
                }

                if (c.IsMine(tx, c.ByeTx, c.ByeGen))
                {
                    Report(SipCallEvent.HangupFailed(c.CallId, status, reason), nowMs);
                    Free(c, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.CancelTx, c.CancelGen))
                {
                    return true;
                }

                if (c.IsMine(tx, c.ServerTx, c.ServerGen))
                {
                    // Timer H (no ACK for our error response) or a lost connection while answering.
                    c.ServerTx = null;
                    if (c.State == SipCallState.Ringing)
                    {
                        Fail(c, status, reason, nowMs);
                    }

                    return true;
                }
            }

            return false;
        }

        // ================================================================ client side

        private void SendInvite(SipCall c, bool reinvite, long nowMs)
        {
            c.LocalCSeq++;
            string branch = _layer.NewBranch();
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            string ruri;
            string[] routes;
            if (reinvite)
            {
                InDialogTarget(c, out ruri, out routes);
                DialogDestination(c, ruri, out transport, out host, out port, out serverName);
            }
            else
            {
                ruri = c.RequestUri;
                routes = c.PreloadedRoute == null ? new string[0] : new string[] { c.PreloadedRoute };
                transport = c.Transport;
                host = c.HopHost;
                port = c.HopPort;
                serverName = c.HopServerName;
            }

            string via = _layer.ViaValue(transport, branch);
            _writer.Begin(_buffer, 0, _buffer.Length);
            _writer.StartRequest("INVITE", ruri);
            _writer.AddHeader(SipHeader.Via, via);
            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < routes.Length; i++)
            {
                _writer.AddHeader(SipHeader.Route, routes[i]);
            }

            _writer.AddHeader(SipHeader.From, c.LocalParty);
            _writer.AddHeader(SipHeader.To, c.RemoteParty);
            _writer.AddHeader(SipHeader.CallId, c.SipCallIdValue);
            _writer.AddHeader(SipHeader.CSeq, c.LocalCSeq.ToString() + " INVITE");
            _writer.AddHeader(SipHeader.Contact, ContactValue(transport));
            _writer.AddHeader(SipHeader.Allow, AllowValue);
            AddCredentials(c, "INVITE", ruri, reinvite);
            _writer.AddHeader(SipHeader.ContentType, "application/sdp");
            byte[] body = System.Text.Encoding.UTF8.GetBytes(c.OfferBody == null ? "" : c.OfferBody);
            if (_writer.Finish(body, 0, body.Length) != SipError.Ok)
            {
                SendFailures++;
                OnInviteNotSent(c, reinvite, "request too large", nowMs);
                return;
            }

            SipTransaction tx;
            SipTransactionStatus st = _layer.SendRequest(_buffer, 0, _writer.Length, transport, host, port, serverName, nowMs, out tx);
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                SendFailures++;
                OnInviteNotSent(c, reinvite, "cannot send", nowMs);
                return;
            }

            c.InviteTx = tx;
            c.InviteGen = tx.Generation;
            c.InviteCSeq = c.LocalCSeq;
            c.InviteBranch = branch;
            c.InviteVia = via;
            c.InviteRequestUri = ruri;
            c.InviteRoutes = routes;
            c.InviteTransport = transport;
            c.InviteHost = host;
            c.InvitePort = port;
            c.InviteServerName = serverName;
            c.InviteIsReinvite = reinvite;
            if (tx.ConnectionId != 0)
            {
                c.ConnectionId = tx.ConnectionId;
            }
        }

        private void OnInviteNotSent(SipCall c, bool reinvite, string reason, long nowMs)
        {
            if (reinvite)
            {
                c.Negotiator.DropOffer();
                return;
            }

            Fail(c, 0, reason, nowMs);
        }

        private void OnInviteResponse(SipCall c, SipMessage m, long nowMs)
        {
            int status = m.StatusCode;
            if (status < 200)
            {
                if (c.InviteIsReinvite)
                {
                    return;
                }

                if (c.State == SipCallState.Calling)
                {
                    c.State = SipCallState.Proceeding;
                }

                if (c.CancelPending)
                {
                    // RFC 3261 §9.1: the provisional response now allows the CANCEL.
                    c.CancelPending = false;
                    SendCancel(c, nowMs);
                    return;
                }

                if (c.State != SipCallState.Proceeding)
                {
                    return;
                }

                if (status >= 180)
                {
                    Report(SipCallEvent.CallProgress(c.CallId, status == 180 ? 180 : 183), nowMs);
                }

                if (status > 100 && !c.MediaStarted && HasSdp(m))
                {
                    // Early media: the answer in a provisional response (RFC 3261 §13.2.1; RFC 3960 §3).
                    SdpNegotiationResult early = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
                    if (early.Succeeded)
                    {
                        StartMedia(c, early, nowMs);
                    }
                }

                return;
            }

            if (status < 300)
            {
                OnInvite2xx(c, m, nowMs);
                return;
            }

            // Final non-2xx: the transaction layer has ACKed it (§17.1.1.3).
            c.InviteTx = null;
            string reason = m.ReasonPhrase;
            if ((status == 401 || status == 407) && !c.UserEnded && c.State != SipCallState.Cancelling)
            {
                DigestError e = Challenge(c, m, status == 407, c.InviteIsReinvite ? DialogViaOurProxy(c) : c.ViaOurProxy);
                if (e == DigestError.Ok)
                {
                    // RFC 3261 §22.2: the same request again with credentials, CSeq + 1 (§8.1.3.5), same offer.
                    SendInvite(c, c.InviteIsReinvite, nowMs);
                    return;
                }

                if (e == DigestError.UntrustedHop || DigestRealmPolicy.IsPolicyRefusal(e))
                {
                    reason = "not authorised: " + DigestErrorText.Describe(e);
                }
            }

            if (c.InviteIsReinvite)
            {
                OnReinviteFailed(c, status, reason, nowMs);
                return;
            }

            if (c.UserEnded)
            {
                Free(c, nowMs);
                return;
            }

            Fail(c, status, reason, nowMs);
        }

        private void OnInvite2xx(SipCall c, SipMessage m, long nowMs)
        {
            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            string toTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
            if (c.LastAck != null && cseq == c.LastAckCSeq)
            {
                if (toTag == c.RemoteTag)
                {
                    // RFC 3261 §13.2.2.4: a retransmitted 2xx is answered with the same ACK, not passed up again.
                    SendAckBytes(c, nowMs);
                }
                else if (!c.InviteIsReinvite)
                {
                    // §13.2.2.4: a 2xx from another fork creates another dialog: ACK it and end it with BYE.
                    EndFork(c, m, cseq, nowMs);
                }

                return;
            }

            c.Auth.OnAccepted();
            bool initial = !c.InviteIsReinvite;
            if (initial)
            {
                // RFC 3261 §12.1.2: the dialog: remote tag from To, remote target from Contact, route set from
                // Record-Route in reverse order.
                c.RemoteTag = toTag;
                int at = m.FindHeader(SipHeader.To, 0);
                if (at >= 0)
                {
                    c.RemoteParty = m.HeaderValue(at);
                }

                string target = ContactUri(m);
                if (target != null)
                {
                    c.RemoteTarget = target;
                }

                string[] set = RecordRoutes(m, true);
                c.RouteSet = set == null ? new string[0] : set;
                if (c.InviteTx != null && c.InviteTx.ConnectionId != 0)
                {
                    c.ConnectionId = c.InviteTx.ConnectionId;
                }
            }
            else
            {
                // §12.2.1.2: a 2xx to a re-INVITE refreshes the remote target.
                string target = ContactUri(m);
                if (target != null)
                {
                    c.RemoteTarget = target;
                }
            }

            SendAck(c, cseq, nowMs);

            if (initial)
            {
                if (c.UserEnded)
                {
                    // Hung up while ringing and the CANCEL lost the race: ACK then BYE (RFC 3261 §15, §9.1).
                    c.CancelGiveUpAt = Off;
                    c.State = SipCallState.Confirmed;
                    SendBye(c, nowMs);
                    return;
                }

                SdpNegotiationResult media = null;
                if (HasSdp(m) && c.Negotiator.OfferOutstanding)
                {
                    media = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
                }
                else if (c.MediaStarted)
                {
                    media = c.Media;
                }

                c.State = SipCallState.Confirmed;
                if (media == null || !media.Succeeded)
                {
                    // RFC 3264 §5: no usable answer: the session cannot start; end the dialog (§15).
                    c.Negotiator.DropOffer();
                    Report(SipCallEvent.CallFailed(c.CallId, 488, media == null ? "no SDP answer" : "SDP: " + media.ToString()), nowMs);
                    c.UserEnded = true;
                    StopMedia(c, nowMs);
                    SendBye(c, nowMs);
                    return;
                }

                Report(SipCallEvent.CallAnswered(c.CallId), nowMs);
                StartMedia(c, media, nowMs);
                if (c.WantHold != c.LocalHold)
                {
                    c.ReinviteAt = nowMs;
                }

                return;
            }

            // The answer to our re-INVITE's offer (RFC 3264 §8).
            if (HasSdp(m) && c.Negotiator.OfferOutstanding)
            {
                SdpNegotiationResult r = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
                if (r.Succeeded)
                {
                    c.LocalHold = c.ReinviteHold;
                    UpdateRemoteHold(c, r.RemoteHold, nowMs);
                    StartMedia(c, r, nowMs);
                }
            }

            c.Negotiator.DropOffer();
            if (c.WantHold != c.LocalHold && c.ReinviteAt == Off)
            {
                c.ReinviteAt = nowMs;
            }
        }

        private void OnReinviteFailed(SipCall c, int status, string reason, long nowMs)
        {
            c.Negotiator.DropOffer();
            if (status == 491)
            {
                // RFC 3261 §14.1: glare: retry after T, 2.1–4 s when we own the Call-ID, else 0–2 s, in 10 ms units.
                c.GlareRetries++;
                c.ReinviteAt = nowMs + GlareDelayMs(c.IsOutgoing);
                return;
            }

            if (status == 408 || status == 481)
            {
                // §12.2.1.2: the dialog is gone.
                if (!c.UserEnded)
                {
                    Report(SipCallEvent.CallFailed(c.CallId, status, reason), nowMs);
                }

                c.UserEnded = true;
                StopMedia(c, nowMs);
                if (status == 481)
                {
                    Free(c, nowMs);
                }
                else
                {
                    SendBye(c, nowMs);
                }

                return;
            }

            // §14.1: any other failure leaves the session as it was; the wish is dropped.
            c.WantHold = c.LocalHold;
        }

        private void OnByeResponse(SipCall c, SipMessage m, long nowMs)
        {
            int status = m.StatusCode;
            if (status < 200)
            {
                return;
            }

            c.ByeTx = null;
            if (status == 401 || status == 407)
            {
                DigestError e = Challenge(c, m, status == 407, DialogViaOurProxy(c));
                if (e == DigestError.Ok)
                {
                    SendBye(c, nowMs);
                    return;
                }

                if (e == DigestError.UntrustedHop || DigestRealmPolicy.IsPolicyRefusal(e))
                {
                    // Never answered (digest leak): the call ends here all the same, and the phone is told why.
                    Report(SipCallEvent.HangupFailed(c.CallId, status, "BYE not authorised: " + DigestErrorText.Describe(e)), nowMs);
                    Free(c, nowMs);
                    return;
                }
            }

            // RFC 3261 §15.1.1: any final response (or none) ends the dialog; an error one is reported, not hidden.
            if (status >= 300)
            {
                Report(SipCallEvent.HangupFailed(c.CallId, status, m.ReasonPhrase), nowMs);
            }

            Free(c, nowMs);
        }

        /// <summary>RFC 3261 §9.1: CANCEL with the INVITE's Request-URI, Call-ID, To, From, CSeq number, top Via and Route.</summary>
        private void SendCancel(SipCall c, long nowMs)
        {
            c.State = SipCallState.Cancelling;
            c.CancelGiveUpAt = nowMs + _layer.Timers.SixtyFourT1;
            if (!ClientTxLive(c) || c.InviteIsReinvite)
            {
                return;
            }

            _writer.Begin(_buffer, 0, _buffer.Length);
            _writer.StartRequest("CANCEL", c.InviteRequestUri);
            _writer.AddHeader(SipHeader.Via, c.InviteVia);
            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < c.InviteRoutes.Length; i++)
            {
                _writer.AddHeader(SipHeader.Route, c.InviteRoutes[i]);
            }

            _writer.AddHeader(SipHeader.From, c.LocalParty);
            _writer.AddHeader(SipHeader.To, c.RemoteParty);
            _writer.AddHeader(SipHeader.CallId, c.SipCallIdValue);
            _writer.AddHeader(SipHeader.CSeq, c.InviteCSeq.ToString() + " CANCEL");
            if (_writer.Finish(null, 0, 0) != SipError.Ok)
            {
                SendFailures++;
                return;
            }

            SipTransaction tx;
            SipTransactionStatus st = _layer.SendRequest(_buffer, 0, _writer.Length, c.InviteTransport, c.InviteHost, c.InvitePort,
                c.InviteServerName, nowMs, out tx);
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                SendFailures++;
                return;
            }

            c.CancelTx = tx;
            c.CancelGen = tx.Generation;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1: starts an in-dialog request in the writer: Request-URI and Route from the route set
        /// and remote target, a new branch, the dialog's tags and Call-ID, and the given CSeq.
        /// </summary>
        private void BeginDialogRequest(SipCall c, string method, int cseq, out string ruri, out SipTransportKind transport,
            out string host, out int port, out string serverName)
        {
            string[] routes;
            InDialogTarget(c, out ruri, out routes);
            DialogDestination(c, ruri, out transport, out host, out port, out serverName);
            _writer.Begin(_buffer, 0, _buffer.Length);
            _writer.StartRequest(method, ruri);
            _writer.AddHeader(SipHeader.Via, _layer.ViaValue(transport, _layer.NewBranch()));
            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < routes.Length; i++)
            {
                _writer.AddHeader(SipHeader.Route, routes[i]);
            }

            _writer.AddHeader(SipHeader.From, c.LocalParty);
            _writer.AddHeader(SipHeader.To, c.RemoteParty);
            _writer.AddHeader(SipHeader.CallId, c.SipCallIdValue);
            _writer.AddHeader(SipHeader.CSeq, cseq.ToString() + " " + method);
        }

        /// <summary>RFC 3261 §13.2.2.4: the ACK for a 2xx is built by the UA core: new branch, CSeq number of the INVITE, route set, credentials of the INVITE.</summary>
        private void SendAck(SipCall c, int cseq, long nowMs)
        {
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            BeginDialogRequest(c, "ACK", cseq, out ruri, out transport, out host, out port, out serverName);
            for (int i = 0; i < c.InviteAuthCount && DialogViaOurProxy(c); i++)
            {
                _writer.AddHeader(c.InviteAuthNames[i], c.InviteAuthValues[i]);
            }

            if (_writer.Finish(null, 0, 0) != SipError.Ok)
            {
                SendFailures++;
                return;
            }

            c.LastAck = new byte[_writer.Length];
            System.Array.Copy(_buffer, 0, c.LastAck, 0, _writer.Length);
            c.LastAckCSeq = cseq;
            c.AckTransport = transport;
            c.AckHost = host;
            c.AckPort = port;
            c.AckServerName = serverName;
            SendAckBytes(c, nowMs);
        }

        /// <summary>
        /// RFC 3261 §13.2.2.4: the UAC core ACKs every 2xx of a forked INVITE and sends BYE on the dialogs it does not
        /// keep. The fork's dialog lives only for these two requests (its BYE's response is not followed).
        /// </summary>
        private void EndFork(SipCall c, SipMessage m, int cseq, long nowMs)
        {
            int toAt = m.FindHeader(SipHeader.To, 0);
            string target = ContactUri(m);
            if (toAt < 0 || target == null)
            {
                return;
            }

            string to = m.HeaderValue(toAt);
            string[] routes = RecordRoutes(m, true);
            if (routes == null)
            {
                routes = new string[0];
            }

            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            SipConnection flow = c.ConnectionId != 0 && _layer.Transport != null ? _layer.Transport.Find(c.ConnectionId) : null;
            if (flow != null && flow.State != SipConnectionState.Free)
            {
                transport = flow.Transport;
                host = flow.Host;
                port = flow.Port;
                serverName = flow.ServerName;
            }
            else
            {
                RouteDestination(c, routes, target, target, out transport, out host, out port, out serverName);
            }

            for (int step = 0; step < 2; step++)
            {
                bool ack = step == 0;
                _writer.Begin(_buffer, 0, _buffer.Length);
                _writer.StartRequest(ack ? "ACK" : "BYE", target);
                _writer.AddHeader(SipHeader.Via, _layer.ViaValue(transport, _layer.NewBranch()));
                _writer.AddHeader(SipHeader.MaxForwards, 70);
                for (int i = 0; i < routes.Length; i++)
                {
                    _writer.AddHeader(SipHeader.Route, routes[i]);
                }

                _writer.AddHeader(SipHeader.From, c.LocalParty);
                _writer.AddHeader(SipHeader.To, to);
                _writer.AddHeader(SipHeader.CallId, c.SipCallIdValue);
                _writer.AddHeader(SipHeader.CSeq, ack ? cseq.ToString() + " ACK" : (cseq + 1).ToString() + " BYE");
                if (_writer.Finish(null, 0, 0) != SipError.Ok)
                {
                    SendFailures++;
                    return;
                }

                SipTransaction tx;
                SipTransactionStatus st = ack
                    ? _layer.SendDirect(_buffer, 0, _writer.Length, transport, host, port, serverName, nowMs)
                    : _layer.SendRequest(_buffer, 0, _writer.Length, transport, host, port, serverName, nowMs, out tx);
                if (st != SipTransactionStatus.Ok)
                {
                    SendFailures++;
                }
            }
        }

        private void SendAckBytes(SipCall c, long nowMs)
        {
            if (c.LastAck == null)
            {
                return;
            }

            if (_layer.SendDirect(c.LastAck, 0, c.LastAck.Length, c.AckTransport, c.AckHost, c.AckPort, c.AckServerName, nowMs) !=
                SipTransactionStatus.Ok)
            {
                SendFailures++;
            }
        }

        /// <summary>RFC 3261 §15.1.1: BYE in the dialog; the call ends when it is answered or times out.</summary>
        private void SendBye(SipCall c, long nowMs)
        {
            StopMedia(c, nowMs);
            c.State = SipCallState.Terminating;
            c.OkRetransmitAt = Off;
            c.AckDeadline = Off;
            c.ReinviteAt = Off;
            c.CancelGiveUpAt = Off;
            c.Ok2xx = null;
            c.LocalCSeq++;
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            BeginDialogRequest(c, "BYE", c.LocalCSeq, out ruri, out transport, out host, out port, out serverName);
            AddCredentials(c, "BYE", ruri, true);
            SipTransaction tx = null;
            SipTransactionStatus st = _writer.Finish(null, 0, 0) == SipError.Ok
                ? _layer.SendRequest(_buffer, 0, _writer.Length, transport, host, port, serverName, nowMs, out tx)
                : SipTransactionStatus.BadMessage;
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                SendFailures++;
                Report(SipCallEvent.HangupFailed(c.CallId, 0, "BYE not sent"), nowMs);
                Free(c, nowMs);
                return;
            }

            c.ByeTx = tx;
            c.ByeGen = tx.Generation;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1: the Request-URI and Route headers of an in-dialog request. Loose routing (lr on the
        /// first route): Request-URI = remote target, Route = route set. Strict: Request-URI = first route, Route =
        /// the rest plus the remote target.
        /// </summary>
        private void InDialogTarget(SipCall c, out string ruri, out string[] routes)
        {
            string[] set = c.RouteSet;
            if (set.Length == 0 || (_hop.Resolve(set[0], c.Transport) && _hop.LooseRouter))
            {
                ruri = c.RemoteTarget;
                routes = set;
                return;
            }

            ruri = StripUriParams(Unbracket(set[0]));
            routes = new string[set.Length];
            for (int i = 1; i < set.Length; i++)
            {
                routes[i - 1] = set[i];
            }

            routes[set.Length - 1] = "<" + c.RemoteTarget + ">";
        }

        /// <summary>
        /// Where an in-dialog request goes: the dialog's stream flow while it is open (the proxy sends our calls back
        /// over the registration flow, RFC 5626 §5.3, and expects our requests on it), else the first Route (loose
        /// routing) or the Request-URI (§12.2.1.1, §8.1.2).
        /// </summary>
        private void DialogDestination(SipCall c, string ruri, out SipTransportKind transport, out string host, out int port,
            out string serverName)
        {
            SipConnection flow = c.ConnectionId != 0 && _layer.Transport != null ? _layer.Transport.Find(c.ConnectionId) : null;
            if (flow != null && flow.State != SipConnectionState.Free)
            {
                transport = flow.Transport;
                host = flow.Host;
                port = flow.Port;
                serverName = flow.ServerName;
                return;
            }

            RouteDestination(c, c.RouteSet, ruri, c.RemoteTarget, out transport, out host, out port, out serverName);
        }

        private void RouteDestination(SipCall c, string[] routeSet, string ruri, string remoteTarget, out SipTransportKind transport,
            out string host, out int port, out string serverName)
        {
            string next = routeSet.Length > 0 && _hop.Resolve(routeSet[0], c.Transport) && _hop.LooseRouter ? routeSet[0] : ruri;
            if (!_hop.Resolve(next, c.Transport))
            {
                _hop.Resolve(remoteTarget, c.Transport);
            }

            transport = c.Transport == SipTransportKind.Tls ? SipTransportKind.Tls : _hop.Transport;
            host = _hop.Host == null ? "0.0.0.0" : _hop.Host;
            port = _hop.Port > 0 ? _hop.Port : 5060;
            if (transport == SipTransportKind.Tls && !_hop.PortGiven)
            {
                port = 5061;
            }

            serverName = _hop.ServerName;
        }

        private void AddCredentials(SipCall c, string method, string ruri, bool inDialog)
        {
            if (method == "INVITE")
            {
                c.InviteAuthCount = 0;
            }

            if (c.Auth == null)
            {
                return;
            }

            // Credentials go only to our proxy / registrar: a digest response sent straight to the peer could be
            // attacked offline just like an answer to its own challenge.
            if (!(inDialog ? DialogViaOurProxy(c) : c.ViaOurProxy))
            {
                return;
            }

            // RFC 3261 §22.3: requests carry credentials for the realms already challenged.
            for (int i = 0; i < c.Auth.SessionCount && i < c.InviteAuthNames.Length; i++)
            {
                DigestSession s = c.Auth.GetSession(i);
                string value = s.Authorize(method, ruri);
                _writer.AddHeader(s.HeaderName, value);
                if (method == "INVITE")
                {
                    c.InviteAuthNames[i] = s.HeaderName;
                    c.InviteAuthValues[i] = value;
                    c.InviteAuthCount = i + 1;
                }
            }
        }

        /// <summary>
        /// Ok when the 401/407 to a request of call c may be answered and was taken: the request went through our
        /// outbound proxy / registrar (<paramref name="viaOurProxy"/>) and the realm, algorithm and qop pass
        /// <see cref="Realms"/>. A refusal for those reasons is counted in <see cref="ForeignChallenges"/>.
        /// </summary>
        private DigestError Challenge(SipCall c, SipMessage response, bool proxy, bool viaOurProxy)
        {
            if (c.Auth == null)
            {
                return DigestError.NoCredentials;
            }

            if (!viaOurProxy)
            {
                NoteForeign(DigestError.UntrustedHop);
                return DigestError.UntrustedHop;
            }

            int id = proxy ? SipHeader.ProxyAuthenticate : SipHeader.WwwAuthenticate;
            int count = 0;
            int at = response.FindHeader(id, 0);
            while (at >= 0 && count < _challenges.Length)
            {
                _challenges[count++] = response.HeaderValue(at);
                at = response.FindHeader(id, at + 1);
            }

            string[] values = new string[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = _challenges[i];
                _challenges[i] = null;
            }

            // A second challenge with the same nonce means wrong credentials: give up instead of looping.
            c.Auth.Policy = _realms;
            DigestError e = c.Auth.OnChallenge(values, proxy);
            if (DigestRealmPolicy.IsPolicyRefusal(e))
            {
                NoteForeign(e);
            }

            return e;
        }

        private void NoteForeign(DigestError e)
        {
            ForeignChallenges++;
            LastForeignChallenge = DigestErrorText.Describe(e);
        }

        /// <summary>
        /// True when an in-dialog request of c goes through our outbound proxy or registrar: the first entry of the
        /// route set names one of them (same host, same port or the transport's default). Without a route set the
        /// request goes to the peer's Contact, so no challenge is answered and no credentials are sent.
        /// </summary>
        private bool DialogViaOurProxy(SipCall c)
        {
            if (c.RouteSet == null || c.RouteSet.Length == 0 || !_hop.Resolve(c.RouteSet[0], c.Transport))
            {
                return false;
            }

            string host = _hop.Host;
            int port = _hop.Port;
            return IsServer(_sip.OutboundProxy, host, port, c.Transport) || IsServer(_sip.Registrar, host, port, c.Transport);
        }

        private bool IsServer(string configured, string host, int port, SipTransportKind transport)
        {
            if (configured == null || configured.Length == 0 || host == null)
            {
                return false;
            }

            string uri = configured.StartsWith("sip:") || configured.StartsWith("sips:") ? configured : "sip:" + configured;
            if (!_hop.Resolve(uri, transport))
            {
                return false;
            }

            int p = _hop.PortGiven ? _hop.Port : (_sip.Port > 0 ? _sip.Port : DefaultPort(transport));
            return _hop.Host.ToLower() == host.ToLower() && p == port;
        }

        private static int DefaultPort(SipTransportKind transport)
        {
            return transport == SipTransportKind.Tls ? 5061 : 5060;
        }

        // ================================================================ server side

        private void OnInitialInvite(SipTransaction tx, SipMessage m, SipSource source, long nowMs)
        {
            string fromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall other = _calls[i];
                if (other.State != SipCallState.Idle && !other.IsOutgoing && other.SipCallIdValue == m.CallId &&
                    other.RemoteTag == fromTag)
                {
                    // RFC 3261 §8.2.2.2: the same request arrived by another path (a different branch): merged.
                    Respond(tx, m, 482, "Loop Detected", _layer.NewTag(), false, null, null, null, nowMs);
                    return;
                }
            }

            SipCall c = FreeSlot();
            if (c == null)
            {
                BusyRejects++;
                Respond(tx, m, 486, "Busy Here", _layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string target = ContactUri(m);
            if (target != null && !_hop.Resolve(target, source.Transport))
            {
                // RFC 3261 §8.1.1.8: the Contact of an INVITE is a SIP or SIPS URI we can send the BYE to.
                target = null;
            }

            int fromAt = m.FindHeader(SipHeader.From, 0);
            int toAt = m.FindHeader(SipHeader.To, 0);
            if (target == null || fromTag == null || fromAt < 0 || toAt < 0 || m.CallId == null || m.GetFrom(_addr) != SipError.Ok)
            {
                // RFC 3261 §8.1.1.8 / §8.1.1.3: an INVITE must carry Contact and a From tag.
                Respond(tx, m, 400, target == null ? "Missing Contact" : "Missing From tag", _layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string[] routeSet = RecordRoutes(m, false);
            if (routeSet == null)
            {
                // A route set we cannot hold whole would send our in-dialog requests the wrong way (§12.1.1).
                Respond(tx, m, 500, "Route Set Too Long", _layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string display = _addr.DisplayName;
            string fromUri = _addr.Uri == null ? null : _addr.Uri.Text;
            if (m.BodyLength > 0 && !HasSdp(m))
            {
                // RFC 3261 §21.4.13: a body we cannot read.
                Respond(tx, m, 415, "Unsupported Media Type", _layer.NewTag(), false, null, "Accept", "application/sdp", nowMs);
                return;
            }

            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : 0;
            c.Reset();
            c.CallId = NextIncomingId();
            c.IsOutgoing = false;
            c.State = SipCallState.Ringing;
            c.SipCallIdValue = m.CallId;
            c.RemoteTag = fromTag;
            c.LocalTag = _layer.NewTag();
            c.RemoteParty = m.HeaderValue(fromAt);
            c.LocalParty = m.HeaderValue(toAt) + ";tag=" + c.LocalTag;
            c.RemoteUri = fromUri;
            c.RemoteCSeq = cseq;
            c.RemoteTarget = target;
            c.RequestUri = m.RequestUri;
            c.RouteSet = routeSet;
            c.Transport = source.Transport;
            c.ConnectionId = source.ConnectionId;
            c.Secure = m.RequestUri != null && m.RequestUri.StartsWith("sips:") && source.Transport == SipTransportKind.Tls;
            c.Auth = NewAuthenticator();
            c.Negotiator = NewNegotiator(c);
            Remember(c, tx, m, cseq);

            if (HasSdp(m))
            {
                // RFC 3264 §6: the answer is prepared now so a failure is refused at once with 488 (or 400).
                SdpNegotiationResult r = c.Negotiator.Answer(m.Buffer, m.BodyOffset, m.BodyLength, SdpDirection.SendRecv, c.SignallingProtected);
                if (!r.Succeeded)
                {
                    int status = r.Status;
                    Respond(tx, m, status, status == 400 ? "Bad Request" : "Not Acceptable Here", c.LocalTag, false, null, "Warning",
                        WarningValue(r), nowMs);
                    c.Reset();
                    return;
                }

                c.PendingAnswer = r;
            }

            // RFC 3261 §17.2.1 / RFC 3665 §3.1: 100 Trying at once, then 180 Ringing with our tag and Contact.
            Respond(tx, m, 100, "Trying", null, false, null, null, null, nowMs);
            Respond(tx, m, 180, "Ringing", c.LocalTag, true, null, null, null, nowMs);
            Report(SipCallEvent.IncomingCall(c.CallId, display, fromUri), nowMs);
        }

        private void OnCancel(SipTransaction tx, SipMessage m, long nowMs)
        {
            SipTransaction target = tx.CancelTarget;
            SipCall c = null;
            for (int i = 0; i < _calls.Length && target != null; i++)
            {
                if (_calls[i].State != SipCallState.Idle && _calls[i].IsMine(target, _calls[i].ServerTx, _calls[i].ServerGen))
                {
                    c = _calls[i];
                }
            }

            if (c == null)
            {
                // RFC 3261 §9.2: no matching transaction: 481.
                UnknownDialogs++;
                Respond(tx, m, 481, "Call/Transaction Does Not Exist", _layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            // §9.2: 200 to the CANCEL (To tag of the INVITE's responses), then 487 to the INVITE if still pending.
            Respond(tx, m, 200, "OK", c.LocalTag, false, null, null, null, nowMs);
            if (c.ServerTx.State != SipTransactionState.Proceeding || !LoadStoredRequest(c))
            {
                return;
            }

            Respond(c.ServerTx, _stored, 487, "Request Terminated", c.LocalTag, false, null, null, null, nowMs);
            if (c.State == SipCallState.Ringing)
            {
                Fail(c, 487, "Request Terminated", nowMs);
            }
        }

        private void OnAck(SipMessage m, long nowMs)
        {
            string toTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
            string fromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
            SipCall c = FindDialog(m.CallId, toTag, fromTag);
            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            if (c == null || c.Ok2xx == null || cseq != c.ServerCSeq)
            {
                // An ACK for nothing we wait for is dropped (RFC 3261 §17: never answered).
                return;
            }

            // RFC 3261 §13.3.1.4: the ACK stops the 2xx retransmissions.
            c.Ok2xx = null;
            c.OkRetransmitAt = Off;
            c.AckDeadline = Off;
            if (c.State == SipCallState.Answered)
            {
                c.State = SipCallState.Confirmed;
            }

            if (c.AnswerInAck)
            {
                // §13.2.1 / RFC 3264: our offer was in the 2xx; the answer must be in the ACK.
                c.AnswerInAck = false;
                SdpNegotiationResult r = HasSdp(m) ? c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength) : null;
                if (r == null || !r.Succeeded)
                {
                    c.Negotiator.DropOffer();
                    if (!c.UserEnded)
                    {
                        Report(SipCallEvent.CallFailed(c.CallId, 488, r == null ? "no SDP answer in ACK" : "SDP: " + r.ToString()), nowMs);
                    }

                    c.UserEnded = true;
                    SendBye(c, nowMs);
                    return;
                }

                UpdateRemoteHold(c, r.RemoteHold, nowMs);
                StartMedia(c, r, nowMs);
            }

            if (c.HangupPending)
            {
                c.HangupPending = false;
                SendBye(c, nowMs);
                return;
            }

            if (c.WantHold != c.LocalHold && c.ReinviteAt == Off)
            {
                c.ReinviteAt = nowMs;
            }
        }

        private void OnInDialogRequest(SipCall c, SipTransaction tx, SipMessage m, SipSource source, long nowMs)
        {
            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            if (c.RemoteCSeq >= 0 && cseq < c.RemoteCSeq)
            {
                // RFC 3261 §12.2.2: out of order.
                OutOfOrder++;
                Respond(tx, m, 500, "Server Internal Error", null, false, null, "Retry-After", "1", nowMs);
                return;
            }

            c.RemoteCSeq = cseq;
            if (m.IsMethod("BYE"))
            {
                // RFC 3261 §15.1.2: 200 to the BYE; pending requests get 487; the session ends.
                Respond(tx, m, 200, "OK", null, false, null, null, null, nowMs);
                if (ServerTxLive(c) && c.ServerTx.State == SipTransactionState.Proceeding && LoadStoredRequest(c))
                {
                    Respond(c.ServerTx, _stored, 487, "Request Terminated", c.LocalTag, false, null, null, null, nowMs);
                }

                if (!c.UserEnded)
                {
                    Report(SipCallEvent.RemoteHangup(c.CallId), nowMs);
                }

                c.UserEnded = true;
                Free(c, nowMs);
                return;
            }

            if (m.IsMethod("INVITE"))
            {
                OnReinvite(c, tx, m, nowMs);
                return;
            }

            if (m.IsMethod("OPTIONS"))
            {
                Respond(tx, m, 200, "OK", null, false, null, "Allow", AllowValue, nowMs);
                return;
            }

            Respond(tx, m, 405, "Method Not Allowed", null, false, null, "Allow", AllowValue, nowMs);
        }

        private void OnReinvite(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (c.State != SipCallState.Confirmed)
            {
                // Early or ending dialog: the session cannot be changed now (§14.2).
                Respond(tx, m, c.State == SipCallState.Terminating ? 481 : 491, c.State == SipCallState.Terminating ? "Call/Transaction Does Not Exist" : "Request Pending", null, false, null, null, null, nowMs);
                return;
            }

            if (ClientTxLive(c))
            {
                // RFC 3261 §14.2: our own re-INVITE is pending: glare.
                Respond(tx, m, 491, "Request Pending", null, false, null, null, null, nowMs);
                return;
            }

            if (c.Ok2xx != null || (ServerTxLive(c) && c.ServerTx.State == SipTransactionState.Proceeding))
            {
                // §14.2: an earlier INVITE of the peer is still in progress: 500 with Retry-After 0–10 s.
                Respond(tx, m, 500, "Server Internal Error", null, false, null, "Retry-After", (SipRandom.UInt16(_entropy) % 11).ToString(), nowMs);
                return;
            }

            if (m.BodyLength > 0 && !HasSdp(m))
            {
                Respond(tx, m, 415, "Unsupported Media Type", null, false, null, "Accept", "application/sdp", nowMs);
                return;
            }

            // §12.2.2: the re-INVITE's Contact is the new remote target.
            string target = ContactUri(m);
            if (target != null)
            {
                c.RemoteTarget = target;
            }

            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : 0;
            SdpDirection willing = c.LocalHold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
            if (HasSdp(m))
            {
                SdpNegotiationResult r = c.Negotiator.Answer(m.Buffer, m.BodyOffset, m.BodyLength, willing, c.SignallingProtected);
                if (!r.Succeeded)
                {
                    // §14.2: a refused re-INVITE leaves the session unchanged.
                    int status = r.Status;
                    Respond(tx, m, status, status == 400 ? "Bad Request" : "Not Acceptable Here", null, false, null, "Warning", WarningValue(r), nowMs);
                    return;
                }

                Remember(c, tx, m, cseq);
                if (!SendOk(c, r.Text, nowMs))
                {
                    return;
                }

                UpdateRemoteHold(c, r.RemoteHold, nowMs);
                StartMedia(c, r, nowMs);
                return;
            }

            // Offer-less re-INVITE: our offer in the 2xx, the answer in the ACK (RFC 3261 §14.2, §13.2.1).
            SdpNegotiationResult offer = c.Negotiator.CreateOffer(willing, c.SignallingProtected);
            if (!offer.Succeeded)
            {
                Respond(tx, m, 488, "Not Acceptable Here", null, false, null, "Warning", WarningValue(offer), nowMs);
                return;
            }

            Remember(c, tx, m, cseq);
            c.AnswerInAck = true;
            SendOk(c, offer.Text, nowMs);
        }

        /// <summary>Keeps the INVITE (bytes) and its server transaction to answer later.</summary>
        private void Remember(SipCall c, SipTransaction tx, SipMessage m, int cseq)
        {
            c.ServerTx = tx;
            c.ServerGen = tx.Generation;
            c.ServerCSeq = cseq;
            c.ServerRequest = new byte[m.Length];
            System.Array.Copy(m.Buffer, m.Offset, c.ServerRequest, 0, m.Length);
        }

        private bool LoadStoredRequest(SipCall c)
        {
            return c.ServerRequest != null &&
                   SipParser.Parse(c.ServerRequest, 0, c.ServerRequest.Length, false, _stored) == SipError.Ok;
        }

        /// <summary>The 2xx to the stored INVITE with Contact and SDP; retransmitted until the ACK (§13.3.1.4).</summary>
        private bool SendOk(SipCall c, string body, long nowMs)
        {
            if (!LoadStoredRequest(c) || !ServerTxLive(c))
            {
                return false;
            }

            int length = BuildResponse(_stored, 200, "OK", c.LocalTag, true, body, null, null);
            if (length <= 0)
            {
                return false;
            }

            byte[] ok = new byte[length];
            System.Array.Copy(_buffer, 0, ok, 0, length);
            if (_layer.SendResponse(c.ServerTx, ok, 0, length, nowMs) != SipTransactionStatus.Ok)
            {
                SendFailures++;
                return false;
            }

            c.Ok2xx = ok;
            if (!c.ServerTx.IsReliable)
            {
                c.OkInterval = _layer.Timers.T1;
                c.OkRetransmitAt = nowMs + c.OkInterval;
            }

            c.AckDeadline = nowMs + _layer.Timers.SixtyFourT1;
            return true;
        }

        private void Respond(SipTransaction tx, SipMessage request, int status, string reason, string toTag, bool contact, string body,
            string extraName, string extraValue, long nowMs)
        {
            if (tx == null || request == null)
            {
                return;
            }

            int length = BuildResponse(request, status, reason, toTag, contact, body, extraName, extraValue);
            if (length <= 0 || _layer.SendResponse(tx, _buffer, 0, length, nowMs) != SipTransactionStatus.Ok)
            {
                SendFailures++;
            }

            if (status >= 300)
            {
                Report(SipCallEvent.RequestRejected(0, request.Method, status, reason), nowMs);
            }
        }

        private int BuildResponse(SipMessage request, int status, string reason, string toTag, bool contact, string body, string extraName,
            string extraValue)
        {
            _writer.Begin(_buffer, 0, _buffer.Length);
            SipError e = SipResponseBuilder.Start(_writer, request, status, reason, toTag, _addr);
            if (e != SipError.Ok)
            {
                return -1;
            }

            if (status >= 180 && status < 300 && request.IsMethod("INVITE"))
            {
                // RFC 3261 §12.1.1: the UAS copies Record-Route into dialog-creating responses.
                for (int i = 0; i < request.HeaderCount; i++)
                {
                    if (request.HeaderId(i) == SipHeader.RecordRoute)
                    {
                        _writer.CopyHeader(request, i);
                    }
                }
            }

            if (contact)
            {
                _writer.AddHeader(SipHeader.Contact, ContactValue(TransportOf(request)));
                _writer.AddHeader(SipHeader.Allow, AllowValue);
            }

            if (extraName != null)
            {
                _writer.AddHeader(extraName, extraValue);
            }

            byte[] b = null;
            if (body != null)
            {
                _writer.AddHeader(SipHeader.ContentType, "application/sdp");
                b = System.Text.Encoding.UTF8.GetBytes(body);
            }

            if (_writer.Finish(b, 0, b == null ? 0 : b.Length) != SipError.Ok)
            {
                return -1;
            }

            return _writer.Length;
        }

        // ================================================================ helpers

        private void StartMedia(SipCall c, SdpNegotiationResult media, long nowMs)
        {
            c.Media = media;
            c.MediaStarted = true;
            if (Listener != null && !c.UserEnded)
            {
                Listener.OnMediaUpdate(c.CallId, media, nowMs);
            }
        }

        private void StopMedia(SipCall c, long nowMs)
        {
            if (!c.MediaStarted)
            {
                return;
            }

            c.MediaStarted = false;
            if (Listener != null)
            {
                Listener.OnMediaStop(c.CallId, nowMs);
            }
        }

        private void UpdateRemoteHold(SipCall c, bool held, long nowMs)
        {
            if (held == c.RemoteHold)
            {
                return;
            }

            c.RemoteHold = held;
            Report(SipCallEvent.RemoteHold(c.CallId, held), nowMs);
        }

        private void Report(SipCallEvent e, long nowMs)
        {
            if (Listener != null)
            {
                Listener.OnCallEvent(e, nowMs);
            }
        }

        /// <summary>The call failed: CallFailed to the phone (unless the user ended it), media stopped, slot freed.</summary>
        private void Fail(SipCall c, int status, string reason, long nowMs)
        {
            if (!c.UserEnded && c.CallId != 0)
            {
                Report(SipCallEvent.CallFailed(c.CallId, status, reason), nowMs);
            }

            c.UserEnded = true;
            c.FinalStatus = status;
            Free(c, nowMs);
        }

        private void Free(SipCall c, long nowMs)
        {
            StopMedia(c, nowMs);
            c.Reset();
        }

        private SipCall FreeSlot()
        {
            for (int i = 0; i < _calls.Length; i++)
            {
                if (_calls[i].State == SipCallState.Idle)
                {
                    _calls[i].Reset();
                    return _calls[i];
                }
            }

            return null;
        }

        /// <summary>RFC 3261 §12.2.2: the dialog of a request by Call-ID, local tag (To) and remote tag (From).</summary>
        private SipCall FindDialog(string callId, string localTag, string remoteTag)
        {
            if (callId == null || localTag == null)
            {
                return null;
            }

            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall c = _calls[i];
                if (c.State != SipCallState.Idle && c.SipCallIdValue == callId && c.LocalTag == localTag && c.RemoteTag == remoteTag)
                {
                    return c;
                }
            }

            return null;
        }

        private bool ClientTxLive(SipCall c)
        {
            return c.InviteTx != null && c.InviteTx.Generation == c.InviteGen && c.InviteTx.State != SipTransactionState.Terminated &&
                   (c.InviteTx.State == SipTransactionState.Calling || c.InviteTx.State == SipTransactionState.Proceeding);
        }

        private bool ServerTxLive(SipCall c)
        {
            return c.ServerTx != null && c.ServerTx.Generation == c.ServerGen && c.ServerTx.State != SipTransactionState.Terminated;
        }

        private int NextIncomingId()
        {
            int id = _nextIncomingId;
            _nextIncomingId = _nextIncomingId >= 0x3fffffff ? 1 : _nextIncomingId + 1;
            return id;
        }

        private long GlareDelayMs(bool ownsCallId)
        {
            int r = SipRandom.UInt16(_entropy);
            return ownsCallId ? 2100 + 10 * (r % 191) : 10 * (r % 201);
        }

        private SdpOfferAnswer NewNegotiator(SipCall c)
        {
            // RFC 8866 §5.2: a numeric session id; the version starts anywhere and increases (RFC 3264 §8).
            long id = ((long)SipRandom.UInt16(_entropy) << 16) | (long)SipRandom.UInt16(_entropy);
            return new SdpOfferAnswer(_srtp, _audio, _entropy, _mediaAddress, _firstRtpPort + 2 * c.Slot, id.ToString(), 1);
        }

        private DigestAuthenticator NewAuthenticator()
        {
            DigestAuthenticator a = new DigestAuthenticator(_entropy);
            a.AddCredentials(DigestCredentials.FromSettings(_sip));
            a.Policy = _realms;
            return a;
        }

        private string LocalIdentity()
        {
            string domain = Nz(_sip.Domain, Nz(_sip.Registrar, ContactHost()));
            string display = _sip.DisplayName == null || _sip.DisplayName.Length == 0 ? "" : Quote(_sip.DisplayName) + " ";
            return display + "<sip:" + Nz(_sip.User, "phone") + "@" + domain + ">";
        }

        /// <summary>
        /// Our Contact (RFC 3261 §8.1.1.8): sips: over TLS (the request may be sips, and a sips Contact asks peers
        /// to reach us over TLS), sip: with ;transport= otherwise; the transport's public address when learned
        /// (RFC 3581), else the interface address.
        /// </summary>
        private string ContactValue(SipTransportKind transport)
        {
            string host = ContactHost();
            int port = _layer.Transport != null && _layer.Transport.PublicHost != null && _layer.Transport.PublicPort > 0
                ? _layer.Transport.PublicPort
                : _layer.LocalPort;
            string hostPort = port > 0 ? host + ":" + port.ToString() : host;
            string user = Nz(_sip.User, "phone");
            if (transport == SipTransportKind.Tls)
            {
                return "<sips:" + user + "@" + hostPort + ">";
            }

            return "<sip:" + user + "@" + hostPort + TransportParam(transport) + ">";
        }

        private string ContactHost()
        {
            string h = _layer.Transport != null && _layer.Transport.PublicHost != null && _layer.Transport.PublicHost.Length > 0
                ? _layer.Transport.PublicHost
                : _layer.LocalHost;
            return h == null || h.Length == 0 ? "0.0.0.0" : h;
        }

        private SipTransportKind TransportOf(SipMessage request)
        {
            for (int i = 0; i < _calls.Length; i++)
            {
                SipCall c = _calls[i];
                if (c.State != SipCallState.Idle && c.SipCallIdValue == request.CallId)
                {
                    return c.Transport;
                }
            }

            return _sip.Transport;
        }

        private string WarningValue(SdpNegotiationResult r)
        {
            // RFC 3261 §20.43: 305 incompatible media format for codec/profile refusals, else 399 miscellaneous.
            int code = r.Error == SdpError.NoCommonCodec ? 305 : 399;
            return code.ToString() + " " + ContactHost() + " \"" + r.ToString() + "\"";
        }

        /// <summary>The URI of the first Contact, or null.</summary>
        private string ContactUri(SipMessage m)
        {
            if (m.GetContact(0, _contact) != SipError.Ok || _contact.IsStar || _contact.Address == null || _contact.Address.Uri == null)
            {
                return null;
            }

            return _contact.Address.Uri.Text;
        }

        /// <summary>
        /// Every Record-Route value, one per element, in order (UAS, §12.1.1) or reversed (UAC, §12.1.2); null when
        /// the list is malformed or longer than SipLimits.MaxElements (a truncated route set would misroute).
        /// </summary>
        private static string[] RecordRoutes(SipMessage m, bool reverse)
        {
            int n = m.ElementCount(SipHeader.RecordRoute);
            if (n < 0)
            {
                return null;
            }

            string[] set = new string[n];
            for (int i = 0; i < set.Length; i++)
            {
                int s;
                int e;
                string v = m.GetElement(SipHeader.RecordRoute, i, out s, out e) == SipError.Ok
                    ? System.Text.Encoding.UTF8.GetString(m.Buffer, s, e - s).Trim()
                    : "";
                set[reverse ? set.Length - 1 - i : i] = v;
            }

            return set;
        }

        private bool HasSdp(SipMessage m)
        {
            if (m.BodyLength <= 0)
            {
                return false;
            }

            if (m.GetContentType(_mediaType) != SipError.Ok)
            {
                return false;
            }

            return SipText.EqualsIgnoreCase(_mediaType.Type, "application") && SipText.EqualsIgnoreCase(_mediaType.Subtype, "sdp");
        }

        private static string TransportParam(SipTransportKind t)
        {
            return t == SipTransportKind.Udp ? ";transport=udp" : (t == SipTransportKind.Tcp ? ";transport=tcp" : ";transport=tls");
        }

        private static string Unbracket(string uri)
        {
            if (uri == null)
            {
                return null;
            }

            string t = uri.Trim();
            int lt = t.IndexOf('<');
            if (lt >= 0)
            {
                int gt = t.IndexOf('>', lt + 1);
                if (gt > lt)
                {
                    return t.Substring(lt + 1, gt - lt - 1);
                }
            }

            return t;
        }

        /// <summary>
        /// RFC 3261 §12.2.1.1 (strict route): parameters not allowed in a Request-URI are stripped. By §19.1.1 Table 1
        /// those are the method parameter and the headers component.
        /// </summary>
        private static string StripUriParams(string uri)
        {
            int q = uri.IndexOf('?');
            if (q > 0)
            {
                uri = uri.Substring(0, q);
            }

            int at = uri.ToLower().IndexOf(";method=");
            if (at > 0)
            {
                int end = uri.IndexOf(';', at + 1);
                uri = end > 0 ? uri.Substring(0, at) + uri.Substring(end) : uri.Substring(0, at);
            }

            return uri;
        }

        private static string Nz(string a, string b)
        {
            return a == null || a.Length == 0 ? b : a;
        }

        private static string Quote(string s)
        {
            string r = "";
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '"' || c == '\\')
                {
                    r += "\\";
                }

                if (c >= ' ')
                {
                    r += c.ToString();
                }
            }

            return "\"" + r + "\"";
        }
    }
}
