using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Phone.Host.Tests.Handset
{
    /// <summary>
    /// Nothing the phone prints gives a secret away: two handsets configured with a SIP password, a Wi-Fi key and an
    /// admin password make a secure call, hold it, send DTMF and hang up, and neither's output (events, SIP ladder,
    /// statistics, screens) holds any of them, an SDES `inline:` key or any run of base64 as long as a master key.
    /// </summary>
    [Collection(HandsetMediaCollection.Name)]
    public sealed class HandsetSecretsTests
    {
        private const string SipPassword = "Sip-Pw-q9f3kx2";
        private const string WifiPassword = "Wifi-Key-4t8c1v";
        private const string AdminPassword = "Admin-Pw-7h2m9z";

        private readonly ITestOutputHelper _out;

        public HandsetSecretsTests(ITestOutputHelper output)
        {
            _out = output;
        }

        [Fact]
        public async Task ACallPrintsNoPasswordAndNoKey()
        {
            var pair = new DirectCallPair("handset-secrets");
            foreach (string config in new[] { pair.Config1001, pair.Config1002 })
            {
                string text = File.ReadAllText(config)
                    .Replace("password = unused-here", "password = " + SipPassword)
                    .Replace("[wifi]\nssid = loopback\n", "[wifi]\nssid = loopback\npassword = " + WifiPassword + "\n");
                File.WriteAllText(config, "[device]\nadmin_password = " + AdminPassword + "\n" + text);
            }

            Task<HandsetProcess.Result> callee = HandsetProcess.RunAsync(TimeSpan.FromSeconds(45), null,
                "run", "--config", pair.Config1002, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", pair.Port1002.ToString(),
                "--auto-answer", "--mic", pair.Tone1000, "--plain", "--script", "until connected 25s; until ended 25s; quit");
            await Task.Delay(2000);
            HandsetProcess.Result caller = await HandsetProcess.RunAsync(TimeSpan.FromSeconds(40), null,
                "run", "--config", pair.Config1001, "--no-register", "--listen-tls", "--state", pair.State, "--sip-port", pair.Port1001.ToString(),
                "--plain", "--script",
                "dial sips:1002@127.0.0.1:" + pair.Port1002 + "; key call; until connected 10s; wait 1s; key 5; key hold; until held 5s; key hold; until connected 5s; wait 1s; key hangup; until ended 5s; quit");
            HandsetProcess.Result answered = await callee;
            _out.WriteLine("== 1001\n" + caller + "\n== 1002\n" + answered);
            Assert.True(caller.ExitCode == 0, caller.ToString());
            Assert.True(answered.ExitCode == 0, answered.ToString());
            Assert.Contains("calls answered 1, ended 1", caller.Output);
            Assert.Contains("AES_CM_128_HMAC_SHA1_80", caller.Output); // keys were exchanged: there was something to leak

            foreach (HandsetProcess.Result r in new[] { caller, answered })
            {
                string all = r.Output + "\n" + r.Error;
                Assert.DoesNotContain(SipPassword, all);
                Assert.DoesNotContain(WifiPassword, all);
                Assert.DoesNotContain(AdminPassword, all);
                Assert.DoesNotContain("inline:", all);
                // An AES-128 master key and salt are 30 bytes, 40 characters of base64.
                Match key = Regex.Match(all, "[A-Za-z0-9+/]{40,}");
                Assert.False(key.Success, "a run of base64 as long as an SDES key: " + key.Value);
            }
        }
    }
}
