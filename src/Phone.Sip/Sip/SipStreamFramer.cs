namespace Phone.Sip
{
    /// <summary>
    /// Cuts a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3), skipping the CRLF
    /// keep-alives that may come between messages (RFC 5626 §3.5.1). Bytes arrive in arbitrary chunks through
    /// Feed; Next yields one parsed message at a time. A message returned by Next refers into the framer's own
    /// buffer and stays valid until the next call to Feed or Next.
    /// </summary>
    public sealed class SipStreamFramer
    {
        private readonly byte[] _buffer = new byte[SipLimits.MaxMessageSize];
        private int _start;
        private int _fill;
        private int _scanned;

        // Body bytes of an over-limit message still to be discarded as they arrive.
        private int _skip;

        /// <summary>
        /// True after a framing error (no or a bad Content-Length, a header section above the size bound or broken):
        /// the stream cannot be resynchronised and the connection should be closed (RFC 3261 §18.3). A message
        /// above the size bound whose head is complete and whose Content-Length is known is not a framing error:
        /// Next returns MessageTooLarge with its head, and its body is discarded as it arrives.
        /// </summary>
        public bool Broken { get; private set; }

        /// <summary>Bytes held and not yet returned as a message, plus body bytes still to be discarded.</summary>
        public int Pending
        {
            get { return _fill - _start + _skip; }
        }

        /// <summary>Copies as many bytes as there is room for; returns how many were taken (call Next, then Feed the rest).</summary>
        public int Feed(byte[] data, int offset, int count)
        {
            if (data == null || offset < 0 || count < 0 || offset + count > data.Length || Broken)
            {
                return 0;
            }

            if (_skip > 0)
            {
                int d = count < _skip ? count : _skip;
                _skip -= d;
                return d;
            }

            Compact();
            int room = _buffer.Length - _fill;
            int n = count < room ? count : room;
            System.Array.Copy(data, offset, _buffer, _fill, n);
            _fill += n;
            return n;
        }

        /// <summary>Forgets all buffered bytes and the broken state (for a new connection).</summary>
        public void Reset()
        {
            _start = 0;
            _fill = 0;
            _scanned = 0;
            _skip = 0;
            Broken = false;
        }

        /// <summary>
        /// Returns Ok with the next complete message parsed into message, Incomplete when more bytes are needed,
        /// or the parse error of a complete but invalid message (that message is skipped; Broken stays false) or
        /// of a framing failure (Broken becomes true). With an error, message.HeadLength &gt; 0 when the head of the
        /// failed message was read (it can be answered before the message is skipped or the stream closed).
        /// </summary>
        public SipError Next(SipMessage message)
        {
            if (Broken)
            {
                message.Reset(_buffer, _start);
                return SipError.MessageTooLarge;
            }

            // Keep-alive CRLFs between messages (RFC 5626 §3.5.1; RFC 3261 §7.5).
            while (_start < _fill && (_buffer[_start] == '\r' || _buffer[_start] == '\n'))
            {
                if (_buffer[_start] == '\n' || (_start + 1 < _fill && _buffer[_start + 1] == '\n'))
                {
                    _start += _buffer[_start] == '\n' ? 1 : 2;
                    _scanned = _start;
                    continue;
                }

                if (_start + 1 >= _fill)
                {
                    return SipError.Incomplete;
                }

                break;
            }

            if (_start >= _fill)
            {
                return SipError.Incomplete;
            }

            // The header section ends with the first CRLFCRLF (RFC 3261 §7).
            int from = _scanned - 3 > _start ? _scanned - 3 : _start;
            int headEnd = -1;
            for (int i = from; i + 3 < _fill; i++)
            {
                if (_buffer[i] == '\r' && _buffer[i + 1] == '\n' && _buffer[i + 2] == '\r' && _buffer[i + 3] == '\n')
                {
                    headEnd = i + 4;
                    break;
                }
            }

            if (headEnd < 0)
            {
                _scanned = _fill;
                if (_fill - _start >= SipLimits.MaxMessageSize)
                {
                    Broken = true;
                    message.Reset(_buffer, _start);
                    return SipError.MessageTooLarge;
                }

                return SipError.Incomplete;
            }

            // A head that could not be read, or a body that cannot be delimited (no or a bad Content-Length), ends
            // the stream; the head, when complete, is still there to be answered before the close.
            SipError e = SipParser.ParseHead(_buffer, _start, headEnd - _start, message);
            int cl = message.ContentLength;
            if (message.HeadLength == 0 || cl < 0)
            {
                Broken = true;
                return e != SipError.Ok ? e : SipError.ContentLengthMissing;
            }

            if (cl > SipLimits.MaxMessageSize - (headEnd - _start))
            {
                // Over the bound but delimited: answer the head (513), drop what is here, discard the rest of the
                // body as it arrives, and carry on with the next message.
                _skip = cl - (_fill - headEnd);
                _start = _fill;
                _scanned = _fill;
                return SipError.MessageTooLarge;
            }

            int total = headEnd - _start + cl;
            if (_fill - _start < total)
            {
                return SipError.Incomplete;
            }

            int at = _start;
            _start += total;
            _scanned = _start;
            return e != SipError.Ok ? e : SipParser.Parse(_buffer, at, total, true, message);
        }

        private void Compact()
        {
            if (_start == 0)
            {
                return;
            }

            int n = _fill - _start;
            if (n > 0)
            {
                System.Array.Copy(_buffer, _start, _buffer, 0, n);
            }

            _scanned -= _start;
            if (_scanned < 0)
            {
                _scanned = 0;
            }

            _fill = n;
            _start = 0;
        }
    }
}
