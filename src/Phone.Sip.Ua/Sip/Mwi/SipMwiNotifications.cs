using Phone.Sip.Dialog;
using Phone.Sip.Transaction;

namespace Phone.Sip.Mwi
{
    /// <summary>
    /// The NOTIFY side of SipMwiSubscription (RFC 6665 §4.1.3): matches a NOTIFY to the subscription by Call-ID, tags
    /// and Event, answers it (200; 415 or 400 for a body that is not a message summary; 481 for no subscription of
    /// ours; 500 out of order), creates the dialog when the NOTIFY overtakes the 2xx (§4.1.2.4), hands the summary
    /// to the listener and the Subscription-State to the subscription.
    /// </summary>
    internal sealed class SipMwiNotifications
    {
        private readonly SipMwiSubscription _subscription;
        private readonly SipMwiMessages _m;
        private readonly SipDialog _dialog;
        private readonly SipCSeq _cseq = new SipCSeq();
        private readonly SipSubscriptionState _state = new SipSubscriptionState();

        internal SipMwiNotifications(SipMwiSubscription subscription, SipMwiMessages messages, SipDialog dialog)
        {
            _subscription = subscription;
            _m = messages;
            _dialog = dialog;
        }

        /// <summary>NOTIFYs answered 481.</summary>
        internal int Unknown;

        internal void OnNotify(SipTransaction tx, SipMessage request, long nowMs)
        {
            string fromTag = _m.FromTag(request);
            string toTag = _m.ToTag(request);
            bool ours = _subscription.Started && _dialog.CallIdValue != null && request.CallId == _dialog.CallIdValue &&
                        toTag == _dialog.LocalTag && fromTag != null && (_dialog.RemoteTag == null || fromTag == _dialog.RemoteTag) &&
                        _m.IsOurEvent(request);
            if (!ours)
            {
                // RFC 6665 §4.1.3 / RFC 3261 §12.2.2: a NOTIFY for no subscription of ours.
                Unknown++;
                _m.Respond(tx, request, 481, "Subscription Does Not Exist", toTag == null, _dialog.Transport, nowMs);
                return;
            }

            if (!_dialog.TakeRemoteCSeq(request.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1))
            {
                _m.Respond(tx, request, 500, "Server Internal Error", false, _dialog.Transport, nowMs); // RFC 3261 §12.2.2: out of order
                return;
            }

            string contact = _m.ContactUri(request);
            if (!_subscription.Established)
            {
                // RFC 6665 §4.1.2.4: a NOTIFY may come before the 2xx; it creates the dialog (RFC 3261 §12.1.1 as a UAS).
                _subscription.Establish(fromTag, contact, SipCallCore.RecordRoutes(request, false));
            }
            else if (contact != null)
            {
                _dialog.RemoteTarget = contact; // RFC 6665 §4.1.3: a NOTIFY's Contact is the new remote target
            }

            int status = _m.ReadBody(request);
            _m.Respond(tx, request, status, status == 200 ? "OK" : (status == 415 ? "Unsupported Media Type" : "Bad Request"), false,
                _dialog.Transport, nowMs);
            ISipMwiListener listener = _subscription.Listener;
            if (status == 200 && request.BodyLength > 0 && listener != null)
            {
                listener.OnMessageSummary(_m.Summary, nowMs);
            }

            _state.Read(request);
            if (_state.Terminated)
            {
                _subscription.OnTerminated(_state, nowMs);
            }
            else if (_state.Expires > 0)
            {
                _subscription.Shortened(_state.Expires, nowMs);
            }
        }
    }
}
