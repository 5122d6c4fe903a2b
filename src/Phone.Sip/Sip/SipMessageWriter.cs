namespace Phone.Sip
{
    /// <summary>
    /// Builds a request or response into a caller's buffer (RFC 3261 §7): start line, header fields, Content-Length
    /// and body. Refuses text that would break the framing (CR, LF, or bytes that are not allowed in the element).
    /// Every call returns a SipError; after the first failure later calls fail with the same code.
    /// </summary>
    public sealed class SipMessageWriter
    {
        private byte[] _buffer;
        private int _offset;
        private int _end;
        private int _pos;
        private SipError _error;

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _pos - _offset; }
        }

        public SipError Error
        {
            get { return _error; }
        }

        public SipError Begin(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null || offset < 0 || capacity < 0 || offset + capacity > buffer.Length)
            {
                _buffer = null;
                _error = SipError.BadArgument;
                return _error;
            }

            _buffer = buffer;
            _offset = offset;
            _pos = offset;
            _end = offset + capacity;
            _error = SipError.Ok;
            return _error;
        }

        /// <summary>Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1).</summary>
        public SipError StartRequest(string method, string requestUri)
        {
            if (!IsToken(method) || !IsUriText(requestUri))
            {
                return Fail(SipError.BadArgument);
            }

            WriteAscii(method);
            WriteByte(' ');
            WriteAscii(requestUri);
            WriteAscii(" SIP/2.0\r\n");
            return _error;
        }

        /// <summary>Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (RFC 3261 §7.2).</summary>
        public SipError StartResponse(int statusCode, string reason)
        {
            if (statusCode < 100 || statusCode > 699 || !IsFieldText(reason))
            {
                return Fail(SipError.BadArgument);
            }

            WriteAscii("SIP/2.0 ");
            WriteByte('0' + statusCode / 100);
            WriteByte('0' + statusCode / 10 % 10);
            WriteByte('0' + statusCode % 10);
            WriteByte(' ');
            WriteUtf8(reason);
            WriteAscii("\r\n");
            return _error;
        }

        /// <summary>A header by id, written with its canonical name.</summary>
        public SipError AddHeader(int headerId, string value)
        {
            return AddHeader(SipHeader.NameOf(headerId), value);
        }

        /// <summary>message-header = field-name ": " field-value CRLF (RFC 3261 §7.3). The value must hold no CR or LF.</summary>
        public SipError AddHeader(string name, string value)
        {
            if (!IsToken(name) || !IsFieldText(value))
            {
                return Fail(SipError.BadArgument);
            }

            WriteAscii(name);
            WriteAscii(": ");
            WriteUtf8(value);
            WriteAscii("\r\n");
            return _error;
        }

        /// <summary>A header with a decimal value (CSeq number excluded; e.g. Max-Forwards, Expires).</summary>
        public SipError AddHeader(int headerId, int value)
        {
            string name = SipHeader.NameOf(headerId);
            if (name == null || value < 0)
            {
                return Fail(SipError.BadArgument);
            }

            WriteAscii(name);
            WriteAscii(": ");
            WriteDecimal(value);
            WriteAscii("\r\n");
            return _error;
        }

        /// <summary>
        /// Copies header i of a parsed message as "Name: value" with its name as written and each fold replaced by
        /// a single SP, so unknown headers survive re-serialization.
        /// </summary>
        public SipError CopyHeader(SipMessage message, int i)
        {
            if (message == null || i < 0 || i >= message.HeaderCount)
            {
                return Fail(SipError.BadArgument);
            }

            byte[] b = message.Buffer;
            WriteBytes(b, message.HeaderNameStart(i), message.HeaderNameLength(i));
            WriteAscii(": ");
            int s = message.HeaderValueStart(i);
            int e = s + message.HeaderValueLength(i);
            int k = s;
            while (k < e)
            {
                if (b[k] == '\r' && k + 1 < e && b[k + 1] == '\n')
                {
                    // RFC 3261 §7.3.1: a fold is equivalent to one SP.
                    while (_pos > _offset && (_buffer[_pos - 1] == ' ' || _buffer[_pos - 1] == '\t') && _error == SipError.Ok)
                    {
                        _pos--;
                    }

                    k += 2;
                    while (k < e && (b[k] == ' ' || b[k] == '\t'))
                    {
                        k++;
                    }

                    WriteByte(' ');
                    continue;
                }

                WriteByte(b[k]);
                k++;
            }

            WriteAscii("\r\n");
            return _error;
        }

        /// <summary>Writes Content-Length (RFC 3261 §20.14), the empty line and the body. body may be null for none.</summary>
        public SipError Finish(byte[] body, int offset, int count)
        {
            if (body == null)
            {
                count = 0;
            }
            else if (offset < 0 || count < 0 || offset + count > body.Length)
            {
                return Fail(SipError.BadArgument);
            }

            WriteAscii("Content-Length: ");
            WriteDecimal(count);
            WriteAscii("\r\n\r\n");
            if (count > 0)
            {
                WriteBytes(body, offset, count);
            }

            return _error;
        }

        /// <summary>
        /// Re-serializes a parsed message: start line, every header (Content-Length recomputed) and the body.
        /// written is the byte count on success.
        /// </summary>
        public static SipError Serialize(SipMessage message, byte[] buffer, int offset, int capacity, out int written)
        {
            written = 0;
            SipMessageWriter w = new SipMessageWriter();
            if (w.Begin(buffer, offset, capacity) != SipError.Ok)
            {
                return w._error;
            }

            byte[] b = message.Buffer;
            if (message.IsRequest)
            {
                w.WriteBytes(b, message.MethodStart, message.MethodLength);
                w.WriteByte(' ');
                w.WriteBytes(b, message.UriStart, message.UriLength);
                w.WriteAscii(" SIP/2.0\r\n");
            }
            else
            {
                w.WriteAscii("SIP/2.0 ");
                w.WriteDecimal(message.StatusCode);
                w.WriteByte(' ');
                w.WriteBytes(b, message.ReasonStart, message.ReasonLength);
                w.WriteAscii("\r\n");
            }

            for (int i = 0; i < message.HeaderCount; i++)
            {
                if (message.HeaderId(i) != SipHeader.ContentLength)
                {
                    w.CopyHeader(message, i);
                }
            }

            w.Finish(b, message.BodyOffset, message.BodyLength);
            if (w._error == SipError.Ok)
            {
                written = w.Length;
            }

            return w._error;
        }

        private SipError Fail(SipError e)
        {
            if (_error == SipError.Ok)
            {
                _error = e;
            }

            return _error;
        }

        private void WriteByte(int c)
        {
            if (_error != SipError.Ok || _buffer == null)
            {
                Fail(SipError.BadArgument);
                return;
            }

            if (_pos >= _end)
            {
                Fail(SipError.BufferTooSmall);
                return;
            }

            _buffer[_pos++] = (byte)c;
        }

        private void WriteBytes(byte[] src, int offset, int count)
        {
            if (_error != SipError.Ok || _buffer == null)
            {
                Fail(SipError.BadArgument);
                return;
            }

            if (count > _end - _pos)
            {
                Fail(SipError.BufferTooSmall);
                return;
            }

            System.Array.Copy(src, offset, _buffer, _pos, count);
            _pos += count;
        }

        private void WriteAscii(string s)
        {
            for (int i = 0; i < s.Length && _error == SipError.Ok; i++)
            {
                WriteByte(s[i]);
            }
        }

        private void WriteDecimal(int v)
        {
            if (v >= 10)
            {
                WriteDecimal(v / 10);
            }

            WriteByte('0' + v % 10);
        }

        private void WriteUtf8(string s)
        {
            for (int i = 0; i < s.Length && _error == SipError.Ok; i++)
            {
                int c = s[i];
                if (c < 0x80)
                {
                    WriteByte(c);
                }
                else if (c < 0x800)
                {
                    WriteByte(0xC0 | (c >> 6));
                    WriteByte(0x80 | (c & 0x3F));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < s.Length && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF)
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
                    i++;
                    WriteByte(0xF0 | (cp >> 18));
                    WriteByte(0x80 | ((cp >> 12) & 0x3F));
                    WriteByte(0x80 | ((cp >> 6) & 0x3F));
                    WriteByte(0x80 | (cp & 0x3F));
                }
                else
                {
                    if (c >= 0xD800 && c <= 0xDFFF)
                    {
                        c = 0xFFFD;
                    }

                    WriteByte(0xE0 | (c >> 12));
                    WriteByte(0x80 | ((c >> 6) & 0x3F));
                    WriteByte(0x80 | (c & 0x3F));
                }
            }
        }

        private static bool IsToken(string s)
        {
            if (s == null || s.Length == 0)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] > 0x7F || !SipText.IsTokenChar(s[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsUriText(string s)
        {
            if (s == null || s.Length == 0 || s.Length > SipLimits.MaxUriLength)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] <= 0x20 || s[i] >= 0x7F)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsFieldText(string s)
        {
            if (s == null)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                if (s[i] == '\r' || s[i] == '\n' || s[i] == 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
