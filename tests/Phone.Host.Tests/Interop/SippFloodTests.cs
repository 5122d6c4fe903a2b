using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.App;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// Security finding 2 on the wire: two phones (the whole app on host drivers, <see cref="VirtualPhone"/>) registered
    /// at kamailio over UDP with the shortest lifetime nf.config allows (60 s, a refresh every 30 s), 1001 calling 1002
    /// through kamailio by its keys; meanwhile sipp floods 1001's UDP port with thousands of OPTIONS and INVITEs (no
    /// SDP, "ghost calls") from 127.0.0.2–4 and a fresh source port per call. First with sip.accept_from_any = false
    /// (the default): nothing is answered, nothing rings. Then with accept_from_any = true: the strangers get some
    /// answers, the rest is rate-limited, bounded per source or refused with 503 — in the server pool only.
    /// Throughout, 1001 stays registered (its refreshes go out and succeed), the call survives (hung up at the end by
    /// 1001's key, BYE answered), and the managed heap stays bounded. The phone opens no TCP listener, so there is no
    /// TCP port to flood: a connect to its SIP port is refused.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class SippFloodTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public SippFloodTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        /// <summary>A phone of user over UDP, SRTP off, RTP from rtpMin; its event lines go to log.</summary>
        private VirtualPhone Phone(string user, byte mac, int rtpMin, ConcurrentQueue<string> log, out string dir)
        {
            string volume = AppHarness.NewVolume(_rig, out dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = flood-" + user + "\n[wifi]\nssid = RigNet\n" +
                "[sip]\ndomain = " + _rig.Realm + "\nregistrar = 127.0.0.1\nuser = " + user + "\npassword = " + _rig.Users[user] + "\n" +
                "display_name = Phone " + user + "\ntransport = udp\nport = " + _rig.SipPort + "\nregister_expiry = 60\n" +
                "[srtp]\nmode = off\n[audio]\nrtp_port_min = " + rtpMin + "\nrtp_port_max = " + (rtpMin + 2) + "\n");
            // Each phone on its own loopback address (its "DHCP address"), so both have SIP port 5060 as on a LAN.
            return new VirtualPhone(new VirtualPhoneOptions
            {
                Folder = volume,
                Address = IPAddress.Parse(AddressOf(mac)),
                Mac = new byte[] { 2, 0, 0, 0, 0xf0, mac },
                Log = log.Enqueue,
            });
        }

        private static string AddressOf(byte mac) => "127.0.1." + mac;

        private static bool Registered(VirtualPhone p) => p.Registrations.Any(x => x.State == RegistrationState.Registered);

        private static string Trace(ConcurrentQueue<string> log) => string.Join("\n", log.Where(l => !l.StartsWith("media", StringComparison.Ordinal)));

        /// <summary>The event line is of kind and about the call (" call N").</summary>
        private static bool About(string line, string kind, string call) =>
            line == "event " + kind + call || line.StartsWith("event " + kind + call + " ", StringComparison.Ordinal);

        private static int Count(ConcurrentQueue<string> log, string start) => log.Count(l => l.StartsWith(start, StringComparison.Ordinal));

        [Fact]
        public async Task SippFloods_Udp_PhoneStaysRegistered_CallSurvives_MemoryBounded()
        {
            var watch = Stopwatch.StartNew();
            var calleeLog = new ConcurrentQueue<string>();
            var log = new ConcurrentQueue<string>();
            using VirtualPhone callee = Phone("1002", 2, 43000, calleeLog, out string calleeDir);
            using VirtualPhone phone = Phone("1001", 1, 43100, log, out string dir);
            try
            {
                callee.PowerOn();
                phone.PowerOn();
                Assert.True(phone.WaitUntil(Registered, Step), phone.ScreenText());
                Assert.True(callee.WaitUntil(Registered, Step), callee.ScreenText());
                int registeredAt = phone.Registrations.Length;

                foreach (char c in "1002") phone.Tap((PhoneKey)(c - '0'));
                Assert.True(phone.WaitUntil(p => p.ScreenText().Contains("1002"), Step), phone.ScreenText());
                phone.Tap(PhoneKey.Call);
                Assert.True(callee.WaitUntil(p => p.Machine.State == PhoneState.Incoming, Step), "1002 never rang\n" + Trace(log));
                callee.Tap(PhoneKey.Call);
                Assert.True(phone.WaitUntil(p => p.Machine.State == PhoneState.Connected, Step), "call not answered\n" + Trace(log));
                string answered = log.First(l => l.StartsWith("event CallAnswered call ", StringComparison.Ordinal));
                string call = " call " + answered.Split(' ')[3];
                int cseqBefore = phone.Invoke(app => app.Phone.Core.Registration.CSeq);

                // No TCP listener on the phone: nothing for a TCP flood to reach.
                using (var tcp = new TcpClient())
                {
                    var refused = Assert.Throws<SocketException>(() => tcp.Connect(AddressOf(1), phone.SipUdpPort));
                    Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                long heapBefore = GC.GetTotalMemory(true);

                // Phase 1, sip.accept_from_any = false: strangers are dropped.
                string[] sources = { "127.0.0.2", "127.0.0.3", "127.0.0.4" };
                int sent1 = await FloodAsync(AddressOf(1), phone.SipUdpPort, sources, "1");
                int foreign = phone.Invoke(app => app.Phone.Core.Layer.ForeignRequests);
                int answered1 = phone.Invoke(app => app.Phone.Core.Policy.OptionsAnswered);
                _out.WriteLine("phase 1: " + sent1 + " calls started by sipp, " + foreign + " requests dropped as foreign, OPTIONS answered " + answered1 +
                               ", incoming calls " + Count(log, "event IncomingCall"));
                Assert.True(foreign >= 1000, "foreign requests dropped " + foreign);
                Assert.Equal(0, answered1);
                Assert.Equal(0, Count(log, "event IncomingCall"));

                // Phase 2, sip.accept_from_any = true: some strangers are answered, the rest limited — the server pool only.
                phone.Invoke(app => app.Phone.Core.Layer.AcceptFromAny = true);
                int sent2 = await FloodAsync(AddressOf(1), phone.SipUdpPort, sources, "2");
                int answered2 = phone.Invoke(app => app.Phone.Core.Policy.OptionsAnswered);
                int limited = phone.Invoke(app => app.Phone.Core.Layer.RateLimited);
                int full = phone.Invoke(app => app.Phone.Core.Layer.TableFullRejects);
                int active = phone.Invoke(app => app.Phone.Core.Layer.ActiveCount);
                int max = phone.Invoke(app => app.Phone.Core.Layer.MaxTransactions);
                _out.WriteLine("phase 2: " + sent2 + " calls started by sipp, OPTIONS answered " + answered2 + ", rate/source-limited " + limited +
                               ", 503 pool full " + full + ", active transactions " + active + " of " + max + ", incoming calls " + Count(log, "event IncomingCall"));
                Assert.True(answered2 > 0, "no OPTIONS answered with accept_from_any");
                Assert.True(limited + full > 1000, "limited " + limited + ", 503 " + full);
                Assert.True(active <= max);

                // Still registered, and refreshed during the floods: the flood goes on (with accept_from_any) until the
                // registration has refreshed under it, as how long one round takes depends on the machine's load and
                // the refresh comes at half of the 60 s lifetime.
                int cseqAfter;
                for (int round = 1; (cseqAfter = phone.Invoke(app => app.Phone.Core.Registration.CSeq)) < cseqBefore + 1 && round <= 15; round++)
                {
                    await FloodAsync(AddressOf(1), phone.SipUdpPort, sources, "3-" + round);
                }

                _out.WriteLine("REGISTER CSeq " + cseqBefore + " -> " + cseqAfter + " over " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s");
                Assert.True(cseqAfter >= cseqBefore + 1, "no refresh during the floods: CSeq " + cseqBefore + " -> " + cseqAfter);
                Assert.True(phone.WaitUntil(p => p.Invoke(app => app.Phone.Core.Registration.State) == RegistrationState.Registered, Step),
                    "not registered after the floods");
                Assert.Contains(phone.Registrations.Skip(registeredAt), x => x.State == RegistrationState.Registered);
                Assert.DoesNotContain(phone.Registrations.Skip(registeredAt), x => x.State != RegistrationState.Registered);

                // The call survived: still up on both sides, and 1001's BYE is answered.
                // (With accept_from_any a ghost INVITE may ring as a waiting call: that is what the switch allows.)
                Assert.True(phone.Invoke(app => app.Phone.Core.Agent.ActiveCalls) >= 1);
                Assert.DoesNotContain(log, l => About(l, "CallFailed", call) || About(l, "RemoteHangup", call));
                phone.Tap(PhoneKey.HangUp);
                Assert.True(callee.WaitUntil(p => Count(calleeLog, "event RemoteHangup") > 0, Step), "1002 never saw the BYE\n" + Trace(log));
                Assert.DoesNotContain(log, l => About(l, "HangupFailed", call));

                GC.Collect();
                GC.WaitForPendingFinalizers();
                long grown = GC.GetTotalMemory(true) - heapBefore;
                _out.WriteLine("managed heap grew by " + grown + " bytes; total " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s");
                Assert.True(grown < 16 * 1024 * 1024, "heap grew by " + grown);

                int from = phone.Registrations.Length;
                phone.Invoke(app =>
                {
                    app.Phone.Core.Shutdown(phone.Clock.NowMs);
                    return 0;
                });
                Assert.True(phone.WaitUntil(p => p.Registrations.Skip(from).Any(x => x.State == RegistrationState.Unregistered), TimeSpan.FromSeconds(10)),
                    "no Unregistered");
            }
            finally
            {
                phone.Dispose();
                callee.Dispose();
                AppHarness.Delete(dir);
                AppHarness.Delete(calleeDir);
            }
        }

        /// <summary>
        /// From every source address at once: OPTIONS and INVITE over UDP (a new source port per call), 1200 calls
        /// each; sipp's own verdict is ignored.
        /// </summary>
        private async Task<int> FloodAsync(string host, int port, string[] sources, string phase)
        {
            var runs = new List<Task<int>>();
            foreach (string ip in sources)
            {
                runs.Add(RunSippAsync("phone_options.xml", "un", ip, host, port, 1200, 400, phase));
                runs.Add(RunSippAsync("phone_invite_flood.xml", "un", ip, host, port, 1200, 400, phase));
            }

            int[] started = await Task.WhenAll(runs);
            return started.Sum();
        }

        private async Task<int> RunSippAsync(string scenario, string transport, string localIp, string host, int port, int calls, int rate, string phase)
        {
            string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            string work = Path.Combine(_rig.Directory, "sipp-flood-" + phase + "-" + Path.GetFileNameWithoutExtension(scenario) + "-" + transport + "-" + localIp);
            Directory.CreateDirectory(work);
            var psi = new ProcessStartInfo(sipp)
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[]
            {
                host + ":" + port, "-sf", Path.Combine(KamailioRig.SippDirectory, scenario),
                "-t", transport, "-i", localIp, "-p", KamailioRig.FreePort(null).ToString(),
                "-m", calls.ToString(), "-r", rate.ToString(), "-l", calls.ToString(), "-nostdin", "-timeout", "12s",
                "-recv_timeout", "1500", "-max_retrans", "1", "-max_reconnect", "0", "-max_socket", "2000",
            }) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            using (var limit = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                try
                {
                    await p.WaitForExitAsync(limit.Token);
                }
                catch (OperationCanceledException)
                {
                    p.Kill(true);
                }
            }

            string err = await stderr;
            _ = await stdout;
            if (err.Length > 0) _out.WriteLine("sipp " + scenario + " " + transport + " from " + localIp + ": " + err.Split('\n').FirstOrDefault());
            return calls;
        }
    }
}
