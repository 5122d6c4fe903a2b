using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Tests.Interop;
using Xunit;
using Phone.Sip.Transport;
using Phone.Sip;

namespace Phone.Host.Tests.Tls
{
    /// <summary>The whole host adapter against kamailio: OPTIONS round trips over UDP, TCP and TLS; connection keys; no fallback; clean close.</summary>
    [Collection(KamailioCollection.Name)]
    public sealed class SipSocketAdapterTests
    {
        private readonly KamailioRig _rig;

        public SipSocketAdapterTests(KamailioRig rig) { _rig = rig; }

        private SipSocketAdapter Adapter(bool verifyHostname = true) =>
            new SipSocketAdapter(SipTlsPolicy.FromConfig(TlsTestSupport.Settings(_rig.CaPath, verifyHostname)), TlsTestSupport.LoopbackOptions());

        [Theory]
        [InlineData(SipTransportKind.Udp, "127.0.0.1")]
        [InlineData(SipTransportKind.Tcp, "127.0.0.1")]
        [InlineData(SipTransportKind.Tls, "127.0.0.1")]
        [InlineData(SipTransportKind.Tcp, "localhost")]  // DNS: A record only
        public async Task Options_RoundTrip(SipTransportKind kind, string host)
        {
            using SipSocketAdapter a = Adapter();
            int port = kind == SipTransportKind.Tls ? _rig.TlsPort : _rig.SipPort;
            a.Connect(7, kind, host, port);
            SipSocketEvent up = await TlsTestSupport.NextAsync(a);
            Assert.True(up.Kind == SipSocketEventKind.Connected, up.ToString());
            Assert.Equal(7, up.ConnectionId);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), up.Remote);
            Assert.Equal(IPAddress.Loopback, up.Local.Address);
            string uriParams = kind == SipTransportKind.Tls ? ";transport=tls" : kind == SipTransportKind.Tcp ? ";transport=tcp" : "";
            Assert.True(a.Send(7, TlsTestSupport.Options(kind.ToString().ToUpperInvariant(), up.Local.ToString(), port, uriParams)));
            string response = await TlsTestSupport.ReadResponseAsync(a, 7);
            Assert.StartsWith("SIP/2.0 ", response);
            Assert.Contains("CSeq: 1 OPTIONS", response);
            a.Close(7);
            SipSocketEvent down = await TlsTestSupport.NextAsync(a);
            Assert.Equal(SipSocketEventKind.Closed, down.Kind);
            Assert.Equal(SipSocketError.None, down.Error);
            Assert.Equal(0, a.ConnectionCount);
        }

        [Fact]
        public async Task Datagram_ToHostName_IsAnswered_OnTheAdapterSocket()
        {
            using SipSocketAdapter a = Adapter();
            byte[] options = TlsTestSupport.Options("UDP", a.UdpLocalEndPoint.ToString(), _rig.SipPort);
            Assert.True(a.SendDatagram("localhost", _rig.SipPort, options, 0, options.Length));
            SipSocketEvent e = await TlsTestSupport.NextAsync(a);
            Assert.Equal(SipSocketEventKind.Received, e.Kind);
            Assert.Equal(SipSocketAdapter.NoConnection, e.ConnectionId);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, _rig.SipPort), e.Remote);
            Assert.StartsWith("SIP/2.0 200", System.Text.Encoding.ASCII.GetString(e.Data));
            Assert.True(a.SendDatagram("no-such-host.invalid", _rig.SipPort, options, 0, options.Length));
            SipSocketEvent f = await TlsTestSupport.NextAsync(a);
            Assert.Equal(SipSocketEventKind.SendFailed, f.Kind);
            Assert.Equal(SipSocketError.DnsFailed, f.Error);
            Assert.Equal("no-such-host.invalid", f.Host);
        }

        [Fact]
        public async Task TwoServerNames_SameHostAndPort_GetTwoConnections()
        {
            using SipSocketAdapter a = Adapter();
            a.Connect(1, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "127.0.0.1");
            a.Connect(2, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "localhost");
            var up = new Dictionary<int, SipSocketEvent>();
            for (int i = 0; i < 2; i++)
            {
                SipSocketEvent e = await TlsTestSupport.NextAsync(a);
                Assert.True(e.Kind == SipSocketEventKind.Connected, e.ToString());
                up[e.ConnectionId] = e;
            }
            Assert.NotEqual(up[1].Local.Port, up[2].Local.Port); // two TCP connections, each verified for its own name
            Assert.True(a.TryFindConnection(SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "LOCALHOST", out int id) && id == 2);
            Assert.True(a.TryFindConnection(SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "127.0.0.1", out id) && id == 1);
            Assert.False(a.TryFindConnection(SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "wrong.invalid", out _));
            Assert.False(a.TryFindConnection(SipTransportKind.Tcp, "127.0.0.1", _rig.TlsPort, null, out _));
            Assert.Throws<InvalidOperationException>(() => a.Connect(2, SipTransportKind.Tls, "127.0.0.1", _rig.TlsPort, "localhost"));
        }

        [Theory]
        [InlineData(false, SipSocketError.UntrustedCertificate)]
        [InlineData(true, SipSocketError.NameMismatch)]
        public async Task FailedTls_IsFinal_NoTcpOrUdpAttempt(bool wrongName, SipSocketError expected)
        {
            // A counting TCP relay in front of the bad listener, with a UDP socket on the same port number:
            // a fallback to TCP would be a second accept, a fallback to UDP a datagram.
            int upstream = wrongName ? _rig.TlsWrongNamePort : _rig.TlsWrongCaPort;
            using var relay = new CountingRelay(upstream);
            using SipSocketAdapter a = Adapter();
            a.Connect(3, SipTransportKind.Tls, "127.0.0.1", relay.Port);
            SipSocketEvent e = await TlsTestSupport.NextAsync(a);
            Assert.Equal(SipSocketEventKind.ConnectFailed, e.Kind);
            Assert.Equal(expected, e.Error);
            Assert.False(a.Send(3, new byte[] { 1 }, 0, 1));
            await Task.Delay(500);
            Assert.False(a.TryDequeue(out SipSocketEvent extra), extra?.ToString());
            Assert.Equal(1, relay.Accepted);
            Assert.Equal(0, relay.Datagrams);
            Assert.Equal(0, a.ConnectionCount);
        }

        [Fact]
        public async Task ClosedPort_ConnectFailed_Refused_AndCloseWhileConnecting_IsCancelled()
        {
            using SipSocketAdapter a = Adapter();
            a.Connect(4, SipTransportKind.Tcp, "127.0.0.1", KamailioRig.FreePort(null));
            SipSocketEvent e = await TlsTestSupport.NextAsync(a);
            Assert.Equal(SipSocketEventKind.ConnectFailed, e.Kind);
            Assert.Equal(SipSocketError.ConnectRefused, e.Error);

            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                a.Connect(5, SipTransportKind.Tls, "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port);
                await Task.Delay(200);
                a.Close(5);
                SipSocketEvent c = await TlsTestSupport.NextAsync(a);
                Assert.Equal(SipSocketEventKind.ConnectFailed, c.Kind);
                Assert.Equal(SipSocketError.Cancelled, c.Error);
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public async Task PeerClose_IsReported_AndLocalCloseSendsCloseNotify()
        {
            // A .NET TLS server stands in for the peer so we can see close_notify (kamailio keeps the connection).
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                using var a = new SipSocketAdapter(SipTlsPolicy.FromConfig(TlsTestSupport.Settings(_rig.CaPath)), TlsTestSupport.LoopbackOptions());
                using var serverCert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(
                    System.IO.Path.Combine(TlsTestSupport.CertsDir(_rig), "server.pem"), System.IO.Path.Combine(TlsTestSupport.CertsDir(_rig), "server.key"));
                a.Connect(6, SipTransportKind.Tls, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
                using TcpClient accepted = await listener.AcceptTcpClientAsync();
                using var ssl = new System.Net.Security.SslStream(accepted.GetStream());
                await ssl.AuthenticateAsServerAsync(serverCert);
                Assert.Equal(SipSocketEventKind.Connected, (await TlsTestSupport.NextAsync(a)).Kind);
                byte[] hello = System.Text.Encoding.ASCII.GetBytes("\r\n\r\n");
                Assert.True(a.Send(6, hello, 0, hello.Length));
                byte[] buf = new byte[16];
                Assert.Equal(4, await ssl.ReadAsync(buf, 0, buf.Length));
                a.Close(6);
                using var cts = new CancellationTokenSource(3000);
                Assert.Equal(0, await ssl.ReadAsync(buf.AsMemory(), cts.Token)); // close_notify + FIN: a clean EOF, not a reset
                SipSocketEvent closed = await TlsTestSupport.NextAsync(a);
                Assert.Equal(SipSocketEventKind.Closed, closed.Kind);
                Assert.Equal(SipSocketError.None, closed.Error);
            }
            finally
            {
                listener.Stop();
            }
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
