using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Phone.Host.Tests.Interop;
using Phone.Tools.Handset;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Two `Handset run --listen-tls --no-register` processes call each other with no registrar in between
    /// (TLS to the callee's own listener), hold and resume the call with re-INVITEs, and hang up.
    /// </summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetDirectCallTests
    {
        private readonly ITestOutputHelper _out;

        public HandsetDirectCallTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task DirectTlsCall_HoldAndResume_BothSidesFollow_AndAudioFlowsAfterResume()
        {
            var pair = new DirectCallPair("handset-direct");
            string dir = pair.Dir, state = pair.State, tone = pair.Tone1000;
            int p1 = pair.Port1001, p2 = pair.Port1002;
            string rec1 = Path.Combine(dir, "1001.wav");

            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", pair.Config1002, "--no-register", "--listen-tls", "--state", state, "--sip-port", p2.ToString(),
                "--auto-answer", "--mic", tone, "--plain", "--script", "until connected 25s; until ended 25s; quit");
            await Task.Delay(2000);
            HandsetProcess.Result caller = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(40), null,
                "run", "--config", pair.Config1001, "--no-register", "--listen-tls", "--state", state, "--sip-port", p1.ToString(),
                "--speaker", rec1, "--plain", "--script",
                "dial sips:1002@127.0.0.1:" + p2 + "; key call; until connected 10s; wait 1s; key hold; until held 5s; wait 1s; key hold; until connected 5s; wait 4s; key hangup; until ended 5s; wait 300ms; quit");
            HandsetProcess.Result answered = await callee;
            _out.WriteLine("== 1001\n" + caller + "\n== 1002\n" + answered);
            Assert.True(caller.ExitCode == 0, caller.ToString());
            Assert.True(answered.ExitCode == 0, answered.ToString());

            // 1001 held (sendonly) and resumed; 1002 saw both re-INVITEs as remote hold changes (recvonly, then sendrecv),
            // logged apart: the resume is not a second hold.
            Assert.Matches(new Regex(@"media update call -1: .* sendonly srtp"), caller.Output);
            Assert.Matches(new Regex(@"media update call -1: .* sendrecv srtp"), caller.Output);
            Assert.Single(Regex.Matches(answered.Output, @"event RemoteHold call 1\b"));
            Assert.Single(Regex.Matches(answered.Output, @"event RemoteResume call 1\b"));
            Assert.True(answered.Output.IndexOf("event RemoteHold call 1", StringComparison.Ordinal) <
                        answered.Output.IndexOf("event RemoteResume call 1", StringComparison.Ordinal), "hold, then resume");
            Assert.Matches(new Regex(@"media update call 1: .* recvonly srtp"), answered.Output);
            Assert.Contains("calls answered 1, ended 1", caller.Output);

            Assert.Contains("calls answered 1, ended 1", answered.Output);

            // After the resume 1001 hears 1002's tone: the last 3 s of its recording.
            short[] all = ToneCheck.ReadMonoS16(rec1, out int rate);
            short[] tail = all.Skip(Math.Max(0, all.Length - 3 * rate)).ToArray();
            // The question here is whether media resumed, not its quality on a loaded machine: the far tone in at
            // least half of the 50 ms blocks (ToneCheck's own verdict wants 80 %), and never 1001's own tone.
            ToneReport heard = ToneCheck.Analyse(tail, rate, 1000), own = ToneCheck.Analyse(tail, rate, 440);
            _out.WriteLine("1001 after resume: " + heard + " / own " + own);
            Assert.True(heard.Blocks >= 20 && heard.ToneBlocks * 2 >= heard.Blocks, heard.ToString());
            Assert.Equal(0, own.ToneBlocks);
        }
    }
}
