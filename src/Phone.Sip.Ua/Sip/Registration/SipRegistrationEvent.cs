
namespace Phone.Sip.Registration
{
    /// <summary>
    /// One change of the registration state for the display (RFC 3261 §10): Registering, Registered with the
    /// lifetime the registrar granted, Failed with the SIP status (0 for a local cause such as a TLS refusal),
    /// the reason and when the next attempt is due, or Unregistered; the layers above
    /// translate it into their own events.
    /// </summary>
    public sealed class SipRegistrationEvent
    {
        public SipRegistrationEvent(RegistrationState state, int status, string reason, int expiresSeconds, long retryInMs, long atMs)
        {
            State = state;
            Status = status;
            Reason = reason;
            ExpiresSeconds = expiresSeconds;
            RetryInMs = retryInMs;
            AtMs = atMs;
        }

        public RegistrationState State { get; private set; }

        /// <summary>The SIP status of the final response that caused it; 0 for none (timeout, transport error).</summary>
        public int Status { get; private set; }

        /// <summary>Reason phrase or local cause; never contains the password.</summary>
        public string Reason { get; private set; }

        /// <summary>Registered: the lifetime granted by the registrar in seconds; 0 otherwise.</summary>
        public int ExpiresSeconds { get; private set; }

        /// <summary>Failed: milliseconds until the next attempt; 0 when none is planned.</summary>
        public long RetryInMs { get; private set; }

        /// <summary>Virtual time of the change.</summary>
        public long AtMs { get; private set; }

        public override string ToString()
        {
            string s;
            switch (State)
            {
                case RegistrationState.Registering: s = "Registering"; break;
                case RegistrationState.Registered: s = "Registered(" + ExpiresSeconds.ToString() + ")"; break;
                case RegistrationState.Failed: s = "Failed(" + Status.ToString() + ", " + Reason + ", " + RetryInMs.ToString() + ")"; break;
                default: s = "Unregistered"; break;
            }

            return s;
        }
    }
}
