using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Phone.TargetCheck.Tests
{
    /// <summary>
    /// The device frame cost (FrameCost): the media path of the real firmware has no per-sample or per-byte managed
    /// loop that runs every frame, its per-frame work reaches the kernels, and a per-sample loop planted back — into
    /// the real MediaEngine, or into a small fixture — fails the check at its line.
    /// </summary>
    public class FrameCostTests
    {
        private const string FirmwareProject = "src/Phone.App/Phone.App.nfproj";
        private const string MediaEngine = "src/Phone.App/Media/MediaEngine.cs";

        private static readonly Lazy<FrameCost.Result> RealTree = new Lazy<FrameCost.Result>(() =>
            Fixture.Check.CheckFrameCost(new[] { DeviceProject.Load(Path.Combine(Fixture.Root, FirmwareProject)) }, FrameCost.Device()));

        [Fact]
        public void The_firmware_media_path_has_no_every_frame_per_element_loop()
        {
            FrameCost.Result r = RealTree.Value;
            Assert.NotNull(r);
            Assert.True(r.Findings.Count == 0, string.Join("\n", r.Findings) + "\n" + FrameCost.Report(r));
            Assert.Equal(new[] { "capture", "receive", "playout" }, r.Paths.Select(p => p.Name));
            Assert.All(r.Paths, p => Assert.DoesNotContain(p.Loops, l => l.PerElement && l.Condition == null));
        }

        [Fact]
        public void Each_path_reaches_its_kernel_calls_and_does_not_enter_them()
        {
            FrameCost.Result r = RealTree.Value;
            FrameCost.PathCost capture = r.Paths.Single(p => p.Name == "capture");
            FrameCost.PathCost receive = r.Paths.Single(p => p.Name == "receive");
            FrameCost.PathCost playout = r.Paths.Single(p => p.Name == "playout");
            Assert.Contains("Phone.Audio.IAudioKernel::DecimateCapture", capture.KernelMethods);
            Assert.Contains("Phone.Audio.IAudioKernel::CaptureToPcm", capture.KernelMethods);
            Assert.Contains("Phone.Audio.IAudioKernel::EncodeG711", capture.KernelMethods);
            Assert.Contains("Phone.Crypto.ISrtpTransform::Protect", capture.KernelMethods);
            Assert.Contains("Phone.Crypto.ISrtpTransform::Unprotect", receive.KernelMethods);
            Assert.Contains("Phone.Audio.IAudioKernel::DecodeG711", playout.KernelMethods);
            Assert.Contains("Phone.Audio.IAudioKernel::PcmToPlayback", playout.KernelMethods);

            // The managed kernels' own loops (MuLaw, ManagedAudioKernel, the AES/SHA-1 contexts) are behind the
            // interfaces: nothing of them is walked.
            Assert.All(r.Paths, p => Assert.DoesNotContain(p.Loops, l => l.Method.StartsWith("Phone.Audio.ManagedAudioKernel", StringComparison.Ordinal)
                || l.Method.StartsWith("Phone.Audio.MuLaw", StringComparison.Ordinal) || l.Method.StartsWith("Phone.Crypto.Managed", StringComparison.Ordinal)));
        }

        [Fact]
        public void The_volume_loop_planted_back_into_MediaEngine_fails_at_its_line()
        {
            DeviceProject p = DeviceProject.Load(Path.Combine(Fixture.Root, FirmwareProject));
            string path = Path.Combine(Fixture.Root, MediaEngine);
            string text = File.ReadAllText(path);
            const string Call = "            _audio.PcmToPlayback(_playFrame, 0, FrameSamples, volume, true, _playBytes, 0);";
            Assert.Contains(Call, text);
            string planted = text.Replace(Call,
                "            for (int i = 0; i < FrameSamples; i++)\n" +
                "            {\n" +
                "                _playFrame[i] = (short)(_playFrame[i] * volume / 100);\n" +
                "            }\n\n" +
                "            _audio.PcmToPlayback(_playFrame, 0, FrameSamples, 100, true, _playBytes, 0);");
            CompiledDevice built = Fixture.Check.Compile(p, new Dictionary<string, string> { [p.Sources.Single(s => s.EndsWith("MediaEngine.cs", StringComparison.Ordinal))] = planted });
            Assert.True(built.Success, string.Join("\n", built.Findings));

            FrameCost.Result r = Fixture.Check.CheckFrameCost(p, built, FrameCost.Device());
            Finding f = Assert.Single(r.Findings);
            Assert.Equal(FrameCost.Code, f.Code);
            Assert.Equal(MediaEngine, f.File.Replace('\\', '/'));
            Assert.Equal(LineOf(planted, "_playFrame[i] = (short)(_playFrame[i] * volume / 100);"), f.Line); // the loop body's first line
            Assert.Contains("Phone.App.Media.MediaEngine::PlayFrame", f.Message);
            Assert.Contains("playout", f.Message);
        }

        private const string Planted = @"
namespace Planted
{
    public interface IKernel { int Scale(short[] pcm, int count, int volume); }

    public sealed class ManagedKernel : IKernel
    {
        // The kernel's own loop: behind the interface, never walked.
        public int Scale(short[] pcm, int count, int volume)
        {
            for (int i = 0; i < count; i++) pcm[i] = (short)(pcm[i] * volume / 100);
            return count;
        }
    }

    public sealed class Engine
    {
        private readonly IKernel _kernel = new ManagedKernel();
        private readonly short[] _frame = new short[160];
        private readonly int[] _words = new int[4];

        public void Frame(int volume)
        {
            _kernel.Scale(_frame, 160, volume);
            Shift();
            Helper.Touch(_frame);
        }

        // Bounded by the words of a small int[]: not per element.
        private void Shift()
        {
            for (int i = 0; i < _words.Length; i++) _words[i] = _words[i] >> 1;
        }
    }

    public static class Helper
    {
        public static void Touch(short[] pcm)
        {
            PLANT
        }
    }
}";

        private static FrameCost.Model FixtureModel()
        {
            var m = new FrameCost.Model();
            m.Entries.Add(new FrameCost.Entry { Name = "frame", Type = "Planted.Engine", Method = "Frame" });
            m.KernelInterfaces.Add("Planted.IKernel");
            return m;
        }

        private static FrameCost.Result MeasureFixture(string plant, FrameCost.Model model)
        {
            CompiledDevice built = Fixture.CompileDevice(Planted.Replace("PLANT", plant));
            Assert.True(built.Success, string.Join("\n", built.Findings));
            return FrameCost.Measure(new[] { FrameCost.Release(built) }, model);
        }

        [Fact]
        public void A_fixture_without_per_element_loops_passes_and_the_kernel_is_not_entered()
        {
            FrameCost.Result r = MeasureFixture("pcm[0] = 1;", FixtureModel());
            Assert.Empty(r.Findings);
            FrameCost.PathCost p = Assert.Single(r.Paths);
            Assert.Equal(1, p.KernelCalls);
            Assert.Equal(new[] { "Planted.IKernel::Scale" }, p.KernelMethods);
            FrameCost.Loop loop = Assert.Single(p.Loops); // Engine.Shift's
            Assert.False(loop.PerElement);
            Assert.Equal("Planted.Engine::Shift", loop.Method);
        }

        [Theory]
        [InlineData("for (int i = 0; i < pcm.Length; i++) pcm[i] = 0;")]                            // write samples
        [InlineData("int s = 0; for (int i = 0; i < pcm.Length; i++) s += pcm[i]; pcm[0] = (short)s;")] // read samples
        [InlineData("int i = 0; while (i < pcm.Length) { pcm[i] >>= 1; i++; }")]                    // while
        [InlineData("byte[] b = new byte[4]; for (int i = 0; i < 4; i++) b[i] = (byte)pcm[i];")]    // bytes
        public void A_per_element_loop_planted_in_the_fixture_fails(string plant)
        {
            FrameCost.Result r = MeasureFixture(plant, FixtureModel());
            Finding f = Assert.Single(r.Findings);
            Assert.Equal(FrameCost.Code, f.Code);
            Assert.Contains("Planted.Helper::Touch", f.Message);
            Assert.Equal("Planted.cs", Path.GetFileName(f.File));
            Assert.Equal(LineOf(Planted, "PLANT"), f.Line);
        }

        [Fact]
        public void A_listed_condition_allows_the_loop_and_a_stale_entry_is_reported()
        {
            FrameCost.Model m = FixtureModel();
            m.Conditional["Planted.Helper::Touch"] = "a test condition";
            FrameCost.Result allowed = MeasureFixture("for (int i = 0; i < pcm.Length; i++) pcm[i] = 0;", m);
            Assert.Empty(allowed.Findings);
            Assert.Contains(Assert.Single(allowed.Paths).Loops, l => l.PerElement && l.Condition == "a test condition");

            FrameCost.Result stale = MeasureFixture("pcm[0] = 1;", m);
            Finding f = Assert.Single(stale.Findings);
            Assert.Contains("Planted.Helper::Touch", f.Message);
            Assert.Contains("remove the entry", f.Message);
        }

        private static int LineOf(string text, string what)
        {
            int at = text.IndexOf(what, StringComparison.Ordinal);
            return text.Substring(0, at).Count(c => c == '\n') + 1;
        }
    }
}
