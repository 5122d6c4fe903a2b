using System;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using Phone.Device.Provisioning;
using Phone.Device.Storage;
using Phone.Host.Drivers;
using Phone.Tools.Provision;
using Xunit;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>
    /// The pull path end to end on the host: `provision serve` with its throwaway CA, ProvisioningPull deciding
    /// when and what to fetch, an HTTPS client that trusts only the CA from nf.config's tls.ca (as the phone's
    /// SslStream does), and the fetched bytes handed back to ProvisioningPull.
    /// </summary>
    public class ServePullTests
    {
        private static readonly byte[] Mac = { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 };

        private sealed class Server : IDisposable
        {
            public readonly ProvisionProcess Process;
            public readonly string Dir;
            public readonly string State;
            public readonly string BaseUrl;
            public readonly string CaPem;

            public Server()
            {
                Dir = ProvisionProcess.TempDir("prov-serve");
                State = ProvisionProcess.TempDir("prov-serve-ca");
                Process = ProvisionProcess.Launch("serve", "--dir", Dir, "--port", "0", "--state", State);
                CaPem = Process.WaitFor(@"^CA for nf.config tls.ca: (.+)$");
                BaseUrl = "https://127.0.0.1:" + Process.WaitFor(@"^serving .* on https://127\.0\.0\.1:(\d+)/$");
            }

            public void Dispose() => Process.Dispose();
        }

        /// <summary>Fetches like the phone: only <paramref name="caPem"/> is trusted, the host name must match.</summary>
        private static async Task<byte[]> FetchTrusting(string caPem, string url)
        {
            X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPem));
            using var handler = new HttpClientHandler();
            handler.ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
            {
                if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || cert == null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
            using HttpResponseMessage r = await http.GetAsync(url);
            r.EnsureSuccessStatusCode();
            return await r.Content.ReadAsByteArrayAsync();
        }

        private static (ConfigStore store, string dir) BootedPhone()
        {
            string dir = ProvisionProcess.TempDir("prov-pull-phone");
            ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);
            var store = new ConfigStore(new DirectoryFileStore(dir));
            Assert.Equal(ConfigSource.Current, store.Load().Source);
            return (store, dir);
        }

        [Fact]
        public async Task PullFetchesThePerMacFileOverVerifiedHttpsAndAppliesIt()
        {
            using var server = new Server();
            ProvisionTexts.Write(server.Dir, "nf-246f28a1b2c3.config", ProvisionTexts.Other);
            (ConfigStore store, string phoneDir) = BootedPhone();

            var pull = new ProvisioningPull(store, new SystemEntropy(), server.BaseUrl + "/nf-{mac}.config", 3600, Mac, 0);
            string url = pull.Poll(ProvisioningPull.MaxStartDelayMs);
            Assert.Equal(server.BaseUrl + "/nf-246f28a1b2c3.config", url);

            byte[] body = await FetchTrusting(server.CaPem, url);
            Assert.Equal(PullOutcome.Applied, pull.OnFetched(body, 0, body.Length, ProvisioningPull.MaxStartDelayMs));
            Assert.Equal(ProvisionTexts.Other, File.ReadAllText(Path.Combine(phoneDir, "nf.config")));
            Assert.Equal(ProvisionTexts.Good, File.ReadAllText(Path.Combine(phoneDir, "nf.config.prev")));

            // Next check: same file, same SHA-256: nothing is written.
            DateTime before = File.GetLastWriteTimeUtc(Path.Combine(phoneDir, "nf.config"));
            url = pull.Poll(pull.NextFetchMs);
            body = await FetchTrusting(server.CaPem, url);
            Assert.Equal(PullOutcome.Unchanged, pull.OnFetched(body, 0, body.Length, pull.NextFetchMs));
            Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(phoneDir, "nf.config")));
        }

        [Fact]
        public async Task InvalidServedFileIsNotApplied()
        {
            using var server = new Server();
            ProvisionTexts.Write(server.Dir, "nf-246f28a1b2c3.config", ProvisionTexts.Bad);
            (ConfigStore store, string phoneDir) = BootedPhone();
            var pull = new ProvisioningPull(store, new SystemEntropy(), server.BaseUrl + "/nf-{mac}.config", 3600, Mac, 0);
            string url = pull.Poll(ProvisioningPull.MaxStartDelayMs);
            byte[] body = await FetchTrusting(server.CaPem, url);
            Assert.Equal(PullOutcome.Invalid, pull.OnFetched(body, 0, body.Length, ProvisioningPull.MaxStartDelayMs));
            Assert.Equal(5, pull.LastErrors[0].Line);
            Assert.Equal(ProvisionTexts.Good, File.ReadAllText(Path.Combine(phoneDir, "nf.config")));
        }

        [Fact]
        public async Task AServerFromAnotherCaIsRefused()
        {
            using var server = new Server();
            ProvisionTexts.Write(server.Dir, "nf-246f28a1b2c3.config", ProvisionTexts.Other);
            LocalCa stranger = LocalCa.LoadOrCreate(ProvisionProcess.TempDir("prov-other-ca"), null);
            (ConfigStore store, string phoneDir) = BootedPhone();
            var pull = new ProvisioningPull(store, new SystemEntropy(), server.BaseUrl + "/nf-{mac}.config", 3600, Mac, 0);
            string url = pull.Poll(ProvisioningPull.MaxStartDelayMs);
            await Assert.ThrowsAsync<HttpRequestException>(() => FetchTrusting(stranger.CaPemPath, url));
            pull.OnFetchFailed(ProvisioningPull.MaxStartDelayMs);
            Assert.Equal(1, pull.ConsecutiveFailures);
            Assert.Equal(ProvisionTexts.Good, File.ReadAllText(Path.Combine(phoneDir, "nf.config")));
        }

        [Fact]
        public async Task CurlVerifiesTheServerWithTheCaAndReadsTheFile()
        {
            using var server = new Server();
            ProvisionTexts.Write(server.Dir, "nf-246f28a1b2c3.config", ProvisionTexts.Other);
            ProvisionTexts.Write(Path.GetDirectoryName(server.Dir), "outside.txt", "not served");

            Curl.Result r = await Curl.RunAsync("--cacert", server.CaPem, server.BaseUrl + "/nf-246f28a1b2c3.config");
            Assert.True(r.Status == 200, r.ToString());
            Assert.Equal(ProvisionTexts.Other, r.Body);

            // Without the CA curl refuses the certificate (exit 60: peer certificate cannot be authenticated).
            r = await Curl.RunAsync(server.BaseUrl + "/nf-246f28a1b2c3.config");
            Assert.Equal(60, r.ExitCode);

            // Nothing outside the folder: "..", encoded slashes and hidden names are 404.
            r = await Curl.RunAsync("--cacert", server.CaPem, "--path-as-is", server.BaseUrl + "/../outside.txt");
            Assert.Equal(404, r.Status);
            r = await Curl.RunAsync("--cacert", server.CaPem, server.BaseUrl + "/..%2Foutside.txt");
            Assert.Equal(404, r.Status);
            r = await Curl.RunAsync("--cacert", server.CaPem, server.BaseUrl + "/missing.config");
            Assert.Equal(404, r.Status);
        }
    }
}
