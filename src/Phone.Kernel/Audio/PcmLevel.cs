namespace Phone.Audio
{
    /// <summary>
    /// Limits and constants of <see cref="IAudioKernel.MeasureLevel"/>, shared by every kernel
    /// (native/phone_crypto/phone_crypto.h PC_LEVEL_*), and the argument rule both kernels apply before any work.
    /// The level is RFC 3389 §3.1's: -dBov, 0..127, 0 dBov being the overload point of the system, a full-scale
    /// square wave (RMS 32767). The kernels compare the mean square, in 1/65536 units of a squared sample, with the
    /// boundaries half a dB between levels: <see cref="FirstBoundary"/> between 0 and 1, each next one the previous
    /// times <see cref="StepFactor"/> &gt;&gt; 16, truncated.
    /// </summary>
    public static class PcmLevel
    {
        /// <summary>Most samples one call may measure.</summary>
        public const int MaxCount = 65536;

        /// <summary>The quietest level, in -dBov (RFC 3389 §3.1: the level field is 0..127): silence and no samples.</summary>
        public const int Quietest = 127;

        /// <summary>
        /// round(32767² · 2^16 · 10^(-0.05)): the mean square, in 1/65536 units, half a dB below full scale, between
        /// levels 0 and 1.
        /// </summary>
        public const long FirstBoundary = 62712381428414L;

        /// <summary>round(2^16 · 10^(-1/10)): one dB down in energy, in 16 fraction bits.</summary>
        public const long StepFactor = 52057;

        /// <summary>
        /// The argument rule of <see cref="IAudioKernel.MeasureLevel"/>: true when the call may run. count 0..<see cref="MaxCount"/>;
        /// for count &gt; 0 pcm present and [pcmOffset, pcmOffset + count) inside it.
        /// </summary>
        public static bool ArgumentsOk(short[] pcm, int pcmOffset, int count)
        {
            if (count < 0 || count > MaxCount)
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
