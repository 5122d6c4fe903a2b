using Phone.Sip.Transport;

namespace Phone.Sip.Dialog
{
    /// <summary>
    /// Where a request goes from a URI (RFC 3261 §8.1.2, §18.1.1, RFC 3263 §4.1 without DNS SRV/NAPTR, which the
    /// device cannot query): the URI's host, its port or the transport's default (5061 for TLS, else 5060), and the
    /// transport: the transport parameter, else TLS for sips: (§19.1.2), else the fallback. The TLS server name
    /// is the URI host (RFC 5922 §4: the certificate is checked against the domain we meant to reach).
    /// </summary>
    public sealed class SipNextHop
    {
        private readonly SipUri _uri = new SipUri();

        public string Host { get; private set; }

        public int Port { get; private set; }

        /// <summary>True when the URI named the port (else Port is the transport's default).</summary>
        public bool PortGiven { get; private set; }

        public SipTransportKind Transport { get; private set; }

        public string ServerName { get; private set; }

        /// <summary>True for a sips: URI (§19.1.2: TLS on every hop).</summary>
        public bool IsSips { get; private set; }

        /// <summary>True when the URI has the lr parameter (loose router, §16.12, §19.1.1).</summary>
        public bool LooseRouter { get; private set; }

        /// <summary>Reads a URI, bare or in angle brackets ("&lt;sip:p.example.com;lr&gt;"). False when it does not parse.</summary>
        public bool Resolve(string uriText, SipTransportKind fallback)
        {
            Host = null;
            Port = 0;
            PortGiven = false;
            ServerName = null;
            IsSips = false;
            LooseRouter = false;
            Transport = fallback;
            if (uriText == null)
            {
                return false;
            }

            string t = uriText.Trim();
            int lt = t.IndexOf('<');
            if (lt >= 0)
            {
                int gt = t.IndexOf('>', lt + 1);
                if (gt < 0)
                {
                    return false;
                }

                t = t.Substring(lt + 1, gt - lt - 1);
            }

            byte[] b = System.Text.Encoding.UTF8.GetBytes(t);
            if (_uri.Parse(b, 0, b.Length) != SipError.Ok || _uri.Host == null || _uri.Host.Length == 0 ||
                !(_uri.IsSip || _uri.IsSips))
            {
                return false;
            }

            IsSips = _uri.IsSips;
            string tp = _uri.Parameters == null ? null : _uri.Parameters.Get("transport");
            if (tp != null)
            {
                tp = tp.ToLower();
            }

            if (IsSips || tp == "tls")
            {
                Transport = SipTransportKind.Tls;
            }
            else if (tp == "tcp")
            {
                Transport = SipTransportKind.Tcp;
            }
            else if (tp == "udp")
            {
                Transport = SipTransportKind.Udp;
            }

            LooseRouter = _uri.Parameters != null && _uri.Parameters.Contains("lr");
            string h = _uri.Host;
            if (h.Length > 2 && h[0] == '[' && h[h.Length - 1] == ']')
            {
                h = h.Substring(1, h.Length - 2);
            }

            Host = h;
            PortGiven = _uri.Port > 0;
            Port = _uri.Port > 0 ? _uri.Port : (Transport == SipTransportKind.Tls ? 5061 : 5060);
            ServerName = h.ToLower();
            return true;
        }
    }
}
