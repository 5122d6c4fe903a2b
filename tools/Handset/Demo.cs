using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Phone.Config;
using Phone.Host.Sip;

namespace Phone.Tools.Handset
{
    /// <summary>
    /// `Handset demo`: two handsets call each other directly over TLS with SRTP on 127.0.0.1 and the run is
    /// checked end to end (signalling, suite, media counters, and what each side heard).
    /// </summary>
    public static class Demo
    {
        public const double Tone1001 = 440;
        public const double Tone1002 = 1000;

        /// <summary>The demo handsets' nf.config; {user}, {peer_port} and {ca} are filled in before parsing.</summary>
        public const string ConfigTemplate =
@"# Demo handset {user}: calls go straight to the other handset (no registrar), TLS + mandatory SRTP.
[device]
name = handset-{user}

[wifi]
ssid = loopback

[sip]
domain = 127.0.0.1
user = {user}
password = unused-in-the-demo
display_name = Handset {user}
transport = tls
port = {peer_port}

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
";

        public static string ConfigText(string user, int peerPort, string caPem) =>
            ConfigTemplate.Replace("{user}", user).Replace("{peer_port}", peerPort.ToString())
                .Replace("{ca}", caPem.Replace("\r", "").TrimEnd('\n'));

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
            PhoneConfig c1 = Program.ParseConfig(Encoding.UTF8.GetBytes(ConfigText("1001", p2, ca.CaPem)), "demo nf.config 1001", output);
            PhoneConfig c2 = Program.ParseConfig(Encoding.UTF8.GetBytes(ConfigText("1002", p1, ca.CaPem)), "demo nf.config 1002", output);
            if (c1 == null || c2 == null) return Program.ExitFailed;
            Say("nf.config 1001 and 1002 parsed by the phone's ConfigParser: transport tls, srtp " + c1.Srtp.Mode.ToString().ToLowerInvariant() +
                ", codecs pcmu/pcma, ptime " + c1.Audio.Ptime);

            if (o.OutDir != null) Directory.CreateDirectory(o.OutDir);
            bool ansi = !o.Plain && HandsetDisplay.TerminalIsInteractive();
            var clock = Stopwatch.StartNew();
            string half = (o.TalkMs / 2000.0).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "s";
            string script1 = "wait 300ms; dial sips:1002@127.0.0.1:" + p2 + "; key call; until connected 10s; wait " + half +
                             "; key 1; wait " + half + "; key hangup; until ended 5s; wait 300ms; quit";
            List<ScriptStep> steps = HandsetScript.Parse(script1, out string scriptError);
            if (scriptError != null) throw new InvalidOperationException(scriptError);

