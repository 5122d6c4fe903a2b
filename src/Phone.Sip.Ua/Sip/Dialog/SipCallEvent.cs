namespace Phone.Sip.Dialog
{
    /// <summary>
    /// One report of the call agent, in the SIP layer's own terms. Built with the static factories; fields that do
    /// not apply to the Kind keep their defaults. Calls the agent announces (IncomingCall) carry positive ids; calls
    /// placed by the phone carry the ids it passed to SipCallAgent.Place.
    /// </summary>
    public sealed class SipCallEvent
    {
        private SipCallEvent(SipCallEventKind kind, int callId)
        {
            Kind = kind;
            CallId = callId;
        }

        public SipCallEventKind Kind { get; private set; }

        public int CallId { get; private set; }

        /// <summary>IncomingCall: the caller's display name from From (may be null or empty).</summary>
        public string DisplayName { get; private set; }

        /// <summary>IncomingCall: the caller's URI.</summary>
        public string Uri { get; private set; }

        /// <summary>CallProgress: 180 or 183; CallFailed, RequestRejected, HangupFailed: the SIP status code (0 = none, e.g. a transport error).</summary>
        public int Status { get; private set; }

        /// <summary>CallFailed: reason phrase or local cause, may be null.</summary>
        public string Reason { get; private set; }

        /// <summary>RemoteHold: held (true) or resumed (false).</summary>
        public bool Held { get; private set; }

        public static SipCallEvent IncomingCall(int callId, string displayName, string uri)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.IncomingCall, callId);
            e.DisplayName = displayName;
            e.Uri = uri;
            return e;
        }

        public static SipCallEvent CallProgress(int callId, int status)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.CallProgress, callId);
            e.Status = status;
            return e;
        }

        public static SipCallEvent CallAnswered(int callId)
        {
            return new SipCallEvent(SipCallEventKind.CallAnswered, callId);
        }

        public static SipCallEvent CallFailed(int callId, int status, string reason)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.CallFailed, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        public static SipCallEvent RemoteHangup(int callId)
        {
            return new SipCallEvent(SipCallEventKind.RemoteHangup, callId);
        }

        /// <summary>RequestRejected: the request's method (INVITE, BYE …).</summary>
        public string Method { get; private set; }

        public static SipCallEvent RequestRejected(int callId, string method, int status, string reason)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.RequestRejected, callId);
            e.Method = method;
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        public static SipCallEvent HangupFailed(int callId, int status, string reason)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.HangupFailed, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        /// <summary>CallReplaced: the id of the call the new one replaces.</summary>
        public int ReplacedCallId { get; private set; }

        public static SipCallEvent CallReplaced(int callId, int replacedCallId, string displayName, string uri)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.CallReplaced, callId);
            e.ReplacedCallId = replacedCallId;
            e.DisplayName = displayName;
            e.Uri = uri;
            return e;
        }

        public static SipCallEvent TransferResult(int callId, int status, string reason)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.TransferResult, callId);
            e.Status = status;
            e.Reason = reason;
            return e;
        }

        public static SipCallEvent RemoteHold(int callId, bool held)
        {
            SipCallEvent e = new SipCallEvent(SipCallEventKind.RemoteHold, callId);
            e.Held = held;
            return e;
        }
    }
}
