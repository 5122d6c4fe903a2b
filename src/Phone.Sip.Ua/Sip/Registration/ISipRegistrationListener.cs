namespace Phone.Sip.Registration
{
    /// <summary>Receives SipRegistration's state changes, synchronously, on the caller's thread.</summary>
    public interface ISipRegistrationListener
    {
        void OnRegistrationChanged(SipRegistrationEvent e);
    }
}
