using System;
using System.Diagnostics;
using System.IO;
using Phone.Device.Audio;
using Xunit;

namespace Phone.Host.Tests.Device
{
    /// <summary>
    /// The microphone path (24-bit samples left-justified in 32-bit I2S slots → 16-bit PCM) against sox, an
    /// independent implementation of the same conversion: sox reads the slots as 32-bit signed PCM and writes
    /// 16-bit with -D (no dither), i.e. rounded to nearest with halves up and clipped; a gain of 2^g is sox's
    /// "vol 2^g" before the conversion. sox must be installed (apt-get install -y sox); these tests fail without it.
    /// </summary>
    public sealed class I2sCaptureSoxTests : IDisposable
    {
        readonly string _dir = Path.Combine(Path.GetTempPath(), "phone-i2s-" + Guid.NewGuid().ToString("N"));

        public I2sCaptureSoxTests()
        {
            Directory.CreateDirectory(_dir);
        }

        public void Dispose()
        {
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(4)]
        [InlineData(8)]
        public void RandomAndEdgeSlotsConvertLikeSox(int gainBits)
        {
            var rnd = new Random(20261122 + gainBits);
            int n = 20000;
            int[] samples = new int[n];
            for (int i = 0; i < n; i++)
            {
                // Mostly quiet (where rounding matters), some loud (where clipping does), and the edges.
                int v = i % 4 == 0 ? rnd.Next(-8388608, 8388608) : rnd.Next(-70000, 70000);
                samples[i] = v;
            }
            int[] edges = { 8388607, -8388608, 0, 127, 128, -128, -129, 255, 256, -256, -257, 0x7FFF80, 0x7FFF7F };
            Array.Copy(edges, samples, edges.Length);

            // Mono capture buffer as the driver delivers it: one little-endian 32-bit word per frame, the
            // 24-bit sample in bits 31..8 and zeros below.
            byte[] slots = new byte[n * 4];
            for (int i = 0; i < n; i++) BitConverter.TryWriteBytes(slots.AsSpan(i * 4), samples[i] << 8);

            short[] ours = new short[n];
            Assert.Equal(n, I2sSampleConverter.CaptureToPcm(slots, 0, n, 1, 0, gainBits, ours, 0));

            string input = Path.Combine(_dir, "slots.raw");
            string output = Path.Combine(_dir, "pcm16.raw");
            File.WriteAllBytes(input, slots);
            string vol = gainBits == 0 ? "" : " vol " + (1 << gainBits);
            Sox($"-D -t raw -e signed -b 32 -c 1 -r 8000 \"{input}\" -t raw -e signed -b 16 \"{output}\"{vol}");
            byte[] soxBytes = File.ReadAllBytes(output);
            Assert.Equal(n * 2, soxBytes.Length);

            int mismatches = 0;
            string first = null;
            for (int i = 0; i < n; i++)
            {
                short sox = BitConverter.ToInt16(soxBytes, i * 2);
                if (sox != ours[i])
                {
                    mismatches++;
                    first ??= $"24-bit {samples[i]} gain {gainBits}: sox {sox}, ours {ours[i]}";
                }
            }
            Assert.True(mismatches == 0, $"{mismatches} mismatches, first: {first}");
        }

        static void Sox(string args)
        {
            var psi = new ProcessStartInfo("sox", args) { RedirectStandardError = true, UseShellExecute = false };
            using Process p = Process.Start(psi);
            string err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "sox " + args + ": " + err);
        }
    }
}
