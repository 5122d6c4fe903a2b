using System.Threading;

namespace Phone.Firmware.Wifi
{
    /// <summary>
    /// Runs one WifiStation join on a worker thread, because a join waits up to a minute (association, DHCP,
    /// SNTP) and the core thread must keep scanning keys and drawing the screen meanwhile. The helper's waits are
    /// managed waits (events and sleeps), so they yield to the other threads. The core thread polls IsDone.
    /// </summary>
    public sealed class WifiConnectJob
    {
        private readonly WifiStation _station;
        private string _ssid;
        private string _password;
        private string _name;
        private bool _rejoin;
        private int _done;
        private Thread _thread;

        public WifiConnectJob(WifiStation station)
        {
            _station = station;
        }

        public bool Busy
        {
            get { return _thread != null && _done == 0; }
        }

        public bool IsDone
        {
            get { return _thread != null && _done != 0; }
        }

        public bool Succeeded { get; private set; }

        /// <summary>First join with the credentials from nf.config, or (rejoin) with those the helper stored.</summary>
        public void Begin(string ssid, string password, string deviceName, bool rejoin)
        {
            _ssid = ssid;
            _password = password;
            _name = deviceName;
            _rejoin = rejoin;
            _done = 0;
            Succeeded = false;
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Forgets the finished job.</summary>
        public void Reset()
        {
            _thread = null;
            _done = 0;
        }

        private void Run()
        {
            Succeeded = _rejoin ? _station.Reconnect() : _station.Connect(_ssid, _password, _name);
            _done = 1;
        }
    }
}
