using System;
using System.IO;
using System.Text;

namespace Phone.Tools.Handset
{
    /// <summary>Where the handset's microphone samples come from: 8 kHz mono PCM16, one frame at a time.</summary>
    public interface IMicrophone
    {
        /// <summary>Fills pcm[offset..offset+count) with the next samples.</summary>
        void Read(short[] pcm, int offset, int count);

        string Describe();
    }

    /// <summary>A sine tone at a fixed level (the default microphone: each demo handset has its own pitch).</summary>
    public sealed class ToneMicrophone : IMicrophone
    {
        private readonly double _step;
        private readonly double _amplitude;
        private double _phase;

        public ToneMicrophone(double hz, double amplitude = 8000)
        {
            Hz = hz;
            _step = 2 * Math.PI * hz / 8000.0;
            _amplitude = amplitude;
        }

        public double Hz { get; }

        public void Read(short[] pcm, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                pcm[offset + i] = (short)Math.Round(_amplitude * Math.Sin(_phase));
                _phase += _step;
                if (_phase > 2 * Math.PI) _phase -= 2 * Math.PI;
            }
        }

        public string Describe() => "tone " + Hz + " Hz";
    }

    /// <summary>A WAV file played in a loop (converted to 8 kHz mono on load).</summary>
    public sealed class WavMicrophone : IMicrophone
    {
        private readonly short[] _samples;
        private readonly string _path;
        private int _pos;

        public WavMicrophone(string path)
        {
            _path = path;
            _samples = Wav.ReadAs8kMono(path, out string note);
            Note = note;
            if (_samples.Length == 0) throw new InvalidDataException(path + ": no audio samples");
        }

        /// <summary>What conversion was done on load (null when none).</summary>
        public string Note { get; }

        public void Read(short[] pcm, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                pcm[offset + i] = _samples[_pos];
                if (++_pos == _samples.Length) _pos = 0;
            }
        }

        public string Describe() => "wav " + Path.GetFileName(_path) + (Note != null ? " (" + Note + ")" : "");
    }

    /// <summary>WAV (RIFF, PCM) reading and writing.</summary>
    public static class Wav
    {
        public const int Rate = 8000;

        /// <summary>
        /// Reads a PCM WAV file: 16-bit (or 8-bit unsigned) samples, any channel count (averaged to mono) and
        /// any rate (linear interpolation to 8 kHz). Other encodings (float, A-law, compressed) are refused with
        /// an InvalidDataException that says what the file holds.
        /// </summary>
        public static short[] ReadAs8kMono(string path, out string note)
        {
            byte[] b = File.ReadAllBytes(path);
            if (b.Length < 12 || Encoding.ASCII.GetString(b, 0, 4) != "RIFF" || Encoding.ASCII.GetString(b, 8, 4) != "WAVE")
            {
                throw new InvalidDataException(path + ": not a RIFF/WAVE file");
            }

            int pos = 12, format = -1, channels = 0, rate = 0, bits = 0, dataOff = -1, dataLen = 0;
            while (pos + 8 <= b.Length)
            {
                string id = Encoding.ASCII.GetString(b, pos, 4);
                int len = BitConverter.ToInt32(b, pos + 4);
                if (len < 0) break;
                int body = pos + 8;
                if (id == "fmt " && len >= 16 && body + 16 <= b.Length)
                {
                    format = BitConverter.ToUInt16(b, body);
                    channels = BitConverter.ToUInt16(b, body + 2);
                    rate = BitConverter.ToInt32(b, body + 4);
                    bits = BitConverter.ToUInt16(b, body + 14);
                    if (format == 0xFFFE && len >= 26) format = BitConverter.ToUInt16(b, body + 24); // WAVE_FORMAT_EXTENSIBLE sub-format
                }
                else if (id == "data")
                {
                    dataOff = body;
                    dataLen = Math.Min(len, b.Length - body);
                    break;
                }

                pos = body + len + (len & 1);
            }

            if (format < 0 || dataOff < 0) throw new InvalidDataException(path + ": no fmt or data chunk");
            if (format != 1 || (bits != 16 && bits != 8))
            {
                throw new InvalidDataException(path + ": format " + format + " with " + bits + "-bit samples is not supported; " +
                    "give PCM 16-bit (e.g. sox in.wav -r 8000 -c 1 -b 16 -e signed-integer out.wav)");
            }

            if (channels < 1 || rate < 1000 || rate > 192000) throw new InvalidDataException(path + ": " + channels + " channels at " + rate + " Hz");
            int bytesPer = bits / 8;
            int frames = dataLen / (bytesPer * channels);
            var mono = new double[frames];
            for (int f = 0; f < frames; f++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    int at = dataOff + (f * channels + c) * bytesPer;
                    sum += bits == 16 ? BitConverter.ToInt16(b, at) : (b[at] - 128) * 256;
                }

                mono[f] = sum / channels;
            }

            note = null;
            if (channels != 1 || rate != Rate || bits != 16)
            {
                note = "converted from " + rate + " Hz, " + channels + " ch, " + bits + " bit";
            }

            int outCount = (int)((long)frames * Rate / rate);
            var result = new short[outCount];
            for (int i = 0; i < outCount; i++)
            {
                double src = (double)i * rate / Rate;
                int i0 = (int)src;
                double frac = src - i0;
                double v = i0 + 1 < frames ? mono[i0] * (1 - frac) + mono[i0 + 1] * frac : mono[Math.Min(i0, frames - 1)];
                result[i] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
            }

            return result;
        }
    }

    /// <summary>Records 8 kHz mono PCM16 to a WAV file; the header is completed on Dispose.</summary>
    public sealed class WavWriter : IDisposable
    {
        private readonly FileStream _file;
        private readonly byte[] _buf = new byte[2 * 480];
        private long _samples;

        public WavWriter(string path)
        {
            Path = path;
            _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            _file.Write(Header(0));
        }

        public string Path { get; }

        public long Samples => _samples;

        public void Write(short[] pcm, int offset, int count)
        {
            while (count > 0)
            {
                int n = Math.Min(count, _buf.Length / 2);
                for (int i = 0; i < n; i++)
                {
                    short s = pcm[offset + i];
                    _buf[2 * i] = (byte)s;
                    _buf[2 * i + 1] = (byte)(s >> 8);
                }

                _file.Write(_buf, 0, 2 * n);
                _samples += n;
                offset += n;
                count -= n;
            }
        }

        private static byte[] Header(long samples)
        {
            int data = (int)Math.Min(samples * 2, int.MaxValue - 36);
            var h = new byte[44];
            void Put(int at, string s) => Encoding.ASCII.GetBytes(s, 0, 4, h, at);
            void I32(int at, int v) => BitConverter.TryWriteBytes(new Span<byte>(h, at, 4), v);
            void I16(int at, short v) => BitConverter.TryWriteBytes(new Span<byte>(h, at, 2), v);
            Put(0, "RIFF");
            I32(4, 36 + data);
            Put(8, "WAVE");
            Put(12, "fmt ");
            I32(16, 16);
            I16(20, 1);
            I16(22, 1);
            I32(24, Wav.Rate);
            I32(28, Wav.Rate * 2);
            I16(32, 2);
            I16(34, 16);
            Put(36, "data");
            I32(40, data);
            return h;
        }

        public void Dispose()
        {
            _file.Seek(0, SeekOrigin.Begin);
            _file.Write(Header(_samples));
            _file.Dispose();
        }
    }

    /// <summary>Goertzel power of single frequencies, relative to the total power of the block.</summary>
    public static class Goertzel
    {
        /// <summary>
        /// Share (0..1) of the signal's energy at <paramref name="hz"/> (8 kHz sampling), measured over 50 ms
        /// blocks and summed, so the phase jumps a jitter buffer makes when it drops or stretches a frame do
        /// not cancel the tone out (a single Goertzel over seconds is phase-coherent and would).
        /// </summary>
        public static double Share(short[] x, int offset, int count, double hz)
        {
            const int block = 400;
            double power = 0, energy = 0;
            for (int at = offset; at + block <= offset + count; at += block)
            {
                Block(x, at, block, hz, out double p, out double e);
                power += p;
                energy += e * block / 2.0;
            }

            return energy <= 0 ? 0 : power / energy;
        }

        private static void Block(short[] x, int offset, int n, double hz, out double power, out double energy)
        {
            double coeff = 2 * Math.Cos(2 * Math.PI * hz / Wav.Rate);
            double s1 = 0, s2 = 0;
            energy = 0;
            for (int i = 0; i < n; i++)
            {
                double v = x[offset + i];
                energy += v * v;
                double s0 = v + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }

            // A pure sine of amplitude A over n samples gives power ≈ (A·n/2)², energy ≈ A²·n/2.
            power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        }

        /// <summary>RMS level in dBFS of a block.</summary>
        public static double Dbfs(short[] x, int offset, int count)
        {
            if (count <= 0) return double.NegativeInfinity;
            double e = 0;
            for (int i = 0; i < count; i++) e += (double)x[offset + i] * x[offset + i];
            return 10 * Math.Log10(e / count / (32768.0 * 32768.0) + 1e-20);
        }
    }
}
