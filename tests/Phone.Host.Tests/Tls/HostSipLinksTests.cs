using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.App.Net;
using Phone.Host.Drivers;
using Phone.Host.Net;
using Phone.Host.Tests.Interop;
using Phone.Sip;
using Xunit;

namespace Phone.Host.Tests.Tls
{
    /// <summary>
    /// The SIP link driver the app runs on the host (<see cref="HostSipLinks"/>) against kamailio: OPTIONS round trips
    /// over UDP (to an address and to a host name), TCP and TLS; one verified connection per server name; TLS refusals
    /// final with no TCP or UDP fallback; refused connects; close while connecting; close_notify on a local close and
    /// Closed on the peer's. Every event is read from the app's own NetEventQueue, as PhoneMode reads it.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class HostSipLinksTests
    {
        private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(8);
        private readonly KamailioRig _rig;

        public HostSipLinksTests(KamailioRig rig) { _rig = rig; }

        /// <summary>Links attached to a fresh queue, trusting the rig's CA ([tls] as nf.config gives it).</summary>
        private static HostSipLinks Links(KamailioRig rig, out NetEventQueue inbox)
        {
            var links = new HostSipLinks(IPAddress.Loopback, null,
                new SipConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(5) });
            inbox = new NetEventQueue(8, SipLimits.MaxMessageSize, new AutoResetEvent(false));
            links.Attach(inbox, null);
            Assert.Null(links.UseTls(TlsTestSupport.Settings(rig.CaPath)));
            return links;
        }

        /// <summary>A copy of the next event (the queue's slot is released), or null when none came within wait.</summary>
        private static Taken Next(NetEventQueue inbox, TimeSpan? wait = null)
        {
            DateTime end = DateTime.UtcNow + (wait ?? EventWait);
            while (DateTime.UtcNow < end)
            {
                NetEvent e = inbox.Peek();
                if (e != null)
                {
                    var t = new Taken(e);
                    inbox.Release();
                    return t;
                }

                inbox.Wake.WaitOne(50);
            }

            return null;
        }

        private static Taken Expect(NetEventQueue inbox, NetEventKind kind, int connectionId)
        {
            Taken e = Next(inbox);
            Assert.True(e != null, "no " + kind + " within " + EventWait.TotalSeconds + " s");
            Assert.True(e.Kind == kind && e.ConnectionId == connectionId, "expected " + kind + " of " + connectionId + ", got " + e);
            return e;
        }

        /// <summary>Stream data of one connection until a whole SIP response head has arrived.</summary>
        private static string ReadResponse(NetEventQueue inbox, int connectionId)
        {
            var sb = new StringBuilder();
            while (!sb.ToString().Contains("\r\n\r\n"))
            {
                sb.Append(Encoding.ASCII.GetString(Expect(inbox, NetEventKind.StreamData, connectionId).Data));
            }

            return sb.ToString();
        }

        [Theory]
        [InlineData(SipTransportKind.Tcp, "127.0.0.1")]
        [InlineData(SipTransportKind.Tls, "127.0.0.1")]
        [InlineData(SipTransportKind.Tcp, "localhost")]  // DNS: A record only
        public void Options_RoundTrip_OnAStream(SipTransportKind kind, string host)
        {
            using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
            int port = kind == SipTransportKind.Tls ? _rig.TlsPort : _rig.SipPort;
            Assert.True(links.Connect(7, kind, host, port, kind == SipTransportKind.Tls ? host : null));
            Taken up = Expect(inbox, NetEventKind.Connected, 7);
            Assert.Equal(host, up.Host);
            Assert.Equal(port, up.Port);
            string uriParams = kind == SipTransportKind.Tls ? ";transport=tls" : ";transport=tcp";
            byte[] options = TlsTestSupport.Options(kind.ToString().ToUpperInvariant(), "127.0.0.1:5060", port, uriParams);
            Assert.True(links.Write(7, options, 0, options.Length));
            string response = ReadResponse(inbox, 7);
            Assert.StartsWith("SIP/2.0 ", response);
            Assert.Contains("CSeq: 1 OPTIONS", response);
            links.Close(7);
            Assert.False(links.Write(7, options, 0, options.Length));
            Assert.Null(Next(inbox, TimeSpan.FromMilliseconds(300)));
        }