            IMicrophone mic1 = o.Mic1001 != null ? new WavMicrophone(o.Mic1001) : new ToneMicrophone(Tone1001);
            IMicrophone mic2 = o.Mic1002 != null ? new WavMicrophone(o.Mic1002) : new ToneMicrophone(Tone1002);
            Handset h1 = null, h2 = null;
            try
            {
                h1 = new Handset(new HandsetOptions
                {
                    Name = "1001", Config = c1, Register = false, ServerCertificate = ca.Server, SipPort = p1,
                    Microphone = mic1, SpeakerPath = o.OutDir != null ? Path.Combine(o.OutDir, "1001-speaker.wav") : null,
                    KeepSpeakerSamples = true, Script = steps, Display = new HandsetDisplay(output, false, outLock), SharedClock = clock,
                    Log = s => Say(Stamp(clock) + " [1001] " + s),
                });
                h2 = new Handset(new HandsetOptions
                {
                    Name = "1002", Config = c2, Register = false, ServerCertificate = ca.Server, SipPort = p2,
                    Microphone = mic2, SpeakerPath = o.OutDir != null ? Path.Combine(o.OutDir, "1002-speaker.wav") : null,
                    KeepSpeakerSamples = true, AutoAnswer = true, Display = new HandsetDisplay(output, false, outLock), SharedClock = clock,
                    Log = s => Say(Stamp(clock) + " [1002] " + s),
                });
                Say("1001 on 127.0.0.1:" + h1.SipPort + " (tls only, mic " + mic1.Describe() + "), 1002 on 127.0.0.1:" + h2.SipPort +
                    " (tls only, mic " + mic2.Describe() + ", auto-answer)");
                Say("1001 script: " + script1);
                Say("");
                h2.Start();
                h1.Start();

                Task<bool> finished = h1.Finished;
                bool scriptOk = await Task.WhenAny(finished, Task.Delay(TimeSpan.FromMilliseconds(o.TalkMs + 20000))).ConfigureAwait(false) == finished &&
                                finished.Result;
                // Let 1002 finish its side of the BYE.
                for (int i = 0; i < 40 && h2.CallsEnded < 1; i++) await Task.Delay(50).ConfigureAwait(false);
                await Task.Delay(200).ConfigureAwait(false);
                h1.Stop();
                h2.Stop();

                var checks = new List<(string, bool, string)>();
                checks.Add(("1001 keypad script", scriptOk, scriptOk ? "dialled, connected, hung up" : (h1.ScriptError ?? "did not finish in time")));
                PrintLadder(output, h1, h2);
                Report(output, h1, h2, checks, mic1, mic2, o);
                h1.Dispose();
                h2.Dispose();
                h1 = h2 = null;

                if (o.OutDir != null) Say("recordings: " + Path.Combine(o.OutDir, "1001-speaker.wav") + ", " + Path.Combine(o.OutDir, "1002-speaker.wav"));
                bool all = checks.All(c => c.Item2);
                Say("");
                foreach ((string name, bool ok, string detail) in checks) Say((ok ? "  PASS  " : "  FAIL  ") + name + ": " + detail);
                Say("");
                Say((all ? "demo passed" : "demo FAILED") + " in " + (total.ElapsedMilliseconds / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
                return all ? Program.ExitOk : Program.ExitFailed;
            }
            finally
            {
                h1?.Dispose();
                h2?.Dispose();
            }
        }

        private static string Stamp(Stopwatch clock) =>
            (clock.ElapsedMilliseconds / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture).PadLeft(7);

        /// <summary>A port free for both UDP and TCP (the handset's SIP port serves both).</summary>
        public static int FreeSipPort(int not = 0)
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                int p = RandomNumberGenerator.GetInt32(20000, 60000);
                if (p == not) continue;
                try
                {
                    using var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    u.Bind(new IPEndPoint(IPAddress.Loopback, p));
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

        // ---------------------------------------------------------------- ladder

        /// <summary>
        /// One line per message, from the sender's trace; the receiver's own trace must show the same message
        /// arriving, otherwise the line is marked "(not seen by receiver)".
        /// </summary>
        public static void PrintLadder(TextWriter output, Handset a, Handset b)
        {
            const int width = 44;
            output.WriteLine();
            output.WriteLine("SIP ladder (TLS, both sides' traces):");
            output.WriteLine("   time  " + a.Name.PadRight(width + 2) + b.Name);
            SipTraceEntry[] ta = a.Trace, tb = b.Trace;
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
                output.WriteLine((r.e.AtMs / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture).PadLeft(7) + "  |" +
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

        private static void Report(TextWriter output, Handset h1, Handset h2, List<(string, bool, string)> checks, IMicrophone mic1, IMicrophone mic2, DemoOptions o)
        {
            output.WriteLine();
            CallReport r1 = h1.Reports.FirstOrDefault(), r2 = h2.Reports.FirstOrDefault();
            checks.Add(("call connected on both sides", h1.CallsConnected >= 1 && h2.CallsConnected >= 1,
                "1001 " + h1.CallsConnected + ", 1002 " + h2.CallsConnected + " answered call(s)"));
            checks.Add(("media ended on both sides", r1 != null && r2 != null, r1 != null && r2 != null ? "BYE handled, sessions stopped" : "a media session did not end"));
            if (r1 == null || r2 == null) return;

            output.WriteLine("SRTP suite: 1001 " + r1.Suite + ", 1002 " + r2.Suite);
            output.WriteLine();
            output.WriteLine("media            sent  received  lost  jitter ms  rtt ms  rtcp s/r  auth rtp/rtcp  replay  malformed  unprot  ssrc  tag32  latched");
            foreach ((string n, CallReport r) in new[] { ("1001", r1), ("1002", r2) })
            {
                output.WriteLine("  " + n.PadRight(12) + r.PacketsSent.ToString().PadLeft(6) + r.PacketsReceived.ToString().PadLeft(10) + r.PacketsLost.ToString().PadLeft(6) +
                                 r.JitterMs.ToString("0", System.Globalization.CultureInfo.InvariantCulture).PadLeft(11) +
                                 (r.RttMs < 0 ? "n/a" : r.RttMs.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).PadLeft(8) +
                                 (r.RtcpSent + "/" + r.RtcpReceived).PadLeft(10) + (r.AuthFailures + "/" + r.RtcpAuthFailures).PadLeft(15) +
                                 r.Replays.ToString().PadLeft(8) + r.Malformed.ToString().PadLeft(11) + r.Unprotected.ToString().PadLeft(8) +
                                 r.UnknownSsrc.ToString().PadLeft(6) + r.ShortRtcpTags.ToString().PadLeft(7) +
                                 "  " + (r.LatchedFrom ?? "-"));
            }

            bool suiteOk = r1.Secure && r2.Secure && r1.Suite == "AES_CM_128_HMAC_SHA1_80" && r2.Suite == r1.Suite;
            checks.Add(("SRTP on both sides", suiteOk, r1.Suite + " / " + r2.Suite));
            long minPackets = Math.Max(50, o.TalkMs / 20 / 2);
            bool flow = r1.PacketsReceived >= minPackets && r2.PacketsReceived >= minPackets && r1.PacketsSent >= minPackets && r2.PacketsSent >= minPackets;
            checks.Add(("media both ways", flow, "1001 got " + r1.PacketsReceived + ", 1002 got " + r2.PacketsReceived + " SRTP packets (need ≥ " + minPackets + ")"));
            checks.Add(("DTMF 1 from 1001's keypad reached 1002 (RFC 4733)", r2.DigitsReceived.Contains('1'),
                "1002 received '" + new string(r2.DigitsReceived.ToArray()) + "'"));
            checks.Add(("no SRTP authentication failures", r1.AuthFailures == 0 && r2.AuthFailures == 0, r1.AuthFailures + " / " + r2.AuthFailures));
            bool lossOk = r1.PacketsLost <= r1.PacketsReceived / 50 && r2.PacketsLost <= r2.PacketsReceived / 50;
            checks.Add(("loss under 2 %", lossOk, r1.PacketsLost + " / " + r2.PacketsLost + " lost"));

            output.WriteLine();
            output.WriteLine("audio check (Goertzel on what each handset played, from 0.5 s after the answer):");
            checks.Add(AudioCheck(output, "1001", h1.SpeakerSamples, mic1, mic2));
            checks.Add(AudioCheck(output, "1002", h2.SpeakerSamples, mic2, mic1));
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
