using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// A peer program run as a child under <c>timeout -k 5 N</c> (so it dies even if the test host
    /// does), with stdout and stderr collected as lines (split on \r too: baresip redraws a status
    /// line with \r) into a bounded log, and a stop that is SIGTERM, then kill of the whole tree.
    /// </summary>
    public sealed class PeerProcess : IDisposable
    {
        private const int MaxLines = 4000;
        private readonly object _lock = new object();
        private readonly LinkedList<string> _lines = new LinkedList<string>();
        private readonly Func<string, bool> _drop;
        private readonly Process _process;
        private readonly Thread[] _readers;
        private int _dropped;

        private PeerProcess(Process process, Func<string, bool> drop)
        {
            _process = process;
            _drop = drop;
            _readers = new[]
            {
                new Thread(() => Pump(process.StandardOutput)) { IsBackground = true, Name = "peer-stdout" },
                new Thread(() => Pump(process.StandardError)) { IsBackground = true, Name = "peer-stderr" },
            };
            foreach (Thread t in _readers) t.Start();
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        }

        /// <summary>Starts <paramref name="file"/> with <paramref name="args"/>; <paramref name="drop"/> filters noise lines out of the log.</summary>
        public static PeerProcess Start(string file, IEnumerable<string> args, string workingDirectory, int maxSeconds,
            IDictionary<string, string> environment = null, Func<string, bool> drop = null)
        {
            var psi = new ProcessStartInfo("timeout")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            psi.ArgumentList.Add("-k");
            psi.ArgumentList.Add("5");
            psi.ArgumentList.Add(maxSeconds + "s");
            psi.ArgumentList.Add(file);
            foreach (string a in args) psi.ArgumentList.Add(a);
            if (environment != null) foreach (var kv in environment) psi.Environment[kv.Key] = kv.Value;
            Process p = Process.Start(psi);
            return new PeerProcess(p, drop ?? (_ => false));
        }

        public int Id => _process.Id;

        public bool HasExited
        {
            get { try { return _process.HasExited; } catch (InvalidOperationException) { return true; } }
        }

        public StreamWriter StandardInput => _process.StandardInput;

        public string Log
        {
            get
            {
                lock (_lock) return (_dropped > 0 ? "(" + _dropped + " earlier lines dropped)\n" : "") + string.Join("\n", _lines);
            }
        }

        public string Tail(int lines)
        {
            lock (_lock)
            {
                var sb = new StringBuilder();
                int skip = Math.Max(0, _lines.Count - lines);
                int i = 0;
                foreach (string l in _lines)
                {
                    if (i++ >= skip) sb.Append(l).Append('\n');
                }
                return sb.ToString();
            }
        }

        /// <summary>SIGTERM to the wrapper (timeout passes it on), a bounded wait, then kill of the tree.</summary>
        public void Stop(int graceMs = 3000)
        {
            try
            {
                if (!_process.HasExited)
                {
                    Signal(_process.Id, 15);
                    if (!_process.WaitForExit(graceMs)) _process.Kill(entireProcessTree: true);
                }
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
            foreach (Thread t in _readers) t.Join(2000);
        }

        public bool WaitForExit(int ms)
        {
            try { return _process.WaitForExit(ms); } catch (InvalidOperationException) { return true; }
        }

        public void Dispose()
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            Stop();
            _process.Dispose();
        }

        private void OnProcessExit(object sender, EventArgs e)
        {
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (Exception) { }
        }

        private void Pump(StreamReader r)
        {
            var line = new StringBuilder();
            var buf = new char[4096];
            try
            {
                int n;
                while ((n = r.Read(buf, 0, buf.Length)) > 0)
                {
                    for (int i = 0; i < n; i++)
                    {
                        char c = buf[i];
                        if (c == '\n' || c == '\r')
                        {
                            if (line.Length > 0) Add(line.ToString());
                            line.Clear();
                        }
                        else if (line.Length < 2000) line.Append(c);
                    }
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            if (line.Length > 0) Add(line.ToString());
        }

        private void Add(string line)
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || _drop(trimmed)) return;
            lock (_lock)
            {
                _lines.AddLast(DateTime.UtcNow.ToString("HH:mm:ss.fff ") + trimmed);
                if (_lines.Count > MaxLines) { _lines.RemoveFirst(); _dropped++; }
            }
        }

        /// <summary>kill(2); falls back to kill(1) when libc cannot be loaded.</summary>
        public static void Signal(int pid, int sig)
        {
            try
            {
                kill(pid, sig);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                using Process k = Process.Start("kill", new[] { "-" + sig, pid.ToString() });
                k.WaitForExit(5000);
            }
        }

        [DllImport("libc.so.6", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
