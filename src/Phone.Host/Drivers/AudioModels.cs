using System;
using System.Collections.Generic;
using Phone.App.Drivers;
using Phone.App.Media;

namespace Phone.Host.Drivers
{
    /// <summary>
    /// The microphone's I2S receiver: delivers slots in the layout the ESP32's driver reads (32-bit little-endian
    /// words, both channels per frame, the microphone's 24 significant bits left-justified in its slot, the other
    /// slot idle), at the board's microphone rate, from a sample source (a tone, a WAV file, silence). Samples are
    /// taken in order, so what the app captures is exactly the source whatever the loop's timing.
    /// </summary>
    public sealed class MicrophoneModel : IAudioCapture
    {
        private readonly object _lock = new object();
        private Func<int, int, short> _source = (rate, n) => 0;
        private int _rate = 8000;
        private int _slot;
        private long _sample;

        public bool IsOpen { get; private set; }

        public int Errors { get; private set; }

        /// <summary>Times the app opened the microphone (once per call or tone).</summary>
        public int Opens { get; private set; }

        /// <summary>Samples delivered since power-on.</summary>
        public long Samples { get { lock (_lock) return _sample; } }

        /// <summary>What the microphone hears: sample n at the given rate (16-bit full scale).</summary>
        public void Listen(Func<int, int, short> source) { lock (_lock) _source = source ?? ((rate, n) => 0); }

        /// <summary>
        /// What the microphone hears comes from an 8 kHz source read in blocks (a tone, a WAV file): at a higher
        /// microphone rate each sample is held for rate / 8000 slots, which the app's decimator averages back to it.
        /// </summary>
        public void Listen8kHz(Action<short[], int, int> read)
        {
            var block = new short[160];
            int have = 0, at = 0;
            long last = -1;
            short current = 0;
            Listen((rate, n) =>
            {
                long i = rate <= 8000 ? n : (long)n * 8000 / rate;
                if (i != last)
                {
                    last = i;
                    if (at == have)
                    {
                        read(block, 0, block.Length);
                        have = block.Length;
                        at = 0;
                    }

                    current = block[at++];
                }

                return current;
            });
        }

        /// <summary>A steady sine tone at hz with the given peak.</summary>
        public void Tone(double hz, short peak = 8000) =>
            Listen((rate, n) => (short)Math.Round(peak * Math.Sin(2 * Math.PI * hz * n / rate)));

        public bool Open(AudioWiring wiring, int dmaBytes)
        {
            lock (_lock)
            {
                _rate = wiring.MicSampleRate;
                _slot = wiring.MicRightChannel ? 1 : 0;
                IsOpen = true;
                Opens++;
            }

            return true;
        }

        public bool Read(byte[] buffer, int offset, int count)
        {
            lock (_lock)
            {
                if (!IsOpen) { Errors++; return false; }
                int frames = count / 8;
                for (int f = 0; f < frames; f++)
                {
                    int s = _source(_rate, (int)(_sample++ % int.MaxValue));
                    for (int slot = 0; slot < 2; slot++)
                    {
                        int word = slot == _slot ? s << 16 : 0;
                        int at = offset + f * 8 + slot * 4;
                        buffer[at] = (byte)word;
                        buffer[at + 1] = (byte)(word >> 8);
                        buffer[at + 2] = (byte)(word >> 16);
                        buffer[at + 3] = (byte)(word >> 24);
                    }
                }
            }

            return true;
        }

        public void Close() { lock (_lock) IsOpen = false; }
    }

    /// <summary>
    /// The speaker's I2S transmitter: keeps what the app writes (16-bit little-endian, left slot of each stereo
    /// frame) so tests and the handset can check what the user would hear; bounded to the last <see cref="Capacity"/>
    /// samples. Optionally hands each frame on (a WAV file, a sound device).
    /// </summary>
    public sealed class SpeakerModel : IAudioPlayback
    {
        private readonly object _lock = new object();
        private readonly short[] _ring;
        private long _written;
        private bool _stereo = true;
        private short[] _frame = new short[160];

        public SpeakerModel(int capacity = 8000 * 120) { _ring = new short[capacity]; }

        public int Capacity => _ring.Length;

        public bool IsOpen { get; private set; }

        public bool AmplifierOn { get; private set; }

        public int Errors { get; private set; }

        public int Rate { get; private set; } = 8000;

        /// <summary>Samples written since power-on.</summary>
        public long Written { get { lock (_lock) return _written; } }

        /// <summary>Called on the media thread with every frame's samples (mono; the array is reused) as they are written; may be null.</summary>
        public Action<short[], int> Sink { get; set; }

        public bool Open(AudioWiring wiring, int slotBits, bool stereo, int dmaBytes)
        {
            lock (_lock)
            {
                Rate = wiring.SpeakerSampleRate;
                _stereo = stereo;
                IsOpen = true;
            }

            return true;
        }

        public void Enable(bool on) => AmplifierOn = on;

        public bool Write(byte[] buffer, int offset, int count)
        {
            int n;
            lock (_lock)
            {
                if (!IsOpen) { Errors++; return false; }
                int step = _stereo ? 4 : 2;
                n = count / step;
                if (_frame.Length < n) _frame = new short[n];
                for (int i = 0; i < n; i++)
                {
                    short s = (short)(buffer[offset + i * step] | (buffer[offset + i * step + 1] << 8));
                    _frame[i] = s;
                    _ring[(int)(_written % _ring.Length)] = s;
                    _written++;
                }
            }

            Sink?.Invoke(_frame, n);
            return true;
        }

        public void Close()
        {
            lock (_lock) { IsOpen = false; AmplifierOn = false; }
        }

        /// <summary>The last count samples written (fewer when fewer were written).</summary>
        public short[] Last(int count)
        {
            lock (_lock)
            {
                int n = (int)Math.Min(count, Math.Min(_written, _ring.Length));
                var a = new short[n];
                for (int i = 0; i < n; i++) a[i] = _ring[(int)((_written - n + i) % _ring.Length)];
                return a;
            }
        }
    }
}
