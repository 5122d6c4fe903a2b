using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The phone as transferor (RFC 3515, RFC 5589): REFER in an established dialog with Refer-To (blind) or a
    /// Refer-To naming the dialog to replace (attended, RFC 3891 §3) and Referred-By (RFC 3892); the NOTIFYs of
    /// the implicit subscription (Event: refer, message/sipfrag) tell the outcome. A 2xx in the sipfrag ends the
    /// call with BYE; a refused REFER or a failed referred call leaves it as it was. Both are reported as
    /// TransferResult. A 401/407 to the REFER is answered once, like any request through our proxy; an accepted REFER
    /// whose NOTIFYs stop coming ends without a result (<see cref="SipCallTimer.ReferResult"/>).
    /// </summary>
    internal sealed class SipTransferor
    {
        private readonly SipCallCore _core;
        private readonly SipCallTermination _termination;
        private readonly SipCallDigest _digest;
        private readonly SipMediaType _type = new SipMediaType();
        private readonly SipSubscriptionState _state = new SipSubscriptionState();

        /// <summary>Longest wait for the next NOTIFY that an expires parameter can ask for (RFC 6665 §4.1.3).</summary>
        internal const int MaxResultWaitMs = 300000;

        internal SipTransferor(SipCallCore core, SipCallTermination termination, SipCallDigest digest)
        {
            _core = core;
            _termination = termination;
            _digest = digest;
        }

        /// <summary>Blind transfer of c to uri; a call that cannot be transferred now gets a failed TransferResult at once.</summary>
        internal void Blind(SipCall c, string uri, long nowMs)
        {
            if (uri == null || uri.Length == 0 || !Refer(c, "<" + SipUriText.Unbracket(uri) + ">", false, nowMs))
            {
                _core.Report(SipCallEvent.TransferResult(c.CallId, 0, "cannot transfer now"), nowMs);
            }
        }

        /// <summary>
        /// Attended transfer of c to the party of target: the Refer-To carries Replaces for target's dialog (RFC 3891
        /// §3: to-tag the party's tag, from-tag ours), so that party takes target over.
        /// </summary>
        internal void Attended(SipCall c, SipCall target, long nowMs)
        {
            SipCall t = target;
            if (t == null || t == c || t.State != SipCallState.Confirmed || t.RemoteUri == null ||
                !Refer(c, SipReferTo.Attended(t.RemoteUri, t.Dialog.CallIdValue, t.Dialog.RemoteTag, t.Dialog.LocalTag), false, nowMs))
            {
                _core.Report(SipCallEvent.TransferResult(c.CallId, 0, "cannot transfer now"), nowMs);
            }
        }

        /// <summary>
        /// Sends the REFER of c (with credentials for the realms already challenged, RFC 3261 §22.3); referTo is the
        /// whole Refer-To value. False when c cannot be transferred now.
        /// </summary>
        private bool Refer(SipCall c, string referTo, bool authRetry, long nowMs)
        {
            if (c.State != SipCallState.Confirmed || c.ReferActive)
            {
                return false;
            }

            string aor = SipUriText.Unbracket(_core.LocalIdentity());
            SipTransaction tx = _core.SendInDialog(c, "REFER", new string[] { "Refer-To", "Referred-By" }, new string[] { referTo, "<" + aor + ">" },
                null, null, nowMs);
            if (tx == null)
            {
                return false;
            }

            c.ReferTx = tx;
            c.ReferGen = tx.Generation;
            c.ReferActive = true;
            c.ReferToValue = referTo;
            c.ReferAuthRetried = authRetry;
            return true;
        }

        /// <summary>
        /// The response to our REFER: 2xx waits for the NOTIFYs (RFC 3515 §2.4.4) — the first within 64·T1 (RFC 6665
        /// §4.1.2.4); a challenge through our proxy is answered once; an error ends the attempt.
        /// </summary>
        internal void OnReferResponse(SipCall c, SipMessage m, long nowMs)
        {
            int status = m.StatusCode;
            if (status < 200)
            {
                return;
            }

            c.ReferTx = null;
            if (status < 300)
            {
                c.Arm(SipCallTimer.ReferResult, nowMs + _core.Layer.Timers.SixtyFourT1);
                return;
            }

            string reason = m.ReasonPhrase;
            if ((status == 401 || status == 407) && !c.ReferAuthRetried)
            {
                DigestError e = _digest.Challenge(c, m, status == 407, _digest.DialogViaOurProxy(c));
                if (e == DigestError.Ok)
                {
                    c.ReferActive = false;
                    if (Refer(c, c.ReferToValue, true, nowMs))
                    {
                        return;
                    }

                    c.ReferActive = true;
                    reason = "REFER not sent";
                }
                else
                {
                    // Never answered (a digest response to a stranger can be attacked offline): the phone is told why.
                    reason = "REFER not authorised: " + DigestErrorText.Describe(e);
                }
            }

            Finish(c, status, reason, nowMs);
        }

        /// <summary>No response to our REFER (Timer F) or the transport failed.</summary>
        internal void OnReferFailed(SipCall c, int status, string reason, long nowMs)
        {
            c.ReferTx = null;
            Finish(c, status, reason, nowMs);
        }

        /// <summary>The REFER was accepted but no NOTIFY with its outcome came in time: the call stays as it was.</summary>
        internal void OnResultTimeout(SipCall c, long nowMs)
        {
            c.Stop(SipCallTimer.ReferResult);
            Finish(c, 0, "no transfer result", nowMs);
        }

        /// <summary>
        /// A NOTIFY in the dialog of c: 481 unless our REFER is pending (RFC 6665 §4.1.3), 489 for another event
        /// package (§8.2.2), else 200; the sipfrag's final status or a terminated subscription settles the transfer.
        /// </summary>
        internal void OnNotify(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (!c.ReferActive)
            {
                _core.Respond(tx, m, 481, "Subscription Does Not Exist", null, false, null, null, null, nowMs);
                return;
            }

            string ev = m.GetValue(SipHeader.Event);
            int semi = ev == null ? -1 : ev.IndexOf(';');
            string package = ev == null ? null : (semi < 0 ? ev : ev.Substring(0, semi)).Trim();
            if (package == null || !SipText.EqualsIgnoreCase(package, "refer"))
            {
                _core.Respond(tx, m, 489, "Bad Event", null, false, null, "Allow-Events", "refer", nowMs);
                return;
            }

            _core.Respond(tx, m, 200, "OK", null, false, null, null, null, nowMs);
            _state.Read(m);
            int status = m.BodyLength > 0 && m.GetContentType(_type) == SipError.Ok && SipText.EqualsIgnoreCase(_type.Type, "message") &&
                         SipText.EqualsIgnoreCase(_type.Subtype, "sipfrag")
                ? SipFrag.Status(m.Buffer, m.BodyOffset, m.BodyLength)
                : -1;
            if (status >= 200)
            {
                Finish(c, status, status < 300 ? "transferred" : "transfer failed", nowMs);
                return;
            }

            if (_state.Terminated)
            {
                // RFC 6665 §4.1.3: the subscription ended without a final status of the referred request.
                Finish(c, 0, "transfer ended without a result", nowMs);
                return;
            }

            // The subscription lives on: the next NOTIFY is due before its expires (or 64·T1 when none is given).
            long wait = _state.Expires > 0 ? (long)_state.Expires * 1000 : _core.Layer.Timers.SixtyFourT1;
            c.Arm(SipCallTimer.ReferResult, nowMs + (wait > MaxResultWaitMs ? MaxResultWaitMs : wait));
        }

        /// <summary>The transfer has its outcome: reported; a success ends the call with BYE (RFC 5589 §6).</summary>
        private void Finish(SipCall c, int status, string reason, long nowMs)
        {
            if (!c.ReferActive)
            {
                return;
            }

            c.ReferActive = false;
            c.Stop(SipCallTimer.ReferResult);
            bool done = status >= 200 && status < 300;
            if (!c.UserEnded)
            {
                _core.Report(SipCallEvent.TransferResult(c.CallId, status, reason), nowMs);
            }

            if (done && c.State == SipCallState.Confirmed)
            {
                c.UserEnded = true;
                _termination.SendBye(c, nowMs);
            }
        }
    }
}
