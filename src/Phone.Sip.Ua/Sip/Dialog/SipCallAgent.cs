using Phone.Crypto;
using Phone.Sdp;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The phone's INVITE user agent (RFC 3261 §12–15) over SipTransactionLayer, sans-I/O. This is its facade and
    /// call-slot router: the phone's commands (Place, Answer, Reject, HangUp, Hold) and the transaction layer's
    /// requests, responses, timeouts and transport errors go to the call they belong to and from there to the
    /// part that owns the step — SipInviteClient (our INVITE, CANCEL, ACK for 2xx), SipInviteServer (the peer's
    /// INVITE, 2xx retransmission, ACK, CANCEL), SipSessionModification (re-INVITE, hold, glare),
    /// SipCallTermination (BYE either way, failures) — over the dialog state of SipDialog. Every state change
    /// goes through SipCallTransitions. Requests for unknown dialogs get 481. Reports to the phone through
    /// ISipCallListener. No clock is read: pass nowMs and call AdvanceTo at NextDeadlineMs. Bad input never throws.
    /// </summary>
    public sealed class SipCallAgent
    {
        private const long Off = long.MaxValue;

        /// <summary>The methods we implement (RFC 3261 §20.5), sent in Allow.</summary>
        public const string AllowValue = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, REFER, NOTIFY";

        private readonly SipCallCore _core;
        private readonly SipCallDigest _digest;
        private readonly SipCallTermination _termination;
        private readonly SipInviteClient _client;
        private readonly SipInviteServer _server;
        private readonly SipSessionModification _modification;
        private readonly SipTransferee _transferee;
        private readonly SipTransferor _transferor;

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
            _core = new SipCallCore(layer, sip, srtp, audio, entropy, localMediaAddress, firstRtpPort, maxCalls);
            _digest = new SipCallDigest(_core);
            _core.Digest = _digest;
            _termination = new SipCallTermination(_core, _digest);
            _client = new SipInviteClient(_core, _digest, _termination);
            _server = new SipInviteServer(_core, _digest, _termination);
            _server.Timer = new SipSessionTimer(_core);
            _client.Timer = _server.Timer;
            _modification = new SipSessionModification(_core, _client, _server, _termination);
            _client.Modification = _modification;
            _transferee = new SipTransferee(_core, _client, _termination);
            _core.Transferee = _transferee;
            _server.Transferee = _transferee;
            _transferor = new SipTransferor(_core, _termination, _digest);
        }

        /// <summary>
        /// Whether the peer may transfer our calls (REFER, RFC 3515) and take them over (Replaces, RFC 3891);
        /// false: REFER gets 603, an INVITE with Replaces 481. Our own transfers are not affected.
        /// </summary>
        public bool TransferEnabled
        {
            get { return _transferee.Enabled; }
            set { _transferee.Enabled = value; }
        }

        /// <summary>
        /// The realms our password may answer and the downgrade / qop rules. Set it to SipRegistration.Realms so
        /// the realm the registrar challenged REGISTER with is the one calls answer; by default only sip.realm
        /// (when configured) is trusted. Null restores that default.
        /// </summary>
        public DigestRealmPolicy Realms
        {
            get { return _digest.Realms; }
            set { _digest.Realms = value; }
        }

        /// <summary>
        /// Challenges not answered because they were foreign: a realm we are not registered with, MD5 after SHA-256,
        /// no qop without sip.digest_legacy, or a request that did not go through our proxy / registrar (digest leak).
        /// </summary>
        public int ForeignChallenges
        {
            get { return _digest.ForeignChallenges; }
        }

        /// <summary>Why the last foreign challenge was refused (no secrets); null before the first.</summary>
        public string LastForeignChallenge
        {
            get { return _digest.LastForeignChallenge; }
        }

        /// <summary>Receives call events and media changes; may be null.</summary>
        public ISipCallListener Listener
        {
            get { return _core.Listener; }
            set { _core.Listener = value; }
        }

        /// <summary>
        /// True when the configured signalling transport is TLS, so SDES keys may go into SDP (RFC 4568 §8.3);
        /// each call uses the transport its own signalling actually runs on (SipCall.SignallingProtected).
        /// </summary>
        public bool SignallingProtected
        {
            get { return _core.Sip.Transport == SipTransportKind.Tls; }
        }

        /// <summary>The registration's flow is an RFC 5626 outbound flow: Contacts carry ;ob (§4.3).</summary>
        public bool OutboundFlow
        {
            get { return _core.OutboundFlow; }
            set { _core.OutboundFlow = value; }
        }

        /// <summary>
        /// The registration flow (SipRegistration.ConnectionId) to reuse for requests to the proxy/registrar, so the
        /// proxy sees one flow (RFC 5626 §5, RFC 5923); -1 or 0 for none.
        /// </summary>
        public int ConnectionIdHint
        {
            get { return _client.ConnectionIdHint; }
            set { _client.ConnectionIdHint = value; }
        }

        public int MaxCalls
        {
            get { return _core.Calls.Length; }
        }

        /// <summary>Calls in any state but Idle.</summary>
        public int ActiveCalls
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _core.Calls.Length; i++)
                {
                    if (_core.Calls[i].State != SipCallState.Idle) n++;
                }

                return n;
            }
        }

        /// <summary>Requests answered 481 because they matched no dialog or transaction (§12.2.2, §9.2).</summary>
        public int UnknownDialogs
        {
            get { return _core.UnknownDialogs; }
        }

        /// <summary>In-dialog requests refused with 500 for a CSeq lower than the remote sequence number (§12.2.2).</summary>
        public int OutOfOrder
        {
            get { return _core.OutOfOrder; }
        }

        /// <summary>INVITEs refused with 486 because every call slot was busy.</summary>
        public int BusyRejects
        {
            get { return _core.BusyRejects; }
        }

        /// <summary>Messages we could not build or hand to the layer.</summary>
        public int SendFailures
        {
            get { return _core.SendFailures; }
        }

        /// <summary>The call slot i (introspection for displays and tests).</summary>
        public SipCall CallAt(int slot)
        {
            return slot >= 0 && slot < _core.Calls.Length ? _core.Calls[slot] : null;
        }

        /// <summary>The live call with the phone's id, or null.</summary>
        public SipCall FindCall(int callId)
        {
            return _core.FindCall(callId);
        }

        /// <summary>Our RTP port for the call (firstRtpPort + 2·slot); -1 when the call is unknown.</summary>
        public int LocalRtpPort(int callId)
        {
            SipCall c = FindCall(callId);
            return c == null ? -1 : _core.FirstRtpPort + 2 * c.Slot;
        }

        /// <summary>The earliest 2xx retransmission, ACK wait, §14.1 retry or CANCEL give-up; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get
            {
                long d = Off;
                for (int i = 0; i < _core.Calls.Length; i++)
                {
                    SipCall c = _core.Calls[i];
                    if (c.State != SipCallState.Idle && c.NextDeadlineMs < d)
                    {
                        d = c.NextDeadlineMs;
                    }
                }

                return d;
            }
        }

        // ================================================================ commands

        /// <summary>Places a call to uri under the phone's id callId (an id already in use is ignored).</summary>
        public void Place(int callId, string uri, long nowMs)
        {
            if (FindCall(callId) == null)
            {
                _client.Place(callId, uri, nowMs);
            }
        }

        /// <summary>Answers the ringing incoming call callId (200 with the SDP answer); unknown ids are ignored.</summary>
        public void Answer(int callId, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) _server.Answer(c, nowMs);
        }

        /// <summary>Rejects the incoming call callId with 486 Busy Here or 603 Decline (any other status: 603).</summary>
        /// <summary>
        /// Forwards the ringing call callId to uri: 302 Moved Temporarily with the target in Contact (RFC 3261
        /// §21.3.3, §8.2.6); the caller's side decides whether to follow it. A call past ringing is left alone.
        /// </summary>
        public void Redirect(int callId, string uri, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c == null || c.State != SipCallState.Ringing || uri == null || uri.Length == 0)
            {
                return;
            }

            _server.Redirect(c, uri, nowMs);
        }

        public void Reject(int callId, int status, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c == null)
            {
                return;
            }

            if (c.State != SipCallState.Ringing)
            {
                HangUp(c, nowMs);
                return;
            }

            _server.Reject(c, status == 486 || status == 603 ? status : 603, nowMs);
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
            if (c != null) _modification.Hold(c, on, nowMs);
        }

        /// <summary>
        /// Blind transfer (RFC 3515, RFC 5589 §6): REFER of call callId to uri. The outcome comes as TransferResult;
        /// a call that cannot be transferred now (not established, a transfer already running) gets one at once.
        /// </summary>
        public void Transfer(int callId, string uri, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) _transferor.Blind(c, uri, nowMs);
        }

        /// <summary>
        /// Attended transfer (RFC 5589 §7): REFER of call callId to the party of call targetCallId, the Refer-To
        /// carrying Replaces for that call's dialog (RFC 3891 §3), so the party takes it over.
        /// </summary>
        public void TransferAttended(int callId, int targetCallId, long nowMs)
        {
            SipCall c = FindCall(callId);
            if (c != null) _transferor.Attended(c, FindCall(targetCallId), nowMs);
        }

        /// <summary>The request (NOTIFY, typically) belongs to one of the calls' dialogs (RFC 3261 §12.2.2).</summary>
        public bool OwnsDialog(SipMessage request)
        {
            string toTag = request == null ? null : _core.ToTag(request);
            return toTag != null && _core.FindDialog(request.CallId, toTag, _core.FromTag(request)) != null;
        }

        private void HangUp(SipCall c, long nowMs)
        {
            SipCall leg = _transferee.LegOf(c);
            if (leg != null)
            {
                // The user ends the call a REFER of it is still placing: that call goes too.
                leg.Hidden = false;
                HangUp(leg, nowMs);
            }

            c.UserEnded = true;
            _core.StopMedia(c, nowMs);
            switch (c.State)
            {
                case SipCallState.Calling:
                    // RFC 3261 §9.1: no CANCEL before a provisional response; it goes out with the first one.
                    c.CancelPending = true;
                    c.Arm(SipCallTimer.CancelGiveUp, nowMs + _core.Layer.Timers.SixtyFourT1);
                    break;
                case SipCallState.Proceeding:
                    _client.SendCancel(c, nowMs);
                    break;
                case SipCallState.Ringing:
                    _server.Reject(c, 603, nowMs);
                    break;
                case SipCallState.Answered:
                    // RFC 3261 §15: the callee sends BYE only once the ACK came (or the 2xx timed out).
                    c.HangupPending = true;
                    break;
                case SipCallState.Confirmed:
                    _termination.SendBye(c, nowMs);
                    break;
            }
        }

        // ================================================================ clock

        /// <summary>Fires the calls' timers due at or before nowMs (SipCallTimer).</summary>
        public void AdvanceTo(long nowMs)
        {
            for (int i = 0; i < _core.Calls.Length; i++)
            {
                SipCall c = _core.Calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.Due(SipCallTimer.Ring, nowMs))
                {
                    _server.Ring(c, nowMs);
                }

                if (c.Due(SipCallTimer.OkRetransmit, nowMs))
                {
                    _server.RetransmitOk(c, nowMs);
                }

                if (c.Due(SipCallTimer.AckWait, nowMs))
                {
                    _server.OnAckTimeout(c, nowMs);
                    continue;
                }

                if (c.Due(SipCallTimer.CancelGiveUp, nowMs))
                {
                    // RFC 3261 §9.1: no final response 64·T1 after the CANCEL: the INVITE transaction is given up.
                    _termination.Free(c, nowMs);
                    continue;
                }

                if (c.Due(SipCallTimer.Reinvite, nowMs))
                {
                    _modification.SendReinvite(c, nowMs);
                }

                if (c.Due(SipCallTimer.SessionExpiry, nowMs))
                {
                    // RFC 4028 §10: the peer, the refresher, let the session expire: we end it with BYE.
                    c.Stop(SipCallTimer.SessionExpiry);
                    _termination.EndDialog(c, 0, "session expired", true, nowMs);
                    continue;
                }

                if (c.Due(SipCallTimer.SessionRefresh, nowMs))
                {
                    _modification.RefreshSession(c, nowMs);
                }

                if (c.Due(SipCallTimer.ReferResult, nowMs))
                {
                    _transferor.OnResultTimeout(c, nowMs);
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
                _server.OnAck(request, nowMs);
                return true;
            }

            if (tx == null)
            {
                return false;
            }

            if (request.IsMethod("CANCEL"))
            {
                _server.OnCancel(tx, request, nowMs);
                return true;
            }

            string toTag = _core.ToTag(request);
            if (toTag == null)
            {
                if (request.IsMethod("INVITE"))
                {
                    _server.OnInitialInvite(tx, request, source, nowMs);
                }
                else if (request.IsMethod("REFER"))
                {
                    // Transfers only inside an established call (RFC 3515 §2.4.2 lets the recipient refuse).
                    _core.Respond(tx, request, 403, "REFER Only In A Dialog", _core.Layer.NewTag(), false, null, null, null, nowMs);
                }
                else if (request.IsMethod("OPTIONS"))
                {
                    _core.Respond(tx, request, 200, "OK", _core.Layer.NewTag(), false, null, "Allow", AllowValue, nowMs);
                }
                else
                {
                    // RFC 3261 §8.2.2.1 / §12.2.2: nothing this request could belong to.
                    _core.UnknownDialogs++;
                    _core.Respond(tx, request, 481, "Call/Transaction Does Not Exist", _core.Layer.NewTag(), false, null, null, null, nowMs);
                }

                return true;
            }

            SipCall c = _core.FindDialog(request.CallId, toTag, _core.FromTag(request));
            if (c == null)
            {
                // §12.2.2: a request with a To tag that matches no dialog gets 481.
                _core.UnknownDialogs++;
                _core.Respond(tx, request, 481, "Call/Transaction Does Not Exist", null, false, null, null, null, nowMs);
                return true;
            }

            OnInDialogRequest(c, tx, request, nowMs);
            return true;
        }

        private void OnInDialogRequest(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (!c.Dialog.TakeRemoteCSeq(_core.CSeqOf(m, -1)))
            {
                // RFC 3261 §12.2.2: out of order.
                _core.OutOfOrder++;
                _core.Respond(tx, m, 500, "Server Internal Error", null, false, null, "Retry-After", "1", nowMs);
                return;
            }

            if (m.IsMethod("BYE"))
            {
                _termination.OnBye(c, tx, m, nowMs);
                return;
            }

            if (m.IsMethod("INVITE"))
            {
                _modification.OnReinvite(c, tx, m, nowMs);
                return;
            }

            if (m.IsMethod("UPDATE"))
            {
                _modification.OnUpdate(c, tx, m, nowMs);
                return;
            }

            if (m.IsMethod("OPTIONS"))
            {
                _core.Respond(tx, m, 200, "OK", null, false, null, "Allow", AllowValue, nowMs);
                return;
            }

            if (m.IsMethod("REFER"))
            {
                _transferee.OnRefer(c, tx, m, nowMs);
                return;
            }

            if (m.IsMethod("NOTIFY"))
            {
                _transferor.OnNotify(c, tx, m, nowMs);
                return;
            }

            _core.Respond(tx, m, 405, "Method Not Allowed", null, false, null, "Allow", AllowValue, nowMs);
        }

        /// <summary>A response to one of our INVITE, re-INVITE, CANCEL or BYE transactions; true when it was ours.</summary>
        public bool OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (tx == null || response == null)
            {
                return false;
            }

            for (int i = 0; i < _core.Calls.Length; i++)
            {
                SipCall c = _core.Calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.IsMine(tx, c.InviteTx, c.InviteGen))
                {
                    _client.OnResponse(c, response, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.ByeTx, c.ByeGen))
                {
                    _termination.OnByeResponse(c, response, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.CancelTx, c.CancelGen) || c.IsMine(tx, c.NotifyTx, c.NotifyGen))
                {
                    // RFC 3261 §9.1: the 200 to CANCEL says nothing about the INVITE; its 487 (or 2xx) ends it. The
                    // answer to our NOTIFY changes nothing either (RFC 6665 §4.2.2: a 481 would end the subscription, which ends anyway).
                    return true;
                }

                if (c.IsMine(tx, c.ReferTx, c.ReferGen))
                {
                    _transferor.OnReferResponse(c, response, nowMs);
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

            for (int i = 0; i < _core.Calls.Length; i++)
            {
                SipCall c = _core.Calls[i];
                if (c.State == SipCallState.Idle)
                {
                    continue;
                }

                if (c.IsMine(tx, c.InviteTx, c.InviteGen))
                {
                    _client.OnFailed(c, status, reason, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.ByeTx, c.ByeGen))
                {
                    _termination.OnByeFailed(c, status, reason, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.CancelTx, c.CancelGen) || c.IsMine(tx, c.NotifyTx, c.NotifyGen))
                {
                    return true;
                }

                if (c.IsMine(tx, c.ReferTx, c.ReferGen))
                {
                    _transferor.OnReferFailed(c, status, reason, nowMs);
                    return true;
                }

                if (c.IsMine(tx, c.ServerTx, c.ServerGen))
                {
                    _server.OnFailed(c, status, reason, nowMs);
                    return true;
                }
            }

            return false;
        }
    }
}
