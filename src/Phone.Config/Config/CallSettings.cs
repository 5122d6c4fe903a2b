namespace Phone.Config
{
    /// <summary>
    /// [call]: dialing (dial plan, inter-digit timeout, emergency numbers, speed dial) and call forwarding. A target is a number or user (dialled in sip.domain, as from the keypad) or a whole
    /// sip:/sips: URI; null forwards nothing. Forwarding answers the INVITE with 302 Moved Temporarily naming the
    /// target in Contact (RFC 3261 §21.3.3); the caller's side follows it.
    /// </summary>
    public sealed class CallSettings
    {
        /// <summary>Every call goes to this target and the phone does not ring (takes precedence over do-not-disturb).</summary>
        public string ForwardAlways;

        /// <summary>A call that comes while the phone is already in a call goes here instead of waiting.</summary>
        public string ForwardBusy;

        /// <summary>A call not answered within <see cref="ForwardNoAnswerSeconds"/> goes here.</summary>
        public string ForwardNoAnswer;

        /// <summary>Ringing time before forward_no_answer, 5..120 s.</summary>
        public int ForwardNoAnswerSeconds = 20;

        /// <summary>Inter-digit timeout when nothing is configured.</summary>
        public const int DefaultInterDigitMs = 5000;

        /// <summary>The digit map dialled numbers must match (null: anything may be dialled, as without a plan).</summary>
        public DialPlan DialPlan;

        /// <summary>Dialing places the call this long after the last key press, 2000..10000 ms.</summary>
        public int InterDigitMs = DefaultInterDigitMs;

        /// <summary>Numbers dialled the moment they are complete, whatever the dial plan, do-not-disturb or registration say.</summary>
        public string[] Emergency = new string[] { "112", "911" };

        /// <summary>Index = keypad digit: its target (a number or user, or a sip:/sips: URI), or null.</summary>
        public string[] SpeedDial = new string[10];

        /// <summary>
        /// Transfers: the Transfer key (REFER, RFC 3515), and the peer's REFER and Replaces (RFC 3891) taken;
        /// false: the key does nothing, a REFER gets 603 Decline and an INVITE with Replaces 481.
        /// </summary>
        public bool Transfer = true;
    }
}
