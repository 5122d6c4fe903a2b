using System;
using Phone.Audio;
using Phone.Device.Diagnostics;
using Phone.App.Drivers;
using Phone.Srtp;
using Phone.Crypto;

namespace Phone.App.Boot
{
    /// <summary>
    /// Chooses the kernels at boot. SRTP crypto: Phone.Device's KernelSelfTest runs the native kernel
    /// (Phone.Crypto.Native: AES on the ESP32 accelerator through mbedTLS) against published vectors — RFC 3711 B.2
    /// AES-CM keystream, RFC 2202 HMAC-SHA1, libsrtp's reference SRTP packet — and times 20 packet protects with
    /// the clock driver. A firmware image built without the interop assembly throws on the first native call (the
    /// stock image), the host has none, and a wrong kernel fails a case: either way the managed kernel is used, which is correct but
    /// too slow for two-way calls (docs/native-kernel.md), and the display says which case failed.
    /// </summary>
    public static class KernelCheck
    {
        /// <summary>Packets timed at boot for the diagnostics' per-packet cost.</summary>
        public const int TimedPackets = 20;

        /// <summary>The crypto kernel to use; test holds the native kernel's result, text a line for the boot screen.</summary>
        public static ICryptoKernel Select(ICryptoKernel native, IClock clock, out KernelSelfTest test, out string text)
        {
            test = KernelSelfTest.Run(native, new ClockTicks(clock), TimedPackets);
            if (native != null && test.AllPassed)
            {
                text = "crypto: native OK " + test.ProtectMicroseconds.ToString() + "us";
                return native;
            }

            text = "crypto: managed (native " + FirstFailure(test) + ")";
            return new ManagedCryptoKernel();
        }

        private static string FirstFailure(KernelSelfTest test)
        {
            for (int i = 0; i < KernelSelfTest.CaseCount; i++)
            {
                if (!test.Passed(i))
                {
                    return KernelSelfTest.CaseName(i) + " failed";
                }
            }

            return "missing";
        }

