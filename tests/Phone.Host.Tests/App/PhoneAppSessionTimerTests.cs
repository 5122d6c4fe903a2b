using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Session timers (RFC 4028) and UPDATE (RFC 3311) on the wire, judged by sipp (an independent SIP stack) straight
    /// over UDP. Calling the phone: 422 with Min-SE for a short interval, the 2xx naming Session-Expires and
    /// Require: timer, an UPDATE refresh answered with Session-Expires, BYE answered; the phone answers by its key.
    /// Called by the phone: Supported: timer and the asked interval, the INVITE again after a 422, the phone's
    /// re-INVITE refresh within half the interval the 2xx named; the phone hangs up by its key.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class PhoneAppSessionTimerTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public PhoneAppSessionTimerTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        [Fact]
        public void Sipp_422ThenSessionExpiresInThe2xx_UpdateRefresh_Bye()
        {
            string volume = AppHarness.NewVolume(_rig, out string dir);
            // SIP over UDP (a UDP port to reach), requests taken from any source (sipp is not the registrar), SDES
            // keys allowed over UDP for this signalling test; SRTP stays mandatory.
            string config = RigPhoneConfig.Text(_rig, "desk-1003", "1003", "allow_unprotected_keys = true\n")
                .Replace("transport = tls\nport = " + _rig.TlsPort, "transport = udp\nport = " + _rig.SipPort + "\naccept_from_any = true");
            File.WriteAllText(Path.Combine(volume, "nf.config"), config);
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(AppHarness.Registered, TimeSpan.FromSeconds(15)),
                    phone.ScreenText());
                using var sipp = SippRun.Start(Path.Combine(_rig.Directory, "sipp-session-timer"),
                    "127.0.0.1:" + phone.SipUdpPort, "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_session_timer.xml"), "-t", "u1",
                    "-i", "127.0.0.1", "-p", KamailioRig.FreePort(null).ToString(), "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error",
                    "-trace_err", "-max_retrans", "3", "-mp", KamailioRig.FreePort(null).ToString());

                Assert.True(phone.WaitUntil(x => x.Machine.State == PhoneState.Incoming, TimeSpan.FromSeconds(15)), phone.ScreenText());
                phone.Tap(PhoneKey.Call);
                sipp.AssertPassed(45000, _out);
                Assert.True(phone.WaitUntil(x => x.Machine.Current == null, TimeSpan.FromSeconds(5)), phone.ScreenText());
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    
        [Fact]
        public void PhoneCalls_SippAnswers422Then2xxWithRefresherUac_ThePhoneRefreshesByReinvite()
        {
            string volume = AppHarness.NewVolume(_rig, out string dir);
            int sippPort = KamailioRig.FreePort(null);
            // No registrar: the keypad dials sip:2000@127.0.0.1 on sipp's port over UDP; SDES keys allowed over UDP for
            // this signalling test; SRTP stays mandatory.
            string config = RigPhoneConfig.Text(_rig, "desk-1003", "1003", "allow_unprotected_keys = true\n")
                .Replace("domain = " + _rig.Realm + "\nregistrar = 127.0.0.1\n", "domain = 127.0.0.1\n")
                .Replace("transport = tls\nport = " + _rig.TlsPort, "transport = udp\nport = " + sippPort + "\nregister = false\naccept_from_any = true");
            File.WriteAllText(Path.Combine(volume, "nf.config"), config);
            using var sipp = SippRun.Start(Path.Combine(_rig.Directory, "sipp-uac-session-timer"),
                "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_uac_session_timer.xml"), "-t", "u1", "-i", "127.0.0.1",
                "-p", sippPort.ToString(), "-m", "1", "-nostdin", "-timeout", "90s", "-timeout_error", "-trace_err",
                "-mp", KamailioRig.FreePort(null).ToString());
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(x => x.Machine?.State == PhoneState.Idle, TimeSpan.FromSeconds(15)), phone.ScreenText());
                // Keys count from the first scans after boot's power-on hold check (as a registration's time does elsewhere).
                Thread.Sleep(1000);
                string typed = "";
                foreach (PhoneKey k in new[] { PhoneKey.D2, PhoneKey.D0, PhoneKey.D0, PhoneKey.D0 })
                {
                    typed += ((int)k).ToString();
                    phone.Tap(k);
                    Assert.True(phone.WaitUntil(x => x.ScreenText().Contains("\n" + typed.PadRight(21) + "\n"), TimeSpan.FromSeconds(5)),
                        "dial row never showed " + typed + "\n" + phone.ScreenText());
                }

                phone.Tap(PhoneKey.Call);
                Assert.True(phone.WaitUntil(x => x.Machine?.State == PhoneState.Connected, TimeSpan.FromSeconds(15)), phone.ScreenText());

                // The refresh is due 45 s after the 2xx; sipp checks it and answers it.
                var sw = Stopwatch.StartNew();
                Assert.True(phone.WaitUntil(x => x.App.Phone?.Core?.Agent?.FindCall(x.Machine.Current.Id)?.LocalCSeq >= 3,
                    TimeSpan.FromSeconds(55)), phone.ScreenText());
                _out.WriteLine("refresh re-INVITE sent " + sw.Elapsed.TotalSeconds.ToString("F1") + " s after the answer");
                Thread.Sleep(1000);
                Assert.Equal(PhoneState.Connected, phone.Machine.State);
                phone.Tap(PhoneKey.HangUp);
                sipp.AssertPassed(30000, _out);
                Assert.True(phone.WaitUntil(x => x.Machine.Current == null, TimeSpan.FromSeconds(5)), phone.ScreenText());
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    
        /// <summary>One sipp process with its output read as it runs; the verdict is its exit code and error log.</summary>
        private sealed class SippRun : IDisposable
        {
            private readonly Process _p;
            private readonly string _work;
            private readonly System.Threading.Tasks.Task<string> _stdout;
            private readonly System.Threading.Tasks.Task<string> _stderr;

            private SippRun(Process p, string work)
            {
                _p = p;
                _work = work;
                _stdout = p.StandardOutput.ReadToEndAsync();
                _stderr = p.StandardError.ReadToEndAsync();
            }

            public static SippRun Start(string work, params string[] args)
            {
                string exe = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
                Directory.CreateDirectory(work);
                var psi = new ProcessStartInfo(exe) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
                foreach (string a in args) psi.ArgumentList.Add(a);
                Process p = Process.Start(psi);
                p.StandardInput.Close();
                return new SippRun(p, work);
            }

            /// <summary>Waits up to ms for sipp to end its scenario, then requires exit code 0.</summary>
            public void AssertPassed(int ms, ITestOutputHelper log)
            {
                if (!_p.WaitForExit(ms)) _p.Kill(true);
                _p.WaitForExit();
                string errors = "";
                foreach (string f in Directory.GetFiles(_work, "*_errors.log")) errors += File.ReadAllText(f);
                string stdout = _stdout.Result;
                log.WriteLine(stdout.Length > 2000 ? stdout.Substring(stdout.Length - 2000) : stdout);
                Assert.True(_p.ExitCode == 0, "sipp exit " + _p.ExitCode + "\n" + _stderr.Result + errors);
            }

            public void Dispose()
            {
                if (!_p.HasExited) _p.Kill(true);
                _p.Dispose();
            }
        }
    }
}