        [Fact]
        public void Datagram_ToAddressAndHostName_IsAnswered_OnTheLinksSocket()
        {
            using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
            Assert.True(links.Listen(0));
            Assert.True(links.DatagramPort > 0);
            foreach (string host in new[] { "127.0.0.1", "localhost" })
            {
                byte[] options = TlsTestSupport.Options("UDP", "127.0.0.1:" + links.DatagramPort, _rig.SipPort);
                Assert.True(links.SendTo(host, _rig.SipPort, options, 0, options.Length, 0), links.LastError);
                Assert.Equal("127.0.0.1", links.LastResolved);
                Taken e = Expect(inbox, NetEventKind.Datagram, 0);
                Assert.Equal("127.0.0.1", e.Host);
                Assert.Equal(_rig.SipPort, e.Port);
                Assert.StartsWith("SIP/2.0 200", Encoding.ASCII.GetString(e.Data));
            }

            byte[] lost = TlsTestSupport.Options("UDP", "127.0.0.1:" + links.DatagramPort, _rig.SipPort);
            Assert.False(links.SendTo("no-such-host.invalid", _rig.SipPort, lost, 0, lost.Length, 0));
            Assert.Contains("cannot resolve", links.LastError);
        }

        [Fact]
        public void TwoServerNames_SameHostAndPort_TwoConnectionsEachVerifiedForItsName()
        {
            using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
            Assert.True(links.Connect(1, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "127.0.0.1"));
            Taken first = Expect(inbox, NetEventKind.Connected, 1);
            Assert.True(links.Connect(2, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "localhost"));
            Expect(inbox, NetEventKind.Connected, 2);
            Assert.True(links.Connect(3, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "wrong.invalid"));
            Taken refused = Expect(inbox, NetEventKind.ConnectFailed, 3);
            Assert.Contains("name mismatch", refused.Reason);

            // Each connection answers on its own: two flows, not one shared.
            foreach (int id in new[] { 2, 1 })
            {
                byte[] options = TlsTestSupport.Options("TLS", "127.0.0.1:5061", _rig.TlsPort, ";transport=tls");
                Assert.True(links.Write(id, options, 0, options.Length));
                Assert.Contains("CSeq: 1 OPTIONS", ReadResponse(inbox, id));
            }

            Assert.Equal("127.0.0.1", first.Host);
        }

        [Theory]
        [InlineData(false, "untrusted")]
        [InlineData(true, "name mismatch")]
        public void FailedTls_IsFinal_NoTcpOrUdpAttempt(bool wrongName, string expected)
        {
            // A counting TCP relay in front of the bad listener, with a UDP socket on the same port number:
            // a fallback to TCP would be a second accept, a fallback to UDP a datagram.
            int upstream = wrongName ? _rig.TlsWrongNamePort : _rig.TlsWrongCaPort;
            using var relay = new CountingRelay(upstream);
            using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
            Assert.True(links.Connect(3, SipTransportKind.Tls, "127.0.0.1", relay.Port, "127.0.0.1"));
            Taken e = Expect(inbox, NetEventKind.ConnectFailed, 3);
            Assert.Contains(expected, e.Reason);
            Assert.False(links.Write(3, new byte[] { 1 }, 0, 1));
            Taken extra = Next(inbox, TimeSpan.FromMilliseconds(500));
            Assert.True(extra == null, extra?.ToString());
            Assert.Equal(1, relay.Accepted);
            Assert.Equal(0, relay.Datagrams);
        }

