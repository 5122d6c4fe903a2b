using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// One transaction slot (RFC 3261 §17). Slots are pooled by SipTransactionLayer and reused after termination:
    /// compare Generation to tell a reused slot from the transaction you started.
    /// </summary>
    public sealed class SipTransaction
    {
        internal const long Off = SipTimerTable.Off;

        internal bool InUse;
        internal byte[] Request;
        internal byte[] Ack;
        internal byte[] LastResponse;
        internal byte[] Trying;
        internal bool WaitingForConnection;

        /// <summary>The armed timers (RFC 3261 §17, RFC 6026 §7); the slot lives as long as the pool.</summary>
        internal readonly SipTimerTable Timers = new SipTimerTable();

        /// <summary>Interval of the retransmission timer A, E or G, doubled as it fires.</summary>
        internal long RetransmitIntervalMs;

        // RFC 2543 matching (RFC 3261 §17.2.3) for requests without the magic cookie.
        internal string RequestUri;
        internal string FromTag;
        internal string ToTag;
        internal string CallId;
        internal string TopVia;
        internal string ResponseToTag;

        /// <summary>Bumped each time the slot starts a new transaction.</summary>
        public int Generation { get; internal set; }

        public SipTransactionKind Kind { get; internal set; }

        public SipTransactionState State { get; internal set; }

        public bool IsClient
        {
            get { return Kind == SipTransactionKind.InviteClient || Kind == SipTransactionKind.NonInviteClient; }
        }

        public bool IsInvite
        {
            get { return Kind == SipTransactionKind.InviteClient || Kind == SipTransactionKind.InviteServer; }
        }

        /// <summary>Top Via branch (RFC 3261 §17.1.3, §17.2.3).</summary>
        public string Branch { get; internal set; }

        /// <summary>Method of the request that created the transaction.</summary>
        public string Method { get; internal set; }

        public int CSeqNumber { get; internal set; }

        /// <summary>Top Via sent-by host and port of the request (server transactions; port 0 when absent).</summary>
        public string SentByHost { get; internal set; }

        public int SentByPort { get; internal set; }

        public SipTransportKind Transport { get; internal set; }

        /// <summary>Stream connection used (0 for UDP).</summary>
        public int ConnectionId { get; internal set; }

        /// <summary>Client: where requests go. Server: where the request came from.</summary>
        public string RemoteHost { get; internal set; }

        public int RemotePort { get; internal set; }

        /// <summary>Server UDP: where responses go (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
        public string ResponseHost { get; internal set; }

        public int ResponsePort { get; internal set; }

        public bool IsReliable
        {
            get { return Transport != SipTransportKind.Udp; }
        }

        /// <summary>Last status code received (client) or sent (server); 0 when none.</summary>
        public int LastStatusCode { get; internal set; }

        /// <summary>For a CANCEL server transaction: the INVITE server transaction it cancels (RFC 3261 §9.2), or null.</summary>
        public SipTransaction CancelTarget { get; internal set; }

        /// <summary>Times the request (client) or last response (server) was retransmitted by a timer.</summary>
        public int Retransmissions { get; internal set; }

        /// <summary>The earliest pending timer, or long.MaxValue.</summary>
        public long NextDeadlineMs
        {
            get
            {
                if (!InUse)
                {
                    return Off;
                }

                return Timers.NextDeadlineMs;
            }
        }

        /// <summary>When the named timer falls due, or long.MaxValue when it is not armed.</summary>
        public long DeadlineOf(SipTimer timer)
        {
            return InUse ? Timers.DeadlineOf(timer) : Off;
        }

        /// <summary>Takes the free slot for a new transaction: cleared, Generation bumped.</summary>
        internal void Begin()
        {
            int gen = Generation + 1;
            Reset();
            Generation = gen;
            InUse = true;
        }

        /// <summary>Terminated: every timer stopped, the stored messages dropped; the match keys stay for diagnostics.</summary>
        internal void Terminate()
        {
            State = SipTransactionState.Terminated;
            InUse = false;
            Timers.StopAll();
            Request = null;
            Ack = null;
            LastResponse = null;
            Trying = null;
        }

        internal void Reset()
        {
            InUse = false;
            Request = null;
            Ack = null;
            LastResponse = null;
            Trying = null;
            WaitingForConnection = false;
            Timers.StopAll();
            RetransmitIntervalMs = 0;
            RequestUri = null;
            FromTag = null;
            ToTag = null;
            CallId = null;
            TopVia = null;
            ResponseToTag = null;
            Branch = null;
            Method = null;
            CSeqNumber = 0;
            SentByHost = null;
            SentByPort = 0;
            ConnectionId = 0;
            RemoteHost = null;
            RemotePort = 0;
            ResponseHost = null;
            ResponsePort = 0;
            LastStatusCode = 0;
            CancelTarget = null;
            Retransmissions = 0;
        }
    }
}
