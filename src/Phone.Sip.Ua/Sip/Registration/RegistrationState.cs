namespace Phone.Sip.Registration
{
    /// <summary>State of the SIP registration as the SIP side reports it (RFC 3261 section 10).</summary>
    public enum RegistrationState
    {
        Unregistered = 0,
        Registering = 1,
        Registered = 2,
        Failed = 3
    }
}
