namespace Phone.Sip
{
    /// <summary>
    /// Parses a SIP message in place (RFC 3261 §7): start line, header fields with folding and compact names,
    /// body framing by Content-Length, and the checks a UA needs before it acts on a message (mandatory headers,
    /// CSeq against the method, Via/From/To/Contact syntax). Never throws: every outcome is a SipError.
    /// </summary>
    public static class SipParser
    {
        /// <summary>
        /// Parses [offset, offset+count) into message. With stream false (UDP, RFC 3261 §18.3) Content-Length is
        /// optional, the body is the rest of the datagram when it is absent, and octets after Content-Length are
        /// ignored. With stream true (TCP/TLS, as delivered by SipStreamFramer) Content-Length is required and
        /// must match exactly.
        /// </summary>
        public static SipError Parse(byte[] buffer, int offset, int count, bool stream, SipMessage message)
        {
            try
            {
                SipError e = ParseHead(buffer, offset, count, message);
                if (e != SipError.Ok)
                {
                    return e;
                }

                // A NUL in a header value leaves the head addressable (ParseHead is Ok) but the message unusable.
                if (message.NulOffset >= 0)
                {
                    return SipError.NulByte;
                }

                int bodyStart = message.Offset + message.HeadLength;
                int available = offset + count - bodyStart;
                int cl = message.ContentLength;
                if (cl < 0)
                {
                    if (stream)
                    {
                        return SipError.ContentLengthMissing;
                    }

                    cl = available;
                }
                else if (cl > available || (stream && cl != available))
                {
                    // RFC 3261 §18.3: a datagram shorter than its Content-Length is discarded.
                    return SipError.ContentLengthMismatch;
                }

                message.SetBody(bodyStart, cl);
                return Validate(message);
            }
            catch (System.Exception)
            {
                // Unreachable by design; kept so that no exception can leave the parser.
                return SipError.InternalError;
            }
        }

        /// <summary>
        /// Parses the start line and header fields up to and including the empty line. Sets HeadLength and
        /// ContentLength; the body is not examined. Returns HeaderSectionUnterminated when no empty line is found.
        /// A NUL byte in the start line or in place of a header name/colon returns NulByte; a NUL inside a header
        /// value returns Ok with message.NulOffset set (the head stays addressable for a 400) — callers that use
        /// header text after ParseHead alone must check NulOffset (Parse does).
        /// A request whose method is readable but whose start line is otherwise wrong (BadStartLine, BadVersion,
        /// BadRequestUri, UriTooLong), or whose Content-Length is bad, is still read to the empty line and that
        /// first error returned: HeadLength &gt; 0 then means the head is complete and can be answered (RFC 3261
        /// §8.2.6, §21.4-21.5); ContentLength stays -1 after a Content-Length error. Header fields past MaxHeaders
        /// are read but not recorded and TooManyHeaders is returned (then in preference to the errors above), with
        /// no head when one of them is a Via (an answer must copy every Via). Above MaxMessageSize the head is
        /// read within the bound and MessageTooLarge returned (513 when the head is complete).
        /// </summary>
        public static SipError ParseHead(byte[] buffer, int offset, int count, SipMessage message)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count > buffer.Length || offset + count < 0)
            {
                return SipError.BadArgument;
            }

            message.Reset(buffer, offset);
            if (count > SipLimits.MaxMessageSize)
            {
                ScanHead(buffer, offset, SipLimits.MaxMessageSize, message);
                return SipError.MessageTooLarge;
            }

