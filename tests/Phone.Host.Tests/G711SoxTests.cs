using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using Phone.Media;
using Xunit;
using Phone.Audio;

namespace Phone.Host.Tests
{
    /// <summary>
    /// Bit-exact cross-check of the G.711 codec with sox, an independent implementation.
    /// sox must be installed (apt-get install -y sox): without it these tests fail, never skip.
    /// Every sox run uses -D (no dither), so its output is deterministic. The frame calls of both audio
    /// kernels (managed, and native pc_g711.c as on the device) are checked against sox too.
    /// </summary>
    public sealed class G711SoxTests : IDisposable
    {
        readonly string _dir;

        public G711SoxTests()
        {
            _dir = Path.Combine(Path.GetTempPath(), "phone-g711-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        // ---- decoding: all 256 codes ----

        [Theory]
        [InlineData("ul")]
        [InlineData("al")]
        public void DecodesEveryCodeLikeSox(string law)
        {
            short[] sox = SoxDecode(law, AllCodes());
            for (int c = 0; c < 256; c++)
            {
                Assert.True(sox[c] == Decode(law, (byte)c), $"{law} code 0x{c:X2}: sox {sox[c]}, ours {Decode(law, (byte)c)}");
            }
        }

        // ---- encoding: every exact 14-bit (µ-law) / 13-bit (A-law) sample, clipping included ----

        [Theory]
        [InlineData("ul", 4)]
        [InlineData("al", 8)]
        public void EncodesEveryGridSampleLikeSox(string law, int grid)
        {
            short[] samples = new short[65536 / grid];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(-32768 + i * grid);
            Assert.Equal(-32768, samples[0]);
            Assert.Equal(32768 - grid, samples[^1]);

            byte[] sox = SoxEncode(law, samples);
            Assert.Equal(samples.Length, sox.Length);
            int mismatches = 0;
            string first = null;
            for (int i = 0; i < samples.Length; i++)
            {
                byte ours = Encode(law, samples[i]);
                if (ours != sox[i])
                {
                    mismatches++;
                    first ??= $"{law} sample {samples[i]}: sox 0x{sox[i]:X2}, ours 0x{ours:X2}";
                }
            }
            Assert.True(mismatches == 0, $"{mismatches} mismatches, first: {first}");
        }

        // ---- the same two checks through each audio kernel's frame call (the path RTP uses) ----

        static IAudioKernel Kernel(string kernel) =>
            kernel == "native" ? new Phone.Crypto.Native.NativeAudioKernel() : new ManagedAudioKernel();

        static AudioCodec Codec(string law) => law == "ul" ? AudioCodec.Pcmu : AudioCodec.Pcma;

        [Theory]
        [InlineData("ul", "managed")]
        [InlineData("al", "managed")]
        [InlineData("ul", "native")]
        [InlineData("al", "native")]
        public void KernelDecodesEveryCodeLikeSox(string law, string kernel)
        {
            short[] sox = SoxDecode(law, AllCodes());
            short[] ours = new short[256];
            Assert.Equal(256, Kernel(kernel).DecodeG711(Codec(law), AllCodes(), 0, ours, 0, 256));
            Assert.Equal(sox, ours);
        }

        [Theory]
        [InlineData("ul", 4, "managed")]
        [InlineData("al", 8, "managed")]
        [InlineData("ul", 4, "native")]
        [InlineData("al", 8, "native")]
        public void KernelEncodesEveryGridSampleLikeSox(string law, int grid, string kernel)
        {
            short[] samples = new short[65536 / grid];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(-32768 + i * grid);
            byte[] sox = SoxEncode(law, samples);
            byte[] ours = new byte[samples.Length];
            Assert.Equal(samples.Length, Kernel(kernel).EncodeG711(Codec(law), samples, 0, ours, 0, samples.Length));
            Assert.Equal(sox, ours);
        }

        // ---- off-grid samples: sox rounds to 14/13 bits, we truncate (docs/g711.md) ----

        // For every 16-bit input our reconstruction is at most one quantization step from sox's,
        // the step being that of the coarser of the two segments involved (G.711: 8 << s for
        // µ-law, 16 << max(s - 1, 0) for A-law, on the 16-bit scale).
        [Theory]
        [InlineData("ul")]
        [InlineData("al")]
        public void EveryInputDecodesWithinOneStepOfSox(string law)
        {
            short[] samples = new short[65536];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(-32768 + i);
            byte[] sox = SoxEncode(law, samples);
            Assert.Equal(samples.Length, sox.Length);

            int differing = 0;
            for (int i = 0; i < samples.Length; i++)
            {
                byte ours = Encode(law, samples[i]);
                if (ours != sox[i]) differing++;
                int step = Math.Max(Step(law, ours), Step(law, sox[i]));
                int distance = Math.Abs(Decode(law, ours) - Decode(law, sox[i]));
                Assert.True(distance <= step,
                    $"{law} sample {samples[i]}: ours 0x{ours:X2} -> {Decode(law, ours)}, sox 0x{sox[i]:X2} -> {Decode(law, sox[i])}, step {step}");
            }
            // The two rules do differ off the grid: this test compares something.
            Assert.True(differing > 0, "expected truncation and sox's rounding to differ somewhere");
        }

        // ---- helpers ----

        static byte[] AllCodes()
        {
            byte[] codes = new byte[256];
            for (int c = 0; c < 256; c++) codes[c] = (byte)c;
            return codes;
        }

        static short Decode(string law, byte code) => law == "ul" ? MuLaw.Decode(code) : ALaw.Decode(code);

        static byte Encode(string law, short sample) => law == "ul" ? MuLaw.Encode(sample) : ALaw.Encode(sample);

        // Step of a code's segment on the 16-bit scale, from the code word layout of G.711.
        static int Step(string law, byte code)
        {
            if (law == "ul") return 8 << ((~code >> 4) & 7);
            int seg = ((code ^ 0x55) >> 4) & 7;
            return 16 << Math.Max(seg - 1, 0);
        }

        short[] SoxDecode(string law, byte[] codes)
        {
            string input = Path.Combine(_dir, "in." + law);
            string output = Path.Combine(_dir, "out.s16");
            File.WriteAllBytes(input, codes);
            RunSox("-D", "-t", law, "-r", "8000", "-c", "1", input,
                   "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", output);
            byte[] raw = File.ReadAllBytes(output);
            Assert.Equal(codes.Length * 2, raw.Length);
            short[] samples = new short[codes.Length];
            for (int i = 0; i < samples.Length; i++) samples[i] = (short)(raw[2 * i] | (raw[2 * i + 1] << 8));
            return samples;
        }

        byte[] SoxEncode(string law, short[] samples)
        {
            string input = Path.Combine(_dir, "in.s16");
            string output = Path.Combine(_dir, "out." + law);
            byte[] raw = new byte[samples.Length * 2];
            for (int i = 0; i < samples.Length; i++)
            {
                raw[2 * i] = (byte)samples[i];
                raw[2 * i + 1] = (byte)(samples[i] >> 8);
            }
            File.WriteAllBytes(input, raw);
            RunSox("-D", "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", input,
                   "-t", "raw", "-e", law == "ul" ? "mu-law" : "a-law", "-r", "8000", "-c", "1", output);
            return File.ReadAllBytes(output);
        }

        static void RunSox(params string[] args)
        {
            var psi = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            Process p;
            try
            {
                p = Process.Start(psi);
            }
            catch (Win32Exception e)
            {
                throw new InvalidOperationException("sox is required for the G.711 cross-check and was not found on PATH: install it (apt-get install -y sox). " + e.Message, e);
            }
            using (p)
            {
                string stderr = p.StandardError.ReadToEnd();
                p.WaitForExit();
                // sox warns about clipped samples on stderr; only the exit code means failure.
                Assert.True(p.ExitCode == 0, $"sox {string.Join(" ", args)} exited {p.ExitCode}: {stderr}");
            }
        }
    }
}
