using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Phone.Host.Tests.Interop
{
    /// <summary>How a <see cref="BaresipPeer"/> is configured.</summary>
    public sealed class BaresipPeerOptions
    {
        /// <summary>One of the rig's users.</summary>
        public string User { get; set; } = "1001";

        /// <summary>baresip's mediaenc: srtp (RTP/AVP + a=crypto, optional), srtp-mand (RTP/SAVP), srtp-mandf (RTP/SAVPF), or null for plain RTP.</summary>
        public string MediaEnc { get; set; } = "srtp-mand";

        /// <summary>The tone baresip sends (its audio source is a WAV with this sine).</summary>
        public double ToneHz { get; set; } = 440;

        /// <summary>Length of the source WAV: baresip's aufile ends the call when the file runs out.</summary>
        public double ToneSeconds { get; set; } = 60;

        /// <summary>auto answers incoming calls; manual leaves them to <see cref="BaresipPeer.Accept"/>.</summary>
        public string AnswerMode { get; set; } = "auto";

        public string[] Codecs { get; set; } = { "PCMU/8000/1", "PCMA/8000/1" };

        public int Ptime { get; set; } = 20;

        /// <summary>Longest the process may live (the <c>timeout</c> wrapper's limit).</summary>
        public int MaxLifetimeSeconds { get; set; } = 180;
    }

    /// <summary>One event from baresip's ctrl_tcp (<c>{"event":true,"type":...}</c>).</summary>
    public sealed class BaresipEvent
    {
        public string Type { get; set; }
        public string Class { get; set; }
        public string CallId { get; set; }
        public string Param { get; set; }
        public string PeerUri { get; set; }
        public string Direction { get; set; }
        public string Raw { get; set; }
        public DateTime At { get; set; }
        public override string ToString() => At.ToString("HH:mm:ss.fff ") + Type + " " + Param + (CallId != null ? " [" + CallId + "]" : "");
    }

    /// <summary>
    /// baresip 1.0.0 as a far-end phone: a generated config directory (config, accounts, contacts)
    /// for one rig user registering over TLS (CA = the rig's CA, outbound = the rig's TLS port),
    /// SDES SRTP (mediaenc), PCMU/PCMA at ptime 20, a sine WAV as microphone, sndfile recording
    /// what is received (<c>*-dec.wav</c>), no player, and ctrl_tcp on a free 127.0.0.1 port,
    /// driven by netstring JSON commands with every event collected. Always stopped on Dispose.
    /// </summary>
    public sealed class BaresipPeer : IDisposable
    {
        private readonly object _lock = new object();
        private readonly List<BaresipEvent> _events = new List<BaresipEvent>();
        private readonly Dictionary<string, JsonElement> _responses = new Dictionary<string, JsonElement>();
        private readonly KamailioRig _rig;
        private PeerProcess _process;
        private TcpClient _ctrl;
        private NetworkStream _ctrlStream;
        private Thread _reader;
        private int _token;
        private bool _disposed;

        private BaresipPeer(KamailioRig rig, BaresipPeerOptions options)
        {
            _rig = rig;
            Options = options;
            Directory = Path.Combine(Path.GetTempPath(), "phone-baresip-" + options.User + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            RecordDirectory = Path.Combine(Directory, "rec");
            System.IO.Directory.CreateDirectory(RecordDirectory);
        }

        /// <summary>Writes the config, starts baresip, connects to ctrl_tcp and waits (bounded) until the account is registered.</summary>
        public static BaresipPeer Start(KamailioRig rig, BaresipPeerOptions options, TimeSpan? registerTimeout = null)
        {
            var peer = new BaresipPeer(rig, options);
            try
            {
                peer.WriteConfig();
                peer.Launch();
                peer.WaitRegistered(registerTimeout ?? TimeSpan.FromSeconds(10));
                return peer;
            }
            catch
            {
                peer.Dispose();
                throw;
            }
        }

        public BaresipPeerOptions Options { get; }
        public string Directory { get; }
        public string RecordDirectory { get; }
        public string TonePath => Path.Combine(Directory, "tone.wav");
        public string User => Options.User;
        public string Aor => "sip:" + Options.User + "@" + _rig.Realm;
        public int SipPort { get; private set; }
        public int CtrlPort { get; private set; }
        public bool IsRunning => _process != null && !_process.HasExited;

        /// <summary>baresip's stdout/stderr (status-line redraws dropped).</summary>
        public string Log => _process?.Log ?? "";

        public string LogTail(int lines = 40) => "--- baresip " + User + " log (tail) ---\n" + (_process?.Tail(lines) ?? "")
            + "--- baresip " + User + " events ---\n" + string.Join("\n", Events.Skip(Math.Max(0, Events.Count - 25))) + "\n";

        public IReadOnlyList<BaresipEvent> Events
        {
            get { lock (_lock) return _events.ToList(); }
        }

        /// <summary>The newest recording of received audio (sndfile's <c>*-dec.wav</c>), or null.</summary>
        public string ReceivedRecording => System.IO.Directory.GetFiles(RecordDirectory, "*-dec.wav").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();

        public void Dial(string uri) => Command("dial", uri);

        public void Hangup() => Command("hangup");

        public void Accept() => Command("accept");

        /// <summary>In-call commands (hold, resume, sndcode) exist only while a call is up in 1.0.0's menu.</summary>
        public void Hold() => Command("hold");

        public void Resume() => Command("resume");

        /// <summary>Sends DTMF digits (RFC 4733 telephone-event) on the current call.</summary>
        public void SendDtmf(string digits)
        {
            foreach (char d in digits) Command("sndcode", d.ToString());
        }

        /// <summary>Sends one ctrl_tcp command and returns the response's data; throws when baresip answers ok=false or not within the timeout.</summary>
        public string Command(string command, string parameters = null, TimeSpan? timeout = null)
        {
            string token = "t" + Interlocked.Increment(ref _token).ToString(CultureInfo.InvariantCulture);
            var o = new Dictionary<string, string> { ["command"] = command, ["token"] = token };
            if (parameters != null) o["params"] = parameters;
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(o);
            byte[] head = Encoding.ASCII.GetBytes(json.Length.ToString(CultureInfo.InvariantCulture) + ":");
            var frame = new byte[head.Length + json.Length + 1];
            head.CopyTo(frame, 0);
            json.CopyTo(frame, head.Length);
            frame[frame.Length - 1] = (byte)',';
            lock (_ctrlStream) _ctrlStream.Write(frame, 0, frame.Length);
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
            lock (_lock)
            {
                while (true)
                {
                    if (_responses.TryGetValue(token, out JsonElement r))
                    {
                        _responses.Remove(token);
                        string data = r.TryGetProperty("data", out JsonElement d) ? d.GetString() : "";
                        if (!r.TryGetProperty("ok", out JsonElement ok) || !ok.GetBoolean())
                            throw new InvalidOperationException("baresip refused '" + command + " " + parameters + "': " + data + "\n" + LogTail());
                        return data;
                    }
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || _reader == null || !_reader.IsAlive)
                        throw new TimeoutException("no ctrl_tcp response to '" + command + "'\n" + LogTail());
                    Monitor.Wait(_lock, left);
                }
            }
        }

        /// <summary>
        /// Waits for an event of <paramref name="type"/> (optionally matching <paramref name="match"/>)
        /// that arrived at or after index <paramref name="from"/> of <see cref="Events"/>; throws with the log tail on timeout.
        /// </summary>
        public BaresipEvent WaitForEvent(string type, TimeSpan timeout, Func<BaresipEvent, bool> match = null, int from = 0)
        {
            BaresipEvent e = TryWaitForEvent(type, timeout, match, from);
            if (e == null) throw new TimeoutException("baresip " + User + ": no " + type + " within " + timeout.TotalSeconds + " s\n" + LogTail());
            return e;
        }

        public BaresipEvent TryWaitForEvent(string type, TimeSpan timeout, Func<BaresipEvent, bool> match = null, int from = 0)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_lock)
            {
                while (true)
                {
                    for (int i = from; i < _events.Count; i++)
                    {
                        if (_events[i].Type == type && (match == null || match(_events[i]))) return _events[i];
                    }
                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return null;
                    if (_reader == null || !_reader.IsAlive) { Monitor.Wait(_lock, TimeSpan.FromMilliseconds(Math.Min(100, left.TotalMilliseconds))); continue; }
                    Monitor.Wait(_lock, left);
                }
            }
        }

        public int EventCount
        {
            get { lock (_lock) return _events.Count; }
        }

        /// <summary>Registered when a REGISTER_OK event came or reginfo shows the binding OK (it may have happened before ctrl_tcp was connected).</summary>
        public void WaitRegistered(TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            string last = "";
            while (sw.Elapsed < timeout)
            {
                if (TryWaitForEvent("REGISTER_OK", TimeSpan.Zero) != null) return;
                // reginfo colours the status with ANSI escapes ("\x1b[32mOK \x1b[;m").
                last = System.Text.RegularExpressions.Regex.Replace(Command("reginfo"), @"\x1b\[[0-9;]*m", "");
                if (System.Text.RegularExpressions.Regex.IsMatch(last, @"\bOK\b")) return;
                if (!IsRunning) break;
                TryWaitForEvent("REGISTER_OK", TimeSpan.FromMilliseconds(200));
            }
            throw new TimeoutException("baresip " + User + " not registered within " + timeout.TotalSeconds + " s (reginfo: " + last + ")\n" + LogTail());
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_process != null && !_process.HasExited && _ctrlStream != null)
            {
                try { Command("quit", null, TimeSpan.FromMilliseconds(500)); } catch (Exception) { }
                _process.WaitForExit(1000);
            }
            try { _ctrl?.Dispose(); } catch (Exception) { }
            _process?.Dispose();
            _reader?.Join(2000);
            if (Environment.GetEnvironmentVariable("PHONE_RIG_KEEP") != "1")
            {
                try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private void WriteConfig()
        {
            ToneCheck.MakeTone(TonePath, Options.ToneHz, Options.ToneSeconds);
            SipPort = FreePortPair(null);
            CtrlPort = KamailioRig.FreePort(new[] { SipPort, SipPort + 1 });
            string password = _rig.Users[Options.User];
            var config = new StringBuilder()
                .Append("poll_method epoll\n")
                // UDP/TCP on SipPort, TLS on SipPort+1; kamailio reaches us over our own TLS connection anyway.
                .Append("sip_listen 127.0.0.1:").Append(SipPort).Append('\n')
                .Append("sip_cafile ").Append(_rig.CaPath).Append('\n')
                .Append("sip_trans_def tls\n")
                .Append("net_interface 127.0.0.1\n")
                .Append("audio_source aufile,").Append(TonePath).Append('\n')
                .Append("audio_srate 8000\naudio_channels 1\n")
                // Its RTP ports from below the phones' RTP band (baresip's default, 1024-49152, holds it).
                .Append("rtp_ports 20000-29998\n")
                .Append("module_path /usr/lib/baresip/modules\n")
                .Append("module g711.so\nmodule aufile.so\nmodule sndfile.so\nmodule srtp.so\n")
                .Append("module_app account.so\nmodule_app contact.so\nmodule_app menu.so\nmodule_app ctrl_tcp.so\n")
                .Append("ctrl_tcp_listen 127.0.0.1:").Append(CtrlPort).Append('\n')
                .Append("snd_path ").Append(RecordDirectory).Append('\n');
            File.WriteAllText(Path.Combine(Directory, "config"), config.ToString());
            var account = new StringBuilder()
                .Append("<sip:").Append(Options.User).Append('@').Append(_rig.Realm).Append(";transport=tls>")
                .Append(";auth_pass=").Append(password)
                .Append(";outbound=\"sip:127.0.0.1:").Append(_rig.TlsPort).Append(";transport=tls\"");
            if (!string.IsNullOrEmpty(Options.MediaEnc)) account.Append(";mediaenc=").Append(Options.MediaEnc);
            account.Append(";answermode=").Append(Options.AnswerMode)
                .Append(";ptime=").Append(Options.Ptime)
                .Append(";audio_codecs=").Append(string.Join(",", Options.Codecs))
                .Append(";regint=300;mwi=no\n");
            File.WriteAllText(Path.Combine(Directory, "accounts"), account.ToString());
            File.WriteAllText(Path.Combine(Directory, "contacts"), "");
        }

        private void Launch()
        {
            string baresip = KamailioRig.FindOnPath("baresip")
                ?? throw new InvalidOperationException("baresip is not installed: run `bash tools/install-deps` (baresip baresip-core)");
            _process = PeerProcess.Start(baresip, new[] { "-f", Directory }, Directory, Options.MaxLifetimeSeconds,
                drop: l => l.StartsWith("[0:", StringComparison.Ordinal));
            var sw = Stopwatch.StartNew();
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException("baresip exited during start\n" + LogTail());
                var c = new TcpClient(AddressFamily.InterNetwork);
                try
                {
                    if (c.ConnectAsync(IPAddress.Loopback, CtrlPort).Wait(300) && c.Connected)
                    {
                        _ctrl = c;
                        break;
                    }
                }
                catch (AggregateException) { }
                c.Dispose();
                if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("baresip's ctrl_tcp did not accept within 10 s\n" + LogTail());
                Thread.Sleep(50);
            }
            _ctrlStream = _ctrl.GetStream();
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "baresip-ctrl-" + User };
            _reader.Start();
        }

        /// <summary>Netstrings: <c>LEN:JSON,</c>.</summary>
        private void ReadLoop()
        {
            try
            {
                var buf = new List<byte>();
                var chunk = new byte[8192];
                int n;
                while ((n = _ctrlStream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    for (int i = 0; i < n; i++) buf.Add(chunk[i]);
                    while (true)
                    {
                        int colon = buf.IndexOf((byte)':');
                        if (colon < 0) break;
                        int len = int.Parse(Encoding.ASCII.GetString(buf.GetRange(0, colon).ToArray()), CultureInfo.InvariantCulture);
                        if (buf.Count < colon + 1 + len + 1) break;
                        byte[] json = buf.GetRange(colon + 1, len).ToArray();
                        buf.RemoveRange(0, colon + 1 + len + 1);
                        Dispatch(json);
                    }
                }
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
            catch (FormatException) { }
            finally
            {
                lock (_lock) Monitor.PulseAll(_lock);
            }
        }

        private void Dispatch(byte[] json)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            JsonElement root = doc.RootElement.Clone();
            lock (_lock)
            {
                if (root.TryGetProperty("response", out _))
                {
                    string token = root.TryGetProperty("token", out JsonElement t) ? t.GetString() : "";
                    _responses[token ?? ""] = root;
                }
                else if (root.TryGetProperty("event", out _))
                {
                    _events.Add(new BaresipEvent
                    {
                        Type = Str(root, "type"),
                        Class = Str(root, "class"),
                        CallId = Str(root, "id"),
                        Param = Str(root, "param"),
                        PeerUri = Str(root, "peeruri"),
                        Direction = Str(root, "direction"),
                        Raw = Encoding.UTF8.GetString(json),
                        At = DateTime.UtcNow,
                    });
                }
                Monitor.PulseAll(_lock);
            }
        }

        private static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        /// <summary>A port p with p and p+1 free for TCP and UDP (baresip puts TLS on sip_listen's port + 1; RTP/RTCP pairs).</summary>
        public static int FreePortPair(int[] exclude)
        {
            for (int i = 0; i < 50; i++)
            {
                int p = KamailioRig.FreePort(exclude);
                if (p >= 65535 || (exclude != null && Array.IndexOf(exclude, p + 1) >= 0)) continue;
                try
                {
                    var t = new TcpListener(IPAddress.Loopback, p + 1);
                    t.Start();
                    try { using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, p + 1)); }
                    finally { t.Stop(); }
                    return p;
                }
                catch (SocketException) { }
            }
            throw new InvalidOperationException("no free port pair on 127.0.0.1");
        }
    }
}
