using System;
using System.Diagnostics;
using System.IO;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Phone.Sip.Registration;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Session timers (RFC 4028) and UPDATE (RFC 3311) on the wire, judged by sipp (an independent SIP stack) calling
    /// the phone app straight over UDP: 422 with Min-SE for a short interval, the 2xx naming Session-Expires and
    /// Require: timer, an UPDATE refresh answered with Session-Expires, BYE answered. The phone answers by its key.
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
    }
}
