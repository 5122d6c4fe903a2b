namespace Phone.Sip.Transaction
{
    /// <summary>
    /// Starts a response to a request as RFC 3261 §8.2.6.2 requires: same Via headers in the same order, From,
    /// To (with a tag added when the request had none and the response is not 100), Call-ID and CSeq; for 100
    /// Trying the Timestamp is copied (§8.2.6.1). The caller adds its own headers and calls Finish.
    /// </summary>
    public static class SipResponseBuilder
    {
        /// <summary>Writes the status line and the copied headers into a writer on which Begin was called.</summary>
        public static SipError Start(SipMessageWriter w, SipMessage request, int status, string reason, string toTag, SipNameAddr scratch)
        {
            if (w == null || request == null || !request.IsRequest)
            {
                return SipError.BadArgument;
            }

            SipError e = w.StartResponse(status, reason);
            for (int i = 0; i < request.HeaderCount && e == SipError.Ok; i++)
            {
                if (request.HeaderId(i) == SipHeader.Via)
                {
                    e = w.CopyHeader(request, i);
                }
            }

            int at = request.FindHeader(SipHeader.From, 0);
            if (at >= 0 && e == SipError.Ok)
            {
                e = w.CopyHeader(request, at);
            }

            at = request.FindHeader(SipHeader.To, 0);
            if (at >= 0 && e == SipError.Ok)
            {
                bool hasTag = scratch != null && request.GetTo(scratch) == SipError.Ok && scratch.Tag != null;
                if (status > 100 && toTag != null && !hasTag)
                {
                    // RFC 3261 §8.2.6.2: the UAS adds a To tag when the request had none.
                    e = w.AddHeader(SipHeader.To, request.HeaderValue(at) + ";tag=" + toTag);
                }
                else
                {
                    e = w.CopyHeader(request, at);
                }
            }

            at = request.FindHeader(SipHeader.CallId, 0);
            if (at >= 0 && e == SipError.Ok)
            {
                e = w.CopyHeader(request, at);
            }

            at = request.FindHeader(SipHeader.CSeq, 0);
            if (at >= 0 && e == SipError.Ok)
            {
                e = w.CopyHeader(request, at);
            }

            if (status == 100 && e == SipError.Ok)
            {
                at = request.FindHeader("Timestamp", 0);
                if (at >= 0)
                {
                    e = w.CopyHeader(request, at);
                }
            }

            return e;
        }
    }
}
