using Phone.Media;
using Phone.Sip;
using Phone.Sdp;

namespace Phone.Config
{
    /// <summary>The typed contents of nf.config. A fresh instance holds the secure defaults.</summary>
    public sealed class PhoneConfig
    {
        public readonly DeviceSettings Device = new DeviceSettings();
        public readonly WifiSettings Wifi = new WifiSettings();
        public readonly SipSettings Sip = new SipSettings();
        public readonly TlsSettings Tls = new TlsSettings();
        public readonly SrtpSettings Srtp = new SrtpSettings();
        public readonly AudioSettings Audio = new AudioSettings();
        public readonly ProvisioningSettings Provisioning = new ProvisioningSettings();
        public readonly CallSettings Call = new CallSettings();
    }
}
