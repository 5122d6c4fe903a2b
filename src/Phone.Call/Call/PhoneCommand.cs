namespace Phone.Call
{
    /// <summary>
    /// One request to the SIP/media side. Instances live in a CommandQueue and are reused after
    /// CommandQueue.Clear, so read them before clearing and do not keep references.
    /// </summary>
    public sealed class PhoneCommand
    {
        public PhoneCommandKind Kind;
        public int CallId;

        /// <summary>PlaceCall: the request URI.</summary>
        public string Uri;

        /// <summary>Reject: 486 or 603.</summary>
        public int Status;

        /// <summary>Hold: hold (true) or resume; SetMute: muted.</summary>
        public bool On;

        /// <summary>SendDtmf: 0-9, * or #. Other kinds: (char)0, read by nobody and never put into a string.</summary>
        public char Digit;

        public VolumeTarget Target;

        /// <summary>SetVolume: percent, 0..100.</summary>
        public int Level;

        public AlertTone Tone;

        /// <summary>Transfer (attended): the call whose party takes CallId over.</summary>
        public int OtherCallId;

        /// <summary>Takes every field of another command (CommandQueue.TryTake).</summary>
        public void CopyFrom(PhoneCommand c)
        {
            Kind = c.Kind;
            CallId = c.CallId;
            Uri = c.Uri;
            Status = c.Status;
            On = c.On;
            Digit = c.Digit;
            Target = c.Target;
            Level = c.Level;
            Tone = c.Tone;
            OtherCallId = c.OtherCallId;
        }

        internal void Reset(PhoneCommandKind kind, int callId)
        {
            Kind = kind;
            CallId = callId;
            Uri = null;
            Status = 0;
            On = false;
            Digit = (char)0;
            Target = VolumeTarget.Speaker;
            Level = 0;
            Tone = AlertTone.None;
            OtherCallId = 0;
        }
    }
}
