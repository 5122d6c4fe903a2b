using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>
    /// `provision device` (the phone's endpoint behind a real TCP socket) driven by `provision push` and by curl
    /// as an independent HTTP client.
    /// </summary>
    public class DeviceStandInTests
    {
        private sealed class StandIn : System.IDisposable
        {
            public readonly ProvisionProcess Process;
            public readonly string State;
            public readonly string Url;
            public string Code;

            public StandIn()
            {
                State = ProvisionProcess.TempDir("prov-device");
                Process = ProvisionProcess.Launch("device", "--port", "0", "--state", State);
                Url = "http://127.0.0.1:" + Process.WaitFor(@"^listening on http://127\.0\.0\.1:(\d+)/$");
                Code = Process.WaitFor(@"^display: code (\d{6})$");
            }

            public string Stored => File.Exists(Path.Combine(State, "nf.config")) ? File.ReadAllText(Path.Combine(State, "nf.config")) : null;

            public void Dispose() => Process.Dispose();
        }

        [Fact]
        public async Task PushStoresExactlyThePushedFileAndSpendsTheCode()
        {
            using var phone = new StandIn();
            string dir = ProvisionProcess.TempDir("prov-push");
            string file = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);

            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--code", phone.Code, file);
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Contains("phone: 200 OK", r.Output);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(phone.State, "nf.config")));
            string next = phone.Process.WaitFor(@"^display: code (\d{6})$");

            // The spent code no longer works (the next one is almost surely different; equal by chance 1 in 10^6).
            if (next != phone.Code)
            {
                r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--code", phone.Code, ProvisionTexts.Write(dir, "other.config", ProvisionTexts.Other));
                Assert.True(r.ExitCode == 1, r.ToString());
                Assert.Contains("phone: 401", r.Error);
                Assert.Equal(ProvisionTexts.Good, phone.Stored);
            }

            // The stored file set device.admin_password: Basic auth as admin now works (RFC 7617).
            r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--admin-password", ProvisionTexts.AdminPassword, ProvisionTexts.Write(dir, "other.config", ProvisionTexts.Other));
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Equal(ProvisionTexts.Other, phone.Stored);
            Assert.Equal(ProvisionTexts.Good, File.ReadAllText(Path.Combine(phone.State, "nf.config.prev")));
        }

        [Fact]
        public async Task CurlWithAWrongCodeGets401AndAChallenge()
        {
            using var phone = new StandIn();
            string wrong = phone.Code == "000000" ? "111111" : "000000";
            Curl.Result r = await Curl.RunAsync("-H", "X-Phone-Code: " + wrong, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 401, r.ToString());
            Assert.Contains("WWW-Authenticate: Basic realm=\"phone\"", r.Headers);
            Assert.Null(phone.Stored);

            // curl's own Basic auth with a user other than admin, and no admin password on an empty phone: 401 too.
            r = await Curl.RunAsync("--user", "admin:" + ProvisionTexts.AdminPassword, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 401, r.ToString());
            Assert.Null(phone.Stored);
        }

        [Fact]
        public async Task CurlWithAHugeBodyGets413()
        {
            using var phone = new StandIn();
            string dir = ProvisionProcess.TempDir("prov-huge");
            string huge = Path.Combine(dir, "huge.config");
            File.WriteAllBytes(huge, Encoding.ASCII.GetBytes(new string('#', 200000)));
            Curl.Result r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "--data-binary", "@" + huge, phone.Url + "/config");
            Assert.True(r.Status == 413, r.ToString());
            Assert.Null(phone.Stored);

            // Chunked upload (curl -H "Transfer-Encoding: chunked"): not implemented, 501.
            r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "-H", "Transfer-Encoding: chunked", "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 501, r.ToString());
            Assert.Null(phone.Stored);
        }

        [Fact]
        public async Task CurlWithAMalformedConfigGets422WithTheLines()
        {
            using var phone = new StandIn();
            Curl.Result r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "-H", "Content-Type: text/plain", "--data-binary", ProvisionTexts.Bad, phone.Url + "/config");
            Assert.True(r.Status == 422, r.ToString());
            Assert.Contains("Content-Type: text/plain", r.Headers);
            string[] lines = r.Body.TrimEnd('\n').Split('\n');
            Assert.StartsWith("line 5 [sip] port: OutOfRange", lines[0]);
            Assert.StartsWith("line 6 [sip] transprt: UnknownKey", lines[1]);
            Assert.Contains(lines, l => l.StartsWith("line 8 [audio] ring_volume: EmptyValue"));
            Assert.Null(phone.Stored);

            // The code survives a refused file: the corrected one goes through with it.
            r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 200, r.ToString());
            Assert.Equal(ProvisionTexts.Good, phone.Stored);
        }

        [Fact]
        public async Task CurlSeesTheStatusPageAndProtocolErrors()
        {
            using var phone = new StandIn();
            Curl.Result r = await Curl.RunAsync(phone.Url + "/");
            Assert.True(r.Status == 200, r.ToString());
            Assert.Contains("provisioning mode", r.Body);
            Assert.DoesNotContain(phone.Code, r.Body);

            r = await Curl.RunAsync(phone.Url + "/secret");
            Assert.Equal(404, r.Status);
            r = await Curl.RunAsync("-X", "PUT", "--data-binary", "x", phone.Url + "/config");
            Assert.Equal(405, r.Status);
            Assert.Contains("Allow: POST", r.Headers);
            // A POST without a body and without Content-Length (RFC 9110 §15.5.12): 411.
            r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "-H", "Content-Length:", "-X", "POST", phone.Url + "/config");
            Assert.True(r.Status == 411, r.ToString());
        }
    }
}
