namespace Phone.Sip.Dialog
{
    /// <summary>
    /// The Replaces header (RFC 3891 §6.1): callid *(";" to-tag / from-tag / early-only / generic-param). The tags
    /// name the dialog from the view of the UA that receives it: to-tag is its local tag, from-tag the remote one.
    /// </summary>
    public sealed class SipReplaces
    {
        public string CallId { get; private set; }

        public string ToTag { get; private set; }

        public string FromTag { get; private set; }

        /// <summary>RFC 3891 §3: only an early dialog may be replaced.</summary>
        public bool EarlyOnly { get; private set; }

        /// <summary>Reads value; false when the call-id or either tag is missing (RFC 3891 §6.1: both are required).</summary>
        public bool Parse(string value)
        {
            CallId = null;
            ToTag = null;
            FromTag = null;
            EarlyOnly = false;
            if (value == null)
            {
                return false;
            }

            string[] parts = value.Split(';');
            CallId = parts[0].Trim();
            for (int i = 1; i < parts.Length; i++)
            {
                string p = parts[i].Trim();
                int eq = p.IndexOf('=');
                string name = (eq < 0 ? p : p.Substring(0, eq)).Trim().ToLower();
                string v = eq < 0 ? null : p.Substring(eq + 1).Trim();
                if (name == "to-tag") ToTag = v;
                else if (name == "from-tag") FromTag = v;
                else if (name == "early-only") EarlyOnly = true;
            }

            return CallId.Length > 0 && ToTag != null && ToTag.Length > 0 && FromTag != null && FromTag.Length > 0;
        }
    }
}
