using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;
using Phone.Host.Net;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Security finding 3 (docs/security.md, "stalled TLS peer"): a registrar that accepts TCP and then says
    /// nothing must not freeze the handset. The handset registers over TLS to a peer on 127.0.0.1 that either
    /// never answers the handshake or completes it and never answers REGISTER. The connect gives up within the
    /// configured bound, the registration reports the failure and retries with backoff, and meanwhile the pump
    /// thread (keys, display, timers, media) keeps its pace: scripted keys are handled and shown on time while
    /// the stalled connect is pending.
    /// </summary>
    public sealed class HandsetStalledTlsTests
    {
        private const int HandshakeBoundMs = 1500;

        private readonly ITestOutputHelper _out;

        public HandsetStalledTlsTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task SilentPeer_HandshakeGivesUpWithinTheBound_RegistrationRetries_PumpKeepsRunning()
        {
            using var ca = ThrowawayCa.LoadOrCreate(HandsetProcess.TempDir("stall-ca"));
            var sw = Stopwatch.StartNew();
            using var peer = new StalledPeer(null, sw);
            var log = new ConcurrentQueue<string>();
            var screen = new StringWriter();
            var h = NewHandset(ca, peer.Port, log, screen, new SipTimerSettings());
            long failedAt = -1;
            h.Endpoint.RegistrationChanged += e =>
            {
                if (e.State == RegistrationState.Failed) Interlocked.CompareExchange(ref failedAt, sw.ElapsedMilliseconds, -1);
            };
            try
            {
                h.Start();
                Assert.True(await peer.WaitAcceptsAsync(1, TimeSpan.FromSeconds(5)), "the handset never connected");
                long acceptedAt = peer.AcceptTimesMs[0];

                // The handshake is now pending and will stay so until the bound: the pump must keep its pace, before,
                // while and after the connect gives up.
                PumpProbe probe = await ProbePumpAsync(h, TimeSpan.FromMilliseconds(HandshakeBoundMs + 500));
                _out.WriteLine("pump while the handshake hangs: " + probe);
                Assert.True(probe.Failed == null, probe.Failed);
                Assert.InRange(probe.MaxRoundTripMs, 0, 250);
                Assert.Equal(PhoneState.Dialing, probe.StateAfterKeys);
                // The screen was redrawn with the digits while the connect hung (read on the pump, which writes it).
                Assert.Contains("123", await h.Invoke(() => screen.ToString()));

                SipRegistrationEvent failed = await WaitFailedAsync(h, TimeSpan.FromMilliseconds(HandshakeBoundMs + 3000));
                _out.WriteLine("failed after " + (failedAt - acceptedAt) + " ms: " + failed);
                Assert.InRange(failedAt - acceptedAt, HandshakeBoundMs - 200, HandshakeBoundMs + 1000);
                Assert.Contains("handshake", failed.Reason ?? "", StringComparison.OrdinalIgnoreCase);
                Assert.True(failed.RetryInMs > 0, "no retry planned: " + failed);
                Assert.True(await peer.WaitClosedAsync(1, TimeSpan.FromSeconds(3)), "the stalled connection was not closed");

                // Retries with backoff (base 1 s here): a second attempt comes after the wait, not at once.
                Assert.True(await peer.WaitAcceptsAsync(2, TimeSpan.FromMilliseconds(failed.RetryInMs + 3000)), "no retry");
                long retryGap = peer.AcceptTimesMs[1] - peer.AcceptTimesMs[0];
                _out.WriteLine("second accept " + retryGap + " ms after the first; retry was planned in " + failed.RetryInMs + " ms");
                Assert.True(retryGap >= HandshakeBoundMs + failed.RetryInMs - 300, "retried too early: " + retryGap + " ms");

                // Still responsive after all that.
                PumpProbe after = await ProbePumpAsync(h, TimeSpan.FromMilliseconds(400), PhoneKey.D4);
                Assert.True(after.Failed == null, after.Failed);
                Assert.InRange(after.MaxRoundTripMs, 0, 250);
            }
            finally
            {
                h.Stop();
                h.Dispose();
                foreach (string l in log) _out.WriteLine(l);
            }
        }

        [Fact]
        public async Task PeerAnswersHandshake_ThenNeverSends_RegisterTimesOut_RegistrationRetries_PumpKeepsRunning()
        {
            using var ca = ThrowawayCa.LoadOrCreate(HandsetProcess.TempDir("stall-ca"));
            using var peer = new StalledPeer(ca.Server, Stopwatch.StartNew());
            var log = new ConcurrentQueue<string>();
            var screen = new StringWriter();

            // T1 = 50 ms makes Timer F (64 T1) 3.2 s, so the test does not wait the default 32 s.
            var h = NewHandset(ca, peer.Port, log, screen, new SipTimerSettings { T1 = 50, T2 = 400, T4 = 500 });
            try
            {
                h.Start();
                Assert.True(await peer.WaitHandshakesAsync(1, TimeSpan.FromSeconds(5)), "no TLS handshake with the peer");
                Assert.True(await peer.WaitBytesAsync(1, TimeSpan.FromSeconds(3)), "no REGISTER reached the peer");

                PumpProbe probe = await ProbePumpAsync(h, TimeSpan.FromMilliseconds(1500));
                _out.WriteLine("pump while REGISTER waits for an answer: " + probe);
                Assert.True(probe.Failed == null, probe.Failed);
                Assert.InRange(probe.MaxRoundTripMs, 0, 250);
                Assert.Equal(PhoneState.Dialing, probe.StateAfterKeys);

                SipRegistrationEvent failed = await WaitFailedAsync(h, TimeSpan.FromSeconds(10));
                SipRegistrationEvent registering = h.Endpoint.Events.First(x => x.State == RegistrationState.Registering);
                _out.WriteLine("failed " + (failed.AtMs - registering.AtMs) + " ms after the REGISTER started: " + failed);
                Assert.InRange(failed.AtMs - registering.AtMs, 3100, 6000); // Timer F = 64 × T1 = 3.2 s, plus the handshake
                Assert.Equal(408, failed.Status);
                Assert.True(failed.RetryInMs > 0, "no retry planned: " + failed);
                Assert.True(await peer.WaitAcceptsAsync(2, TimeSpan.FromMilliseconds(failed.RetryInMs + 5000)) ||
                            await peer.WaitBytesAsync(2, TimeSpan.FromSeconds(1)), "no retry after the timeout");
            }
            finally
            {
                h.Stop();
                h.Dispose();
                foreach (string l in log) _out.WriteLine(l);
            }
        }

        private static Tools.Handset.Handset NewHandset(ThrowawayCa ca, int port, ConcurrentQueue<string> log, StringWriter screen, SipTimerSettings tx)
        {
            string text = "[wifi]\nssid = loopback\n[sip]\ndomain = 127.0.0.1\nuser = 1001\npassword = stall-test\ntransport = tls\nport = " + port +
                          "\n[tls]\nca = " + ca.CaPem.Replace("\r", "").TrimEnd('\n') + "\n";
            PhoneConfig config = Program.ParseConfig(Encoding.UTF8.GetBytes(text), "stall nf.config", Console.Error);
            Assert.NotNull(config);
            var clock = Stopwatch.StartNew();
            return new Tools.Handset.Handset(new HandsetOptions
            {
                Name = "1001",
                Config = config,
                Register = true,
                SharedClock = clock,
                Display = new HandsetDisplay(screen, true, new object()), // "ansi": every change of the screen is written
                Connect = new SipConnectOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(HandshakeBoundMs) },
                RegistrationTimers = new SipRegistrationTimers { AllFailedBaseMs = 1000, MaxBackoffMs = 4000 },
                TransactionTimers = tx,
                Log = s => log.Enqueue(clock.ElapsedMilliseconds + " ms " + s),
            });
        }

        private static async Task<SipRegistrationEvent> WaitFailedAsync(Tools.Handset.Handset h, TimeSpan timeout)
        {
            SipRegistrationEvent e = await h.Endpoint.WaitForAsync(x => x.State == RegistrationState.Failed, 0, timeout);
            Assert.True(e != null, "no registration failure within " + timeout.TotalMilliseconds + " ms; events: " +
                                   string.Join(" | ", h.Endpoint.Events.Select(x => x.ToString())));
            return e;
        }

        private sealed class PumpProbe
        {
            public long MaxRoundTripMs;
            public int MaxAt;
            public int RoundTrips;
            public List<long> All = new List<long>();
            public PhoneState StateAfterKeys;
            public string Failed;

            public override string ToString() => RoundTrips + " round trips, max " + MaxRoundTripMs + " ms (#" + MaxAt + "), state after keys " +
                                                 StateAfterKeys + "; ms: " + string.Join(" ", All);
        }

        /// <summary>
        /// For the given time: every 20 ms a round trip through the pump thread, timed; at the start the keys
        /// 1 2 3 (or the given ones) are pressed, and the state machine must show them (Dialing).
        /// </summary>
        private static async Task<PumpProbe> ProbePumpAsync(Tools.Handset.Handset h, TimeSpan span, params PhoneKey[] keys)
        {
            var p = new PumpProbe();
            if (keys.Length == 0) keys = new[] { PhoneKey.D1, PhoneKey.D2, PhoneKey.D3 };
            foreach (PhoneKey k in keys) h.Press(k);
            var total = Stopwatch.StartNew();
            while (total.Elapsed < span)
            {
                // How late the pump ran a posted action, on the handset's own clock (what a key press waits);
                // the test's await is not part of it (a starved thread pool would delay only that).
                long posted = h.NowMs;
                Task<long> t = h.Invoke(() => h.NowMs);
                if (await Task.WhenAny(t, Task.Delay(2000)) != t)
                {
                    p.Failed = "the pump did not answer within 2 s";
                    return p;
                }

                long ms = t.Result - posted;
                p.All.Add(ms);
                if (ms > p.MaxRoundTripMs)
                {
                    p.MaxRoundTripMs = ms;
                    p.MaxAt = p.RoundTrips;
                }

                p.RoundTrips++;
                await Task.Delay(20);
            }

            p.StateAfterKeys = await h.Invoke(() => h.State);
            return p;
        }

        /// <summary>
        /// A peer on 127.0.0.1 that accepts TCP and then says nothing: without a certificate it never answers the
        /// handshake; with one it completes the handshake and then only reads. Connections stay open until the
        /// client closes them; accepts, handshakes, bytes read and client closes are counted.
        /// </summary>
        private sealed class StalledPeer : IDisposable
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
            private readonly X509Certificate2 _cert;
            private readonly CancellationTokenSource _cts = new CancellationTokenSource();
            private readonly Stopwatch _clock;
            private readonly List<long> _accepts = new List<long>();
            private readonly List<Socket> _held = new List<Socket>();
            private int _handshakes;
            private int _reads;
            private int _closed;

            public StalledPeer(X509Certificate2 serverCert, Stopwatch clock)
            {
                _cert = serverCert;
                _clock = clock;
                _listener.Start();
                Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
                _ = Task.Run(AcceptLoop);
            }

            public int Port { get; }

            public int Closed => Volatile.Read(ref _closed);

            public long[] AcceptTimesMs
            {
                get { lock (_accepts) return _accepts.ToArray(); }
            }

            public Task<bool> WaitAcceptsAsync(int n, TimeSpan timeout) => WaitAsync(() => AcceptTimesMs.Length >= n, timeout);

            public Task<bool> WaitHandshakesAsync(int n, TimeSpan timeout) => WaitAsync(() => Volatile.Read(ref _handshakes) >= n, timeout);

            public Task<bool> WaitBytesAsync(int reads, TimeSpan timeout) => WaitAsync(() => Volatile.Read(ref _reads) >= reads, timeout);

            public Task<bool> WaitClosedAsync(int n, TimeSpan timeout) => WaitAsync(() => Closed >= n, timeout);

            private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan timeout)
            {
                var sw = Stopwatch.StartNew();
                while (!done())
                {
                    if (sw.Elapsed > timeout) return false;
                    await Task.Delay(10);
                }

                return true;
            }

            private async Task AcceptLoop()
            {
                while (!_cts.IsCancellationRequested)
                {
                    Socket s;
                    try
                    {
                        s = await _listener.AcceptSocketAsync(_cts.Token);
                    }
                    catch (Exception)
                    {
                        return;
                    }

                    lock (_accepts)
                    {
                        _accepts.Add(_clock.ElapsedMilliseconds);
                        _held.Add(s);
                    }

                    _ = Task.Run(() => Hold(s));
                }
            }

            private async Task Hold(Socket s)
            {
                var buf = new byte[4096];
                try
                {
                    using var ns = new NetworkStream(s, false);
                    Stream stream = ns;
                    if (_cert != null)
                    {
                        var ssl = new SslStream(ns, true);
                        await ssl.AuthenticateAsServerAsync(_cert, false, false);
                        Interlocked.Increment(ref _handshakes);
                        stream = ssl;
                    }

                    // Without a certificate this reads the ClientHello and never answers it; with one, it reads
                    // REGISTER and never answers. Either way the peer only reads until the client closes.
                    while (true)
                    {
                        int n = await stream.ReadAsync(buf, 0, buf.Length, _cts.Token);
                        if (n <= 0) break;
                        Interlocked.Increment(ref _reads);
                    }
                }
                catch (Exception)
                {
                }

                if (!_cts.IsCancellationRequested) Interlocked.Increment(ref _closed);
            }

            public void Dispose()
            {
                _cts.Cancel();
                _listener.Stop();
                lock (_accepts)
                {
                    foreach (Socket s in _held) s.Dispose();
                }
            }
        }
    }
}
