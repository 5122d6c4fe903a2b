using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Phone.Host.Net
{
    /// <summary>A-record lookup (AAAA only when IPv6 is allowed); address literals are taken as they are.</summary>
    public static class SipDns
    {
        public static async Task<IPAddress> ResolveAsync(string host, bool allowIPv6, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(host)) throw new SipConnectException(SipSocketError.DnsFailed, "empty host name");
            string h = host.Length > 2 && host[0] == '[' && host[host.Length - 1] == ']' ? host.Substring(1, host.Length - 2) : host;
            UriHostNameType type = Uri.CheckHostName(h);
            if (type == UriHostNameType.IPv4 || type == UriHostNameType.IPv6)
            {
                IPAddress literal = IPAddress.Parse(h);
                if (literal.AddressFamily == AddressFamily.InterNetworkV6 && !allowIPv6)
                    throw new SipConnectException(SipSocketError.DnsFailed, host + " is an IPv6 address and IPv6 is off");
                return literal;
            }
            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(h, allowIPv6 ? AddressFamily.Unspecified : AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new SipConnectException(SipSocketError.DnsFailed, "cannot resolve " + host + ": " + e.SocketErrorCode, e);
            }
            foreach (IPAddress a in addresses)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork) return a;
            }
            if (allowIPv6 && addresses.Length > 0) return addresses[0];
            throw new SipConnectException(SipSocketError.DnsFailed, "no " + (allowIPv6 ? "" : "IPv4 ") + "address for " + host);
        }
    }
}
