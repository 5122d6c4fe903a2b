using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Security finding 2: with sip.transport = tls the handset (as the phone) opens no UDP socket and no TCP
    /// listener, so an INVITE without SDP over UDP cannot ring a TLS / mandatory-SRTP phone. Checked from outside the
    /// process: the kernel's socket tables (/proc/net/udp, /proc/net/tcp) hold nothing on its SIP port, a datagram
    /// gets no answer, a TCP connect is refused; with --listen-tls only the TLS listener is there.
    /// </summary>
    public sealed class HandsetListenerTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetListenerTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task TlsHandset_HasNoUdpSocketAndNoTcpListenerOnItsSipPort(bool listenTls)
        {
            var pair = new DirectCallPair("handset-listen");
            int port = pair.Port1001;
            var args = new System.Collections.Generic.List<string>
            {
                "run", "--config", pair.Config1001, "--no-register", "--state", pair.State, "--sip-port", port.ToString(),
                "--plain", "--script", "wait 4s; quit",
            };
            if (listenTls) args.Insert(3, "--listen-tls");
            Task<HandsetProcess.Result> run = HandsetProcess.RunAsync(TimeSpan.FromSeconds(30), null, args.ToArray());

            // Wait for the handset to be up (its TLS listener, when asked for, or just its start).
            bool up = false;
            for (int i = 0; i < 100 && !up && !run.IsCompleted; i++)
            {
                await Task.Delay(100);
                up = listenTls ? Listening("/proc/net/tcp", port) : i >= 25;
            }

            Assert.True(up, "handset did not come up");
            Assert.False(Bound("/proc/net/udp", port), "a UDP socket is bound to the SIP port");
            Assert.Equal(listenTls, Listening("/proc/net/tcp", port));

            // An INVITE without SDP over UDP: nothing answers (ICMP unreachable or silence).
            using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
            {
                int local = ((IPEndPoint)udp.Client.LocalEndPoint).Port;
                byte[] invite = Encoding.ASCII.GetBytes(
                    "INVITE sip:1001@127.0.0.1:" + port + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + local + ";rport;branch=z9hG4bKghost1\r\n" +
                    "Max-Forwards: 70\r\nFrom: \"Your Bank\" <sip:ghost@127.0.0.1>;tag=g1\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: ghost1\r\n" +
                    "CSeq: 1 INVITE\r\nContact: <sip:ghost@127.0.0.1:" + local + ">\r\nContent-Length: 0\r\n\r\n");
                udp.Send(invite, invite.Length, new IPEndPoint(IPAddress.Loopback, port));
                udp.Client.ReceiveTimeout = 1000;
                var from = new IPEndPoint(IPAddress.Any, 0);
                try
                {
                    byte[] answer = udp.Receive(ref from);
                    Assert.Fail("answered over UDP: " + Encoding.ASCII.GetString(answer));
                }
                catch (SocketException)
                {
                }
            }

            if (!listenTls)
            {
                using var tcp = new TcpClient();
                var e = await Assert.ThrowsAnyAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
                Assert.Equal(SocketError.ConnectionRefused, e.SocketErrorCode);
            }

            HandsetProcess.Result r = await run;
            _out.WriteLine(r.ToString());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("(tls)", r.Output);
        }

        /// <summary>Any socket in the table with local port `port` (hex in the second column, "0100007F:13C4").</summary>
        private static bool Bound(string table, int port) => Rows(table).Any(c => LocalPort(c) == port);

        /// <summary>A TCP socket in LISTEN state (0A) on `port`.</summary>
        private static bool Listening(string table, int port) => Rows(table).Any(c => LocalPort(c) == port && c[3] == "0A");

        private static string[][] Rows(string table) =>
            File.ReadAllLines(table).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 3).ToArray();

        private static int LocalPort(string[] columns) => Convert.ToInt32(columns[1].Substring(columns[1].IndexOf(':') + 1), 16);
    }
}
