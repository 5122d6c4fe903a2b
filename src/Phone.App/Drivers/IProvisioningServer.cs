using Phone.Device.Provisioning;

namespace Phone.App.Drivers
{
    /// <summary>
    /// The HTTPS listener of the provisioning endpoint (setup hotspot, or the LAN with the admin password). It
    /// serves one bounded request at a time on its own thread and calls the endpoint under storeLock; the endpoint
    /// (Phone.Device) does all the checking. Its certificate and key are the PEM files the app read.
    /// </summary>
    public interface IProvisioningServer
    {
        bool Start(ProvisioningEndpoint endpoint, object storeLock, byte[] certificatePem, byte[] keyPem);

        void Stop();

        /// <summary>A configuration was stored by a request since Start.</summary>
        bool ConfigApplied { get; }

        string LastError { get; }
    }
}
