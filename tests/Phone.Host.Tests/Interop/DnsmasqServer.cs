using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// dnsmasq (Debian package dnsmasq, tools/install-deps) as an authoritative-only DNS server on 127.0.0.1 and a
    /// free port: no upstream servers, no /etc/hosts, only the records passed in (--srv-host, --naptr-record,
    /// --host-record), every query logged to <see cref="LogPath"/>. It is the independent side of the phone's
    /// RFC 3263 tests: what the phone asked is read from its log, not from the phone.
    /// </summary>
    public sealed class DnsmasqServer : IDisposable
    {
        private readonly Process _process;

        public DnsmasqServer(IEnumerable<string> records, int ttlSeconds = 300)
        {
            string exe = KamailioRig.FindOnPath("dnsmasq") ?? throw new InvalidOperationException("dnsmasq is not installed: run `bash tools/install-deps`");
            Directory = Path.Combine(Path.GetTempPath(), "phone-dns-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            System.IO.Directory.CreateDirectory(Directory);
            Port = KamailioRig.FreePort(null);
            var psi = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[]
            {
                "--keep-in-foreground", "--port=" + Port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=", "--user=" + Environment.UserName,
                "--log-queries=extra", "--log-facility=" + LogPath, "--local-ttl=" + ttlSeconds,
            }) psi.ArgumentList.Add(a);
            foreach (string r in records) psi.ArgumentList.Add(r);
            _process = Process.Start(psi);
            var sw = Stopwatch.StartNew();
            while (!Log.Contains("started, version"))
            {
                if (_process.HasExited) throw new InvalidOperationException("dnsmasq exited (" + _process.ExitCode + "): " + _process.StandardError.ReadToEnd());
                if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("dnsmasq did not start: " + Log);
                Thread.Sleep(50);
            }
        }

        public string Directory { get; }

        public int Port { get; }

        public string LogPath => Path.Combine(Directory, "dnsmasq.log");

        /// <summary>The query log so far.</summary>
        public string Log
        {
            get
            {
                if (!File.Exists(LogPath)) return "";
                using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var r = new StreamReader(fs);
                return r.ReadToEnd();
            }
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) { _process.Kill(); _process.WaitForExit(5000); } } catch (InvalidOperationException) { }
            _process.Dispose();
            try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
