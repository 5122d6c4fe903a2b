namespace Phone.Call
{
    /// <summary>What the SIP/media side reports to the state machine.</summary>
    public enum PhoneEventKind
    {
        IncomingCall = 0,
        CallProgress = 1,
        CallAnswered = 2,
        CallFailed = 3,
        RemoteHangup = 4,
        RemoteHold = 5,
        RegistrationChanged = 6,
        MediaStats = 7,
        NetworkChanged = 8,

        /// <summary>Our BYE failed (Status, Reason); the call is over here, the ended screen says so.</summary>
        HangupFailed = 9,

        /// <summary>A request from the peer was refused (Method, Status, Reason); for the log, the screen is unchanged.</summary>
        RequestRejected = 10,

        /// <summary>The voicemail's message summary (RFC 3842): Flag = messages waiting, Level = new, Status = old messages.</summary>
        MessageWaiting = 11,

        /// <summary>Call CallId took the place of call ReplacedCallId (a transfer); DisplayName and Uri name the new party.</summary>
        CallReplaced = 12,

        /// <summary>Our transfer of call CallId has an outcome: Status 2xx done (the call ends), else failed (Status, Reason).</summary>
        TransferResult = 13,

        /// <summary>The media could not mix the two calls (Reason, e.g. a ptime other than 20 ms): the conference is split.</summary>
        ConferenceRefused = 14,

        /// <summary>The call's media could not start (Reason, e.g. its RTP port could not be bound): the call is hung up, the ended screen says so.</summary>
        MediaFailed = 15
    }
}
