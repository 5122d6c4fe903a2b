using System;
using System.IO;
using System.Threading.Tasks;
using Phone.Host.Tests.Handset;
using Phone.Host.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>
    /// The provisioning path end to end on the host: `provision push` uploads an nf.config to the phone's endpoint
    /// (the Phone.Device handler behind `provision device`, with the one-time code it shows), and a virtual handset
    /// started from the file the endpoint stored registers with kamailio over TLS with digest auth and takes a call.
    /// </summary>
    [Collection(KamailioCollection.Name)]
    public sealed class ProvisionedHandsetCallTests
    {
        private readonly KamailioRig _rig;
        private readonly ITestOutputHelper _out;

        public ProvisionedHandsetCallTests(KamailioRig rig, ITestOutputHelper output)
        {
            _rig = rig;
            _out = output;
        }

        private string Config(string user) =>
            RigPhoneConfig.Text(_rig, "handset-" + user, user);

        [Fact]
        public async Task PushedConfig_BootsAHandsetThatRegistersAndAnswersACall()
        {
            string dir = ProvisionProcess.TempDir("prov-e2e");
            string state = Path.Combine(dir, "phone");
            Directory.CreateDirectory(state);
            string pushed = Path.Combine(dir, "1002.nf.config");
            File.WriteAllText(pushed, Config("1002"));

            using (ProvisionProcess phone = ProvisionProcess.Launch("device", "--port", "0", "--state", state))
            {
                string url = "https://127.0.0.1:" + phone.WaitFor(@"^listening on https://127\.0\.0\.1:(\d+)/$");
                string pin = phone.WaitFor(@"^display: fingerprint SHA256 ([0-9A-F:]{95})$");
                string code = phone.WaitFor(@"^display: code (\d{6})$");
                ProvisionProcess.Result push = await ProvisionProcess.RunAsync("push", "--to", url, "--pin", pin, "--code", code, pushed);
                Assert.True(push.ExitCode == 0, push + "\n" + phone.Transcript);
                Assert.Contains("phone: 200 OK", push.Output);
            }

            string stored = Path.Combine(state, "nf.config");
            Assert.Equal(File.ReadAllBytes(pushed), File.ReadAllBytes(stored));

            string caller = Path.Combine(dir, "1001.nf.config");
            File.WriteAllText(caller, Config("1001"));
            string tone = Path.Combine(dir, "1000hz.wav");
            ToneCheck.MakeTone(tone, 1000, 2);
            string rec = Path.Combine(dir, "1002-speaker.wav");
            string certDir = Path.GetDirectoryName(_rig.CaPath);

            // The provisioned phone answers by itself; 1001 calls it through kamailio, talks and hangs up.
            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", stored, "--device-root", certDir, "--auto-answer", "--speaker", rec, "--plain",
                "--script", "until registered 10s; until connected 25s; until ended 20s; quit");
            await Task.Delay(2500);
            HandsetProcess.Result call = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(40), null,
                "run", "--config", caller, "--device-root", certDir, "--mic", tone, "--plain",
                "--script", "until registered 10s; wait 500ms; dial 1002; key call; until connected 10s; wait 3s; key hangup; until ended 5s; wait 500ms; quit");
            HandsetProcess.Result answered = await callee;
            _out.WriteLine("== 1001\n" + call + "\n== 1002 (provisioned)\n" + answered);

            Assert.True(call.ExitCode == 0, "1001: " + call);
            Assert.True(answered.ExitCode == 0, "1002: " + answered);
            Assert.Contains("registration Registered", answered.Output);
            Assert.Contains("calls answered 1, ended 1", answered.Output);
            Assert.Contains("AES_CM_128_HMAC_SHA1_80", answered.Output);
            ToneReport heard = ToneCheck.Analyse(rec, 1000);
            _out.WriteLine("provisioned 1002 heard " + heard);
            Assert.True(heard.Present, "the provisioned handset did not hear 1001's 1000 Hz: " + heard);
        }
    }
}
