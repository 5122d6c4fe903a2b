namespace Phone.Config
{
    /// <summary>
    /// [call]: call forwarding. A target is a number or user (dialled in sip.domain, as from the keypad) or a whole
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
    }
}
