using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Tests.Interop;

namespace Phone.Host.Tests.Tls
{
    internal static class TlsTestSupport
    {
        public static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(8);

        public static TlsSettings Settings(string caPath, bool verifyHostname = true, TlsVersion min = TlsVersion.Tls12) =>
            new TlsSettings { Ca = caPath, CaIsPem = false, VerifyHostname = verifyHostname, MinVersion = min };

        public static SipSocketAdapterOptions LoopbackOptions(SipConnectOptions connect = null) => new SipSocketAdapterOptions
        {
            LocalAddress = System.Net.IPAddress.Loopback,
            Connect = connect ?? new SipConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(5) },
        };

        public static string CertsDir(KamailioRig rig) => Path.GetDirectoryName(rig.CaPath);

        public static async Task<SipSocketEvent> NextAsync(SipSocketAdapter adapter, TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? EventTimeout);
            try
            {
                return await adapter.DequeueAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no socket event within " + (timeout ?? EventTimeout).TotalSeconds + " s");
            }
        }

        /// <summary>Events until one matches (bounded); the skipped ones are returned too for diagnostics.</summary>
        public static async Task<SipSocketEvent> NextAsync(SipSocketAdapter adapter, Func<SipSocketEvent, bool> match, List<SipSocketEvent> seen = null)
        {
            var deadline = DateTime.UtcNow + EventTimeout;
            while (true)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException("no matching socket event; saw: " + string.Join(" | ", seen ?? new List<SipSocketEvent>()));
                SipSocketEvent e = await NextAsync(adapter, left);
                seen?.Add(e);
                if (match(e)) return e;
            }
        }

        public static byte[] Options(string transport, string local, int targetPort, string uriParams = "")
        {
            string branch = "z9hG4bK" + Guid.NewGuid().ToString("N").Substring(0, 12);
            string text = "OPTIONS sip:127.0.0.1:" + targetPort + uriParams + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + local + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=" + branch.Substring(7) + "\r\n"
                + "To: <sip:127.0.0.1>\r\n"
                + "Call-ID: " + branch + "@127.0.0.1\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
            return Encoding.ASCII.GetBytes(text);
        }

        /// <summary>Collects Received bytes of one connection until a whole SIP response head has arrived.</summary>
        public static async Task<string> ReadResponseAsync(SipSocketAdapter adapter, int connectionId)
        {
            var sb = new StringBuilder();
            var seen = new List<SipSocketEvent>();
            while (!sb.ToString().Contains("\r\n\r\n"))
            {
                SipSocketEvent e = await NextAsync(adapter, x => x.ConnectionId == connectionId, seen);
                if (e.Kind != SipSocketEventKind.Received) throw new InvalidOperationException("expected data, got " + e);
                sb.Append(Encoding.ASCII.GetString(e.Data));
            }
            return sb.ToString();
        }
    }
}
