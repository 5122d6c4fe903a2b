using System;
using System.IO;
using Xunit;

namespace Phone.Host.Tests.Interop
{
    /// <summary>
    /// The audio checker used by the peer tests, on files sox makes: it finds a tone that is there
    /// (also through G.711 and under noise), and not one that is absent, silence, noise or a
    /// neighbouring frequency.
    /// </summary>
    public sealed class ToneCheckTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "phone-tonecheck-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public ToneCheckTests()
        {
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        [InlineData(440, 1000)]
        [InlineData(1000, 440)]
        public void Tone_IsFound_OtherToneIsNot(double tone, double other)
        {
            string f = Path.Combine(_dir, "t.wav");
            ToneCheck.MakeTone(f, tone, 2);
            ToneReport yes = ToneCheck.Analyse(f, tone);
            ToneReport no = ToneCheck.Analyse(f, other);
            Assert.True(yes.Present, yes.ToString());
            Assert.True(yes.MedianEnergyShare > 0.9, yes.ToString());
            Assert.False(no.Present, no.ToString());
        }

        [Fact]
        public void NeighbouringFrequency_IsNotTheTone()
        {
            string f = Path.Combine(_dir, "t.wav");
            ToneCheck.MakeTone(f, 560, 2);
            Assert.False(ToneCheck.Contains(f, 440));
        }

        [Fact]
        public void SilenceAndNoise_HaveNoTone()
        {
            string silence = Path.Combine(_dir, "s.wav");
            string noise = Path.Combine(_dir, "n.wav");
            Sox("-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", silence, "trim", "0", "2");
            Sox("-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", noise, "synth", "2", "whitenoise", "vol", "0.5");
            Assert.False(ToneCheck.Contains(silence, 440), ToneCheck.Analyse(silence, 440).ToString());
            Assert.False(ToneCheck.Contains(noise, 440), ToneCheck.Analyse(noise, 440).ToString());
        }

        [Fact]
        public void ToneThroughMuLawAndUnderNoise_IsFound()
        {
            string tone = Path.Combine(_dir, "t.wav");
            string ulaw = Path.Combine(_dir, "u.wav");
            string noisy = Path.Combine(_dir, "noisy.wav");
            ToneCheck.MakeTone(tone, 1000, 2);
            Sox(tone, "-e", "u-law", ulaw); // 8-bit µ-law: read back through sox's conversion
            Assert.True(ToneCheck.Contains(ulaw, 1000), ToneCheck.Analyse(ulaw, 1000).ToString());
            // -26 dB of white noise under the tone.
            Sox("-m", tone, "|sox -n -r 8000 -c 1 -b 16 -e signed-integer -p synth 2 whitenoise vol 0.025", noisy);
            Assert.True(ToneCheck.Contains(noisy, 1000), ToneCheck.Analyse(noisy, 1000).ToString());
            Assert.False(ToneCheck.Contains(noisy, 440));
        }

        [Fact]
        public void TruncatedHeader_DataToEndOfFileIsUsed()
        {
            string f = Path.Combine(_dir, "t.wav");
            ToneCheck.MakeTone(f, 440, 2);
            byte[] b = File.ReadAllBytes(f);
            int data = System.Text.Encoding.ASCII.GetString(b).IndexOf("data", StringComparison.Ordinal);
            BitConverter.GetBytes(0u).CopyTo(b, data + 4); // as a recorder killed before closing the file leaves it
            File.WriteAllBytes(f, b);
            short[] s = ToneCheck.ReadMonoS16(f, out int rate);
            Assert.Equal(8000, rate);
            Assert.Equal(16000, s.Length);
            Assert.True(ToneCheck.Contains(f, 440));
        }

        private static void Sox(params string[] args)
        {
            var psi = new System.Diagnostics.ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using var p = System.Diagnostics.Process.Start(psi);
            string err = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(30000), "sox timed out");
            Assert.True(p.ExitCode == 0, "sox " + string.Join(" ", args) + ": " + err);
        }
    }
}
