namespace Phone.Sip
{
    /// <summary>
    /// The Subscription-State header of a NOTIFY (RFC 6665 §8.2.3): substate active / pending / terminated, and the
    /// expires, reason and retry-after parameters — for every subscription the phone holds (message summary, the implicit
    /// one of a REFER). A NOTIFY without the header reads as active with no expires.
    /// </summary>
    internal sealed class SipSubscriptionState
    {
        internal bool Terminated;

        /// <summary>The reason parameter in lower case; null when absent.</summary>
        internal string Reason;

        /// <summary>The expires parameter in seconds; -1 when absent.</summary>
        internal int Expires;

        /// <summary>The retry-after parameter in seconds; -1 when absent.</summary>
        internal int RetryAfter;

        internal void Read(SipMessage m)
        {
            Terminated = false;
            Reason = null;
            Expires = -1;
            RetryAfter = -1;
            int at = m.FindHeader("Subscription-State", 0);
            if (at < 0)
            {
                return;
            }

            string[] parts = m.HeaderValue(at).Split(';');
            Terminated = parts[0].Trim().ToLower() == "terminated";
            for (int i = 1; i < parts.Length; i++)
            {
                string p = parts[i].Trim();
                int eq = p.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string name = p.Substring(0, eq).Trim().ToLower();
                string value = p.Substring(eq + 1).Trim();
                if (name == "reason") Reason = value.ToLower();
                else if (name == "expires") Expires = Seconds(value);
                else if (name == "retry-after") RetryAfter = Seconds(value);
            }
        }

        /// <summary>delta-seconds (RFC 3261 §25.1), capped at a day; -1 when not digits.</summary>
        private static int Seconds(string s)
        {
            if (s.Length == 0 || s.Length > 9) return -1;
            int v = 0;
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9') return -1;
                v = v * 10 + (c - '0');
            }

            return v > 86400 ? 86400 : v;
        }
    }
}
