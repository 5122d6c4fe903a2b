using Phone.Sdp;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// What the call agent reports upwards. Called synchronously from the agent's entry points (Place, Answer…, OnRequest,
    /// OnResponse, AdvanceTo…); the layers above map the events to their own vocabulary and the
    /// media updates to the media session.
    /// </summary>
    public interface ISipCallListener
    {
        /// <summary>IncomingCall, CallProgress, CallAnswered, CallFailed, RemoteHangup, RemoteHold.</summary>
        void OnCallEvent(SipCallEvent e, long nowMs);

        /// <summary>
        /// Media starts or changes: early media, the answer, hold and resume (RFC 3264 §8.4), a new remote address
        /// or new SDES keys (RFC 4568 §7.1.4). media.Direction is our direction; the local RTP port is
        /// SipCallAgent.LocalRtpPort(callId).
        /// </summary>
        void OnMediaUpdate(int callId, SdpNegotiationResult media, long nowMs);

        /// <summary>The call's media ends (the call ended or failed after media had started).</summary>
        void OnMediaStop(int callId, long nowMs);
    }
}
