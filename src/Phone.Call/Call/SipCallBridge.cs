using Phone.Sip.Dialog;
using Phone.Sip.Registration;

namespace Phone.Call
{
    /// <summary>
    /// The one mapping between the SIP user agent's vocabulary and the phone's: a PhoneCommand becomes a call-agent
    /// call, and the agent's and the registration's events become PhoneEvents for PhoneStateMachine. The SIP layer
    /// knows nothing of the phone; every composition (device, virtual handset, tests) routes through here.
    /// </summary>
    public static class SipCallBridge
    {
        /// <summary>PlaceCall, Answer, Reject, Redirect, HangUp, Hold and Transfer go to the agent; every other command (media, UI) is not its business.</summary>
        public static void Execute(SipCallAgent agent, PhoneCommand command, long nowMs)
        {
            if (agent == null || command == null)
            {
                return;
            }

            switch (command.Kind)
            {
                case PhoneCommandKind.PlaceCall:
                    agent.Place(command.CallId, command.Uri, nowMs);
                    break;
                case PhoneCommandKind.Answer:
                    agent.Answer(command.CallId, nowMs);
                    break;
                case PhoneCommandKind.Reject:
                    agent.Reject(command.CallId, command.Status, nowMs);
                    break;
                case PhoneCommandKind.Redirect:
                    agent.Redirect(command.CallId, command.Uri, nowMs);
                    break;
                case PhoneCommandKind.HangUp:
                    agent.HangUp(command.CallId, nowMs);
                    break;
                case PhoneCommandKind.Hold:
                    agent.Hold(command.CallId, command.On, nowMs);
                    break;
                case PhoneCommandKind.Transfer:
                    if (command.Uri != null) agent.Transfer(command.CallId, command.Uri, nowMs);
                    else agent.TransferAttended(command.CallId, command.OtherCallId, nowMs);
                    break;
            }
        }

        /// <summary>The state machine's event for a call agent report.</summary>
        public static PhoneEvent ToPhoneEvent(SipCallEvent e)
        {
            switch (e.Kind)
            {
                case SipCallEventKind.IncomingCall: return PhoneEvent.IncomingCall(e.CallId, e.DisplayName, e.Uri);
                case SipCallEventKind.CallProgress: return PhoneEvent.CallProgress(e.CallId, e.Status);
                case SipCallEventKind.CallAnswered: return PhoneEvent.CallAnswered(e.CallId);
                case SipCallEventKind.RemoteHangup: return PhoneEvent.RemoteHangup(e.CallId);
                case SipCallEventKind.RemoteHold: return PhoneEvent.RemoteHold(e.CallId, e.Held);
                case SipCallEventKind.HangupFailed: return PhoneEvent.HangupFailed(e.CallId, e.Status, e.Reason);
                case SipCallEventKind.RequestRejected: return PhoneEvent.RequestRejected(e.CallId, e.Method, e.Status, e.Reason);
                case SipCallEventKind.CallReplaced: return PhoneEvent.CallReplaced(e.CallId, e.ReplacedCallId, e.DisplayName, e.Uri);
                case SipCallEventKind.TransferResult: return PhoneEvent.TransferResult(e.CallId, e.Status, e.Reason);
                default: return PhoneEvent.CallFailed(e.CallId, e.Status, e.Reason);
            }
        }

        /// <summary>The state machine's RegistrationChanged for a registration report (retry time capped to int).</summary>
        public static PhoneEvent ToPhoneEvent(SipRegistrationEvent e)
        {
            return PhoneEvent.RegistrationChanged(e.State, e.Status, e.Reason, e.RetryInMs > 0x7FFFFFFF ? 0x7FFFFFFF : (int)e.RetryInMs);
        }
    }
}
