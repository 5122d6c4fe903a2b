using Phone.Sdp;
using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Changing an established session (RFC 3261 §14): hold and resume by re-INVITE (RFC 3264 §8.4), the answer
    /// to our re-INVITE, the peer's re-INVITEs (answered, or refused with the session unchanged), and glare: 491
    /// to a peer re-INVITE while ours is pending (§14.2) and our retry after a 491 with the randomized §14.1 delay.
    /// </summary>
    internal sealed class SipSessionModification
    {
        private readonly SipCallCore _core;
        private readonly SipInviteClient _client;
        private readonly SipInviteServer _server;
        private readonly SipCallTermination _termination;

        internal SipSessionModification(SipCallCore core, SipInviteClient client, SipInviteServer server, SipCallTermination termination)
        {
            _core = core;
            _client = client;
            _server = server;
            _termination = termination;
        }

        /// <summary>The phone holds (on) or resumes the call; sent now, or when the INVITE transaction in progress ends.</summary>
        internal void Hold(SipCall c, bool on, long nowMs)
        {
            c.WantHold = on;
            if (c.State == SipCallState.Confirmed && c.WantHold != c.LocalHold && !c.InviteBusy && c.TimerAt(SipCallTimer.Reinvite) == SipCall.Off)
            {
                SendReinvite(c, nowMs);
            }
        }

        /// <summary>
        /// We are the session timer's refresher (RFC 4028 §10): a re-INVITE with the session as it is, at half the
        /// interval; when an INVITE transaction is in progress, a second later.
        /// </summary>
        internal void RefreshSession(SipCall c, long nowMs)
        {
            c.Stop(SipCallTimer.SessionRefresh);
            if (c.State != SipCallState.Confirmed)
            {
                return;
            }

            if (c.InviteBusy)
            {
                c.Arm(SipCallTimer.SessionRefresh, nowMs + 1000);
                return;
            }

            c.WantHold = c.LocalHold;
            SendReinvite(c, nowMs);
            c.Arm(SipCallTimer.SessionRefresh, nowMs + (long)c.SessionExpires * 500);
        }

        /// <summary>Our re-INVITE with the offer for what the phone wants (the Reinvite timer fired, or Hold).</summary>
        internal void SendReinvite(SipCall c, long nowMs)
        {
            c.Stop(SipCallTimer.Reinvite);
            if (c.State != SipCallState.Confirmed || c.InviteBusy)
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
            _client.SendInvite(c, true, nowMs);
        }

        /// <summary>A 2xx to our re-INVITE (already ACKed): its answer to our offer (RFC 3264 §8).</summary>
        internal void OnReinviteAccepted(SipCall c, SipMessage m, long nowMs)
        {
            if (_core.HasSdp(m) && c.Negotiator.OfferOutstanding)
            {
                SdpNegotiationResult r = c.Negotiator.AcceptAnswer(m.Buffer, m.BodyOffset, m.BodyLength);
                if (r.Succeeded)
                {
                    c.LocalHold = c.ReinviteHold;
                    _core.UpdateRemoteHold(c, r.RemoteHold, nowMs);
                    _core.StartMedia(c, r, nowMs);
                }
            }

            c.Negotiator.DropOffer();
            _server.Timer.OnOwnRefreshAccepted(c, m, nowMs);
            c.ScheduleHoldChange(nowMs);
        }

        /// <summary>A final error response to our re-INVITE.</summary>
        internal void OnReinviteFailed(SipCall c, int status, string reason, long nowMs)
        {
            c.Negotiator.DropOffer();
            if (status == 491)
            {
                // RFC 3261 §14.1: glare: retry after T, 2.1–4 s when we own the Call-ID, else 0–2 s, in 10 ms units.
                c.GlareRetries++;
                c.Arm(SipCallTimer.Reinvite, nowMs + GlareDelayMs(c.IsOutgoing));
                return;
            }

            if (status == 408 || status == 481)
            {
                // §12.2.1.2: the dialog is gone (481: the peer no longer knows it, so no BYE).
                _termination.EndDialog(c, status, reason, status != 481, nowMs);
                return;
            }

            // §14.1: any other failure leaves the session as it was; the wish is dropped.
            c.WantHold = c.LocalHold;
        }

        /// <summary>RFC 3261 §14.1: T is 2.1–4 s for the Call-ID's owner, 0–2 s otherwise, in units of 10 ms.</summary>
        private long GlareDelayMs(bool ownsCallId)
        {
            int r = SipRandom.UInt16(_core.Entropy);
            return ownsCallId ? 2100 + 10 * (r % 191) : 10 * (r % 201);
        }

        /// <summary>
        /// The peer's UPDATE in a dialog (RFC 3311): without a body a session refresh (RFC 4028 uses it), answered 200;
        /// with an SDP offer the session changes as for a re-INVITE, the answer in the 200 (RFC 3311 §5.2). Refused
        /// with 491 while an offer of ours is pending or in an early dialog with an offer, 415 for a body that is not
        /// SDP; a refused offer leaves the session as it was.
        /// </summary>
        internal void OnUpdate(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (c.State == SipCallState.Terminating)
            {
                _core.Respond(tx, m, 481, "Call/Transaction Does Not Exist", null, false, null, null, null, nowMs);
                return;
            }

            bool offer = m.BodyLength > 0;
            if (offer && !_core.HasSdp(m))
            {
                _core.Respond(tx, m, 415, "Unsupported Media Type", null, false, null, "Accept", "application/sdp", nowMs);
                return;
            }

            if (offer && (c.State != SipCallState.Confirmed || c.ClientTxLive || c.Ok2xx != null))
            {
                // RFC 3311 §5.2: an offer while one of ours is unanswered (or the INVITE's offer/answer is not done).
                _core.Respond(tx, m, 491, "Request Pending", null, false, null, null, null, nowMs);
                return;
            }

            // RFC 3311 §5.2 / RFC 3261 §12.2.2: the UPDATE's Contact is the new remote target.
            string target = _core.ContactUri(m);
            if (target != null)
            {
                c.Dialog.RemoteTarget = target;
            }

            _server.Timer.OnRefreshed(c, m, nowMs);
            string se = c.SessionExpiresValue;
            if (!offer)
            {
                _core.Respond(tx, m, 200, "OK", null, true, null, se != null ? "Session-Expires" : null, se, nowMs);
                return;
            }

            SdpDirection willing = c.LocalHold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
            SdpNegotiationResult r = c.Negotiator.Answer(m.Buffer, m.BodyOffset, m.BodyLength, willing, c.SignallingProtected);
            if (!r.Succeeded)
            {
                int status = r.Status;
                _core.Respond(tx, m, status, status == 400 ? "Bad Request" : "Not Acceptable Here", null, false, null, "Warning",
                    _core.WarningValue(r), nowMs);
                return;
            }

            _core.Respond(tx, m, 200, "OK", null, true, r.Text, se != null ? "Session-Expires" : null, se, nowMs);
            _core.UpdateRemoteHold(c, r.RemoteHold, nowMs);
            _core.StartMedia(c, r, nowMs);
        }

        /// <summary>The peer's re-INVITE (§14.2): answered with our wish (sendonly while we hold), or refused with the session unchanged.</summary>
        internal void OnReinvite(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (c.State != SipCallState.Confirmed)
            {
                // Early or ending dialog: the session cannot be changed now (§14.2).
                bool ending = c.State == SipCallState.Terminating;
                _core.Respond(tx, m, ending ? 481 : 491, ending ? "Call/Transaction Does Not Exist" : "Request Pending", null, false, null, null, null,
                    nowMs);
                return;
            }

            if (c.ClientTxLive)
            {
                // RFC 3261 §14.2: our own re-INVITE is pending: glare.
                _core.Respond(tx, m, 491, "Request Pending", null, false, null, null, null, nowMs);
                return;
            }

            if (c.Ok2xx != null || (c.ServerTxLive && c.ServerTx.State == SipTransactionState.Proceeding))
            {
                // §14.2: an earlier INVITE of the peer is still in progress: 500 with Retry-After 0–10 s.
                _core.Respond(tx, m, 500, "Server Internal Error", null, false, null, "Retry-After", (SipRandom.UInt16(_core.Entropy) % 11).ToString(),
                    nowMs);
                return;
            }

            if (m.BodyLength > 0 && !_core.HasSdp(m))
            {
                _core.Respond(tx, m, 415, "Unsupported Media Type", null, false, null, "Accept", "application/sdp", nowMs);
                return;
            }

            // §12.2.2: the re-INVITE's Contact is the new remote target.
            string target = _core.ContactUri(m);
            if (target != null)
            {
                c.Dialog.RemoteTarget = target;
            }

            int cseq = _core.CSeqOf(m, 0);
            SdpDirection willing = c.LocalHold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
            if (_core.HasSdp(m))
            {
                SdpNegotiationResult r = c.Negotiator.Answer(m.Buffer, m.BodyOffset, m.BodyLength, willing, c.SignallingProtected);
                if (!r.Succeeded)
                {
                    // §14.2: a refused re-INVITE leaves the session unchanged.
                    int status = r.Status;
                    _core.Respond(tx, m, status, status == 400 ? "Bad Request" : "Not Acceptable Here", null, false, null, "Warning",
                        _core.WarningValue(r), nowMs);
                    return;
                }

                _core.Remember(c, tx, m, cseq);
                _server.Timer.OnRefreshed(c, m, nowMs);
                if (!_server.SendOk(c, r.Text, nowMs))
                {
                    return;
                }

                _core.UpdateRemoteHold(c, r.RemoteHold, nowMs);
                _core.StartMedia(c, r, nowMs);
                return;
            }

            // Offer-less re-INVITE: our offer in the 2xx, the answer in the ACK (RFC 3261 §14.2, §13.2.1).
            SdpNegotiationResult offer = c.Negotiator.CreateOffer(willing, c.SignallingProtected);
            if (!offer.Succeeded)
            {
                _core.Respond(tx, m, 488, "Not Acceptable Here", null, false, null, "Warning", _core.WarningValue(offer), nowMs);
                return;
            }

            _core.Remember(c, tx, m, cseq);
            c.AnswerInAck = true;
            _server.Timer.OnRefreshed(c, m, nowMs);
            _server.SendOk(c, offer.Text, nowMs);
        }
    }
}
