namespace Phone.Audio
{
    /// <summary>
    /// Limits of <see cref="IAudioKernel.ComfortNoise"/>, shared by every kernel (native/phone_crypto/phone_crypto.h
    /// PC_NOISE_*), the argument rule both kernels apply before any work, the amplitude of a level and a fresh
    /// generator state.
    /// </summary>
    public static class PcmNoise
    {
        /// <summary>Most samples one call may write.</summary>
        public const int MaxCount = 65536;

        /// <summary>The quietest level, in -dBov (RFC 3389 §3.1: the level field is 0..127).</summary>
        public const int MaxLevel = 127;

        /// <summary>The generator's starting value in <see cref="NewState"/> (any value works; fixed for repeatability).</summary>
        public const int Seed = 0x2545F491;

        /// <summary>A generator state for <see cref="IAudioKernel.ComfortNoise"/>: one int, the 32-bit LCG value.</summary>
        public static int[] NewState()
        {
            return new int[] { Seed };
        }

        /// <summary>
        /// The peak A of the noise for a level 0..<see cref="MaxLevel"/>, as native/phone_crypto/pc_noise.c computes it:
        /// 56754 (32767·√3, since uniform noise on [-A, A] has RMS A/√3) in 15 fraction bits, times 58409/65536
        /// (10^(-1/20)) once per dB, rounded to an integer and limited to 32767.
        /// </summary>
        public static int Amplitude(int levelDbov)
        {
            // RFC 3389 §3.1: the level is in -dBov, relative to the overload point of the system, a full-scale
            // square wave (RMS 32767); so the target RMS is 32767 · 10^(-level/20).
            int a = 56754 << 15;
            for (int i = 0; i < levelDbov; i++)
            {
                a = (int)(((long)a * 58409) >> 16);
            }

            a = (a + (1 << 14)) >> 15; // rounded: truncating would put level 70 half a dB low
            return a > 32767 ? 32767 : a;
        }

        /// <summary>The argument rule of <see cref="IAudioKernel.ComfortNoise"/>: true when the call may run.</summary>
        public static bool ArgumentsOk(int[] state, short[] pcm, int pcmOffset, int count, int levelDbov)
        {
            if (state == null || state.Length < 1 || count < 0 || count > MaxCount || levelDbov < 0 || levelDbov > MaxLevel)
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            return pcm != null && pcmOffset >= 0 && pcmOffset <= pcm.Length - count;
        }
    }
}
