using Phone.Sdp;
using Phone.Sip.Transaction;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// One call slot of SipCallAgent: its state (changed only by Enter, through SipCallTransitions), the dialog
    /// of RFC 3261 §12 (Dialog), the transactions in flight, the SDP negotiator and the timers (SipCallTimer).
    /// Public members are read-only views for displays and tests; slots are reused after the call ends (compare
    /// CallId).
    /// </summary>
    public sealed class SipCall
    {
        internal const long Off = long.MaxValue;

        private readonly long[] _timers = new long[8];

        internal SipCall(int slot, SipDialog dialog)
        {
            Slot = slot;
            Dialog = dialog;
            State = SipCallState.Idle;
            Reset();
        }

        /// <summary>Index of the slot; the call's RTP port is firstRtpPort + 2·Slot.</summary>
        public int Slot { get; private set; }

        /// <summary>The phone's id: negative for calls the phone placed, positive for calls the SIP side announced.</summary>
        public int CallId { get; internal set; }

        public SipCallState State { get; private set; }

        /// <summary>The call's dialog (§12).</summary>
        public SipDialog Dialog { get; private set; }

        /// <summary>True when we sent the initial INVITE (we own the Call-ID, §14.1).</summary>
        public bool IsOutgoing { get; internal set; }

        /// <summary>Dialog id (§12): Call-ID, local tag, remote tag (null until the peer's tag is known).</summary>
        public string SipCallIdValue
        {
            get { return Dialog.CallIdValue; }
        }

        public string LocalTag
        {
            get { return Dialog.LocalTag; }
        }

        public string RemoteTag
        {
            get { return Dialog.RemoteTag; }
        }

        /// <summary>Local sequence number: CSeq of the last request we sent in the dialog (§12.2.1.1).</summary>
        public int LocalCSeq
        {
            get { return Dialog.LocalCSeq; }
        }

        /// <summary>Remote sequence number (§12.2.2); -1 when empty.</summary>
        public int RemoteCSeq
        {
            get { return Dialog.RemoteCSeq; }
        }

        /// <summary>The peer's Contact URI (§12.1.1, §12.1.2), refreshed by re-INVITE and its 2xx (§12.2).</summary>
        public string RemoteTarget
        {
            get { return Dialog.RemoteTarget; }
        }

        /// <summary>Route set, in the order our requests carry it (§12.1.1: as received; §12.1.2: reversed).</summary>
        public string[] RouteSet
        {
            get { return Dialog.RouteSet; }
        }

        /// <summary>The peer's URI from From (incoming) or the dialled URI (outgoing).</summary>
        public string RemoteUri { get; internal set; }

        /// <summary>Transport of the dialog's signalling; Tls means SDES keys may go into SDP (RFC 4568 §8.3).</summary>
        public SipTransportKind Transport
        {
            get { return Dialog.Transport; }
        }

        public bool SignallingProtected
        {
            get { return Dialog.Transport == SipTransportKind.Tls; }
        }

        /// <summary>We asked for hold (RFC 3264 §8.4) and the peer accepted.</summary>
        public bool LocalHold { get; internal set; }

        /// <summary>The peer holds us (sendonly/inactive or c=0.0.0.0 in its SDP).</summary>
        public bool RemoteHold { get; internal set; }

        /// <summary>The last media agreement (null before media); for displays: UsesSrtp, Srtp.Suite, Codec.</summary>
        public SdpNegotiationResult Media { get; internal set; }

        /// <summary>The final status the call ended or failed with (0 while it lasts).</summary>
        public int FinalStatus { get; internal set; }

        /// <summary>Times a 491 made us wait and retry a re-INVITE (§14.1).</summary>
        public int GlareRetries { get; internal set; }

        /// <summary>When the pending re-INVITE retry is due (§14.1), long.MaxValue when none.</summary>
        public long RetryAtMs
        {
            get { return TimerAt(SipCallTimer.Reinvite); }
        }

        /// <summary>When the timer fires, long.MaxValue when it is off.</summary>
        public long TimerAt(SipCallTimer timer)
        {
            return _timers[(int)timer];
        }

        // ---- call state used by the agent
        internal string RequestUri;      // initial INVITE Request-URI
        internal string HopHost;         // out-of-dialog first hop of the initial INVITE
        internal int HopPort;
        internal string HopServerName;
        internal string PreloadedRoute;  // Route of the initial INVITE toward the outbound proxy
        internal DigestAuthenticator Auth;
        internal SdpOfferAnswer Negotiator;
        internal string OfferBody;       // our offer in the initial INVITE (resent after a challenge)
        internal bool MediaStarted;

        // ---- client INVITE (initial or re-INVITE)
        internal SipTransaction InviteTx;
        internal int InviteGen;
        internal int InviteCSeq;
        internal string InviteBranch;
        internal bool InviteIsReinvite;
        internal bool ReinviteHold;      // what the outstanding re-INVITE asks for
        internal bool WantHold;          // what the user asked for last
        internal bool CancelPending;     // HangUp before any provisional (§9.1)
        internal bool HangupPending;     // HangUp while we must wait for an ACK (§15)
        internal bool UserEnded;         // the user ended the call: no more events to the state machine
        internal string InviteVia;       // exact top Via of the INVITE: the CANCEL repeats it (§9.1)
        internal string InviteRequestUri;
        internal string[] InviteRoutes;
        internal SipTransportKind InviteTransport;
        internal string InviteHost;
        internal int InvitePort;
        internal string InviteServerName;
        internal readonly string[] InviteAuthNames = new string[4];  // credentials of the INVITE, repeated in its ACK (§13.2.2.4)
        internal readonly string[] InviteAuthValues = new string[4];
        internal int InviteAuthCount;

        /// <summary>3xx responses followed for this call (SipRedirect.MaxRedirects at most).</summary>
        internal int Redirects;

        /// <summary>RFC 4028 session interval in seconds (0: no session timer) and whether we are its refresher.</summary>
        internal int SessionExpires;
        internal bool WeRefresh;

        /// <summary>The Session-Expires and Require values the 2xx to the initial INVITE carries (null: none).</summary>
        internal string SessionExpiresValue;
        internal bool RequireTimer;

        /// <summary>As caller: the interval our initial INVITE asks for, the Min-SE a 422 raised it to (0: none) and the 422 retries spent (RFC 4028 §7.1, §7.4).</summary>
        internal int SessionAsk;
        internal int SessionMinSe;
        internal int SessionRetries;
        internal bool ViaOurProxy;       // the initial INVITE went to our outbound proxy / registrar (challenges may be answered)
        internal SipTransaction CancelTx;
        internal int CancelGen;
        internal byte[] LastAck;         // ACK for the 2xx, resent on 2xx retransmissions (§13.2.2.4)
        internal int LastAckCSeq;
        internal SipTransportKind AckTransport;
        internal string AckHost;
        internal int AckPort;
        internal string AckServerName;

        // ---- server INVITE (initial or re-INVITE)
        internal SipTransaction ServerTx;
        internal int ServerGen;
        internal int ServerCSeq;
        internal byte[] ServerRequest;   // the INVITE being answered (responses are built from it later)
        internal SdpNegotiationResult PendingAnswer; // answer prepared for the 200 (or failure for 488)
        internal bool AnswerInAck;       // our 2xx carried an offer; the answer comes in the ACK (§13.2.1)
        internal byte[] Ok2xx;           // our 2xx, retransmitted until ACK (§13.3.1.4)
        internal long OkInterval;

        // ---- BYE
        internal SipTransaction ByeTx;
        internal int ByeGen;

        // ---- transfer (RFC 3515, RFC 3891)
        internal bool Hidden;            // a call placed for a REFER: the phone learns of it when it is answered
        internal SipCall TransferOf;     // the call whose REFER placed this one (check TransferOfId: slots are reused)
        internal int TransferOfId;
        internal string ReferredBy;      // Referred-By of the REFER, repeated in the new INVITE (RFC 3892 §3)
        internal string ReplacesValue;   // Replaces from the Refer-To, sent in the new INVITE (RFC 3891 §3)
        internal bool ReferSubscribed;   // we accepted a REFER in this dialog and report its progress by NOTIFY
        internal SipTransaction NotifyTx;
        internal int NotifyGen;
        internal SipTransaction ReferTx; // our REFER in this dialog (transferor)
        internal int ReferGen;
        internal bool ReferActive;       // our REFER was sent and no final outcome is known yet
        internal string ReferToValue;    // the Refer-To of that REFER, for its one retry with credentials
        internal bool ReferAuthRetried;  // that retry was sent

        /// <summary>
        /// Moves the call by SipCallTransitions: true with State changed, or false (a pair the table refuses)
        /// with State unchanged. The only place State changes.
        /// </summary>
        internal bool Enter(SipCallInput input)
        {
            SipCallState next;
            if (!SipCallTransitions.TryNext(State, input, out next))
            {
                return false;
            }

            State = next;
            return true;
        }

        internal void Arm(SipCallTimer timer, long atMs)
        {
            _timers[(int)timer] = atMs;
        }

        internal void Stop(SipCallTimer timer)
        {
            _timers[(int)timer] = Off;
        }

        internal bool Due(SipCallTimer timer, long nowMs)
        {
            return _timers[(int)timer] <= nowMs;
        }

        internal long NextDeadlineMs
        {
            get
            {
                long d = Off;
                for (int i = 0; i < _timers.Length; i++)
                {
                    if (_timers[i] < d) d = _timers[i];
                }

                return d;
            }
        }

        /// <summary>RFC 3264 §8.4: a hold change the user asked for that is not in effect is sent now (unless a retry is already due).</summary>
        internal void ScheduleHoldChange(long nowMs)
        {
            if (WantHold != LocalHold && TimerAt(SipCallTimer.Reinvite) == Off)
            {
                Arm(SipCallTimer.Reinvite, nowMs);
            }
        }

        internal bool IsMine(SipTransaction tx, SipTransaction mine, int gen)
        {
            return tx != null && tx == mine && tx.Generation == gen;
        }

        /// <summary>Whether our INVITE client transaction is still waiting for a final response.</summary>
        internal bool ClientTxLive
        {
            get
            {
                return InviteTx != null && InviteTx.Generation == InviteGen && InviteTx.State != SipTransactionState.Terminated &&
                       (InviteTx.State == SipTransactionState.Calling || InviteTx.State == SipTransactionState.Proceeding);
            }
        }

        /// <summary>Whether the INVITE server transaction we answer is still alive.</summary>
        internal bool ServerTxLive
        {
            get { return ServerTx != null && ServerTx.Generation == ServerGen && ServerTx.State != SipTransactionState.Terminated; }
        }

        /// <summary>An INVITE transaction of the dialog is in progress either way, or our 2xx awaits its ACK (§14.1, §14.2).</summary>
        internal bool InviteBusy
        {
            get { return ClientTxLive || Ok2xx != null || (ServerTxLive && ServerTx.State == SipTransactionState.Proceeding); }
        }

        /// <summary>Clears everything but the state (which only Enter changes) for the next call in the slot.</summary>
        internal void Reset()
        {
            CallId = 0;
            IsOutgoing = false;
            Dialog.Reset();
            RemoteUri = null;
            LocalHold = false;
            RemoteHold = false;
            Media = null;
            FinalStatus = 0;
            GlareRetries = 0;
            RequestUri = null;
            HopHost = null;
            HopPort = 0;
            HopServerName = null;
            PreloadedRoute = null;
            Auth = null;
            if (Negotiator != null)
            {
                Negotiator.DropOffer();
            }

            Negotiator = null;
            OfferBody = null;
            MediaStarted = false;
            InviteTx = null;
            InviteGen = 0;
            InviteCSeq = 0;
            InviteBranch = null;
            InviteIsReinvite = false;
            ReinviteHold = false;
            WantHold = false;
            CancelPending = false;
            HangupPending = false;
            UserEnded = false;
            InviteVia = null;
            InviteRequestUri = null;
            InviteRoutes = new string[0];
            InviteTransport = SipTransportKind.Udp;
            InviteHost = null;
            InvitePort = 0;
            InviteServerName = null;
            for (int i = 0; i < InviteAuthNames.Length; i++)
            {
                InviteAuthNames[i] = null;
                InviteAuthValues[i] = null;
            }

            InviteAuthCount = 0;
            Redirects = 0;
            SessionExpires = 0;
            WeRefresh = false;
            SessionExpiresValue = null;
            RequireTimer = false;
            SessionAsk = 0;
            SessionMinSe = 0;
            SessionRetries = 0;
            ViaOurProxy = false;
            CancelTx = null;
            CancelGen = 0;
            LastAck = null;
            LastAckCSeq = 0;
            AckTransport = SipTransportKind.Udp;
            AckHost = null;
            AckPort = 0;
            AckServerName = null;
            ServerRequest = null;
            ServerTx = null;
            ServerGen = 0;
            ServerCSeq = 0;
            PendingAnswer = null;
            AnswerInAck = false;
            Ok2xx = null;
            OkInterval = 0;
            for (int i = 0; i < _timers.Length; i++)
            {
                _timers[i] = Off;
            }

            ByeTx = null;
            ByeGen = 0;
            Hidden = false;
            TransferOf = null;
            TransferOfId = 0;
            ReferredBy = null;
            ReplacesValue = null;
            ReferSubscribed = false;
            NotifyTx = null;
            NotifyGen = 0;
            ReferTx = null;
            ReferGen = 0;
            ReferActive = false;
            ReferToValue = null;
            ReferAuthRetried = false;
        }

        /// <summary>The call a REFER placed this one for, while that call still lasts; else null.</summary>
        internal SipCall LiveTransferOf
        {
            get { return TransferOf != null && TransferOf.CallId == TransferOfId && TransferOf.State != SipCallState.Idle ? TransferOf : null; }
        }
    }
}
