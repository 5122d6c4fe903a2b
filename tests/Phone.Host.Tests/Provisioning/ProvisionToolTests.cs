using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Phone.Host.Tests.Provisioning
{
    /// <summary>tools/Provision run as a process: validate and nanoff-json.</summary>
    public class ProvisionToolTests
    {
        [Fact]
        public async Task ValidateAcceptsTheAnnotatedExampleAndAGoodFile()
        {
            // docs/nf-config.md: the repository's nf.config "parses without errors".
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("validate", Path.Combine(RepoPaths.Root, "nf.config"));
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.EndsWith("nf.config: OK\n", r.Output);

            string dir = ProvisionProcess.TempDir("prov-validate");
            r = await ProvisionProcess.RunAsync("validate", ProvisionTexts.Write(dir, "good.config", ProvisionTexts.Good));
            Assert.True(r.ExitCode == 0, r.ToString());
        }

        [Fact]
        public async Task ValidateReportsEachMistakeWithItsLineAndExitsOne()
        {
            string dir = ProvisionProcess.TempDir("prov-validate");
            string path = ProvisionTexts.Write(dir, "bad.config", ProvisionTexts.Bad);
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("validate", path);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains(path + ": line 5 [sip] port: OutOfRange", r.Error);
            Assert.Contains(path + ": line 6 [sip] transprt: UnknownKey", r.Error);
            Assert.Contains(path + ": line 8 [audio] ring_volume: EmptyValue", r.Error);
            Assert.Contains(path + ": line 9 ", r.Error);
            Assert.Contains("MissingRequired", r.Error);
            // Values never reach the output (passwords could).
            Assert.DoesNotContain("70000", r.Error);
        }

        [Fact]
        public async Task ValidateOfAMissingFileOrNoArgumentIsAUsageError()
        {
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("validate", "/nonexistent/nf.config");
            Assert.True(r.ExitCode == 2, r.ToString());
            r = await ProvisionProcess.RunAsync("validate");
            Assert.True(r.ExitCode == 2, r.ToString());
            r = await ProvisionProcess.RunAsync("--help");
            Assert.True(r.ExitCode == 0, r.ToString());
            foreach (string command in new[] { "validate", "push", "serve", "nanoff-json", "device" })
            {
                Assert.Contains("provision " + command, r.Output);
            }
        }

        /// <summary>The shape nanoff's FileDeploymentManager deserialises (FileDeploymentConfiguration / DeploymentFile).</summary>
        private sealed class NanoffDeployment
        {
            public string SerialPort { get; set; }

            public List<NanoffFile> Files { get; set; }
        }

        private sealed class NanoffFile
        {
            public string DestinationFilePath { get; set; }

            public string SourceFilePath { get; set; }
        }

        [Fact]
        public async Task NanoffJsonPutsTheFileOnTheIDrive()
        {
            string dir = ProvisionProcess.TempDir("prov-nanoff");
            string config = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Good);
            string json = Path.Combine(dir, "deploy.json");
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("nanoff-json", config, "--out", json, "--serialport", "COM7");
            Assert.True(r.ExitCode == 0, r.ToString());

            // Exact property names, as nanoff's README documents them: SerialPort, Files, DestinationFilePath, SourceFilePath.
            var d = JsonSerializer.Deserialize<NanoffDeployment>(File.ReadAllText(json), new JsonSerializerOptions { PropertyNameCaseInsensitive = false });
            Assert.Equal("COM7", d.SerialPort);
            Assert.Single(d.Files);
            Assert.Equal("I:\\nf.config", d.Files[0].DestinationFilePath);
            Assert.Equal(Path.GetFullPath(config), d.Files[0].SourceFilePath);
            Assert.Equal(File.ReadAllBytes(config), File.ReadAllBytes(d.Files[0].SourceFilePath));

            r = await ProvisionProcess.RunAsync("nanoff-json", config, "--out", json, "--clean");
            Assert.True(r.ExitCode == 0, r.ToString());
            d = JsonSerializer.Deserialize<NanoffDeployment>(File.ReadAllText(json));
            Assert.Null(d.SerialPort);
            Assert.Equal(3, d.Files.Count);
            // nanoff deletes the destination of an entry without a source: the journal marker first, then the aside file.
            Assert.Equal("I:\\nf.config.commit", d.Files[0].DestinationFilePath);
            Assert.Equal(string.Empty, d.Files[0].SourceFilePath);
            Assert.Equal("I:\\nf.config.new", d.Files[1].DestinationFilePath);
            Assert.Equal("I:\\nf.config", d.Files[2].DestinationFilePath);
        }

        [Fact]
        public async Task NanoffJsonRefusesAFileThePhoneWouldRefuse()
        {
            string dir = ProvisionProcess.TempDir("prov-nanoff");
            string config = ProvisionTexts.Write(dir, "nf.config", ProvisionTexts.Bad);
            string json = Path.Combine(dir, "deploy.json");
            ProvisionProcess.Result r = await ProvisionProcess.RunAsync("nanoff-json", config, "--out", json);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("line 5 [sip] port: OutOfRange", r.Error);
            Assert.False(File.Exists(json));
        }
    }
}
