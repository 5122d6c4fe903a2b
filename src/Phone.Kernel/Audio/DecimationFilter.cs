namespace Phone.Audio
{
    /// <summary>
    /// The capture decimator's constants and filter, shared by every <see cref="IAudioKernel"/>:
    /// 32-bit I2S slots at 32 kHz in, 16-bit PCM at 8 kHz out, 4:1 through a 96-tap low-pass FIR.
    /// The same table is native/phone_crypto/pc_decim.c's (both come from
    /// native/phone_crypto/tools/design_decimator.py: windowed sinc, -6 dB at 4 kHz, Kaiser
    /// beta 5.65, Q15, taps summing to 32768; 0-3.4 kHz within ±0.02 dB, 4.6-16 kHz at least 56 dB
    /// down). The arithmetic is specified bit for bit (pc_decim.c header) so both kernels agree.
    /// </summary>
    public static class DecimationFilter
    {
        /// <summary>Input samples per output sample (32000 / 8000).</summary>
        public const int Factor = 4;

        /// <summary>FIR length.</summary>
        public const int Taps = 96;

        /// <summary>Length of the int[] filter state: write position, phase, history twice over.</summary>
        public const int StateLength = 2 + 2 * Taps;

        /// <summary>Largest gain, in bits (× 2^12 = 72 dB).</summary>
        public const int MaxGainBits = 12;

        /// <summary>Most frames one call may take.</summary>
        public const int MaxFrames = 65536;

        /// <summary>Returned for an invalid argument (PC_ERR_ARGUMENT): nothing was read or written.</summary>
        public const int ErrorArgument = -2;

        /// <summary>Q15 taps, oldest input sample first.</summary>
        internal static readonly short[] Coefficients = new short[]
        {
            -2, -6, -8, -4, 5, 16, 19, 9, -11, -32, -38, -18,
            21, 58, 67, 32, -36, -97, -110, -51, 57, 154, 171, 79,
            -87, -234, -258, -118, 131, 348, 385, 176, -195, -521, -578, -267,
            298, 809, 915, 432, -499, -1413, -1693, -867, 1125, 3828, 6410, 7982,
            7982, 6410, 3828, 1125, -867, -1693, -1413, -499, 432, 915, 809, 298,
            -267, -578, -521, -195, 176, 385, 348, 131, -118, -258, -234, -87,
            79, 171, 154, 57, -51, -110, -97, -36, 32, 67, 58, 21,
            -18, -38, -32, -11, 9, 19, 16, 5, -4, -8, -6, -2,
        };

        /// <summary>A fresh filter state (silence history, phase 0). Allocate once per stream.</summary>
        public static int[] NewState()
        {
            return new int[StateLength];
        }

        /// <summary>Resets a state in place, e.g. at the start of a call.</summary>
        public static void Reset(int[] state)
        {
            if (state != null)
            {
                System.Array.Clear(state, 0, state.Length);
            }
        }

        /// <summary>Samples the next call over <paramref name="frames"/> frames will produce, or ErrorArgument.</summary>
        public static int OutputCount(int[] state, int frames)
        {
            if (state == null || state.Length != StateLength || frames < 0 || frames > MaxFrames || state[1] < 0 || state[1] >= Factor)
            {
                return ErrorArgument;
            }

            return (state[1] + frames) / Factor;
        }
    }
}
