using Phone.Crypto;
using Phone.Sip.Dialog;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;

namespace Phone.Sip.Mwi
{
    /// <summary>
    /// The subscriber of RFC 6665 for the message-summary event package (RFC 3842), sans-I/O over
    /// SipTransactionLayer: SUBSCRIBE to the mailbox of sip.voicemail through the outbound proxy / registrar
    /// (RFC 3261 §8.1.2, as calls go), digest authentication once per challenge in the realms the registrar uses,
    /// a refresh in the dialog before the granted Expires runs out (RFC 6665 §4.1.2.1), a new subscription after
    /// the RFC 5626 §4.5 style backoff when a request fails, times out or gets 481 (§4.1.2.2), and the NOTIFYs of the
    /// subscription (§4.1.3: 200 and the summary to the listener; terminated ends the dialog and subscribes again as
    /// its reason allows). Other NOTIFYs get 481 (§4.1.3, RFC 3261 §12.2.2). Nothing reads a clock: pass nowMs and
    /// drive AdvanceTo at NextDeadlineMs.
    /// </summary>
    public sealed class SipMwiSubscription
    {
        /// <summary>The subscription lifetime asked for (RFC 3842 §4 leaves it to the subscriber; an hour, as REGISTER).</summary>
        public const int DefaultExpires = 3600;

        private const long Off = long.MaxValue;

        private readonly SipTransactionLayer _layer;
        private readonly IEntropySource _entropy;
        private readonly SipSettings _sip;
        private readonly SipRegistrationTimers _timers;
        private readonly SipMwiMessages _m;
        private readonly SipMwiNotifications _notifications;
        private readonly SipDialog _dialog;
        private readonly DigestAuthenticator _auth;

        private readonly string _mailbox;
        private readonly string _hopHost;
        private readonly int _hopPort;
        private readonly string _route;

        private SipTransaction _tx;
        private int _txGeneration;
        private bool _txViaProxy;
        private int _expires;
        private int _failures;
        private long _timerAt = Off;
        private bool _established;
        private bool _started;
        private bool _stopping;

        /// <param name="layer">the transaction layer; its LocalHost/LocalPort fill Via and Contact.</param>
        /// <param name="sip">the validated [sip] settings: Voicemail names the mailbox (a user in Domain or a sip:/sips: URI).</param>
        /// <param name="realms">the realms the password may answer (SipRegistration.Realms); null for the settings' own.</param>
        /// <param name="timers">refresh and backoff timing; null for the RFC defaults.</param>
        public SipMwiSubscription(SipTransactionLayer layer, SipSettings sip, DigestRealmPolicy realms, IEntropySource entropy,
            SipRegistrationTimers timers)
        {
            _layer = layer;
            _entropy = entropy;
            _sip = sip == null ? new SipSettings() : sip;
            _timers = timers == null ? new SipRegistrationTimers() : timers;
            _m = new SipMwiMessages(layer, _sip);
            _dialog = new SipDialog(layer, _m.Writer, _m.Buffer, new SipNextHop());
            _notifications = new SipMwiNotifications(this, _m, _dialog);
            _auth = new DigestAuthenticator(entropy);
            _auth.AddCredentials(DigestCredentials.FromSettings(_sip));
            _auth.Policy = realms == null ? DigestRealmPolicy.FromSettings(_sip) : realms;
            _mailbox = SipMwiMessages.MailboxUri(_sip.Voicemail, SipUriText.Nz(_sip.Domain, _sip.Registrar));
            _expires = DefaultExpires;

            _route = _m.FirstHop(_mailbox, out _hopHost, out _hopPort);
        }

        /// <summary>Receives each valid message summary; may be null.</summary>
        public ISipMwiListener Listener { get; set; }

        /// <summary>True while the notifier has accepted the subscription (a 2xx or a NOTIFY created the dialog).</summary>
        public bool Established
        {
            get { return _established; }
        }

        /// <summary>The lifetime granted in the last 2xx, in seconds; 0 when not subscribed.</summary>
        public int GrantedExpires { get; private set; }

        /// <summary>Consecutive failures; 0 after a success.</summary>
        public int ConsecutiveFailures
        {
            get { return _failures; }
        }

        /// <summary>NOTIFYs answered 481 because they matched no subscription.</summary>
        public int UnknownNotifies
        {
            get { return _notifications.Unknown; }
        }

        /// <summary>The next refresh or retry; long.MaxValue when none.</summary>
        public long NextDeadlineMs
        {
            get { return _timerAt; }
        }

        /// <summary>Starts subscribing. Calling it again while active does nothing.</summary>
        public void Start(long nowMs)
        {
            if (_started && !_stopping)
            {
                return;
            }

            if (_stopping)
            {
                ResetDialog(); // the unsubscribed dialog is over; a new subscription gets its own
            }

            _started = true;
            _stopping = false;
            _failures = 0;
            Subscribe(nowMs);
        }

