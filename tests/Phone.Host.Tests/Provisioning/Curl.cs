using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>curl as an independent HTTP client: status line, headers and body as curl saw them.</summary>
    public static class Curl
    {
        public sealed class Result
        {
            public int ExitCode;
            public int Status;
            public string Headers = string.Empty;
            public string Body = string.Empty;
            public string Error = string.Empty;

            public override string ToString() => "curl exit " + ExitCode + ", status " + Status + "\n" + Headers + "\n" + Body + "\n" + Error;
        }

        public static async Task<Result> RunAsync(params string[] args)
        {
            var psi = new ProcessStartInfo("curl")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "-sS", "-i", "--max-time", "20" }) psi.ArgumentList.Add(a);
            foreach (string a in args) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            Task<string> so = p.StandardOutput.ReadToEndAsync();
            Task<string> se = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            string output = await so;
            var r = new Result { ExitCode = p.ExitCode, Error = await se };
            int split = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split >= 0)
            {
                r.Headers = output.Substring(0, split);
                r.Body = output.Substring(split + 4);
                string[] first = r.Headers.Split("\r\n")[0].Split(' ');
                if (first.Length >= 2 && int.TryParse(first[1], out int status)) r.Status = status;
            }

            return r;
        }
    }
}
