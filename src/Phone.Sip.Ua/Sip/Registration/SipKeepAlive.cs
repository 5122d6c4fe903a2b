using Phone.Crypto;
using Phone.Sip.Transport;

namespace Phone.Sip.Registration
{
    /// <summary>
    /// The keep-alive of a registration's UDP flow (RFC 5626 §4.4.2), so a NAT between the phone and its first hop
    /// keeps the mapping the server's requests come back through. It sends STUN Binding requests to the first hop's
    /// SIP port; a hop that answers is kept on STUN, and each answer's mapped address goes to the transport's public
    /// address (a move shows there and the registration registers again). A hop that leaves the first two requests
    /// unanswered does not speak STUN: the phone sends CRLFCRLF instead. On STUN, two unanswered requests in a row
    /// mean the flow failed (§4.4.2). No clock: every call carries nowMs.
    /// </summary>
    public sealed class SipKeepAlive
    {
        private const long Off = long.MaxValue;

        /// <summary>Unanswered STUN requests in a row that end probing (no STUN server) or a STUN flow (failed).</summary>
        public const int MaxUnanswered = 2;

        private static readonly byte[] Crlf = new byte[] { 13, 10, 13, 10 };
        private readonly byte[] _transaction = new byte[StunMessage.TransactionIdLength];
        private readonly IEntropySource _entropy;
        private long _dueAt = Off;
        private int _answersAtSend = -1;
        private int _unanswered;

        public SipKeepAlive(IEntropySource entropy)
        {
            _entropy = entropy;
        }

        /// <summary>Interval between keep-alives; 0 sends none.</summary>
        public long IntervalMs { get; set; }

        /// <summary>
        /// How much earlier than <see cref="IntervalMs"/> each keep-alive may go, chosen at random per keep-alive
        /// (RFC 5626 §4.4: under a Flow-Timer, between 80 % and 100 % of it); 0 for a fixed interval.
        /// </summary>
        public long SpreadMs { get; set; }

        public SipKeepAliveMode Mode { get; private set; }

        /// <summary>Keep-alives sent (STUN requests and CRLF datagrams).</summary>
        public int Sent { get; private set; }

        /// <summary>When the next keep-alive is due; long.MaxValue when stopped.</summary>
        public long DueAt
        {
            get { return _dueAt; }
        }

        /// <summary>The flow was registered: keep-alives start an interval from now (the mode learnt so far is kept).</summary>
        public void Start(long nowMs)
        {
            _dueAt = Next(nowMs);
            _answersAtSend = -1;
            _unanswered = 0;
        }

        public void Stop()
        {
            _dueAt = Off;
            _answersAtSend = -1;
        }

        /// <summary>
        /// Sends the keep-alive due at nowMs to host:port through t. False when the STUN flow failed (two requests
        /// in a row unanswered after the hop had answered before): the caller registers again.
        /// </summary>
        public bool Fire(SipTransport t, string host, int port, long nowMs)
        {
            _dueAt = Next(nowMs);
            if (_answersAtSend >= 0)
            {
                if (t.StunAnswers != _answersAtSend)
                {
                    Mode = SipKeepAliveMode.Stun;
                    _unanswered = 0;
                }
                else if (++_unanswered >= MaxUnanswered)
                {
                    _unanswered = 0;
                    if (Mode == SipKeepAliveMode.Stun)
                    {
                        // RFC 5626 §4.4.2: no Binding response: the flow has failed.
                        _answersAtSend = -1;
                        Mode = SipKeepAliveMode.Probing;
                        return false;
                    }

                    Mode = SipKeepAliveMode.Crlf;
                }
            }

            _answersAtSend = -1;
            SipTransportStatus st;
            if (Mode == SipKeepAliveMode.Crlf)
            {
                st = t.SendTo(host, port, Crlf, 0, Crlf.Length);
            }
            else
            {
                // RFC 5389 §6: a fresh 96-bit random transaction ID per request.
                _entropy.GetBytes(_transaction, 0, _transaction.Length);
                st = t.SendStunBinding(host, port, _transaction);
                if (st == SipTransportStatus.Ok)
                {
                    _answersAtSend = t.StunAnswers;
                }
            }

            // A send the transport cannot queue now is simply skipped: the next one is due an interval later.
            if (st == SipTransportStatus.Ok)
            {
                Sent++;
            }

            return true;
        }

        private long Next(long nowMs)
        {
            if (IntervalMs <= 0)
            {
                return Off;
            }

            return nowMs + Spread(IntervalMs, SpreadMs, SipRandom.UInt16(_entropy));
        }

        /// <summary>
        /// intervalMs less a part of spreadMs chosen by random16 (0..65535): between intervalMs − spreadMs and intervalMs
        /// (RFC 5626 §4.4 under a Flow-Timer F: spreadMs = F/5, so 80–100 % of F). A spread not below the interval is none.
        /// </summary>
        internal static long Spread(long intervalMs, long spreadMs, int random16)
        {
            return spreadMs > 0 && spreadMs < intervalMs ? intervalMs - spreadMs * (random16 & 0xFFFF) / 65535 : intervalMs;
        }
    }
}
