using System;
using System.Net;
using Phone.Sip.Dns;
using System.Net.Sockets;

namespace Phone.Firmware.Network
{
    /// <summary>
    /// A-record resolution for the SIP adapter (the sans-I/O core leaves names to the adapter, docs/sip-transactions.md)
    /// and the provisioning pull, through Dns.GetHostEntry, the one lookup nanoFramework offers. The first hop is
    /// located by the phone's own RFC 3263 resolver instead (docs/dns.md), which hands this class an address.
    /// IPv4 literals are parsed without a lookup. Results are kept
    /// for CacheMs so UDP SendTo does not query DNS per request; the cache is small and fixed (a phone talks to
    /// one or two servers). Thread-safe: connection threads and the core thread both resolve.
    /// </summary>
    public sealed class HostResolver
    {
        /// <summary>How long a resolved address is reused. The device's resolver exposes no TTL.</summary>
        public const long CacheMs = 300000;

        private const int Slots = 8;

        private readonly string[] _names = new string[Slots];
        private readonly IPAddress[] _addresses = new IPAddress[Slots];
        private readonly long[] _expires = new long[Slots];
        private readonly object _lock = new object();
        private int _next;

        /// <summary>Lookups that failed (diagnostics).</summary>
        public int Failures { get; private set; }

        /// <summary>The IPv4 address of host, or null when it cannot be resolved (reason says why).</summary>
        public IPAddress Resolve(string host, long nowMs, out string reason)
        {
            reason = null;
            if (host == null || host.Length == 0)
            {
                reason = "no host";
                return null;
            }

            if (SipServerLocator.IsIPv4Literal(host))
            {
                return IPAddress.Parse(host);
            }

            lock (_lock)
            {
                for (int i = 0; i < Slots; i++)
                {
                    if (_names[i] == host && _expires[i] > nowMs)
                    {
                        return _addresses[i];
                    }
                }
            }

            IPAddress found = null;
            try
            {
                IPHostEntry entry = Dns.GetHostEntry(host);
                IPAddress[] list = entry == null ? null : entry.AddressList;
                if (list != null)
                {
                    for (int i = 0; i < list.Length && found == null; i++)
                    {
                        if (list[i] != null && list[i].AddressFamily == AddressFamily.InterNetwork)
                        {
                            found = list[i];
                        }
                    }
                }
            }
            catch (Exception)
            {
                // SocketException (no answer, no network) or a resolver fault: reported, never thrown.
                found = null;
            }

            if (found == null)
            {
                Failures++;
                reason = "DNS: no IPv4 address for " + host;
                return null;
            }

            lock (_lock)
            {
                _names[_next] = host;
                _addresses[_next] = found;
                _expires[_next] = nowMs + CacheMs;
                _next = (_next + 1) % Slots;
            }

            return found;
        }

        /// <summary>Forgets every cached name (after a network change the answers may differ).</summary>
        public void Flush()
        {
            lock (_lock)
            {
                for (int i = 0; i < Slots; i++)
                {
                    _names[i] = null;
                    _addresses[i] = null;
                }
            }
        }
    }
}
