using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// The whole per-packet path of the phone app allocates nothing: two in-process handsets (the app on host drivers)
    /// call each other straight over TLS with SRTP on loopback (real sockets, real SRTP from the far side), and each
    /// phone's media thread — the thread that reads the microphone, captures, protects, sends, receives, unprotects,
    /// plays out and writes the speaker — and its loop thread (SIP, keys, screen, event log) count the bytes they
    /// allocate after the warm-up (<see cref="CallReport.MediaAllocatedBytes"/>, <see cref="CallReport.LoopAllocatedBytes"/>,
    /// read with GC.GetAllocatedBytesForCurrentThread on those threads). The core's own send/receive/playout path is
    /// proven 0 B by the Media and Srtp allocation tests; this one covers what the app and its drivers put around it.
    /// </summary>
    [Collection(HandsetSoakCollection.Name)]
    public sealed class HandsetAllocationTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetAllocationTests(ITestOutputHelper output)
        {
            _out = output;
        }

        /// <summary>
        /// A call of a few hundred frames after the warm-up, while a third socket sprays 1002's RTP and RTCP ports with
        /// junk (random bytes, RTP-looking headers with random SSRCs and payloads that cannot authenticate, empty
        /// datagrams): not one byte allocated on either phone's media thread, less than a byte a frame on its loop
        /// thread (nothing per packet: the loop's once-a-second work is not per packet), and the hostile datagrams
        /// counted as dropped.
        /// </summary>
        [Fact]
        public async Task DirectCall_UnderHostileDatagrams_MediaThreadsAllocateNothingPerPacket()
        {
            await using var call = await InProcessCall.StartAsync(_out, calleeDisplay: false);
            CallReport[] live = await call.MediaStartedAsync();
            int rtpPort = live[1].LocalRtpPort;
            Assert.True(rtpPort > 0);
            using var cts = new System.Threading.CancellationTokenSource();
            long sprayed = 0;
            Task spray = Task.Run(async () =>
            {
                using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram,
                    System.Net.Sockets.ProtocolType.Udp);
                var rtp = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, rtpPort);
                var rtcp = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, rtpPort + 1);
                var rnd = new Random(4711);
                var buf = new byte[200];
                while (!cts.IsCancellationRequested)
                {
                    for (int i = 0; i < 5; i++)
                    {
                        rnd.NextBytes(buf);
                        int n = rnd.Next(0, buf.Length);
                        if (i % 2 == 0)
                        {
                            buf[0] = 0x80; // RTP v2, PCMU: reaches SRTP authentication
                            buf[1] = 0x00;
                            n = Math.Max(n, 40);
                        }

                        s.SendTo(buf, 0, n, System.Net.Sockets.SocketFlags.None, i == 4 ? rtcp : rtp);
                        sprayed++;
                    }

                    await Task.Delay(20);
                }
            });

            CallReport[] a = await call.WaitMeasuredAsync(TimeSpan.FromSeconds(8));
            cts.Cancel();
            await spray;
            _out.WriteLine("hostile datagrams sent: " + sprayed);
            foreach (CallReport r in a)
            {
                _out.WriteLine(MediaFacts.Summary(r));
                Assert.True(r.MeasuredFrames >= 250, "measured frames: " + r.MeasuredFrames);
                Assert.True(r.PacketsReceived >= 250, "received: " + r.PacketsReceived);
                Assert.True(r.MediaAllocatedBytes == 0, MediaFacts.Allocation(r));
                Assert.True(r.LoopAllocatedBytes < r.MeasuredFrames, MediaFacts.Allocation(r));
            }

            CallReport callee = a[1];
            long dropped = callee.AuthFailures + callee.RtcpAuthFailures + callee.Malformed + callee.UnknownSsrc + callee.Unprotected + callee.Replays;
            Assert.True(dropped >= sprayed / 4, "dropped " + dropped + " of " + sprayed + ": " + MediaFacts.Drops(callee));
        }

        /// <summary>
        /// Soak: two `Handset run --plain` processes (display, log, script and all, as in the kamailio run) in one call of
        /// 150 s, or PHONE_SOAK_MINUTES by hand. Each prints, in its hang-up statistics, what the app's loop and media threads
        /// and its whole process allocated after the warm-up, and its heap then and at the end: the media thread must
        /// allocate nothing, the loop nothing per packet, the process (TLS and socket tasks, the handset's monitor) next
        /// to nothing, and the heap must not grow.
        /// </summary>
        [Fact]
        public async Task Soak_HandsetProcesses_CallOfMinutes_AllocateNothing()
        {
            double minutes = 2.5;
            string env = Environment.GetEnvironmentVariable("PHONE_SOAK_MINUTES");
            if (!string.IsNullOrEmpty(env) && double.TryParse(env, NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0) minutes = m;
            long talkMs = (long)(minutes * 60000);
            var limit = TimeSpan.FromMilliseconds(talkMs) + TimeSpan.FromSeconds(60);

            var pair = new DirectCallPair("handset-soak");
            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(limit, null,
                "run", "--config", pair.Config1002, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", pair.Port1002.ToString(),
                "--auto-answer", "--plain", "--script", "until connected 25s; until ended " + (talkMs + 30000) + "ms; quit");
            await Task.Delay(2000);
            HandsetProcess.Result caller = await HandsetProcess.RunAsync(limit, null,
                "run", "--config", pair.Config1001, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", pair.Port1001.ToString(),
                "--mic", pair.Tone1000, "--plain", "--script",
                "dial sips:1002@127.0.0.1:" + pair.Port1002 + "; key call; until connected 10s; wait " + talkMs + "ms; key hangup; until ended 5s; wait 300ms; quit");
            HandsetProcess.Result answered = await callee;
            _out.WriteLine("== 1001\n" + caller + "\n== 1002\n" + answered);
            Assert.True(caller.ExitCode == 0, caller.ToString());
            Assert.True(answered.ExitCode == 0, answered.ToString());
            foreach (HandsetProcess.Result r in new[] { caller, answered })
            {
                Match a = Regex.Match(r.Output,
                    @"^call -?\d+: .*received (\d+),.*app loop allocated (\d+) B, media thread (\d+) B in (\d+) frames .* process allocated (\d+) B, gen0 GCs (\d+), heap (\d+) -> (\d+) B",
                    RegexOptions.Multiline);
                Assert.True(a.Success, r.Output);
                long received = long.Parse(a.Groups[1].Value), loop = long.Parse(a.Groups[2].Value), media = long.Parse(a.Groups[3].Value);
                long frames = long.Parse(a.Groups[4].Value), process = long.Parse(a.Groups[5].Value);
                long heapStart = long.Parse(a.Groups[7].Value), heapEnd = long.Parse(a.Groups[8].Value);
                _out.WriteLine("soak " + minutes.ToString(CultureInfo.InvariantCulture) + " min: loop " + loop + " B, media " + media + " B in " + frames +
                               " frames, process " + process + " B, gen0 GCs " + a.Groups[6].Value + ", heap " + heapStart + " -> " + heapEnd + " B");

                // Measured from 3 s into the call to its last sample at 50 frames a second, most of them received.
                Assert.True(frames >= (talkMs - 5000) / 20, a.Value);
                Assert.True(received >= frames / 2, a.Value);

                // The per-packet path (the media thread) allocates nothing at all; anything the loop allocated per packet
                // would be at least one 24-byte object a frame, so it must stay under 1 B a frame.
                Assert.Equal(0, media);
                Assert.True(loop < frames, a.Value);

                // The whole process (TLS and socket tasks, the keep-alive's TLS record, the handset's own monitor).
                Assert.True(process < 256 * 1024, a.Value);

                // The heap (garbage included, no GC forced) grows by what was allocated at most: under 256 KiB.
                Assert.True(heapEnd - heapStart < 256 * 1024, a.Value);
            }
        }

        /// <summary>Two handsets in this process, 1001 calling 1002 directly over TLS with SRTP (the demo's setup).</summary>
        private sealed class InProcessCall : IAsyncDisposable
        {
            private readonly ThrowawayCa _ca;
            private readonly Tools.Handset.Handset _h1, _h2;
            private readonly ITestOutputHelper _out;

            private InProcessCall(ThrowawayCa ca, Tools.Handset.Handset h1, Tools.Handset.Handset h2, ITestOutputHelper output)
            {
                _ca = ca;
                _h1 = h1;
                _h2 = h2;
                _out = output;
            }

            public static async Task<InProcessCall> StartAsync(ITestOutputHelper output, bool calleeDisplay = true)
            {
                string dir = HandsetProcess.TempDir("handset-alloc");
                ThrowawayCa ca = ThrowawayCa.LoadOrCreate(Path.Combine(dir, "state"));
                int p1 = Demo.FreeSipPort(), p2 = Demo.FreeSipPort(p1);
                string t1 = ConfigText("1001", p2, ca.CaPem), t2 = ConfigText("1002", p1, ca.CaPem);
                PhoneConfig c1 = Program.ParseConfig(Encoding.UTF8.GetBytes(t1), "1001", TextWriter.Null);
                PhoneConfig c2 = Program.ParseConfig(Encoding.UTF8.GetBytes(t2), "1002", TextWriter.Null);
                var clock = Stopwatch.StartNew();
                var outLock = new object();
                void Say(string s)
                {
                    lock (outLock)
                    {
                        try { output.WriteLine(s); } catch (InvalidOperationException) { } // after the test ended
                    }
                }

                List<ScriptStep> script = HandsetScript.Parse("wait 200ms; dial sips:1002@127.0.0.1:" + p2 + "; key call; until connected 10s", out string err);
                Assert.Null(err);
                var h1 = new Tools.Handset.Handset(new HandsetOptions
                {
                    Name = "1001", ConfigText = t1, Config = c1, Register = false, ServerCertificate = ca.Server, SipPort = p1,
                    Microphone = new ToneMicrophone(440), SpeakerPath = Path.Combine(dir, "1001.wav"), Script = script,
                    Display = new HandsetDisplay(TextWriter.Null, false, null), SharedClock = clock,
                    Log = s => Say("[1001] " + s),
                });
                var h2 = new Tools.Handset.Handset(new HandsetOptions
                {
                    Name = "1002", ConfigText = t2, Config = c2, Register = false, ServerCertificate = ca.Server, SipPort = p2,
                    Microphone = new ToneMicrophone(1000), SpeakerPath = Path.Combine(dir, "1002.wav"), AutoAnswer = true,
                    Display = calleeDisplay ? new HandsetDisplay(TextWriter.Null, false, null) : null, SharedClock = clock,
                    Log = s => Say("[1002] " + s),
                });
                var call = new InProcessCall(ca, h1, h2, output);
                h2.Start();
                h1.Start();
                var sw = Stopwatch.StartNew();
                while (h1.CallsConnected < 1 || h2.CallsConnected < 1)
                {
                    if (sw.Elapsed > TimeSpan.FromSeconds(15))
                    {
                        await call.DisposeAsync();
                        Assert.Fail("the call did not connect: " + h1.ScriptError);
                    }

                    await Task.Delay(50);
                }

                return call;
            }

            /// <summary>Each phone calls the other's TLS listener directly (no registrar), SRTP mandatory, a deep jitter buffer.</summary>
            private static string ConfigText(string user, int peerPort, string caPem) =>
                "[wifi]\nssid = loopback\n[sip]\ndomain = 127.0.0.1\nuser = " + user + "\npassword = unused-here\ntransport = tls\nport = " + peerPort +
                "\n[tls]\nca = " + caPem.Replace("\r", "").TrimEnd('\n') + "\n[srtp]\nmode = mandatory\n[audio]\nspeaker_volume = 100\njitter_min_ms = 100\njitter_max_ms = 600\n";

            /// <summary>Waits for the warm-up, then `span` of measured media; both sides' live reports.</summary>
            public async Task<CallReport[]> WaitMeasuredAsync(TimeSpan span)
            {
                var sw = Stopwatch.StartNew();
                while ((await LiveAsync()).Any(r => r.LoopAllocatedBytes < 0))
                {
                    Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), "no allocation measurement started");
                    await Task.Delay(100);
                }

                await Task.Delay(span + TimeSpan.FromMilliseconds(500)); // the monitor samples every 250 ms
                return await LiveAsync();
            }

            /// <summary>Both sides' reports once media runs on both.</summary>
            public async Task<CallReport[]> MediaStartedAsync()
            {
                var sw = Stopwatch.StartNew();
                while (_h1.CurrentReports.Length == 0 || _h2.CurrentReports.Length == 0)
                {
                    Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), "media did not start");
                    await Task.Delay(20);
                }

                return await LiveAsync();
            }

            public Task<CallReport[]> LiveAsync()
            {
                CallReport[] a = _h1.CurrentReports;
                CallReport[] b = _h2.CurrentReports;
                Assert.Single(a);
                Assert.Single(b);
                return Task.FromResult(new[] { a[0], b[0] });
            }

            public async ValueTask DisposeAsync()
            {
                try
                {
                    await _h1.ShutdownAsync(TimeSpan.FromSeconds(3));
                }
                catch (Exception e)
                {
                    _out.WriteLine("shutdown: " + e.Message);
                }

                _h1.Dispose();
                _h2.Dispose();
                _ca.Dispose();
            }
        }
    }
}

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// The allocation and soak tests run alone, after the parallel collections: they read the process's heap and
    /// allocations, and a real-time call next to other tests measures the scheduler, not the handset.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class HandsetSoakCollection
    {
        public const string Name = "handset-soak";
    }
}