        /// <summary>
        /// The microphone decimator (32 kHz slots → 8 kHz PCM, Phone.Core's DecimationFilter): the native one when it
        /// matches the managed twin bit for bit on a fixed 256-frame ramp (gain 2 bits), else null — the managed
        /// 96-tap filter costs more IL time per 20 ms frame than the device has, so the media engine then falls
        /// back to its cheap 4-sample average. The native G.711 must agree too (it then serves every call's frames).
        /// </summary>
        /// <summary>
        /// Both kernels' I2S conversions on the ramp: capture (one slot of two, gain 2 bits, averaging 4 down) and
        /// playback (a full-range ramp at 37 % volume, stereo), byte for byte.
        /// </summary>
        private static bool SameI2s(IAudioKernel native, IAudioKernel managed, byte[] slots)
        {
            short[] a = new short[64];
            short[] b = new short[64];
            int na = native.CaptureToPcm(slots, 0, 128, 2, 1, 2, 4, a, 0);
            int nb = managed.CaptureToPcm(slots, 0, 128, 2, 1, 2, 4, b, 0);
            if (na != nb || na <= 0)
            {
                return false;
            }

            for (int i = 0; i < na; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            short[] pcm = new short[256];
            for (int i = 0; i < 256; i++)
            {
                pcm[i] = (short)(i * 257 - 32768);
            }

            byte[] pa = new byte[1024];
            byte[] pb = new byte[1024];
            na = native.PcmToPlayback(pcm, 0, 256, 37, true, pa, 0);
            nb = managed.PcmToPlayback(pcm, 0, 256, 37, true, pb, 0);
            if (na != nb || na <= 0)
            {
                return false;
            }

            for (int i = 0; i < na; i++)
            {
                if (pa[i] != pb[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Both kernels' G.711 on a full-range ramp of 256 samples and on all 256 codes.</summary>
        private static bool SameG711(IAudioKernel native, IAudioKernel managed, AudioCodec codec)
        {
            short[] pcm = new short[256];
            byte[] all = new byte[256];
            for (int i = 0; i < 256; i++)
            {
                pcm[i] = (short)(i * 257 - 32768 + (i & 7));
                all[i] = (byte)i;
            }

            byte[] ca = new byte[256];
            byte[] cb = new byte[256];
            short[] da = new short[256];
            short[] db = new short[256];
            if (native.EncodeG711(codec, pcm, 0, ca, 0, 256) != 256 || managed.EncodeG711(codec, pcm, 0, cb, 0, 256) != 256
                || native.DecodeG711(codec, all, 0, da, 0, 256) != 256 || managed.DecodeG711(codec, all, 0, db, 0, 256) != 256)
            {
                return false;
            }

            for (int i = 0; i < 256; i++)
            {
                if (ca[i] != cb[i] || da[i] != db[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Both kernels' conference mix of a full-range ramp with a second ramp (sums saturate at both ends and pass
        /// through zero), sample for sample.
        /// </summary>
        private static bool SameMix(IAudioKernel native, IAudioKernel managed)
        {
            short[] up = new short[256];
            short[] other = new short[256];
            for (int i = 0; i < 256; i++)
            {
                up[i] = (short)(i * 257 - 32768);
                other[i] = (short)(i * 193 - 16000); // sums from -48768 to 65982
            }

            short[] ma = new short[256];
            short[] mb = new short[256];
            if (native.MixClip(up, 0, other, 0, ma, 0, 256) != 256 || managed.MixClip(up, 0, other, 0, mb, 0, 256) != 256)
            {
                return false;
            }

            for (int i = 0; i < 256; i++)
            {
                if (ma[i] != mb[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Both kernels' comfort noise from the same state at a loud, a middle and the quietest level, in frames of
        /// unequal sizes, sample for sample, and the generator states they leave behind.
        /// </summary>
        private static bool SameNoise(IAudioKernel native, IAudioKernel managed)
        {
            int[] ns = PcmNoise.NewState();
            int[] ms = PcmNoise.NewState();
            short[] na = new short[256];
            short[] mb = new short[256];
            int[] levels = new int[] { 0, 6, 40, PcmNoise.MaxLevel };
            for (int k = 0; k < levels.Length; k++)
            {
                int at = 3 * k;
                int count = 160 + 7 * k;
                if (native.ComfortNoise(ns, na, at, count, levels[k]) != count || managed.ComfortNoise(ms, mb, at, count, levels[k]) != count
                    || ns[0] != ms[0])
                {
                    return false;
                }

                for (int i = 0; i < 256; i++)
                {
                    if (na[i] != mb[i])
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Both kernels' frame level from full scale down to a few LSB (a full-range ramp shifted down 0..15 bits, at
        /// uneven offsets and counts), at -32768 throughout, for a lone LSB, silence and no samples, on a boundary and a
        /// fraction under one, value for value.
        /// </summary>
        private static bool SameLevel(IAudioKernel native, IAudioKernel managed)
        {
            short[] pcm = new short[256];
            for (int shift = 0; shift < 16; shift++)
            {
                for (int i = 0; i < 256; i++)
                {
                    pcm[i] = (short)((i * 257 - 32768) >> shift);
                }

                int n = native.MeasureLevel(pcm, shift, 160 + 5 * shift);
                if (n < 0 || n != managed.MeasureLevel(pcm, shift, 160 + 5 * shift))
                {
                    return false;
                }
            }

            for (int i = 0; i < 256; i++)
            {
                pcm[i] = -32768;
            }

            if (native.MeasureLevel(pcm, 0, 256) != managed.MeasureLevel(pcm, 0, 256))
            {
                return false;
            }

            for (int i = 0; i < 256; i++)
            {
                pcm[i] = 0;
            }

            pcm[7] = 1;
            if (native.MeasureLevel(pcm, 0, 160) != managed.MeasureLevel(pcm, 0, 160)
                || native.MeasureLevel(pcm, 8, 160) != managed.MeasureLevel(pcm, 8, 160)
                || native.MeasureLevel(pcm, 256, 0) != managed.MeasureLevel(pcm, 256, 0))
            {
                return false;
            }

            // Exactly on the boundary at 95.5 dB (6 among 119 zeros: e = 19826), and a fraction of a unit under the one
            // at 106.5 dB (three 1s among 125: e = 1572.86, truncated to 1572): a kernel that compares with <= or rounds
            // the mean square answers these differently.
            pcm[7] = 0;
            pcm[130] = 6;
            if (native.MeasureLevel(pcm, 100, 119) != managed.MeasureLevel(pcm, 100, 119))
            {
                return false;
            }

            pcm[0] = 1;
            pcm[1] = 1;
            pcm[2] = 1;
            return native.MeasureLevel(pcm, 0, 125) == managed.MeasureLevel(pcm, 0, 125);
        }

        public static IAudioKernel SelectAudio(IAudioKernel native, out string text)
        {
            if (native == null)
            {
                text = "audio: no native filter";
                return null;
            }

            try
            {
                IAudioKernel managed = new ManagedAudioKernel();
                byte[] slots = new byte[256 * 4];
                for (int i = 0; i < 256; i++)
                {
                    // A 24-bit ramp in the top three bytes, sign changes included.
                    int v = (i * 40503 - 5000000) << 8;
                    slots[4 * i] = (byte)v;
                    slots[4 * i + 1] = (byte)(v >> 8);
                    slots[4 * i + 2] = (byte)(v >> 16);
                    slots[4 * i + 3] = (byte)(v >> 24);
                }

                short[] a = new short[64];
                short[] b = new short[64];
                int na = native.DecimateCapture(DecimationFilter.NewState(), slots, 0, 256, 1, 0, 2, a, 0);
                int nb = managed.DecimateCapture(DecimationFilter.NewState(), slots, 0, 256, 1, 0, 2, b, 0);
                bool same = na == nb && na > 0;
                for (int i = 0; same && i < na; i++)
                {
                    same = a[i] == b[i];
                }

                text = same ? "audio: native filter" : "audio: filter WRONG";
                if (same && !SameI2s(native, managed, slots))
                {
                    same = false;
                    text = "audio: I2S conv WRONG";
                }

                if (same && !(SameG711(native, managed, AudioCodec.Pcmu) && SameG711(native, managed, AudioCodec.Pcma)))
                {
                    same = false;
                    text = "audio: G.711 WRONG";
                }

                if (same && !SameMix(native, managed))
                {
                    same = false;
                    text = "audio: mix WRONG";
                }

                if (same && !SameNoise(native, managed))
                {
                    same = false;
                    text = "audio: noise WRONG";
                }

                if (same && !SameLevel(native, managed))
                {
                    same = false;
                    text = "audio: level WRONG";
                }

                return same ? native : null;
            }
            catch (Exception)
            {
                text = "audio: no native filter";
                return null;
            }
        }
    }

    /// <summary>The clock driver as the self-test's microsecond source.</summary>
    internal sealed class ClockTicks : KernelSelfTest.ITickSource
    {
        private readonly IClock _clock;

        public ClockTicks(IClock clock)
        {
            _clock = clock;
        }

        public ulong Microseconds
        {
            get { return (ulong)_clock.NowUs; }
        }
    }
}
