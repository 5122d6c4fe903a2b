using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Phone.Host.App;
using Phone.Host.Net;
using Phone.Host.Tests.App;
using Phone.Sip;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The phone's registration (the whole app on host drivers, a <see cref="VirtualPhone"/> with nf.config on its
    /// volume) against kamailio: digest REGISTER with qop=auth over TLS, TCP and UDP, refresh, TLS refusals without
    /// fallback, clean removal (checked with a query REGISTER of the rig's own client), and sipp aiming malformed
    /// requests and an OPTIONS burst at the phone's SIP port. Re-registration after a registrar restart, with the
    /// phone's own backoff, is PhoneAppRecoveryTests'.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class RegistrationInteropTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public RegistrationInteropTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        /// <summary>The RFC 5626 instance id of a phone whose Wi-Fi MAC ends in last (PhoneMode derives it from the MAC).</summary>
        private static string Instance(byte last) => "urn:uuid:00000000-0000-1000-8000-0200000000" + last.ToString("x2");

        private static string SipLines(KamailioRig rig, string transport, int port, string user, int expires, string extra = "") =>
            "[sip]\ndomain = " + rig.Realm + "\nregistrar = 127.0.0.1\nuser = " + user + "\npassword = " + rig.Users[user] + "\n" +
            "display_name = Phone " + user + "\ntransport = " + transport + "\nport = " + port + "\nregister_expiry = " + expires + "\n" + extra;

        /// <summary>A phone with nf.config (device, Wi-Fi, the given [sip] lines, the rig's CA, SRTP off) whose MAC ends in mac.</summary>
        private VirtualPhone Phone(string sipLines, byte mac, out string dir, ConcurrentQueue<string> log = null)
        {
            string volume = AppHarness.NewVolume(_rig, out dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = reg-" + mac + "\n[wifi]\nssid = RigNet\n" + sipLines +
                "[tls]\nca = I:\\" + Path.GetFileName(_rig.CaPath) + "\nverify_hostname = true\n[srtp]\nmode = off\n");
            var watch = Stopwatch.StartNew();
            return new VirtualPhone(new VirtualPhoneOptions
            {
                Folder = volume,
                Address = System.Net.IPAddress.Parse(AddressOf(mac)),
                Mac = new byte[] { 2, 0, 0, 0, 0, mac },
                Connect = new SipConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(5) },
                Log = line =>
                {
                    log?.Enqueue(line);
                    if (line.StartsWith("registration", StringComparison.Ordinal)) Say(watch.ElapsedMilliseconds + " ms: " + line);
                },
            });
        }

        /// <summary>Each phone on its own loopback address (its "DHCP address"), so its SIP UDP port is 5060 there.</summary>
        private static string AddressOf(byte mac) => "127.0.1." + (16 + mac);

        private void Say(string line)
        {
            try { _out.WriteLine(line); } catch (InvalidOperationException) { }
        }

        /// <summary>The first registration change from index from on in state, waited for up to seconds.</summary>
        private static SipRegistrationEvent Expect(VirtualPhone phone, RegistrationState state, int from, int seconds)
        {
            SipRegistrationEvent found = null;
            phone.WaitUntil(p => (found = p.Registrations.Skip(from).FirstOrDefault(x => x.State == state)) != null, TimeSpan.FromSeconds(seconds));
            Assert.True(found != null, "no " + state + " within " + seconds + " s; changes: " + string.Join(" | ", phone.Registrations.Select(x => x.ToString())));
            return found;
        }

        /// <summary>The phone unregisters (Expires: 0, as PhoneCore.Shutdown does before a restart) and reports Unregistered.</summary>
        private static void Unregister(VirtualPhone phone)
        {
            int from = phone.Registrations.Length;
            phone.Invoke(app =>
            {
                app.Phone.Core.Shutdown(phone.Clock.NowMs);
                return 0;
            });
            Expect(phone, RegistrationState.Unregistered, from, 10);
        }

        [Fact]
        public void Tls_Registers_Refreshes_Unregisters()
        {
            var watch = Stopwatch.StartNew();
            using VirtualPhone phone = Phone(SipLines(_rig, "tls", _rig.TlsPort, "1001", 60), 1, out string dir);
            try
            {
                phone.PowerOn();

                // 401 (qop=auth) → authorized REGISTER → 200 granting the 60 s asked for (nf.config's shortest lifetime).
                SipRegistrationEvent reg = Expect(phone, RegistrationState.Registered, 0, 15);
                Assert.Equal(60, reg.ExpiresSeconds);
                Assert.DoesNotContain(phone.Registrations, x => x.State == RegistrationState.Failed);
                Assert.Equal(0, phone.SipUdpPort);
                Assert.Equal(1, phone.Invoke(app => app.Phone.Core.Registration.Authenticator.SessionCount));
                Assert.Equal(SipTransportKind.Tls, phone.Invoke(app => app.Phone.Core.Registration.Transport));
                Assert.True(phone.Invoke(app => app.Phone.Core.Registration.Authenticator.GetSession(0).UsesQop));
                Assert.Contains(Instance(1), BindingsOf("1001"));

                // Refresh at half the 60 s lifetime, with the cached nonce (nc=2), accepted.
                int n = phone.Registrations.Length;
                SipRegistrationEvent refreshed = Expect(phone, RegistrationState.Registered, n, 45);
                Assert.True(refreshed.AtMs - reg.AtMs >= 27000, "refresh after " + (refreshed.AtMs - reg.AtMs) + " ms");
                Assert.True(phone.Invoke(app => app.Phone.Core.Registration.CSeq) >= 3);
                Assert.True(phone.Invoke(app => app.Phone.Core.Registration.Authenticator.GetSession(0).NonceCount) >= 2);
                Assert.DoesNotContain(phone.Registrations, x => x.State == RegistrationState.Failed);

                Unregister(phone);
                Assert.DoesNotContain(Instance(1), BindingsOf("1001"));
                _out.WriteLine("TLS total " + watch.ElapsedMilliseconds + " ms");
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Theory]
        [InlineData("tcp")]
        [InlineData("udp")]
        public void TcpAndUdp_RegisterAndUnregister(string transport)
        {
            byte mac = (byte)(transport == "tcp" ? 2 : 3);
            using VirtualPhone phone = Phone(SipLines(_rig, transport, _rig.SipPort, "1002", 60), mac, out string dir);
            try
            {
                phone.PowerOn();
                SipRegistrationEvent reg = Expect(phone, RegistrationState.Registered, 0, 15);
                Assert.Equal(60, reg.ExpiresSeconds);
                Assert.Equal(transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp, phone.Invoke(app => app.Phone.Core.Registration.Transport));
                Assert.Contains(Instance(mac), BindingsOf("1002"));
                Unregister(phone);
                Assert.DoesNotContain(Instance(mac), BindingsOf("1002"));
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Tls_RefusesForeignCaAndWrongName_WithoutFallback(bool wrongName)
        {
            int port = wrongName ? _rig.TlsWrongNamePort : _rig.TlsWrongCaPort;
            using VirtualPhone phone = Phone(SipLines(_rig, "tls", port, "1003", 60), (byte)(wrongName ? 5 : 4), out string dir);
            try
            {
                phone.PowerOn();

                // The phone's own backoff after all flows failed once: RFC 5626 §4.5 W = 30 s · 2^0 … with 50–100 % jitter.
                SipRegistrationEvent f = Expect(phone, RegistrationState.Failed, 0, 15);
                Assert.Equal(0, f.Status);
                Assert.Contains(wrongName ? "name mismatch" : "untrusted", f.Reason);
                Assert.InRange(f.RetryInMs, 30000, 60000);

                // Nothing went out over TCP or UDP: no UDP socket at all, one connection attempt, no REGISTER sent.
                Thread.Sleep(300);
                Assert.Equal(0, phone.SipUdpPort);
                Assert.Equal(0, phone.Invoke(app => app.Phone.Core.Transport.MalformedCount));
                Assert.DoesNotContain(phone.Registrations, x => x.State == RegistrationState.Registered);
                Assert.Equal(1, phone.Invoke(app => app.Phone.Core.Registration.CSeq));
                Assert.Equal(1, phone.Registrations.Count(x => x.State == RegistrationState.Failed));
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void Sipp_MalformedAndOptionsBurst_KeepsRegistration_BoundedMemory_AnswersOptions()
        {
            // sipp shares 127.0.0.1 with kamailio: sip.accept_from_any lets it in, and the per-source limits are lifted
            // to see every answer (the source filter and the limits have their own test, SippFloodTests). The server
            // pool is the phone's own.
            using VirtualPhone phone = Phone(SipLines(_rig, "tcp", _rig.SipPort, "1003", 120, "accept_from_any = true\n"), 6, out string dir);
            try
            {
                phone.PowerOn();
                Expect(phone, RegistrationState.Registered, 0, 15);
                int after = phone.Registrations.Length;
                int pool = phone.Invoke(app =>
                {
                    app.Phone.Core.Layer.SourceBurst = 0;
                    app.Phone.Core.Layer.MaxServerPerSource = 0;
                    app.Phone.Core.Layer.ReservedServerSlots = 0;
                    return app.Phone.Core.Layer.MaxServerTransactions;
                });
                int port = phone.SipUdpPort;
                Assert.True(port > 0, "no SIP UDP port over tcp");

                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = GC.GetTotalMemory(true);

                RunSipp("phone_malformed.xml", "u1", AddressOf(6), port, 5, 50, expectSuccess: false);
                RunSipp("phone_malformed_udp.xml", "u1", AddressOf(6), port, 5, 50, expectSuccess: false);
                RunSipp("phone_options.xml", "u1", AddressOf(6), port, 100, 200, expectSuccess: false);
                int malformed = phone.Invoke(app => app.Phone.Core.Policy.BadRequestAnswered + app.Phone.Core.Policy.MalformedDropped);
                int badExtension = phone.Invoke(app => app.Phone.Core.Policy.BadExtension);
                int answered = phone.Invoke(app => app.Phone.Core.Policy.OptionsAnswered);
                int busy = phone.Invoke(app => app.Phone.Core.Layer.TableFullRejects);
                int active = phone.Invoke(app => app.Phone.Core.Layer.ActiveCount);
                _out.WriteLine("malformed handled " + malformed + ", 420 " + badExtension + ", OPTIONS answered " + answered +
                               ", 503 pool full " + busy + ", active " + active + " of " + pool + " server transactions");
                Assert.True(malformed >= 10, "malformed seen " + malformed);
                Assert.True(badExtension >= 2);
                // The burst fills the server pool (completed UDP transactions stay for Timer J, RFC 3261 §17.2.2) and the
                // rest is told 503 (§21.5.4): answered up to the pool, never more held than it.
                Assert.True(answered >= 1, "no OPTIONS answered");
                Assert.True(busy > 0, "no 503 from a full pool");
                Assert.True(answered + busy >= 100, "OPTIONS neither answered nor refused: " + answered + " + " + busy);

                // Once the pool has drained, valid OPTIONS are answered again (sipp's verdict).
                Assert.True(phone.WaitUntil(p => p.Invoke(app => app.Phone.Core.Layer.ActiveCount) == 0, TimeSpan.FromSeconds(40)), "server pool never drained");
                RunSipp("phone_options.xml", "u1", AddressOf(6), port, 3, 10, expectSuccess: true);

                GC.Collect();
                GC.WaitForPendingFinalizers();
                long grown = GC.GetTotalMemory(true) - before;
                _out.WriteLine("managed heap grew by " + grown + " bytes");
                Assert.True(grown < 16 * 1024 * 1024, "heap grew by " + grown);

                Assert.Equal(RegistrationState.Registered, phone.Invoke(app => app.Phone.Core.Registration.State));
                Assert.DoesNotContain(phone.Registrations.Skip(after), x => x.State != RegistrationState.Registered);
                Unregister(phone);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }

        [Fact]
        public void NfConfigOnTheVolume_RegistersOverTlsAndUnregisters_NoPasswordInTheLog()
        {
            // nf.config as written for a device (device, Wi-Fi and [tls] with the CA on I:\), read from the phone's volume.
            string volume = AppHarness.NewVolume(_rig, out string dir);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = rig-phone\nadmin_password = admin-pw\n" +
                "[wifi]\nssid = RigNet\npassword = rig-wifi-pass\ncountry = DE\n" +
                "[sip]\ndomain = " + _rig.Realm + "\nregistrar = 127.0.0.1\nuser = 1002\npassword = " + _rig.Users["1002"] + "\n" +
                "transport = tls\nport = " + _rig.TlsPort + "\nregister_expiry = 60\n" +
                "[tls]\nca = I:\\" + Path.GetFileName(_rig.CaPath) + "\nverify_hostname = true\n");
            var log = new ConcurrentQueue<string>();
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Mac = new byte[] { 2, 0, 0, 0, 0, 7 }, Log = log.Enqueue });
            try
            {
                phone.PowerOn();
                Expect(phone, RegistrationState.Registered, 0, 40);
                Unregister(phone);
                string text = string.Join("\n", log);
                _out.WriteLine(text);
                Assert.Contains("registration Registered(60)", text);
                Assert.Contains("registration Unregistered", text);
                Assert.DoesNotContain(_rig.Users["1002"], text);
                Assert.DoesNotContain(Instance(7), BindingsOf("1002"));
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
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

        private void RunSipp(string scenario, string transport, string host, int port, int calls, int rate, bool expectSuccess)
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
                host + ":" + port, "-sf", Path.Combine(KamailioRig.SippDirectory, scenario),
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
