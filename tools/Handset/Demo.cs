using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Phone.App;
using Phone.App.Drivers;
using Phone.App.Media;
using Phone.Call;
using Phone.Config;
using Phone.Host.App;
using Phone.Host.Display;
using Phone.Host.Drivers;
using Phone.Host.Net;
using Phone.Sdes;
using Phone.Ui;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// `Handset demo`: two phones — each the phone app (Phone.App) on the host's drivers, exactly what the board
    /// runs — call each other straight over TLS with mandatory SRTP on 127.0.0.1, driven only through their keys;
    /// the run is checked end to end (signalling, suite, media counters, hold, DTMF and what each side heard) and
    /// both panels are written as PNG pictures at the key moments.
    /// </summary>
    public static class Demo
    {
        public const double Tone1001 = 440;
        public const double Tone1002 = 1000;

        /// <summary>The demo phones' nf.config; {user}, {own_port}, {peer_port}, {rtp} and {ca} are filled in before use.</summary>
        public const string ConfigTemplate =
@"# Demo phone {user}: no registrar; calls go straight to the other phone's TLS listener, mandatory SRTP.
[device]
name = phone-{user}

[wifi]
ssid = loopback

[sip]
domain = 127.0.0.1
user = {user}
password = unused-in-the-demo
display_name = Phone {user}
transport = tls
port = {peer_port}
register = false
listen_port = {own_port}

[tls]
ca = {ca}
verify_hostname = true
min_version = 1.2

[srtp]
mode = mandatory
suites = AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32

[audio]
codecs = pcmu, pcma
ptime = 20
# Deeper than the defaults (40/200): a loaded machine can stall a process for a few hundred ms.
jitter_min_ms = 100
jitter_max_ms = 600
speaker_volume = 100
rtp_port_min = {rtp}
rtp_port_max = {rtp_max}
";

        /// <summary>
        /// The same phone's nf.config for `Handset run` with its flags (--no-register, --listen-tls, --rtp-port): no
        /// [sip] register or listen_port and no RTP range of its own.
        /// </summary>
        public static string ConfigText(string user, int peerPort, string caPem) =>
            string.Join("\n", ConfigText(user, 0, peerPort, 0, caPem).Split('\n')
                .Where(l => !l.StartsWith("register =") && !l.StartsWith("listen_port =") && !l.StartsWith("rtp_port_")));

        public static string ConfigText(string user, int ownPort, int peerPort, int rtp, string caPem) =>
            ConfigTemplate.Replace("{user}", user).Replace("{own_port}", ownPort.ToString(CultureInfo.InvariantCulture))
                .Replace("{peer_port}", peerPort.ToString(CultureInfo.InvariantCulture))
                .Replace("{rtp}", rtp.ToString(CultureInfo.InvariantCulture)).Replace("{rtp_max}", (rtp + 2).ToString(CultureInfo.InvariantCulture))
                .Replace("{ca}", caPem.Replace("\r", "").TrimEnd('\n'));

        /// <summary>One demo phone: the app on host drivers, its volume, what it heard and what went over its links.</summary>
        private sealed class DemoPhone : IDisposable
        {
            public DemoPhone(string name, string volume, int rtpPort, IClock clock, Action<string> log)
            {
                Name = name;
                RtpPort = rtpPort;
                Phone = new VirtualPhone(new VirtualPhoneOptions { Folder = volume, Clock = clock, Log = log });
                Phone.SipTraced += e => { lock (Trace) Trace.Add(e); };
                Phone.Speaker.Sink = (frame, n) =>
                {
                    // What the user hears of the call: from the answer to the hang-up, without the hold.
                    if (!Recording) return;
                    lock (Heard) for (int i = 0; i < n; i++) Heard.Add(frame[i]);
                    Wav?.Write(frame, 0, n);
                };
            }

            public readonly string Name;
            public readonly int RtpPort;
            public readonly VirtualPhone Phone;
            public readonly List<SipTraceEntry> Trace = new List<SipTraceEntry>();
            public readonly List<short> Heard = new List<short>();
            public readonly MediaSnapshot Media = new MediaSnapshot();
            public WavWriter Wav;
            public volatile bool Recording;
            public bool MediaRead;
            public PhoneState Seen = (PhoneState)(-1);

            public PhoneStateMachine Machine => Phone.Machine;

            public TextScreen Screen => Phone.App.Phone.Screen.Screen;

            /// <summary>The call's statistics, read while it runs (the session's counters end with it).</summary>
            public void ReadMedia()
            {
                CallLeg leg = Machine?.Current;
                if (leg != null && Phone.App.Phone.Media.ReadStatistics(leg.Id, Media)) MediaRead = true;
            }

            public void Dispose()
            {
                Phone.Dispose();
                Wav?.Dispose();
            }
        }

        public static async Task<int> RunAsync(DemoOptions o, TextWriter output)
        {
            var total = Stopwatch.StartNew();
            var outLock = new object();
            void Say(string s)
            {
                lock (outLock) output.WriteLine(s);
            }

            string state = o.StateDir ?? ThrowawayCa.DefaultStateDirectory();
            using ThrowawayCa ca = ThrowawayCa.LoadOrCreate(state);
            Say("state dir " + state + ": throwaway CA " + (ca.Created ? "created" : "reused") + " (server cert for localhost/127.0.0.1, valid until " +
                ca.Server.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd") + ")");

            int p1 = FreeSipPort(), p2 = FreeSipPort(p1);
            int r1 = FreeRtpPair(0), r2 = FreeRtpPair(r1);
            string t1 = ConfigText("1001", p1, p2, r1, ca.CaPem), t2 = ConfigText("1002", p2, p1, r2, ca.CaPem);
            PhoneConfig c1 = Program.ParseConfig(Encoding.UTF8.GetBytes(t1), "demo nf.config 1001", output);
            PhoneConfig c2 = Program.ParseConfig(Encoding.UTF8.GetBytes(t2), "demo nf.config 1002", output);
            if (c1 == null || c2 == null) return Program.ExitFailed;
            Say("nf.config 1001 and 1002 parsed by the phone's ConfigParser: transport tls, no registrar, TLS listener, srtp " +
                c1.Srtp.Mode.ToString().ToLowerInvariant() + ", codecs pcmu/pcma, ptime " + c1.Audio.Ptime);

            string work = Path.Combine(Path.GetTempPath(), "phone-demo-" + Guid.NewGuid().ToString("N").Substring(0, 10));
            string pictures = o.OutDir ?? Path.Combine(state, "pictures");
            Directory.CreateDirectory(pictures);
            if (o.OutDir != null) Directory.CreateDirectory(o.OutDir);
            var clock = new SystemClock();
            IMicrophone mic1 = o.Mic1001 != null ? new WavMicrophone(o.Mic1001) : new ToneMicrophone(Tone1001);
            IMicrophone mic2 = o.Mic1002 != null ? new WavMicrophone(o.Mic1002) : new ToneMicrophone(Tone1002);
            DemoPhone h1 = null, h2 = null;
            var checks = new List<(string, bool, string)>();
            var shots = new List<string>();
            try
            {
                h1 = new DemoPhone("1001", Volume(work, "1001", t1, ca), r1, clock, s => Say(Stamp(clock) + " [1001] " + s));
                h2 = new DemoPhone("1002", Volume(work, "1002", t2, ca), r2, clock, s => Say(Stamp(clock) + " [1002] " + s));
                if (o.OutDir != null)
                {
                    h1.Wav = new WavWriter(Path.Combine(o.OutDir, "1001-speaker.wav"));
                    h2.Wav = new WavWriter(Path.Combine(o.OutDir, "1002-speaker.wav"));
                }

                h1.Phone.Microphone.Listen8kHz(mic1.Read);
                h2.Phone.Microphone.Listen8kHz(mic2.Read);
                h1.Phone.PowerOn();
                h2.Phone.PowerOn();
                bool up = Wait(() => Ready(h1, p1) && Ready(h2, p2), 10000);
                Say("1001 listening on 127.0.0.1:" + p1 + " (tls only, mic " + mic1.Describe() + "), 1002 on 127.0.0.1:" + p2 +
                    " (tls only, mic " + mic2.Describe() + ")");
                Say("1001's keys: 1 0 0 2 Call, talk, 1 (DTMF), Hold, Hold (resume), talk, End; 1002 answers with Call");
                Say("");
                checks.Add(("both phones booted into phone mode with their TLS listener", up, up ? "phone mode, listening" : "boot did not finish"));
                if (!up) return Finish(Say, checks, total);

                using var follow = new CancellationTokenSource();
                Task watcher = Task.Run(() => Follow(Say, clock, follow.Token, h1, h2));
                Shot(pictures, "idle", h1, h2, shots, Say);

                foreach (PhoneKey k in new[] { PhoneKey.D1, PhoneKey.D0, PhoneKey.D0, PhoneKey.D2 }) h1.Phone.Tap(k);
                h1.Phone.Tap(PhoneKey.Call);
                bool rang = Wait(() => h2.Machine.State == PhoneState.Incoming, 10000);
                checks.Add(("1002 rings", rang, rang ? "incoming call on 1002's screen" : "1002 state " + h2.Machine.State));
                if (rang)
                {
                    Thread.Sleep(400);
                    Shot(pictures, "ringing", h1, h2, shots, Say);
                    h2.Phone.Tap(PhoneKey.Call);
                }

                bool connected = rang && Wait(() => h1.Machine.State == PhoneState.Connected && h2.Machine.State == PhoneState.Connected, 10000);
                checks.Add(("call connected on both sides", connected, connected ? "1001 and 1002 connected" : "1001 " + h1.Machine.State + ", 1002 " + h2.Machine.State));
                if (connected)
                {
                    h1.Recording = h2.Recording = true;
                    Thread.Sleep(800);
                    Shot(pictures, "connected", h1, h2, shots, Say);
                    PrintMediaStart(Say, h1, h2);
                    int half = (int)Math.Max(1000, o.TalkMs / 2);
                    Thread.Sleep(half - 800);
                    h1.Phone.Tap(PhoneKey.D1);
                    Thread.Sleep(300);
                    h1.Recording = h2.Recording = false;
                    h1.Phone.Tap(PhoneKey.Hold);
                    bool held = Wait(() => h1.Machine.State == PhoneState.Held && h2.Machine.Current != null && h2.Machine.Current.HeldRemote, 5000);
                    checks.Add(("hold by 1001's key: 1001 held, 1002 sees the remote hold (re-INVITE sendonly)", held,
                        held ? "held" : "1001 " + h1.Machine.State + ", 1002 remote hold " + (h2.Machine.Current?.HeldRemote ?? false)));
                    if (held) Shot(pictures, "held", h1, h2, shots, Say);
                    Thread.Sleep(700);
                    h1.Phone.Tap(PhoneKey.Hold);
                    bool resumed = Wait(() => h1.Machine.State == PhoneState.Connected && h2.Machine.Current != null && !h2.Machine.Current.HeldRemote, 5000);
                    // The far end's audio comes back on 1001's speaker after the resume: how long that takes is
                    // reported (the jitter buffer refills), and the recording goes on from there.
                    var back = Stopwatch.StartNew();
                    bool audible = Wait(() => Loud(h1.Phone.Speaker.Last(1600)), 3000);
                    Say("audio back on 1001's speaker " + back.ElapsedMilliseconds + " ms after the resume");
                    h1.Recording = h2.Recording = true;
                    checks.Add(("1001 hears the far end again after the resume", audible, back.ElapsedMilliseconds + " ms"));
                    checks.Add(("resume by 1001's key", resumed, resumed ? "connected again on both sides" : "1001 " + h1.Machine.State));
                    Thread.Sleep(half);
                    h1.ReadMedia();
                    h2.ReadMedia();
                    h1.Recording = h2.Recording = false;
                    h1.Phone.Tap(PhoneKey.HangUp);
                    bool ended = Wait(() => h2.Machine.Current == null && h1.Machine.Current == null, 5000);
                    checks.Add(("hang-up by 1001's key ends the call on both sides", ended, ended ? "BYE answered, both idle" : "1002 " + h2.Machine.State));
                    Thread.Sleep(300);
                    Shot(pictures, "ended", h1, h2, shots, Say);
                }

                follow.Cancel();
                await watcher.ConfigureAwait(false);
                h1.Phone.Dispose();
                h2.Phone.Dispose();
                PrintLadder(output, "1001", Snapshot(h1.Trace), "1002", Snapshot(h2.Trace));
                if (connected) Report(output, h1, h2, checks, mic1, mic2, o);
                checks.Add(("pictures of both panels", shots.Count >= 4 && shots.All(File.Exists), shots.Count + " PNG files in " + pictures));
                if (o.OutDir != null) Say("recordings: " + Path.Combine(o.OutDir, "1001-speaker.wav") + ", " + Path.Combine(o.OutDir, "1002-speaker.wav"));
                return Finish(Say, checks, total);
            }
            finally
            {
                h1?.Dispose();
                h2?.Dispose();
                try { Directory.Delete(work, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static int Finish(Action<string> say, List<(string, bool, string)> checks, Stopwatch total)
        {
            bool all = checks.All(c => c.Item2);
            say("");
            foreach ((string name, bool ok, string detail) in checks) say((ok ? "  PASS  " : "  FAIL  ") + name + ": " + detail);
            say("");
            say((all ? "demo passed" : "demo FAILED") + " in " + (total.ElapsedMilliseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s");
            return all ? Program.ExitOk : Program.ExitFailed;
        }

        /// <summary>A phone's flash volume: its nf.config and its TLS identity (the throwaway CA's server certificate).</summary>
        public static string Volume(string work, string user, string config, ThrowawayCa ca)
        {
            string dir = Path.Combine(work, user);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "nf.config"), config);
            File.WriteAllText(Path.Combine(dir, "prov.crt"), ca.Server.ExportCertificatePem() + "\n");
            using ECDsa key = ca.Server.GetECDsaPrivateKey();
            File.WriteAllText(Path.Combine(dir, "prov.key"), key.ExportPkcs8PrivateKeyPem() + "\n");
            return dir;
        }

        private static bool Ready(DemoPhone p, int port) =>
            p.Phone.App?.Mode == AppMode.Phone && p.Phone.App.Phone?.Core != null && p.Phone.SipListenPort == port;

        private static bool Wait(Func<bool> condition, int ms)
        {
            var w = Stopwatch.StartNew();
            while (w.ElapsedMilliseconds < ms)
            {
                if (condition()) return true;
                Thread.Sleep(20);
            }

            return condition();
        }

        /// <summary>Prints each phone's state changes and its screen when it changes (plain lines).</summary>
        private static async Task Follow(Action<string> say, IClock clock, CancellationToken stop, params DemoPhone[] phones)
        {
            var last = new string[phones.Length];
            while (!stop.IsCancellationRequested)
            {
                for (int i = 0; i < phones.Length; i++)
                {
                    DemoPhone p = phones[i];
                    PhoneStateMachine m = p.Machine;
                    if (m == null) continue;
                    if (m.State != p.Seen)
                    {
                        p.Seen = m.State;
                        string rows = string.Join(" | ", Enumerable.Range(1, TextScreen.Rows - 1).Select(r => p.Screen.Line(r).Trim()).Where(r => r.Length > 0));
                        if (rows != last[i])
                        {
                            last[i] = rows;
                            say(Stamp(clock) + " [" + p.Name + "] | " + m.State.ToString().ToLowerInvariant() + " | " + rows);
                        }
                    }
                }

                try { await Task.Delay(20, stop).ConfigureAwait(false); } catch (TaskCanceledException) { }
            }
        }

        /// <summary>Both panels, as the controller holds them, into PNG files and side by side as text.</summary>
        private static void Shot(string dir, string moment, DemoPhone a, DemoPhone b, List<string> files, Action<string> say)
        {
            foreach (DemoPhone p in new[] { a, b })
            {
                string path = Path.Combine(dir, p.Name + "-" + moment + ".png");
                FramePng.Write(path, p.Phone.Display.Snapshot());
                files.Add(path);
            }

            say("screens at " + moment + " (" + Path.Combine(dir, "{1001,1002}-" + moment + ".png") + "):");
            say("  +" + new string('-', TextScreen.Columns) + "+   +" + new string('-', TextScreen.Columns) + "+");
            for (int r = 0; r < TextScreen.Rows; r++)
                say("  |" + a.Screen.Line(r) + "|   |" + b.Screen.Line(r) + "|");
            say("  +" + new string('-', TextScreen.Columns) + "+   +" + new string('-', TextScreen.Columns) + "+");
        }

        private static void PrintMediaStart(Action<string> say, params DemoPhone[] phones)
        {
            foreach (DemoPhone p in phones)
            {
                p.ReadMedia();
                say(" [" + p.Name + "] media start call " + p.Machine.Current?.Id + ": " + (p.Media.Secure ? SdesSuiteNames.NameOf(p.Media.Suite) : "unprotected") +
                    ", " + p.Media.Codec.ToString().ToLowerInvariant() + " from :" + p.RtpPort + " to " + p.Media.RemoteAddress + ":" + p.Media.RemotePort);
            }
        }

        private static SipTraceEntry[] Snapshot(List<SipTraceEntry> trace)
        {
            lock (trace) return trace.ToArray();
        }

        private static string Stamp(IClock clock) =>
            (clock.NowMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture).PadLeft(7);

        /// <summary>A port free for TCP on 127.0.0.1 (a phone's TLS listener).</summary>
        public static int FreeSipPort(int not = 0)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                int p = RandomNumberGenerator.GetInt32(20000, 60000);
                if (p == not) continue;
                try
                {
                    using var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    t.Bind(new IPEndPoint(IPAddress.Loopback, p));
                    return p;
                }
                catch (SocketException)
                {
                }
            }

            throw new InvalidOperationException("no free port on 127.0.0.1");
        }

        /// <summary>An even port whose RTP/RTCP pair and the second call slot's pair are free for UDP on 127.0.0.1.</summary>
        public static int FreeRtpPair(int not)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                int p = RandomNumberGenerator.GetInt32(20000, 59990) & ~1;
                if (Math.Abs(p - not) < 4) continue;
                var held = new List<Socket>();
                try
                {
                    for (int i = 0; i < 4; i++)
                    {
                        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                        held.Add(s);
                        s.Bind(new IPEndPoint(IPAddress.Loopback, p + i));
                    }

                    return p;
                }
                catch (SocketException)
                {
                }
                finally
                {
                    foreach (Socket s in held) s.Dispose();
                }
            }

            throw new InvalidOperationException("no free RTP ports on 127.0.0.1");
        }

        // ---------------------------------------------------------------- ladder

        /// <summary>
        /// One line per message, from the sender's trace; the receiver's own trace must show the same message
        /// arriving, otherwise the line is marked "(not seen by receiver)".
        /// </summary>
        public static void PrintLadder(TextWriter output, string nameA, SipTraceEntry[] ta, string nameB, SipTraceEntry[] tb)
        {
            const int width = 44;
            output.WriteLine();
            output.WriteLine("SIP ladder (TLS, both sides' traces):");
            output.WriteLine("   time  " + nameA.PadRight(width + 2) + nameB);
            var rows = new List<(SipTraceEntry e, bool fromA, bool seen)>();
            var usedB = new bool[tb.Length];
            var usedA = new bool[ta.Length];
            foreach (SipTraceEntry e in ta.Where(x => x.Outbound)) rows.Add((e, true, Consume(tb, usedB, e)));
            foreach (SipTraceEntry e in tb.Where(x => x.Outbound)) rows.Add((e, false, Consume(ta, usedA, e)));
            foreach (var r in rows.OrderBy(r => r.e.AtMs))
            {
                string label = r.e.IsRequest ? r.e.Method : r.e.Status + " " + r.e.Reason + (r.e.Method.Length > 0 ? " (" + r.e.Method + ")" : "");
                string line = r.fromA
                    ? " " + label + " " + new string('-', Math.Max(2, width - label.Length - 2)) + ">"
                    : "<" + new string('-', Math.Max(2, width - label.Length - 2)) + " " + label + " ";
                output.WriteLine((r.e.AtMs / 1000.0).ToString("0.000", CultureInfo.InvariantCulture).PadLeft(7) + "  |" +
                                 line + "|" + (r.seen ? "" : "  (not seen by receiver)"));
            }
        }

        private static bool Consume(SipTraceEntry[] other, bool[] used, SipTraceEntry sent)
        {
            for (int i = 0; i < other.Length; i++)
            {
                SipTraceEntry e = other[i];
                if (used[i] || e.Outbound || e.IsRequest != sent.IsRequest || e.Method != sent.Method || e.Status != sent.Status) continue;
                used[i] = true;
                return true;
            }

            return false;
        }

        // ---------------------------------------------------------------- report and checks

        private static void Report(TextWriter output, DemoPhone h1, DemoPhone h2, List<(string, bool, string)> checks, IMicrophone mic1, IMicrophone mic2, DemoOptions o)
        {
            output.WriteLine();
            MediaSnapshot m1 = h1.Media, m2 = h2.Media;
            checks.Add(("media statistics read on both sides", h1.MediaRead && h2.MediaRead, "from each phone's media engine before the hang-up"));
            if (!h1.MediaRead || !h2.MediaRead) return;
            string s1 = m1.Secure ? SdesSuiteNames.NameOf(m1.Suite) : "none", s2 = m2.Secure ? SdesSuiteNames.NameOf(m2.Suite) : "none";
            output.WriteLine("SRTP suite: 1001 " + s1 + ", 1002 " + s2);
            output.WriteLine();
            output.WriteLine("media            sent  received  lost  jitter ms  rtt ms  rtcp s/r  auth rtp/rtcp  replay  malformed  unprot  ssrc  tag32  dtmf rx");
            foreach ((string n, MediaSnapshot r) in new[] { ("1001", m1), ("1002", m2) })
            {
                output.WriteLine("  " + n.PadRight(12) + r.PacketsSent.ToString().PadLeft(6) + r.PacketsReceived.ToString().PadLeft(10) + r.PacketsLost.ToString().PadLeft(6) +
                                 r.JitterMs.ToString(CultureInfo.InvariantCulture).PadLeft(11) +
                                 (r.RoundTripMs < 0 ? "n/a" : r.RoundTripMs.ToString(CultureInfo.InvariantCulture)).PadLeft(8) +
                                 (r.RtcpSent + "/" + r.RtcpReceived).PadLeft(10) + (r.AuthenticationFailures + "/" + r.RtcpAuthenticationFailures).PadLeft(15) +
                                 r.Replays.ToString().PadLeft(8) + r.Malformed.ToString().PadLeft(11) + r.UnprotectedDropped.ToString().PadLeft(8) +
                                 r.WrongSsrc.ToString().PadLeft(6) + r.ShortRtcpTags.ToString().PadLeft(7) +
                                 ("'" + new string(r.Digits, 0, r.DigitCount) + "'").PadLeft(9));
            }

            checks.Add(("SRTP on both sides", s1 == "AES_CM_128_HMAC_SHA1_80" && s2 == s1, s1 + " / " + s2));
            long minPackets = Math.Max(50, o.TalkMs / 20 / 2);
            bool flow = m1.PacketsReceived >= minPackets && m2.PacketsReceived >= minPackets && m1.PacketsSent >= minPackets && m2.PacketsSent >= minPackets;
            checks.Add(("media both ways", flow, "1001 got " + m1.PacketsReceived + ", 1002 got " + m2.PacketsReceived + " SRTP packets (need ≥ " + minPackets + ")"));
            string digits = new string(m2.Digits, 0, m2.DigitCount);
            checks.Add(("DTMF 1 from 1001's keypad reached 1002 (RFC 4733)", digits.Contains('1'), "1002 received '" + digits + "'"));
            checks.Add(("no SRTP authentication failures", m1.AuthenticationFailures == 0 && m2.AuthenticationFailures == 0, m1.AuthenticationFailures + " / " + m2.AuthenticationFailures));
            bool lossOk = m1.PacketsLost <= m1.PacketsReceived / 50 && m2.PacketsLost <= m2.PacketsReceived / 50;
            checks.Add(("loss under 2 %", lossOk, m1.PacketsLost + " / " + m2.PacketsLost + " lost"));

            output.WriteLine();
            output.WriteLine("audio check (Goertzel on what each phone's speaker played in the call, not held, from 0.5 s after the answer):");
            checks.Add(AudioCheck(output, "1001", Heard(h1), mic1, mic2));
            checks.Add(AudioCheck(output, "1002", Heard(h2), mic2, mic1));
        }

        /// <summary>Every 20 ms frame of the samples is above -40 dBFS (audio without a gap).</summary>
        private static bool Loud(short[] samples)
        {
            if (samples.Length < 160) return false;
            for (int at = 0; at + 160 <= samples.Length; at += 160)
            {
                double sum = 0;
                for (int i = at; i < at + 160; i++) sum += (double)samples[i] * samples[i];
                if (Math.Sqrt(sum / 160) <= 328) return false;
            }

            return true;
        }

        private static short[] Heard(DemoPhone p)
        {
            lock (p.Heard) return p.Heard.ToArray();
        }

        private static (string, bool, string) AudioCheck(TextWriter output, string name, short[] heard, IMicrophone own, IMicrophone far)
        {
            int skip = Math.Min(heard.Length, 4000);
            int n = heard.Length - skip - 1600;
            if (n < 8000) return (name + " heard the far end", false, "only " + heard.Length / 8 + " ms recorded");
            double level = Goertzel.Dbfs(heard, skip, n);
            if (far is ToneMicrophone ft && own is ToneMicrophone ot)
            {
                double farShare = Goertzel.Share(heard, skip, n, ft.Hz);
                double ownShare = Goertzel.Share(heard, skip, n, ot.Hz);
                string detail = ft.Hz + " Hz holds " + (100 * farShare).ToString("0.0") + " % of the energy, own " + ot.Hz + " Hz " +
                                (100 * ownShare).ToString("0.00") + " %, level " + level.ToString("0.0") + " dBFS";
                output.WriteLine("  " + name + ": " + detail);
                return (name + " hears the far end's " + ft.Hz + " Hz, not its own " + ot.Hz + " Hz", farShare > 0.8 && ownShare < 0.05, detail);
            }

            string d = "level " + level.ToString("0.0") + " dBFS over " + n / 8 + " ms (WAV input: no tone to look for)";
            output.WriteLine("  " + name + ": " + d);
            return (name + " hears audio", level > -50, d);
        }
    }
}
