namespace Phone.Audio
{
    /// <summary>
    /// Limits of <see cref="IAudioKernel.MixClip"/>, shared by every kernel (native/phone_crypto/phone_crypto.h
    /// PC_MIX_*), and the argument rule both kernels apply before any work.
    /// </summary>
    public static class PcmMix
    {
        /// <summary>Most samples one call may mix.</summary>
        public const int MaxCount = 65536;

        /// <summary>The argument rule of <see cref="IAudioKernel.MixClip"/>: true when the call may run.</summary>
        public static bool ArgumentsOk(short[] a, int aOffset, short[] b, int bOffset, short[] into, int intoOffset, int count)
        {
            if (count < 0 || count > MaxCount)
            {
                return false;
            }

            if (count == 0)
            {
                return true;
            }

            return a != null && b != null && into != null
                && aOffset >= 0 && aOffset <= a.Length - count
                && bOffset >= 0 && bOffset <= b.Length - count
                && intoOffset >= 0 && intoOffset <= into.Length - count;
        }
    }
}
