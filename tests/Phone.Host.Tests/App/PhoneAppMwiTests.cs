using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Phone.Call;
using Phone.Host.App;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.App
{
    /// <summary>
    /// Message waiting end to end: the app, configured with sip.voicemail over UDP and no registration, subscribes
    /// to message-summary at its first hop, where sipp plays the voicemail notifier (tests/interop/sipp/mwi_notifier.xml:
    /// 200, then NOTIFY with Messages-Waiting: yes and Voice-Message: 2/1); the panel then shows the voicemail mark.
    /// </summary>
    public sealed class PhoneAppMwiTests
    {
        private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
        private readonly ITestOutputHelper _out;

        public PhoneAppMwiTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public void SippNotifierSaysTwoNewMessages_PanelShowsTheMark()
        {
            string sippExe = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            int port = KamailioRig.FreePort(null);
            string dir = Path.Combine(Path.GetTempPath(), "phone-mwi-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            string volume = Path.Combine(dir, "I");
            Directory.CreateDirectory(volume);
            File.WriteAllText(Path.Combine(volume, "nf.config"),
                "[device]\nname = desk-mwi\n" +
                "[wifi]\nssid = RigNet\n" +
                "[sip]\ndomain = example.com\nregistrar = 127.0.0.1\nuser = 1003\npassword = pw\n" +
                "transport = udp\nport = " + port + "\nregister = false\nvoicemail = *97\n" +
                "[srtp]\nmode = off\n");

            var psi = new ProcessStartInfo(sippExe)
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[]
            {
                "-sf", Path.Combine(KamailioRig.SippDirectory, "mwi_notifier.xml"), "-t", "u1", "-i", "127.0.0.1",
                "-p", port.ToString(), "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error", "-trace_err", "-trace_msg",
            }) psi.ArgumentList.Add(a);
            using Process sipp = Process.Start(psi);
            sipp.StandardInput.Close();
            var stdout = sipp.StandardOutput.ReadToEndAsync();
            var stderr = sipp.StandardError.ReadToEndAsync();
            using var phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume });
            try
            {
                phone.PowerOn();
                Assert.True(phone.WaitUntil(p => p.Machine != null && p.Machine.MessagesWaiting, Step), "no message summary (mwi failures " + phone.App?.Phone?.Core?.Mwi?.ConsecutiveFailures + ", sipp: " + string.Join(" ", Directory.GetFiles(dir).Select(Path.GetFileName)) + ")\n" + phone.ScreenText());
                Assert.Equal(2, phone.Machine.NewMessages);
                Assert.Equal(1, phone.Machine.OldMessages);
                Assert.True(phone.WaitUntil(p => p.ScreenText().Contains("Msgs 2 new"), TimeSpan.FromSeconds(5)), phone.ScreenText());
                Assert.True(phone.App.Phone.Screen.Icons.MessagesWaiting);
                Assert.Equal(2, phone.App.Phone.Screen.Icons.NewMessages);
                // The panel follows on the app's next draw pass (AssertPanelShows waits for it).
                AppHarness.AssertPanelShows(phone, phone.App.Phone.Screen.Screen, phone.App.Phone.Screen.Icons, false);
                Assert.True(phone.App.Phone.Core.Mwi.Established);
                _out.WriteLine(phone.ScreenText());

                Assert.True(sipp.WaitForExit(20000), "sipp did not finish");
                sipp.WaitForExit();
                string errors = "";
                foreach (string f in Directory.GetFiles(dir, "*_errors.log")) errors += File.ReadAllText(f);
                Assert.True(sipp.ExitCode == 0, "sipp exit " + sipp.ExitCode + "\n" + stderr.Result + errors + "\n" + stdout.Result);

                // # on the idle screen calls the mailbox.
                phone.Tap(PhoneKey.Pound);
                Assert.True(phone.WaitUntil(p => p.Machine.Current != null && p.Machine.Current.Uri == "sip:*97@example.com", TimeSpan.FromSeconds(5)),
                    phone.ScreenText());
                phone.Tap(PhoneKey.HangUp);
                Assert.Equal(0, phone.App.Faults);
            }
            finally
            {
                phone.Dispose();
                if (!sipp.HasExited) sipp.Kill(true);
                foreach (string f in Directory.GetFiles(dir, "*.log")) _out.WriteLine(File.ReadAllText(f));
                AppHarness.Delete(dir);
            }
        }
    }
}
