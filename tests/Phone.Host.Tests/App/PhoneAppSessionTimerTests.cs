using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip.Registration;
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
                Assert.True(phone.WaitUntil(p => p.App.Phone?.Core?.LastRegistration?.State == RegistrationState.Registered, TimeSpan.FromSeconds(15)),
                    phone.ScreenText());
                string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
                string work = Path.Combine(_rig.Directory, "sipp-session-timer");
                Directory.CreateDirectory(work);
                var psi = new ProcessStartInfo(sipp) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
                foreach (string a in new[]
                {
                    "127.0.0.1:" + phone.SipUdpPort, "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_session_timer.xml"), "-t", "u1",
                    "-i", "127.0.0.1", "-p", KamailioRig.FreePort(null).ToString(), "-m", "1", "-nostdin", "-timeout", "40s", "-timeout_error",
                    "-trace_err", "-max_retrans", "3", "-mp", KamailioRig.FreePort(null).ToString(),
                }) psi.ArgumentList.Add(a);
                using Process p = Process.Start(psi);
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();

                Assert.True(phone.WaitUntil(x => x.Machine.State == PhoneState.Incoming, TimeSpan.FromSeconds(15)), phone.ScreenText());
                phone.Tap(PhoneKey.Call);
                if (!p.WaitForExit(45000)) p.Kill(true);
                p.WaitForExit();
                string errors = "";
                foreach (string f in Directory.GetFiles(work, "*_errors.log")) errors += File.ReadAllText(f);
                _out.WriteLine(stdout.Result.Length > 2000 ? stdout.Result.Substring(stdout.Result.Length - 2000) : stdout.Result);
                Assert.True(p.ExitCode == 0, "sipp exit " + p.ExitCode + "\n" + stderr.Result + errors);
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
            string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            int sippPort = KamailioRig.FreePort(null);
            // No registrar: the keypad dials sip:2000@127.0.0.1 on sipp's port over UDP; SDES keys allowed over UDP for
            // this signalling test; SRTP stays mandatory.
            string config = RigPhoneConfig.Text(_rig, "desk-1003", "1003", "allow_unprotected_keys = true\n")
                .Replace("domain = " + _rig.Realm + "\nregistrar = 127.0.0.1\n", "domain = 127.0.0.1\n")
                .Replace("transport = tls\nport = " + _rig.TlsPort, "transport = udp\nport = " + sippPort + "\nregister = false\naccept_from_any = true");
            File.WriteAllText(Path.Combine(volume, "nf.config"), config);
            string work = Path.Combine(_rig.Directory, "sipp-uac-session-timer");
            Directory.CreateDirectory(work);
            var psi = new ProcessStartInfo(sipp) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string a in new[]
            {
                "-sf", Path.Combine(KamailioRig.SippDirectory, "phone_uac_session_timer.xml"), "-t", "u1", "-i", "127.0.0.1",
                "-p", sippPort.ToString(), "-m", "1", "-nostdin", "-timeout", "90s", "-timeout_error", "-trace_err",
                "-mp", KamailioRig.FreePort(null).ToString(),
            }) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
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
                if (!p.WaitForExit(30000)) p.Kill(true);
                p.WaitForExit();
                string errors = "";
                foreach (string f in Directory.GetFiles(work, "*_errors.log")) errors += File.ReadAllText(f);
                _out.WriteLine(stdout.Result.Length > 2000 ? stdout.Result.Substring(stdout.Result.Length - 2000) : stdout.Result);
                Assert.True(p.ExitCode == 0, "sipp exit " + p.ExitCode + "\n" + stderr.Result + errors);
                Assert.True(phone.WaitUntil(x => x.Machine.Current == null, TimeSpan.FromSeconds(5)), phone.ScreenText());
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                if (!p.HasExited) p.Kill(true);
                phone.Dispose();
                AppHarness.Delete(dir);
            }
        }
    }
}
