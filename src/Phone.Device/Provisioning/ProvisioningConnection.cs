namespace Phone.Device.Provisioning
{
    /// <summary>
    /// One TCP connection to the provisioning endpoint, sans-I/O: the caller feeds received bytes in any
    /// pieces and, once <see cref="Response"/> is set, sends <c>Response.ToBytes()</c> and closes. Memory is
    /// bounded by ProvisioningEndpoint.MaxHeadBytes for the head plus the declared body, which is refused
    /// above ProvisioningEndpoint.MaxBodyBytes before any of it is stored. Never throws on input.
    /// <para>
    /// Time is bounded too: the whole request (head and body) must arrive within <see cref="RequestDeadlineMs"/>
    /// of the accept, however the bytes trickle in; after that <see cref="Expire"/> (or the next Receive) answers
    /// 408 and the caller closes. An idle timer that restarts on every byte would let one client holding the
    /// single-connection server send a byte every few seconds for hours.
    /// </para>
    /// </summary>
    public sealed class ProvisioningConnection
    {
        /// <summary>RFC 9112 §2.2 asks servers to skip at least one empty line before the request line; a few are allowed.</summary>
        const int MaxLeadingLineEnds = 8;

        /// <summary>
        /// Absolute limit for one request, head and body together: a 32 KiB nf.config takes well under a second on
        /// Wi-Fi, so 15 s leaves room for slow links and a person typing into a raw connection, not for trickling.
        /// </summary>
        public const int RequestDeadlineMs = 15000;

        readonly ProvisioningEndpoint _endpoint;
        readonly string _source;
        long _startMs;
        bool _started;
        readonly byte[] _head = new byte[ProvisioningEndpoint.MaxHeadBytes];
        int _headUsed;
        int _leading;
        HttpRequestHead _request;
        byte[] _body;
        int _bodyUsed;
        ProvisioningResponse _response;

        internal ProvisioningConnection(ProvisioningEndpoint endpoint, string source, long startMs)
        {
            _endpoint = endpoint;
            _source = source == null ? string.Empty : source;
            if (startMs >= 0)
            {
                _startMs = startMs;
                _started = true;
            }
        }

        /// <summary>The peer's address as given to Accept (empty when unknown).</summary>
        public string Source { get { return _source; } }

        /// <summary>Clock value by which the request must be complete (meaningful once started).</summary>
        public long DeadlineMs { get { return _startMs + RequestDeadlineMs; } }

        /// <summary>
        /// Call while waiting for bytes: true when the request is past its deadline, in which case Response is 408
        /// (RFC 9110 §15.5.9) and the caller sends it and closes. Also true once any answer is ready.
        /// </summary>
        public bool Expire(long nowMs)
        {
            if (_response != null)
            {
                return true;
            }

            if (!_started)
            {
                _startMs = nowMs;
                _started = true;
            }

            if (nowMs - _startMs >= RequestDeadlineMs)
            {
                _response = ProvisioningEndpoint.Error(408, "Request Timeout", "the request must arrive within " + (RequestDeadlineMs / 1000).ToString() + " s");
                _body = null;
                return true;
            }

            return false;
        }

        /// <summary>The answer once the request is complete or refused; null while more bytes are needed.</summary>
        public ProvisioningResponse Response { get { return _response; } }

        public bool IsComplete { get { return _response != null; } }

        /// <summary>Takes data[offset .. offset+count). Returns the number of bytes used; bytes after a complete request are ignored.</summary>
        public int Receive(byte[] data, int offset, int count, long nowMs)
        {
            if (_response != null || data == null || offset < 0 || count <= 0 || offset > data.Length - count)
            {
                return 0;
            }

            if (Expire(nowMs))
            {
                return 0;
            }

            int i = offset;
            int end = offset + count;
            while (i < end && _request == null)
            {
                byte b = data[i++];
                if (_headUsed == 0 && (b == '\r' || b == '\n'))
                {
                    if (++_leading > MaxLeadingLineEnds)
                    {
                        _response = ProvisioningEndpoint.Error(400, "Bad Request", "empty lines before the request");
                        return i - offset;
                    }

                    continue;
                }

                if (_headUsed == _head.Length)
                {
                    _response = HeadTooLarge();
                    return i - offset;
                }

                _head[_headUsed++] = b;
                if (b == '\n' && EndsHead())
                {
                    _request = HttpRequestHead.Parse(_head, _headUsed);
                    _response = _endpoint.BeforeBody(_source, _request, nowMs);
                    if (_response != null)
                    {
                        return i - offset;
                    }

                    _body = new byte[_request.ContentLength > 0 ? _request.ContentLength : 0];
                }
            }

            if (_request != null && _response == null)
            {
                int take = _body.Length - _bodyUsed;
                if (take > end - i)
                {
                    take = end - i;
                }

                System.Array.Copy(data, i, _body, _bodyUsed, take);
                _bodyUsed += take;
                i += take;
                if (_bodyUsed == _body.Length)
                {
                    _response = _endpoint.WithBody(_request, _body, _bodyUsed, nowMs);
                    _body = null;
                }
            }

            return i - offset;
        }

        /// <summary>True when the head ends with an empty line: LF LF or LF CR LF.</summary>
        bool EndsHead()
        {
            int n = _headUsed;
            if (n >= 2 && _head[n - 2] == '\n')
            {
                return true;
            }

            return n >= 3 && _head[n - 2] == '\r' && _head[n - 3] == '\n';
        }

        ProvisioningResponse HeadTooLarge()
        {
            for (int k = 0; k < _headUsed; k++)
            {
                if (_head[k] == '\n')
                {
                    // RFC 6585 §5: the header fields are too large.
                    return ProvisioningEndpoint.Error(431, "Request Header Fields Too Large", "header section above " + ProvisioningEndpoint.MaxHeadBytes.ToString() + " bytes");
                }
            }

            // RFC 9112 §3: a request-target longer than the server will parse gets 414.
            return ProvisioningEndpoint.Error(414, "URI Too Long", "request line above " + ProvisioningEndpoint.MaxHeadBytes.ToString() + " bytes");
        }
    }
}
