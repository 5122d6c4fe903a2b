using Phone.Sip.Transport;

namespace Phone.Sip.Transaction
{
    /// <summary>
    /// A stateless policy in front of the phone's TU for requests we did not initiate (RFC 3261 §8.2): methods
    /// we do not handle get 405 with Allow (§8.2.1), unknown required extensions get 420 with Unsupported
    /// (§8.2.2.3), a Request-URI scheme other than sip/sips gets 416 (§8.2.2.1), OPTIONS gets 200 with Allow,
    /// Accept and Supported (§11.2), and a request that does not parse gets 505 (other SIP version, §21.5.6),
    /// 513 (over a size bound, §21.5.7), 414 (Request-URI too long, §21.4.12) or 400 (§21.4.1) when its head is
    /// complete, its top Via readable and From, To, Call-ID and CSeq present (they are copied as sent,
    /// §8.2.6.2), or is dropped (never answered for ACK, §17).
    /// Everything else goes to the inner TU. Keeps only counters, for the diagnostics screen.
    /// </summary>
    public sealed class SipRequestPolicy : ISipTransactionUser
    {
        private readonly SipTransactionLayer _layer;
        private readonly ISipTransactionUser _inner;
        private readonly SipMessageWriter _writer = new SipMessageWriter();
        private readonly byte[] _buffer = new byte[SipLimits.MaxMessageSize];
        private readonly string[] _tokens = new string[SipLimits.MaxElements];
        private readonly SipNameAddr _addr = new SipNameAddr();
        private readonly SipVia _via = new SipVia();

