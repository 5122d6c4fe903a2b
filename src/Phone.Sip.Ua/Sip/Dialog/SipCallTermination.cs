using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// How calls end (RFC 3261 §15): our BYE and its response (§15.1.1), the peer's BYE (§15.1.2), and a call
    /// that failed or is over freeing its slot.
    /// </summary>
    internal sealed class SipCallTermination
    {
        private readonly SipCallCore _core;
        private readonly SipCallDigest _digest;

        internal SipCallTermination(SipCallCore core, SipCallDigest digest)
        {
            _core = core;
            _digest = digest;
        }

        /// <summary>RFC 3261 §15.1.1: BYE in the dialog; the call ends when it is answered or times out.</summary>
        internal void SendBye(SipCall c, long nowMs)
        {
            _core.StopMedia(c, nowMs);
            _core.Enter(c, SipCallInput.ByeSent, null, nowMs);
            c.Stop(SipCallTimer.OkRetransmit);
            c.Stop(SipCallTimer.AckWait);
            c.Stop(SipCallTimer.Reinvite);
            c.Stop(SipCallTimer.CancelGiveUp);
            c.Ok2xx = null;
            int cseq = c.Dialog.NextLocalCSeq();
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            c.Dialog.BeginRequest("BYE", cseq, out ruri, out transport, out host, out port, out serverName);
            _digest.AddCredentials(c, "BYE", ruri, true);
            SipTransaction tx = null;
            SipTransactionStatus st = _core.Writer.Finish(null, 0, 0) == SipError.Ok
                ? _core.Layer.SendRequest(_core.Buffer, 0, _core.Writer.Length, transport, host, port, serverName, nowMs, out tx)
                : SipTransactionStatus.BadMessage;
            if (st != SipTransactionStatus.Ok || tx == null)
            {
                _core.SendFailures++;
                _core.Report(SipCallEvent.HangupFailed(c.CallId, 0, "BYE not sent"), nowMs);
                Free(c, nowMs);
                return;
            }

            c.ByeTx = tx;
            c.ByeGen = tx.Generation;
        }

        /// <summary>A response to our BYE: a challenge through our proxy is answered once; any final response ends the call.</summary>
        internal void OnByeResponse(SipCall c, SipMessage m, long nowMs)
        {
            int status = m.StatusCode;
            if (status < 200)
            {
                return;
            }

            c.ByeTx = null;
            if (status == 401 || status == 407)
            {
                DigestError e = _digest.Challenge(c, m, status == 407, _digest.DialogViaOurProxy(c));
                if (e == DigestError.Ok)
                {
                    SendBye(c, nowMs);
                    return;
                }

                if (e == DigestError.UntrustedHop || DigestRealmPolicy.IsPolicyRefusal(e))
                {
                    // Never answered (digest leak): the call ends here all the same, and the phone is told why.
                    _core.Report(SipCallEvent.HangupFailed(c.CallId, status, "BYE not authorised: " + DigestErrorText.Describe(e)), nowMs);
                    Free(c, nowMs);
                    return;
                }
            }

            // RFC 3261 §15.1.1: any final response (or none) ends the dialog; an error one is reported, not hidden.
            if (status >= 300)
            {
                _core.Report(SipCallEvent.HangupFailed(c.CallId, status, m.ReasonPhrase), nowMs);
            }

            Free(c, nowMs);
        }

        /// <summary>Our BYE got no response (Timer F) or the transport failed: the call ends here all the same.</summary>
        internal void OnByeFailed(SipCall c, int status, string reason, long nowMs)
        {
            _core.Report(SipCallEvent.HangupFailed(c.CallId, status, reason), nowMs);
            Free(c, nowMs);
        }

        /// <summary>RFC 3261 §15.1.2: 200 to the peer's BYE; a pending INVITE of the peer gets 487; the session ends.</summary>
        internal void OnBye(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            _core.Respond(tx, m, 200, "OK", null, false, null, null, null, nowMs);
            if (c.ServerTxLive && c.ServerTx.State == SipTransactionState.Proceeding && _core.LoadStoredRequest(c))
            {
                _core.Respond(c.ServerTx, _core.Stored, 487, "Request Terminated", c.Dialog.LocalTag, false, null, null, null, nowMs);
            }

            // A call placed for this call's REFER keeps its place on the phone until it is answered or fails.
            if (!c.UserEnded && (_core.Transferee == null || !_core.Transferee.KeepsPlace(c)))
            {
                _core.Report(SipCallEvent.RemoteHangup(c.CallId), nowMs);
            }

            c.UserEnded = true;
            Free(c, nowMs);
        }

        /// <summary>
        /// The dialog is gone or unusable: CallFailed to the phone (unless the user ended the call), then BYE —
        /// or, when the peer no longer knows the dialog (481), the slot is freed at once.
        /// </summary>
        internal void EndDialog(SipCall c, int status, string reason, bool bye, long nowMs)
        {
            if (!c.UserEnded)
            {
                _core.Report(SipCallEvent.CallFailed(c.CallId, status, reason), nowMs);
            }

            c.UserEnded = true;
            if (bye)
            {
                SendBye(c, nowMs);
            }
            else
            {
                _core.StopMedia(c, nowMs);
                Free(c, nowMs);
            }
        }

        /// <summary>The call failed: CallFailed to the phone (unless the user ended it), media stopped, slot freed.</summary>
        internal void Fail(SipCall c, int status, string reason, long nowMs)
        {
            if (!c.UserEnded && c.CallId != 0)
            {
                _core.Report(SipCallEvent.CallFailed(c.CallId, status, reason), nowMs);
            }

            c.UserEnded = true;
            c.FinalStatus = status;
            Free(c, nowMs);
        }

        /// <summary>The call is over: media stopped, the slot returns to Idle and is cleared.</summary>
        internal void Free(SipCall c, long nowMs)
        {
            _core.StopMedia(c, nowMs);
            _core.Enter(c, SipCallInput.Ended, null, nowMs);
            c.Reset();
        }
    }
}
