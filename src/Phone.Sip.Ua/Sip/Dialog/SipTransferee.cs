using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The phone as transferee and as transfer target. A REFER in an established dialog (RFC 3515 §2.4.2) is
    /// accepted with 202, a call to its Refer-To is placed (with Referred-By, RFC 3892, and the Replaces the
    /// target carried, RFC 3891), and its progress goes back by NOTIFY with message/sipfrag bodies in the implicit
    /// subscription (RFC 3515 §2.4.4–2.4.5) unless the REFER said Refer-Sub: false (RFC 4488 §4). The new call is
    /// hidden from the phone until it is answered; then it takes the old call's place (CallReplaced) and the old
    /// call is ended with BYE. An INVITE whose Replaces names one of our confirmed dialogs takes that call over the
    /// same way (RFC 3891 §3).
    /// </summary>
    internal sealed class SipTransferee
    {
        /// <summary>The implicit subscription's duration we announce (RFC 3515 §2.4.4 leaves it to the notifier).</summary>
        internal const int SubscriptionSeconds = 60;

        private readonly SipCallCore _core;
        private readonly SipInviteClient _client;
        private readonly SipCallTermination _termination;
        private readonly SipReferTo _referTo = new SipReferTo();
        private readonly SipReplaces _replaces = new SipReplaces();

        internal SipTransferee(SipCallCore core, SipInviteClient client, SipCallTermination termination)
        {
            _core = core;
            _client = client;
            _termination = termination;
        }

        /// <summary>False: every REFER is refused with 603 Decline (nf.config call.transfer = off).</summary>
        internal bool Enabled = true;

        /// <summary>A REFER in the dialog of c.</summary>
        internal void OnRefer(SipCall c, SipTransaction tx, SipMessage m, long nowMs)
        {
            if (!Enabled)
            {
                _core.Respond(tx, m, 603, "Decline", null, false, null, null, null, nowMs);
                return;
            }

            if (c.State != SipCallState.Confirmed || HasLeg(c))
            {
                // Only an established call is transferred, and one transfer at a time (RFC 3515 §2.4.2 leaves refusal to us).
                _core.Respond(tx, m, 491, "Request Pending", null, false, null, null, null, nowMs);
                return;
            }

            int refuse = _referTo.Read(m);
            if (refuse == 0 && _referTo.Replaces != null && !_replaces.Parse(_referTo.Replaces))
            {
                refuse = 403;
            }

            if (refuse == 0 && _referTo.IsSips && _core.Sip.Transport != SipTransportKind.Tls)
            {
                // A sips target is reached over TLS only (RFC 3261 §26.2.2); this phone's calls are not.
                refuse = 403;
            }

            if (refuse != 0)
            {
                _core.Respond(tx, m, refuse, refuse == 400 ? "Bad Refer-To" : "Forbidden Refer-To", null, false, null, null, null, nowMs);
                return;
            }

            string referredBy = null;
            int at = m.FindHeader(SipHeader.ReferredBy, 0);
            if (at >= 0)
            {
                referredBy = m.HeaderValue(at);
            }

            // RFC 4488 §4: Refer-Sub: false asks for no implicit subscription (no NOTIFY); 202 says it was honoured.
            int sub = m.FindHeader("Refer-Sub", 0);
            bool subscribe = sub < 0 || !SipText.EqualsIgnoreCase(m.HeaderValue(sub).Trim(), "false");
            _core.Respond(tx, m, 202, "Accepted", null, true, null, subscribe ? null : "Refer-Sub", subscribe ? null : "false", nowMs);
            c.ReferSubscribed = subscribe;
            Notify(c, 100, "Trying", false, nowMs);

            // The new call is placed as any call of the phone: the configured transport, proxy and SRTP policy.
            if (!_client.Place(_core.NextIncomingId(), _referTo.Uri, c, referredBy, _referTo.Replaces, nowMs))
            {
                Notify(c, 503, "Service Unavailable", true, nowMs);
            }
        }

        /// <summary>A report about a hidden call placed for a REFER: progress and the outcome go to the referring dialog.</summary>
        internal void OnLegEvent(SipCall leg, SipCallEvent e, long nowMs)
        {
            SipCall old = leg.LiveTransferOf;
            switch (e.Kind)
            {
                case SipCallEventKind.CallProgress:
                    if (old != null) Notify(old, e.Status, e.Status == 180 ? "Ringing" : "Session Progress", false, nowMs);
                    return;
                case SipCallEventKind.CallAnswered:
                    if (old != null) Notify(old, 200, "OK", true, nowMs);
                    leg.Hidden = false;
                    _core.Report(SipCallEvent.CallReplaced(leg.CallId, leg.TransferOfId, null, leg.RemoteUri), nowMs);
                    if (old != null) End(old, nowMs);
                    return;
                case SipCallEventKind.CallFailed:
                    leg.Hidden = false;
                    leg.UserEnded = true;
                    if (old != null)
                    {
                        // RFC 3515 §2.4.5: the final response of the referred INVITE ends the subscription; the old call stays.
                        Notify(old, e.Status >= 300 ? e.Status : 500, e.Status >= 300 ? e.Reason : "Server Internal Error", true, nowMs);
                    }
                    else
                    {
                        // The transferor hung up while the transfer ran: the old call ends for the phone now.
                        _core.Report(SipCallEvent.RemoteHangup(leg.TransferOfId), nowMs);
                    }

                    return;
            }
        }

        /// <summary>
        /// The peer's BYE ends c. True when a call placed for c's REFER is still on its way: the phone keeps c's place
        /// for it (no RemoteHangup now; it comes if the new call fails).
        /// </summary>
        internal bool KeepsPlace(SipCall c)
        {
            return HasLeg(c);
        }

        /// <summary>
        /// RFC 3891 §3: an INVITE with Replaces. 0 when there is none, or it names a call to replace (matched);
        /// else the status to refuse it with (481 no confirmed dialog matches, 486 early-only for a confirmed one,
        /// 400 unreadable).
        /// </summary>
        internal int MatchReplaces(SipMessage m, out SipCall matched)
        {
            matched = null;
            int at = m.FindHeader("Replaces", 0);
            if (at < 0)
            {
                return 0;
            }

            if (!Enabled)
            {
                return 481;
            }

            if (m.FindHeader("Replaces", at + 1) >= 0 || !_replaces.Parse(m.HeaderValue(at)))
            {
                return 400;
            }

            // RFC 3891 §3: to-tag is our local tag, from-tag the remote one.
            SipCall c = _core.FindDialog(_replaces.CallId, _replaces.ToTag, _replaces.FromTag);
            if (c == null || c.State != SipCallState.Confirmed)
            {
                return 481;
            }

            if (_replaces.EarlyOnly)
            {
                return 486;
            }

            matched = c;
            return 0;
        }

        /// <summary>An answered INVITE with Replaces: the new call takes the old one's place, and the old one ends with BYE.</summary>
        internal void Replace(SipCall old, SipCall fresh, string displayName, long nowMs)
        {
            _core.Report(SipCallEvent.CallReplaced(fresh.CallId, old.CallId, displayName, fresh.RemoteUri), nowMs);
            End(old, nowMs);
        }

        private void End(SipCall old, long nowMs)
        {
            old.UserEnded = true;
            if (old.State == SipCallState.Confirmed)
            {
                _termination.SendBye(old, nowMs);
            }
        }

        /// <summary>The hidden call placed for c's REFER, or null.</summary>
        internal SipCall LegOf(SipCall c)
        {
            for (int i = 0; i < _core.Calls.Length; i++)
            {
                SipCall k = _core.Calls[i];
                if (k.State != SipCallState.Idle && k.Hidden && k.TransferOfId == c.CallId)
                {
                    return k;
                }
            }

            return null;
        }

        private bool HasLeg(SipCall c)
        {
            return LegOf(c) != null;
        }

        /// <summary>
        /// RFC 3515 §2.4.4–2.4.5: NOTIFY in the REFER's dialog, Event: refer, the status as a sipfrag; final ones end
        /// the subscription (Subscription-State: terminated;reason=noresource, RFC 6665 §4.1.3).
        /// </summary>
        private void Notify(SipCall c, int status, string reason, bool final, long nowMs)
        {
            if (!c.ReferSubscribed || c.State != SipCallState.Confirmed)
            {
                return;
            }

            if (final)
            {
                c.ReferSubscribed = false;
            }

            string state = final ? "terminated;reason=noresource" : "active;expires=" + SubscriptionSeconds.ToString();
            SipTransaction tx = _core.SendInDialog(c, "NOTIFY", new string[] { "Event", "Subscription-State" }, new string[] { "refer", state },
                SipFrag.ContentType, SipFrag.StatusLine(status, reason), nowMs);
            if (tx != null)
            {
                c.NotifyTx = tx;
                c.NotifyGen = tx.Generation;
            }
        }
    }
}
