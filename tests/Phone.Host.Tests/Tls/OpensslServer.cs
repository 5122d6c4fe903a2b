using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Phone.Host.Tests.Interop;

namespace Phone.Host.Tests.Tls
{
    /// <summary>
    /// <c>openssl s_server</c> on 127.0.0.1 as an independent TLS peer for cases kamailio cannot
    /// show: a TLS 1.1-only server, and which client certificate arrived (-Verify). Bounded by
    /// <c>timeout</c>; stopped by its own process id on Dispose.
    /// </summary>
    public sealed class OpensslServer : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new StringBuilder();
        private readonly object _lock = new object();

        public OpensslServer(params string[] args)
        {
            Port = KamailioRig.FreePort(null);
            var psi = new ProcessStartInfo("timeout")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "-k", "2", "30s", "openssl", "s_server", "-accept", "127.0.0.1:" + Port }) psi.ArgumentList.Add(a);
            foreach (string a in args) psi.ArgumentList.Add(a);
            // Debian's openssl.cnf pins MinProtocol/SECLEVEL; an empty config lets -tls1_1 really offer 1.1.
            psi.Environment["OPENSSL_CONF"] = "/dev/null";
            _process = new Process { StartInfo = psi };
            _process.OutputDataReceived += (s, e) => { if (e.Data != null) lock (_lock) _output.AppendLine(e.Data); };
            _process.ErrorDataReceived += (s, e) => { if (e.Data != null) lock (_lock) _output.AppendLine(e.Data); };
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            var sw = Stopwatch.StartNew();
            while (!Output.Contains("ACCEPT"))
            {
                if (_process.HasExited || sw.Elapsed > TimeSpan.FromSeconds(5))
                    throw new InvalidOperationException("openssl s_server did not start: " + Output);
                Thread.Sleep(20);
            }
        }

        public int Port { get; }

        public string Output
        {
            get { lock (_lock) return _output.ToString(); }
        }

        /// <summary>Waits until the output contains <paramref name="text"/> (bounded).</summary>
        public bool WaitFor(string text, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < timeout)
            {
                if (Output.Contains(text)) return true;
                Thread.Sleep(20);
            }
            return Output.Contains(text);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(3000);
                }
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
