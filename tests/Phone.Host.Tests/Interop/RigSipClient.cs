using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Phone.Host.Tests.Interop
{
    public enum RigTransport { Udp, Tcp, Tls }

    /// <summary>
    /// A deliberately tiny SIP client built on .NET alone (not the phone's SIP core) to prove the
    /// rig: sends hand-written requests over UDP, TCP or TLS (validated against a given CA) and
    /// reads whole responses/requests back, bounded by a timeout.
    /// </summary>
    public sealed class RigSipClient : IDisposable
    {
        private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
        private readonly UdpClient _udp;
        private readonly TcpClient _tcp;
        private readonly Stream _stream;
        private readonly IPEndPoint _server;
        private readonly List<byte> _pending = new List<byte>();
        private int _seq;

        private RigSipClient(RigTransport transport, IPEndPoint server, UdpClient udp, TcpClient tcp, Stream stream)
        {
            Transport = transport;
            _server = server;
            _udp = udp;
            _tcp = tcp;
            _stream = stream;
            LocalPort = udp != null ? ((IPEndPoint)udp.Client.LocalEndPoint).Port : ((IPEndPoint)tcp.Client.LocalEndPoint).Port;
            Tag = Guid.NewGuid().ToString("N").Substring(0, 10);
            CallId = Guid.NewGuid().ToString("N") + "@127.0.0.1";
        }

        public RigTransport Transport { get; }

        public int LocalPort { get; }

        public string Tag { get; }

        public string CallId { get; }

        public string ViaTransport => Transport == RigTransport.Udp ? "UDP" : Transport == RigTransport.Tcp ? "TCP" : "TLS";

        public string UriTransportParam => Transport == RigTransport.Udp ? "" : ";transport=" + ViaTransport.ToLowerInvariant();

        public static RigSipClient Connect(KamailioRig rig, RigTransport transport)
        {
            switch (transport)
            {
                case RigTransport.Udp:
                    var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
                    return new RigSipClient(transport, new IPEndPoint(IPAddress.Loopback, rig.SipPort), udp, null, null);
                case RigTransport.Tcp:
                    var tcp = ConnectTcp(rig.SipPort);
                    return new RigSipClient(transport, null, null, tcp, tcp.GetStream());
                default:
                    var (client, ssl) = ConnectTls(rig.TlsPort, "127.0.0.1", rig.CaPath);
                    return new RigSipClient(transport, null, null, client, ssl);
            }
        }

        public static TcpClient ConnectTcp(int port)
        {
            var c = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
            if (!c.ConnectAsync(IPAddress.Loopback, port).Wait(DefaultTimeout)) { c.Dispose(); throw new TimeoutException("connect " + port); }
            c.ReceiveTimeout = (int)DefaultTimeout.TotalMilliseconds;
            c.SendTimeout = (int)DefaultTimeout.TotalMilliseconds;
            return c;
        }

        /// <summary>TLS 1.2+ to 127.0.0.1:port, validating the chain against caPath only and the name against targetHost.</summary>
        public static (TcpClient, SslStream) ConnectTls(int port, string targetHost, string caPath)
        {
            return ConnectTls(port, targetHost, caPath, out _);
        }

        /// <summary>As above; verdict says what validation found (also when the handshake then fails).</summary>
        public static (TcpClient, SslStream) ConnectTls(int port, string targetHost, string caPath, out TlsVerdict verdict)
        {
            TcpClient c = ConnectTcp(port);
            var v = new TlsVerdict();
            verdict = v;
            var ssl = new SslStream(c.GetStream(), false, (s, cert, chain, errors) => ValidateAgainst(caPath, cert, errors, v));
            try
            {
                ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = targetHost,
                    EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
                }).WaitAsync(DefaultTimeout).GetAwaiter().GetResult();
            }
            catch
            {
                ssl.Dispose();
                c.Dispose();
                throw;
            }
            return (c, ssl);
        }

        /// <summary>
        /// Only our CA is trusted (not the system store); a host-name mismatch reported by SslStream
        /// (which checks the SAN against TargetHost, IP addresses included) rejects as well.
        /// </summary>
        public static bool ValidateAgainst(string caPath, X509Certificate cert, SslPolicyErrors errors, TlsVerdict verdict)
        {
            verdict.Called = true;
            verdict.NameMismatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
            if (cert == null) return false;
            using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
            using var leaf = new X509Certificate2(cert);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            verdict.ChainTrusted = chain.Build(leaf);
            verdict.Subject = leaf.Subject;
            return verdict.ChainTrusted && !verdict.NameMismatch;
        }

        public void Send(string message)
        {
            byte[] b = Encoding.UTF8.GetBytes(message);
            if (_udp != null) _udp.Send(b, b.Length, _server);
            else { _stream.Write(b, 0, b.Length); _stream.Flush(); }
        }

        /// <summary>The next whole SIP message (response or request), or a TimeoutException.</summary>
        public SipText Receive(TimeSpan? timeout = null)
        {
            DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
            if (_udp != null)
            {
                var t = _udp.ReceiveAsync();
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left < TimeSpan.Zero || !t.Wait(left)) throw new TimeoutException("no UDP message");
                return SipText.Parse(Encoding.UTF8.GetString(t.Result.Buffer));
            }
            var buf = new byte[8192];
            while (true)
            {
                SipText m = TryTakeFramed();
                if (m != null) return m;
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException("no stream message");
                var read = _stream.ReadAsync(buf, 0, buf.Length);
                if (!read.Wait(left)) throw new TimeoutException("no stream message");
                if (read.Result == 0) throw new EndOfStreamException("connection closed by kamailio");
                for (int i = 0; i < read.Result; i++) _pending.Add(buf[i]);
            }
        }

        /// <summary>The next response that is not 1xx.</summary>
        public SipText ReceiveFinal(TimeSpan? timeout = null)
        {
            while (true)
            {
                SipText m = Receive(timeout);
                if (m.IsResponse && m.Status >= 200) return m;
            }
        }

        private SipText TryTakeFramed()
        {
            // Skip CRLF keepalives between messages.
            while (_pending.Count > 0 && (_pending[0] == '\r' || _pending[0] == '\n')) _pending.RemoveAt(0);
            string text = Encoding.UTF8.GetString(_pending.ToArray());
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) return null;
            SipText head = SipText.Parse(text.Substring(0, end + 4));
            int length = int.Parse(head.Header("Content-Length") ?? head.Header("l") ?? "0");
            int total = Encoding.UTF8.GetByteCount(text.Substring(0, end + 4)) + length;
            if (_pending.Count < total) return null;
            string whole = Encoding.UTF8.GetString(_pending.GetRange(0, total).ToArray());
            _pending.RemoveRange(0, total);
            return SipText.Parse(whole);
        }

        public string NewBranch() => "z9hG4bK" + Guid.NewGuid().ToString("N").Substring(0, 16);

        public int NextCSeq() => ++_seq;

        /// <summary>A REGISTER for user at the rig, with an Authorization header when one is given.</summary>
        public string Register(KamailioRig rig, string user, int expires, string authorization = null)
        {
            string requestUri = "sip:127.0.0.1:" + (Transport == RigTransport.Tls ? rig.TlsPort : rig.SipPort) + UriTransportParam;
            return "REGISTER " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + ViaTransport + " 127.0.0.1:" + LocalPort + ";branch=" + NewBranch() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + rig.Realm + ">;tag=" + Tag + "\r\n"
                + "To: <sip:" + user + "@" + rig.Realm + ">\r\n"
                + "Call-ID: " + CallId + "\r\n"
                + "CSeq: " + NextCSeq() + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:" + LocalPort + UriTransportParam + ">\r\n"
                + "Expires: " + expires + "\r\n"
                + (authorization != null ? "Authorization: " + authorization + "\r\n" : "")
                + "User-Agent: phone-rig-test\r\n"
                + "Content-Length: 0\r\n\r\n";
        }

        /// <summary>REGISTER, answer the 401 with an MD5 digest (qop=auth), return the final response.</summary>
        public SipText RegisterWithAuth(KamailioRig rig, string user, string password, int expires = 300)
        {
            Send(Register(rig, user, expires));
            SipText challenge = ReceiveFinal();
            if (challenge.Status != 401) return challenge;
            string requestUri = "sip:127.0.0.1:" + (Transport == RigTransport.Tls ? rig.TlsPort : rig.SipPort) + UriTransportParam;
            Send(Register(rig, user, expires, Digest.Authorization(challenge.Header("WWW-Authenticate"), user, password, "REGISTER", requestUri, 1)));
            return ReceiveFinal();
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _tcp?.Dispose();
            _udp?.Dispose();
        }
    }

    /// <summary>What certificate validation found during one handshake.</summary>
    public sealed class TlsVerdict
    {
        public bool Called { get; set; }

        public bool ChainTrusted { get; set; }

        public bool NameMismatch { get; set; }

        public string Subject { get; set; }
    }

    /// <summary>A received SIP message as text: start line, headers (first value per name), body.</summary>
    public sealed class SipText
    {
        private readonly List<KeyValuePair<string, string>> _headers = new List<KeyValuePair<string, string>>();

        public string Raw { get; private set; }

        public string StartLine { get; private set; }

        public bool IsResponse => StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

        public int Status => IsResponse ? int.Parse(StartLine.Substring(8, 3)) : 0;

        public string Method => IsResponse ? null : StartLine.Substring(0, StartLine.IndexOf(' '));

        public string Body { get; private set; }

        public static SipText Parse(string raw)
        {
            var m = new SipText { Raw = raw };
            int end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            string head = end >= 0 ? raw.Substring(0, end) : raw;
            m.Body = end >= 0 ? raw.Substring(end + 4) : "";
            string[] lines = head.Split("\r\n");
            m.StartLine = lines[0];
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) m._headers.Add(new KeyValuePair<string, string>(lines[i].Substring(0, colon).Trim(), lines[i].Substring(colon + 1).Trim()));
            }
            return m;
        }

        public string Header(string name)
        {
            foreach (var h in _headers) if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            return null;
        }

        public List<string> Headers(string name)
        {
            var all = new List<string>();
            foreach (var h in _headers) if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) all.Add(h.Value);
            return all;
        }

        public override string ToString() => Raw;
    }

    /// <summary>RFC 2617/7616 MD5 digest with qop=auth, computed independently of the phone's code.</summary>
    public static class Digest
    {
        public static Dictionary<string, string> ParseChallenge(string header)
        {
            if (header == null || !header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)) throw new FormatException("not a Digest challenge: " + header);
            var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string s = header.Substring(7);
            int i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && (s[i] == ' ' || s[i] == ',')) i++;
                int eq = s.IndexOf('=', i);
                if (eq < 0) break;
                string key = s.Substring(i, eq - i).Trim();
                i = eq + 1;
                string value;
                if (i < s.Length && s[i] == '"')
                {
                    int close = s.IndexOf('"', i + 1);
                    value = s.Substring(i + 1, close - i - 1);
                    i = close + 1;
                }
                else
                {
                    int comma = s.IndexOf(',', i);
                    if (comma < 0) comma = s.Length;
                    value = s.Substring(i, comma - i).Trim();
                    i = comma;
                }
                d[key] = value;
            }
            return d;
        }

        public static string Md5Hex(string s)
        {
            byte[] h = MD5.HashData(Encoding.UTF8.GetBytes(s));
            return Convert.ToHexString(h).ToLowerInvariant();
        }

        public static string Response(string user, string realm, string password, string method, string uri, string nonce, string nc, string cnonce, string qop)
        {
            string ha1 = Md5Hex(user + ":" + realm + ":" + password);
            string ha2 = Md5Hex(method + ":" + uri);
            return Md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        }

        /// <summary>The Authorization/Proxy-Authorization value answering challenge with qop=auth.</summary>
        public static string Authorization(string challenge, string user, string password, string method, string uri, int nonceCount)
        {
            var c = ParseChallenge(challenge);
            string nc = nonceCount.ToString("x8");
            string cnonce = Guid.NewGuid().ToString("N").Substring(0, 16);
            string response = Response(user, c["realm"], password, method, uri, c["nonce"], nc, cnonce, "auth");
            return "Digest username=\"" + user + "\", realm=\"" + c["realm"] + "\", nonce=\"" + c["nonce"] + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=MD5, cnonce=\"" + cnonce + "\", qop=auth, nc=" + nc
                + (c.ContainsKey("opaque") ? ", opaque=\"" + c["opaque"] + "\"" : "");
        }
    }
}
