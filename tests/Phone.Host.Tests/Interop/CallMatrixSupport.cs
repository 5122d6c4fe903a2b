using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Phone.Host.Tests.Handset;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The virtual handset (tools/Handset `run`) as one side of a matrix call: its own nf.config for a rig
    /// user (TLS to the rig with digest auth, SRTP mandatory, all four SDES suites allowed), a tone WAV as
    /// microphone, a speaker recording, and a keypad script. Run under <see cref="PeerProcess"/> so its
    /// output lines can be watched while the call is up (registration, state changes) and it always dies.
    /// </summary>
    public sealed class MatrixHandset : IDisposable
    {
        private readonly PeerProcess _process;

        private MatrixHandset(PeerProcess process, string directory, string speaker, string user)
        {
            _process = process;
            Directory = directory;
            SpeakerPath = speaker;
            User = user;
        }

        public string Directory { get; }
        public string SpeakerPath { get; }
        public string User { get; }

        /// <summary>Everything the handset printed so far (timestamped lines).</summary>
        public string Output => _process.Log;

        public bool HasExited => _process.HasExited;

        // A deep jitter buffer: the CI machine is shared and a stalled peer sends in bursts.
        public static string Config(KamailioRig rig, string user) =>
            RigPhoneConfig.Text(rig, "matrix-" + user, user,
                "suites = AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AES_256_CM_HMAC_SHA1_80, AES_256_CM_HMAC_SHA1_32\n",
                "jitter_min_ms = 200\njitter_max_ms = 1000\n");

        /// <summary>Starts `Handset run` for <paramref name="user"/> with <paramref name="script"/>; the microphone is a sine at <paramref name="toneHz"/>.</summary>
        public static MatrixHandset Start(KamailioRig rig, string user, double toneHz, string script, bool autoAnswer, int maxSeconds = 60)
        {
            string dir = HandsetProcess.TempDir("matrix-handset-" + user);
            string config = Path.Combine(dir, user + ".nf.config");
            File.WriteAllText(config, Config(rig, user));
            string mic = Path.Combine(dir, "mic.wav");
            ToneCheck.MakeTone(mic, toneHz, 3);
            string speaker = Path.Combine(dir, "speaker.wav");
            var args = new List<string>
            {
                HandsetProcess.Dll, "run", "--config", config, "--device-root", Path.GetDirectoryName(rig.CaPath),
                "--mic", mic, "--speaker", speaker, "--plain", "--script", script,
            };
            if (autoAnswer) args.Add("--auto-answer");
            PeerProcess p = PeerProcess.Start("dotnet", args, dir, maxSeconds, new Dictionary<string, string> { ["CI"] = "true" });
            return new MatrixHandset(p, dir, speaker, user);
        }

        /// <summary>Waits (bounded) for an output line matching <paramref name="pattern"/> (a regex); throws with the output on timeout.</summary>
        public string WaitForLine(string pattern, TimeSpan timeout)
        {
            var re = new Regex(pattern);
            var sw = Stopwatch.StartNew();
            while (true)
            {
                foreach (string l in Output.Split('\n'))
                {
                    if (re.IsMatch(l)) return l;
                }
                if (sw.Elapsed > timeout) throw new TimeoutException("handset " + User + ": no line /" + pattern + "/ within " + timeout.TotalSeconds + " s\n" + Tail());
                if (HasExited)
                {
                    Thread.Sleep(300); // the last lines may still be in the pipe
                    if (re.IsMatch(Output)) continue;
                    throw new InvalidOperationException("handset " + User + " exited without /" + pattern + "/\n" + Tail());
                }
                Thread.Sleep(50);
            }
        }

        public void WaitRegistered(TimeSpan timeout) => WaitForLine(@"registration Registered", timeout);

        public int CountLines(string pattern)
        {
            var re = new Regex(pattern);
            return Output.Split('\n').Count(l => re.IsMatch(l));
        }

        /// <summary>Waits (bounded) until at least <paramref name="count"/> output lines match <paramref name="pattern"/>.</summary>
        public void WaitForLineCount(string pattern, int count, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (CountLines(pattern) < count)
            {
                if (sw.Elapsed > timeout || HasExited)
                    throw new TimeoutException("handset " + User + ": fewer than " + count + " lines /" + pattern + "/ within " + timeout.TotalSeconds + " s\n" + Tail());
                Thread.Sleep(50);
            }
        }

        /// <summary>Waits for the process to end (its script quits) and returns the final summary line.</summary>
        public string WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                _process.Stop();
                throw new TimeoutException("handset " + User + " still running after " + timeout.TotalSeconds + " s\n" + Tail());
            }
            _process.Stop(); // joins the output readers
            return Output.Split('\n').LastOrDefault(l => l.Contains("calls answered ", StringComparison.Ordinal)) ?? "";
        }

        /// <summary>Throws when the keypad script failed (an `until` timed out) or the summary line is missing.</summary>
        public void AssertScriptCompleted()
        {
            string summary = Output.Split('\n').LastOrDefault(l => l.Contains("calls answered ", StringComparison.Ordinal));
            if (summary == null) throw new Xunit.Sdk.XunitException("handset " + User + ": no summary line (crashed?)\n" + Tail());
            if (summary.Contains("script failed", StringComparison.Ordinal)) throw new Xunit.Sdk.XunitException("handset " + User + ": " + summary + "\n" + Tail());
        }

        public string Tail(int lines = 60)
        {
            string[] all = Output.Split('\n');
            return "--- handset " + User + " (tail) ---\n" + string.Join("\n", all.Skip(Math.Max(0, all.Length - lines))) + "\n";
        }

        public void Dispose()
        {
            _process.Dispose();
            if (Environment.GetEnvironmentVariable("PHONE_RIG_KEEP") != "1")
            {
                try { System.IO.Directory.Delete(Directory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>kamailio's sipdump (TLS decrypted) of a rig: every SIP message it received or sent, for checks of what the peers said.</summary>
    public static class MatrixSipDump
    {
        /// <summary>sipdump's *.data: records separated by a line of '=', headers, a line of '~', the message, a line of '|'.</summary>
        public static List<string> Messages(KamailioRig rig)
        {
            var list = new List<string>();
            if (!System.IO.Directory.Exists(rig.SipDumpDirectory)) return list;
            foreach (string f in System.IO.Directory.GetFiles(rig.SipDumpDirectory, "*.data").OrderBy(x => x, StringComparer.Ordinal))
            {
                string text;
                using (var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var r = new StreamReader(fs)) text = r.ReadToEnd();
                foreach (string rec in text.Split("====================\n"))
                {
                    int a = rec.IndexOf("~~~~~~~~~~~~~~~~~~~~\n", StringComparison.Ordinal);
                    if (a < 0) continue;
                    int b = rec.IndexOf("||||||||||||||||||||", a, StringComparison.Ordinal);
                    // A record kamailio is still writing has no closing line yet: it is read on the next look.
                    if (b < 0) continue;
                    list.Add(rec.Substring(a + 21, b - a - 21).Replace("\r\n", "\n"));
                }
            }
            return list;
        }

        public static string Header(string message, string name)
        {
            foreach (string l in message.Split('\n'))
            {
                if (l.Length == 0) break;
                if (l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) return l.Substring(name.Length + 1).Trim();
            }
            return null;
        }

        public static string CallId(string message) => Header(message, "Call-ID") ?? Header(message, "i");

        public static string FirstLine(string message) => message.Split('\n')[0].Trim();

        public static bool IsRequest(string m, string method) => m.StartsWith(method + " ", StringComparison.Ordinal);

        /// <summary>A response with <paramref name="status"/> (0: any) whose CSeq method is <paramref name="method"/>.</summary>
        public static bool IsResponse(string m, int status, string method)
        {
            if (!m.StartsWith("SIP/2.0 ", StringComparison.Ordinal)) return false;
            if (status != 0 && !m.StartsWith("SIP/2.0 " + status + " ", StringComparison.Ordinal)) return false;
            string cseq = Header(m, "CSeq");
            return cseq != null && cseq.EndsWith(" " + method, StringComparison.Ordinal);
        }

        public static string Sdp(string m)
        {
            int i = m.IndexOf("\nv=0", StringComparison.Ordinal);
            return i < 0 ? null : m.Substring(i + 1);
        }

        /// <summary>The audio direction attribute of an SDP body (sendrecv when none is given, RFC 3264 §5.1).</summary>
        public static string Direction(string sdp)
        {
            foreach (string d in new[] { "sendonly", "recvonly", "inactive", "sendrecv" })
            {
                if (Regex.IsMatch(sdp, "^a=" + d + "\\s*$", RegexOptions.Multiline)) return d;
            }
            return "sendrecv";
        }

        public static int AudioPort(string sdp)
        {
            Match m = Regex.Match(sdp ?? "", @"^m=audio (\d+) ", RegexOptions.Multiline);
            return m.Success ? int.Parse(m.Groups[1].Value) : -1;
        }

        /// <summary>The suites of the a=crypto lines of an SDP body, in order.</summary>
        public static List<string> CryptoSuites(string sdp) =>
            Regex.Matches(sdp ?? "", @"^a=crypto:\d+ (\S+) ", RegexOptions.Multiline).Select(x => x.Groups[1].Value).ToList();

        /// <summary>Waits (bounded) until a message for <paramref name="callId"/> satisfies <paramref name="pred"/>; returns all of that call's messages.</summary>
        public static List<string> WaitFor(KamailioRig rig, string callId, Func<string, bool> pred, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                List<string> msgs = Messages(rig).Where(m => CallId(m) == callId).ToList();
                if (msgs.Any(pred) || sw.Elapsed > timeout) return msgs;
                Thread.Sleep(100);
            }
        }

        /// <summary>
        /// Waits (bounded) for a message of any call that satisfies <paramref name="pred"/> (kamailio writes its dump
        /// from another process, a moment after the message went out); the newest such message, or null.
        /// </summary>
        public static string WaitForLast(KamailioRig rig, Func<string, bool> pred, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                string m = Messages(rig).LastOrDefault(pred);
                if (m != null || sw.Elapsed > timeout) return m;
                Thread.Sleep(100);
            }
        }

        /// <summary>The Call-IDs of every INVITE in the dump so far (the calls of earlier tests on the same rig).</summary>
        public static HashSet<string> InviteCallIds(KamailioRig rig) =>
            new HashSet<string>(Messages(rig).Where(m => IsRequest(m, "INVITE")).Select(CallId).Where(c => c != null), StringComparer.Ordinal);

        /// <summary>
        /// The Call-ID of the newest INVITE from <paramref name="fromUser"/> to <paramref name="toUser"/> (the initial
        /// INVITE, To without a tag) that is not in <paramref name="taken"/>, which it is then added to. The dump holds
        /// the calls of earlier tests on the same rig and is written a moment late: without <paramref name="taken"/>
        /// an earlier call between the same users could be returned before the new INVITE is written.
        /// </summary>
        public static string NewestInviteCallId(KamailioRig rig, string fromUser, string toUser, TimeSpan timeout, ISet<string> taken = null)
        {
            var sw = Stopwatch.StartNew();
            while (true)
            {
                string m = Messages(rig).LastOrDefault(x => IsRequest(x, "INVITE")
                    && (Header(x, "From") ?? "").Contains("sip:" + fromUser + "@", StringComparison.Ordinal)
                    && (Header(x, "To") ?? "").Contains("sip:" + toUser + "@", StringComparison.Ordinal)
                    && !(Header(x, "To") ?? "").Contains("tag=", StringComparison.Ordinal)
                    && (taken == null || !taken.Contains(CallId(x) ?? "")));
                if (m != null)
                {
                    taken?.Add(CallId(m));
                    return CallId(m);
                }

                if (sw.Elapsed > timeout) throw new TimeoutException("no INVITE from " + fromUser + " to " + toUser + " in kamailio's sipdump");
                Thread.Sleep(100);
            }
        }

        /// <summary>One line per message: start line, CSeq, and for SDP the direction, the port and each crypto line's suite and key prefix.</summary>
        public static string Ladder(IEnumerable<string> msgs) =>
            string.Join("\n", msgs.Select(m => FirstLine(m) + "  [" + Header(m, "CSeq") + "]" + (Sdp(m) != null
                ? " sdp " + Direction(Sdp(m)) + " port " + AudioPort(Sdp(m)) + " " + string.Join(",", Regex.Matches(Sdp(m), @"^a=crypto:\d+ (\S+) inline:(.{6})", RegexOptions.Multiline)
                    .Select(x => x.Groups[1].Value + "/" + x.Groups[2].Value))
                : "")));
    }

    /// <summary>One UDP datagram on lo with its capture time.</summary>
    public sealed class TimedUdp
    {
        public double Time { get; set; }
        public int SourcePort { get; set; }
        public int DestinationPort { get; set; }
        public byte[] Payload { get; set; }

        /// <summary>RTP version 2 with PCMU/PCMA (payload type 0/8), not RTCP (types 72-76 with the marker bit).</summary>
        public bool IsG711Rtp => Payload.Length >= 12 && (Payload[0] >> 6) == 2 && ((Payload[1] & 0x7f) == 0 || (Payload[1] & 0x7f) == 8);

    }

    /// <summary>
    /// A dumpcap capture on lo (all UDP while a call is up), read here with the capture timestamps, so the
    /// media of a call can be picked by the ports both SDPs gave and checked for encryption, SRTP tag
    /// length and pauses (hold).
    /// </summary>
    public sealed class MatrixCapture : IDisposable
    {
        private readonly PeerProcess _process;

        private MatrixCapture(PeerProcess process, string path)
        {
            _process = process;
            Path = path;
        }

        public string Path { get; }

        /// <summary>Starts dumpcap on lo for <paramref name="filter"/>, or returns null (with <paramref name="why"/>) when it cannot capture.</summary>
        public static MatrixCapture TryStart(string filter, string path, out string why, int maxSeconds = 90)
        {
            why = null;
            string dumpcap = KamailioRig.FindOnPath("dumpcap");
            if (dumpcap == null)
            {
                why = "dumpcap (package tshark) is not installed";
                return null;
            }
            var p = PeerProcess.Start(dumpcap, new[] { "-i", "lo", "-P", "-q", "-f", filter, "-w", path, "-a", "duration:" + maxSeconds },
                System.IO.Path.GetDirectoryName(path), maxSeconds + 5);
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed < TimeSpan.FromSeconds(10))
            {
                if (p.Log.Contains("Capturing on", StringComparison.Ordinal) && File.Exists(path)) return new MatrixCapture(p, path);
                if (p.HasExited) break;
                Thread.Sleep(50);
            }
            why = "dumpcap could not capture on lo: " + p.Log;
            p.Dispose();
            return null;
        }

        public List<TimedUdp> StopAndRead()
        {
            _process.Stop(5000);
            return Read(Path);
        }

        /// <summary>Stops dumpcap and deletes the capture (kept with PHONE_RIG_KEEP=1).</summary>
        public void Dispose()
        {
            _process.Dispose();
            if (Environment.GetEnvironmentVariable("PHONE_RIG_KEEP") != "1")
            {
                try { File.Delete(Path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        public static List<TimedUdp> Read(string path)
        {
            var result = new List<TimedUdp>();
            byte[] b = File.ReadAllBytes(path);
            if (b.Length < 24) return result;
            uint magic = BitConverter.ToUInt32(b, 0);
            double fraction = magic == 0xa1b2c3d4 ? 1e-6 : magic == 0xa1b23c4d ? 1e-9 : throw new InvalidDataException("not a little-endian pcap: " + path);
            int linkType = BitConverter.ToInt32(b, 20);
            int pos = 24;
            while (pos + 16 <= b.Length)
            {
                double t = BitConverter.ToUInt32(b, pos) + BitConverter.ToUInt32(b, pos + 4) * fraction;
                int incl = BitConverter.ToInt32(b, pos + 8);
                int frame = pos + 16;
                pos = frame + incl;
                if (incl < 0 || pos > b.Length) break;
                int ip;
                if (linkType == 1 && incl >= 14 && b[frame + 12] == 0x08 && b[frame + 13] == 0x00) ip = frame + 14;
                else if (linkType == 113 && incl >= 16 && b[frame + 14] == 0x08 && b[frame + 15] == 0x00) ip = frame + 16;
                else continue;
                if ((b[ip] >> 4) != 4 || b[ip + 9] != 17) continue;
                int udp = ip + (b[ip] & 0x0f) * 4;
                if (udp + 8 > frame + incl) continue;
                int len = (b[udp + 4] << 8 | b[udp + 5]) - 8;
                if (len < 0 || udp + 8 + len > frame + incl) continue;
                result.Add(new TimedUdp
                {
                    Time = t,
                    SourcePort = b[udp] << 8 | b[udp + 1],
                    DestinationPort = b[udp + 2] << 8 | b[udp + 3],
                    Payload = b.AsSpan(udp + 8, len).ToArray(),
                });
            }
            return result;
        }

        /// <summary>The G.711 RTP packets sent to <paramref name="destinationPort"/> (from anywhere), in capture order.</summary>
        public static List<TimedUdp> MediaTo(IEnumerable<TimedUdp> all, int destinationPort) =>
            all.Where(p => p.DestinationPort == destinationPort && p.IsG711Rtp).ToList();

        /// <summary>The longest silence between consecutive packets and when it started (seconds, capture clock).</summary>
        public static (double Gap, double At) LongestGap(List<TimedUdp> packets)
        {
            double gap = 0, at = 0;
            for (int i = 1; i < packets.Count; i++)
            {
                double g = packets[i].Time - packets[i - 1].Time;
                if (g > gap) { gap = g; at = packets[i - 1].Time; }
            }
            return (gap, at);
        }

        /// <summary>
        /// Packets whose first 160 payload bytes equal those of the packet 5 sequence numbers later: a steady tone in plain
        /// PCMU/PCMA at 20 ms repeats every 5 packets, SRTP's per-packet keystream never does.
        /// </summary>
        public static (int Repeats, int Pairs) RepeatsEveryFive(List<TimedUdp> rtp)
        {
            var bySeq = new Dictionary<int, byte[]>();
            foreach (TimedUdp p in rtp)
            {
                int hdr = 12 + 4 * (p.Payload[0] & 0x0f);
                if (p.Payload.Length < hdr + 160) continue;
                bySeq[p.Payload[2] << 8 | p.Payload[3]] = p.Payload.AsSpan(hdr, 160).ToArray();
            }
            int pairs = 0, repeats = 0;
            foreach (var kv in bySeq)
            {
                if (!bySeq.TryGetValue((kv.Key + 5) & 0xffff, out byte[] later)) continue;
                pairs++;
                if (kv.Value.AsSpan().SequenceEqual(later)) repeats++;
            }
            return (repeats, pairs);
        }

        /// <summary>The most common packet length (12-byte header + 160 bytes of 20 ms G.711 + the SRTP tag, RFC 3711 §3.1).</summary>
        public static int CommonLength(List<TimedUdp> rtp) =>
            rtp.Count == 0 ? 0 : rtp.GroupBy(p => p.Payload.Length).OrderByDescending(g => g.Count()).First().Key;
    }

    /// <summary>Where in a recording a tone is heard: 50 ms blocks classified with ToneCheck's Goertzel rule, then runs.</summary>
    public static class ToneTimeline
    {
        /// <summary>Per 50 ms block: does <paramref name="hz"/> carry half the energy, 20 dB over its ±100-300 Hz neighbours, above -40 dBFS.</summary>
        public static bool[] Blocks(short[] samples, int rate, double hz)
        {
            int block = rate / 20;
            int n = samples.Length / block;
            var result = new bool[n];
            var window = new double[block];
            double wsum = 0;
            for (int i = 0; i < block; i++) { window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (block - 1)); wsum += window[i]; }
            var x = new double[block];
            for (int b = 0; b < n; b++)
            {
                double energy = 0;
                for (int i = 0; i < block; i++)
                {
                    double s = samples[b * block + i] / 32768.0;
                    energy += s * s;
                    x[i] = s * window[i];
                }
                double ms = energy / block;
                if (Math.Sqrt(ms) < ToneCheck.MinRms) continue;
                double tone = 2 * ToneCheck.Goertzel(x, hz, rate) / (wsum * wsum);
                double worst = 0;
                foreach (double off in new double[] { -300, -200, -100, 100, 200, 300 }) worst = Math.Max(worst, 2 * ToneCheck.Goertzel(x, hz + off, rate) / (wsum * wsum));
                result[b] = tone / ms >= ToneCheck.MinEnergyShare && 10 * Math.Log10((tone + 1e-20) / (worst + 1e-20)) >= ToneCheck.MinNeighbourDb;
            }
            return result;
        }

        /// <summary>Runs of blocks with the tone that last at least <paramref name="minSeconds"/>, as (start, length) in seconds.</summary>
        public static List<(double Start, double Length)> Runs(bool[] blocks, double minSeconds, int bridgeBlocks = 2)
        {
            var runs = new List<(double, double)>();
            int i = 0;
            while (i < blocks.Length)
            {
                if (!blocks[i]) { i++; continue; }
                int start = i, last = i;
                // A short dropout (a late packet, a concealed frame) does not end a run.
                while (i < blocks.Length)
                {
                    if (blocks[i]) last = i;
                    else if (i - last > bridgeBlocks) break;
                    i++;
                }
                double len = (last - start + 1) * 0.05;
                if (len >= minSeconds) runs.Add((start * 0.05, len));
            }
            return runs;
        }

        public static string Describe(List<(double Start, double Length)> runs) =>
            runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Start.ToString("0.00") + "+" + r.Length.ToString("0.00") + "s"));
    }
}
