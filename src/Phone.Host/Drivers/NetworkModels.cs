using System;
using System.Threading;
using Phone.App.Drivers;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The Wi-Fi station of a phone on the host: the "access point" is the host's network, which a test can take
    /// away (<see cref="Drop"/>) and bring back (<see cref="Restore"/>), or refuse from the start (a wrong SSID or
    /// password: <see cref="Reachable"/> false). A join finishes on a background timer after
    /// <see cref="JoinDelayMs"/>, as the radio's does.
    /// </summary>
    public sealed class WifiModel : IWifiStation
    {
        private readonly object _lock = new object();
        private int _state; // 0 idle, 1 joining, 2 done
        private bool _succeeded;
        private bool _up;

        public WifiModel(string address = "127.0.0.1", byte[] mac = null)
        {
            AddressWhenUp = address;
            Mac = mac ?? new byte[] { 0x24, 0x6F, 0x28, 0x12, 0x34, 0x56 };
        }

        /// <summary>The address DHCP gives the phone.</summary>
        public string AddressWhenUp { get; set; }

        /// <summary>Whether the configured network can be joined at all.</summary>
        public bool Reachable { get; set; } = true;

        public int JoinDelayMs { get; set; } = 50;

        /// <summary>Joins started (first joins and rejoins).</summary>
        public int Joins { get; private set; }

        /// <summary>The SSID of the last join (what nf.config told the phone).</summary>
        public string LastSsid { get; private set; }

        public byte[] Mac { get; }

        public bool IsUp { get { lock (_lock) return _up; } }

        public string Address { get { lock (_lock) return _up ? AddressWhenUp : null; } }

        public string LastError { get; private set; }

        public void WarmRadio()
        {
        }

        public void Begin(string ssid, string password, string deviceName, bool rejoin)
        {
            lock (_lock)
            {
                _state = 1;
                _succeeded = false;
                Joins++;
                LastSsid = ssid;
            }

            var t = new Timer(_ =>
            {
                lock (_lock)
                {
                    if (_state != 1) return;
                    _succeeded = Reachable;
                    _up = Reachable;
                    LastError = Reachable ? null : "no AP " + ssid;
                    _state = 2;
                }
            });
            t.Change(JoinDelayMs, Timeout.Infinite);
        }

        public bool Busy { get { lock (_lock) return _state == 1; } }

        public bool IsDone { get { lock (_lock) return _state == 2; } }

        public bool Succeeded { get { lock (_lock) return _succeeded; } }

        public void Reset() { lock (_lock) _state = 0; }

        /// <summary>The access point goes away: the interface is down until a join succeeds again.</summary>
        public void Drop() { lock (_lock) { _up = false; Reachable = false; } }

        /// <summary>The access point is back (the phone's supervisor rejoins on its own schedule).</summary>
        public void Restore() { lock (_lock) Reachable = true; }
    }

    /// <summary>
    /// The setup hotspot of a phone on the host. Like the ESP32's, it is stored for the next boot: the object
    /// outlives the app across restarts. Its address is where the host's provisioning server listens.
    /// </summary>
    public sealed class HotspotModel : ISoftAccessPoint
    {
        public string Address { get; set; } = "127.0.0.1";

        /// <summary>Stored and switched on for the next boot.</summary>
        public bool Stored { get; private set; }

        public string Ssid { get; private set; }

        public string Password { get; private set; }

        /// <summary>Whether this boot runs the hotspot (set when the app boots).</summary>
        public bool IsEnabled { get; private set; }

        public bool Configure(string ssid, string password, out string error)
        {
            error = null;
            Ssid = ssid;
            Password = password;
            Stored = true;
            return true;
        }

        public void Disable() => Stored = false;

        /// <summary>Power-on: the access point starts from what was stored.</summary>
        public void PowerOn() => IsEnabled = Stored;
    }

    /// <summary>A restart request: the host's runner boots a new app on the same persistent drivers.</summary>
    public sealed class RestartSignal : IRestart
    {
        private int _requested;

        public int Count { get; private set; }

        public bool Requested => Volatile.Read(ref _requested) != 0;

        public void Restart()
        {
            Count++;
            Volatile.Write(ref _requested, 1);
        }

        public void Clear() => Volatile.Write(ref _requested, 0);
    }

    /// <summary>The host has no native heap to report.</summary>
    public sealed class NoMemoryGauge : IMemoryGauge
    {
        public void Sample()
        {
        }

        public bool Known => false;

        public long FreeBytes => 0;

        public long LargestFreeBlock => 0;
    }
}
