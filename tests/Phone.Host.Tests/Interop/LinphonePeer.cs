using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>How a <see cref="LinphonePeer"/> is configured.</summary>
    public sealed class LinphonePeerOptions
    {
        public string User { get; set; } = "1002";

        /// <summary>The tone linphonec plays into calls ("soundcard use files" + "play").</summary>
        public double ToneHz { get; set; } = 1000;

        public double ToneSeconds { get; set; } = 60;

        /// <summary>[sip] media_encryption: srtp, or none.</summary>
        public string MediaEncryption { get; set; } = "srtp";

        public bool EncryptionMandatory { get; set; } = true;

        public bool AutoAnswer { get; set; } = true;

        /// <summary>[sip] srtp_crypto_suites: the SDES suites linphonec offers and accepts (comma-separated), or null for its default four.</summary>
        public string SrtpCryptoSuites { get; set; }

        /// <summary>
        /// Off: [sip] supported without gruu, so linphonec's Contact is its own address (host:port;transport=tls) rather than
        /// the pub-gruu kamailio hands out. The rig adds its connection alias only to initial requests and does not resolve
        /// GRUUs in dialogs, so after a re-INVITE from linphonec the far end's in-dialog requests to the GRUU go nowhere.
        /// </summary>
        public bool Gruu { get; set; } = true;

        public int MaxLifetimeSeconds { get; set; } = 180;
    }

    /// <summary>
    /// linphonec 5.1 as a far-end phone, driven through linphonecsh: HOME in a temp directory, a
    /// generated linphonerc (TLS to the rig's TLS port as <c>localhost</c>, root_ca = the rig's CA,
    /// SDES SRTP mandatory, PCMU/PCMA), files instead of a sound card (a sine WAV played, what is
    /// received recorded to a WAV). linphonec is started by this class (the same command line
    /// <c>linphonecsh init</c> uses, but as a child under <c>timeout</c>, so its PID is known and
    /// it always dies); commands go through linphonecsh. linphonecsh talks to linphonec over the
    /// fixed socket /tmp/linphonec-UID, so only one LinphonePeer can exist per user at a time:
    /// <see cref="Start"/> takes a process-wide and a file lock, and refuses to run beside a foreign linphonec.
    /// </summary>
    public sealed class LinphonePeer : IDisposable
    {
        private static readonly SemaphoreSlim InProcess = new SemaphoreSlim(1, 1);
        private readonly KamailioRig _rig;
        private PeerProcess _process;
        private FileStream _fileLock;
        private bool _ownsSemaphore;
        private bool _disposed;
        private int _recordings;

        private LinphonePeer(KamailioRig rig, LinphonePeerOptions options)
        {
            _rig = rig;
            Options = options;
            Directory = Path.Combine(Path.GetTempPath(), "phone-linphone-" + options.User + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Home = Path.Combine(Directory, "home");
            System.IO.Directory.CreateDirectory(Path.Combine(Home, ".local", "share", "linphone"));
        }

        public static LinphonePeer Start(KamailioRig rig, LinphonePeerOptions options, TimeSpan? registerTimeout = null)
        {
            var peer = new LinphonePeer(rig, options);
            try
            {
                peer.Lock();
                peer.WriteConfig();
                peer.Launch(registerTimeout ?? TimeSpan.FromSeconds(15));
                return peer;
            }
            catch
            {
                peer.Dispose();
                throw;
            }
        }

        public LinphonePeerOptions Options { get; }
        public string Directory { get; }
        public string Home { get; }
        public string RcPath => Path.Combine(Directory, "linphonerc");
        public string LogPath => Path.Combine(Directory, "linphonec.log");
        public string TonePath => Path.Combine(Directory, "tone.wav");
        public string User => Options.User;
        public string Aor => "sip:" + Options.User + "@" + _rig.Realm;
        public int SipTlsPort { get; private set; }
        public int RtpPort { get; private set; }

        /// <summary>The WAV the current/last call is recorded to (set by <see cref="SetRecording"/>).</summary>
        public string RecordingPath { get; private set; }

        public static string PipePath => "/tmp/linphonec-" + getuid();

        public bool IsRunning => _process != null && !_process.HasExited;

        /// <summary>The tail of linphonec's own log (-d 6) and of its stdout.</summary>
        public string LogTail(int lines = 40)
        {
            var sb = new StringBuilder("--- linphonec " + User + " log (tail) ---\n");
            try
            {
                using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var r = new StreamReader(fs);
                string[] all = r.ReadToEnd().Split('\n');
                foreach (string l in all.Skip(Math.Max(0, all.Length - lines))) sb.Append(l).Append('\n');
            }
            catch (IOException e) { sb.Append("(no log: " + e.Message + ")\n"); }
            sb.Append("--- linphonec " + User + " stdout ---\n").Append(_process?.Tail(10) ?? "");
            return sb.ToString();
        }

        /// <summary>Runs <c>linphonecsh ARGS</c> against this peer (bounded) and returns its output.</summary>
        public string Sh(params string[] args)
        {
            var psi = new ProcessStartInfo("linphonecsh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Directory,
            };
            psi.Environment["HOME"] = Home;
            foreach (string a in args) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(10000))
            {
                p.Kill(true);
                throw new TimeoutException("linphonecsh " + string.Join(" ", args) + " took over 10 s\n" + LogTail());
            }
            p.WaitForExit();
            return output.Result + err.Result;
        }

        public string Generic(string command) => Sh("generic", command);

        /// <summary>Records the next call's received audio to a fresh WAV in the peer's directory.</summary>
        public string SetRecording()
        {
            RecordingPath = Path.Combine(Directory, "rec-" + (++_recordings) + ".wav");
            Generic("record " + RecordingPath);
            return RecordingPath;
        }

        public void Dial(string uri)
        {
            if (RecordingPath == null) SetRecording();
            string o = Sh("dial", uri);
            if (!o.Contains("in progress", StringComparison.Ordinal)) throw new InvalidOperationException("linphonec did not dial " + uri + ": " + o + "\n" + LogTail());
        }

        public void Terminate() => Generic("terminate");

        /// <summary>Puts the current call on hold (re-INVITE with a=sendonly; the call state becomes Paused).</summary>
        public void Pause() => Generic("pause");

        /// <summary>Resumes the paused call (re-INVITE with a=sendrecv).</summary>
        public void Resume() => Generic("resume");

        /// <summary>Answers the pending incoming call (when autoanswer is off).</summary>
        public void Answer() => Generic("answer");

        /// <summary>linphonec's console output (call progress, "Receiving tone X from ...", "paused by ...").</summary>
        public string Output => _process?.Log ?? "";

        /// <summary>Waits (bounded) until linphonec's console output contains <paramref name="text"/>.</summary>
        public void WaitForOutput(string text, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (sw.Elapsed > timeout) throw new TimeoutException("linphonec " + User + " never printed '" + text + "' within " + timeout.TotalSeconds + " s\n" + LogTail());
                Thread.Sleep(100);
            }
        }

        /// <summary>The state of the first call in <c>generic "calls"</c> (OutgoingProgress, StreamsRunning, ...), or null when there is none.</summary>
        public string CallState()
        {
            string o = Generic("calls");
            foreach (string line in o.Split('\n'))
            {
                string[] cols = line.Split('|');
                if (cols.Length >= 3 && int.TryParse(cols[0].Trim(), out _)) return cols[2].Trim();
            }
            return null;
        }

        /// <summary>Polls the call list (every 150 ms, bounded) until the first call is in <paramref name="state"/>.</summary>
        public void WaitForCallState(string state, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            string last = null;
            while (sw.Elapsed < timeout)
            {
                last = CallState();
                if (last == state) return;
                Thread.Sleep(150);
            }
            throw new TimeoutException("linphonec " + User + ": call not " + state + " within " + timeout.TotalSeconds + " s (last: " + (last ?? "no call") + ")\n" + LogTail());
        }

        /// <summary>Polls until linphonec lists no call (bounded).</summary>
        public void WaitForNoCall(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            string last = null;
            while (sw.Elapsed < timeout)
            {
                last = CallState();
                if (last == null) return;
                Thread.Sleep(150);
            }
            throw new TimeoutException("linphonec " + User + ": call still listed (" + last + ") after " + timeout.TotalSeconds + " s\n" + LogTail());
        }

        public bool IsRegistered() => Sh("status", "register").StartsWith("registered,", StringComparison.Ordinal);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (_process != null && !_process.HasExited)
                {
                    try { Sh("exit"); } catch (Exception) { }
                    _process.WaitForExit(3000);
                }
                _process?.Dispose();
            }
            finally
            {
                _fileLock?.Dispose();
                if (_ownsSemaphore) InProcess.Release();
                if (Environment.GetEnvironmentVariable("PHONE_RIG_KEEP") != "1")
                {
                    try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }
            }
        }

        private void Lock()
        {
            if (!InProcess.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("another LinphonePeer in this process did not finish within 60 s");
            _ownsSemaphore = true;
            string lockPath = Path.Combine(Path.GetTempPath(), "phone-linphonec-" + getuid() + ".lock");
            var sw = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    _fileLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    break;
                }
                catch (IOException) when (sw.Elapsed < TimeSpan.FromSeconds(60))
                {
                    Thread.Sleep(200);
                }
            }
            if (File.Exists(PipePath))
            {
                using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    s.Connect(new UnixDomainSocketEndPoint(PipePath));
                }
                catch (SocketException)
                {
                    File.Delete(PipePath); // stale socket of a dead linphonec
                    return;
                }
                throw new InvalidOperationException("a linphonec not started by this test is already listening on " + PipePath
                    + " (linphonecsh can reach only one per user); stop it with `linphonecsh exit`");
            }
        }

        private void WriteConfig()
        {
            ToneCheck.MakeTone(TonePath, Options.ToneHz, Options.ToneSeconds);
            SipTlsPort = KamailioRig.FreePort(null);
            RtpPort = BaresipPeer.FreePortPair(new[] { SipTlsPort });
            string host = "localhost"; // mbedTLS in this linphone does not match IP SANs: name the server by its DNS SAN.
            var rc = new StringBuilder()
                .Append("[sip]\n")
                .Append("sip_port=0\nsip_tcp_port=0\nsip_tls_port=").Append(SipTlsPort).Append('\n')
                .Append("bind_address=127.0.0.1\nipv6_enabled=0\n")
                .Append("media_encryption=").Append(Options.MediaEncryption).Append('\n')
                .Append("media_encryption_mandatory=").Append(Options.EncryptionMandatory ? 1 : 0).Append('\n')
                .Append("root_ca=").Append(_rig.CaPath).Append('\n')
                .Append(Options.SrtpCryptoSuites != null ? "srtp_crypto_suites=" + Options.SrtpCryptoSuites + "\n" : "")
                .Append(Options.Gruu ? "" : "supported=replaces, outbound\n")
                .Append("verify_server_certs=1\nverify_server_cn=1\n")
                .Append("default_proxy=0\nregister_only_when_network_is_up=0\nauto_net_state_mon=0\n")
                .Append("[rtp]\n")
                .Append("audio_rtp_port=").Append(RtpPort).Append('\n')
                .Append("bind_address=127.0.0.1\n")
                .Append("[net]\nfirewall_policy=0\nipv6_enabled=0\n")
                .Append("[video]\nenabled=0\ncapture=0\ndisplay=0\n")
                .Append("[sound]\nechocancellation=0\n")
                .Append("[misc]\nhistory_max_size=0\n")
                .Append("[proxy_0]\n")
                .Append("reg_proxy=<sip:").Append(host).Append(':').Append(_rig.TlsPort).Append(";transport=tls>\n")
                .Append("reg_route=<sip:").Append(host).Append(':').Append(_rig.TlsPort).Append(";transport=tls;lr>\n")
                .Append("reg_identity=").Append(Aor).Append('\n')
                .Append("reg_expires=300\nreg_sendregister=1\npublish=0\ndial_escape_plus=0\n")
                .Append("[auth_info_0]\n")
                .Append("username=").Append(Options.User).Append('\n')
                .Append("passwd=").Append(_rig.Users[Options.User]).Append('\n')
                .Append("realm=").Append(_rig.Realm).Append('\n')
                .Append("domain=").Append(_rig.Realm).Append('\n')
                .Append("[audio_codec_0]\nmime=PCMU\nrate=8000\nchannels=1\nenabled=1\n")
                .Append("[audio_codec_1]\nmime=PCMA\nrate=8000\nchannels=1\nenabled=1\n");
            File.WriteAllText(RcPath, rc.ToString());
        }

        private void Launch(TimeSpan registerTimeout)
        {
            string linphonec = KamailioRig.FindOnPath("linphonec")
                ?? throw new InvalidOperationException("linphonec is not installed: run `bash tools/install-deps` (linphone-cli)");
            _process = PeerProcess.Start(linphonec, new[] { "--pipe", "-c", RcPath, "-d", "6", "-l", LogPath }, Directory,
                Options.MaxLifetimeSeconds, new Dictionary<string, string> { ["HOME"] = Home });
            var sw = Stopwatch.StartNew();
            // The pipe appears once linphonec is up; linphonecsh then answers.
            while (!File.Exists(PipePath))
            {
                if (_process.HasExited) throw new InvalidOperationException("linphonec exited during start\n" + LogTail());
                if (sw.Elapsed > registerTimeout) throw new TimeoutException("linphonec's pipe " + PipePath + " did not appear\n" + LogTail());
                Thread.Sleep(50);
            }
            Generic("soundcard use files");
            Generic("play " + TonePath);
            if (Options.AutoAnswer) Generic("autoanswer enable");
            while (!IsRegistered())
            {
                if (_process.HasExited) throw new InvalidOperationException("linphonec exited during registration\n" + LogTail());
                if (sw.Elapsed > registerTimeout)
                    throw new TimeoutException("linphonec " + User + " not registered within " + registerTimeout.TotalSeconds + " s\n" + LogTail());
                Thread.Sleep(150);
            }
        }

        [DllImport("libc.so.6")]
        private static extern uint getuid();
    }
}
