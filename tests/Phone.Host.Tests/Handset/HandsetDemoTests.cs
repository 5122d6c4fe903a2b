using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// `Handset demo` as a process, checked from outside: its exit code and report, the recordings it writes
    /// (analysed by the tests' own ToneCheck and by sox, not by the handset's Goertzel) and the media on the
    /// wire (captured on lo with dumpcap: SRTP, not G.711 of the tones).
    /// </summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetDemoTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetDemoTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task Demo_PassesAndTheRecordingsAndTheWireShowSecureTwoWayAudio()
        {
            string dir = HandsetProcess.TempDir("handset-demo");
            string outDir = Path.Combine(dir, "out");
            string capPath = Path.Combine(dir, "lo.pcap");
            // Only UDP above 20000 on loopback: the handsets' RTP/RTCP (SIP is TLS over TCP).
            using LoopbackCapture cap = LoopbackCapture.TryStart("udp and portrange 20000-60000", capPath, 40);
            HandsetProcess.Result r = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(40),
                new Dictionary<string, string> { ["XDG_CACHE_HOME"] = Path.Combine(dir, "cache") },
                "demo", "--out", outDir, "--plain");
            _out.WriteLine(r.ToString());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True(r.Elapsed < TimeSpan.FromSeconds(20), "demo took " + r.Elapsed);
            Assert.Contains("SRTP suite: 1001 AES_CM_128_HMAC_SHA1_80, 1002 AES_CM_128_HMAC_SHA1_80", r.Output);
            Assert.Contains("demo passed", r.Output);
            Assert.DoesNotContain("FAIL", r.Output);
            foreach (string step in new[] { "INVITE -", "180 Ringing (INVITE)", "200 OK (INVITE)", "ACK -", "BYE -", "200 OK (BYE)" })
            {
                Assert.Contains(step, r.Output);
            }

            Assert.DoesNotContain("not seen by receiver", r.Output);
            Assert.True(File.Exists(Path.Combine(dir, "cache", "phone-handset", "ca.pem")), "throwaway CA stored in the state dir");

            // What each handset heard: the far end's tone, not its own (independent Goertzel).
            string rec1 = Path.Combine(outDir, "1001-speaker.wav"), rec2 = Path.Combine(outDir, "1002-speaker.wav");
            ToneReport far1 = ToneCheck.Analyse(rec1, 1000), own1 = ToneCheck.Analyse(rec1, 440);
            ToneReport far2 = ToneCheck.Analyse(rec2, 440), own2 = ToneCheck.Analyse(rec2, 1000);
            _out.WriteLine("1001 heard: " + far1 + " / own " + own1);
            _out.WriteLine("1002 heard: " + far2 + " / own " + own2);
            Assert.True(far1.Present && !own1.Present, far1 + " / " + own1);
            Assert.True(far2.Present && !own2.Present, far2 + " / " + own2);

            // sox: its rough frequency estimate of each recording is the far end's tone.
            double f1 = SoxRoughFrequency(rec1), f2 = SoxRoughFrequency(rec2);
            _out.WriteLine("sox rough frequency: 1001 heard " + f1 + " Hz, 1002 heard " + f2 + " Hz");
            Assert.InRange(f1, 900, 1100);
            Assert.InRange(f2, 400, 480);

            if (cap == null)
            {
                _out.WriteLine("dumpcap unavailable: wire check skipped");
                return;
            }

            // The handsets' RTP ports, from their "media start ... from :PORT" lines (other tests may use loopback too).
            var ports = new HashSet<int>(Regex.Matches(r.Output, @"media start call -?\d+: .* from :(\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
            Assert.Equal(2, ports.Count);
            List<CapturedUdp> udp = cap.StopAndRead();
            List<CapturedUdp> rtp = udp.Where(u => ports.Contains(u.SourcePort) && ports.Contains(u.DestinationPort) &&
                                                   u.Payload.Length >= 12 && (u.Payload[0] & 0xC0) == 0x80 && (u.Payload[1] & 0x7F) == 0).ToList();
            _out.WriteLine("captured " + udp.Count + " UDP datagrams, " + rtp.Count + " with an RTP header of PT 0");
            Assert.True(rtp.Count >= 300, "too few RTP packets on the wire: " + rtp.Count);
            // SRTP with the 80-bit tag: 12 header + 160 PCMU + 10 tag.
            Assert.All(rtp, u => Assert.Equal(182, u.Payload.Length));
            foreach (var flow in rtp.GroupBy(u => (u.SourcePort, u.DestinationPort)).Where(g => g.Count() > 50))
            {
                string raw = Path.Combine(dir, "flow-" + flow.Key.SourcePort + ".ul");
                File.WriteAllBytes(raw, flow.SelectMany(u => u.Payload.Skip(12).Take(160)).ToArray());
                foreach (double hz in new[] { 440.0, 1000.0 })
                {
                    ToneReport t = ToneCheck.Analyse(SoxUlawToWav(raw), hz);
                    _out.WriteLine("flow " + flow.Key + " payload as PCMU at " + hz + " Hz: " + t);
                    Assert.False(t.Present, "payload of " + flow.Key + " decodes to the " + hz + " Hz tone: media is not encrypted");
                }
            }
        }

        /// <summary>Control for the wire check: G.711 µ-law of a tone does show the tone through the same pipeline.</summary>
        [Fact]
        public void WireCheckControl_PlainPcmuOfATone_IsDetected()
        {
            string dir = HandsetProcess.TempDir("handset-wire-control");
            string wav = Path.Combine(dir, "tone.wav"), raw = Path.Combine(dir, "tone.ul");
            ToneCheck.MakeTone(wav, 440, 3);
            Sox(wav, "-t", "ul", raw);
            Assert.True(ToneCheck.Analyse(SoxUlawToWav(raw), 440).Present);
        }

        private static string SoxUlawToWav(string raw)
        {
            string wav = raw + ".wav";
            Sox("-t", "ul", "-r", "8000", "-c", "1", raw, "-b", "16", "-e", "signed-integer", wav);
            return wav;
        }

        private static double SoxRoughFrequency(string wav)
        {
            string text = Sox(wav, "-n", "trim", "0.5", "stat");
            Match m = Regex.Match(text, @"Rough\s+frequency:\s+(-?\d+)");
            Assert.True(m.Success, "no rough frequency in sox stat output:\n" + text);
            return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        private static string Sox(params string[] args)
        {
            var psi = new ProcessStartInfo("sox") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            string err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "sox " + string.Join(" ", args) + ": " + err);
            return err;
        }
    }
}
