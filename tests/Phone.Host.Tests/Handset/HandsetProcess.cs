using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Phone.Host.Tests.Handset
{
    /// <summary>Runs the built tools/Handset as its own process (dotnet Handset.dll ...), with a time limit.</summary>
    public static class HandsetProcess
    {
        public sealed class Result
        {
            public int ExitCode;
            public string Output;
            public string Error;
            public TimeSpan Elapsed;

            public override string ToString() => "exit " + ExitCode + " after " + Elapsed.TotalSeconds.ToString("0.0") + " s\n--- stdout\n" + Output + "\n--- stderr\n" + Error;
        }

        /// <summary>Handset.dll next to the tests (the ProjectReference copies it) or in tools/Handset/bin.</summary>
        public static string Dll
        {
            get
            {
                string here = Path.Combine(AppContext.BaseDirectory, "Handset.dll");
                if (File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Handset.runtimeconfig.json"))) return here;
                foreach (string c in new[] { "Debug", "Release" })
                {
                    string p = Path.Combine(RepoPaths.Root, "tools", "Handset", "bin", c, "net10.0", "Handset.dll");
                    if (File.Exists(p)) return p;
                }

                throw new FileNotFoundException("Handset.dll not built: dotnet build tools/Handset/Handset.csproj");
            }
        }

        public static async Task<Result> RunAsync(TimeSpan limit, IDictionary<string, string> env, params string[] args)
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
            psi.Environment["CI"] = "true";
            if (env != null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
            var sw = Stopwatch.StartNew();
            using Process p = Process.Start(psi);
            p.StandardInput.Close();
            Task<string> so = p.StandardOutput.ReadToEndAsync();
            Task<string> se = p.StandardError.ReadToEndAsync();
            Task exited = p.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(limit)) != exited)
            {
                try { p.Kill(true); } catch (InvalidOperationException) { }
                await exited;
                return new Result { ExitCode = -1, Output = await so + "\n(killed after " + limit.TotalSeconds + " s)", Error = await se, Elapsed = sw.Elapsed };
            }

            return new Result { ExitCode = p.ExitCode, Output = await so, Error = await se, Elapsed = sw.Elapsed };
        }

        public static string TempDir(string prefix)
        {
            string d = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            Directory.CreateDirectory(d);
            return d;
        }
    }
}
