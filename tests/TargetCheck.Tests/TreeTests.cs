using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    public class TreeTests
    {
        public static TheoryData<string> DeviceProjects()
        {
            var data = new TheoryData<string>();
            foreach (string p in DeviceProject.FromSolution(Path.Combine(Fixture.Root, "Phone.sln")))
                data.Add(Path.GetRelativePath(Fixture.Root, p));
            return data;
        }

        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_project_passes_the_target_check(string project)
        {
            DeviceProject p = DeviceProject.Load(Path.Combine(Fixture.Root, project));
            CompiledDevice built = Fixture.Check.Build(p);
            Assert.True(built.Success, string.Join("\n", built.Findings));
            var limits = Fixture.Check.CheckLimits(p.AssemblyName, p.Path, built, null);
            Assert.True(limits.Count == 0, string.Join("\n", limits));
        }

        /// <summary>
        /// A fresh clone with nothing beside it builds and tests: no tracked file reaches outside the repository
        /// (the nanoFramework API lists live in tools/TargetCheck/Api).
        /// </summary>
        [Fact]
        public void Nothing_in_the_repository_reaches_outside_it()
        {
            var git = Process.Start(new ProcessStartInfo("git", "ls-files -z") { WorkingDirectory = Fixture.Root, RedirectStandardOutput = true });
            string[] files = git.StandardOutput.ReadToEnd().Split('\0', StringSplitOptions.RemoveEmptyEntries);
            git.WaitForExit();
            Assert.NotEmpty(files);
            var outside = new List<string>();
            foreach (string f in files)
            {
                string path = Path.Combine(Fixture.Root, f);
                if (!File.Exists(path) || new FileInfo(path).Length > 1 << 20) continue;
                string text = File.ReadAllText(path);
                foreach (string marker in new[] { "../shared/", "..\\shared\\", "/work/shared", "PHONE_SHARED_DIR" })
                    if (text.Contains(marker, StringComparison.Ordinal) && !f.EndsWith("TreeTests.cs", StringComparison.Ordinal)) outside.Add(f + ": " + marker);
            }
            Assert.True(outside.Count == 0, string.Join("\n", outside));
        }

        /// <summary>
        /// Every device project states the C# version the nanoFramework project system would use anyway
        /// (9.0): the target check compiles with it, and native method tables depend on it.
        /// </summary>
        [Theory]
        [MemberData(nameof(DeviceProjects))]
        public void Device_project_pins_CSharp_9(string project)
        {
            string text = File.ReadAllText(Path.Combine(Fixture.Root, project));
            Assert.Contains("<LangVersion>9.0</LangVersion>", text);
            Assert.Equal("9.0", DeviceProject.Load(Path.Combine(Fixture.Root, project)).LangVersion);
        }

        /// <summary>Each .nfproj and its *.Host.csproj twin compile exactly the same source files.</summary>
        /// <summary>
        /// The application flashed to the board is hardware adapters only; its testable logic lives in
        /// Phone.Device, which has a twin. Every other device project must have one.
        /// </summary>
        private static readonly string[] DeviceOnly = { Path.Combine("src", "Phone.Firmware", "Phone.Firmware.nfproj") };

        public static TheoryData<string> TwinnedProjects()
        {
            var data = new TheoryData<string>();
            foreach (string p in DeviceProject.FromSolution(Path.Combine(Fixture.Root, "Phone.sln")))
            {
                string rel = Path.GetRelativePath(Fixture.Root, p);
                if (Array.IndexOf(DeviceOnly, rel) < 0) data.Add(rel);
            }
            return data;
        }

        [Fact]
        public void Device_only_projects_are_applications_without_twins()
        {
            foreach (string rel in DeviceOnly)
            {
                string full = Path.Combine(Fixture.Root, rel);
                Assert.True(File.Exists(full), rel);
                Assert.Contains("<OutputType>Exe</OutputType>", File.ReadAllText(full));
                Assert.False(File.Exists(Path.ChangeExtension(full, null) + ".Host.csproj"), rel + " has a twin; take it off the device-only list");
            }
        }

        [Theory]
        [MemberData(nameof(TwinnedProjects))]
        public void Device_project_and_host_twin_compile_the_same_files(string project)
        {
            var device = DeviceProject.Load(Path.Combine(Fixture.Root, project));
            string twin = Path.Combine(device.Directory, Path.GetFileNameWithoutExtension(project) + ".Host.csproj");
            Assert.True(File.Exists(twin), "no host twin " + twin);
            // All of the twin's files, its own and those linked from elsewhere (tests/Shared): a link in only one
            // of the two projects differs like any other file.
            var hostFiles = HostCompileItems(twin);
            var deviceFiles = device.Sources.ToList();
            var onlyDevice = deviceFiles.Except(hostFiles).Select(f => Path.GetRelativePath(device.Directory, f)).ToList();
            var onlyHost = hostFiles.Except(deviceFiles).Select(f => Path.GetRelativePath(device.Directory, f)).ToList();
            Assert.True(onlyDevice.Count == 0 && onlyHost.Count == 0,
                "only in " + Path.GetFileName(project) + ": " + string.Join(", ", onlyDevice) + "\nonly in the host twin: " + string.Join(", ", onlyHost));
            Assert.Equal(deviceFiles.Count, deviceFiles.Distinct().Count());
        }

        /// <summary>
        /// tests/Shared holds only test helpers that several NFUnitTest.* projects link in; a helper one area
        /// uses belongs in that area's project.
        /// </summary>
        [Fact]
        public void Shared_test_helpers_are_linked_by_several_test_projects()
        {
            string shared = Path.Combine(Fixture.Root, "tests", "Shared");
            var projects = DeviceProject.FromSolution(Path.Combine(Fixture.Root, "Phone.sln")).Select(DeviceProject.Load).ToList();
            foreach (string file in Directory.GetFiles(shared, "*.cs"))
            {
                var users = projects.Where(p => p.Sources.Contains(file)).Select(p => Path.GetFileName(p.Path)).ToList();
                Assert.True(users.Count >= 2, Path.GetFileName(file) + " is linked by " + (users.Count == 0 ? "no project" : string.Join(", ", users)) + "; move it into the test project that uses it");
            }
        }

        /// <summary>The host project's evaluated Compile items, as MSBuild sees them.</summary>
        private static List<string> HostCompileItems(string csproj)
        {
            var psi = new ProcessStartInfo("dotnet", "msbuild \"" + csproj + "\" -getItem:Compile -nologo")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using Process p = Process.Start(psi);
            string json = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "dotnet msbuild -getItem failed: " + json + p.StandardError.ReadToEnd());
            using JsonDocument doc = JsonDocument.Parse(json);
            return doc.RootElement.GetProperty("Items").GetProperty("Compile").EnumerateArray()
                      .Select(i => Path.GetFullPath(i.GetProperty("FullPath").GetString()))
                      .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
                      .ToList();
        }
    }
}
