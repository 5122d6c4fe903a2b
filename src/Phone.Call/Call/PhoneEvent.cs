using Phone.Sip.Registration;

namespace Phone.Call
{
    /// <summary>
    /// One report from the SIP/media side. Built with the static factories; fields that do not apply to the
    /// Kind keep their defaults. Calls the SIP side announces (IncomingCall) carry positive ids; the phone's own
    /// outgoing calls use the negative ids it put in PlaceCall, so the two can never collide.
    /// </summary>
    public sealed class PhoneEvent
    {
        private PhoneEvent(PhoneEventKind kind, int callId)
        {
            Kind = kind;
            CallId = callId;
        }

        public PhoneEventKind Kind { get; private set; }

        public int CallId { get; private set; }

        /// <summary>IncomingCall: the caller's display name from From (may be null or empty).</summary>
        public string DisplayName { get; private set; }

        /// <summary>IncomingCall: the caller's URI.</summary>
        public string Uri { get; private set; }

        /// <summary>CallProgress: 180 or 183; CallFailed and RegistrationChanged: the SIP status code (0 = none, e.g. a transport error).</summary>
        public int Status { get; private set; }

        /// <summary>CallFailed and RegistrationChanged: reason phrase or local cause, may be null.</summary>
        public string Reason { get; private set; }

        /// <summary>RemoteHold: held (true) or resumed; MediaStats: media is SRTP.</summary>
        public bool Flag { get; private set; }

        public RegistrationState Registration { get; private set; }

        /// <summary>RegistrationChanged: milliseconds until the next attempt, 0 when none is planned.</summary>
        public int RetryInMs { get; private set; }

        /// <summary>MediaStats: packet loss percent; NetworkChanged: signal 0 (no network) .. 4.</summary>
        public int Level { get; private set; }

        public static PhoneEvent IncomingCall(int callId, string displayName, string uri)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.IncomingCall, callId);
            e.DisplayName = displayName;
            e.Uri = uri;
            return e;
        }

        public static PhoneEvent CallProgress(int callId, int status)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.CallProgress, callId);
            e.Status = status;
            return e;
        }

        public static PhoneEvent CallAnswered(int callId)
        {
            return new PhoneEvent(PhoneEventKind.CallAnswered, callId);
        }

        public static PhoneEvent CallFailed(int callId, int status, string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.CallFailed, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        /// <summary>CallReplaced: the call the new one replaces.</summary>
        public int ReplacedCallId { get; private set; }

        public static PhoneEvent CallReplaced(int callId, int replacedCallId, string displayName, string uri)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.CallReplaced, callId);
            e.ReplacedCallId = replacedCallId;
            e.DisplayName = displayName;
            e.Uri = uri;
            return e;
        }

        public static PhoneEvent TransferResult(int callId, int status, string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.TransferResult, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        public static PhoneEvent RemoteHangup(int callId)
        {
            return new PhoneEvent(PhoneEventKind.RemoteHangup, callId);
        }

        public static PhoneEvent MediaFailed(int callId, string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.MediaFailed, callId);
            e.Reason = reason;
            return e;
        }

        public static PhoneEvent ConferenceRefused(string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.ConferenceRefused, 0);
            e.Reason = reason;
            return e;
        }

        public static PhoneEvent RemoteHold(int callId, bool held)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.RemoteHold, callId);
            e.Flag = held;
            return e;
        }

        public static PhoneEvent RegistrationChanged(RegistrationState state, int status, string reason, int retryInMs)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.RegistrationChanged, 0);
            e.Registration = state;
            e.Status = status;
            e.Reason = reason;
            e.RetryInMs = retryInMs;
            return e;
        }

        public static PhoneEvent MediaStats(int callId, bool secure, int lossPercent)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.MediaStats, callId);
            e.Flag = secure;
            e.Level = lossPercent;
            return e;
        }

        /// <summary>
        /// The MediaStats event in a reused object: the phone reports media figures every second or two for as long as
        /// a call lasts, and the state machine keeps no event after Handle, so one object made by
        /// <see cref="MediaStats(int, bool, int)"/> serves the whole run instead of one each time.
        /// </summary>
        public static PhoneEvent MediaStats(PhoneEvent reuse, int callId, bool secure, int lossPercent)
        {
            if (reuse == null || reuse.Kind != PhoneEventKind.MediaStats)
            {
                return MediaStats(callId, secure, lossPercent);
            }

            reuse.CallId = callId;
            reuse.Flag = secure;
            reuse.Level = lossPercent;
            return reuse;
        }

        /// <summary>RequestRejected: the refused request's method.</summary>
        public string Method { get; private set; }

        public static PhoneEvent HangupFailed(int callId, int status, string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.HangupFailed, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        public static PhoneEvent RequestRejected(int callId, string method, int status, string reason)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.RequestRejected, callId);
            e.Method = method;
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        /// <summary>
        /// One log line's worth: the kind by name (enum names are not kept on the device), the call, the status and
        /// reason; RemoteHold says "RemoteResume" when the peer took the call off hold.
        /// </summary>
        public override string ToString()
        {
            string s;
            switch (Kind)
            {
                case PhoneEventKind.IncomingCall: s = "IncomingCall"; break;
                case PhoneEventKind.CallProgress: s = "CallProgress"; break;
                case PhoneEventKind.CallAnswered: s = "CallAnswered"; break;
                case PhoneEventKind.CallFailed: s = "CallFailed"; break;
                case PhoneEventKind.RemoteHangup: s = "RemoteHangup"; break;
                case PhoneEventKind.RemoteHold: s = Flag ? "RemoteHold" : "RemoteResume"; break;
                case PhoneEventKind.HangupFailed: s = "HangupFailed"; break;
                case PhoneEventKind.ConferenceRefused: s = "ConferenceRefused"; break;
                case PhoneEventKind.MediaFailed: s = "MediaFailed"; break;
                case PhoneEventKind.RequestRejected: s = "RequestRejected " + Method; break;
                case PhoneEventKind.MessageWaiting: return "MessageWaiting " + (Flag ? "yes " : "no ") + Level.ToString() + "/" + Status.ToString();
                default: s = "Event " + ((int)Kind).ToString(); break;
            }

            if (CallId != 0) s += " call " + CallId.ToString();
            if (Status != 0) s += " " + Status.ToString();
            if (Reason != null) s += " " + Reason;
            if (Uri != null) s += " from " + Uri;
            if (Kind == PhoneEventKind.HangupFailed) s += " (ended here; the peer may not know)";
            return s;
        }

        /// <summary>The mailbox's summary: messages waiting (RFC 3842 §5.2 yes/no) and the new and old voice messages.</summary>
        public static PhoneEvent MessageWaiting(bool waiting, int newMessages, int oldMessages)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.MessageWaiting, 0);
            e.Flag = waiting;
            e.Level = newMessages < 0 ? 0 : newMessages;
            e.Status = oldMessages < 0 ? 0 : oldMessages;
            return e;
        }

        public static PhoneEvent NetworkChanged(int signal)
        {
            PhoneEvent e = new PhoneEvent(PhoneEventKind.NetworkChanged, 0);
            e.Level = signal;
            return e;
        }
    }
}
