using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;
using Phone.Host.Sip;
using Phone.Host.Tests.Sip.Dialog;
using Phone.Sdp;
using Phone.Sip;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// Security finding 2 on the wire: two phone cores (SipHostEndpoint + SipCallAgent) registered at kamailio over
    /// UDP with a 10 s lifetime (a refresh every 5 s), 1001 calling 1002 through kamailio; meanwhile sipp floods 1001's
    /// UDP port and TCP listener with thousands of OPTIONS and INVITEs (no SDP, "ghost calls") from 127.0.0.2–4 and
    /// a fresh source port per call. First with sip.accept_from_any = false (the default): nothing is answered, no
    /// TCP connection is kept, nothing rings. Then with accept_from_any = true: the strangers get some answers, the
    /// rest is rate-limited, bounded per source or refused with 503 — in the server pool only. Throughout, 1001 stays
    /// registered (its refreshes go out and succeed), the call survives (hung up at the end by 1001, BYE answered),
    /// and the managed heap stays bounded.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class SippFloodTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public SippFloodTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        private PhoneConfig Config(string user)
        {
            var c = new PhoneConfig();
            c.Sip.Domain = _rig.Realm;
            c.Sip.Registrar = "127.0.0.1";
            c.Sip.User = user;
            c.Sip.AuthUser = user;
            c.Sip.Password = _rig.Users[user];
            c.Sip.DisplayName = "Phone " + user;
            c.Sip.Transport = SipTransportKind.Udp;
            c.Sip.Port = _rig.SipPort;
            c.Sip.PortIsSet = true;
            c.Sip.RegisterExpiry = 10;
            c.Srtp.Mode = SrtpMode.Off;
            return c;
        }

        private static SipHostEndpointOptions Options(string instance) => new SipHostEndpointOptions
        {
            InstanceId = "3f1d6a52-4c1e-4b8e-9a57-0000000000f" + instance,
            RegistrationTimers = new SipRegistrationTimers { AllFailedBaseMs = 500, MaxBackoffMs = 4000 },
        };

        [Fact]
        public async Task SippFloods_UdpAndTcp_PhoneStaysRegistered_CallSurvives_MemoryBounded()
        {
            var watch = Stopwatch.StartNew();
            using var callee = new CallAgentHost(Config("1002"), Options("2"), 43000, autoAnswer: true);
            using var phone = new CallAgentHost(Config("1001"), Options("1"), 43100, autoAnswer: false);
            SipHostEndpoint e = phone.Endpoint;
            Assert.NotNull(await e.WaitForAsync(x => x.State == RegistrationState.Registered, 0, TimeSpan.FromSeconds(10)));
            Assert.NotNull(await callee.Endpoint.WaitForAsync(x => x.State == RegistrationState.Registered, 0, TimeSpan.FromSeconds(10)));
            int registeredAt = e.Events.Length;

            phone.Execute(PhoneCommandKind.PlaceCall, -1, "sip:1002@" + _rig.Realm);
            PhoneEvent answered = phone.WaitFor(x => x.Kind == PhoneEventKind.CallAnswered || x.Kind == PhoneEventKind.CallFailed, TimeSpan.FromSeconds(10));
            Assert.True(answered != null && answered.Kind == PhoneEventKind.CallAnswered, "call not answered\n" + phone.Trace);
            int cseqBefore = await e.Invoke(() => e.Registration.CSeq);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long heapBefore = GC.GetTotalMemory(true);

            // Phase 1, sip.accept_from_any = false: strangers are dropped, inbound TCP from them refused.
            string[] sources = { "127.0.0.2", "127.0.0.3", "127.0.0.4" };
            int sent1 = await FloodAsync(e, sources, "1");
            int foreign = await e.Invoke(() => e.Layer.ForeignRequests);
            int answered1 = await e.Invoke(() => e.Policy.OptionsAnswered);
            _out.WriteLine("phase 1: " + sent1 + " calls started by sipp, " + foreign + " requests dropped as foreign, " + e.RefusedConnections +
                           " TCP connections refused, OPTIONS answered " + answered1 + ", incoming calls " + Count(phone, PhoneEventKind.IncomingCall));
            Assert.True(foreign >= 1000, "foreign requests dropped " + foreign);
            Assert.True(e.RefusedConnections > 0, "no TCP connection refused");
            Assert.Equal(0, answered1);
            Assert.Equal(0, Count(phone, PhoneEventKind.IncomingCall));

            // Phase 2, sip.accept_from_any = true: some strangers are answered, the rest limited — the server pool only.
            await e.Invoke(() => e.Layer.AcceptFromAny = true);
            int sent2 = await FloodAsync(e, sources, "2");
            int answered2 = await e.Invoke(() => e.Policy.OptionsAnswered);
            int limited = await e.Invoke(() => e.Layer.RateLimited);
            int full = await e.Invoke(() => e.Layer.TableFullRejects);
            int active = await e.Invoke(() => e.Layer.ActiveCount);
            _out.WriteLine("phase 2: " + sent2 + " calls started by sipp, OPTIONS answered " + answered2 + ", rate/source-limited " + limited +
                           ", 503 pool full " + full + ", active transactions " + active + ", incoming calls " + Count(phone, PhoneEventKind.IncomingCall));
            Assert.True(answered2 > 0, "no OPTIONS answered with accept_from_any");
            Assert.True(limited + full > 1000, "limited " + limited + ", 503 " + full);
            Assert.True(active <= e.Layer.MaxTransactions);

            // Still registered, and refreshed during the floods: the flood goes on (with accept_from_any) until the
            // registration has refreshed twice under it, as how long one round takes depends on the machine's load
            // and the refresh comes about every half of the 10 s lifetime.
            int cseqAfter;
            for (int round = 1; (cseqAfter = await e.Invoke(() => e.Registration.CSeq)) < cseqBefore + 2 && round <= 6; round++)
            {
                await FloodAsync(e, sources, "3-" + round);
            }

            _out.WriteLine("REGISTER CSeq " + cseqBefore + " -> " + cseqAfter + " over " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s");
            Assert.True(cseqAfter >= cseqBefore + 2, "no refresh during the floods: CSeq " + cseqBefore + " -> " + cseqAfter);
            Assert.Equal(RegistrationState.Registered, await e.Invoke(() => e.Registration.State));
            Assert.DoesNotContain(e.Events.Skip(registeredAt), x => x.State != RegistrationState.Registered);

            // The call survived: still up on both sides, and 1001's BYE is answered.
            // (With accept_from_any a ghost INVITE may ring as a waiting call: that is what the switch allows.)
            Assert.True(await e.Invoke(() => phone.Agent.ActiveCalls) >= 1);
            Assert.DoesNotContain(phone.Events, x => x.CallId == answered.CallId && (x.Kind == PhoneEventKind.CallFailed || x.Kind == PhoneEventKind.RemoteHangup));
            phone.Execute(PhoneCommandKind.HangUp, answered.CallId);
            PhoneEvent gone = callee.WaitFor(x => x.Kind == PhoneEventKind.RemoteHangup, TimeSpan.FromSeconds(10));
            Assert.True(gone != null, "1002 never saw the BYE\n" + phone.Trace);
            Assert.DoesNotContain(phone.Events, x => x.CallId == answered.CallId && x.Kind == PhoneEventKind.HangupFailed);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long grown = GC.GetTotalMemory(true) - heapBefore;
            _out.WriteLine("managed heap grew by " + grown + " bytes; total " + watch.Elapsed.TotalSeconds.ToString("0.0") + " s");
            Assert.True(grown < 16 * 1024 * 1024, "heap grew by " + grown);
            Assert.True(await e.UnregisterAsync(TimeSpan.FromSeconds(10)));
        }

        private static int Count(CallAgentHost h, PhoneEventKind kind) => h.Events.Count(x => x.Kind == kind);

        /// <summary>
        /// From every source address at once: OPTIONS and INVITE over UDP (a new source port per call) and over TCP
        /// (a new connection per call), 1200 calls each over UDP, 150 each over TCP; sipp's own verdict is ignored.
        /// </summary>
        private async Task<int> FloodAsync(SipHostEndpoint e, string[] sources, string phase)
        {
            var runs = new List<Task<int>>();
            foreach (string ip in sources)
            {
                runs.Add(RunSippAsync("phone_options.xml", "un", ip, e.UdpPort, 1200, 400, phase));
                runs.Add(RunSippAsync("phone_invite_flood.xml", "un", ip, e.UdpPort, 1200, 400, phase));
                runs.Add(RunSippAsync("phone_options.xml", "tn", ip, e.TcpPort, 150, 100, phase));
                runs.Add(RunSippAsync("phone_invite_flood.xml", "tn", ip, e.TcpPort, 150, 100, phase));
            }

            int[] started = await Task.WhenAll(runs);
            return started.Sum();
        }

        private async Task<int> RunSippAsync(string scenario, string transport, string localIp, int port, int calls, int rate, string phase)
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
                "127.0.0.1:" + port, "-sf", Path.Combine(KamailioRig.SippDirectory, scenario),
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
