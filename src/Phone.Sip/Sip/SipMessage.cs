namespace Phone.Sip
{
    /// <summary>
    /// A parsed SIP message (RFC 3261 §7) that refers into the caller's buffer: start line, header names and
    /// values and the body are recorded as offsets; strings are made only when an accessor asks. Reuse one
    /// instance per connection: its tables are allocated once. Valid while the buffer is left unchanged.
    /// </summary>
    public sealed class SipMessage
    {
        private readonly int[] _nameStart = new int[SipLimits.MaxHeaders];
        private readonly int[] _nameLength = new int[SipLimits.MaxHeaders];
        private readonly int[] _valueStart = new int[SipLimits.MaxHeaders];
        private readonly int[] _valueLength = new int[SipLimits.MaxHeaders];
        private readonly int[] _id = new int[SipLimits.MaxHeaders];

        // Reused by SipParser.Validate so that parsing allocates no parser objects per message.
        internal readonly SipUri ScratchUri = new SipUri();
        internal readonly SipCSeq ScratchCSeq = new SipCSeq();
        internal readonly SipVia ScratchVia = new SipVia();
        internal readonly SipNameAddr ScratchNameAddr = new SipNameAddr();
        internal readonly SipContact ScratchContact = new SipContact();
        internal readonly SipMediaType ScratchMediaType = new SipMediaType();

        public byte[] Buffer { get; private set; }

        /// <summary>First byte of the start line (leading CRLFs skipped, RFC 3261 §7.5).</summary>
        public int Offset { get; private set; }

        /// <summary>Bytes from Offset to the end of the body.</summary>
        public int Length { get; private set; }

        /// <summary>Bytes from Offset through the empty line ending the header section.</summary>
        public int HeadLength { get; private set; }

        public bool IsRequest { get; private set; }

        public int MethodStart { get; private set; }

        public int MethodLength { get; private set; }

        public int UriStart { get; private set; }

        public int UriLength { get; private set; }

        /// <summary>Status code 100..699 of a response, 0 for a request.</summary>
        public int StatusCode { get; private set; }

        public int ReasonStart { get; private set; }

        public int ReasonLength { get; private set; }

        public int HeaderCount { get; private set; }

        /// <summary>Content-Length value, or -1 when the header is absent.</summary>
        public int ContentLength { get; private set; }

        public int BodyOffset { get; private set; }

        public int BodyLength { get; private set; }

        /// <summary>
        /// Buffer index of the first NUL byte in a header value, or -1. ParseHead still records the head around
        /// it (the framing is intact, so a 400 can be addressed), but Parse fails with NulByte whenever it is set.
        /// </summary>
        public int NulOffset { get; private set; }

        /// <summary>True when header i's value holds a NUL byte: its text must not be used (it would be cut short).</summary>
        public bool HeaderHasNul(int i)
        {
            int s = _valueStart[i];
            int e = s + _valueLength[i];
            for (int k = s; k < e; k++)
            {
                if (Buffer[k] == 0)
                {
                    return true;
                }
            }

            return false;
        }

        public string Method
        {
            get { return IsRequest ? SipText.Ascii(Buffer, MethodStart, MethodLength) : null; }
        }

        public string RequestUri
        {
            get { return IsRequest ? SipText.Ascii(Buffer, UriStart, UriLength) : null; }
        }

        public string ReasonPhrase
        {
            get { return IsRequest ? null : SipText.Utf8(Buffer, ReasonStart, ReasonLength); }
        }

        /// <summary>Case-sensitive method comparison (RFC 3261 §7.1: methods are case-sensitive).</summary>
        public bool IsMethod(string method)
        {
            return IsRequest && SipText.EqualsExact(Buffer, MethodStart, MethodLength, method);
        }

        public SipError GetRequestUri(SipUri into)
        {
            if (!IsRequest)
            {
                return SipError.BadArgument;
            }

            return into.Parse(Buffer, UriStart, UriStart + UriLength);
        }

        public int HeaderId(int i)
        {
            return _id[i];
        }

        public int HeaderNameStart(int i)
        {
            return _nameStart[i];
        }

        public int HeaderNameLength(int i)
        {
            return _nameLength[i];
        }

        /// <summary>Value range: from the first non-blank byte after ":" to the last non-blank byte; may contain folds.</summary>
        public int HeaderValueStart(int i)
        {
            return _valueStart[i];
        }

        public int HeaderValueLength(int i)
        {
            return _valueLength[i];
        }

        /// <summary>The header name as written (compact or full).</summary>
        public string HeaderName(int i)
        {
            return SipText.Ascii(Buffer, _nameStart[i], _nameLength[i]);
        }

        /// <summary>The header value as text, each fold read as a single SP.</summary>
        public string HeaderValue(int i)
        {
            return SipText.ToText(Buffer, _valueStart[i], _valueLength[i]);
        }

        /// <summary>Index of the first header with this id at or after from, or -1.</summary>
        public int FindHeader(int id, int from)
        {
            for (int i = from < 0 ? 0 : from; i < HeaderCount; i++)
            {
                if (_id[i] == id)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the first header called name (case-insensitive; known names also match their compact form), or -1.</summary>
        public int FindHeader(string name, int from)
        {
            int id = SipHeader.Identify(name);
            if (id != SipHeader.Unknown)
            {
                return FindHeader(id, from);
            }

            for (int i = from < 0 ? 0 : from; i < HeaderCount; i++)
            {
                if (_id[i] == SipHeader.Unknown && SipText.EqualsIgnoreCase(Buffer, _nameStart[i], _nameLength[i], name))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Number of headers with this id.</summary>
        public int CountHeaders(int id)
        {
            int n = 0;
            for (int i = 0; i < HeaderCount; i++)
            {
                if (_id[i] == id)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>Value text of the first header with this id (User-Agent, Call-ID, ...), or null.</summary>
        public string GetValue(int id)
        {
            int i = FindHeader(id, 0);
            return i < 0 ? null : HeaderValue(i);
        }

        public string CallId
        {
            get { return GetValue(SipHeader.CallId); }
        }

        public string UserAgent
        {
            get { return GetValue(SipHeader.UserAgent); }
        }

        /// <summary>
        /// Number of comma-separated elements over all headers with this id (RFC 3261 §7.3.1), or -1 when the
        /// list is malformed or longer than SipLimits.MaxElements (CountElements tells why).
        /// </summary>
        public int ElementCount(int id)
        {
            int n;
            return CountElements(id, out n) == SipError.Ok ? n : -1;
        }

        /// <summary>Counts the comma-separated elements over all headers with this id; Ok or the reason it could not.</summary>
        public SipError CountElements(int id, out int count)
        {
            count = 0;
            for (int h = 0; h < HeaderCount; h++)
            {
                if (_id[h] != id)
                {
                    continue;
                }

                int i = _valueStart[h];
                int end = i + _valueLength[h];
                while (true)
                {
                    int es;
                    int ee;
                    SipError e = SipList.Next(Buffer, ref i, end, out es, out ee);
                    if (e != SipError.Ok)
                    {
                        return e;
                    }

                    if (++count > SipLimits.MaxElements)
                    {
                        return SipError.TooManyElements;
                    }

                    if (i > end)
                    {
                        break;
                    }
                }
            }

            return SipError.Ok;
        }

        /// <summary>Range of the n-th comma-separated element over all headers with this id, trimmed of LWS.</summary>
        public SipError GetElement(int id, int n, out int start, out int end)
        {
            start = 0;
            end = 0;
            int k = 0;
            for (int h = 0; h < HeaderCount; h++)
            {
                if (_id[h] != id)
                {
                    continue;
                }

                int i = _valueStart[h];
                int e = i + _valueLength[h];
                while (true)
                {
                    int es;
                    int ee;
                    SipError r = SipList.Next(Buffer, ref i, e, out es, out ee);
                    if (r != SipError.Ok)
                    {
                        return r;
                    }

                    if (k > SipLimits.MaxElements)
                    {
                        return SipError.TooManyElements;
                    }

                    if (k == n)
                    {
                        start = SipText.SkipLws(Buffer, es, ee);
                        end = SipText.TrimEnd(Buffer, start, ee);
                        return SipError.Ok;
                    }

                    k++;
                    if (i > e)
                    {
                        break;
                    }
                }
            }

            return SipError.HeaderNotFound;
        }

        /// <summary>The n-th Via element (0 = topmost, RFC 3261 §20.42).</summary>
        public SipError GetVia(int n, SipVia into)
        {
            int s;
            int e;
            SipError r = GetElement(SipHeader.Via, n, out s, out e);
            return r != SipError.Ok ? r : into.Parse(Buffer, s, e);
        }

        /// <summary>The n-th Contact element (RFC 3261 §20.10).</summary>
        public SipError GetContact(int n, SipContact into)
        {
            int s;
            int e;
            SipError r = GetElement(SipHeader.Contact, n, out s, out e);
            return r != SipError.Ok ? r : into.Parse(Buffer, s, e);
        }

        /// <summary>The n-th Route or Record-Route element (or any other name-addr list) by header id.</summary>
        public SipError GetNameAddr(int id, int n, SipNameAddr into)
        {
            int s;
            int e;
            SipError r = GetElement(id, n, out s, out e);
            return r != SipError.Ok ? r : into.Parse(Buffer, s, e);
        }

        public SipError GetFrom(SipNameAddr into)
        {
            return ParseSingle(SipHeader.From, into);
        }

        public SipError GetTo(SipNameAddr into)
        {
            return ParseSingle(SipHeader.To, into);
        }

        private SipError ParseSingle(int id, SipNameAddr into)
        {
            int i = FindHeader(id, 0);
            if (i < 0)
            {
                return SipError.HeaderNotFound;
            }

            return into.Parse(Buffer, _valueStart[i], _valueStart[i] + _valueLength[i]);
        }

        public SipError GetCSeq(SipCSeq into)
        {
            int i = FindHeader(SipHeader.CSeq, 0);
            if (i < 0)
            {
                return SipError.HeaderNotFound;
            }

            return into.Parse(Buffer, _valueStart[i], _valueStart[i] + _valueLength[i]);
        }

        /// <summary>Max-Forwards 0..255 (RFC 3261 §20.22), or -1 when absent or malformed.</summary>
        public int MaxForwards
        {
            get
            {
                int v;
                return GetNumber(SipHeader.MaxForwards, 255, out v) == SipError.Ok ? v : -1;
            }
        }

        /// <summary>Expires delta-seconds, 0 to 2^32-1 (RFC 3261 §20.19), clamped to 2^31-1 (68 years).</summary>
        public SipError GetExpires(out int seconds)
        {
            return GetDelta(SipHeader.Expires, out seconds);
        }

        /// <summary>Min-Expires delta-seconds (RFC 3261 §20.23), as Expires.</summary>
        public SipError GetMinExpires(out int seconds)
        {
            return GetDelta(SipHeader.MinExpires, out seconds);
        }

        private SipError GetDelta(int id, out int seconds)
        {
            seconds = -1;
            int i = FindHeader(id, 0);
            if (i < 0)
            {
                return SipError.HeaderNotFound;
            }

            return SipText.ParseDelta(Buffer, _valueStart[i], _valueLength[i], out seconds) ? SipError.Ok : SipError.BadHeaderValue;
        }

        /// <summary>A header holding 1*DIGIT up to max: Ok, HeaderNotFound, BadHeaderValue, or ContentLengthOverflow-class errors mapped to BadHeaderValue.</summary>
        public SipError GetNumber(int id, int max, out int value)
        {
            return NumberAt(FindHeader(id, 0), max, out value);
        }

        /// <summary>As <see cref="GetNumber(int, int, out int)"/> for a header named by name (one without an id, e.g. RFC 5626's Flow-Timer).</summary>
        public SipError GetNumber(string name, int max, out int value)
        {
            return NumberAt(FindHeader(name, 0), max, out value);
        }

        private SipError NumberAt(int i, int max, out int value)
        {
            value = -1;
            if (i < 0)
            {
                return SipError.HeaderNotFound;
            }

            int v;
            if (SipText.ParseDecimal(Buffer, _valueStart[i], _valueLength[i], max, out v) != SipError.Ok)
            {
                return SipError.BadHeaderValue;
            }

            value = v;
            return SipError.Ok;
        }

        /// <summary>
        /// Whether a token-list header (Supported, Require, Allow, …; RFC 3261 §20) names token, ASCII case-insensitively,
        /// over every header with this id: items are split at commas, LWS around them ignored, an empty or odd item is
        /// simply not a match. Read in place; allocates nothing.
        /// </summary>
        public bool HasToken(int id, string token)
        {
            if (token == null || token.Length == 0)
            {
                return false;
            }

            for (int h = 0; h < HeaderCount; h++)
            {
                if (_id[h] != id)
                {
                    continue;
                }

                int i = _valueStart[h];
                int e = i + _valueLength[h];
                while (i < e)
                {
                    i = SipText.SkipLws(Buffer, i, e);
                    int ts = i;
                    while (i < e && Buffer[i] != ',')
                    {
                        i++;
                    }

                    int te = SipText.TrimEnd(Buffer, ts, i);
                    if (SipText.EqualsIgnoreCase(Buffer, ts, te - ts, token))
                    {
                        return true;
                    }

                    i++;
                }
            }

            return false;
        }

        /// <summary>
        /// The tokens of Allow, Supported, Require, Unsupported, Allow-Events (RFC 3261 §20.5, §20.37, §20.32,
        /// §20.40) into the caller's array; count is how many were written. An empty header gives count 0.
        /// </summary>
        public SipError GetTokens(int id, string[] into, out int count)
        {
            count = 0;
            for (int h = 0; h < HeaderCount; h++)
            {
                if (_id[h] != id)
                {
                    continue;
                }

                int i = _valueStart[h];
                int e = i + _valueLength[h];
                if (_valueLength[h] == 0)
                {
                    continue;
                }

                while (i < e)
                {
                    i = SipText.SkipLws(Buffer, i, e);
                    int ts = i;
                    i = SipText.SkipToken(Buffer, i, e);
                    if (i == ts)
                    {
                        return SipError.BadTokenList;
                    }

                    if (count >= into.Length)
                    {
                        return SipError.TooManyElements;
                    }

                    into[count++] = SipText.Ascii(Buffer, ts, i - ts);
                    i = SipText.SkipLws(Buffer, i, e);
                    if (i < e)
                    {
                        if (Buffer[i] != ',')
                        {
                            return SipError.BadTokenList;
                        }

                        i++;
                        if (SipText.SkipLws(Buffer, i, e) >= e)
                        {
                            return SipError.BadTokenList;
                        }
                    }
                }
            }

            return SipError.Ok;
        }

        /// <summary>The n-th header with this id parsed as a challenge or credentials (one per header field).</summary>
        public SipError GetAuth(int id, int n, SipAuthHeader into)
        {
            int i = -1;
            for (int k = 0; k <= n; k++)
            {
                i = FindHeader(id, i + 1);
                if (i < 0)
                {
                    return SipError.HeaderNotFound;
                }
            }

            return into.Parse(Buffer, _valueStart[i], _valueStart[i] + _valueLength[i]);
        }

        public SipError GetContentType(SipMediaType into)
        {
            int i = FindHeader(SipHeader.ContentType, 0);
            if (i < 0)
            {
                return SipError.HeaderNotFound;
            }

            return into.Parse(Buffer, _valueStart[i], _valueStart[i] + _valueLength[i]);
        }

        // ---- filled by SipParser ----

        internal void Reset(byte[] buffer, int offset)
        {
            Buffer = buffer;
            Offset = offset;
            Length = 0;
            HeadLength = 0;
            IsRequest = false;
            MethodStart = 0;
            MethodLength = 0;
            UriStart = 0;
            UriLength = 0;
            StatusCode = 0;
            ReasonStart = 0;
            ReasonLength = 0;
            HeaderCount = 0;
            ContentLength = -1;
            BodyOffset = 0;
            BodyLength = 0;
            NulOffset = -1;
        }

        internal void SetRequestLine(int ms, int ml, int us, int ul)
        {
            IsRequest = true;
            MethodStart = ms;
            MethodLength = ml;
            UriStart = us;
            UriLength = ul;
        }

        internal void SetStatusLine(int code, int rs, int rl)
        {
            IsRequest = false;
            StatusCode = code;
            ReasonStart = rs;
            ReasonLength = rl;
        }

        internal bool AddHeader(int id, int ns, int nl, int vs, int vl)
        {
            if (HeaderCount >= SipLimits.MaxHeaders)
            {
                return false;
            }

            _id[HeaderCount] = id;
            _nameStart[HeaderCount] = ns;
            _nameLength[HeaderCount] = nl;
            _valueStart[HeaderCount] = vs;
            _valueLength[HeaderCount] = vl;
            HeaderCount++;
            return true;
        }

        internal void SetNul(int at)
        {
            NulOffset = at;
        }

        internal void SetHead(int headLength, int contentLength)
        {
            HeadLength = headLength;
            ContentLength = contentLength;
        }

        internal void SetBody(int bodyOffset, int bodyLength)
        {
            BodyOffset = bodyOffset;
            BodyLength = bodyLength;
            Length = bodyOffset + bodyLength - Offset;
        }
    }
}
