using System;
using Phone.Call;

namespace Phone.App.Media
{
    /// <summary>
    /// The locally made tones (PhoneStateMachine's AlertTone) as 8 kHz PCM frames for the speaker: a 400 Hz sine
    /// (ITU-T E.180 lists 400–450 Hz for ringing tone), cadenced per tone —
    /// Ring: 1 s on, 2 s off; Ringback: 1 s on, 4 s off (ITU-T E.180 Table 2); CallWaiting: 200 ms on every 5 s.
    /// 400 Hz at 8000 Hz is exactly 20 samples per period, so one period is a fixed table and any frame of
    /// whole periods starts in phase: no trigonometry at run time and no allocation. Level is applied by the
    /// caller's volume scaling.
    /// </summary>
    public sealed class ToneGenerator
    {
        /// <summary>One 400 Hz period at 8 kHz, amplitude 8000 (about -12 dBFS): round(8000·sin(2πk/20)).</summary>
        private static readonly short[] Period =
        {
            0, 2472, 4702, 6472, 7608, 8000, 7608, 6472, 4702, 2472,
            0, -2472, -4702, -6472, -7608, -8000, -7608, -6472, -4702, -2472
        };

        private AlertTone _tone;
        private long _startMs;
        private int _phase;

        public AlertTone Tone
        {
            get { return _tone; }
        }

        public void Set(AlertTone tone, long nowMs)
        {
            if (tone != _tone)
            {
                _tone = tone;
                _startMs = nowMs;
                _phase = 0;
            }
        }

        /// <summary>Fills count samples at pcm[offset]; returns false (and writes silence) while the cadence is off or no tone is set.</summary>
        public bool Fill(short[] pcm, int offset, int count, long nowMs)
        {
            bool on = IsOn(nowMs - _startMs);
            if (!on)
            {
                Array.Clear(pcm, offset, count);
                _phase = (_phase + count) % Period.Length;
                return false;
            }

            // Whole stretches of the period table per copy: one Array.Copy per 20 samples, no per-sample IL.
            int done = 0;
            while (done < count)
            {
                int n = Period.Length - _phase;
                if (n > count - done)
                {
                    n = count - done;
                }

                Array.Copy(Period, _phase, pcm, offset + done, n);
                done += n;
                _phase = (_phase + n) % Period.Length;
            }

            return true;
        }

        /// <summary>True while the cadence of the current tone is in an on phase.</summary>
        public bool IsOnAt(long nowMs)
        {
            return IsOn(nowMs - _startMs);
        }

        private bool IsOn(long sinceMs)
        {
            switch (_tone)
            {
                case AlertTone.Ring:
                    return sinceMs % 3000 < 1000;
                case AlertTone.Ringback:
                    return sinceMs % 5000 < 1000;
                case AlertTone.CallWaiting:
                    return sinceMs % 5000 < 200;
                default:
                    return false;
            }
        }
    }
}