        [Fact]
        public void ClosedPort_ConnectFailed_Refused_AndCloseWhileConnecting_DropsTheSocket()
        {
            using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
            Assert.True(links.Connect(4, SipTransportKind.Tcp, "127.0.0.1", KamailioRig.FreePort(null), null));
            Taken e = Expect(inbox, NetEventKind.ConnectFailed, 4);
            Assert.Contains("connection refused", e.Reason);

            // A listener that never answers the ClientHello: the handshake hangs until the app closes the link.
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                Assert.True(links.Connect(5, SipTransportKind.Tls, "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port, "127.0.0.1"));
                using Socket accepted = silent.AcceptSocket();
                Thread.Sleep(200);
                links.Close(5);
                accepted.ReceiveTimeout = 3000;
                byte[] buffer = new byte[4096];
                int n;
                while ((n = accepted.Receive(buffer)) > 0)
                {
                    // the ClientHello; then the end of the connection
                }

                Assert.Equal(0, n);
                Taken after = Next(inbox, TimeSpan.FromMilliseconds(500));
                Assert.True(after == null || (after.Kind == NetEventKind.ConnectFailed && after.ConnectionId == 5), after?.ToString());
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public async Task LocalCloseSendsCloseNotify_AndPeerCloseIsReported()
        {
            // A .NET TLS server stands in for the peer so we can see close_notify (kamailio keeps the connection).
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                using HostSipLinks links = Links(_rig, out NetEventQueue inbox);
                using var serverCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
                    System.IO.Path.Combine(TlsTestSupport.CertsDir(_rig), "server.pem"), System.IO.Path.Combine(TlsTestSupport.CertsDir(_rig), "server.key"));
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                byte[] hello = Encoding.ASCII.GetBytes("\r\n\r\n");
                byte[] buf = new byte[16];

                Assert.True(links.Connect(6, SipTransportKind.Tls, "127.0.0.1", port, "127.0.0.1"));
                using (TcpClient accepted = await listener.AcceptTcpClientAsync())
                using (var ssl = new System.Net.Security.SslStream(accepted.GetStream()))
                {
                    await ssl.AuthenticateAsServerAsync(serverCert);
                    Expect(inbox, NetEventKind.Connected, 6);
                    Assert.True(links.Write(6, hello, 0, hello.Length));
                    Assert.Equal(4, await ssl.ReadAsync(buf, 0, buf.Length));
                    links.Close(6);
                    using var cts = new CancellationTokenSource(3000);
                    Assert.Equal(0, await ssl.ReadAsync(buf.AsMemory(), cts.Token)); // close_notify + FIN: a clean EOF, not a reset
                }

                Assert.True(links.Connect(8, SipTransportKind.Tls, "127.0.0.1", port, "127.0.0.1"));
                using (TcpClient accepted = await listener.AcceptTcpClientAsync())
                using (var ssl = new System.Net.Security.SslStream(accepted.GetStream()))
                {
                    await ssl.AuthenticateAsServerAsync(serverCert);
                    Expect(inbox, NetEventKind.Connected, 8);
                    await ssl.ShutdownAsync();
                }

                Taken closed = Expect(inbox, NetEventKind.Closed, 8);
                Assert.False(string.IsNullOrEmpty(closed.Reason));
            }
            finally
            {
                listener.Stop();
            }
        }

        /// <summary>A copy of one NetEvent (the queue's slots are reused).</summary>
        private sealed class Taken
        {
            public Taken(NetEvent e)
            {
                Kind = e.Kind;
                ConnectionId = e.ConnectionId;
                Host = e.Host;
                Port = e.Port;
                Reason = e.Reason;
                Data = new byte[e.Count];
                Array.Copy(e.Data, Data, e.Count);
            }

            public readonly NetEventKind Kind;
            public readonly int ConnectionId;
            public readonly string Host;
            public readonly int Port;
            public readonly string Reason;
            public readonly byte[] Data;

            public override string ToString() => Kind + " " + ConnectionId + " " + Host + ":" + Port + " " + Reason + " (" + Data.Length + " bytes)";
        }

        /// <summary>Accepts TCP on a port, counts, relays each connection to the upstream port; counts datagrams on the same port number.</summary>
        private sealed class CountingRelay : IDisposable
        {
            private readonly TcpListener _listener;
            private readonly UdpClient _udp;
            private readonly CancellationTokenSource _stop = new CancellationTokenSource();
            private int _accepted, _datagrams;

            public CountingRelay(int upstream)
            {
                for (int attempt = 0; ; attempt++)
                {
                    _listener = new TcpListener(IPAddress.Loopback, 0);
                    _listener.Start();
                    Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                    try
                    {
                        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, Port));
                        break;
                    }
                    catch (SocketException) when (attempt < 20)
                    {
                        _listener.Stop();
                    }
                }
                _ = AcceptLoop(upstream);
                _ = UdpLoop();
            }

            public int Port { get; }

            public int Accepted => Volatile.Read(ref _accepted);

            public int Datagrams => Volatile.Read(ref _datagrams);

            private async Task AcceptLoop(int upstream)
            {
                try
                {
                    while (true)
                    {
                        TcpClient inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
                        Interlocked.Increment(ref _accepted);
                        var outbound = new TcpClient();
                        await outbound.ConnectAsync(IPAddress.Loopback, upstream);
                        _ = Pump(inbound, outbound);
                        _ = Pump(outbound, inbound);
                    }
                }
                catch (Exception) { /* stopped */ }
            }

            private static async Task Pump(TcpClient from, TcpClient to)
            {
                try
                {
                    await from.GetStream().CopyToAsync(to.GetStream());
                }
                catch (Exception) { }
                finally
                {
                    from.Dispose();
                    to.Dispose();
                }
            }

            private async Task UdpLoop()
            {
                try
                {
                    while (true)
                    {
                        await _udp.ReceiveAsync(_stop.Token);
                        Interlocked.Increment(ref _datagrams);
                    }
                }
                catch (Exception) { }
            }

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Stop();
                _udp.Dispose();
            }
        }
    }
}
