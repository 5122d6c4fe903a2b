using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Config;
using Phone.Host.Net;
using Phone.Host.Sip;
using Phone.Host.Tests.Tls;
using Phone.Sip.Registration;
using Phone.Sip.Transaction;
using Phone.Sip.Transport;
using Xunit;
using Xunit.Abstractions;
using Phone.Sip;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The phone's SIP core (SipRegistration over the transaction layer, driven by SipHostEndpoint) against
    /// kamailio: digest REGISTER with qop=auth over TLS, TCP and UDP, refresh, re-registration after a
    /// kamailio restart, TLS refusals without fallback, clean removal (checked with a query REGISTER), and
    /// sipp aiming malformed requests and an OPTIONS/INVITE burst at the endpoint.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class RegistrationInteropTests
    {
        private const string Instance = "3f1d6a52-4c1e-4b8e-9a57-";
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public RegistrationInteropTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        private SipSettings Settings(SipTransportKind kind, int port, string user, int expires)
        {
            return new SipSettings
            {
                Domain = _rig.Realm,
                Registrar = "127.0.0.1",
                User = user,
                AuthUser = user,
                Password = _rig.Users[user],
                DisplayName = "Phone " + user,
                Transport = kind,
                Port = port,
                PortIsSet = true,
                RegisterExpiry = expires,
            };
        }

        private SipHostEndpoint Endpoint(SipSettings sip, string instanceSuffix, SipHostEndpointOptions options = null)
        {
            options ??= new SipHostEndpointOptions();
            options.InstanceId = Instance + instanceSuffix;
            options.RegistrationTimers ??= new SipRegistrationTimers { AllFailedBaseMs = 500, MaxBackoffMs = 4000 };
            options.Connect = new SipConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(5) };
            SipTlsPolicy tls = sip.Transport == SipTransportKind.Tls ? SipTlsPolicy.FromConfig(TlsTestSupport.Settings(_rig.CaPath)) : null;
            var e = new SipHostEndpoint(sip, tls, options);
            e.RegistrationChanged += ev => _out.WriteLine(e.NowMs + " ms: " + ev);
            return e;
        }

        private static async Task<SipRegistrationEvent> Expect(SipHostEndpoint e, RegistrationState state, int from, int seconds)
        {
            SipRegistrationEvent ev = await e.WaitForAsync(x => x.State == state, from, TimeSpan.FromSeconds(seconds));
            Assert.True(ev != null, "no " + state + " within " + seconds + " s; events: " + string.Join(" | ", e.Events.Select(x => x.ToString())));
            return ev;
        }

        [Fact]
        public async Task Tls_Registers_Refreshes_SurvivesRestart_Unregisters()
        {
            var watch = Stopwatch.StartNew();
            using SipHostEndpoint e = Endpoint(Settings(SipTransportKind.Tls, _rig.TlsPort, "1001", 10), "000000000001");
            e.Start();

            // 401 (qop=auth) → authorized REGISTER → 200 granting the 10 s the rig's min_expires allows.
            SipRegistrationEvent reg = await Expect(e, RegistrationState.Registered, 0, 10);
            Assert.Equal(10, reg.ExpiresSeconds);
            Assert.DoesNotContain(e.Events, x => x.State == RegistrationState.Failed);
            Assert.Equal(1, await e.Invoke(() => e.Registration.Authenticator.SessionCount));
            Assert.Equal(SipTransportKind.Tls, await e.Invoke(() => e.Registration.Transport));
            Assert.True(await e.Invoke(() => e.Registration.Authenticator.GetSession(0).UsesQop));
            Assert.Contains("urn:uuid:" + Instance + "000000000001", BindingsOf("1001"));

            // Refresh at half the 10 s lifetime, with the cached nonce (nc=2), accepted.
            int n = e.Events.Length;
            SipRegistrationEvent refreshed = await Expect(e, RegistrationState.Registered, n, 10);
            Assert.True(refreshed.AtMs - reg.AtMs >= 4500, "refresh after " + (refreshed.AtMs - reg.AtMs) + " ms");
            Assert.True(await e.Invoke(() => e.Registration.CSeq) >= 3);
            Assert.True(await e.Invoke(() => e.Registration.Authenticator.GetSession(0).NonceCount) >= 2);

            // kamailio restarts: the TLS flow dies (usrloc is lost); the phone re-registers after its backoff.
            n = e.Events.Length;
            _rig.Restart();
            SipRegistrationEvent back = await Expect(e, RegistrationState.Registered, n, 20);
            SipRegistrationEvent[] between = e.Events.Skip(n).ToArray();
            Assert.Contains(between, x => x.State == RegistrationState.Failed);
            foreach (SipRegistrationEvent f in between.Where(x => x.State == RegistrationState.Failed))
            {
                Assert.True(f.RetryInMs >= 250 && f.RetryInMs <= 4000, "backoff " + f.RetryInMs);
            }

            Assert.Contains("urn:uuid:" + Instance + "000000000001", BindingsOf("1001"));

            Assert.True(await e.UnregisterAsync(TimeSpan.FromSeconds(10)), "no Unregistered");
            Assert.DoesNotContain("urn:uuid:" + Instance + "000000000001", BindingsOf("1001"));
            _out.WriteLine("TLS total " + watch.ElapsedMilliseconds + " ms");
        }

        [Theory]
        [InlineData(SipTransportKind.Tcp)]
        [InlineData(SipTransportKind.Udp)]
        public async Task TcpAndUdp_RegisterAndUnregister(SipTransportKind kind)
        {
            string suffix = kind == SipTransportKind.Tcp ? "000000000002" : "000000000003";
            using SipHostEndpoint e = Endpoint(Settings(kind, _rig.SipPort, "1002", 60), suffix);
            e.Start();
            SipRegistrationEvent reg = await Expect(e, RegistrationState.Registered, 0, 10);
            Assert.Equal(60, reg.ExpiresSeconds);
            Assert.Contains("urn:uuid:" + Instance + suffix, BindingsOf("1002"));
            Assert.True(await e.UnregisterAsync(TimeSpan.FromSeconds(10)), "no Unregistered");
            Assert.DoesNotContain("urn:uuid:" + Instance + suffix, BindingsOf("1002"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Tls_RefusesForeignCaAndWrongName_WithoutFallback(bool wrongName)
        {
            int port = wrongName ? _rig.TlsWrongNamePort : _rig.TlsWrongCaPort;
            var timers = new SipRegistrationTimers { AllFailedBaseMs = 30000 };
            using SipHostEndpoint e = Endpoint(Settings(SipTransportKind.Tls, port, "1003", 60), "00000000000" + (wrongName ? "5" : "4"),
                new SipHostEndpointOptions { RegistrationTimers = timers });
            e.Start();
            SipRegistrationEvent f = await Expect(e, RegistrationState.Failed, 0, 10);
            Assert.Equal(0, f.Status);
            Assert.Contains(wrongName ? "NameMismatch" : "UntrustedCertificate", f.Reason);
            Assert.InRange(f.RetryInMs, 30000, 60000);

            // Nothing went out over TCP or UDP: one connection attempt, no datagram, no REGISTER sent.
            await Task.Delay(300);
            Assert.Equal(0, await e.Invoke(() => e.Transport.MalformedCount));
            Assert.DoesNotContain(e.Events, x => x.State == RegistrationState.Registered);
            Assert.Equal(1, await e.Invoke(() => e.Registration.CSeq));
            Assert.Equal(1, e.Events.Count(x => x.State == RegistrationState.Failed));
        }

        [Fact]
        public async Task Sipp_MalformedAndFlood_KeepsRegistration_BoundedMemory_AnswersOptions()
        {
            var options = new SipHostEndpointOptions { MaxTransactions = 256 };
            // sipp shares 127.0.0.1 with kamailio: let it in, unthrottled, to see every answer (the source filter and the
            // limits have their own test, SippFloodTests).
            SipSettings sip = Settings(SipTransportKind.Tcp, _rig.SipPort, "1003", 120);
            sip.AcceptFromAny = true;
            using SipHostEndpoint e = Endpoint(sip, "000000000006", options);
            e.Layer.SourceBurst = 0;
            e.Layer.MaxServerPerSource = 0;
            e.Layer.ReservedServerSlots = 0;
            e.Start();
            await Expect(e, RegistrationState.Registered, 0, 10);
            int after = e.Events.Length;

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetTotalMemory(true);

            RunSipp("phone_malformed.xml", "u1", e.UdpPort, 5, 50, expectSuccess: false);
            RunSipp("phone_malformed_udp.xml", "u1", e.UdpPort, 5, 50, expectSuccess: false);
            RunSipp("phone_malformed.xml", "t1", e.TcpPort, 5, 50, expectSuccess: false);
            RunSipp("phone_options.xml", "u1", e.UdpPort, 100, 200, expectSuccess: true);
            RunSipp("phone_invite_flood.xml", "u1", e.UdpPort, 50, 200, expectSuccess: true);
            RunSipp("phone_options.xml", "t1", e.TcpPort, 50, 200, expectSuccess: true);
            RunSipp("phone_invite_flood.xml", "t1", e.TcpPort, 25, 200, expectSuccess: true);

            // Still answering valid OPTIONS after all that.
            RunSipp("phone_options.xml", "u1", e.UdpPort, 3, 10, expectSuccess: true);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            long grown = GC.GetTotalMemory(true) - before;
            _out.WriteLine("managed heap grew by " + grown + " bytes");
            Assert.True(grown < 16 * 1024 * 1024, "heap grew by " + grown);

            int malformed = await e.Invoke(() => e.Policy.BadRequestAnswered + e.Policy.MalformedDropped);
            int answered = await e.Invoke(() => e.Policy.OptionsAnswered);
            int badExtension = await e.Invoke(() => e.Policy.BadExtension);
            _out.WriteLine("malformed handled " + malformed + ", 420 " + badExtension + ", OPTIONS answered " + answered + ", INVITE refused " + e.RequestsRefused
                + ", table-full 503 " + await e.Invoke(() => e.Layer.TableFullRejects));
            Assert.True(malformed >= 10, "malformed seen " + malformed);
            Assert.True(badExtension >= 2);
            Assert.True(answered >= 153, "OPTIONS answered " + answered);
            Assert.Equal(RegistrationState.Registered, await e.Invoke(() => e.Registration.State));
            Assert.DoesNotContain(e.Events.Skip(after), x => x.State != RegistrationState.Registered);
            Assert.True(await e.UnregisterAsync(TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public async Task RegisterClient_FromNfConfig_RegistersOverTlsAndUnregisters()
        {
            string dir = Path.Combine(_rig.Directory, "register-client");
            Directory.CreateDirectory(dir);
            string config = Path.Combine(dir, "nf.config");
            File.WriteAllText(config,
                "[device]\nname = rig-phone\nadmin_password = admin-pw\n" +
                "[wifi]\nssid = RigNet\npassword = rig-wifi-pass\ncountry = DE\n" +
                "[sip]\ndomain = " + _rig.Realm + "\nregistrar = 127.0.0.1\nuser = 1002\npassword = " + _rig.Users["1002"] + "\n" +
                "transport = tls\nport = " + _rig.TlsPort + "\nregister_expiry = 60\n" +
                "[tls]\nca = I:\\" + Path.GetFileName(_rig.CaPath) + "\nverify_hostname = true\n");
            var log = new StringWriter();
            // The device path I:\ca.pem is the rig's certificate directory on the host.
            int rc = await SipRegisterClient.RunAsync(config, TimeSpan.FromMilliseconds(200), log,
                SipTlsPolicy.DeviceDrive(Path.GetDirectoryName(_rig.CaPath)), options: new SipHostEndpointOptions { InstanceId = Instance + "000000000007" });
            _out.WriteLine(log.ToString());
            Assert.True(rc == 0, "exit " + rc + ": " + log);
            Assert.Contains("registration: Registered(60)", log.ToString());
            Assert.Contains("registration: Unregistered", log.ToString());
            Assert.DoesNotContain(_rig.Users["1002"], log.ToString());
            Assert.DoesNotContain("urn:uuid:" + Instance + "000000000007", BindingsOf("1002"));
        }

        /// <summary>
        /// The Contact values kamailio holds for user, from a REGISTER without Contact (RFC 3261 §10.2.3: a query),
        /// sent with the rig's own test client and digest.
        /// </summary>
        private string BindingsOf(string user)
        {
            using RigSipClient c = RigSipClient.Connect(_rig, RigTransport.Udp);
            string query = DropHeaders(c.Register(_rig, user, 0), "Contact", "Expires");
            c.Send(query);
            SipText r = c.ReceiveFinal();
            if (r.Status == 401)
            {
                string uri = "sip:127.0.0.1:" + _rig.SipPort;
                string auth = Digest.Authorization(r.Header("WWW-Authenticate"), user, _rig.Users[user], "REGISTER", uri, 1);
                c.Send(DropHeaders(c.Register(_rig, user, 0, auth), "Contact", "Expires"));
                r = c.ReceiveFinal();
            }

            Assert.True(r.Status == 200, "query REGISTER: " + r.StartLine);
            string all = string.Join(", ", r.Headers("Contact"));
            _out.WriteLine("bindings of " + user + ": " + (all.Length == 0 ? "(none)" : all));
            return all;
        }

        private static string DropHeaders(string message, params string[] names)
        {
            string[] lines = message.Split("\r\n");
            return string.Join("\r\n", lines.Where(l => !names.Any(n => l.StartsWith(n + ":", StringComparison.OrdinalIgnoreCase))));
        }

        private void RunSipp(string scenario, string transport, int port, int calls, int rate, bool expectSuccess)
        {
            string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            string work = Path.Combine(_rig.Directory, "sipp-phone-" + Path.GetFileNameWithoutExtension(scenario) + "-" + transport);
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
                "-t", transport, "-i", "127.0.0.1", "-p", KamailioRig.FreePort(null).ToString(),
                "-m", calls.ToString(), "-r", rate.ToString(), "-l", "100", "-nostdin", "-timeout", "15s", "-timeout_error",
                "-trace_err", "-max_retrans", "3",
            }) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(20000))
            {
                p.Kill(true);
                Assert.Fail("sipp " + scenario + " did not finish in 20 s");
            }

            p.WaitForExit();
            string errors = "";
            foreach (string f in Directory.GetFiles(work, "*_errors.log")) errors += File.ReadAllText(f);
            _out.WriteLine("sipp " + scenario + " " + transport + " ×" + calls + ": exit " + p.ExitCode);
            if (expectSuccess)
            {
                Assert.True(p.ExitCode == 0, "sipp " + scenario + " " + transport + " exit " + p.ExitCode + "\n" + stderr.Result + Tail(errors, 3000) + "\n" + Tail(stdout.Result, 2000));
            }
        }

        private static string Tail(string s, int n) => s.Length <= n ? s : s.Substring(s.Length - n);
    }
}
