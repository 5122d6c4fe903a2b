using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>What a rig is rendered with (tests/interop/kamailio/render.sh's RIG_* variables).</summary>
    public sealed class KamailioRigOptions
    {
        /// <summary>488 for INVITE offers that are not RTP/SAVP (SDES-only policy).</summary>
        public bool RequireSavp { get; set; }

        /// <summary>kamailio's sipdump writes every message (TLS decrypted) to <see cref="KamailioRig.SipDumpDirectory"/>.</summary>
        public bool SipDump { get; set; }

        public string[] Users { get; set; } = { "1001", "1002", "1003" };

        /// <summary>
        /// RFC 5626 outbound at the registrar: -1 (default) none; 0 Require: outbound to REGISTERs that offer it;
        /// above 0 also Flow-Timer with this many seconds.
        /// </summary>
        public int OutboundFlowTimer { get; set; } = -1;

        /// <summary>kamailio's debug= level (1 notices, 3 debug).</summary>
        public int Debug { get; set; } = 1;

        /// <summary>Longest a kamailio may live even if this process dies without cleaning up.</summary>
        public int MaxLifetimeSeconds { get; set; } = 600;
    }

    /// <summary>
    /// A real kamailio 5.6 registrar/proxy on 127.0.0.1, from tests/interop/kamailio: renders the
    /// configuration (free ports, random passwords, throwaway CAs) into a temp directory, runs
    /// kamailio in the foreground as a child process, waits until it answers, and always stops it
    /// (Dispose, process exit, and <c>timeout</c> as a last resort). Installs nothing:
    /// tools/install-deps provides kamailio, kamailio-tls-modules, sip-tester and openssl.
    /// </summary>
    public sealed class KamailioRig : IDisposable
    {
        private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
        private readonly KamailioRigOptions _options;
        private readonly object _logLock = new object();
        private readonly StringBuilder _log = new StringBuilder();
        private Process _process;
        private bool _disposed;

        /// <summary>A default rig (what the xunit collection fixture uses).</summary>
        public KamailioRig() : this(new KamailioRigOptions()) { }

        /// <summary>A rig with other options (a single public constructor keeps xunit's fixture rules).</summary>
        public static KamailioRig Start(KamailioRigOptions options) => new KamailioRig(options);

        private KamailioRig(KamailioRigOptions options)
        {
            _options = options;
            Directory = Path.Combine(Path.GetTempPath(), "phone-kamailio-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            System.IO.Directory.CreateDirectory(Directory);
            AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
            try
            {
                Render();
                Start();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public static string TemplateDirectory => Path.Combine(RepoPaths.Root, "tests", "interop", "kamailio");

        public static string SippDirectory => Path.Combine(RepoPaths.Root, "tests", "interop", "sipp");

        public KamailioRigOptions Options => _options;

        /// <summary>The rendered configuration, certificates, users.txt, rig.env and kamailio.log.</summary>
        public string Directory { get; }

        public string Host => "127.0.0.1";

        /// <summary>UDP and TCP.</summary>
        public int SipPort { get; private set; }

        /// <summary>TLS with the good certificate (CN/SAN 127.0.0.1, localhost; signed by <see cref="CaPath"/>).</summary>
        public int TlsPort { get; private set; }

        /// <summary>TLS with a certificate with the right names signed by <see cref="WrongCaPath"/>.</summary>
        public int TlsWrongCaPort { get; private set; }

        /// <summary>TLS with a certificate signed by the rig CA but named wrong.invalid only.</summary>
        public int TlsWrongNamePort { get; private set; }

        public string Realm { get; private set; }

        public string CaPath { get; private set; }

        public string WrongCaPath { get; private set; }

        public string SipDumpDirectory => Path.Combine(Directory, "sipdump");

        public string LogPath => Path.Combine(Directory, "kamailio.log");

        /// <summary>User name → password (random per rig).</summary>
        public IReadOnlyDictionary<string, string> Users { get; private set; }

        public int StartCount { get; private set; }

        public bool IsRunning => _process != null && !_process.HasExited;

        public string Log
        {
            get { lock (_logLock) return _log.ToString(); }
        }

        /// <summary>Stops kamailio and starts it again on the same ports with the same users (usrloc is lost).</summary>
        public void Restart()
        {
            Stop();
            Start();
        }

        public void Stop()
        {
            Process p = _process;
            _process = null;
            if (p == null) return;
            try
            {
                if (!p.HasExited)
                {
                    // SIGTERM to timeout, which passes it to kamailio; kamailio's main process ends its children.
                    Terminate(p.Id);
                    if (!p.WaitForExit(5000)) p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            finally
            {
                p.Dispose();
                FlushLog();
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            Stop();
            if (Environment.GetEnvironmentVariable("PHONE_RIG_KEEP") != "1")
            {
                try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private void OnProcessExit(object sender, EventArgs e) => Stop();

        private void Render()
        {
            SipPort = FreePort(null);
            TlsPort = FreePort(new[] { SipPort });
            TlsWrongCaPort = FreePort(new[] { SipPort, TlsPort });
            TlsWrongNamePort = FreePort(new[] { SipPort, TlsPort, TlsWrongCaPort });
            var psi = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(Path.Combine(TemplateDirectory, "render.sh"));
            psi.ArgumentList.Add(Directory);
            psi.Environment["RIG_SIP_PORT"] = SipPort.ToString();
            psi.Environment["RIG_TLS_PORT"] = TlsPort.ToString();
            psi.Environment["RIG_TLS_WRONGCA_PORT"] = TlsWrongCaPort.ToString();
            psi.Environment["RIG_TLS_WRONGNAME_PORT"] = TlsWrongNamePort.ToString();
            psi.Environment["RIG_USERS"] = string.Join(" ", _options.Users);
            psi.Environment["RIG_REQUIRE_SAVP"] = _options.RequireSavp ? "1" : "0";
            psi.Environment["RIG_SIPDUMP"] = _options.SipDump ? "1" : "0";
            psi.Environment["RIG_DEBUG"] = _options.Debug.ToString();
            psi.Environment["RIG_OUTBOUND_FLOW_TIMER"] = _options.OutboundFlowTimer >= 0 ? _options.OutboundFlowTimer.ToString() : "";
            using (Process p = Process.Start(psi))
            {
                var stderr = p.StandardError.ReadToEndAsync();
                string stdout = p.StandardOutput.ReadToEnd();
                if (!p.WaitForExit(30000)) { p.Kill(true); throw new TimeoutException("render.sh took over 30 s"); }
                if (p.ExitCode != 0) throw new InvalidOperationException("render.sh failed (" + p.ExitCode + "): " + stdout + stderr.Result);
            }
            var env = new Dictionary<string, string>();
            foreach (string line in File.ReadAllLines(Path.Combine(Directory, "rig.env")))
            {
                int eq = line.IndexOf('=');
                if (eq > 0) env[line.Substring(0, eq)] = line.Substring(eq + 1);
            }
            Realm = env["RIG_REALM"];
            CaPath = env["RIG_CA"];
            WrongCaPath = env["RIG_WRONG_CA"];
            var users = new Dictionary<string, string>();
            foreach (string line in File.ReadAllLines(env["RIG_USERS_FILE"]))
            {
                string[] parts = line.Split(' ');
                if (parts.Length == 2) users[parts[0]] = parts[1];
            }
            Users = users;
        }

        private void Start()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(KamailioRig));
            string kamailio = FindOnPath("kamailio")
                ?? throw new InvalidOperationException("kamailio is not installed: run `bash tools/install-deps` (kamailio kamailio-tls-modules)");
            var psi = new ProcessStartInfo("timeout")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                WorkingDirectory = Directory,
            };
            foreach (string a in new[]
            {
                "-k", "5", _options.MaxLifetimeSeconds + "s", kamailio,
                "-f", Path.Combine(Directory, "kamailio.cfg"),
                "-DD", "-E", "-Y", Directory, "-m", "64", "-M", "8",
            }) psi.ArgumentList.Add(a);
            AppendLog("== start " + (StartCount + 1) + " " + DateTime.UtcNow.ToString("HH:mm:ss.fff") + "\n");
            var p = new Process { StartInfo = psi };
            p.OutputDataReceived += (s, e) => { if (e.Data != null) AppendLog(e.Data + "\n"); };
            p.ErrorDataReceived += (s, e) => { if (e.Data != null) AppendLog(e.Data + "\n"); };
            p.Start();
            p.StandardInput.Close();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            _process = p;
            StartCount++;
            WaitUntilReady(p);
        }

        /// <summary>Ready when an OPTIONS over UDP is answered and every TCP/TLS port accepts (bounded).</summary>
        private void WaitUntilReady(Process p)
        {
            var sw = Stopwatch.StartNew();
            bool udp = false;
            var pending = new List<int> { SipPort, TlsPort, TlsWrongCaPort, TlsWrongNamePort };
            using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
            probe.Client.ReceiveTimeout = 200;
            int n = 0;
            while (sw.Elapsed < ReadyTimeout)
            {
                if (p.HasExited)
                {
                    p.WaitForExit();
                    FlushLog();
                    throw new InvalidOperationException("kamailio exited with " + p.ExitCode + " during start:\n" + Log);
                }
                if (!udp)
                {
                    int local = ((IPEndPoint)probe.Client.LocalEndPoint).Port;
                    string options = "OPTIONS sip:127.0.0.1:" + SipPort + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bKready" + (++n) + ";rport\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=ready\r\nTo: <sip:127.0.0.1>\r\n"
                        + "Call-ID: ready-" + n + "@127.0.0.1\r\nCSeq: " + n + " OPTIONS\r\nContent-Length: 0\r\n\r\n";
                    byte[] b = Encoding.ASCII.GetBytes(options);
                    probe.Send(b, b.Length, new IPEndPoint(IPAddress.Loopback, SipPort));
                    try
                    {
                        var from = new IPEndPoint(IPAddress.Any, 0);
                        byte[] reply = probe.Receive(ref from);
                        udp = Encoding.ASCII.GetString(reply).StartsWith("SIP/2.0 200", StringComparison.Ordinal);
                    }
                    catch (SocketException) { }
                }
                for (int i = pending.Count - 1; i >= 0; i--)
                {
                    using var c = new TcpClient(AddressFamily.InterNetwork);
                    try
                    {
                        if (c.ConnectAsync(IPAddress.Loopback, pending[i]).Wait(200) && c.Connected) pending.RemoveAt(i);
                    }
                    catch (AggregateException) { }
                }
                if (udp && pending.Count == 0) return;
                Thread.Sleep(50);
            }
            throw new TimeoutException("kamailio not ready within " + ReadyTimeout.TotalSeconds + " s (udp=" + udp + ", closed ports: "
                + string.Join(",", pending) + "):\n" + Log);
        }

        private void AppendLog(string s)
        {
            lock (_logLock) _log.Append(s);
        }

        private void FlushLog()
        {
            try { File.WriteAllText(LogPath, Log); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        /// <summary>The band the phones under test take their RTP ports from (the product's default 40000–40098 and the tests' own ranges above it).</summary>
        public const int PhoneRtpBandMin = 40000, PhoneRtpBandMax = 42999;

        /// <summary>
        /// A port free on 127.0.0.1 for both TCP and UDP at this moment, outside the phones' RTP band: the system hands
        /// out ports from its ephemeral range (32768–60999 here), which holds that band, and a peer's SIP port taken
        /// there would leave a phone started later without its RTP port.
        /// </summary>
        public static int FreePort(int[] exclude)
        {
            for (int attempt = 0; attempt < 50; attempt++)
            {
                var t = new TcpListener(IPAddress.Loopback, 0);
                t.Start();
                int port = ((IPEndPoint)t.LocalEndpoint).Port;
                try
                {
                    if (exclude != null && Array.IndexOf(exclude, port) >= 0) continue;
                    if (port >= PhoneRtpBandMin - 1 && port <= PhoneRtpBandMax) continue;
                    using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                    return port;
                }
                catch (SocketException) { }
                finally { t.Stop(); }
            }
            throw new InvalidOperationException("no free port on 127.0.0.1");
        }

        public static string FindOnPath(string name)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                if (dir.Length == 0) continue;
                string f = Path.Combine(dir, name);
                if (File.Exists(f)) return f;
            }
            foreach (string dir in new[] { "/usr/sbin", "/sbin", "/usr/bin" })
            {
                string f = Path.Combine(dir, name);
                if (File.Exists(f)) return f;
            }
            return null;
        }

        private static void Terminate(int pid)
        {
            try
            {
                kill(pid, 15);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                using Process k = Process.Start("kill", new[] { "-TERM", pid.ToString() });
                k.WaitForExit(5000);
            }
        }

        [DllImport("libc.so.6", SetLastError = true)]
        private static extern int kill(int pid, int sig);
    }
}
