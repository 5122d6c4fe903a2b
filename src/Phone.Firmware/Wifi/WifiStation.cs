using System;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using System.Device.Wifi;
using Phone.App.Drivers;

namespace Phone.Firmware.Wifi
{
    /// <summary>
    /// The phone as a Wi-Fi station, through nanoFramework's WifiNetworkHelper (System.Device.Wifi package,
    /// namespace nanoFramework.Networking).
    /// <para>
    /// Connect joins with DHCP and requiresDateTime = true: the helper then also waits until the clock has been
    /// set. nanoFramework's ESP32 firmware starts SNTP itself when the network comes up; the helper's wait is for
    /// DateTime.UtcNow to leave the build date. No SNTP or RTC class is in the stable API lists (the
    /// nanoFramework.Networking.Sntp package is not among them), so this is the only clock source: TLS
    /// certificate validity checks need it, which is why the phone never opens TLS before Connect returned true.
    /// </para>
    /// <para>
    /// The connection is made with WifiReconnectionKind.Automatic, so the firmware rejoins by itself after a drop;
    /// LinkSupervisor (Recovery) watches IsUp and calls Reconnect when the automatic rejoin does not come back.
    /// Nothing here throws: failures come back as false with Status and LastError for the display.
    /// The passphrase is handed to the helper (which stores it in the device's Wi-Fi configuration block) and
    /// never logged.
    /// </para>
    /// <para>
    /// A join runs on a worker thread (Begin; the app polls IsDone), because it waits up to a minute (association,
    /// DHCP, SNTP) and the app's loop must keep scanning keys and drawing the screen meanwhile. The helper's waits
    /// are managed waits (events and sleeps), so they yield to the other threads.
    /// </para>
    /// </summary>
    public sealed class WifiStation : IWifiStation
    {
        /// <summary>Longest wait for association, DHCP and the clock.</summary>
        public const int ConnectTimeoutMs = 60000;

        private NetworkInterface _interface;
        private int _attempts;
        private string _ssid;
        private string _password;
        private string _name;
        private bool _rejoin;
        private int _done;
        private Thread _thread;

        /// <summary>Why the last attempt failed, for the display (no secrets).</summary>
        public string LastError { get; private set; }

        public bool Busy
        {
            get { return _thread != null && _done == 0; }
        }

        public bool IsDone
        {
            get { return _thread != null && _done != 0; }
        }

        public bool Succeeded { get; private set; }

        /// <summary>
        /// Starts a join on a worker thread: the first with the credentials from nf.config, or (rejoin) with those the
        /// helper stored. A thread that cannot be made ends the join at once as failed.
        /// </summary>
        public void Begin(string ssid, string password, string deviceName, bool rejoin)
        {
            _ssid = ssid;
            _password = password;
            _name = deviceName;
            _rejoin = rejoin;
            _done = 0;
            Succeeded = false;
            _thread = new Thread(Join);
            try
            {
                _thread.Start();
            }
            catch (Exception)
            {
                LastError = "Wi-Fi: out of memory";
                _done = 1;
            }
        }

        /// <summary>Forgets the finished join.</summary>
        public void Reset()
        {
            _thread = null;
            _done = 0;
        }

        private void Join()
        {
            Succeeded = _rejoin ? Reconnect() : Connect(_ssid, _password, _name);
            _done = 1;
        }

        /// <summary>Joins the network; blocks up to ConnectTimeoutMs. True when connected with an address and a set clock.</summary>
        private bool Connect(string ssid, string password, string deviceName)
        {
            _attempts++;
            try
            {
                if (_attempts > 1)
                {
                    // Older helper versions refuse a second ConnectDhcp after a failed one (InvalidOperationException;
                    // nanoframework/System.Device.Wifi tests "TestRetryAfterTimeout"): clear its state first.
                    WifiNetworkHelper.Reset();
                }

                SetName(deviceName);
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                bool ok = WifiNetworkHelper.ConnectDhcp(ssid, password == null ? "" : password, WifiReconnectionKind.Automatic,
                    true, 0, cts.Token);
                LastError = ok ? null : "Wi-Fi: " + StatusText(WifiNetworkHelper.Status);
                return ok;
            }
            catch (Exception)
            {
                LastError = "Wi-Fi: join failed";
                return false;
            }
        }

