using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;

namespace Phone.Host.Tests.Interop
{
    /// <summary>What <see cref="ToneCheck.Analyse"/> found at one frequency.</summary>
    public sealed class ToneReport
    {
        public double Frequency { get; set; }
        public int SampleRate { get; set; }
        public double DurationSeconds { get; set; }

        /// <summary>Blocks (50 ms) in the middle of the recording that were looked at.</summary>
        public int Blocks { get; set; }

        /// <summary>Blocks where the tone carries most of the energy and stands well above its neighbours.</summary>
        public int ToneBlocks { get; set; }

        /// <summary>Median share of the block's energy at the tone frequency (1 for a clean sine).</summary>
        public double MedianEnergyShare { get; set; }

        /// <summary>Median ratio, in dB, of the tone's power to the strongest neighbouring probe.</summary>
        public double MedianNeighbourDb { get; set; }

        /// <summary>RMS of the analysed part, full scale = 1.</summary>
        public double Rms { get; set; }

        public bool Present { get; set; }

        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "{0} Hz: {1} ({2}/{3} blocks, energy share {4:F2}, {5:F1} dB over neighbours, rms {6:F4}, {7:F2} s at {8} Hz)",
            Frequency, Present ? "present" : "absent", ToneBlocks, Blocks, MedianEnergyShare, MedianNeighbourDb, Rms,
            DurationSeconds, SampleRate);
    }

    /// <summary>
    /// Decides whether a recording holds a given tone, independently of the phone's code: the WAV is
    /// read here (16-bit PCM; anything else is converted by sox first), the middle 60 % is cut into
    /// 50 ms Hann-windowed blocks, and a Goertzel filter measures the power at the tone and at probes
    /// 100–300 Hz either side. A block has the tone when the tone holds at least half of the block's
    /// energy and is 20 dB above every probe; the recording has it when 80 % of at least 10 blocks do
    /// and the level is above -40 dBFS. sox is used only to make tones and convert formats.
    /// </summary>
    public static class ToneCheck
    {
        public const double MinEnergyShare = 0.5;
        public const double MinNeighbourDb = 20;
        public const double MinToneBlockFraction = 0.8;
        public const int MinBlocks = 10;
        public const double MinRms = 0.01;
        private static readonly double[] NeighbourOffsets = { -300, -200, -100, 100, 200, 300 };

        /// <summary>Writes an 8 kHz mono signed 16-bit WAV with a sine at <paramref name="hz"/> (half full scale) with sox, undithered (-D) so the samples are exactly periodic.</summary>
        public static void MakeTone(string path, double hz, double seconds, int rate = 8000)
        {
            Sox("-D", "-n", "-r", rate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", "-e", "signed-integer", path,
                "synth", seconds.ToString(CultureInfo.InvariantCulture), "sine", hz.ToString(CultureInfo.InvariantCulture), "vol", "0.5");
        }

        public static bool Contains(string wavPath, double hz) => Analyse(wavPath, hz).Present;

        public static ToneReport Analyse(string wavPath, double hz)
        {
            short[] samples = ReadMonoS16(wavPath, out int rate);
            return Analyse(samples, rate, hz);
        }

        public static ToneReport Analyse(short[] samples, int rate, double hz)
        {
            var report = new ToneReport { Frequency = hz, SampleRate = rate, DurationSeconds = samples.Length / (double)rate };
            int block = rate / 20;
            int start = (int)(samples.Length * 0.2);
            int end = (int)(samples.Length * 0.8);
            int blocks = Math.Max(0, (end - start) / block);
            report.Blocks = blocks;
            if (blocks == 0 || hz + 300 >= rate / 2.0) return report;
            var window = new double[block];
            double windowSum = 0;
            for (int i = 0; i < block; i++)
            {
                window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (block - 1));
                windowSum += window[i];
            }
            var x = new double[block];
            var shares = new double[blocks];
            var neighbourDb = new double[blocks];
            double totalEnergy = 0;
            for (int b = 0; b < blocks; b++)
            {
                double energy = 0;
                for (int i = 0; i < block; i++)
                {
                    double s = samples[start + b * block + i] / 32768.0;
                    energy += s * s;
                    x[i] = s * window[i];
                }
                totalEnergy += energy;
                double meanSquare = energy / block;
                // Amplitude A of a sine at hz: |X| = A * sum(w) / 2, so A^2 = 4 |X|^2 / sum(w)^2 and its power is A^2 / 2.
                double tonePower = 2 * Goertzel(x, hz, rate) / (windowSum * windowSum);
                double worst = 0;
                foreach (double off in NeighbourOffsets)
                {
                    worst = Math.Max(worst, 2 * Goertzel(x, hz + off, rate) / (windowSum * windowSum));
                }
                shares[b] = meanSquare > 0 ? tonePower / meanSquare : 0;
                neighbourDb[b] = 10 * Math.Log10((tonePower + 1e-20) / (worst + 1e-20));
                if (shares[b] >= MinEnergyShare && neighbourDb[b] >= MinNeighbourDb) report.ToneBlocks++;
            }
            report.Rms = Math.Sqrt(totalEnergy / (blocks * (double)block));
            report.MedianEnergyShare = Median(shares);
            report.MedianNeighbourDb = Median(neighbourDb);
            report.Present = blocks >= MinBlocks && report.Rms >= MinRms && report.ToneBlocks >= MinToneBlockFraction * blocks;
            return report;
        }

        /// <summary>|X(f)|^2 of <paramref name="x"/> at frequency <paramref name="hz"/> (generalised Goertzel).</summary>
        public static double Goertzel(double[] x, double hz, int rate)
        {
            double w = 2 * Math.PI * hz / rate;
            double coeff = 2 * Math.Cos(w);
            double s1 = 0, s2 = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double s0 = x[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            return s1 * s1 + s2 * s2 - coeff * s1 * s2;
        }

        /// <summary>
        /// Samples of a mono 16-bit PCM WAV. A data chunk whose size is 0 or too large (a recorder
        /// stopped before fixing the header) is taken to the end of the file. Other formats go through sox.
        /// </summary>
        public static short[] ReadMonoS16(string path, out int rate)
        {
            byte[] b = File.ReadAllBytes(path);
            if (TryParsePcm16Mono(b, out rate, out int offset, out int length))
            {
                var s = new short[length / 2];
                Buffer.BlockCopy(b, offset, s, 0, s.Length * 2);
                return s;
            }
            string tmp = Path.Combine(Path.GetTempPath(), "phone-tone-" + Guid.NewGuid().ToString("N") + ".wav");
            try
            {
                Sox(path, "-c", "1", "-b", "16", "-e", "signed-integer", tmp);
                b = File.ReadAllBytes(tmp);
                if (!TryParsePcm16Mono(b, out rate, out offset, out length)) throw new InvalidDataException("sox output is not 16-bit mono PCM: " + path);
                var s = new short[length / 2];
                Buffer.BlockCopy(b, offset, s, 0, s.Length * 2);
                return s;
            }
            finally
            {
                try { File.Delete(tmp); } catch (IOException) { }
            }
        }

        private static bool TryParsePcm16Mono(byte[] b, out int rate, out int offset, out int length)
        {
            rate = 0; offset = 0; length = 0;
            if (b.Length < 12 || Encoding.ASCII.GetString(b, 0, 4) != "RIFF" || Encoding.ASCII.GetString(b, 8, 4) != "WAVE") return false;
            int pos = 12;
            bool fmtOk = false;
            while (pos + 8 <= b.Length)
            {
                string id = Encoding.ASCII.GetString(b, pos, 4);
                long size = BitConverter.ToUInt32(b, pos + 4);
                int body = pos + 8;
                if (id == "fmt " && body + 16 <= b.Length)
                {
                    int format = BitConverter.ToUInt16(b, body);
                    int channels = BitConverter.ToUInt16(b, body + 2);
                    rate = BitConverter.ToInt32(b, body + 4);
                    int bits = BitConverter.ToUInt16(b, body + 14);
                    fmtOk = (format == 1 || format == 0xFFFE) && channels == 1 && bits == 16;
                }
                else if (id == "data")
                {
                    if (!fmtOk) return false;
                    offset = body;
                    long avail = b.Length - body;
                    length = (int)(size == 0 || size > avail ? avail : size) & ~1;
                    return true;
                }
                pos = body + (int)Math.Min(size + (size & 1), int.MaxValue - body);
            }
            return false;
        }

        private static double Median(double[] v)
        {
            if (v.Length == 0) return 0;
            var c = (double[])v.Clone();
            Array.Sort(c);
            return c[c.Length / 2];
        }

        private static void Sox(params string[] args)
        {
            var psi = new ProcessStartInfo("sox") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in args) psi.ArgumentList.Add(a);
            using Process p = Process.Start(psi);
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(30000)) { p.Kill(true); throw new TimeoutException("sox took over 30 s"); }
            if (p.ExitCode != 0) throw new InvalidOperationException("sox " + string.Join(" ", args) + " failed: " + err.Result);
        }
    }
}
