using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// sipp (an independent SIP implementation) against the rig over UDP and TCP: OPTIONS smoke and a
    /// digest REGISTER/unREGISTER. Bounded by -m (calls), -timeout and a process timeout.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class SippSmokeTests
    {
        private readonly KamailioRig _rig;

        public SippSmokeTests(KamailioRig rig)
        {
            _rig = rig;
        }

        [Theory]
        [InlineData("u1")]
        [InlineData("t1")]
        public void Sipp_Options_AllAnswered(string transport)
        {
            RunSipp("options.xml", transport, 5, "-r", "20");
        }

        [Theory]
        [InlineData("u1")]
        [InlineData("t1")]
        public void Sipp_RegisterWithDigest_Succeeds(string transport)
        {
            RunSipp("register_auth.xml", transport, 1, "-s", "1003", "-au", "1003", "-ap", _rig.Users["1003"]);
        }

        private void RunSipp(string scenario, string transport, int calls, params string[] extra)
        {
            string sipp = KamailioRig.FindOnPath("sipp") ?? throw new InvalidOperationException("sipp is not installed: run `bash tools/install-deps` (sip-tester)");
            string work = Path.Combine(_rig.Directory, "sipp-" + Path.GetFileNameWithoutExtension(scenario) + "-" + transport);
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
                "127.0.0.1:" + _rig.SipPort, "-sf", Path.Combine(KamailioRig.SippDirectory, scenario),
                "-t", transport, "-i", "127.0.0.1", "-p", KamailioRig.FreePort(null).ToString(),
                "-m", calls.ToString(), "-l", "5", "-nostdin", "-timeout", "15s", "-timeout_error",
                "-trace_err", "-max_retrans", "3",
            }) psi.ArgumentList.Add(a);
            foreach (string a in extra) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(25000))
            {
                p.Kill(true);
                Assert.Fail("sipp did not finish in 25 s");
            }
            p.WaitForExit();
            string errors = "";
            foreach (string f in Directory.GetFiles(work, "*_errors.log")) errors += File.ReadAllText(f);
            Assert.True(p.ExitCode == 0, "sipp exit " + p.ExitCode + "\n" + stderr.Result + errors + "\n" + Tail(stdout.Result, 3000) + "\n" + Tail(_rig.Log, 3000));
        }

        private static string Tail(string s, int n) => s.Length <= n ? s : s.Substring(s.Length - n);
    }
}
