using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The server transactions of RFC 3261 §17.2 on the server slots of the layer's pool: INVITE server (§17.2.1,
    /// Figure 7, 100 Trying after 200 ms, timers G, H, I, and RFC 6026 §7.1 Accepted with timer L) and
    /// non-INVITE server (§17.2.2, Figure 8, timer J). Starts a transaction for a new request, sends the TU's
    /// responses and moves the machine, absorbs retransmissions and ACKs, fires its timers, and answers 503 when
    /// no slot is free. Responses go where §18.2.2 and RFC 3581 §4 say.
    /// </summary>
    internal sealed class SipServerTransactions
    {
        private readonly SipTransactionLayer _layer;
        private readonly SipTransactionMatcher _matcher;
        private readonly SipMessage _scratch;
        private readonly SipVia _via;
        private readonly SipNameAddr _addr;
        private readonly SipMessageWriter _writer;
        private readonly byte[] _work;

        public SipServerTransactions(SipTransactionLayer layer, SipTransactionMatcher matcher)
        {
            _layer = layer;
            _matcher = matcher;
            _scratch = layer.Scratch;
            _via = layer.Via;
            _addr = layer.Addr;
            _writer = layer.Writer;
            _work = layer.Work;
        }

        /// <summary>Free slot t takes request m from source: INVITE server in Proceeding (§17.2.1) or non-INVITE in Trying (§17.2.2).</summary>
        public void Start(SipTransaction t, SipMessage m, SipSource source, long nowMs)
        {
            t.Begin();
            bool invite = m.IsMethod("INVITE");
            t.Kind = invite ? SipTransactionKind.InviteServer : SipTransactionKind.NonInviteServer;
            t.State = invite ? SipTransactionState.Proceeding : SipTransactionState.Trying;
            t.Method = m.Method;
            t.Transport = source.Transport;
            t.ConnectionId = source.ConnectionId;
            t.RemoteHost = source.Host;
            t.RemotePort = source.Port;
            t.ResponseHost = source.Host;
            t.ResponsePort = ResponsePort(m, source);
            _matcher.Remember(t, m);
            if (invite)
            {
                // §17.2.1: 100 Trying unless the TU answers within 200 ms.
                t.Trying = BuildTrying(m);
                t.Timers.Arm(SipTimer.Trying, nowMs + _layer.Timers.TryingDelayMs);
            }
            else if (m.IsMethod("CANCEL"))
            {
                // §9.2: the CANCEL matches the INVITE it cancels by the same rules, method aside.
                t.CancelTarget = _matcher.MatchRequest(m, "INVITE", false);
            }
        }

        /// <summary>SipTransactionLayer.SendResponse: sends the TU's response on tx and moves its machine (§17.2.1, §17.2.2).</summary>
        public SipTransactionStatus Respond(SipTransaction tx, byte[] response, int offset, int count, long nowMs)
        {
            if (tx == null || !tx.InUse || tx.IsClient || response == null || offset < 0 || count <= 0 ||
                offset + count > response.Length)
            {
                return SipTransactionStatus.BadArgument;
            }

            if (SipParser.ParseHead(response, offset, count, _scratch) != SipError.Ok || _scratch.IsRequest)
            {
                return SipTransactionStatus.BadMessage;
            }

            int code = _scratch.StatusCode;
            string toTag = null;
            if (_scratch.GetTo(_addr) == SipError.Ok)
            {
                toTag = _addr.Tag;
            }

            SipTransactionState s = tx.State;
            bool provisional = code < 200;
            if (tx.Kind == SipTransactionKind.InviteServer)
            {
                // §17.2.1: responses only in Proceeding; RFC 6026 §7.1: the TU's 2xx retransmissions in Accepted.
                if (!(s == SipTransactionState.Proceeding || (s == SipTransactionState.Accepted && code >= 200 && code < 300)))
                {
                    return SipTransactionStatus.WrongState;
                }
            }
            else if (s != SipTransactionState.Trying && s != SipTransactionState.Proceeding)
            {
                return SipTransactionStatus.WrongState;
            }

            tx.LastResponse = SipTransactionLayer.Copy(response, offset, count);
            tx.LastStatusCode = code;
            tx.Timers.Stop(SipTimer.Trying);
            SipTransactionStatus sent = SendLastResponse(tx);
            SipTimerSettings timers = _layer.Timers;

            if (tx.Kind == SipTransactionKind.InviteServer)
            {
                if (provisional)
                {
                    // §17.2.1: stays in Proceeding.
                }
                else if (code < 300)
                {
                    // RFC 6026 §7.1: Accepted, timer L = 64·T1; the TU retransmits the 2xx.
                    if (s != SipTransactionState.Accepted)
                    {
                        tx.State = SipTransactionState.Accepted;
                        tx.Timers.Arm(SipTimer.L, nowMs + timers.SixtyFourT1);
                    }
                }
                else
                {
                    // §17.2.1: Completed; timer G (unreliable) from T1, timer H = 64·T1.
                    tx.State = SipTransactionState.Completed;
                    tx.ResponseToTag = toTag;
                    if (!tx.IsReliable)
                    {
                        tx.RetransmitIntervalMs = timers.T1;
                        tx.Timers.Arm(SipTimer.G, nowMs + timers.T1);
                    }

                    tx.Timers.Arm(SipTimer.H, nowMs + timers.SixtyFourT1);
                }
            }
            else if (provisional)
            {
                tx.State = SipTransactionState.Proceeding;
            }
            else
            {
                // §17.2.2: Completed; timer J = 64·T1 unreliable, 0 reliable.
                tx.State = SipTransactionState.Completed;
                if (tx.IsReliable)
                {
                    tx.Terminate();
                }
                else
                {
                    tx.Timers.Arm(SipTimer.J, nowMs + timers.SixtyFourT1);
                }
            }

            if (sent != SipTransactionStatus.Ok && tx.InUse && tx.IsReliable)
            {
                // §17.2.4: the connection is gone; the transaction fails.
                tx.Terminate();
            }

            return sent;
        }

        /// <summary>
        /// An ACK matched to INVITE server transaction t (§17.2.3). Returns false when t absorbs it (Proceeding, or
        /// a retransmitted ACK in Confirmed).
        /// </summary>
        public bool OnAck(SipTransaction t, SipMessage m, SipSource source, long nowMs)
        {
            if (t.State == SipTransactionState.Completed)
            {
                // §17.2.1: Confirmed; G and H stop; timer I = T4 unreliable, 0 reliable.
                t.State = SipTransactionState.Confirmed;
                t.Timers.StopAll();
                if (t.IsReliable)
                {
                    t.Terminate();
                }
                else
                {
                    t.Timers.Arm(SipTimer.I, nowMs + _layer.Timers.T4);
                }

                return true;
            }

            if (t.State == SipTransactionState.Accepted)
            {
                // RFC 6026 §7.1: the ACK for the 2xx is passed to the TU.
                if (_layer.User != null)
                {
                    _layer.User.OnRequest(t, m, source, nowMs);
                }

                return true;
            }

            return false;
        }

        /// <summary>A retransmitted request matched to t: §17.2.1 / §17.2.2 resend the last response; RFC 6026 Accepted absorbs.</summary>
        public void OnRetransmission(SipTransaction t)
        {
            if (t.LastResponse != null && (t.State == SipTransactionState.Proceeding || t.State == SipTransactionState.Completed))
            {
                SendLastResponse(t);
            }
        }

        /// <summary>Timer of server transaction t due at atMs (already stopped by the layer).</summary>
        public void Fire(SipTransaction t, SipTimer timer, long atMs)
        {
            switch (timer)
            {
                case SipTimer.Trying:
                    // §17.2.1: the TU did not answer within 200 ms; send 100 Trying.
                    if (t.State == SipTransactionState.Proceeding && t.LastResponse == null && t.Trying != null)
                    {
                        t.LastResponse = t.Trying;
                        t.LastStatusCode = 100;
                        SendLastResponse(t);
                    }

                    break;
                case SipTimer.G:
                    // §17.2.1: resend the final response; the interval doubles up to T2.
                    t.Retransmissions++;
                    SendLastResponse(t);
                    long doubled = 2 * t.RetransmitIntervalMs;
                    long t2 = _layer.Timers.T2;
                    t.RetransmitIntervalMs = doubled < t2 ? doubled : t2;
                    t.Timers.Arm(SipTimer.G, atMs + t.RetransmitIntervalMs);
                    break;
                case SipTimer.H:
                    // §17.2.1: no ACK in 64·T1; the transaction times out.
                    t.Terminate();
                    if (_layer.User != null)
                    {
                        _layer.User.OnTimeout(t, atMs);
                    }

                    break;
                default:
                    // I (§17.2.1), J (§17.2.2), L (RFC 6026 §7.1): the wait for retransmissions is over.
                    t.Terminate();
                    break;
            }
        }

        /// <summary>RFC 3581 §4 with rport: the source port; else RFC 3261 §18.2.2: sent-by port or 5060.</summary>
        public int ResponsePort(SipMessage m, SipSource source)
        {
            if (m.GetVia(0, _via) != SipError.Ok)
            {
                return source.Port;
            }

            if (_via.HasRport && source.Port > 0)
            {
                return source.Port;
            }

            return _via.Port > 0 ? _via.Port : 5060;
        }

        /// <summary>SipTransactionLayer.SendStatelessResponse: a response outside any transaction (§8.2.7, §18.2.2).</summary>
        public SipTransactionStatus RespondStateless(SipMessage request, SipSource source, byte[] response, int offset, int count)
        {
            SipTransport net = _layer.Transport;
            if (request == null || source == null || response == null || offset < 0 || count <= 0 || offset + count > response.Length ||
                net == null)
            {
                return SipTransactionStatus.BadArgument;
            }

            byte[] copy = SipTransactionLayer.Copy(response, offset, count);
            if (source.IsReliable)
            {
                return SipTransactionLayer.Map(net.Send(source.ConnectionId, copy, 0, copy.Length));
            }

            return SipTransactionLayer.Map(net.SendTo(source.Host, ResponsePort(request, source), copy, 0, copy.Length));
        }

        /// <summary>503 when no transaction slot is free (RFC 3261 §21.5.4), sent statelessly; never for ACK.</summary>
        public void RejectBusy(SipMessage m, SipSource source)
        {
            _writer.Begin(_work, 0, _work.Length);
            if (SipResponseBuilder.Start(_writer, m, 503, "Service Unavailable", _layer.NewTag(), _addr) != SipError.Ok ||
                _writer.AddHeader("Retry-After", "5") != SipError.Ok || _writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return;
            }

            RespondStateless(m, source, _work, 0, _writer.Length);
        }

        /// <summary>100 Trying (§8.2.6.1): no To tag added, Timestamp copied.</summary>
        private byte[] BuildTrying(SipMessage m)
        {
            _writer.Begin(_work, 0, _work.Length);
            if (SipResponseBuilder.Start(_writer, m, 100, "Trying", null, _addr) != SipError.Ok || _writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return null;
            }

            return SipTransactionLayer.Copy(_work, 0, _writer.Length);
        }

        /// <summary>The last response of t again: on its connection, or by UDP to the §18.2.2 / RFC 3581 address.</summary>
        private SipTransactionStatus SendLastResponse(SipTransaction t)
        {
            if (t.LastResponse == null)
            {
                return SipTransactionStatus.Ok;
            }

            SipTransport net = _layer.Transport;
            if (t.IsReliable)
            {
                return SipTransactionLayer.Map(net.Send(t.ConnectionId, t.LastResponse, 0, t.LastResponse.Length));
            }

            return SipTransactionLayer.Map(net.SendTo(t.ResponseHost, t.ResponsePort, t.LastResponse, 0, t.LastResponse.Length));
        }
    }
}
