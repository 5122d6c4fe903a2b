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
            public readonly string Fingerprint;
            public string Code;

            public StandIn()
            {
                State = ProvisionProcess.TempDir("prov-device");
                Process = ProvisionProcess.Launch("device", "--port", "0", "--state", State);
                Url = "https://127.0.0.1:" + Process.WaitFor(@"^listening on https://127\.0\.0\.1:(\d+)/$");
                Fingerprint = Process.WaitFor(@"^display: fingerprint SHA256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$");
                Code = Process.WaitFor(@"^display: code (\d{6})$");
            }

            /// <summary>curl's own pinning: the SHA-256 of the certificate's public key as it sits in the state folder.</summary>
            public string PinnedPublicKey
            {
                get
                {
                    using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(State, "prov.crt")));
                    return "sha256//" + System.Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(cert.PublicKey.ExportSubjectPublicKeyInfo()));
                }
            }

            /// <summary>curl over HTTPS trusting exactly the stand-in's key (no CA signs it; -k only skips the CA check).</summary>
            public Task<Curl.Result> Curl(params string[] args)
            {
                var all = new System.Collections.Generic.List<string> { "-k", "--pinnedpubkey", PinnedPublicKey };
                all.AddRange(args);
                return Provisioning.Curl.RunAsync(all.ToArray());
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

            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--code", phone.Code, file);
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Contains("phone: 200 OK", r.Output);
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(phone.State, "nf.config")));
            string next = phone.Process.WaitFor(@"^display: code (\d{6})$");

            // The spent code no longer works (the next one is almost surely different; equal by chance 1 in 10^6).
            if (next != phone.Code)
            {
                r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--code", phone.Code, ProvisionTexts.Write(dir, "other.config", ProvisionTexts.Other));
                Assert.True(r.ExitCode == 1, r.ToString());
                Assert.Contains("phone: 401", r.Error);
                Assert.Equal(ProvisionTexts.Good, phone.Stored);
            }

            // The stored file set device.admin_password: Basic auth as admin now works (RFC 7617).
            r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--admin-password", ProvisionTexts.AdminPassword, ProvisionTexts.Write(dir, "other.config", ProvisionTexts.Other));
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Equal(ProvisionTexts.Other, phone.Stored);
            Assert.Equal(ProvisionTexts.Good, File.ReadAllText(Path.Combine(phone.State, "nf.config.prev")));
        }

        [Fact]
        public async Task CurlWithAWrongCodeGets401AndAChallenge()
        {
            using var phone = new StandIn();
            string wrong = phone.Code == "000000" ? "111111" : "000000";
            Curl.Result r = await phone.Curl("-H", "X-Phone-Code: " + wrong, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 401, r.ToString());
            Assert.Contains("WWW-Authenticate: Basic realm=\"phone\"", r.Headers);
            Assert.Null(phone.Stored);

            // curl's own Basic auth with a user other than admin, and no admin password on an empty phone: 401 too.
            r = await phone.Curl("--user", "admin:" + ProvisionTexts.AdminPassword, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
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
            Curl.Result r = await phone.Curl("-H", "X-Phone-Code: " + phone.Code, "--data-binary", "@" + huge, phone.Url + "/config");
            Assert.True(r.Status == 413, r.ToString());
            Assert.Null(phone.Stored);

            // Chunked upload (curl -H "Transfer-Encoding: chunked"): not implemented, 501.
            r = await phone.Curl("-H", "X-Phone-Code: " + phone.Code, "-H", "Transfer-Encoding: chunked", "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 501, r.ToString());
            Assert.Null(phone.Stored);
        }

        [Fact]
        public async Task CurlWithAMalformedConfigGets422WithTheLines()
        {
            using var phone = new StandIn();
            Curl.Result r = await phone.Curl("-H", "X-Phone-Code: " + phone.Code, "-H", "Content-Type: text/plain", "--data-binary", ProvisionTexts.Bad, phone.Url + "/config");
            Assert.True(r.Status == 422, r.ToString());
            Assert.Contains("Content-Type: text/plain", r.Headers);
            string[] lines = r.Body.TrimEnd('\n').Split('\n');
            Assert.StartsWith("line 5 [sip] port: OutOfRange", lines[0]);
            Assert.StartsWith("line 6 [sip] transprt: UnknownKey", lines[1]);
            Assert.Contains(lines, l => l.StartsWith("line 8 [audio] ring_volume: EmptyValue"));
            Assert.Null(phone.Stored);

            // The code survives a refused file: the corrected one goes through with it.
            r = await phone.Curl("-H", "X-Phone-Code: " + phone.Code, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.Status == 200, r.ToString());
            Assert.Equal(ProvisionTexts.Good, phone.Stored);
        }

        [Fact]
        public async Task CurlSeesTheStatusPageAndProtocolErrors()
        {
            using var phone = new StandIn();
            Curl.Result r = await phone.Curl(phone.Url + "/");
            Assert.True(r.Status == 200, r.ToString());
            Assert.Contains("provisioning mode", r.Body);
            Assert.DoesNotContain(phone.Code, r.Body);

            r = await phone.Curl(phone.Url + "/secret");
            Assert.Equal(404, r.Status);
            r = await phone.Curl("-X", "PUT", "--data-binary", "x", phone.Url + "/config");
            Assert.Equal(405, r.Status);
            Assert.Contains("Allow: POST", r.Headers);
            // A POST without a body and without Content-Length (RFC 9110 §15.5.12): 411.
            r = await phone.Curl("-H", "X-Phone-Code: " + phone.Code, "-H", "Content-Length:", "-X", "POST", phone.Url + "/config");
            Assert.True(r.Status == 411, r.ToString());
        }

        // ---------------------------------------------------------- security finding 4, item 7: HTTPS with a pinned certificate

        [Fact]
        public async Task OpensslSeesTheFingerprintTheDisplayShows()
        {
            using var phone = new StandIn();
            string port = phone.Url.Substring(phone.Url.LastIndexOf(':') + 1);
            var psi = new System.Diagnostics.ProcessStartInfo("sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("openssl s_client -connect 127.0.0.1:" + port + " </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256");
            using var p = System.Diagnostics.Process.Start(psi);
            string output = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            // "sha256 Fingerprint=AB:CD:..." (the label's case differs between OpenSSL versions).
            Assert.Contains("=" + phone.Fingerprint, output);
        }

        [Fact]
        public async Task PushWithAnotherPinSendsNothing()
        {
            using var phone = new StandIn();
            string dir = ProvisionProcess.TempDir("prov-pin");
            string file = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);
            string wrong = phone.Fingerprint.StartsWith("00") ? "11" + phone.Fingerprint.Substring(2) : "00" + phone.Fingerprint.Substring(2);
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", wrong, "--code", phone.Code, file);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("not the pinned one; nothing was sent", r.Error);
            Assert.Contains(phone.Fingerprint, r.Error);
            Assert.Null(phone.Stored);
            Assert.DoesNotContain("request answered", phone.Process.Transcript);

            // The right pin, lower case without colons, goes through.
            r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint.Replace(":", "").ToLowerInvariant(), "--code", phone.Code, file);
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Equal(ProvisionTexts.Good, phone.Stored);
        }

        [Fact]
        public async Task PushNeverUsesPlainHttpAndNeedsAPin()
        {
            string dir = ProvisionProcess.TempDir("prov-plain");
            string file = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);
            // A listener that records whether anybody connects.
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
                string pin = new string('A', 64);
                ProvisionProcess.Result r = await ProvisionProcess.RunAsync("push", "--to", "http://127.0.0.1:" + port, "--pin", pin, "--admin-password", ProvisionTexts.AdminPassword, file);
                Assert.True(r.ExitCode == 2, r.ToString());
                Assert.Contains("plain http is refused", r.Error);
                r = await ProvisionProcess.RunAsync("push", "--to", "https://127.0.0.1:" + port, "--admin-password", ProvisionTexts.AdminPassword, file);
                Assert.True(r.ExitCode == 2, r.ToString());
                Assert.Contains("--pin", r.Error);
                r = await ProvisionProcess.RunAsync("push", "--to", "https://127.0.0.1:" + port, "--pin", pin, "--code", "123456", "--force-downgrade", file);
                Assert.True(r.ExitCode == 2, r.ToString());
                Assert.False(listener.Pending(), "push connected although it refused to run");
            }
            finally
            {
                listener.Stop();
            }
        }

        [Fact]
        public async Task PlainHttpAndAnotherKeyGetNoAnswer()
        {
            using var phone = new StandIn();
            // A client speaking plain HTTP to the endpoint: the TLS handshake fails, nothing is read as a request.
            Curl.Result r = await Curl.RunAsync("-H", "X-Phone-Code: " + phone.Code, "--data-binary", ProvisionTexts.Good, "http" + phone.Url.Substring(5) + "/config");
            Assert.True(r.ExitCode != 0 && r.Status == 0, r.ToString());
            Assert.Null(phone.Stored);
            // curl pinning another key refuses the connection itself (CURLE_SSL_PINNEDPUBKEYNOTMATCH = 90).
            r = await Curl.RunAsync("-k", "--pinnedpubkey", "sha256//" + System.Convert.ToBase64String(new byte[32]), "-H", "X-Phone-Code: " + phone.Code, "--data-binary", ProvisionTexts.Good, phone.Url + "/config");
            Assert.True(r.ExitCode == 90, r.ToString());
            Assert.Null(phone.Stored);
        }

        [Fact]
        public async Task OlderVersionNeedsTheAdminsForceDowngrade()
        {
            using var phone = new StandIn();
            string dir = ProvisionProcess.TempDir("prov-version");
            string v5 = ProvisionTexts.Write(dir, "v5.config", ProvisionTexts.Good + "[provisioning]\nversion = 5\n");
            string v3 = ProvisionTexts.Write(dir, "v3.config", ProvisionTexts.Good.Replace("user = 2001", "user = 2003") + "[provisioning]\nversion = 3\n");
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--code", phone.Code, v5);
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--admin-password", ProvisionTexts.AdminPassword, v3);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("phone: 409", r.Error);
            Assert.Equal(File.ReadAllText(v5), phone.Stored);
            r = await ProvisionProcess.RunAsync("push", "--to", phone.Url, "--pin", phone.Fingerprint, "--admin-password", ProvisionTexts.AdminPassword, "--force-downgrade", v3);
            Assert.True(r.ExitCode == 0, r + "\n" + phone.Process.Transcript);
            Assert.Equal(File.ReadAllText(v3), phone.Stored);
            Assert.Equal("3", File.ReadAllText(Path.Combine(phone.State, "nf.config.version")));
        }

        [Fact]
        public async Task IdentityMadeOnTheBenchIsTheOneThePhoneShowsAndDeploys()
        {
            string state = ProvisionProcess.TempDir("prov-identity");
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("identity", "--state", state);
            Assert.True(r.ExitCode == 0, r.ToString());
            string made = System.Text.RegularExpressions.Regex.Match(r.Output, "fingerprint SHA256 ([0-9A-F:]{95})").Groups[1].Value;
            Assert.Equal(95, made.Length);

            using (ProvisionProcess phone = ProvisionProcess.Launch("device", "--port", "0", "--state", state))
            {
                Assert.Equal(made, phone.WaitFor(@"^display: fingerprint SHA256 ([0-9A-F:]{95})$"));
            }

            string dir = ProvisionProcess.TempDir("prov-identity-json");
            string file = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);
            string json = Path.Combine(dir, "deploy.json");
            r = await ProvisionProcess.RunAsync("nanoff-json", file, "--out", json, "--identity", state);
            Assert.True(r.ExitCode == 0, r.ToString());
            string text = File.ReadAllText(json);
            Assert.Contains("I:\\\\prov.crt", text);
            Assert.Contains("I:\\\\prov.key", text);
        }
    }
}
