namespace Phone.Sip.Transaction
{
    /// <summary>
    /// Which transaction a received message belongs to: responses to client transactions (RFC 3261 §17.1.3),
    /// requests to server transactions (§17.2.3, with the RFC 2543 fallback for branches without the z9hG4bK
    /// cookie), and the keys a new server transaction is matched by. Client slots come first in the pool. Reads
    /// the message into the layer's shared Via, CSeq and name-addr; no allocation beyond the RFC 2543 keys.
    /// </summary>
    internal sealed class SipTransactionMatcher
    {
        private readonly SipTransaction[] _pool;
        private readonly int _clients;
        private readonly SipVia _via;
        private readonly SipCSeq _cseq;
        private readonly SipNameAddr _addr;

        public SipTransactionMatcher(SipTransaction[] pool, int clients, SipVia via, SipCSeq cseq, SipNameAddr addr)
        {
            _pool = pool;
            _clients = clients;
            _via = via;
            _cseq = cseq;
            _addr = addr;
        }

        /// <summary>
        /// RFC 3261 §17.1.3: the client transaction whose top Via branch is branch and whose request method is the
        /// CSeq method of the response (so a CANCEL's 200 never reaches its INVITE), or null.
        /// </summary>
        public SipTransaction MatchResponse(string branch, string cseqMethod)
        {
            for (int i = 0; i < _clients && branch != null; i++)
            {
                SipTransaction c = _pool[i];
                if (c.InUse && c.Branch == branch && c.Method == cseqMethod)
                {
                    return c;
                }
            }

            return null;
        }

        /// <summary>
        /// RFC 3261 §18.1.2: whether the top Via sent-by of a response (already read into the shared Via) is the
        /// localHost (and localPort, when set) we put in requests; a response that fails goes no further.
        /// </summary>
        public bool SentByIs(string localHost, int localPort)
        {
            string host = _via.Host;
            if (host == null || localHost == null || host.ToLower() != localHost.ToLower())
            {
                return false;
            }

            return localPort <= 0 || _via.Port == localPort;
        }

        /// <summary>
        /// RFC 3261 §17.2.3: the server transaction request m belongs to when its method were method (INVITE for
        /// an ACK or for the INVITE a CANCEL targets, §9.2), or null. ack selects the To tag an ACK carries: the
        /// one of our response.
        /// </summary>
        public SipTransaction MatchRequest(SipMessage m, string method, bool ack)
        {
            if (m.GetVia(0, _via) != SipError.Ok)
            {
                return null;
            }

            string branch = _via.Branch;
            if (SipBranch.IsRfc3261(branch))
            {
                // §17.2.3: branch, sent-by host and port of the top Via, and method.
                string host = _via.Host == null ? null : _via.Host.ToLower();
                int port = _via.Port;
                for (int i = _clients; i < _pool.Length; i++)
                {
                    SipTransaction t = _pool[i];
                    if (t.InUse && t.Branch == branch && t.SentByHost == host && t.SentByPort == port && t.Method == method)
                    {
                        return t;
                    }
                }

                return null;
            }

            // §17.2.3, RFC 2543 fallback: Request-URI, From tag, Call-ID, CSeq, top Via, and To tag (for ACK: the tag we sent).
            string uri = m.RequestUri;
            string callId = m.CallId;
            string fromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
            string toTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
            string topVia = TopVia(m);
            int cseq = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            for (int i = _clients; i < _pool.Length; i++)
            {
                SipTransaction t = _pool[i];
                if (!t.InUse || t.Branch != null || t.Method != method)
                {
                    continue;
                }

                if (t.RequestUri != uri || t.CallId != callId || t.FromTag != fromTag || t.CSeqNumber != cseq || t.TopVia != topVia)
                {
                    continue;
                }

                string expectTo = ack ? (t.ToTag != null ? t.ToTag : t.ResponseToTag) : t.ToTag;
                if (expectTo == toTag)
                {
                    return t;
                }
            }

            return null;
        }

        /// <summary>Stores on server transaction t the §17.2.3 keys of the request m that created it.</summary>
        public void Remember(SipTransaction t, SipMessage m)
        {
            m.GetVia(0, _via);
            t.Branch = SipBranch.IsRfc3261(_via.Branch) ? _via.Branch : null;
            t.SentByHost = _via.Host == null ? null : _via.Host.ToLower();
            t.SentByPort = _via.Port;
            t.CSeqNumber = m.GetCSeq(_cseq) == SipError.Ok ? _cseq.Number : -1;
            if (t.Branch == null)
            {
                // RFC 2543 keys, only for a request without the magic cookie.
                t.RequestUri = m.RequestUri;
                t.CallId = m.CallId;
                t.FromTag = m.GetFrom(_addr) == SipError.Ok ? _addr.Tag : null;
                t.ToTag = m.GetTo(_addr) == SipError.Ok ? _addr.Tag : null;
                t.TopVia = TopVia(m);
            }
        }

        private static string TopVia(SipMessage m)
        {
            int s;
            int e;
            if (m.GetElement(SipHeader.Via, 0, out s, out e) != SipError.Ok)
            {
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(m.Buffer, s, e - s);
        }
    }
}
