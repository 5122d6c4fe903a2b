using System;
using System.Globalization;
using Phone.Config;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Net
{
    /// <summary>
    /// Where the phone sends its requests, from nf.config [sip]: the outbound proxy when set,
    /// else the registrar, with the port and transport; the TLS server name is that host, so the
    /// certificate must name the registrar or outbound proxy exactly as configured.
    /// </summary>
    public readonly struct SipTarget
    {
        public SipTarget(SipTransportKind transport, string host, int port, string serverName)
        {
            Transport = transport;
            Host = host;
            Port = port;
            ServerName = serverName ?? host;
        }

        public SipTransportKind Transport { get; }

        public string Host { get; }

        public int Port { get; }

        public string ServerName { get; }

        public SipConnectionKey Key => new SipConnectionKey(Transport, Host, Port, ServerName);

        public static SipTarget FromConfig(SipSettings sip)
        {
            if (sip == null) throw new ArgumentNullException(nameof(sip));
            int defaultPort = sip.PortIsSet ? sip.Port : (sip.Transport == SipTransportKind.Tls ? SipSettings.DefaultTlsPort : SipSettings.DefaultPort);
            if (!string.IsNullOrEmpty(sip.OutboundProxy))
            {
                SplitHostPort(sip.OutboundProxy, out string host, out int port);
                return new SipTarget(sip.Transport, host, port > 0 ? port : defaultPort, host);
            }
            string registrar = string.IsNullOrEmpty(sip.Registrar) ? sip.Domain : sip.Registrar;
            if (string.IsNullOrEmpty(registrar)) throw new ArgumentException("sip.registrar and sip.domain are both empty");
            return new SipTarget(sip.Transport, registrar, defaultPort, registrar);
        }

        /// <summary>host, host:port, [v6] or [v6]:port; port 0 when absent.</summary>
        public static void SplitHostPort(string value, out string host, out int port)
        {
            port = 0;
            host = value;
            if (value.StartsWith("[", StringComparison.Ordinal))
            {
                int close = value.IndexOf(']');
                if (close < 0) throw new ArgumentException("unterminated [ in '" + value + "'");
                host = value.Substring(1, close - 1);
                if (close + 1 < value.Length)
                {
                    if (value[close + 1] != ':') throw new ArgumentException("bad host:port '" + value + "'");
                    port = ParsePort(value.Substring(close + 2), value);
                }
                return;
            }
            int colon = value.LastIndexOf(':');
            if (colon > 0 && value.IndexOf(':') == colon)
            {
                host = value.Substring(0, colon);
                port = ParsePort(value.Substring(colon + 1), value);
            }
        }

        private static int ParsePort(string s, string value)
        {
            if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1 || p > 65535)
                throw new ArgumentException("bad port in '" + value + "'");
            return p;
        }

        public override string ToString() => Key.ToString();
    }
}
