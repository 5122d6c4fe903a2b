using Phone.Sdp;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The INVITE server of RFC 3261 §13.3 for calls the peer places: checks and takes a new INVITE (100 at once, the
    /// SDP answer prepared, 180 once the phone let it ring, §13.3.1), answers it (200, retransmitted until the ACK, §13.3.1.4) or rejects it
    /// (486/603), handles CANCEL (§9.2) and the ACK (with the SDP answer when our 2xx carried the offer, §13.2.1).
    /// The 2xx machinery also serves the peer's re-INVITEs (SipSessionModification).
    /// </summary>
    internal sealed class SipInviteServer
    {
        private readonly SipCallCore _core;
        private readonly SipCallDigest _digest;
        private readonly SipCallTermination _termination;

        internal SipInviteServer(SipCallCore core, SipCallDigest digest, SipCallTermination termination)
        {
            _core = core;
            _digest = digest;
            _termination = termination;
        }

        /// <summary>An INVITE without To tag: a new call rings here, or the INVITE is refused with the reason.</summary>
        internal void OnInitialInvite(SipTransaction tx, SipMessage m, SipSource source, long nowMs)
        {
            SipTransactionLayer layer = _core.Layer;
            string fromTag = _core.FromTag(m);
            for (int i = 0; i < _core.Calls.Length; i++)
            {
                SipCall other = _core.Calls[i];
                if (other.State != SipCallState.Idle && !other.IsOutgoing && other.Dialog.CallIdValue == m.CallId &&
                    other.Dialog.RemoteTag == fromTag)
                {
                    // RFC 3261 §8.2.2.2: the same request arrived by another path (a different branch): merged.
                    _core.Respond(tx, m, 482, "Loop Detected", layer.NewTag(), false, null, null, null, nowMs);
                    return;
                }
            }

            SipCall replaced;
            int refuse = Transferee.MatchReplaces(m, out replaced);
            if (refuse != 0)
            {
                // RFC 3891 §3: no confirmed dialog of ours matches the Replaces (481), or it may replace an early one only (486).
                _core.Respond(tx, m, refuse, refuse == 481 ? "Call/Transaction Does Not Exist" : (refuse == 486 ? "Busy Here" : "Bad Replaces"),
                    layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            SipCall c = _core.FreeSlot();
            if (c == null)
            {
                _core.BusyRejects++;
                _core.Respond(tx, m, 486, "Busy Here", layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string target = _core.ContactUri(m);
            if (target != null && !_core.Hop.Resolve(target, source.Transport))
            {
                // RFC 3261 §8.1.1.8: the Contact of an INVITE is a SIP or SIPS URI we can send the BYE to.
                target = null;
            }

            int fromAt = m.FindHeader(SipHeader.From, 0);
            int toAt = m.FindHeader(SipHeader.To, 0);
            SipNameAddr from = _core.Addr;
            if (target == null || fromTag == null || fromAt < 0 || toAt < 0 || m.CallId == null || m.GetFrom(from) != SipError.Ok)
            {
                // RFC 3261 §8.1.1.8 / §8.1.1.3: an INVITE must carry Contact and a From tag.
                _core.Respond(tx, m, 400, target == null ? "Missing Contact" : "Missing From tag", layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string[] routeSet = SipCallCore.RecordRoutes(m, false);
            if (routeSet == null)
            {
                // A route set we cannot hold whole would send our in-dialog requests the wrong way (§12.1.1).
                _core.Respond(tx, m, 500, "Route Set Too Long", layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            string display = from.DisplayName;
            string fromUri = from.Uri == null ? null : from.Uri.Text;
            if (m.BodyLength > 0 && !_core.HasSdp(m))
            {
                // RFC 3261 §21.4.13: a body we cannot read.
                _core.Respond(tx, m, 415, "Unsupported Media Type", layer.NewTag(), false, null, "Accept", "application/sdp", nowMs);
                return;
            }

            if (Timer.RefuseTooSmall(tx, m, layer.NewTag(), nowMs))
            {
                return;
            }

            int cseq = _core.CSeqOf(m, 0);
            c.Reset();
            c.CallId = _core.NextIncomingId();
            c.IsOutgoing = false;
            // The call is live from here, so the responses' Contact names the transport the INVITE came on.
            _core.Enter(c, SipCallInput.InviteReceived, null, nowMs);
            SipDialog d = c.Dialog;
            d.CallIdValue = m.CallId;
            d.RemoteTag = fromTag;
            d.LocalTag = layer.NewTag();
            d.RemoteParty = m.HeaderValue(fromAt);
            d.LocalParty = m.HeaderValue(toAt) + ";tag=" + d.LocalTag;
            c.RemoteUri = fromUri;
            d.RemoteCSeq = cseq;
            d.RemoteTarget = target;
            c.RequestUri = m.RequestUri;
            d.RouteSet = routeSet;
            d.Transport = source.Transport;
            d.ConnectionId = source.ConnectionId;
            d.Secure = m.RequestUri != null && m.RequestUri.StartsWith("sips:") && source.Transport == SipTransportKind.Tls;
            c.Auth = _digest.NewAuthenticator();
            c.Negotiator = _core.NewNegotiator(c);
            Timer.Take(c, m);
            _core.Remember(c, tx, m, cseq);

            if (_core.HasSdp(m))
            {
                // RFC 3264 §6: the answer is prepared now so a failure is refused at once with 488 (or 400).
                SdpNegotiationResult r = c.Negotiator.Answer(m.Buffer, m.BodyOffset, m.BodyLength, SdpDirection.SendRecv, c.SignallingProtected);
                if (!r.Succeeded)
                {
                    int status = r.Status;
                    _core.Respond(tx, m, status, status == 400 ? "Bad Request" : "Not Acceptable Here", d.LocalTag, false, null, "Warning",
                        _core.WarningValue(r), nowMs);
                    _core.Enter(c, SipCallInput.Ended, null, nowMs);
                    c.Reset();
                    return;
                }

                c.PendingAnswer = r;
            }

            // RFC 3261 §17.2.1 / RFC 3665 §3.1: 100 Trying at once; 180 Ringing with our tag and Contact follows (Ring).
            _core.Respond(tx, m, 100, "Trying", null, false, null, null, null, nowMs);
            if (replaced != null)
            {
                // RFC 3891 §3: the new call takes over the matched one: answered at once, the old one ends with BYE.
                Transferee.Replace(replaced, c, display, nowMs);
                Answer(c, nowMs);
                return;
            }

            // The phone decides before the caller hears ringback: a refusal (do-not-disturb, busy) or a forward goes
            // out without a 180 first. The 180 waits for the next AdvanceTo (SipCallTimer.Ring), which comes after the
            // listener's commands ran; a call answered, refused or cancelled by then never rings the caller.
            int id = c.CallId;
            _core.Report(SipCallEvent.IncomingCall(id, display, fromUri), nowMs);
            if (c.State == SipCallState.Ringing && c.CallId == id)
            {
                c.Arm(SipCallTimer.Ring, nowMs);
            }
        }

        /// <summary>RFC 3261 §13.3.1.1: 180 Ringing with our tag and Contact, for a new call the phone lets ring.</summary>
        internal void Ring(SipCall c, long nowMs)
        {
            c.Stop(SipCallTimer.Ring);
            if (c.State == SipCallState.Ringing && c.ServerTxLive && c.ServerTx.State == SipTransactionState.Proceeding &&
                _core.LoadStoredRequest(c))
            {
                _core.Respond(c.ServerTx, _core.Stored, 180, "Ringing", c.Dialog.LocalTag, true, null, null, null, nowMs);
            }
        }

        /// <summary>The phone answers the ringing call: 200 with the prepared answer, or with our offer when the INVITE had none.</summary>
        /// <summary>The session timers (RFC 4028) of the calls we answer; set once after construction.</summary>
        internal SipSessionTimer Timer;

        /// <summary>Matches and carries out Replaces (RFC 3891); set once after construction.</summary>
        internal SipTransferee Transferee;

        internal void Answer(SipCall c, long nowMs)
        {
            SipCallState ignored;
            if (!SipCallTransitions.TryNext(c.State, SipCallInput.OkSent, out ignored) || !c.ServerTxLive || !_core.LoadStoredRequest(c))
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
                    _core.Respond(c.ServerTx, _core.Stored, 488, "Not Acceptable Here", c.Dialog.LocalTag, false, null, "Warning",
                        _core.WarningValue(offer), nowMs);
                    _termination.Fail(c, 488, "SDP: " + offer.ToString(), nowMs);
                    return;
                }

                body = offer.Text;
                c.AnswerInAck = true;
            }

            if (!SendOk(c, body, nowMs))
            {
                _termination.Fail(c, 500, "cannot send 200", nowMs);
                return;
            }

            _core.Enter(c, SipCallInput.OkSent, null, nowMs);
            Timer.Start(c, nowMs);
            c.PendingAnswer = null;
            if (media != null)
            {
                // The UAS may send media once the 2xx carrying its answer is sent (RFC 3264 §6).
                _core.StartMedia(c, media, nowMs);
            }
        }

        /// <summary>The phone refuses the ringing call with status (486 or 603); a call past ringing is hung up instead.</summary>
        internal void Reject(SipCall c, int status, long nowMs)
        {
            c.UserEnded = true;
            if (c.ServerTxLive && _core.LoadStoredRequest(c))
            {
                _core.Respond(c.ServerTx, _core.Stored, status, status == 486 ? "Busy Here" : "Decline", c.Dialog.LocalTag, false, null, null, null, nowMs);
            }

            _termination.Free(c, nowMs);
        }

        /// <summary>302 Moved Temporarily to the stored INVITE, the forwarding target in Contact (RFC 3261 §21.3.3).</summary>
        internal void Redirect(SipCall c, string uri, long nowMs)
        {
            c.UserEnded = true;
            if (c.ServerTxLive && _core.LoadStoredRequest(c))
            {
                _core.Respond(c.ServerTx, _core.Stored, 302, "Moved Temporarily", c.Dialog.LocalTag, false, null, "Contact", "<" + uri + ">", nowMs);
            }

            _termination.Free(c, nowMs);
        }

        /// <summary>The 2xx to the stored INVITE with Contact and SDP; retransmitted until the ACK (§13.3.1.4).</summary>
        internal bool SendOk(SipCall c, string body, long nowMs)
        {
            if (!_core.LoadStoredRequest(c) || !c.ServerTxLive)
            {
                return false;
            }

            // RFC 4028 §9: the 2xx names the session interval and refresher in force.
            int length = _core.BuildResponse(_core.Stored, 200, "OK", c.Dialog.LocalTag, true, body,
                c.SessionExpiresValue != null ? "Session-Expires" : null, c.SessionExpiresValue,
                c.SessionExpiresValue != null && c.RequireTimer ? "Require" : null, "timer");
            if (length <= 0)
            {
                return false;
            }

            byte[] ok = new byte[length];
            System.Array.Copy(_core.Buffer, 0, ok, 0, length);
            if (_core.Layer.SendResponse(c.ServerTx, ok, 0, length, nowMs) != SipTransactionStatus.Ok)
            {
                _core.SendFailures++;
                return false;
            }

            c.Ok2xx = ok;
            if (!c.ServerTx.IsReliable)
            {
                c.OkInterval = _core.Layer.Timers.T1;
                c.Arm(SipCallTimer.OkRetransmit, nowMs + c.OkInterval);
            }

            c.Arm(SipCallTimer.AckWait, nowMs + _core.Layer.Timers.SixtyFourT1);
            return true;
        }

        /// <summary>RFC 3261 §13.3.1.4: the 2xx is resent at T1, 2·T1 … capped at T2 until the ACK comes.</summary>
        internal void RetransmitOk(SipCall c, long nowMs)
        {
            if (c.Ok2xx != null && c.ServerTxLive)
            {
                _core.Layer.SendResponse(c.ServerTx, c.Ok2xx, 0, c.Ok2xx.Length, nowMs);
                long t2 = _core.Layer.Timers.T2;
                c.OkInterval = c.OkInterval * 2 > t2 ? t2 : c.OkInterval * 2;
                c.Arm(SipCallTimer.OkRetransmit, nowMs + c.OkInterval);
            }
            else
            {
                c.Stop(SipCallTimer.OkRetransmit);
            }
        }

        /// <summary>§13.3.1.4: no ACK within 64·T1: the dialog is confirmed but the session is ended with BYE.</summary>
        internal void OnAckTimeout(SipCall c, long nowMs)
        {
            c.Stop(SipCallTimer.AckWait);
            c.Stop(SipCallTimer.OkRetransmit);
            c.Ok2xx = null;
            c.AnswerInAck = false;
            _core.Enter(c, SipCallInput.AckTimedOut, null, nowMs);
            _termination.EndDialog(c, 408, "no ACK", true, nowMs);
        }

        /// <summary>RFC 3261 §9.2: CANCEL for an INVITE we answer: 200, then 487 to the INVITE while it is unanswered.</summary>
        internal void OnCancel(SipTransaction tx, SipMessage m, long nowMs)
        {
            SipTransaction target = tx.CancelTarget;
            SipCall c = null;
            for (int i = 0; i < _core.Calls.Length && target != null; i++)
            {
                SipCall k = _core.Calls[i];
                if (k.State != SipCallState.Idle && k.IsMine(target, k.ServerTx, k.ServerGen))
                {
                    c = k;
                }
            }

            if (c == null)
            {
                // RFC 3261 §9.2: no matching transaction: 481.
                _core.UnknownDialogs++;
                _core.Respond(tx, m, 481, "Call/Transaction Does Not Exist", _core.Layer.NewTag(), false, null, null, null, nowMs);
                return;
            }

            // §9.2: 200 to the CANCEL (To tag of the INVITE's responses), then 487 to the INVITE if still pending.
            _core.Respond(tx, m, 200, "OK", c.Dialog.LocalTag, false, null, null, null, nowMs);
            if (c.ServerTx.State != SipTransactionState.Proceeding || !_core.LoadStoredRequest(c))
            {
                return;
            }

            _core.Respond(c.ServerTx, _core.Stored, 487, "Request Terminated", c.Dialog.LocalTag, false, null, null, null, nowMs);
            if (c.State == SipCallState.Ringing)
            {
                _termination.Fail(c, 487, "Request Terminated", nowMs);
            }
        }

        /// <summary>The ACK for our 2xx (§13.3.1.4): stops the retransmissions and confirms the dialog; others are dropped (§17).</summary>
        internal void OnAck(SipMessage m, long nowMs)
        {
            string toTag = _core.ToTag(m);
            string fromTag = _core.FromTag(m);
            SipCall c = _core.FindDialog(m.CallId, toTag, fromTag);
            int cseq = _core.CSeqOf(m, -1);
            if (c == null || c.Ok2xx == null || cseq != c.ServerCSeq)
            {
                // An ACK for nothing we wait for is dropped (RFC 3261 §17: never answered).
                return;
            }

            // RFC 3261 §13.3.1.4: the ACK stops the 2xx retransmissions.
            c.Ok2xx = null;
            c.Stop(SipCallTimer.OkRetransmit);
            c.Stop(SipCallTimer.AckWait);
            _core.Enter(c, SipCallInput.AckReceived, null, nowMs);
            if (c.AnswerInAck)
            {
                // §13.2.1 / RFC 3264: our offer was in the 2xx; the answer must be in the ACK.
                c.AnswerInAck = false;
                SdpNegotiationResult r = _core.HasSdp(m) ? c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength) : null;
                if (r == null || !r.Succeeded)
                {
                    c.Negotiator.DropOffer();
                    _termination.EndDialog(c, 488, r == null ? "no SDP answer in ACK" : "SDP: " + r.ToString(), true, nowMs);
                    return;
                }

                _core.UpdateRemoteHold(c, r.RemoteHold, nowMs);
                _core.StartMedia(c, r, nowMs);
            }

            if (c.HangupPending)
            {
                c.HangupPending = false;
                _termination.SendBye(c, nowMs);
                return;
            }

            c.ScheduleHoldChange(nowMs);
        }

        /// <summary>Timer H (no ACK for our error response) or a lost connection while answering: a ringing call fails.</summary>
        internal void OnFailed(SipCall c, int status, string reason, long nowMs)
        {
            c.ServerTx = null;
            if (c.State == SipCallState.Ringing)
            {
                _termination.Fail(c, status, reason, nowMs);
            }
        }
    }
}