        public SipRequestPolicy(SipTransactionLayer layer, ISipTransactionUser inner)
        {
            _layer = layer;
            _inner = inner;
            AllowedMethods = new string[] { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE" };
            SupportedOptions = new string[0];
            Accept = "application/sdp";
        }

        /// <summary>Methods the phone handles (case-sensitive, RFC 3261 §7.1); the Allow header lists them in this order.</summary>
        public string[] AllowedMethods { get; set; }

        /// <summary>Option tags the phone supports (RFC 3261 §19.2); a Require outside this list gets 420.</summary>
        public string[] SupportedOptions { get; set; }

        /// <summary>Accept of the OPTIONS answer (RFC 3261 §11.2, §20.1).</summary>
        public string Accept { get; set; }

        /// <summary>OPTIONS answered with 200.</summary>
        public int OptionsAnswered { get; private set; }

        /// <summary>Requests answered 405 Method Not Allowed.</summary>
        public int MethodNotAllowed { get; private set; }

        /// <summary>Requests answered 420 Bad Extension.</summary>
        public int BadExtension { get; private set; }

        /// <summary>Requests answered 416 Unsupported URI Scheme.</summary>
        public int UnsupportedScheme { get; private set; }

        /// <summary>Malformed requests answered 400, 414, 505 or 513.</summary>
        public int BadRequestAnswered { get; private set; }

        /// <summary>Malformed messages dropped because they could not be answered.</summary>
        public int MalformedDropped { get; private set; }

        /// <summary>Requests passed to the inner TU.</summary>
        public int Passed { get; private set; }

        /// <summary>Answers the policy could not send (buffer or transport refused).</summary>
        public int SendFailures { get; private set; }

        public void OnRequest(SipTransaction tx, SipMessage request, SipSource source, long nowMs)
        {
            if (tx == null || request.IsMethod("ACK"))
            {
                Passed++;
                if (_inner != null) _inner.OnRequest(tx, request, source, nowMs);
                return;
            }

            // RFC 3261 §8.2.1: method inspection first.
            if (!Allowed(request))
            {
                MethodNotAllowed++;
                Answer(tx, request, 405, "Method Not Allowed", nowMs);
                return;
            }

            // §8.2.2.1: a scheme we do not understand (anything but sip/sips; tel is not supported) gets 416.
            if (!SipScheme(request))
            {
                UnsupportedScheme++;
                Answer(tx, request, 416, "Unsupported URI Scheme", nowMs);
                return;
            }

            // §8.2.2.3: Require is not applied to CANCEL (nor ACK).
            if (!request.IsMethod("CANCEL"))
            {
                string unsupported = Unsupported(request);
                if (unsupported != null)
                {
                    BadExtension++;
                    Answer(tx, request, 420, "Bad Extension", nowMs, "Unsupported", unsupported);
                    return;
                }
            }

            if (request.IsMethod("OPTIONS"))
            {
                // §11.2: the answer an INVITE would get, here 200, with the capabilities.
                OptionsAnswered++;
                Answer(tx, request, 200, "OK", nowMs);
                return;
            }

            Passed++;
            if (_inner != null) _inner.OnRequest(tx, request, source, nowMs);
        }

        public void OnMalformedRequest(SipMessage head, SipError error, SipSource source, long nowMs)
        {
            if (head == null || !head.IsRequest || head.IsMethod("ACK") || !Answerable(head))
            {
                MalformedDropped++;
                return;
            }

            // RFC 3261 §21: the answer that names what is wrong; everything without its own code is 400.
            int status = 400;
            string reason = "Bad Request";
            if (error == SipError.BadVersion)
            {
                status = 505;
                reason = "Version Not Supported";
            }
            else if (error == SipError.MessageTooLarge || error == SipError.TooManyElements || error == SipError.TooManyHeaders)
            {
                // The message, its header fields or one header's list (e.g. more Vias than we hold) exceed what we
                // can process.
                status = 513;
                reason = "Message Too Large";
            }
            else if (error == SipError.UriTooLong && head.UriLength > SipLimits.MaxUriLength)
            {
                status = 414;
                reason = "Request-URI Too Long";
            }

            _writer.Begin(_buffer, 0, _buffer.Length);
            if (SipResponseBuilder.Start(_writer, head, status, reason, _layer.NewTag(), _addr) != SipError.Ok ||
                _writer.Finish(null, 0, 0) != SipError.Ok ||
                _layer.SendStatelessResponse(head, source, _buffer, 0, _writer.Length) != SipTransactionStatus.Ok)
            {
                SendFailures++;
                MalformedDropped++;
                return;
            }

            BadRequestAnswered++;
        }

        public void OnResponse(SipTransaction tx, SipMessage response, long nowMs)
        {
            if (_inner != null) _inner.OnResponse(tx, response, nowMs);
        }

        public void OnTimeout(SipTransaction tx, long nowMs)
        {
            if (_inner != null) _inner.OnTimeout(tx, nowMs);
        }

        public void OnTransportError(SipTransaction tx, long nowMs)
        {
            if (_inner != null) _inner.OnTransportError(tx, nowMs);
        }

        public void OnFlowFailed(int connectionId, long nowMs)
        {
            if (_inner != null) _inner.OnFlowFailed(connectionId, nowMs);
        }

        private bool Allowed(SipMessage request)
        {
            string[] m = AllowedMethods;
            for (int i = 0; m != null && i < m.Length; i++)
            {
                if (request.IsMethod(m[i]))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The comma-separated Require tags we do not support, or null.</summary>
        private string Unsupported(SipMessage request)
        {
            if (request.FindHeader(SipHeader.Require, 0) < 0)
            {
                return null;
            }

            int n;
            if (request.GetTokens(SipHeader.Require, _tokens, out n) != SipError.Ok)
            {
                return null;
            }

            string result = null;
            for (int i = 0; i < n; i++)
            {
                string tag = _tokens[i];
                bool known = false;
                for (int k = 0; SupportedOptions != null && k < SupportedOptions.Length && !known; k++)
                {
                    known = tag.ToLower() == SupportedOptions[k].ToLower();
                }

                if (!known)
                {
                    result = result == null ? tag : result + ", " + tag;
                }
            }

            return result;
        }

        /// <summary>RFC 3261 §8.2.6: the headers a response is built from must be readable.</summary>
        private bool Answerable(SipMessage m)
        {
            // The 400 copies Via, From, To, Call-ID and CSeq; a NUL in any of them would cut its text short on
            // the device (and the writer refuses it), so such a request cannot be addressed and is dropped.
            for (int i = 0; i < m.HeaderCount; i++)
            {
                int id = m.HeaderId(i);
                if ((id == SipHeader.Via || id == SipHeader.From || id == SipHeader.To || id == SipHeader.CallId || id == SipHeader.CSeq) &&
                    m.HeaderHasNul(i))
                {
                    return false;
                }
            }

            // The top Via routes the answer (§18.2.2) and must parse; From, To, Call-ID and CSeq are copied as sent,
            // so their syntax may be what is wrong (RFC 4475 §3.1.2) as long as they are there.
            return m.GetVia(0, _via) == SipError.Ok && Present(m, SipHeader.From) && Present(m, SipHeader.To) &&
                   Present(m, SipHeader.CallId) && Present(m, SipHeader.CSeq);
        }

        private static bool Present(SipMessage m, int id)
        {
            int i = m.FindHeader(id, 0);
            return i >= 0 && m.HeaderValueLength(i) > 0;
        }

        /// <summary>Request-URI scheme sip or sips (RFC 3261 §19.1; compared case-insensitively, §19.1.4).</summary>
        private static bool SipScheme(SipMessage m)
        {
            byte[] b = m.Buffer;
            int s = m.UriStart;
            int n = m.UriLength;
            return (n > 4 && SipText.EqualsIgnoreCase(b, s, 4, "sip:")) || (n > 5 && SipText.EqualsIgnoreCase(b, s, 5, "sips:"));
        }

        private static string Join(string[] items)
        {
            string s = "";
            for (int i = 0; items != null && i < items.Length; i++)
            {
                s = i == 0 ? items[i] : s + ", " + items[i];
            }

            return s;
        }

        private void Answer(SipTransaction tx, SipMessage request, int status, string reason, long nowMs)
        {
            Answer(tx, request, status, reason, nowMs, null, null);
        }

        private void Answer(SipTransaction tx, SipMessage request, int status, string reason, long nowMs, string extraName, string extraValue)
        {
            _writer.Begin(_buffer, 0, _buffer.Length);
            SipError e = SipResponseBuilder.Start(_writer, request, status, reason, _layer.NewTag(), _addr);
            if (e == SipError.Ok && (status == 405 || status == 200))
            {
                // §8.2.1 (405 MUST carry Allow) and §11.2 (OPTIONS answer SHOULD).
                e = _writer.AddHeader(SipHeader.Allow, Join(AllowedMethods));
            }

            if (e == SipError.Ok && status == 200)
            {
                if (Accept != null && Accept.Length > 0)
                {
                    e = _writer.AddHeader(SipHeader.Accept, Accept);
                }

                if (e == SipError.Ok && SupportedOptions != null && SupportedOptions.Length > 0)
                {
                    e = _writer.AddHeader(SipHeader.Supported, Join(SupportedOptions));
                }
            }

            if (e == SipError.Ok && extraName != null)
            {
                e = _writer.AddHeader(extraName, extraValue);
            }

            if (e == SipError.Ok)
            {
                e = _writer.Finish(null, 0, 0);
            }

            if (e != SipError.Ok || _layer.SendResponse(tx, _buffer, 0, _writer.Length, nowMs) != SipTransactionStatus.Ok)
            {
                SendFailures++;
            }
        }
    }
}
