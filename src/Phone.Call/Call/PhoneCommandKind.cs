namespace Phone.Call
{
    /// <summary>What the state machine asks the SIP/media side to do.</summary>
    public enum PhoneCommandKind
    {
        /// <summary>CallId (chosen by the phone, negative) and Uri.</summary>
        PlaceCall = 0,

        /// <summary>CallId: send 200 OK to the INVITE.</summary>
        Answer = 1,

        /// <summary>CallId and Status: 486 Busy Here or 603 Decline.</summary>
        Reject = 2,

        /// <summary>CallId: BYE when established, CANCEL while still ringing out (RFC 3261 9.1, 15).</summary>
        HangUp = 3,

        /// <summary>CallId and On: put on hold (true) or resume (false).</summary>
        Hold = 4,

        /// <summary>CallId and Digit.</summary>
        SendDtmf = 5,

        /// <summary>On: microphone muted.</summary>
        SetMute = 6,

        /// <summary>Target and Level (percent).</summary>
        SetVolume = 7,

        /// <summary>Tone.</summary>
        SetAlert = 8,

        /// <summary>Forward the ringing call CallId to Uri: 302 Moved Temporarily (RFC 3261 §21.3.3).</summary>
        Redirect = 9,

        /// <summary>
        /// Transfer the established call CallId (REFER, RFC 3515): to Uri (blind), or, when Uri is null, to the
        /// party of call OtherCallId, which takes that call over (attended, RFC 3891 Replaces).
        /// </summary>
        Transfer = 10,

        /// <summary>On: mix the two calls into a local three-way conference (true) or stop mixing (false).</summary>
        Conference = 11
    }
}
