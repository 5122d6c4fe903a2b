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
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Security finding 3 (docs/security.md, "stalled TLS peer"): a registrar that accepts TCP and then says
    /// nothing must not freeze the phone. The handset (the phone app on host drivers) registers over TLS to a peer on
    /// 127.0.0.1 that either never answers the handshake or completes it and never answers REGISTER. The connect gives
    /// up within the configured bound, the registration reports the failure and retries with backoff (RFC 5626 §4.5,
    /// the app's own timers), and meanwhile the app's loop keeps its pace: it scans the key matrix every 10 ms, and
    /// keys pressed while the connect hangs are taken and shown.
    /// </summary>
    public sealed class HandsetStalledTlsTests
    {
        private const int HandshakeBoundMs = 1500;

        /// <summary>The app's loop scans the keys every 10 ms; a gap longer than this between scans is a stall.</summary>
        private const int MaxScanGapMs = 250;

        private readonly ITestOutputHelper _out;

        public HandsetStalledTlsTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task SilentPeer_HandshakeGivesUpWithinTheBound_RegistrationRetries_LoopKeepsRunning()
        {
            using var ca = ThrowawayCa.LoadOrCreate(HandsetProcess.TempDir("stall-ca"));
            var sw = Stopwatch.StartNew();
            using var peer = new StalledPeer(null, sw);
            var log = new ConcurrentQueue<string>();
            var h = NewHandset(ca, peer.Port, log, sw);
            long failedAt = -1;
            h.RegistrationChanged += e =>
            {
                if (e.State == RegistrationState.Failed) Interlocked.CompareExchange(ref failedAt, sw.ElapsedMilliseconds, -1);
            };
            try
            {
                h.Start();
                Assert.True(await peer.WaitAcceptsAsync(1, TimeSpan.FromSeconds(10)), "the handset never connected");
                long acceptedAt = peer.AcceptTimesMs[0];

                // The handshake is now pending and will stay so until the bound: the loop must keep its pace, before,
                // while and after the connect gives up.
                LoopProbe probe = await ProbeLoopAsync(h, TimeSpan.FromMilliseconds(HandshakeBoundMs + 500));
                _out.WriteLine("loop while the handshake hangs: " + probe);
                Assert.InRange(probe.MaxScanGapMs, 0, MaxScanGapMs);
                Assert.Equal(PhoneState.Dialing, probe.StateAfterKeys);
                Assert.Contains("123", h.Phone.ScreenText());

                // Clear the number: left in Dialing the phone would place the call after its inter-digit timeout
                // (5 s), and that INVITE's connect would look like an early registration retry here.
                h.Press(PhoneKey.HangUp);
                for (int i = 0; i < 150 && h.State != PhoneState.Idle; i++) await Task.Delay(20);
                Assert.Equal(PhoneState.Idle, h.State);

                SipRegistrationEvent failed = await WaitFailedAsync(h, TimeSpan.FromMilliseconds(HandshakeBoundMs + 3000));
                _out.WriteLine("failed after " + (failedAt - acceptedAt) + " ms: " + failed);
                Assert.InRange(failedAt - acceptedAt, HandshakeBoundMs - 200, HandshakeBoundMs + 1000);
                Assert.Contains("handshake", failed.Reason ?? "", StringComparison.OrdinalIgnoreCase);
                Assert.True(failed.RetryInMs > 0, "no retry planned: " + failed);
                Assert.True(await peer.WaitClosedAsync(1, TimeSpan.FromSeconds(3)), "the stalled connection was not closed");

                // Retries with the app's backoff: a second attempt comes after the wait, not at once.
                Assert.True(await peer.WaitAcceptsAsync(2, TimeSpan.FromMilliseconds(failed.RetryInMs + 3000)), "no retry");
                long retryGap = peer.AcceptTimesMs[1] - peer.AcceptTimesMs[0];
                _out.WriteLine("second accept " + retryGap + " ms after the first; retry was planned in " + failed.RetryInMs + " ms");
                Assert.True(retryGap >= HandshakeBoundMs + failed.RetryInMs - 300, "retried too early: " + retryGap + " ms");

                // Still responsive after all that.
                LoopProbe after = await ProbeLoopAsync(h, TimeSpan.FromMilliseconds(400), PhoneKey.D4);
                Assert.InRange(after.MaxScanGapMs, 0, MaxScanGapMs);
                Assert.Equal(PhoneState.Dialing, after.StateAfterKeys);
                Assert.Contains(h.Phone.ScreenText().Split('\n'), row => row.Trim() == "4"); // the number row: the new digit alone
            }
            finally
            {
                h.Dispose();
                foreach (string l in log) _out.WriteLine(l);
            }
        }

        [Fact]
        public async Task PeerAnswersHandshake_ThenNeverSends_RegisterTimesOut_RegistrationRetries_LoopKeepsRunning()
        {
            using var ca = ThrowawayCa.LoadOrCreate(HandsetProcess.TempDir("stall-ca"));
            var sw = Stopwatch.StartNew();
            using var peer = new StalledPeer(ca.Server, sw);
            var log = new ConcurrentQueue<string>();

            // The app's transaction timers are RFC 3261's: Timer F = 64 × T1 = 32 s.
            var h = NewHandset(ca, peer.Port, log, sw);
            try
            {
                h.Start();
                Assert.True(await peer.WaitHandshakesAsync(1, TimeSpan.FromSeconds(10)), "no TLS handshake with the peer");
                Assert.True(await peer.WaitBytesAsync(1, TimeSpan.FromSeconds(3)), "no REGISTER reached the peer");

                LoopProbe probe = await ProbeLoopAsync(h, TimeSpan.FromMilliseconds(1500));
                _out.WriteLine("loop while REGISTER waits for an answer: " + probe);
                Assert.InRange(probe.MaxScanGapMs, 0, MaxScanGapMs);
                Assert.Equal(PhoneState.Dialing, probe.StateAfterKeys);

                SipRegistrationEvent failed = await WaitFailedAsync(h, TimeSpan.FromSeconds(40));
                SipRegistrationEvent registering = h.RegistrationEvents.First(x => x.State == RegistrationState.Registering);
                _out.WriteLine("failed " + (failed.AtMs - registering.AtMs) + " ms after the REGISTER started: " + failed);
                Assert.InRange(failed.AtMs - registering.AtMs, 32000, 36000); // Timer F = 64 × T1 = 32 s, plus the handshake
                Assert.Equal(408, failed.Status);
                Assert.True(failed.RetryInMs > 0, "no retry planned: " + failed);
                Assert.True(await peer.WaitAcceptsAsync(2, TimeSpan.FromMilliseconds(failed.RetryInMs + 5000)) ||
                            await peer.WaitBytesAsync(2, TimeSpan.FromSeconds(1)), "no retry after the timeout");
            }
            finally
            {
                h.Dispose();
                foreach (string l in log) _out.WriteLine(l);
            }
        }

        private static Tools.Handset.Handset NewHandset(ThrowawayCa ca, int port, ConcurrentQueue<string> log, Stopwatch clock)
        {
            string text = "[wifi]\nssid = loopback\n[sip]\ndomain = 127.0.0.1\nuser = 1001\npassword = stall-test\ntransport = tls\nport = " + port +
                          "\n[tls]\nca = " + ca.CaPem.Replace("\r", "").TrimEnd('\n') + "\n";
            PhoneConfig config = Program.ParseConfig(Encoding.UTF8.GetBytes(text), "stall nf.config", Console.Error);
            Assert.NotNull(config);
            return new Tools.Handset.Handset(new HandsetOptions
            {
                Name = "1001",
                ConfigText = text,
                Config = config,
                Register = true,
                SharedClock = clock,
                Connect = new SipConnectOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(HandshakeBoundMs) },
                Log = s => log.Enqueue(clock.ElapsedMilliseconds + " ms " + s),
            });
        }

        private static async Task<SipRegistrationEvent> WaitFailedAsync(Tools.Handset.Handset h, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            SipRegistrationEvent e;
            while ((e = h.RegistrationEvents.FirstOrDefault(x => x.State == RegistrationState.Failed)) == null && sw.Elapsed < timeout) await Task.Delay(20);
            Assert.True(e != null, "no registration failure within " + timeout.TotalMilliseconds + " ms; events: " +
                                   string.Join(" | ", h.RegistrationEvents.Select(x => x.ToString())));
            return e;
        }

        private sealed class LoopProbe
        {
            public long MaxScanGapMs;
            public long Scans;
            public PhoneState StateAfterKeys;

            public override string ToString() => Scans + " key scans, longest gap " + MaxScanGapMs + " ms, state after keys " + StateAfterKeys;
        }

        /// <summary>
        /// For the given time: the keys 1 2 3 (or the given ones) are pressed on the matrix, and every 5 ms the key
        /// model's scan count is read — the longest time it stood still is how long the app's loop did not run.
        /// </summary>
        private static async Task<LoopProbe> ProbeLoopAsync(Tools.Handset.Handset h, TimeSpan span, params PhoneKey[] keys)
        {
            var p = new LoopProbe();
            if (keys.Length == 0) keys = new[] { PhoneKey.D1, PhoneKey.D2, PhoneKey.D3 };
            foreach (PhoneKey k in keys) h.Press(k);
            var total = Stopwatch.StartNew();
            long first = h.Phone.Keys.Scans, last = first, lastChangeMs = 0;
            while (total.Elapsed < span)
            {
                await Task.Delay(5);
                long now = total.ElapsedMilliseconds, scans = h.Phone.Keys.Scans;
                if (scans != last)
                {
                    last = scans;
                    lastChangeMs = now;
                }

                p.MaxScanGapMs = Math.Max(p.MaxScanGapMs, now - lastChangeMs);
            }

            p.Scans = last - first;
            // The keys are typed in order on the handset's key thread; wait until they are all in.
            for (int i = 0; i < 100 && h.Phone.Keys.Scans > 0 && h.State != PhoneState.Dialing; i++) await Task.Delay(20);
            await Task.Delay(200 * keys.Length);
            p.StateAfterKeys = h.State;
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