        /// <summary>Ends the subscription: an unsubscribe (Expires: 0, RFC 6665 §4.1.2.3) when one is established.</summary>
        public void Shutdown(long nowMs)
        {
            if (!_started || _stopping)
            {
                return;
            }

            _stopping = true;
            _timerAt = Off;
            if (_established)
            {
                Send(0, nowMs);
            }
        }

        /// <summary>Fires the refresh or retry timer when due.</summary>
        public void AdvanceTo(long nowMs)
        {
            if (_timerAt == Off || nowMs < _timerAt)
            {
                return;
            }

            _timerAt = Off;
            if (_started && !_stopping)
            {
                Subscribe(nowMs);
            }
        }

        // ---------------------------------------------------------------- responses to our SUBSCRIBEs

        /// <summary>A response for a client transaction; true when it was one of ours.</summary>
        public bool OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (!Mine(tx) || response == null)
            {
                return false;
            }

            int status = response.StatusCode;
            if (status < 200)
            {
                return true;
            }

            _tx = null;
            if (_stopping)
            {
                return true;
            }

            if (status < 300)
            {
                OnSuccess(response, nowMs);
            }
            else if ((status == 401 || status == 407) && _txViaProxy)
            {
                OnChallenge(response, status == 407, nowMs);
            }
            else if (status == 423 && MinExpires(response) > _expires)
            {
                // RFC 6665 §4.1.2.1 / RFC 3261 §10.2.8 by analogy: ask again for at least Min-Expires.
                _expires = MinExpires(response);
                Subscribe(nowMs);
            }
            else
            {
                // 481 included (RFC 6665 §4.1.2.2: the subscription is gone); a new one after the backoff.
                Fail(nowMs);
            }

            return true;
        }

        /// <summary>Timer F (RFC 3261 §17.1.2.2): treated as a failure, re-subscribed after the backoff.</summary>
        public bool OnTimeout(SipTransaction tx, long nowMs)
        {
            if (!Mine(tx))
            {
                return false;
            }

            _tx = null;
            Fail(nowMs);
            return true;
        }

        /// <summary>Transport failure of our transaction (RFC 3261 §8.1.3.1).</summary>
        public bool OnTransportError(SipTransaction tx, long nowMs)
        {
            return OnTimeout(tx, nowMs);
        }

        // ---------------------------------------------------------------- NOTIFY

        /// <summary>
        /// Takes every NOTIFY (true): the one of our subscription gets 200 (RFC 6665 §4.1.3), a body that is not a
        /// message summary 415 or 400 and no change; any other NOTIFY 481. False for other methods.
        /// </summary>
        public bool OnRequest(SipTransaction tx, SipMessage request, long nowMs)
        {
            if (request == null || !request.IsMethod("NOTIFY"))
            {
                return false;
            }

            if (tx == null)
            {
                return true;
            }

            _notifications.OnNotify(tx, request, nowMs);
            return true;
        }

        // ---------------------------------------------------------------- internals

        /// <summary>§4.1.3: the notifier shortened the subscription to expires seconds; refresh before that end.</summary>
        internal void Shortened(int expires, long nowMs)
        {
            if (TxActive() || _stopping) return;
            long at = nowMs + _timers.RefreshDelayMs(expires);
            if (at < _timerAt) _timerAt = at;
        }

        /// <summary>A NOTIFY can belong to us only after Start.</summary>
        internal bool Started
        {
            get { return _started; }
        }

        private bool Mine(SipTransaction tx)
        {
            return tx != null && tx == _tx && tx.Generation == _txGeneration;
        }

        private bool TxActive()
        {
            return _tx != null && _tx.Generation == _txGeneration && _tx.State != SipTransactionState.Terminated;
        }

        private void OnSuccess(SipMessage response, long nowMs)
        {
            _auth.OnAccepted();
            int granted;
            if (response.GetExpires(out granted) != SipError.Ok)
            {
                granted = _expires; // RFC 6665 §4.1.2.1: the 2xx MUST carry Expires; be lenient
            }

            if (!_established)
            {
                string toTag = _m.ToTag(response);
                Establish(toTag, _m.ContactUri(response), SipCallCore.RecordRoutes(response, true));
            }

            if (granted <= 0)
            {
                // The notifier ended it at once (§4.1.2.1): a new subscription after the backoff.
                Fail(nowMs);
                return;
            }

            _failures = 0;
            GrantedExpires = granted;
            _timerAt = nowMs + _timers.RefreshDelayMs(granted);
        }

        /// <summary>Min-Expires of a 423, at most a day; 0 when absent.</summary>
        private static int MinExpires(SipMessage m)
        {
            int min;
            return m.GetMinExpires(out min) == SipError.Ok && min <= 86400 ? min : 0;
        }

