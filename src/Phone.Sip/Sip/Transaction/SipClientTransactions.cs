using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// The client transactions of RFC 3261 §17.1 on the client slots of the layer's pool: INVITE client (§17.1.1,
    /// Figure 5, timers A, B, D, and RFC 6026 §7.2 Accepted with timer M) and non-INVITE client (§17.1.2,
    /// Figure 6, timers E, F, K). Starts a transaction for a request, moves it on each matched response, fires its
    /// timers, and builds the ACK for a non-2xx final response (§17.1.1.3).
    /// </summary>
    internal sealed class SipClientTransactions
    {
        private readonly SipTransactionLayer _layer;
        private readonly SipTransaction[] _pool;
        private readonly SipMessage _scratch;
        private readonly SipVia _via;
        private readonly SipCSeq _cseq;
        private readonly SipMessageWriter _writer;
        private readonly byte[] _work;

        public SipClientTransactions(SipTransactionLayer layer)
        {
            _layer = layer;
            _pool = layer.Pool;
            _scratch = layer.Scratch;
            _via = layer.Via;
            _cseq = layer.CSeq;
            _writer = layer.Writer;
            _work = layer.Work;
        }

        /// <summary>SipTransactionLayer.SendRequest: checks the request, takes a client slot and sends (§17.1.1.2, §17.1.2.2).</summary>
        public SipTransactionStatus Start(byte[] request, int offset, int count, SipTransportKind transport, string host, int port,
            string serverName, long nowMs, out SipTransaction tx)
        {
            tx = null;
            SipTransport net = _layer.Transport;
            if (request == null || offset < 0 || count <= 0 || offset + count > request.Length || host == null || port <= 0 ||
                port > 65535 || net == null)
            {
                return SipTransactionStatus.BadArgument;
            }

            // §17.1.3 matches responses by the branch, so it must be an RFC 3261 one; an ACK is never a transaction (§17.1.1.3).
            if (SipParser.Parse(request, offset, count, false, _scratch) != SipError.Ok || !_scratch.IsRequest ||
                _scratch.IsMethod("ACK") || _scratch.GetVia(0, _via) != SipError.Ok || !SipBranch.IsRfc3261(_via.Branch) ||
                _scratch.GetCSeq(_cseq) != SipError.Ok)
            {
                return SipTransactionStatus.BadMessage;
            }

            SipTransaction t = null;
            for (int i = 0; i < _layer.MaxClientTransactions && t == null; i++)
            {
                if (!_pool[i].InUse)
                {
                    t = _pool[i];
                }
            }

            if (t == null)
            {
                return SipTransactionStatus.TableFull;
            }

            int connectionId = 0;
            if (transport != SipTransportKind.Udp)
            {
                SipTransportStatus ts;
                connectionId = net.Acquire(transport, host, port, serverName, nowMs, out ts);
                if (connectionId == 0)
                {
                    return ts == SipTransportStatus.ConnectionTableFull ? SipTransactionStatus.ConnectionTableFull
                        : (ts == SipTransportStatus.BadArgument ? SipTransactionStatus.BadArgument : SipTransactionStatus.TransportError);
                }
            }

            t.Begin();
            bool invite = _scratch.IsMethod("INVITE");
            t.Kind = invite ? SipTransactionKind.InviteClient : SipTransactionKind.NonInviteClient;
            t.State = invite ? SipTransactionState.Calling : SipTransactionState.Trying;
            t.Branch = _via.Branch;
            t.Method = _scratch.Method;
            t.CSeqNumber = _cseq.Number;
            t.Transport = transport;
            t.ConnectionId = connectionId;
            t.RemoteHost = host;
            t.RemotePort = port;
            t.Request = SipTransactionLayer.Copy(request, offset, count);

            // §17.1.1.2 (A, B) and §17.1.2.2 (E, F): retransmit only on unreliable transports; B and F = 64·T1 always.
            SipTimerSettings timers = _layer.Timers;
            if (transport == SipTransportKind.Udp)
            {
                t.RetransmitIntervalMs = timers.T1;
                t.Timers.Arm(invite ? SipTimer.A : SipTimer.E, nowMs + timers.T1);
            }

            t.Timers.Arm(invite ? SipTimer.B : SipTimer.F, nowMs + timers.SixtyFourT1);
            tx = t;

            if (transport == SipTransportKind.Udp || net.IsOpen(connectionId))
            {
                Transmit(t, t.Request);
            }
            else
            {
                t.WaitingForConnection = true;
            }

            return SipTransactionStatus.Ok;
        }

        /// <summary>
        /// A response matched to t (§17.1.3): moves the state machine, passes the response to the TU when the
        /// machine says so, and ends the transaction when its D, K or M wait is zero.
        /// </summary>
        public void Receive(SipTransaction t, SipMessage m, long nowMs)
        {
            int code = m.StatusCode;
            SipTransactionState s = t.State;
            SipTimerSettings timers = _layer.Timers;
            bool deliver = false;
            t.LastStatusCode = code;
            if (t.Kind == SipTransactionKind.InviteClient)
            {
                if (s == SipTransactionState.Calling || s == SipTransactionState.Proceeding)
                {
                    // §17.1.1.2: any response stops A and B; in Proceeding no timer runs.
                    deliver = true;
                    t.Timers.StopAll();
                    if (code < 200)
                    {
                        t.State = SipTransactionState.Proceeding;
                    }
                    else if (code < 300)
                    {
                        // RFC 6026 §7.2: Accepted, timer M = 64·T1; 2xx retransmissions go to the TU.
                        t.State = SipTransactionState.Accepted;
                        t.Timers.Arm(SipTimer.M, nowMs + timers.SixtyFourT1);
                    }
                    else
                    {
                        // §17.1.1.2/§17.1.1.3: ACK the non-2xx, Completed, timer D (0 on reliable transports).
                        t.Ack = BuildAck(t, m);
                        SendAck(t);
                        t.State = SipTransactionState.Completed;
                        t.Timers.Arm(SipTimer.D, nowMs + (t.IsReliable ? 0 : timers.UnreliableTimerDMs));
                    }
                }
                else if (s == SipTransactionState.Completed && code >= 300)
                {
                    // §17.1.1.2: a retransmitted final response is ACKed again, not passed up.
                    SendAck(t);
                }
                else if (s == SipTransactionState.Accepted && code >= 200 && code < 300)
                {
                    deliver = true;
                }
            }
            else if (s == SipTransactionState.Trying || s == SipTransactionState.Proceeding)
            {
                // §17.1.2.2: a provisional response keeps E (reset to T2 when it next fires) and F.
                deliver = true;
                if (code < 200)
                {
                    t.State = SipTransactionState.Proceeding;
                }
                else
                {
                    // §17.1.2.2: Completed, E and F stop, timer K = T4 unreliable, 0 reliable.
                    t.State = SipTransactionState.Completed;
                    t.Timers.StopAll();
                    t.Timers.Arm(SipTimer.K, nowMs + (t.IsReliable ? 0 : timers.T4));
                }
            }

            int gen = t.Generation;
            ISipTransactionUser user = _layer.User;
            if (deliver && user != null)
            {
                user.OnResponse(t, m, nowMs);
            }

            if (t.InUse && t.Generation == gen && WaitIsOver(t, nowMs))
            {
                t.Terminate();
            }
        }

        /// <summary>Timer of client transaction t due at atMs (already stopped by the layer).</summary>
        public void Fire(SipTransaction t, SipTimer timer, long atMs)
        {
            switch (timer)
            {
                case SipTimer.A:
                    // §17.1.1.2: retransmit the INVITE; the interval doubles without bound.
                    t.Retransmissions++;
                    Transmit(t, t.Request);
                    t.RetransmitIntervalMs = 2 * t.RetransmitIntervalMs;
                    t.Timers.Arm(SipTimer.A, atMs + t.RetransmitIntervalMs);
                    break;
                case SipTimer.E:
                    // §17.1.2.2: retransmit; the interval doubles up to T2 in Trying and is T2 in Proceeding.
                    t.Retransmissions++;
                    Transmit(t, t.Request);
                    long t2 = _layer.Timers.T2;
                    long doubled = 2 * t.RetransmitIntervalMs;
                    t.RetransmitIntervalMs = t.State == SipTransactionState.Proceeding || doubled > t2 ? t2 : doubled;
                    t.Timers.Arm(SipTimer.E, atMs + t.RetransmitIntervalMs);
                    break;
                case SipTimer.B:
                case SipTimer.F:
                    // §17.1.1.2 / §17.1.2.2: no final response in 64·T1; the transaction times out.
                    t.Terminate();
                    if (_layer.User != null)
                    {
                        _layer.User.OnTimeout(t, atMs);
                    }

                    break;
                default:
                    // D, K (§17.1.1.2, §17.1.2.2), M (RFC 6026 §7.2): the wait for retransmissions is over.
                    t.Terminate();
                    break;
            }
        }

        /// <summary>Sends data (the request or the ACK) of t to its destination: UDP, or the transaction's connection.</summary>
        public void Transmit(SipTransaction t, byte[] data)
        {
            SipTransport net = _layer.Transport;
            if (data == null || net == null)
            {
                return;
            }

            if (t.Transport == SipTransportKind.Udp)
            {
                net.SendTo(t.RemoteHost, t.RemotePort, data, 0, data.Length);
            }
            else
            {
                net.Send(t.ConnectionId, data, 0, data.Length);
            }
        }

        private void SendAck(SipTransaction t)
        {
            if (t.Ack != null)
            {
                Transmit(t, t.Ack);
            }
        }

        /// <summary>D (INVITE), K (non-INVITE) or M (RFC 6026) armed and already due: a zero wait on a reliable transport.</summary>
        private static bool WaitIsOver(SipTransaction t, long nowMs)
        {
            SipTimerTable timers = t.Timers;
            return timers.DeadlineOf(SipTimer.D) <= nowMs || timers.DeadlineOf(SipTimer.K) <= nowMs || timers.DeadlineOf(SipTimer.M) <= nowMs;
        }

        /// <summary>
        /// RFC 3261 §17.1.1.3: the ACK for a non-2xx has the Request-URI, Call-ID, From, CSeq number and top Via
        /// of the request, the To of the response, the request's Route headers, and CSeq method ACK.
        /// </summary>
        private byte[] BuildAck(SipTransaction t, SipMessage response)
        {
            int toAt = response.FindHeader(SipHeader.To, 0);
            string to = toAt >= 0 ? response.HeaderValue(toAt) : null;
            SipMessage r = _scratch;
            if (SipParser.Parse(t.Request, 0, t.Request.Length, false, r) != SipError.Ok)
            {
                return null;
            }

            _writer.Begin(_work, 0, _work.Length);
            _writer.StartRequest("ACK", r.RequestUri);
            int s;
            int e;
            if (r.GetElement(SipHeader.Via, 0, out s, out e) == SipError.Ok)
            {
                _writer.AddHeader(SipHeader.Via, System.Text.Encoding.UTF8.GetString(r.Buffer, s, e - s));
            }

            _writer.AddHeader(SipHeader.MaxForwards, 70);
            for (int i = 0; i < r.HeaderCount; i++)
            {
                if (r.HeaderId(i) == SipHeader.Route)
                {
                    _writer.CopyHeader(r, i);
                }
            }

            int at = r.FindHeader(SipHeader.From, 0);
            if (at >= 0)
            {
                _writer.CopyHeader(r, at);
            }

            if (to != null)
            {
                _writer.AddHeader(SipHeader.To, to);
            }

            at = r.FindHeader(SipHeader.CallId, 0);
            if (at >= 0)
            {
                _writer.CopyHeader(r, at);
            }

            _writer.AddHeader(SipHeader.CSeq, t.CSeqNumber.ToString() + " ACK");
            if (_writer.Finish(null, 0, 0) != SipError.Ok)
            {
                return null;
            }

            return SipTransactionLayer.Copy(_work, 0, _writer.Length);
        }
    }
}