            return ScanHead(buffer, offset, count, message);
        }

        private static SipError ScanHead(byte[] buffer, int offset, int count, SipMessage message)
        {
            int end = offset + count;
            int i = offset;

            // RFC 3261 §7.5: CRLFs before the start line are ignored.
            while (i + 1 < end && buffer[i] == '\r' && buffer[i + 1] == '\n')
            {
                i += 2;
            }

            message.Reset(buffer, i);
            int lineEnd = FindCrlf(buffer, i, end);
            if (lineEnd < 0)
            {
                return end - i > SipLimits.MaxLineLength ? SipError.LineTooLong : SipError.HeaderSectionUnterminated;
            }

            if (lineEnd - i > SipLimits.MaxLineLength)
            {
                return SipError.LineTooLong;
            }

            // NUL rule (RFC 3261 §25; strings end at U+0000 on nanoFramework): checked on the bytes, before the
            // start line is read, so a cut-short method, URI or reason can never be seen.
            if (SipText.IndexOf(buffer, i, lineEnd, 0) >= 0)
            {
                return SipError.NulByte;
            }

            // After a start-line error only a request with a readable method goes on (to be answered 400/505/414).
            SipError first = ParseStartLine(buffer, i, lineEnd, message);
            if (first != SipError.Ok && !message.IsRequest)
            {
                return first;
            }

            SipError e;
            i = lineEnd + 2;
            int contentLength = -1;
            bool badLength = false;
            int nul = -1;
            while (true)
            {
                if (i + 1 < end && buffer[i] == '\r' && buffer[i + 1] == '\n')
                {
                    i += 2;
                    break;
                }

                if (i >= end)
                {
                    return SipError.HeaderSectionUnterminated;
                }

                // message-header = field-name HCOLON field-value CRLF; HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §7.3.1, §25.1).
                int ns = i;
                i = SipText.SkipToken(buffer, i, end);
                int nl = i - ns;
                while (i < end && (buffer[i] == ' ' || buffer[i] == '\t'))
                {
                    i++;
                }

                // A NUL where the name or its colon belongs: the field cannot even be delimited.
                if (i < end && buffer[i] == 0)
                {
                    return SipError.NulByte;
                }

                if (nl == 0)
                {
                    return SipError.BadHeader;
                }

                if (i >= end)
                {
                    return SipError.HeaderSectionUnterminated;
                }

                if (buffer[i] != ':')
                {
                    return SipError.BadHeader;
                }

                i++;

                // The value runs to a CRLF not followed by SP/HTAB; a CRLF followed by SP/HTAB is a fold.
                int vs = -1;
                int ve = i;
                int fieldEnd = -1;
                int j = i;
                while (j < end)
                {
                    int c = buffer[j];
                    if (c == '\r')
                    {
                        if (j + 1 >= end)
                        {
                            return SipError.HeaderSectionUnterminated;
                        }

                        if (buffer[j + 1] != '\n')
                        {
                            return SipError.BadHeader;
                        }

                        if (j + 2 >= end)
                        {
                            return SipError.HeaderSectionUnterminated;
                        }

                        int n = buffer[j + 2];
                        if (n == ' ' || n == '\t')
                        {
                            j += 3;
                            continue;
                        }

                        fieldEnd = j;
                        break;
                    }

                    if (c == '\n')
                    {
                        return SipError.BadHeader;
                    }

                    if (c == 0 && nul < 0)
                    {
                        nul = j;
                    }

                    if (c != ' ' && c != '\t')
                    {
                        if (vs < 0)
                        {
                            vs = j;
                        }

                        ve = j + 1;
                    }

                    j++;
                    if (j - ns > SipLimits.MaxLineLength)
                    {
                        return SipError.LineTooLong;
                    }
                }

                if (fieldEnd < 0)
                {
                    return j - ns > SipLimits.MaxLineLength ? SipError.LineTooLong : SipError.HeaderSectionUnterminated;
                }

                if (fieldEnd - ns > SipLimits.MaxLineLength)
                {
                    return SipError.LineTooLong;
                }

                if (vs < 0)
                {
                    vs = ve = i;
                }

                int id = SipHeader.Identify(buffer, ns, nl);
                if (!message.AddHeader(id, ns, nl, vs, ve - vs))
                {
                    // Past the header-field bound the scan goes on unrecorded to the empty line (and Content-Length),
                    // so the request can be answered 513 and a stream skip it; but every Via must be copied into an
                    // answer (RFC 3261 §8.2.6.2), so one that cannot be recorded leaves no head.
                    if (id == SipHeader.Via)
                    {
                        return SipError.TooManyHeaders;
                    }

                    first = SipError.TooManyHeaders;
                }

                if (id == SipHeader.ContentLength && !badLength)
                {
                    // A bad or conflicting Content-Length leaves the body undelimited (ContentLength -1) but the
                    // head answerable: the first error is kept and the scan goes on (RFC 3261 §20.14, §18.3).
                    int v;
                    e = ParseContentLength(buffer, vs, ve, out v);
                    if (e == SipError.Ok && contentLength >= 0 && contentLength != v)
                    {
                        e = SipError.DuplicateHeader;
                    }

                    if (e != SipError.Ok)
                    {
                        badLength = true;
                        contentLength = -1;
                        if (first == SipError.Ok)
                        {
                            first = e;
                        }
                    }
                    else
                    {
                        contentLength = v;
                    }
                }

                i = fieldEnd + 2;
            }

            message.SetHead(i - message.Offset, contentLength);
            message.SetNul(nul);
            return first;
        }

        /// <summary>Content-Length = 1*DIGIT (RFC 3261 §20.14), bounded to 2^31-1.</summary>
        private static SipError ParseContentLength(byte[] b, int s, int e, out int value)
        {
            value = 0;
            if (s < e && b[s] == '-')
            {
                return SipError.ContentLengthNegative;
            }

            SipError r = SipText.ParseDecimal(b, s, e - s, 0x7FFFFFFF, out value);
            return r;
        }

        private static int FindCrlf(byte[] b, int i, int end)
        {
            for (; i + 1 < end; i++)
            {
                if (b[i] == '\r' && b[i + 1] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        // Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1);
        // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (RFC 3261 §7.2).
        private static SipError ParseStartLine(byte[] b, int s, int e, SipMessage m)
        {
            int sp1 = SipText.IndexOf(b, s, e, ' ');
            if (sp1 < 0)
            {
                return SipError.BadStartLine;
            }

            if (sp1 - s >= 4 && SipText.EqualsIgnoreCase(b, s, 4, "SIP/"))
            {
                SipError ve = CheckVersion(b, s, sp1);
                if (ve != SipError.Ok)
                {
                    return ve;
                }

                // Status-Code = 3DIGIT, 100..699 (RFC 3261 §21).
                int cs = sp1 + 1;
                int ce = cs;
                while (ce < e && SipText.IsDigit(b[ce]))
                {
                    ce++;
                }

                if (ce - cs != 3 || b[cs] < '1' || b[cs] > '6')
                {
                    return SipError.BadStatusCode;
                }

                if (ce == e || b[ce] != ' ')
                {
                    return ce == e ? SipError.BadStartLine : SipError.BadStatusCode;
                }

                int code = (b[cs] - '0') * 100 + (b[cs + 1] - '0') * 10 + (b[cs + 2] - '0');

                // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB).
                for (int k = ce + 1; k < e; k++)
                {
                    int c = b[k];
                    if ((c < 0x20 && c != '\t') || c == 0x7F)
                    {
                        return SipError.BadReasonPhrase;
                    }
                }

                m.SetStatusLine(code, ce + 1, e - ce - 1);
                return SipError.Ok;
            }

            int me = SipText.SkipToken(b, s, e);
            if (me == s || me != sp1)
            {
                return SipError.BadMethod;
            }

            if (me - s > SipLimits.MaxMethodLength)
            {
                return SipError.BadMethod;
            }

            // The method is readable: from here a bad line is still a request the UAS can answer.
            int us = sp1 + 1;
            int sp2 = SipText.IndexOf(b, us, e, ' ');
            m.SetRequestLine(s, me - s, us, (sp2 < 0 ? e : sp2) - us);
            if (sp2 < 0 || sp2 == us)
            {
                return SipError.BadStartLine;
            }

            // Exactly one SP between the elements and none after the version (RFC 3261 §7.1; RFC 4475 §3.1.2.8-10).
            if (SipText.IndexOf(b, sp2 + 1, e, ' ') >= 0 || SipText.IndexOf(b, s, e, '\t') >= 0)
            {
                return SipError.BadStartLine;
            }

            if (sp2 - us > SipLimits.MaxUriLength)
            {
                return SipError.UriTooLong;
            }

            SipError v = CheckVersion(b, sp2 + 1, e);
            if (v != SipError.Ok)
            {
                return v;
            }

            // The Request-URI is a bare URI, never enclosed in "<>" (RFC 3261 §7.1), and a SIP Request-URI carries
            // no headers component (RFC 3261 §19.1.1 table 1).
            SipUri uri = m.ScratchUri;
            SipError ue = uri.Parse(b, us, sp2, false);
            if (ue == SipError.UriTooLong)
            {
                return ue;
            }

            if (ue != SipError.Ok || (uri.IsSip && uri.Headers != null))
            {
                return SipError.BadRequestUri;
            }

            return SipError.Ok;
        }

        // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is understood (RFC 3261 §7.1; 505 otherwise, §21.5.6).
        private static SipError CheckVersion(byte[] b, int s, int e)
        {
            if (e - s < 4 || !SipText.EqualsIgnoreCase(b, s, 4, "SIP/"))
            {
                return SipError.BadStartLine;
            }

            int i = s + 4;
            int d1 = i;
            while (i < e && SipText.IsDigit(b[i]))
            {
                i++;
            }

            if (i == d1 || i >= e || b[i] != '.')
            {
                return SipError.BadStartLine;
            }

            int d2 = ++i;
            while (i < e && SipText.IsDigit(b[i]))
            {
                i++;
            }

            if (i == d2 || i != e)
            {
                return SipError.BadStartLine;
            }

            return e - s == 7 && b[s + 4] == '2' && b[s + 6] == '0' ? SipError.Ok : SipError.BadVersion;
        }

        /// <summary>
        /// The checks that make a message usable: mandatory headers (RFC 3261 §8.1.1), single-valued headers
        /// present once, CSeq matching the method (RFC 3261 §8.1.1.5), and the syntax of Call-ID,
        /// Max-Forwards, Via, From, To, Contact, Expires, Min-Expires and Content-Type.
        /// </summary>
        public static SipError Validate(SipMessage m)
        {
            if (m.FindHeader(SipHeader.To, 0) < 0) return SipError.MissingTo;
            if (m.FindHeader(SipHeader.From, 0) < 0) return SipError.MissingFrom;
            if (m.FindHeader(SipHeader.CSeq, 0) < 0) return SipError.MissingCSeq;
            if (m.FindHeader(SipHeader.CallId, 0) < 0) return SipError.MissingCallId;
            if (m.IsRequest && m.FindHeader(SipHeader.MaxForwards, 0) < 0) return SipError.MissingMaxForwards;
            if (m.FindHeader(SipHeader.Via, 0) < 0) return SipError.MissingVia;

            if (m.CountHeaders(SipHeader.To) > 1 || m.CountHeaders(SipHeader.From) > 1 || m.CountHeaders(SipHeader.CSeq) > 1 ||
                m.CountHeaders(SipHeader.CallId) > 1 || m.CountHeaders(SipHeader.MaxForwards) > 1 ||
                m.CountHeaders(SipHeader.ContentType) > 1 || m.CountHeaders(SipHeader.Expires) > 1 ||
                m.CountHeaders(SipHeader.MinExpires) > 1)
            {
                return SipError.DuplicateHeader;
            }

            byte[] b = m.Buffer;
            SipCSeq cseq = m.ScratchCSeq;
            if (m.GetCSeq(cseq) != SipError.Ok)
            {
                return SipError.BadCSeq;
            }

            // The CSeq method equals the request method (RFC 3261 §8.1.1.5; RFC 4475 §3.1.2.17-18).
            if (m.IsRequest && (cseq.MethodLength != m.MethodLength || !Same(b, cseq.MethodStart, m.MethodStart, m.MethodLength)))
            {
                return SipError.CSeqMethodMismatch;
            }

            if (!IsCallId(m))
            {
                return SipError.BadCallId;
            }

            int v;
            if (m.FindHeader(SipHeader.MaxForwards, 0) >= 0 && m.GetNumber(SipHeader.MaxForwards, 255, out v) != SipError.Ok)
            {
                return SipError.BadMaxForwards;
            }

            int vias;
            SipError le = m.CountElements(SipHeader.Via, out vias);
            if (le != SipError.Ok)
            {
                return IsBound(le) ? le : SipError.BadVia;
            }

            SipVia via = m.ScratchVia;
            for (int n = 0; n < vias; n++)
            {
                SipError e = m.GetVia(n, via);
                if (e != SipError.Ok)
                {
                    return IsBound(e) ? e : SipError.BadVia;
                }
            }

            SipNameAddr na = m.ScratchNameAddr;
            SipError fe = m.GetFrom(na);
            if (fe != SipError.Ok)
            {
                return IsBound(fe) ? fe : SipError.BadFrom;
            }

            fe = m.GetTo(na);
            if (fe != SipError.Ok)
            {
                return IsBound(fe) ? fe : SipError.BadTo;
            }

            if (m.FindHeader(SipHeader.Contact, 0) >= 0)
            {
                int contacts;
                le = m.CountElements(SipHeader.Contact, out contacts);
                if (le != SipError.Ok)
                {
                    return IsBound(le) ? le : SipError.BadContact;
                }

                SipContact c = m.ScratchContact;
                for (int n = 0; n < contacts; n++)
                {
                    SipError e = m.GetContact(n, c);
                    if (e != SipError.Ok)
                    {
                        return IsBound(e) ? e : SipError.BadContact;
                    }

                    // "*" stands alone (RFC 3261 §10.2.2).
                    if (c.IsStar && contacts != 1)
                    {
                        return SipError.BadContact;
                    }
                }
            }

            if ((m.FindHeader(SipHeader.Expires, 0) >= 0 && m.GetExpires(out v) != SipError.Ok) ||
                (m.FindHeader(SipHeader.MinExpires, 0) >= 0 && m.GetMinExpires(out v) != SipError.Ok))
            {
                return SipError.BadExpires;
            }

            if (m.FindHeader(SipHeader.ContentType, 0) >= 0)
            {
                SipError e = m.GetContentType(m.ScratchMediaType);
                if (e != SipError.Ok)
                {
                    return IsBound(e) ? e : SipError.BadContentType;
                }
            }

            return SipError.Ok;
        }

        private static bool IsBound(SipError e)
        {
            return e == SipError.TooManyParameters || e == SipError.UriTooLong || e == SipError.NestingTooDeep || e == SipError.TooManyElements;
        }

        private static bool Same(byte[] b, int x, int y, int n)
        {
            for (int k = 0; k < n; k++)
            {
                if (b[x + k] != b[y + k])
                {
                    return false;
                }
            }

            return true;
        }

        // callid = word [ "@" word ]; word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" /
        // "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}") (RFC 3261 §25.1).
        private static bool IsCallId(SipMessage m)
        {
            int h = m.FindHeader(SipHeader.CallId, 0);
            byte[] b = m.Buffer;
            int s = m.HeaderValueStart(h);
            int e = s + m.HeaderValueLength(h);
            if (e == s)
            {
                return false;
            }

            int ats = 0;
            for (int i = s; i < e; i++)
            {
                int c = b[i];
                if (c == '@')
                {
                    if (++ats > 1 || i == s || i == e - 1)
                    {
                        return false;
                    }

                    continue;
                }

                if (SipText.IsTokenChar(c))
                {
                    continue;
                }

                switch (c)
                {
                    case '(': case ')': case '<': case '>': case ':': case '\\': case '"': case '/': case '[': case ']':
                    case '?': case '{': case '}':
                        continue;
                }

                return false;
            }

            return true;
        }
    }
}
