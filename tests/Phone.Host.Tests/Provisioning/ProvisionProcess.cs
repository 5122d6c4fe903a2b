using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>Runs the built tools/Provision as its own process (dotnet Provision.dll ...).</summary>
    public sealed class ProvisionProcess : IDisposable
    {
        private readonly Process _process;
        private readonly BlockingCollection<string> _lines = new BlockingCollection<string>();
        private readonly StringBuilder _all = new StringBuilder();

        private ProvisionProcess(Process process)
        {
            _process = process;
        }

        public sealed class Result
        {
            public int ExitCode;
            public string Output;
            public string Error;

            public override string ToString() => "exit " + ExitCode + "\n--- stdout\n" + Output + "\n--- stderr\n" + Error;
        }

        /// <summary>Provision.dll next to the tests (the ProjectReference copies it) or in tools/Provision/bin.</summary>
        public static string Dll
        {
            get
            {
                string here = Path.Combine(AppContext.BaseDirectory, "Provision.dll");
                if (File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Provision.runtimeconfig.json"))) return here;
                foreach (string c in new[] { "Debug", "Release" })
                {
                    string p = Path.Combine(RepoPaths.Root, "tools", "Provision", "bin", c, "net10.0", "Provision.dll");
                    if (File.Exists(p)) return p;
                }

                throw new FileNotFoundException("Provision.dll not built: dotnet build tools/Provision/Provision.csproj");
            }
        }

        private static ProcessStartInfo Start(string[] args)
        {
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),
            };
            psi.ArgumentList.Add(Dll);
            foreach (string a in args) psi.ArgumentList.Add(a);
            return psi;
        }

        /// <summary>Runs a command to its end (at most 60 s).</summary>
        public static async Task<Result> RunAsync(params string[] args)
        {
            using Process p = Process.Start(Start(args));
            p.StandardInput.Close();
            Task<string> so = p.StandardOutput.ReadToEndAsync();
            Task<string> se = p.StandardError.ReadToEndAsync();
            Task exited = p.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60))) != exited)
            {
                p.Kill(true);
                await exited;
                return new Result { ExitCode = -1, Output = await so, Error = await se + "\n(killed after 60 s)" };
            }

            return new Result { ExitCode = p.ExitCode, Output = await so, Error = await se };
        }

        /// <summary>Starts a long-running command (device, serve); Dispose kills it.</summary>
        public static ProvisionProcess Launch(params string[] args)
        {
            Process p = Process.Start(Start(args));
            var pp = new ProvisionProcess(p);
            p.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (pp._all) pp._all.AppendLine(e.Data); pp._lines.Add(e.Data); } };
            p.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (pp._all) pp._all.AppendLine("stderr: " + e.Data); } };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return pp;
        }

        /// <summary>Everything printed so far.</summary>
        public string Transcript { get { lock (_all) return _all.ToString(); } }

        /// <summary>The first group of the next stdout line matching <paramref name="pattern"/>, waiting up to 30 s.</summary>
        public string WaitFor(string pattern)
        {
            var re = new Regex(pattern);
            DateTime until = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < until)
            {
                if (_lines.TryTake(out string line, TimeSpan.FromMilliseconds(200)))
                {
                    Match m = re.Match(line);
                    if (m.Success) return m.Groups.Count > 1 ? m.Groups[1].Value : m.Value;
                }
                else if (_process.HasExited)
                {
                    break;
                }
            }

            throw new TimeoutException("no line matching " + pattern + "\n" + Transcript);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited) _process.Kill(true);
                _process.WaitForExit(10000);
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        public static string TempDir(string prefix)
        {
            string d = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