        internal void Establish(string remoteTag, string target, string[] routes)
        {
            _established = true;
            _dialog.RemoteTag = remoteTag;
            _dialog.RemoteParty = "<" + _mailbox + ">" + (remoteTag == null ? "" : ";tag=" + remoteTag);
            _dialog.RemoteTarget = target == null ? _mailbox : target;
            _dialog.RouteSet = routes == null ? new string[0] : routes;
        }

        /// <summary>RFC 6665 §4.1.3: the notifier ended the subscription (Subscription-State: terminated).</summary>
        internal void OnTerminated(SipSubscriptionState state, long nowMs)
        {
            ResetDialog();
            _timerAt = Off;
            _tx = null; // a refresh in flight belongs to the ended dialog
            if (_stopping)
            {
                return;
            }

            // RFC 6665 §4.1.3: reasons after which a new subscription is sensible at once, after retry-after, or never.
            string reason = state.Reason;
            if (reason == "rejected" || reason == "noresource" || reason == "invariant")
            {
                return;
            }

            if (state.RetryAfter >= 0)
            {
                _timerAt = nowMs + state.RetryAfter * 1000L;
            }
            else if (reason == "deactivated" || reason == "timeout")
            {
                _timerAt = nowMs;
            }
            else
            {
                _failures++;
                _timerAt = nowMs + Backoff();
            }
        }

        private void OnChallenge(SipMessage response, bool proxy, long nowMs)
        {
            if (_auth.OnChallenge(_m.Challenges(response, proxy), proxy) == DigestError.Ok)
            {
                // RFC 3261 §22.2: the request again with credentials, CSeq incremented (§8.1.3.5).
                Send(_expires, nowMs);
                return;
            }

            // Wrong password (same nonce again) or a realm we do not answer: back off without that digest state.
            _auth.ClearSessions();
            Fail(nowMs);
        }

        private void Fail(long nowMs)
        {
            ResetDialog();
            GrantedExpires = 0;
            _failures++;
            _expires = DefaultExpires;
            _timerAt = nowMs + Backoff();
        }

        private long Backoff()
        {
            long wait = _timers.BackoffMs(_failures, false, SipRandom.UInt16(_entropy));
            return wait < 1 ? 1 : wait;
        }

        private void ResetDialog()
        {
            _established = false;
            _dialog.Reset();
        }

        /// <summary>A new subscription (new Call-ID and tag) or, when one is established, its refresh (§4.1.2.1).</summary>
        private void Subscribe(long nowMs)
        {
            if (!_established && _dialog.CallIdValue == null)
            {
                _dialog.CallIdValue = SipRandom.Hex(_entropy, 12) + "@" + _m.ContactHost();
                _dialog.LocalTag = _layer.NewTag();
                _dialog.LocalParty = _m.LocalIdentity() + ";tag=" + _dialog.LocalTag;
                _dialog.RemoteParty = "<" + _mailbox + ">";
                _dialog.Transport = _sip.Transport;
            }

            Send(_expires, nowMs);
        }

        private void Send(int expires, long nowMs)
        {
            int cseq = _dialog.NextLocalCSeq();
            string ruri;
            SipTransportKind transport;
            string host;
            int port;
            string serverName;
            if (_established)
            {
                // RFC 6665 §4.1.2.1: refreshes go in the dialog (RFC 3261 §12.2.1.1).
                _dialog.BeginRequest("SUBSCRIBE", cseq, out ruri, out transport, out host, out port, out serverName);
            }
            else
            {
                ruri = _mailbox;
                transport = _sip.Transport;
                host = _hopHost;
                port = _hopPort;
                serverName = _hopHost;
                _m.BeginInitial(ruri, transport, _route, _dialog.LocalParty, _dialog.RemoteParty, _dialog.CallIdValue, cseq);
            }

            _m.Writer.AddHeader(SipHeader.Contact, _m.ContactValue(transport));
            _m.Writer.AddHeader(SipHeader.Event, SipMwiMessages.EventValue);
            _m.Writer.AddHeader(SipHeader.Accept, SipMwiMessages.AcceptValue);
            _m.Writer.AddHeader(SipHeader.Expires, expires);

            // Credentials only to our proxy / registrar (SipCallDigest's rule): a digest sent elsewhere could be attacked offline.
            _txViaProxy = host == _hopHost && port == _hopPort;
            for (int i = 0; _txViaProxy && i < _auth.SessionCount; i++)
            {
                DigestSession s = _auth.GetSession(i);
                _m.Writer.AddHeader(s.HeaderName, s.Authorize("SUBSCRIBE", ruri));
            }

            SipTransaction tx = null;
            if (_m.Writer.Finish(null, 0, 0) != SipError.Ok ||
                _layer.SendRequest(_m.Buffer, 0, _m.Writer.Length, transport, host, port, serverName, nowMs, out tx) != SipTransactionStatus.Ok || tx == null)
            {
                _tx = null;
                if (!_stopping) Fail(nowMs);
                return;
            }

            _tx = tx;
            _txGeneration = tx.Generation;
        }
    }
}
