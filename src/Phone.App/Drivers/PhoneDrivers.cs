using System.Threading;
using Phone.Audio;
using Phone.Crypto;
using Phone.Device.Storage;

namespace Phone.App.Drivers
{
    /// <summary>
    /// Everything the phone app touches outside itself, handed over once at power-on: the nanoFramework drivers on
    /// the board (src/Phone.Firmware) or the host's simulated peripherals (the virtual handset and the end-to-end
    /// tests). The app holds no other way to reach hardware, sockets or time.
    /// </summary>
    public sealed class PhoneDrivers
    {
        public IClock Clock;

        /// <summary>The flash volume; null when it did not mount (the app runs on the built-in profile, unconfigured).</summary>
        public IFileStore Files;

        public IEntropySource Entropy;

        public IDisplayPanel Panel;

        /// <summary>Null on a board without GPIO for the matrix.</summary>
        public IKeyMatrix Keys;

        public IAudioCapture Microphone;

        public IAudioPlayback Speaker;

        /// <summary>One per call slot (PhoneCore.MaxCalls).</summary>
        public IMediaPort[] MediaPorts;

        public ISipLinks Sip;

        public IWifiStation Wifi;

        public ISoftAccessPoint Hotspot;

        public IHttpsFetcher Fetcher;

        public IProvisioningServer Provisioning;

        public IRestart Restart;

        public IMemoryGauge Memory;

        /// <summary>The native SRTP kernel, or null; checked against published vectors at boot before it is used.</summary>
        public ICryptoKernel NativeCrypto;

        /// <summary>The native audio kernel, or null; checked bit for bit against the managed one at boot.</summary>
        public IAudioKernel NativeAudio;

        /// <summary>Where the app writes its event lines; may be null (no log).</summary>
        public IEventLog Log;

        /// <summary>Set by the network readers and the media thread when the app's loop has work; the loop waits on it.</summary>
        public AutoResetEvent Wake;
    }
}
