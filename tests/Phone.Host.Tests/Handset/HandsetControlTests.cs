using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// `Handset run --control 127.0.0.1:PORT`: a call driven entirely over the control socket (no keypad script, no
    /// fixed waits: `wait STATE` replies when the state is reached), bad input answered with `error` while the
    /// handset carries on, and the loopback-only rule.
    /// </summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetControlTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetControlTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task ControlSocket_DialWaitStatsHoldResumeHangup_DrivesADirectTlsCall()
        {
            var pair = new DirectCallPair("handset-control");
            int p1 = pair.Port1001, p2 = pair.Port1002, port = ControlClient.FreePort(), port2 = ControlClient.FreePort();

            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(60), null,
                "run", "--config", pair.Config1002, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", p2.ToString(),
                "--auto-answer", "--mic", pair.Tone1000, "--plain", "--script", "until connected 40s; until ended 40s; quit",
                "--control", "127.0.0.1:" + port2); // only to read its stats
            Task<HandsetProcess.Result> caller = HandsetProcess.RunAsync(TimeSpan.FromSeconds(60), null,
                "run", "--config", pair.Config1001, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", p1.ToString(),
                "--plain", "--control", "127.0.0.1:" + port);

            ControlClient c = null, callee2 = null;
            try
            {
                c = await ControlClient.ConnectAsync(port, TimeSpan.FromSeconds(30));
                Assert.StartsWith("ok state=idle ", await c.CommandAsync("state"));

                // The callee is a process that may still be starting; its control socket opens after its SIP listeners.
                callee2 = await ControlClient.ConnectAsync(port2, TimeSpan.FromSeconds(30));
                Assert.Equal("ok calling call -1", await c.CommandAsync("dial sips:1002@127.0.0.1:" + p2));
                Assert.Equal("ok connected call -1", await c.CommandAsync("wait connected 20s", 25));

                Dictionary<string, string> st = ControlClient.Values(await c.CommandAsync("state"));
                Assert.Equal("connected", st["state"]);
                Assert.Equal("1", st["calls"]);
                Assert.StartsWith("-1:connected:out", st["call"]);

                // Media flows both ways: poll stats (each reply is immediate) until half a second of audio came in and
                // went out (the two counts move independently: either may be one frame behind the other at any poll).
                Dictionary<string, string> stats = await StatsWhen(c, s => long.Parse(s["packets_received"]) >= 25 && long.Parse(s["packets_sent"]) >= 25);

                Assert.Equal("1", stats["live"]);
                Assert.Equal("-1", stats["call"]);
                Assert.Equal("AES_CM_128_HMAC_SHA1_80", stats["suite"]);
                Assert.True(long.Parse(stats["packets_received"]) >= 25, string.Join(" ", stats));
                Assert.True(long.Parse(stats["packets_sent"]) >= 25, string.Join(" ", stats));
                Assert.Equal("0", stats["auth_failures_rtp"]);
                Assert.Equal("0", stats["auth_failures_rtcp"]);
                Assert.Equal("0", stats["replayed"]);
                Assert.Equal("0", stats["malformed"]);
                Assert.Equal("0", stats["unprotected"]);
                Assert.Equal("0", stats["unknown_ssrc"]);
                foreach (string k in new[] { "lost", "late", "concealed", "rtt_ms", "jitter_ms" }) Assert.True(stats.ContainsKey(k), k);

                Assert.Equal("ok held call -1", await c.CommandAsync("hold"));
                Assert.Equal("ok held call -1", await c.CommandAsync("wait held 5s", 10));
                Assert.Equal("ok held call -1", await c.CommandAsync("hold")); // already: no second re-INVITE
                Assert.StartsWith("error dtmf", await c.CommandAsync("dtmf 1"));
                Assert.Equal("ok connected call -1", await c.CommandAsync("resume"));
                Assert.Equal("ok connected call -1", await c.CommandAsync("wait connected 5s", 10));
                long before = long.Parse(ControlClient.Values(await c.CommandAsync("stats"))["packets_received"]);
                Dictionary<string, string> resumed = await StatsWhen(c, s => long.Parse(s["packets_received"]) >= before + 25);
                Assert.True(long.Parse(resumed["packets_received"]) >= before + 25, "media after resume: " + string.Join(" ", resumed));

                // The digit goes out as RFC 4733 events; the callee's own control socket shows it arrived.
                Assert.Equal("ok connected call -1", await c.CommandAsync("dtmf 7"));
                Dictionary<string, string> far = await StatsWhen(callee2, s => s["dtmf_received"].Contains('7'));
                Assert.Equal("7", far["dtmf_received"]);
                Assert.Equal("0", far["auth_failures_rtp"]);
                Assert.Equal("0", far["auth_failures_rtcp"]);

                Assert.StartsWith("ok ended", await c.CommandAsync("hangup"));
                Assert.Equal("ok idle call none", await c.CommandAsync("wait idle 10s", 15));
                Assert.StartsWith("error hangup: no call", await c.CommandAsync("hangup"));

                // The ended call's numbers stay readable.
                Dictionary<string, string> final = ControlClient.Values(await c.CommandAsync("stats"));
                Assert.Equal("0", final["live"]);
                Assert.True(long.Parse(final["packets_received"]) >= long.Parse(stats["packets_received"]), string.Join(" ", final));
                Assert.Equal("0", final["auth_failures_rtp"]);
                Assert.Equal("0", final["auth_failures_rtcp"]);

                // Every state change came as an event line, in order.
                string[] states = c.Events.Where(e => e.StartsWith("event state ", StringComparison.Ordinal)).Select(e => e.Split(' ')[2]).ToArray();
                _out.WriteLine(string.Join(", ", states));
                AssertInOrder(states, "dialing", "calling", "connected", "held", "connected", "ended", "idle");
                Assert.Contains("event state connected call -1", c.Events);

                Assert.Equal("ok quit", await c.CommandAsync("quit"));
            }
            finally
            {
                if (c != null) _out.WriteLine("== control\n" + c.Transcript);
                if (callee2 != null) _out.WriteLine("== callee's control\n" + callee2.Transcript);
                c?.Dispose();
                callee2?.Dispose();
            }

            HandsetProcess.Result called = await caller, answered = await callee;
            _out.WriteLine("== 1001\n" + called + "\n== 1002\n" + answered);
            Assert.True(called.ExitCode == 0, called.ToString());
            Assert.True(answered.ExitCode == 0, answered.ToString());
            Assert.Contains("calls answered 1, ended 1", called.Output);
            Assert.Contains("control listening on 127.0.0.1:" + port, called.Output);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(answered.Output, @"event RemoteHold call 1\b"));
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(answered.Output, @"event RemoteResume call 1\b"));
            Assert.Contains("dtmf received 7", answered.Output);
        }

        [Fact]
        public async Task ControlSocket_MalformedAndOversizedLines_GetErrors_AndTheHandsetKeepsRunning()
        {
            var pair = new DirectCallPair("handset-control-bad");
            int port = ControlClient.FreePort();
            Task<HandsetProcess.Result> run = HandsetProcess.RunAsync(TimeSpan.FromSeconds(60), null,
                "run", "--config", pair.Config1001, "--no-register", "--plain", "--control", "127.0.0.1:" + port);

            ControlClient c = null, second = null, third = null;
            try
            {
                c = await ControlClient.ConnectAsync(port, TimeSpan.FromSeconds(30));
                Assert.StartsWith("error unknown command", await c.CommandAsync("frobnicate"));
                Assert.StartsWith("error dial", await c.CommandAsync("dial"));
                Assert.StartsWith("error dial", await c.CommandAsync("dial 12ab"));
                Assert.StartsWith("error dial", await c.CommandAsync("dial sip:alice@example.com"));
                Assert.StartsWith("error dial", await c.CommandAsync("dial " + new string('1', 40)));
                Assert.StartsWith("error key", await c.CommandAsync("key nope"));
                Assert.StartsWith("error dtmf", await c.CommandAsync("dtmf 12"));
                Assert.StartsWith("error wait", await c.CommandAsync("wait nowhere"));
                Assert.StartsWith("error wait", await c.CommandAsync("wait idle 99999m"));
                Assert.StartsWith("error wait", await c.CommandAsync("wait idle soon"));
                Assert.StartsWith("error stats", await c.CommandAsync("stats x"));
                Assert.StartsWith("error answer takes no arguments", await c.CommandAsync("answer now"));
                Assert.StartsWith("error answer: no call ringing", await c.CommandAsync("answer"));
                Assert.StartsWith("error no call has had media yet", await c.CommandAsync("stats"));
                Assert.StartsWith("error timeout waiting for connected", await c.CommandAsync("wait connected 200ms"));

                // A line far beyond the bound (sent in pieces), binary junk with NUL and bytes above 0x7F, a lone CR.
                var big = Encoding.ASCII.GetBytes("dial " + new string('9', 100000) + "\n");
                await c.SendRawAsync(big);
                Assert.Equal("error line too long (at most " + ControlProtocol.MaxLineBytes + " bytes)", await c.ReplyAsync());
                await c.SendRawAsync(new byte[] { 0x00, 0xFF, 0x80, 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'\n' });
                Assert.Equal("error bad characters: printable ASCII only", await c.ReplyAsync());
                await c.SendRawAsync(new byte[] { (byte)'k', (byte)'e', (byte)'y', (byte)' ', 0xE9, (byte)'\n' });
                Assert.Equal("error bad characters: printable ASCII only", await c.ReplyAsync());
                await c.SendRawAsync(Encoding.ASCII.GetBytes("\r\n  \n;rm -rf /\n"));
                Assert.StartsWith("error unknown command", await c.ReplyAsync()); // blank lines get no reply; nothing is executed

                // Exactly at the bound is accepted (and parsed: too many digits for dial).
                Assert.StartsWith("error dial", await c.CommandAsync("dial " + new string('1', ControlProtocol.MaxLineBytes - 5)));

                // Two clients at once; a third is told so and closed.
                second = await ControlClient.ConnectAsync(port, TimeSpan.FromSeconds(5));
                Assert.Equal("ok pong", await second.CommandAsync("ping"));
                var tcp3 = new System.Net.Sockets.TcpClient();
                await tcp3.ConnectAsync(System.Net.IPAddress.Loopback, port);
                using (var r3 = new System.IO.StreamReader(tcp3.GetStream()))
                {
                    Task<string> l3 = r3.ReadLineAsync();
                    Assert.True(await Task.WhenAny(l3, Task.Delay(10000)) == l3, "third client got no answer");
                    Assert.StartsWith("error busy", await l3);
                }

                tcp3.Dispose();

                // A client that goes away in the middle of a line is forgotten; its slot is free again.
                await second.SendRawAsync(Encoding.ASCII.GetBytes("wait conn"));
                second.Dispose();
                second = null;
                var sw = Stopwatch.StartNew();
                while (third == null)
                {
                    try
                    {
                        third = await ControlClient.ConnectAsync(port, TimeSpan.FromSeconds(5));
                    }
                    catch (System.IO.IOException) when (sw.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Delay(100); // the server has not yet seen the close
                    }
                }

                Assert.Equal("ok bye", await third.CommandAsync("bye"));

                // Still alive and answering, then a normal stop.
                Assert.Equal("ok pong", await c.CommandAsync("ping"));
                Assert.Equal("ok state dialing", await c.CommandAsync("key 5"));
                Assert.StartsWith("ok state=dialing ", await c.CommandAsync("state"));
                Assert.Equal("ok quit", await c.CommandAsync("quit"));
            }
            finally
            {
                if (c != null) _out.WriteLine("== control\n" + c.Transcript);
                c?.Dispose();
                second?.Dispose();
                third?.Dispose();
            }

            HandsetProcess.Result res = await run;
            _out.WriteLine(res.ToString());
            Assert.True(res.ExitCode == 0, res.ToString());
            Assert.Contains("refused 127.0.0.1:", res.Output);
            Assert.DoesNotContain("Unhandled exception", res.Error);
        }

        [Theory]
        [InlineData("0.0.0.0:5070")]
        [InlineData("192.0.2.1:5070")]
        [InlineData("[::]:5070")]
        [InlineData("example.com:5070")]
        public async Task NonLoopbackControlAddress_IsRefused_Exit2(string where)
        {
            HandsetProcess.Result r = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(30), null, "run", "--config", "/dev/null", "--control", where);
            _out.WriteLine(r.ToString());
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--control", r.Error);
            Assert.Contains("usage:", r.Error);
        }

        [Fact]
        public void ControlEndpoint_AcceptsLoopbackOnly()
        {
            foreach (string ok in new[] { "127.0.0.1:5070", "127.1.2.3:0", "localhost:5070", "[::1]:5070" })
            {
                Assert.True(ControlProtocol.TryParseEndpoint(ok, out System.Net.IPEndPoint ep, out string err), ok + ": " + err);
                Assert.True(System.Net.IPAddress.IsLoopback(ep.Address), ok);
            }

            foreach (string bad in new[] { "0.0.0.0:5070", "10.0.0.1:5070", "[::]:1", "[fe80::1]:1", "5070", "127.0.0.1", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:-1", "host:1", "" })
            {
                Assert.False(ControlProtocol.TryParseEndpoint(bad, out _, out string err), bad);
                Assert.Contains("--control", err);
            }

            Assert.Contains("refused to listen on 0.0.0.0", Assert.Throws<UsageException>(() =>
                RunOptions.Parse(new List<string> { "--config", "/dev/null", "--control", "0.0.0.0:5070" })).Message);
            Assert.Equal(5070, RunOptions.Parse(new List<string> { "--config", "/dev/null", "--control", "127.0.0.1:5070" }).Control.Port);
            Assert.Contains("--control", Program.RunUsage);
        }

        [Fact]
        public void ControlLines_Parse()
        {
            ControlCommand d = ControlProtocol.Parse("dial sips:1002@127.0.0.1:5061", out string e);
            Assert.Null(e);
            Assert.Equal(ControlVerb.Dial, d.Verb);
            Assert.Equal("1002", d.Digits);
            Assert.Equal("sips:1002@127.0.0.1:5061", d.Uri);
            Assert.Equal(ControlVerb.Key, ControlProtocol.Parse("KEY Hangup", out _).Verb);
            Assert.Equal(Phone.Call.PhoneKey.Pound, ControlProtocol.Parse("dtmf #", out _).Key);
            ControlCommand w = ControlProtocol.Parse("wait  connected\t2.5s", out _);
            Assert.Equal("connected", w.Condition);
            Assert.Equal(2500, w.TimeoutMs);
            Assert.Equal(ControlProtocol.DefaultWaitMs, ControlProtocol.Parse("wait registered", out _).TimeoutMs);
            Assert.Equal(-1, ControlProtocol.Parse("stats -1", out _).CallId);
            foreach (string bad in new[] { "", "   ", "dial", "dial 1 2", "key", "dtmf", "dtmf A", "wait", "wait x", "wait idle 11m", "hold on", "quit now", "stats 1 2", "rm -rf /" })
            {
                Assert.Null(ControlProtocol.Parse(bad, out string why));
                Assert.False(string.IsNullOrEmpty(why), bad);
            }

            Assert.Equal("plain", ControlProtocol.Quote("plain"));
            Assert.Equal("\"a \\\"b\\\" \\\\c\"", ControlProtocol.Quote("a \"b\" \\c"));
            Assert.Equal("\"\"", ControlProtocol.Quote(""));
            Assert.Equal("x y", ControlClient.Values("ok k=\"x y\" n=1")["k"]);
        }

        /// <summary>
        /// Asks for stats (each reply is immediate) until the condition holds, or 15 s passed; the last reply. The call
        /// is connected (the state machine's event) a moment before the media engine reports the call's media, so
        /// "no call has had media yet" is asked again within those 15 s; any other error fails at once.
        /// </summary>
        private static async Task<Dictionary<string, string>> StatsWhen(ControlClient c, Func<Dictionary<string, string>, bool> condition)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                string reply = await c.CommandAsync("stats");
                if (reply == "error no call has had media yet" && sw.Elapsed < TimeSpan.FromSeconds(15))
                {
                    await Task.Delay(200);
                    continue;
                }

                Assert.StartsWith("ok ", reply);
                Dictionary<string, string> s = ControlClient.Values(reply);
                if (condition(s) || sw.Elapsed > TimeSpan.FromSeconds(15)) return s;
                await Task.Delay(200);
            }
        }

        private static void AssertInOrder(string[] seen, params string[] expected)
        {
            int at = 0;
            foreach (string s in seen)
            {
                if (at < expected.Length && s == expected[at]) at++;
            }

            Assert.True(at == expected.Length, "expected in order: " + string.Join(", ", expected) + "; seen: " + string.Join(", ", seen));
        }
    }
}