        /// <summary>Rejoins with the stored credentials (after a drop the automatic rejoin did not repair).</summary>
        private bool Reconnect()
        {
            _attempts++;
            try
            {
                CancellationTokenSource cts = new CancellationTokenSource(ConnectTimeoutMs);
                bool ok = WifiNetworkHelper.Reconnect(true, 0, cts.Token);
                LastError = ok ? null : "Wi-Fi: " + StatusText(WifiNetworkHelper.Status);
                return ok;
            }
            catch (Exception)
            {
                LastError = "Wi-Fi: rejoin failed";
                return false;
            }
        }

        /// <summary>
        /// Starts the radio with a scan and waits briefly, so that esp_random() (behind HardwareRandomEntropy) draws
        /// on RF noise: ESP-IDF documents the RNG as a true random source only while Wi-Fi or Bluetooth runs, and a
        /// provisioning boot makes its soft-AP password and one-time code before any connection exists.
        /// </summary>
        public void WarmRadio()
        {
            try
            {
                WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
                if (adapters != null && adapters.Length > 0)
                {
                    adapters[0].ScanAsync();
                    Thread.Sleep(1500);
                }
            }
            catch (Exception)
            {
                // Without a radio there is nothing better to draw from; the bootloader-seeded RNG remains.
            }
        }

        /// <summary>True while the station interface holds an IPv4 address.</summary>
        public bool IsUp
        {
            get
            {
                string ip = Address;
                return ip != null && ip.Length > 0 && ip != "0.0.0.0";
            }
        }

        /// <summary>The station's IPv4 address ("0.0.0.0" or null when down): Via and Contact host.</summary>
        public string Address
        {
            get
            {
                NetworkInterface ni = Station();
                try
                {
                    return ni == null ? null : ni.IPv4Address;
                }
                catch (Exception)
                {
                    return null;
                }
            }
        }

        /// <summary>The station MAC (6 bytes), for the soft AP name and provisioning.url's {mac}; null when unknown.</summary>
        public byte[] Mac
        {
            get
            {
                NetworkInterface ni = Station();
                try
                {
                    return ni == null ? null : ni.PhysicalAddress;
                }
                catch (Exception)
                {
                    return null;
                }
            }
        }

        private NetworkInterface Station()
        {
            if (_interface != null)
            {
                return _interface;
            }

            try
            {
                NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
                for (int i = 0; i < all.Length; i++)
                {
                    if (all[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                    {
                        _interface = all[i];
                    }
                }
            }
            catch (Exception)
            {
                _interface = null;
            }

            return _interface;
        }

        private static void SetName(string deviceName)
        {
            if (deviceName == null || deviceName.Length == 0)
            {
                return;
            }

            try
            {
                WifiAdapter[] adapters = WifiAdapter.FindAllAdapters();
                if (adapters != null && adapters.Length > 0)
                {
                    // The DHCP host name (device.name in nf.config).
                    adapters[0].SetDeviceName(deviceName);
                }
            }
            catch (Exception)
            {
                // Cosmetic only.
            }
        }

        /// <summary>NetworkHelperStatus in words (enum ToString gives a number on the device).</summary>
        public static string StatusText(NetworkHelperStatus s)
        {
            switch (s)
            {
                case NetworkHelperStatus.NetworkIsReady: return "ready";
                case NetworkHelperStatus.FailedNoNetworkInterface: return "no Wi-Fi interface";
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress: return "no address (DHCP or wrong password)";
                case NetworkHelperStatus.TokenExpiredWaitingDateTime: return "no time from SNTP";
                case NetworkHelperStatus.ErrorConnetingToWiFiWhileScanning: return "network not found";
                case NetworkHelperStatus.ExceptionOccurred: return "driver error";
                case NetworkHelperStatus.Reconnecting: return "reconnecting";
                case NetworkHelperStatus.Started: return "joining";
                default: return "not connected";
            }
        }
    }
}
