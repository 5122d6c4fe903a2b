namespace Phone.Sip
{
    /// <summary>
    /// Splits a header value into its comma-separated elements (RFC 3261 §7.3.1), ignoring commas inside
    /// quoted-strings, inside "&lt;" "&gt;" and inside comments, with comment nesting bounded.
    /// </summary>
    public static class SipList
    {
        /// <summary>
        /// From i, finds the next element [start,end) and moves i past its comma; after the last element i is
        /// end + 1. Returns Ok, BadQuotedString, BadNameAddr (unbalanced "&lt;") or NestingTooDeep.
        /// </summary>
        public static SipError Next(byte[] b, ref int i, int end, out int start, out int elementEnd)
        {
            start = i;
            elementEnd = end;
            bool angle = false;
            int depth = 0;
            while (i < end)
            {
                int c = b[i];
                if (c == '"' && depth == 0)
                {
                    int q = SipText.ScanQuoted(b, i, end);
                    if (q < 0)
                    {
                        return SipError.BadQuotedString;
                    }

                    i = q;
                    continue;
                }

                if (c == '<')
                {
                    if (angle)
                    {
                        return SipError.BadNameAddr;
                    }

                    angle = true;
                }
                else if (c == '>')
                {
                    angle = false;
                }
                else if (c == '(' && !angle)
                {
                    if (++depth > SipLimits.MaxNesting)
                    {
                        return SipError.NestingTooDeep;
                    }
                }
                else if (c == ')' && !angle && depth > 0)
                {
                    depth--;
                }
                else if (c == ',' && !angle && depth == 0)
                {
                    elementEnd = i;
                    i++;
                    return SipError.Ok;
                }

                i++;
            }

            if (angle)
            {
                return SipError.BadNameAddr;
            }

            elementEnd = end;
            i = end + 1;
            return SipError.Ok;
        }
    }
}
