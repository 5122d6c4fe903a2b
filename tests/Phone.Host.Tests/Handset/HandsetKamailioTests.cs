using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Two `Handset run` processes, each from its own nf.config, register with kamailio over TLS with digest
    /// auth; 1001 calls 1002 through kamailio and both hear the other (tests' ToneCheck on the recordings).
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class HandsetKamailioTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public HandsetKamailioTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        // A deep jitter buffer: the test machine is shared and loaded, and a stalled process sends in bursts. Each handset
        // has RTP ports of its own as well as its RtpPortClaim (two processes picking at random in one shared range once
        // both took 40084, before ports were claimed at start-up: one call had no media).
        private string Config(string dir, string user) =>
            RigPhoneConfig.Text(_rig, "handset-" + user, user, "",
                "jitter_min_ms = 200\njitter_max_ms = 1000\n" + (user == "1001"
                    ? "rtp_port_min = 42200\nrtp_port_max = 42218\n"
                    : "rtp_port_min = 42220\nrtp_port_max = 42238\n"));

        [Fact]
        public async Task TwoHandsets_RegisterOverTls_AndCallThroughKamailio_AudioBothWays()
        {
            string dir = HandsetProcess.TempDir("handset-kamailio");
            string c1 = Path.Combine(dir, "1001.nf.config"), c2 = Path.Combine(dir, "1002.nf.config");
            File.WriteAllText(c1, Config(dir, "1001"));
            File.WriteAllText(c2, Config(dir, "1002"));
            string tone = Path.Combine(dir, "1000hz.wav");
            ToneCheck.MakeTone(tone, 1000, 2);
            string rec1 = Path.Combine(dir, "1001-speaker.wav"), rec2 = Path.Combine(dir, "1002-speaker.wav");
            string certDir = Path.GetDirectoryName(_rig.CaPath);

            // 1002 answers by itself and stops when its call has ended; 1001 waits until 1002 can be reached.
            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", c2, "--device-root", certDir, "--auto-answer", "--mic", tone, "--speaker", rec2, "--plain",
                "--script", "until registered 10s; until connected 25s; until ended 20s; quit");
            await Task.Delay(2500);
            HandsetProcess.Result caller = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(40), null,
                "run", "--config", c1, "--device-root", certDir, "--speaker", rec1, "--plain",
                "--script", "until registered 10s; wait 500ms; dial 1002; key call; until connected 10s; wait 4s; key hangup; until ended 5s; wait 500ms; quit");
            HandsetProcess.Result answered = await callee;
            _out.WriteLine("== 1001\n" + caller + "\n== 1002\n" + answered);

            Assert.True(caller.ExitCode == 0, "1001: " + caller);
            Assert.True(answered.ExitCode == 0, "1002: " + answered);
            foreach (HandsetProcess.Result r in new[] { caller, answered })
            {
                Assert.Contains("registration Registered", r.Output);
                Assert.Contains("AES_CM_128_HMAC_SHA1_80", r.Output);
                Assert.Contains("calls answered 1, ended 1", r.Output);
                Assert.DoesNotContain(_rig.Users["1001"], r.Output + r.Error);
                Assert.DoesNotContain(_rig.Users["1002"], r.Output + r.Error);
            }

            ToneReport heard1 = ToneCheck.Analyse(rec1, 1000), heard2 = ToneCheck.Analyse(rec2, 440);
            _out.WriteLine("1001 heard " + heard1 + "\n1002 heard " + heard2);
            Assert.True(heard1.Present, "1001 did not hear 1002's 1000 Hz: " + heard1);
            Assert.True(heard2.Present, "1002 did not hear 1001's 440 Hz: " + heard2);
            Assert.False(ToneCheck.Analyse(rec1, 440).Present, "1001 hears its own tone");
        }
    }
}
