using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Phone.Call;
using Phone.Host.Tests.Interop;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>The handset's command line (as a process), script language, WAV input and throwaway CA.</summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetCliTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetCliTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Theory]
        [InlineData("frobnicate")]
        [InlineData("demo", "--bogus")]
        [InlineData("demo", "--talk", "4 seconds")]
        [InlineData("run")]
        [InlineData("run", "--config", "/nonexistent/nf.config")]
        [InlineData("run", "--config", "/dev/null", "--script", "dial 12ab")]
        [InlineData("run", "--config", "/dev/null", "--sip-port", "70000")]
        public async Task BadArguments_PrintUsage_Exit2(params string[] args)
        {
            HandsetProcess.Result r = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(30), null, args);
            _out.WriteLine(r.ToString());
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("usage:", r.Error);
        }

        [Theory]
        [InlineData("--help")]
        [InlineData("demo", "--help")]
        [InlineData("run", "--help")]
        public async Task Help_Exit0(params string[] args)
        {
            HandsetProcess.Result r = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(30), null, args);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("usage:", r.Output);
        }

        [Fact]
        public void ToneHz_SetsTheDefaultMicrophonesPitch_AndRefusesWhatG711CannotCarry()
        {
            Assert.Equal(440, RunOptions.Parse(new System.Collections.Generic.List<string> { "--config", "/dev/null" }).ToneHz);
            Assert.Equal(1000, RunOptions.Parse(new System.Collections.Generic.List<string> { "--config", "/dev/null", "--tone-hz", "1000" }).ToneHz);
            Assert.Equal(697.5, RunOptions.Parse(new System.Collections.Generic.List<string> { "--config", "/dev/null", "--tone-hz", "697.5" }).ToneHz);
            foreach (string bad in new[] { "0", "4000", "-440", "la", "NaN" })
            {
                var e = Assert.Throws<UsageException>(() => RunOptions.Parse(new System.Collections.Generic.List<string> { "--config", "/dev/null", "--tone-hz", bad }));
                Assert.Contains("--tone-hz", e.Message);
            }
        }

        [Fact]
        public void RtpBase_IsPickedInsideTheConfiguredRange_WithEverySlotsPairFree()
        {
            // audio.rtp_port_min/max: an even base whose 2 slots x (RTP, RTCP) fit below rtp_port_max + 1.
            int min = 20000 + 2 * System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 10000);
            for (int i = 0; i < 20; i++)
            {
                int p = Phone.Tools.Handset.Handset.PickRtpBase(System.Net.IPAddress.Loopback, min, min + 6, 2, out RtpPortClaim claim);
                claim?.Dispose();
                Assert.True(p % 2 == 0 && p >= min && p + 3 <= min + 7, "base " + p + " outside " + min + ".." + (min + 7));
            }

            // A range with room for exactly the two slots has one base.
            Assert.Equal(min, Phone.Tools.Handset.Handset.PickRtpBase(System.Net.IPAddress.Loopback, min, min + 2, 2, out RtpPortClaim only));
            Assert.NotNull(only);
            only.Dispose();
        }

        [Fact]
        public void RtpBase_ClaimedByOneHandset_IsNotPickedByTheNext_UntilReleased()
        {
            // Ports are bound only when a call starts; the claim is what keeps a second handset off them meanwhile.
            int min = 20000 + 2 * System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 10000);
            int first = Phone.Tools.Handset.Handset.PickRtpBase(System.Net.IPAddress.Loopback, min, min + 2, 1, out RtpPortClaim a);
            int second = Phone.Tools.Handset.Handset.PickRtpBase(System.Net.IPAddress.Loopback, min, min + 2, 1, out RtpPortClaim b);
            Assert.NotNull(a);
            Assert.NotNull(b);
            Assert.NotEqual(first, second);
            Assert.Null(RtpPortClaim.TryClaim(System.Net.IPAddress.Loopback, first, 1));
            a.Dispose();
            using (RtpPortClaim again = RtpPortClaim.TryClaim(System.Net.IPAddress.Loopback, first, 1))
            {
                Assert.NotNull(again);
            }

            b.Dispose();
        }

        [Fact]
        public void CallSummary_NamesEachDropAndThePeersQuirk()
        {
            var r = new CallReport
            {
                Suite = "AES_CM_128_HMAC_SHA1_32", PacketsSent = 500, PacketsReceived = 490, PacketsLost = 10,
                AuthFailures = 1, RtcpAuthFailures = 2, Replays = 3, Malformed = 4, Unprotected = 5, UnknownSsrc = 6, ShortRtcpTags = 7, RtcpApp = 8,
            };
            string s = MediaFacts.Summary(r);
            _out.WriteLine(s);
            Assert.Contains("rtt n/a (peer's SRTCP has a 32-bit tag)", s);
            Assert.Contains("auth failures rtp 1 rtcp 2, replayed 3, malformed 4, unprotected 5, unknown ssrc 6, peer quirks: srtcp 32-bit tag 7, rtcp app 8", s);
            Assert.DoesNotContain("other dropped", s);
            Assert.True(MediaFacts.AnyDropped(r));

            var clean = new CallReport { RttMs = 12.5 };
            Assert.Contains("rtt 12.5 ms", MediaFacts.Summary(clean));
            Assert.False(MediaFacts.AnyDropped(clean));
            clean.RttMs = -1;
            Assert.Equal("n/a", MediaFacts.Rtt(clean));
        }

        [Fact]
        public async Task BadConfig_PrintsParserErrorsWithLineNumbers_Exit1_WithoutTheValues()
        {
            string dir = HandsetProcess.TempDir("handset-badcfg");
            string cfg = Path.Combine(dir, "nf.config");
            File.WriteAllText(cfg, "[wifi]\nssid = net\n[sip]\ndomain = example.com\nuser = 1001\npassword = s3cret-Value#9\nport = 99999\ntransport = sctp\n");
            HandsetProcess.Result r = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(30), null, "run", "--config", cfg);
            _out.WriteLine(r.ToString());
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("line 7 [sip] port: OutOfRange", r.Error);
            Assert.Contains("line 8 [sip] transport: BadValue", r.Error);
            Assert.DoesNotContain("s3cret-Value#9", r.Output + r.Error);
        }

        [Fact]
        public void Script_ParsesTheDocumentedStatements()
        {
            var steps = HandsetScript.Parse("wait 1s; dial 1002; key call\n# a comment\nuntil connected 8s; wait 250ms; key hangup; dial sips:1002@127.0.0.1:5071; quit", out string error);
            Assert.Null(error);
            Assert.Equal(8, steps.Count);
            Assert.Equal((ScriptStepKind.Wait, 1000L), (steps[0].Kind, steps[0].Ms));
            Assert.Equal(("1002", (string)null), (steps[1].Digits, steps[1].Uri));
            Assert.Equal(PhoneKey.Call, steps[2].Key);
            Assert.Equal(("connected", 8000L), (steps[3].Condition, steps[3].Ms));
            Assert.Equal(250L, steps[4].Ms);
            Assert.Equal(PhoneKey.HangUp, steps[5].Key);
            Assert.Equal(("1002", "sips:1002@127.0.0.1:5071"), (steps[6].Digits, steps[6].Uri));
            Assert.Equal(ScriptStepKind.Quit, steps[7].Kind);
        }

        [Fact]
        public void Script_UntilMissed_IsAConditionOfItsOwn()
        {
            var steps = HandsetScript.Parse("key dnd; until missed 2 30s; key dnd; until missed 1", out string error);
            Assert.Null(error);
            Assert.Equal(("missed", 2, 30000L), (steps[1].Condition, steps[1].Count, steps[1].Ms));
            Assert.Equal((PhoneState)(-1), steps[1].State);
            Assert.Equal((1, 10000L), (steps[3].Count, steps[3].Ms));
            foreach (string bad in new[] { "until missed", "until missed 0", "until missed x 5s", "until missed 1 5s 6s" })
            {
                Assert.Null(HandsetScript.Parse(bad, out error));
                Assert.Contains("until missed", error);
            }
        }

        [Theory]
        [InlineData("wait")]
        [InlineData("wait 5 s")]
        [InlineData("key teleport")]
        [InlineData("dial sip:alice@example.com")]
        [InlineData("until sleeping")]
        [InlineData("jump 3")]
        public void Script_RefusesBadStatements(string text)
        {
            Assert.Null(HandsetScript.Parse(text, out string error));
            Assert.Contains(text.Split(' ')[0], error);
        }

        [Fact]
        public void WavMicrophone_ConvertsStereo16kToMono8k_AndRefusesFloat()
        {
            string dir = HandsetProcess.TempDir("handset-wav");
            string stereo = Path.Combine(dir, "stereo16k.wav"), fl = Path.Combine(dir, "float.wav");
            Sox("-D", "-n", "-r", "16000", "-c", "2", "-b", "16", "-e", "signed-integer", stereo, "synth", "2", "sine", "1000", "vol", "0.5");
            Sox("-D", "-n", "-r", "8000", "-c", "1", "-b", "32", "-e", "floating-point", fl, "synth", "1", "sine", "1000");
            var mic = new WavMicrophone(stereo);
            Assert.Contains("converted from 16000 Hz, 2 ch", mic.Describe());
            var pcm = new short[16000];
            mic.Read(pcm, 0, pcm.Length);
            Assert.True(ToneCheck.Analyse(pcm, 8000, 1000).Present, ToneCheck.Analyse(pcm, 8000, 1000).ToString());
            var e = Assert.Throws<InvalidDataException>(() => new WavMicrophone(fl));
            Assert.Contains("not supported", e.Message);
        }

        [Fact]
        public void ThrowawayCa_IsMadeOnce_ReusedWhileValid_AndItsServerCertNamesLoopback()
        {
            string dir = HandsetProcess.TempDir("handset-ca");
            string first;
            using (ThrowawayCa a = ThrowawayCa.LoadOrCreate(dir))
            {
                Assert.True(a.Created);
                first = a.Server.Thumbprint;
                Assert.True(Phone.Host.Net.SipTlsPolicy.MatchesName(a.Server, "127.0.0.1"));
                Assert.True(Phone.Host.Net.SipTlsPolicy.MatchesName(a.Server, "localhost"));
                Assert.True(a.Server.HasPrivateKey);
            }

            using (ThrowawayCa b = ThrowawayCa.LoadOrCreate(dir))
            {
                Assert.False(b.Created);
                Assert.Equal(first, b.Server.Thumbprint);
            }

            // openssl, not .NET, checks the chain.
            var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string s in new[] { "verify", "-CAfile", Path.Combine(dir, "ca.pem"), Path.Combine(dir, "server.pem"), Path.Combine(dir, "client.pem") }) psi.ArgumentList.Add(s);
            using Process p = Process.Start(psi);
            string text = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            _out.WriteLine(text);
            Assert.Equal(0, p.ExitCode);
        }

        private static void Sox(params string[] args)
        {
            var psi = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
        }
    }
}
