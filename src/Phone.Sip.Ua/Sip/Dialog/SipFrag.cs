namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The message/sipfrag bodies of the refer event package (RFC 3515 §2.4.5, RFC 3420): a NOTIFY reports the
    /// progress of the referred request as the status line of its latest response.
    /// </summary>
    public static class SipFrag
    {
        public const string ContentType = "message/sipfrag;version=2.0";

        /// <summary>The body for a status: "SIP/2.0 200 OK" and CRLF (RFC 3420 §2: a start line alone is a valid fragment).</summary>
        public static string StatusLine(int status, string reason)
        {
            return "SIP/2.0 " + status.ToString() + " " + (reason == null || reason.Length == 0 ? "Unknown" : reason) + "\r\n";
        }

        /// <summary>The status code of the fragment's start line "SIP/2.0 NNN …", or -1 when it is not a status line.</summary>
        public static int Status(byte[] b, int start, int length)
        {
            const string prefix = "SIP/2.0 ";
            if (b == null || length < prefix.Length + 3 || !SipText.EqualsIgnoreCase(b, start, prefix.Length, prefix))
            {
                return -1;
            }

            int i = start + prefix.Length;
            int v = 0;
            for (int k = 0; k < 3; k++)
            {
                if (!SipText.IsDigit(b[i + k]))
                {
                    return -1;
                }

                v = v * 10 + (b[i + k] - '0');
            }

            bool ends = length == prefix.Length + 3 || b[i + 3] == ' ' || b[i + 3] == '\r' || b[i + 3] == '\n';
            return ends && v >= 100 && v <= 699 ? v : -1;
        }
    }
}
